"""What every rule shares: the story it compares, and turning fact rows into evidence."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..model import Article, Fact, Mention, Value
from ..thresholds import Thresholds

#: A ruler's number after a name ("Richard III", "Riccardo III"): each language writes the name its way.
RULER_NUMBER = r"[IVX]{1,4}"


@dataclass
class Story:
    """Articles about one event and the facts extracted from them."""

    articles: dict[str, Article]
    facts: list[Fact]
    variants: tuple[tuple[str, ...], ...] = ()  # spellings to treat as the same (config "variants")
    tolerances: dict[str, float] = field(default_factory=dict)  # subject -> relative number tolerance
    draft: str | None = None  # the article being checked in draft mode
    thresholds: Thresholds = field(default_factory=Thresholds)  # config [tool.discrepancy.thresholds]
    _records: dict[str, list[Fact]] = field(default_factory=dict, repr=False)
    _days: dict[str, str | None] = field(default_factory=dict, repr=False)

    def of_kind(self, kind: str) -> list[Fact]:
        """Facts of one kind, sorted out once per story."""
        if not self._records:
            for fact in self.facts:
                self._records.setdefault(fact.kind, []).append(fact)
        return self._records.get(kind, [])

    def published(self, article_id: str) -> str | None:
        return self.articles[article_id].published if article_id in self.articles else None

    def day(self, article_id: str) -> str | None:
        """The day a report was published: its own date, else its wire dateline's (read once per story)."""
        if not self._days:
            for fact in self.of_kind("date"):
                if fact.detail.get("dateline") and len(fact.normalized) >= 10:
                    self._days.setdefault(fact.article, fact.normalized[:10])
            for article in self.articles.values():
                if article.published:
                    self._days[article.id] = article.published
        return self._days.get(article_id)


def singular_and_plural(x: str, y: str) -> bool:
    """One word as singular and plural ("Master" / "Masters", "Church" / "Churches"), any case."""
    x, y = sorted((x.lower(), y.lower()), key=len)
    return y in (x + "s", x + "es")


def mention(fact: Fact) -> Mention:
    """The evidence for one fact: where it is written and the sentence around it."""
    return Mention(
        article=fact.article,
        line=fact.line,
        column=fact.column,
        sentence=fact.sentence,
        start=fact.start,
        end=fact.end,
        text=fact.text,
    )


def value_of(facts: Iterable[Fact], normalized: str | None = None) -> Value:
    """One finding value from the facts that state it: the first wording names the value,
    and every mention keeps its own words."""
    facts = list(facts)
    return Value(
        text=facts[0].text,
        normalized=normalized if normalized is not None else facts[0].normalized,
        mentions=tuple(mention(f) for f in facts),
    )


def interval(fact: Fact) -> tuple[float, float]:
    """The (low, high) a number, date or time fact states; the rules compare only facts that have one."""
    if fact.low is None or fact.high is None:
        raise ValueError(f"{fact.article}: {fact.kind} fact {fact.text!r} has no interval")
    return fact.low, fact.high


def article_list(ids: Iterable[str]) -> str:
    """ "000, 001 and 004" for messages."""
    ids = list(dict.fromkeys(ids))
    if len(ids) <= 1:
        return "".join(ids)
    return ", ".join(ids[:-1]) + " and " + ids[-1]
