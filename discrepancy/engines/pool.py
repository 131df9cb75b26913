"""The pool engine: stories shared out to worker processes on this machine, when it pays.

A story (its articles' extraction and their comparison) is the unit of work, so a
worker never needs another worker's facts. Whether a pool starts is decided from the
size of the input: below ``MIN_CHARS_PER_WORKER`` characters of text per worker,
starting workers costs more than it saves, and everything runs in this process. The
first story is always checked here, before any worker starts: that loads exactly the
libraries this input needs (no warm-up text), and forked workers inherit them.
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
from .core import Plan, StoryResult, Tracker, check_story, extract

log = logging.getLogger(__name__)

#: Characters of article text each worker must get before a pool starts: about 0.3 s of
#: work, the price of starting a worker and shipping it the text.
MIN_CHARS_PER_WORKER = 100_000
#: A task is a run of whole stories of about this many characters (bounded, so progress
#: moves and results stream back), but at least ``1 / CHUNKS_PER_WORKER`` of a worker's share
#: on small inputs.
MAX_CHARS_PER_TASK = 400_000
CHUNKS_PER_WORKER = 4

Task = list[tuple[int, list[Article]]]


def workers_for(articles: Sequence[Article], jobs: int | None) -> int:
    """How many worker processes to use (1: none): ``jobs`` if given, else as many cores as
    the text keeps busy (``MIN_CHARS_PER_WORKER`` each)."""
    if jobs is not None:
        return max(1, jobs)
    chars = sum(len(a.text) for a in articles)
    return max(1, min(default_jobs(), chars // MIN_CHARS_PER_WORKER))


def tasks(stories: list[tuple[int, list[Article]]], jobs: int) -> list[Task]:
    """Consecutive runs of stories, each about the same amount of text, in order."""
    chars = sum(len(a.text) for _, members in stories for a in members)
    size = min(MAX_CHARS_PER_TASK, max(1, math.ceil(chars / (jobs * CHUNKS_PER_WORKER))))
    out: list[Task] = []
    current: Task = []
    held = 0
    for story in stories:
        current.append(story)
        held += sum(len(a.text) for a in story[1])
        if held >= size:
            out.append(current)
            current, held = [], 0
    if current:
        out.append(current)
    return out


class PoolEngine:
    """Worker processes on this machine (``jobs`` of them at most; None: every core)."""

    name = "pool"

    def __init__(self, jobs: int | None = None) -> None:
        self.jobs = jobs

    def results(self, articles: Sequence[Article], groups: Sequence[StoryGroup], plan: Plan,
                tracker: Tracker | None = None) -> Iterator[StoryResult]:
        """Each story's result, in story order."""
        by_id = {a.id: a for a in articles}
        stories = [(i, [by_id[a] for a in g.articles]) for i, g in enumerate(groups)]
        jobs = min(workers_for(articles, self.jobs), len(stories))
        if not stories:
            return
        first, rest = stories[0], stories[1:]
        yield self._here(first, plan, tracker)        # loads what this input needs, before forking
        if jobs <= 1 or not rest:
            for story in rest:
                yield self._here(story, plan, tracker)
            return
        log.debug("checking %d stories in %d worker processes", len(rest), jobs)
        done = 0
        pending = tasks(rest, jobs)
        executor = ProcessPoolExecutor(max_workers=jobs, mp_context=_context(), initializer=_start_worker)
        try:
            for chunk in executor.map(_check_task, pending, [plan] * len(pending)):
                for result in chunk:
                    if tracker:
                        tracker.read(len(groups[result.index].articles))
                    done += 1
                    yield result
        except BrokenProcessPool as exc:      # a worker died (killed, out of memory): finish here
            log.warning("a worker process died (%s); checking the remaining stories in one process", exc)
            for story in rest[done:]:
                yield self._here(story, plan, tracker)
        except BaseException:
            executor.shutdown(wait=False, cancel_futures=True)
            raise
        executor.shutdown()

    @staticmethod
    def _here(story: tuple[int, list[Article]], plan: Plan, tracker: Tracker | None) -> StoryResult:
        result = check_story(story[0], story[1], plan)
        if tracker:
            tracker.read(len(story[1]))
        return result

    def extract_only(self, articles: Sequence[Article]) -> dict[str, list[Fact]]:
        """Facts of articles that are read but compared with nothing (draft mode's others)."""
        return {a.id: extract(a) for a in articles}

    def close(self) -> None:
        """Workers stop at the end of each run."""


def _start_worker() -> None:
    """Ctrl-C is the parent's to handle."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _check_task(task: Task, plan: Plan) -> list[StoryResult]:
    return [check_story(index, members, plan) for index, members in task]
