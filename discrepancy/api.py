"""The library behind the CLI: load -> normalize -> compare, returning a ``Report``."""
from __future__ import annotations

import logging
from dataclasses import replace
from fnmatch import fnmatch
from pathlib import Path
from typing import Any, Callable, Collection, Iterable, Mapping, Sequence

from . import engines, normalize
from .articles import InputError, find_article_files, load_articles, load_text
from .engines import pipeline
from .facts import facts_frame
from .model import Article, Report
from .parallel import extract_all

log = logging.getLogger(__name__)

#: Wraps the list of articles being read, e.g. to show a progress bar.
Progress = Callable[[list[Article]], Iterable[Article]]


def analyse(articles: Sequence[Article], skip_kinds: Iterable[str] = (), notes: Sequence[str] = (), *,
            group: str = "auto", draft: str | None = None, variants: Sequence[Sequence[str]] = (),
            tolerances: Mapping[str, float] | None = None,
            baseline: Collection[str] = (), progress: Progress | None = None, jobs: int | None = 1,
            engine: str | Any | None = None, scheduler: str | None = None,
            tracker: engines.Tracker | None = None, sink: engines.core.Sink | None = None) -> Report:
    """Extract facts from loaded articles, group them into stories and compare each story.

    Facts are never compared across stories. With ``draft`` (an article id), findings are
    those touching the draft; disagreements among the other articles alone become
    ``Report.context``. Findings whose id is in ``baseline`` or that an inline
    ``discrepancy-ignore`` comment covers go to ``Report.accepted``. ``engine`` runs the
    work (``discrepancy.engines``: local, pool with ``jobs`` processes, dask at
    ``scheduler``; default: local when ``jobs`` is 1, else pool); the report is the same
    whichever it is. With ``sink``, each story's findings go to it as the story completes
    and the report keeps none of them (nor the facts).
    """
    plan = _plan(skip_kinds, group, draft, variants, tolerances, baseline, sink)
    runner, owned = _engine(engine, jobs, scheduler)
    tracker = _tracker(tracker, progress, articles)
    try:
        return pipeline.analyse(runner, articles, plan, notes, tracker, sink)
    finally:
        if owned:
            runner.close()


def _plan(skip_kinds: Iterable[str], group: str, draft: str | None, variants: Sequence[Sequence[str]],
          tolerances: Mapping[str, float] | None, baseline: Collection[str], sink: Any) -> engines.Plan:
    return engines.Plan(skip_kinds=frozenset(skip_kinds), group=group, draft=draft,
                        variants=tuple(tuple(v) for v in variants),
                        tolerances=tuple((tolerances or {}).items()), baseline=frozenset(baseline),
                        keep_facts=sink is None)


def _engine(engine: str | Any | None, jobs: int | None, scheduler: str | None) -> tuple[Any, bool]:
    """(engine, whether this call made it and so closes it)."""
    if engine is None:
        engine = "local" if jobs == 1 else "pool"
    if isinstance(engine, str):
        return engines.make(engine, jobs=jobs, scheduler=scheduler), True
    return engine, False


class _WrappedProgress(engines.Tracker):
    """A tracker that also advances an ``api.Progress`` wrapper, an article at a time."""

    def __init__(self, progress: Progress, articles: Sequence[Article]) -> None:
        super().__init__(stream=None)
        self._ticks = iter(progress(list(articles)))

    def read(self, count: int = 1) -> None:
        super().read(count)
        for _ in range(count):
            next(self._ticks, None)


def _tracker(tracker: engines.Tracker | None, progress: Progress | None,
             articles: Sequence[Article]) -> engines.Tracker | None:
    if progress is None or tracker is not None:
        return tracker
    return _WrappedProgress(progress, articles)


def load(paths: Sequence[str], ignore: Sequence[str] = (),
         progress: Callable[[int, int], None] | None = None) -> tuple[list[Article], list[str]]:
    """Load the articles under ``paths``, leaving out files matching an ``ignore`` glob
    (``progress(done, total)`` after each file)."""
    if not ignore:
        return load_articles(list(paths), progress)
    files, notes = find_article_files(list(paths))
    kept = [f for f in files if not any(f.match(p) or fnmatch(str(f), p) for p in ignore)]
    if not kept:
        raise InputError(f"{', '.join(paths)}: every article matches an ignore pattern "
                         f"({', '.join(ignore)})")
    articles, more = load_articles([str(f) for f in kept], progress)
    return articles, notes + more


