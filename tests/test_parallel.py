"""Parallel extraction gives exactly the facts of one process, in the same order."""

from __future__ import annotations

import os
import sys

import pytest

from discrepancy.articles import load_articles, load_text
from discrepancy.normalize import extract as extract_article
from discrepancy.parallel import chunks, default_jobs, extract_all

SEEDS = "fixtures/seeds"


@pytest.fixture(scope="module")
def seeds():
    articles, _ = load_articles([SEEDS])
    return articles


def test_two_jobs_give_the_same_facts_as_one(seeds):
    one = extract_all(seeds, jobs=1)
    two = extract_all(seeds, jobs=2)
    assert one, "the seeds hold facts"
    assert two == one


def test_one_job_is_the_plain_loop(seeds):
    assert extract_all(seeds, jobs=1) == [f for a in seeds for f in extract_article(a)]


def _ids(article):
    """A cheap extractor that shows which process read which article, in order."""
    return [(article.id, os.getpid())]


def test_results_keep_input_order_across_workers():
    articles = [load_text(f"Article {i} says 3 people were hurt.", article_id=f"a{i:02d}") for i in range(23)]
    got = extract_all(articles, jobs=3, extract=_ids)
    assert [article_id for article_id, _ in got] == [a.id for a in articles]
    assert os.getpid() not in {pid for _, pid in got}, "jobs=3 reads in worker processes"


def test_one_job_never_starts_a_process():
    articles = [load_text("Two people were hurt.", article_id=f"a{i}") for i in range(4)]
    assert {pid for _, pid in extract_all(articles, jobs=1, extract=_ids)} == {os.getpid()}


def test_empty_input_and_more_jobs_than_articles():
    assert extract_all([], jobs=4) == []
    single = [load_text("Four people were hurt on Monday.", article_id="only")]
    assert extract_all(single, jobs=8) == extract_article(single[0])


@pytest.mark.skipif(sys.platform != "linux", reason="the closure reaches workers only by fork")
def test_a_dying_worker_falls_back_to_one_process():
    parent = os.getpid()

    def die_in_worker(article):
        if os.getpid() != parent:
            os._exit(1)
        return [article.id]

    articles = [load_text("Five people were hurt.", article_id=f"a{i}") for i in range(12)]
    assert extract_all(articles, jobs=2, extract=die_in_worker) == [a.id for a in articles]


def test_chunks_cover_every_article_once_in_order():
    items = list(range(101))
    parts = chunks(items, jobs=4)
    assert [x for part in parts for x in part] == items
    assert 8 <= len(parts) <= 17


def test_default_jobs_is_positive():
    assert default_jobs() >= 1


def test_all_cores_by_default_but_no_pool_for_a_handful():
    few = [load_text("Six people were hurt.", article_id=f"a{i}") for i in range(3)]
    assert {pid for _, pid in extract_all(few, jobs=None, extract=_ids)} == {os.getpid()}
    if default_jobs() > 1:
        many = [load_text("Six people were hurt.", article_id=f"a{i}") for i in range(16)]
        assert os.getpid() not in {pid for _, pid in extract_all(many, jobs=None, extract=_ids)}


@pytest.mark.parametrize("jobs", [1, 2])
def test_progress_wrapper_sees_every_article_and_finishes(jobs):
    seen, finished = [], []

    def progress(articles):
        try:
            for article in articles:
                seen.append(article.id)
                yield article
        finally:
            finished.append(len(seen))

    articles = [load_text(f"Article {i}: 3 people were hurt.", article_id=f"a{i}") for i in range(9)]
    assert extract_all(articles, jobs=jobs, extract=_ids, progress=progress)
    assert seen == [a.id for a in articles]
    assert finished == [9]
