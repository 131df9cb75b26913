"""The Dask engine: the same check on a Dask distributed cluster, one machine or many.

The work is two kinds of task, run where the cluster has room:

1. extraction: a batch of articles (about ``BATCH_CHARS`` of text) in, their facts out;
2. comparison: a batch of whole stories (``api.compare_story`` on each), each story's
   articles and facts travelling together, so a story's articles meet on one worker.

Grouping articles into stories (blocking keys: event date window, places and names; see
``discrepancy.stories``) runs on the client between the two, as does everything after the
comparisons, so the report is built exactly as the local engine builds it.

Files are read by the client (``api.load``), so the workers need the installed package and
no access to the files. Workers are long-lived processes: the NLP model and whatever else a
normalizer loads lazily is loaded once per worker and reused by every task it runs. If a
worker dies, the scheduler runs its lost tasks again on another one (its
``allowed-failures``), so the report is the same.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from ..api import Progress, StorySettings, StoryWork, compare_story
from ..articles import InputError
from ..model import Article, Fact, Finding

log = logging.getLogger(__name__)

#: Worker processes of the cluster started when no scheduler address is given.
LOCAL_WORKERS = 2
#: Text per extraction task: big enough that the task's overhead (a few ms) is small next
#: to its work, small enough that a lost worker costs little and the progress line moves.
BATCH_CHARS = 200_000
#: A small input is still cut into about this many batches per worker thread, so the
#: work is shared evenly and a lost worker's batches are few and small.
CHUNKS_PER_SLOT = 4
#: Facts per comparison task, for the same reasons.
BATCH_FACTS = 5_000
#: Tasks held by the scheduler at a time: a window, not the whole archive's (the client
#: holds their arguments until they complete).
IN_FLIGHT = 16
#: How long to keep trying to reach a scheduler given by address.
CONNECT_TIMEOUT = "10s"


def _extract_batch(articles: list[Article]) -> list[list[Fact]]:
    from .. import normalize

    return normalize.extract_many(articles)


def _compare_batch(work: list[StoryWork], settings: StorySettings) -> list[tuple[int, list[Finding]]]:
    return [(index, compare_story(members, facts, settings)) for index, members, facts in work]


def _process_stats() -> dict[str, float]:
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"max_rss_mb": usage.ru_maxrss / 1024, "cpu_s": usage.ru_utime + usage.ru_stime}


def batches(items: Iterable[Any], size: Callable[[Any], int], limit: int) -> Iterator[list[Any]]:
    """Consecutive runs of ``items`` whose ``size`` adds up to about ``limit`` (at least one item each)."""
    current: list[Any] = []
    held = 0
    for item in items:
        current.append(item)
        held += size(item)
        if held >= limit:
            yield current
            current, held = [], 0
    if current:
        yield current


class DaskEngine:
    """A Dask distributed cluster: the scheduler at ``scheduler``, else a ``LocalCluster`` of
    ``workers`` processes started on first use and stopped by ``close``."""

    name = "dask"

    def __init__(self, scheduler: str | None = None, workers: int = LOCAL_WORKERS) -> None:
        self.scheduler, self.workers = scheduler, workers
        self._client: Any = None
        self._cluster: Any = None

    @property
    def client(self) -> Any:
        """The ``distributed.Client``, connected on first use."""
        if self._client is None:
            from distributed import Client, LocalCluster

            if not logging.getLogger().isEnabledFor(logging.DEBUG):  # --debug shows the cluster's own log
                logging.getLogger("distributed").setLevel(logging.ERROR)
            if self.scheduler:
                try:
                    self._client = Client(self.scheduler, timeout=CONNECT_TIMEOUT)
                except (OSError, TimeoutError, ValueError) as exc:
                    raise InputError(
                        f"--scheduler {self.scheduler}: cannot reach the Dask scheduler ({exc}); "
                        "start one with 'dask scheduler' and give the address it prints"
                    ) from None
            else:
                self._cluster = LocalCluster(
                    n_workers=self.workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=":0",  # a free port: never a warning that 8787 is taken
                    silence_logs=logging.ERROR,
                )
                self._client = Client(self._cluster)
        return self._client

    def close(self) -> None:
        """Disconnect, and stop the local cluster if this engine started it."""
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        self._client = self._cluster = None

    def worker_stats(self) -> dict[str, dict[str, float]]:
        """Per worker: its process's peak resident memory (MB) and CPU seconds so far."""
        return dict(self.client.run(_process_stats))

    def extract(self, articles: Sequence[Article], progress: Progress | None = None) -> list[Fact]:
        """Facts of every article, in input order, extracted on the workers."""
        facts_of = {a.id: facts for a, facts in self.extract_each(articles, progress)}
        return [fact for a in articles for fact in facts_of.get(a.id, ())]

    def extract_each(
        self, articles: Sequence[Article], progress: Progress | None = None
    ) -> Iterator[tuple[Article, list[Fact]]]:
        """Each article with its facts, batch by batch as the workers complete them (in any order).
        A batch is taken from ``articles`` only when it is sent, so a sequence that reads each
        text back as it is taken (``engines.texts``) is never held whole."""
        if not len(articles):
            return
        ticks = iter(progress(list(articles)) if progress else range(len(articles)))  # counted, never read
        next(ticks, None)
        lengths = [len(a.text) for a in articles]
        slots = max(1, sum(self.client.nthreads().values()))
        size = min(BATCH_CHARS, max(1, sum(lengths) // (slots * CHUNKS_PER_SLOT)))
        bounds = [
            (part[0], part[-1] + 1) for part in batches(range(len(articles)), lengths.__getitem__, size)
        ]
        calls = (((_extract_batch, list(articles[s:e])), k) for k, (s, e) in enumerate(bounds))
        for k, facts in self._run(calls):
            s, e = bounds[k]
            for article, found in zip(articles[s:e], facts):
                next(ticks, None)
                yield article, found
        for _ in ticks:  # let the wrapper finish
            pass

    def compare(
        self, work: Iterable[StoryWork], settings: StorySettings
    ) -> Iterator[tuple[int, list[Finding]]]:
        """Each story's findings as its batch completes; a story is never split between tasks."""
        parts = batches(work, lambda w: len(w[2]) + 1, BATCH_FACTS)
        for _, results in self._run(((_compare_batch, part, settings), k) for k, part in enumerate(parts)):
            yield from results

    def _run(self, calls: Iterable[tuple[tuple[Any, ...], int]]) -> Iterator[tuple[int, Any]]:
        """(tag, result) of each call ``(function, *arguments)``, as they complete, with at
        most ``IN_FLIGHT`` submitted at a time."""
        from distributed import as_completed

        client = self.client
        calls = iter(calls)
        tags: dict[str, int] = {}
        pending = as_completed()

        def submit() -> bool:
            call = next(calls, None)
            if call is None:
                return False
            (function, *arguments), tag = call
            future = client.submit(function, *arguments, pure=False)
            tags[future.key] = tag
            pending.add(future)
            return True

        for _ in range(IN_FLIGHT):
            if not submit():
                break
        for future in pending:
            result = future.result()
            tag = tags.pop(future.key)
            future.release()
            submit()
            yield tag, result
