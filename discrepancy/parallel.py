"""Fact extraction over many articles in a process pool, with the same output as one process.

Extraction is CPU-bound Python, one article at a time and independent of the others, so a
folder of hundreds of reports scales with cores. Results come back in input order, so the
facts (and every report built from them) are identical whatever ``jobs`` is.
"""

from __future__ import annotations

import logging
import math
import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from . import normalize
from .articles import load_text
from .model import Article, Fact

log = logging.getLogger(__name__)

Extractor = Callable[[Article], "list[Fact]"]
#: Wraps the list of articles, e.g. to show a progress bar (the same shape as ``api.Progress``).
Progress = Callable[["list[Article]"], Iterable[Article]]

#: With ``jobs=None``, a pool starts only when each worker gets at least this many articles:
#: below that, starting workers costs more than it saves.
MIN_ARTICLES_PER_WORKER = 4
#: Each worker gets about this many chunks: pickling is amortised over several articles,
#: yet one slow chunk near the end does not leave the other workers idle for long.
CHUNKS_PER_WORKER = 4
#: At most this many articles to a chunk: a chunk's facts are held whole, by its worker and
#: then by this process, so a big input must not come back in a few huge pieces.
MAX_CHUNK = 64
#: Chunks sent ahead to each worker: enough that none waits for the next, few enough that
#: the input is not all in flight at once.
AHEAD = 4

# Invented text that makes every normalizer load what it loads lazily (dateparser,
# quantulum3, the place index), so that cost is paid once before the articles are shared out.
_WARM_UP = """date 2024-03-22
Rescuers in Lisbon, Portugal, said on Friday, March 22, that at least 12 people had died
and about 1,500 were hurt after a 7.1-magnitude quake struck 10 kilometres (6 miles) away.
"We are still searching," said Ana Ribeiro, the city's fire chief, on Saturday morning.
"""


def default_jobs() -> int:
    """The number of cores this process may run on (its affinity mask, else the machine's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def extract_all(
    articles: Iterable[Article],
    jobs: int | None = None,
    extract: Extractor = normalize.extract,
    progress: Progress | None = None,
) -> list[Fact]:
    """Facts of all ``articles`` in input order, from ``jobs`` processes (None: every core, if
    the articles are enough to share; 1: in this process, no pool). ``extract`` must be
    picklable where processes are spawned; ``progress`` wraps the articles (as
    ``api.Progress``) and advances as their facts arrive."""
    return [fact for _, facts in extract_each(articles, jobs, extract, progress) for fact in facts]


def extract_each(
    articles: Iterable[Article],
    jobs: int | None = None,
    extract: Extractor = normalize.extract,
    progress: Progress | None = None,
) -> Iterator[tuple[Article, list[Fact]]]:
    """Each article with its facts, in input order, as they arrive (``extract_all``'s work,
    so the caller need not hold every article's facts at once). A sequence is read an
    article at a time, so one that reads each text back as it is taken holds none of them."""
    articles = articles if isinstance(articles, Sequence) else list(articles)
    ticks = iter(progress(list(articles)) if progress else range(len(articles)))  # counted, never read
    if jobs is None:
        jobs = min(default_jobs(), len(articles) // MIN_ARTICLES_PER_WORKER)
    jobs = min(max(jobs, 1), len(articles))
    if jobs <= 1:
        for start in range(0, len(articles), MAX_CHUNK):
            batch = articles[start : start + MAX_CHUNK]
            for article, facts in zip(batch, extract_list(extract, batch)):
                next(ticks, None)
                yield article, facts
        for _ in ticks:  # let the wrapper finish (a progress bar closes at its end)
            pass
        return
    done = 0
    try:
        next(ticks, None)
        try:
            for facts in _pooled(articles, jobs, extract):
                yield articles[done], facts
                done += 1
                next(ticks, None)
        except BrokenProcessPool as exc:  # a worker died (killed, out of memory): finish here
            log.warning("a worker process died (%s); reading the remaining articles in one process", exc)
            for article in articles[done:]:
                yield article, extract(article)
                done += 1
                next(ticks, None)
    except BaseException:
        getattr(ticks, "close", lambda: None)()
        raise
    for _ in ticks:  # let the wrapper finish (a progress bar closes at its end)
        pass


def extract_list(extract: Extractor, articles: Sequence[Article]) -> list[list[Fact]]:
    """Each article's facts from ``extract``; the default one reads the articles together
    (``normalize.extract_many``: one batched parse), any other one article at a time."""
    if extract is normalize.extract:
        return normalize.extract_many(articles)
    return [extract(article) for article in articles]


def chunks(items: Sequence[Article], jobs: int) -> list[Sequence[Article]]:
    """Consecutive slices, about ``CHUNKS_PER_WORKER`` per worker, in order."""
    size = _chunk_size(len(items), jobs)
    return [items[i : i + size] for i in range(0, len(items), size)]


def _chunk_size(n: int, jobs: int) -> int:
    return min(MAX_CHUNK, max(1, math.ceil(n / (jobs * CHUNKS_PER_WORKER))))


def _pooled(articles: Sequence[Article], jobs: int, extract: Extractor) -> Iterator[list[Fact]]:
    """Each article's facts, in input order, as the workers finish them; a chunk is taken from
    ``articles`` only when a worker will soon be free for it (``AHEAD`` chunks per worker at
    most), so the chunks waiting to be sent never hold the whole input."""
    context = _context()
    if context.get_start_method() == "fork":
        try:  # the first real article loads what this input needs (no more); children inherit it
            extract(articles[0])
        except Exception as exc:  # its worker reports the problem, with the article's name
            log.debug("warm-up extraction failed: %s", exc)
        initargs: tuple = (extract, False)
    else:
        initargs = (extract, True)
    executor = ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_start_worker, initargs=initargs
    )
    size = _chunk_size(len(articles), jobs)
    starts = iter(range(0, len(articles), size))
    waiting: deque[Future[list[list[Fact]]]] = deque()

    def submit() -> None:
        start = next(starts, None)
        if start is not None:
            waiting.append(executor.submit(_extract_chunk, articles[start : start + size]))

    try:
        for _ in range(jobs * AHEAD):
            submit()
        while waiting:
            done = waiting.popleft().result()
            submit()
            yield from done
    except BaseException:
        executor.shutdown(wait=False, cancel_futures=True)
        raise
    executor.shutdown()


def _context() -> multiprocessing.context.BaseContext:
    """fork where it is safe (Linux, no other thread): workers start at once with all loaded."""
    if sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def warm_up(extract: Extractor) -> None:
    """Run ``extract`` once on a small invented article so lazy imports and indexes are loaded."""
    try:
        extract(load_text(_WARM_UP, article_id="warm-up"))
    except Exception as exc:  # the real articles will show the problem, with their names
        log.debug("warm-up extraction failed: %s", exc)


_worker_extract: Extractor | None = None


def _start_worker(extract: Extractor, warm: bool) -> None:
    """Pool initializer: Ctrl-C is the parent's to handle; load heavy libraries once per worker."""
    global _worker_extract
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_extract = extract
    if warm:
        warm_up(extract)


def _extract_chunk(articles: Sequence[Article]) -> list[list[Fact]]:
    assert _worker_extract is not None, "_start_worker runs first in every worker"
    return extract_list(_worker_extract, articles)
