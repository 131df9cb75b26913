"""One check, start to end, on any engine: group, extract and compare, assemble the report."""
from __future__ import annotations

from fnmatch import fnmatch
from pathlib import Path
from typing import Any, Sequence

from .. import stories
from ..articles import InputError, _article_ids, find_article_files
from ..model import Article, Report
from .core import Plan, Sink, Tracker, assemble, draft_story
from .files import is_url, list_urls, url_ids


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
    return kept, _article_ids([Path(f) for f in kept]), notes


def _matches(name: str, pattern: str) -> bool:
    from pathlib import PurePosixPath
    return PurePosixPath(name).match(pattern) or fnmatch(name, pattern)


def check_files(engine: Any, paths: Sequence[str], plan: Plan, ignore: Sequence[str] = (),
                tracker: Tracker | None = None, sink: Sink | None = None) -> Report:
    """Check files read by the engine (``DaskEngine``'s workers; ``LocalEngine`` when the
    stories are known from the paths). Grouping by words needs every article's word
    vector first; by folder (or all as one story) the stories are known from the paths,
    and each article is read, extracted and compared in one go."""
    files, ids, notes = sources(paths, ignore)
    if tracker:
        tracker.expect(len(files))

    def all_notes(articles: list[Article]) -> list[str]:
        return notes + [f"{a.path}: no publication date found; relative dates in it are not resolved "
                        "(add a first line 'date YYYY-MM-DD' or front matter 'date:')"
                        for a in articles if a.published is None] + one_article_note(articles)

    if plan.group != "auto":
        placeholders = [Article(id=i, path=f, text="") for f, i in zip(files, ids)]
        groups = stories.group(placeholders, plan.group)
        if tracker:
            tracker.expect(stories=len(groups))
        return assemble(placeholders, groups, engine.check_stories(files, ids, groups, plan, tracker), plan,
                        all_notes, tracker, sink)
    articles, vectors, futures = engine.load(files, ids, plan, tracker)
    groups = stories.group(articles, plan.group, vectors=vectors)
    if tracker:
        tracker.expect(stories=len(groups))
    return assemble(articles, groups, engine.compare(groups, futures, plan, tracker), plan, all_notes(articles),
                    tracker, sink)
