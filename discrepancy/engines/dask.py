"""The Dask engine: the same check on a Dask distributed cluster (one machine or many).

The work is three kinds of task:

1. per article: read the file *on a worker* (the article stays there), and hand the
   client only what grouping needs (the article without its text in an archive run; its
   word vector when grouping by words);
2. story grouping, on the client (``discrepancy.stories``);
3. per article, extract its facts where it is; per story, compare its articles' facts:
   Dask moves them to one worker, so a story's articles meet there. Only findings (and
   the facts, when a full report is built) come back.

How files reach workers: a local path is read by the worker at the same path, so every
worker must see the files where the client sees them (one machine, or a shared
filesystem such as NFS mounted at the same place); a URL (``s3://bucket/archive/``,
``gs://...``, ``file:///shared/...``) is listed by the client and read by each worker
through fsspec (the protocol's package, e.g. s3fs, installed on the workers).

Workers are long-lived processes: whatever a normalizer loads lazily (a parser, an
index, the NLP model) is loaded once per worker process and reused by every task it
runs. If a worker dies, Dask runs its lost tasks again on another one (the
scheduler's ``allowed-failures``), so the report is the same.
"""
from __future__ import annotations

import logging
from typing import Any, Callable, Iterator, Sequence

from ..articles import InputError
from ..model import Article, Fact
from ..stories import StoryGroup
from .core import Plan, StoryResult, Tracker, compare_story, extract, light
from .files import load_source

log = logging.getLogger(__name__)

#: Workers of the cluster started when no scheduler address is given.
LOCAL_WORKERS = 2
#: Stories submitted to the scheduler at a time (the rest wait on the client).
IN_FLIGHT = 256
#: How long to keep trying to reach a scheduler given by address.
CONNECT_TIMEOUT = "10s"


# ---------------------------------------------------------------- tasks (run on workers)

def _load_source(path: str, article_id: str) -> Article:
    return load_source(path, article_id)


def _extract_article(article: Article) -> tuple[Article, list[Fact]]:
    return article, extract(article)


def _summary(article: Article, keep_text: bool, with_vector: bool) -> tuple[Article, dict[str, float] | None]:
    """What the client needs for grouping and the report: the article (without its text
    in an archive run) and, for grouping by words, its word vector."""
    from ..stories import vector
    return light(article, keep_text), vector(article.text[article.body_start:]) if with_vector else None


def _load_extract(path: str, article_id: str) -> tuple[Article, list[Fact]]:
    return _extract_article(load_source(path, article_id))


def _compare(index: int, plan: Plan, *members: tuple[Article, list[Fact]]) -> StoryResult:
    articles = [a for a, _ in members]
    findings = compare_story(articles, (f for _, facts in members for f in facts), plan)
    return StoryResult(index, findings, {a.id: facts for a, facts in members} if plan.keep_facts else {})


def _compare_read(index: int, plan: Plan, *members: tuple[Article, list[Fact]]) -> StoryResult:
    """``_compare``, and the articles for the report (without their text in an archive run)."""
    result = _compare(index, plan, *members)
    result.articles = [light(a, plan.keep_facts) for a, _ in members]
    return result


# ---------------------------------------------------------------- client side

