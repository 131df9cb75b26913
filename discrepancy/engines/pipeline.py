"""One check, start to end, on any engine: group, extract and compare, assemble the report."""
from __future__ import annotations

from fnmatch import fnmatch
from typing import Any, Sequence

from .. import stories
from ..articles import InputError, _article_ids, find_article_files
from ..model import Article, Report
from .core import Plan, Sink, Tracker, assemble, draft_story
from .dask import is_url, list_urls, url_ids


def one_article_note(articles: Sequence[Article]) -> list[str]:
    if len(articles) != 1:
        return []
    return [f"{articles[0].path}: only one article, so only disagreements inside it can be found; "
            "give more reports of the same story"]


def analyse(engine: Any, articles: Sequence[Article], plan: Plan, notes: Sequence[str] = (),
            tracker: Tracker | None = None, sink: Sink | None = None) -> Report:
    """Check articles already loaded: stories are grouped here, then ``engine`` extracts
    and compares each story."""
    notes = list(notes) + one_article_note(articles)
    groups = stories.group(articles, plan.group)
    if plan.draft is not None:
        groups = draft_story(groups, plan.draft, notes)
    compared = {a for g in groups for a in g.articles}
    others = [a for a in articles if a.id not in compared]
    extra = engine.extract_only(others) if others and plan.keep_facts else {}
    if tracker:
        tracker.expect(len(articles), len(groups))
        tracker.read(len(others))
    return assemble(articles, groups, engine.results(articles, groups, plan, tracker), plan, notes,
                    tracker, sink, extra)


def sources(paths: Sequence[str], ignore: Sequence[str] = ()) -> tuple[list[str], list[str], list[str]]:
    """(files or URLs, article ids, notes) for ``paths``, the way ``api.load`` finds them."""
    urls = [p for p in paths if is_url(p)]
    if urls and len(urls) != len(paths):
        raise InputError(f"{', '.join(paths)}: give either local paths or URLs, not both")
    notes: list[str] = []
    if urls:
        found = [u for url in urls for u in list_urls(url)]
    else:
        files, notes = find_article_files(list(paths))
        found = [str(f) for f in files]
    kept = [f for f in found if not any(_matches(f, p) for p in ignore)]
    if not kept:
        raise InputError(f"{', '.join(paths)}: every article matches an ignore pattern ({', '.join(ignore)})")
    if urls:
        return kept, url_ids(kept), notes
    from pathlib import Path
    return kept, _article_ids([Path(f) for f in kept]), notes


def _matches(name: str, pattern: str) -> bool:
    from pathlib import PurePosixPath
    return PurePosixPath(name).match(pattern) or fnmatch(name, pattern)


def check_files(engine: Any, paths: Sequence[str], plan: Plan, ignore: Sequence[str] = (),
                tracker: Tracker | None = None, sink: Sink | None = None) -> Report:
    """Check files read by the engine's workers (``DaskEngine``): they extract, the stories
    are grouped here from word vectors, they compare."""
    files, ids, notes = sources(paths, ignore)
    if tracker:
        tracker.expect(len(files))
    articles, vectors, futures = engine.load(files, ids, plan, tracker)
    for article in articles:
        if article.published is None:
            notes.append(f"{article.path}: no publication date found; relative dates in it are not "
                         "resolved (add a first line 'date YYYY-MM-DD' or front matter 'date:')")
    notes += one_article_note(articles)
    groups = stories.group(articles, plan.group, vectors=vectors)
    if tracker:
        tracker.expect(stories=len(groups))
    return assemble(articles, groups, engine.compare(groups, futures, plan, tracker), plan, notes, tracker, sink)
