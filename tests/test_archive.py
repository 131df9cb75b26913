"""An archive run (findings only to the JSON lines, ``keep=False``) holds no story's findings
or text past that story, groups by folder holding only unfinished folders' profiles, and
writes what a run that keeps everything writes."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from discrepancy import api, stories
from discrepancy.articles import load_articles, load_text
from discrepancy.engines.grouping import StoryGrouper
from discrepancy.engines.texts import FullArticles, TextSpill
from discrepancy.model import Article, Finding
from discrepancy.parallel import AHEAD, extract_each

ROOT = Path(__file__).resolve().parent.parent
CLUSTERS = ROOT / "fixtures" / "clusters"
BASELINED = CLUSTERS / "train"


def _live(kind: type) -> list:
    gc.collect()
    return [o for o in gc.get_objects() if isinstance(o, kind)]


class _Watch:
    """A story sink that counts, as each story arrives, the findings and whole articles alive."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, int, int, int, int]] = []
        self.lines: list[dict] = []
        self.before = (len(_live(Finding)), sum(1 for a in _live(Article) if a.text))  # other runs'

    def __call__(self, story, findings, context, accepted) -> None:
        mine = len(findings) + len(context) + len(accepted)
        texts = sum(1 for a in _live(Article) if a.text) - self.before[1]
        self.rows.append((story.id, len(story.articles), mine, len(_live(Finding)) - self.before[0], texts))
        self.lines.append(
            {
                "story": story.id,
                "findings": [f.to_dict() for f in findings],
                "context": [f.to_dict() for f in context],
                "accepted": [f.id for f in accepted],
            }
        )


@pytest.fixture(scope="module")
def watched(tmp_path_factory):
    """The fixture clusters checked keeping everything, and as an archive run, each with a cache
    of its own (an archive run served from the other's cache would compare nothing)."""
    runs = {}
    for keep in (True, False):
        with pytest.MonkeyPatch.context() as env:
            env.setenv("DISCREPANCY_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
            watch = _Watch()
            report = api.check([str(CLUSTERS)], group="by-folder", on_story=watch, keep=keep)
        runs[keep] = (watch, report)
    return runs


def test_an_archive_run_holds_no_finding_past_its_story(watched):
    kept, _ = watched[True]
    archive, report = watched[False]
    assert len(archive.rows) == 5 and sum(mine for *_, mine, _, _ in archive.rows) >= 20
    for _, _, mine, live, _ in archive.rows:
        # this story's findings as compared and as written; nothing of the stories before
        assert live <= 2 * mine
    # the count sees held findings: the run that keeps them has every earlier story's
    earlier = 0
    for _, _, mine, live, _ in kept.rows:
        assert live >= earlier + mine
        earlier += mine
    assert report.findings == [] and report.context == [] and report.accepted == []


def test_an_archive_run_holds_no_text_but_its_storys(watched):
    kept, _ = watched[True]
    archive, report = watched[False]
    total = len(report.articles)
    for _, members, _, _, texts in archive.rows:
        assert texts <= 2 * members < total  # the story's articles, for comparing and quoting
    assert all(texts >= total for *_, texts in kept.rows)
    assert all(a.text == "" for a in report.articles)


def test_an_archive_run_writes_and_counts_what_a_full_run_does(watched):
    kept, full = watched[True]
    archive, report = watched[False]
    assert archive.lines == kept.lines
    assert report.counts() == full.counts() and report.worst() == full.worst()
    assert report.tally is not None and report.tally["accepted"] == len(full.accepted)
    assert report.notes == full.notes and report.stories == full.stories


def test_archive_lines_summary_and_notes_match_a_full_run(tmp_path):
    """The CLI: --jsonl alone keeps nothing, yet says what a run with -o says (accepted too)."""
    first = tmp_path / "first.jsonl"
    env = {**os.environ, "DISCREPANCY_CACHE_DIR": str(tmp_path / "cache")}
    bin_ = Path(sys.executable).parent / "discrepancy"

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(bin_), "check", str(BASELINED), *args], capture_output=True, text=True, env=env, timeout=120
        )

    baseline = tmp_path / "baseline.json"
    done = run("--write-baseline", str(baseline))
    recorded = json.loads(baseline.read_text(encoding="utf-8"))
    baseline.write_text(json.dumps({**recorded, "findings": recorded["findings"][:2]}), encoding="utf-8")
    with_o = run("--jsonl", str(first), "-o", str(tmp_path / "r.txt"), "--baseline", str(baseline))
    alone = run("--jsonl", str(tmp_path / "second.jsonl"), "--baseline", str(baseline))
    assert done.returncode == 0 and with_o.returncode == alone.returncode == 1, alone.stderr
    assert "2 accepted" in alone.stderr and "already in the baseline" in alone.stderr
    # the same notes and summary (counts, accepted); only the -o part of the last line differs
    assert (
        alone.stderr.replace("second.jsonl", "X").split("; report")[0].rstrip()
        == with_o.stderr.replace("first.jsonl", "X").split("; report")[0].rstrip()
    )
    assert (tmp_path / "second.jsonl").read_text(encoding="utf-8") == first.read_text(encoding="utf-8")