class DaskEngine:
    """A Dask distributed cluster: the scheduler at ``scheduler``, else a ``LocalCluster``
    of ``LOCAL_WORKERS`` worker processes started (and stopped) here."""

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
            if not logging.getLogger().isEnabledFor(logging.DEBUG):   # --debug shows the cluster's own log
                logging.getLogger("distributed").setLevel(logging.ERROR)
            if self.scheduler:
                try:
                    self._client = Client(self.scheduler, timeout=CONNECT_TIMEOUT)
                except OSError as exc:
                    raise InputError(f"--scheduler {self.scheduler}: cannot reach the Dask scheduler ({exc}); "
                                     "start one with 'dask scheduler' and give its address") from None
            else:
                self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                             dashboard_address=":0", silence_logs=logging.ERROR)
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
        """Per worker: peak resident memory (MB) and CPU seconds of its process so far."""
        return self.client.run(_process_stats)

    # -- articles already in memory (draft mode, the library's ``analyse``)

    def results(self, articles: Sequence[Article], groups: Sequence[StoryGroup], plan: Plan,
                tracker: Tracker | None = None) -> Iterator[StoryResult]:
        """Each story's result as it completes; articles are sent to the workers."""
        compared = {a for g in groups for a in g.articles}
        futures = {a.id: self.client.submit(_extract_article, a, pure=False) for a in articles if a.id in compared}
        yield from self._compare_all(groups, futures, plan, tracker, count_reads=True)

    def extract_only(self, articles: Sequence[Article]) -> dict[str, list[Fact]]:
        """Facts of articles that are read but compared with nothing (draft mode's others)."""
        futures = self.client.map(_extract_article, list(articles), pure=False)
        return {a.id: facts for a, facts in self.client.gather(futures)}

    # -- files read by the workers (the archive run)

    def load(self, sources: Sequence[str], ids: Sequence[str], plan: Plan,
             tracker: Tracker | None = None) -> tuple[list[Article], list[Any], dict[str, Any]]:
        """Read every file on a worker (it stays there); return the articles (in order,
        without their text in an archive run), their word vectors (grouping by words
        only), and the futures of the articles on the workers."""
        from distributed import as_completed
        loaded = self.client.map(_load_source, list(sources), list(ids), pure=False,
                                 key=[f"load-{k}-{i}" for k, i in enumerate(ids)])
        summaries = self.client.map(_summary, loaded, keep_text=plan.keep_facts, with_vector=plan.group == "auto",
                                    pure=False, key=[f"summary-{k}-{i}" for k, i in enumerate(ids)])
        position = {f.key: k for k, f in enumerate(summaries)}
        articles: list[Any] = [None] * len(summaries)
        vectors: list[Any] = [None] * len(summaries)
        for future, (article, vec) in as_completed(summaries, with_results=True):
            k = position[future.key]
            articles[k], vectors[k] = article, vec
            future.release()
            if tracker:
                tracker.read()
        return articles, vectors, {a.id: f for a, f in zip(articles, loaded)}

    def check_stories(self, sources: Sequence[str], ids: Sequence[str], groups: Sequence[StoryGroup], plan: Plan,
                      tracker: Tracker | None = None) -> Iterator[StoryResult]:
        """Stories known before any file is read (by folder, or all one): per story, each
        article read and extracted by one task, then compared; the articles come back
        with the findings."""
        where = dict(zip(ids, sources))
        client = self.client

        def submit(index: int) -> Any:
            group = groups[index]
            members = [client.submit(_load_extract, where[a], a, pure=False, key=f"extract-{a}")
                       for a in group.articles]
            return client.submit(_compare_read, index, plan, *members, pure=False, key=f"compare-{index}-{group.id}")

        for result in self._window(len(groups), submit):
            if tracker:
                tracker.read(len(result.articles))
            yield result

    def _window(self, count: int, submit: Callable[[int], Any]) -> Iterator[StoryResult]:
        """Results of ``submit(0..count-1)`` as they complete, at most ``IN_FLIGHT`` at a
        time: the scheduler holds a window of tasks, not the whole archive's."""
        from distributed import as_completed
        pending = as_completed()
        submitted = 0
        while submitted < min(count, IN_FLIGHT):
            pending.add(submit(submitted))
            submitted += 1
        for future in pending:
            result = future.result()
            future.release()
            if submitted < count:
                pending.add(submit(submitted))
                submitted += 1
            yield result

    def compare(self, groups: Sequence[StoryGroup], futures: dict[str, Any], plan: Plan,
                tracker: Tracker | None = None) -> Iterator[StoryResult]:
        """Each story's result as it completes: its articles extracted (one task each), then
        compared where their facts are. Stories are submitted in order, and Dask runs
        earlier submissions first, so only the stories in progress hold facts."""
        yield from self._compare_all(groups, futures, plan, tracker, count_reads=False, extract_first=True)

    def _compare_all(self, groups: Sequence[StoryGroup], futures: dict[str, Any], plan: Plan,
                     tracker: Tracker | None, count_reads: bool, extract_first: bool = False) -> Iterator[StoryResult]:
        client = self.client

        def submit(index: int) -> Any:
            # a story's extractions, then its comparison: submitted together, so a worker
            # compares a story soon after extracting it and facts do not pile up
            group = groups[index]
            members = [client.submit(_extract_article, futures.pop(a), pure=False, key=f"extract-{a}")
                       if extract_first else futures.pop(a) for a in group.articles]
            return client.submit(_compare, index, plan, *members, pure=False, key=f"compare-{index}-{group.id}")

        for result in self._window(len(groups), submit):
            if tracker and count_reads:
                tracker.read(len(groups[result.index].articles))
            yield result
        futures.clear()


def _process_stats() -> dict[str, float]:
    import resource
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"max_rss_mb": usage.ru_maxrss / 1024, "cpu_s": usage.ru_utime + usage.ru_stime}