def check(paths: Sequence[str] | str, *, skip_kinds: Iterable[str] = (), group: str = "auto",
          against: Sequence[str] | None = None, draft_text: str | None = None,
          ignore: Sequence[str] = (), **options: Any) -> Report:
    """Check the articles at ``paths`` (files or folders) against each other, story by story.

    With ``against`` (files or folders of references), ``paths`` is the one draft to check
    (``"-"`` with ``draft_text`` for text from standard input). ``options`` are passed to
    ``analyse`` (variants, tolerances, baseline, progress, jobs, engine, scheduler, tracker,
    sink). With ``engine="dask"`` the workers read the files: ``paths`` may then be fsspec
    URLs (``s3://bucket/archive/``).

    >>> report = check(["fixtures/seeds"])            # doctest: +SKIP
    >>> [f.subject for f in report.findings if f.severity == "error"]   # doctest: +SKIP
    """
    if isinstance(paths, str):
        paths = [paths]
    if against is None:
        if "-" in paths:
            raise InputError("-: standard input is read only as the DRAFT of check - --against REF...")
        if options.get("engine") == "dask" or (options.get("engine") == "local" and options.get("sink")
                                                and group != "auto"):   # files read story by story
            return _check_files(paths, skip_kinds, group, ignore, **options)
        tracker = options.get("tracker")
        articles, notes = load(paths, ignore, tracker.loaded if tracker else None)
        return analyse(articles, skip_kinds=skip_kinds, notes=notes, group=group, **options)
    if len(paths) != 1:
        raise InputError("check --against takes exactly one DRAFT (a file, or - for standard input)")
    references, notes = load(against, ignore)
    draft, more = _load_draft(paths[0], draft_text)
    notes = more + notes
    references = [a for a in references if Path(a.path).resolve() != Path(draft.path).resolve()]
    if not references:
        raise InputError(f"{', '.join(against)}: no reference articles besides the draft")
    if draft.id in {a.id for a in references}:
        draft = replace(draft, id=f"draft:{draft.id}")
    return analyse([draft] + references, skip_kinds=skip_kinds, notes=notes, group=group,
                   draft=draft.id, **options)


def _check_files(paths: Sequence[str], skip_kinds: Iterable[str], group: str, ignore: Sequence[str], *,
                 engine: str = "dask", variants: Sequence[Sequence[str]] = (),
                 tolerances: Mapping[str, float] | None = None, baseline: Collection[str] = (),
                 scheduler: str | None = None, tracker: engines.Tracker | None = None, sink: Any = None,
                 **_: Any) -> Report:
    """``check`` where the engine reads the files: Dask's workers (local paths or fsspec
    URLs), or this process story by story (an archive run whose stories the paths give)."""
    plan = _plan(skip_kinds, group, None, variants, tolerances, baseline, sink)
    runner = engines.make(engine, scheduler=scheduler)
    try:
        return pipeline.check_files(runner, paths, plan, ignore, tracker, sink)
    finally:
        runner.close()


def _load_draft(path: str, text: str | None) -> tuple[Article, list[str]]:
    """The draft: a file, or ``-`` for ``text`` read from standard input."""
    if path == "-":
        if not (text or "").strip():
            raise InputError("-: the draft on standard input is empty")
        return load_text(text, article_id="stdin", path="stdin"), []
    if Path(path).is_dir():
        raise InputError(f"{path}: the draft must be one file, not a folder (references go after --against)")
    drafts, notes = load_articles([path])
    return drafts[0], notes


def extract_facts(paths: Sequence[str], kinds: Iterable[str] = (), jobs: int | None = 1,
                  ignore: Sequence[str] = ()) -> tuple[Any, list[str]]:
    """The facts table (only ``kinds``, if given) for the articles at ``paths``, without
    comparing them, and the loader's notes."""
    articles, notes = load(paths, ignore)
    frame = facts_frame(extract_all(articles, jobs, extract=normalize.extract))
    kinds = list(kinds)
    if kinds and not frame.empty:
        frame = frame[frame["kind"].isin(kinds)].reset_index(drop=True)
    return frame, notes