def test_keep_false_needs_somewhere_for_the_findings():
    with pytest.raises(ValueError):
        api.check([str(BASELINED)], keep=False)


def test_grouping_by_folder_holds_only_unfinished_folders_and_matches_the_whole(tmp_path):
    articles, _ = load_articles([str(CLUSTERS)])
    profiles = [stories.profile(a) for a in articles]
    grouper = StoryGrouper(articles, "by-folder", stories.LINK_THRESHOLD)
    biggest = max(len(g.articles) for g in stories.group(articles, "by-folder", profiles=profiles))
    held = []
    for article, profile in zip(articles, profiles):
        grouper.add(article, profile)
        held.append(grouper.held())
    assert max(held) < biggest and held[-1] == 0
    assert grouper.groups() == stories.group(articles, "by-folder", profiles=profiles)
    # any other mode needs every profile to the end
    other = StoryGrouper(articles, "auto", stories.LINK_THRESHOLD)
    for article, profile in zip(articles, profiles):
        other.add(article, profile)
    assert other.held() == len(articles)
    assert other.groups() == stories.group(articles, "auto", profiles=profiles)


def test_spilled_texts_come_back_as_they_were():
    spill = TextSpill()
    whole = [
        load_text(f"date 2024-01-0{i}\nLine one {i}.\nLine two, ü “{i}”.\n", article_id=f"a{i}")
        for i in range(1, 4)
    ]
    whole = [replace(a, path=f"/x/{a.id}.txt") for a in whole]
    light = [spill.lighten(a) for a in whole]
    assert all(a.text == "" and a.line_starts == (0,) for a in light)
    assert [spill.full(a) for a in reversed(light)] == list(reversed(whole))
    assert list(FullArticles(light, spill)) == whole and FullArticles(light, spill)[1:] == whole[1:]
    twice = replace(whole[0], id="other")  # a second article at a path already taken stays whole
    assert spill.lighten(twice) is twice and spill.full(twice) is twice


def _words(article: Article) -> list:
    return [len(article.text.split())]


class _Taken(list):
    """A list that records the highest index taken by a slice."""

    top = 0

    def __getitem__(self, index):
        if isinstance(index, slice):
            _Taken.top = max(_Taken.top, index.stop or 0)
        return list.__getitem__(self, index)


def test_the_pool_takes_chunks_from_the_input_only_as_workers_free_up():
    articles = _Taken(load_text(f"Item {i} of the archive.", article_id=f"a{i}") for i in range(4000))
    _Taken.top = 0
    each = extract_each(articles, jobs=2, extract=_words)
    first = next(each)
    assert first[0].id == "a0" and first[1] == [5]
    assert 0 < _Taken.top <= (2 * AHEAD + 1) * 64 < len(articles)
    rest = list(each)
    assert [a.id for a, _ in rest] == [f"a{i}" for i in range(1, 4000)]
