"""The library behind the CLI: load -> normalize -> compare, returning a ``Report``."""
from __future__ import annotations

import logging
from typing import Iterable, Sequence

from . import normalize
from .articles import load_articles
from .compare import compare
from .compare.base import Story
from .facts import facts_frame
from .model import Article, Fact, Report
from .text import article_sentences

log = logging.getLogger(__name__)


def extract(article: Article, kinds: Iterable[str] = normalize.NORMALIZERS) -> list[Fact]:
    """Every fact of the given kinds in one article."""
    sentences = article_sentences(article)
    facts: list[Fact] = []
    for name in kinds:
        facts.extend(normalize.load(name)(article, sentences))
    return facts


def analyse(articles: Sequence[Article], skip_kinds: Iterable[str] = (), notes: Sequence[str] = ()) -> Report:
    """Extract facts from loaded articles and compare them."""
    skip = frozenset(skip_kinds)
    facts = facts_frame(f for article in articles for f in extract(article))
    story = Story(articles={a.id: a for a in articles}, facts=facts)
    findings = compare(story, skip_kinds=skip)
    return Report(articles=list(articles), facts=facts, findings=findings, notes=list(notes))


def check(paths: Sequence[str] | str, *, skip_kinds: Iterable[str] = ()) -> Report:
    """Check the articles at ``paths`` (files or folders) against each other.

    >>> report = check(["fixtures/seeds"])            # doctest: +SKIP
    >>> [f.subject for f in report.findings if f.severity == "error"]   # doctest: +SKIP
    """
    if isinstance(paths, str):
        paths = [paths]
    articles, notes = load_articles(list(paths))
    return analyse(articles, skip_kinds=skip_kinds, notes=notes)


def extract_facts(paths: Sequence[str]):
    """The facts table for the articles at ``paths``, without comparing them."""
    articles, _ = load_articles(list(paths))
    return facts_frame(f for article in articles for f in extract(article))
