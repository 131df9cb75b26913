"""The pool engine: stories shared out to worker processes on this machine, when it pays.

A story (its articles' extraction and their comparison) is the unit of work, so a
worker never needs another worker's facts. Whether a pool starts is decided from the
size of the input: below ``MIN_CHARS_PER_WORKER`` characters of text per worker,
starting workers costs more than it saves, and everything runs in this process. Before
forking, the first article is read here: that loads exactly the libraries this input
needs (no invented warm-up text), and forked workers inherit them. A story bigger than a
task is extracted in parts by several workers and compared here.
"""
from __future__ import annotations

import logging
import math
import signal
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Iterator, Sequence

from ..model import Article, Fact
from ..parallel import _context, default_jobs
from ..stories import StoryGroup
from .core import Plan, StoryResult, Tracker, check_story, compare_story, extract

log = logging.getLogger(__name__)

#: Characters of article text each worker must get before a pool starts: about 0.3 s of
#: work, the price of starting a worker and shipping it the text.
MIN_CHARS_PER_WORKER = 100_000
#: A task is a run of whole stories of about this many characters (bounded, so progress
#: moves and results stream back), but at least ``1 / CHUNKS_PER_WORKER`` of a worker's share
#: on small inputs.
MAX_CHARS_PER_TASK = 400_000
CHUNKS_PER_WORKER = 4

def workers_for(articles: Sequence[Article], jobs: int | None) -> int:
    """How many worker processes to use (1: none): ``jobs`` if given, else as many cores as
    the text keeps busy (``MIN_CHARS_PER_WORKER`` each)."""
    if jobs is not None:
        return max(1, jobs)
    chars = sum(len(a.text) for a in articles)
    return max(1, min(default_jobs(), chars // MIN_CHARS_PER_WORKER))


#: A piece of work: (story index, articles, whether they are the whole story).
Piece = tuple[int, list[Article], bool]
Task = list[Piece]


def tasks(stories: list[tuple[int, list[Article]]], jobs: int) -> list[Task]:
    """Consecutive runs of stories, each about the same amount of text, in order; a story
    bigger than that is cut into runs of its articles (extracted there, compared here)."""
    chars = sum(len(a.text) for _, members in stories for a in members)
    size = min(MAX_CHARS_PER_TASK, max(1, math.ceil(chars / (jobs * CHUNKS_PER_WORKER))))
    out: list[Task] = []
    current: Task = []
    held = 0

    def close() -> None:
        nonlocal current, held
        if current:
            out.append(current)
        current, held = [], 0

    for index, members in stories:
        story_chars = sum(len(a.text) for a in members)
        if story_chars > size and len(members) > 1:
            close()
            part: list[Article] = []
            for article in members:
                part.append(article)
                held += len(article.text)
                if held >= size:
                    current.append((index, part, False))
                    close()
                    part = []
            if part:
                current.append((index, part, False))
                close()
            continue
        current.append((index, members, True))
        held += story_chars
        if held >= size:
            close()
    close()
    return out


class PoolEngine:
    """Worker processes on this machine (``jobs`` of them at most; None: as many as pay)."""

    name = "pool"

    def __init__(self, jobs: int | None = None) -> None:
        self.jobs = jobs

    def results(self, articles: Sequence[Article], groups: Sequence[StoryGroup], plan: Plan,
                tracker: Tracker | None = None) -> Iterator[StoryResult]:
        """Each story's result, in story order."""
        by_id = {a.id: a for a in articles}
        stories = [(i, [by_id[a] for a in g.articles]) for i, g in enumerate(groups)]
        jobs = min(workers_for(articles, self.jobs), len(articles))
        if jobs <= 1:
            for index, members in stories:
                yield check_story(index, members, plan)
                if tracker:
                    tracker.read(len(members))
            return
        context = _context()
        if context.get_start_method() == "fork":
            extract(articles[0])     # loads what this input needs; forked workers inherit it
        log.debug("checking %d stories in %d worker processes", len(stories), jobs)
        pending = tasks(stories, jobs)
        done: set[int] = set()
        parts: dict[int, dict[str, list[Fact]]] = {}
        executor = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_start_worker)
        try:
            for chunk in executor.map(_check_task, pending, [plan] * len(pending)):
                for result, whole in chunk:
                    if tracker:
                        tracker.read(len(result.facts) if not whole else len(groups[result.index].articles))
                    if whole:
                        done.add(result.index)
                        yield result
                        continue
                    parts.setdefault(result.index, {}).update(result.facts)
                    if len(parts[result.index]) == len(groups[result.index].articles):
                        done.add(result.index)
                        yield _compare_parts(result.index, stories[result.index][1], parts.pop(result.index), plan)
        except BrokenProcessPool as exc:      # a worker died (killed, out of memory): finish here
            log.warning("a worker process died (%s); checking the remaining stories in one process", exc)
            for index, members in stories:
                if index not in done:
                    yield check_story(index, members, plan)
                    if tracker:
                        tracker.read(len(members) - len(parts.get(index, ())))
        except BaseException:
            executor.shutdown(wait=False, cancel_futures=True)
            raise
        executor.shutdown()

    def extract_only(self, articles: Sequence[Article]) -> dict[str, list[Fact]]:
        """Facts of articles that are read but compared with nothing (draft mode's others)."""
        return {a.id: extract(a) for a in articles}

    def close(self) -> None:
        """Workers stop at the end of each run."""


def _compare_parts(index: int, members: list[Article], facts: dict[str, list[Fact]], plan: Plan) -> StoryResult:
    """A story extracted in parts by the workers, compared here."""
    findings = compare_story(members, (f for a in members for f in facts[a.id]), plan)
    return StoryResult(index, findings, facts if plan.keep_facts else {})


def _start_worker() -> None:
    """Ctrl-C is the parent's to handle."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _check_task(task: Task, plan: Plan) -> list[tuple[StoryResult, bool]]:
    """Whole stories checked, parts of a story extracted (their facts kept for the comparison)."""
    out = []
    for index, members, whole in task:
        if whole:
            out.append((check_story(index, members, plan), True))
        else:
            out.append((StoryResult(index, [], {a.id: extract(a) for a in members}), False))
    return out
