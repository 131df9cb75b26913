"""Each article's facts kept out of memory between extraction and comparison.

An archive run must not hold every article's facts at once (about 140 KB an article): after
extraction only the incident profiles the grouping needs stay in memory, and a story's
facts are read back when that story is compared. They are read from the facts cache
(``discrepancy.facts_cache``), which extraction has just written; where it is turned off
(an empty ``DISCREPANCY_CACHE_DIR``) or could not be written, from a spill folder of this
run's own, deleted with the store.
"""

from __future__ import annotations

import logging
import pickle
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, overload

from .. import facts_cache
from ..model import Article, Fact
from ..normalize import NORMALIZERS

log = logging.getLogger(__name__)


def _order(fact: Fact) -> tuple[Any, ...]:
    return (fact.start, fact.end, fact.kind)


#: Facts a run that keeps its report in memory holds in memory too (about 1 KB each, some
#: 1,300 articles of news); beyond them, facts wait on disk.
HOLD_FACTS = 100_000


class FactStore:
    """Articles' facts by article id, on disk; ``facts(id)`` reads one article's back, sorted
    by offset and kind (the order of ``Report.records`` within an article). ``article_of``
    gives an article by id, whole, when its cache entry is read; without it the store keeps
    every article it is given. The first ``hold`` facts are kept in memory instead (a run
    that holds its whole report anyway need not read them back: 0 for an archive run)."""

    def __init__(
        self,
        kinds: Sequence[str] = NORMALIZERS,
        article_of: Callable[[str], Article] | None = None,
        hold: int = 0,
    ) -> None:
        self.kinds = tuple(kinds)
        self.article_of = article_of
        self.hold = hold
        self.articles: dict[str, Article] = {}
        self.counts: dict[str, int] = {}
        self._held: dict[str, list[Fact]] = {}
        self._held_count = 0
        self._spilled: dict[str, Path] = {}
        self._spill: tempfile.TemporaryDirectory[str] | None = None

    def put(self, article: Article, facts: list[Fact]) -> None:
        """Keep ``facts``, the facts of ``article``, until they are asked for."""
        if self.article_of is None:
            self.articles[article.id] = article
        self.counts[article.id] = len(facts)
        if not facts:
            return
        if self._held_count + len(facts) <= self.hold:
            self._held[article.id] = facts
            self._held_count += len(facts)
            return
        if facts_cache.holds(article, self.kinds):  # extraction has just written it
            return
        if self._spill is None:
            self._spill = tempfile.TemporaryDirectory(prefix="discrepancy-facts-")
        path = Path(self._spill.name) / f"{len(self._spilled)}.pickle"
        with path.open("wb") as fh:
            pickle.dump(facts, fh, protocol=pickle.HIGHEST_PROTOCOL)
        self._spilled[article.id] = path

    def facts(self, article_id: str) -> list[Fact]:
        """The facts of one article, sorted by offset and kind."""
        if not self.counts.get(article_id):
            return []
        held = self._held.get(article_id)
        if held is not None:
            return sorted(held, key=_order)
        path = self._spilled.get(article_id)
        if path is not None:
            with path.open("rb") as fh:
                facts = pickle.load(fh)  # noqa: S301 - written by this store moments ago
        else:
            article = self.article_of(article_id) if self.article_of else self.articles[article_id]
            cached = facts_cache.load(article, self.kinds)
            if cached is None:  # the entry went away since: read the article again
                from .. import normalize

                log.debug("facts cache entry of %s gone; extracting again", article.path)
                cached = normalize.extract(article, self.kinds)
            facts = cached
        return sorted(facts, key=_order)

    def __len__(self) -> int:
        return sum(self.counts.values())

    def close(self) -> None:
        """Delete the spill folder (the cache's entries stay for the next run) and let go of
        the facts held in memory."""
        self._held.clear()
        self._held_count = 0
        if self._spill is not None:
            self._spill.cleanup()
            self._spill = None
            self._spilled.clear()


class StoredFacts(Sequence[Fact]):
    """Every fact of a run, sorted by article, offset and kind, read from a ``FactStore`` one
    article at a time whenever it is iterated (``Report.records`` of a big run)."""

    def __init__(self, store: FactStore) -> None:
        self.store = store
        self._order = sorted(store.counts)
        self._len = len(store)

    def __len__(self) -> int:
        return self._len

    def __iter__(self) -> Iterator[Fact]:
        for article_id in self._order:
            yield from self.store.facts(article_id)

    @overload
    def __getitem__(self, index: int) -> Fact: ...

    @overload
    def __getitem__(self, index: slice) -> list[Fact]: ...

    def __getitem__(self, index: int | slice) -> Fact | list[Fact]:
        return list(self)[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (list, tuple, StoredFacts)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    def __repr__(self) -> str:
        return f"StoredFacts({self._len} facts)"
