"""What every rule shares: the story it compares, and turning fact rows into evidence."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable

from ..model import Article, Fact, Mention, Value

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class Story:
    """Articles about one event and the facts extracted from them."""

    articles: dict[str, Article]
    facts: pd.DataFrame | list[Fact]              # the story's facts table, or its rows as records
    variants: tuple[tuple[str, ...], ...] = ()    # spellings to treat as the same (config "variants")
    tolerances: dict[str, float] = field(default_factory=dict)  # subject -> relative number tolerance
    draft: str | None = None                      # the article being checked in draft mode
    _records: dict[str, list[Fact]] = field(default_factory=dict, repr=False)

    def of_kind(self, kind: str) -> list[Fact]:
        """Facts of one kind as records, converted once per story."""
        if isinstance(self.facts, list):
            if not self._records:
                for fact in self.facts:
                    self._records.setdefault(fact.kind, []).append(fact)
            return self._records.setdefault(kind, [])
        if kind not in self._records:
            from ..facts import to_records
            frame = self.facts[self.facts["kind"] == kind] if not self.facts.empty else self.facts
            self._records[kind] = to_records(frame)
        return self._records[kind]

    def published(self, article_id: str) -> str | None:
        return self.articles[article_id].published if article_id in self.articles else None


def mention(fact: Fact) -> Mention:
    """The evidence for one fact: where it is written and the sentence around it."""
    return Mention(article=fact.article, line=fact.line, column=fact.column,
                   sentence=fact.sentence, start=fact.start, end=fact.end)


def value_of(facts: Iterable[Fact], normalized: str | None = None) -> Value:
    """One finding value from the facts that state it; the first wording stands for all."""
    facts = list(facts)
    return Value(text=facts[0].text, normalized=normalized if normalized is not None else facts[0].normalized,
                 mentions=tuple(mention(f) for f in facts))


def article_list(ids: Iterable[str]) -> str:
    """"000, 001 and 004" for messages."""
    ids = list(dict.fromkeys(ids))
    if len(ids) <= 1:
        return "".join(ids)
    return ", ".join(ids[:-1]) + " and " + ids[-1]
