"""Small immutable records shared by every layer: articles, facts, findings, reports.

Every fact is a span of an article's text with character offsets (like a spaCy span),
so any finding can point back to exactly what was read: article, line, column, sentence.
"""

from __future__ import annotations

import bisect
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .rules import KINDS  # kinds of finding: those of the rule catalog, named here for every layer

__all__ = [
    "KINDS",
    "SEVERITIES",
    "FACT_KINDS",
    "severity_rank",
    "Article",
    "Sentence",
    "Frame",
    "Fact",
    "Mention",
    "Value",
    "Finding",
    "Report",
    "unique",
]

SEVERITIES = ("info", "warning", "error")
FACT_KINDS = ("number", "date", "entity", "quote", "relation")  # kinds of fact


def severity_rank(severity: str) -> int:
    """Order severities so that thresholds such as ``--fail-on warning`` can be applied."""
    return SEVERITIES.index(severity)


@dataclass(frozen=True)
class Article:
    """One report as read from disk: its exact text plus what the loader learned about it.

    ``body_start`` is the offset where the article body begins (after front matter or a
    ``date YYYY-MM-DD`` prefix); normalizers read from there so metadata is not a fact.
    """

    id: str
    path: str
    text: str
    title: str | None = None
    published: str | None = None  # ISO date, YYYY-MM-DD
    published_time: str | None = None  # HH:MM as written in the dateline, if any
    published_source: str = "none"  # front-matter | date-line | dateline | none
    body_start: int = 0
    line_starts: tuple[int, ...] = (0,)
    dateline: tuple[int, int] | None = None  # offsets of the dateline, which holds no facts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset, as in the file on disk."""
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    @property
    def words(self) -> int:
        return len(self.text[self.body_start :].split())


@dataclass(frozen=True)
class Sentence:
    """A sentence span; ``text`` is the sentence exactly as in the article."""

    start: int
    end: int
    text: str
    index: int


@dataclass(frozen=True)
class Frame:
    """What a fact is a fact of, read from the parse of its sentence.

    ``key`` is what a reader would call the claim ("killed" for a death toll however it is
    worded, "passenger", "seat", "age"); ``context`` holds the content words of the
    sentence with the fact masked, which align the claim with other articles' sentences.
    """

    head: str = ""  # the noun quantified or dated, with its compounds: "crew member"
    key: str = ""  # the claim's name: a family ("killed") or the head
    predicate: str = ""  # lemma of the governing verb: "kill", "win", "sign"
    verb: str = ""  # that verb as written when it is a participle: "dropped", "won"
    voice: str = ""  # active | passive | ""
    holder: str = ""  # who owns the quantity: a party, a team, the person of an age
    place: str = ""  # the place the figure is given for: "Belgium", "Ahrweiler district"
    negated: bool = False
    modality: str = "asserted"  # asserted | future | hypothetical
    part_of: str = ""  # the whole of a sub-count: "five boats", "including", "them"
    context: frozenset[str] = frozenset()
    near: frozenset[str] = frozenset()  # content words right beside the fact (two on each side)
    when: str = ""  # the day the figure's own clause names: "monday", "april 25", "the 25th"


@dataclass
class Fact:
    """One mention of a fact: a row of the facts table (see ``discrepancy.facts.COLUMNS``)."""

    article: str
    kind: str
    subject: str
    text: str
    normalized: str
    start: int
    end: int
    line: int
    column: int
    sentence: str
    sentence_index: int
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    qualifier: str | None = None
    scope: str = "main"
    speaker: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    frame: Frame | None = None

    @classmethod
    def at(
        cls,
        article: Article,
        sentence: Sentence,
        kind: str,
        start: int,
        end: int,
        subject: str,
        normalized: str,
        **fields: Any,
    ) -> Fact:
        """Build a fact for ``article.text[start:end]`` inside ``sentence``."""
        line, column = article.position(start)
        return cls(
            article=article.id,
            kind=kind,
            subject=subject,
            text=article.text[start:end],
            normalized=normalized,
            start=start,
            end=end,
            line=line,
            column=column,
            sentence=sentence.text.strip(),
            sentence_index=sentence.index,
            **fields,
        )


@dataclass(frozen=True)
class Mention:
    """Where a value is written: article, 1-based line and column, the sentence, and the
    mention's own words (``text``) as that article writes them."""

    article: str
    line: int
    column: int
    sentence: str
    start: int = 0
    end: int = 0
    text: str = ""

    def words(self, fallback: str = "") -> str:
        """The mention's own words, or ``fallback`` when they were not recorded."""
        return self.text or fallback

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "line": self.line,
            "column": self.column,
            "sentence": self.sentence,
            "text": self.text,
        }


@dataclass(frozen=True)
class Value:
    """One distinct value of a finding, with every place it is written."""

    text: str
    normalized: str
    mentions: tuple[Mention, ...]

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.article for m in self.mentions))

    def wording(self, article: str) -> str:
        """How ``article`` writes this value: its mentions' own words, each once."""
        own = [m.words(self.text) for m in self.mentions if m.article == article]
        return " / ".join(dict.fromkeys(own)) or self.text

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "normalized": self.normalized,
            "mentions": [m.to_dict() for m in self.mentions],
        }


@dataclass(frozen=True)
class Finding:
    """A disagreement between (or inside) articles, with the evidence for it."""

    kind: str
    severity: str
    subject: str
    message: str
    values: tuple[Value, ...]
    internal: bool = False
    rule: str = ""
    detail: tuple[tuple[str, Any], ...] = ()

    @property
    def id(self) -> str:
        """A hash of the claim and the values' normal forms: the same disagreement keeps its
        id when an agreeing article is added or a file is renamed (baselines rely on it)."""
        key = json.dumps(
            [self.kind, self.rule, self.subject, self.internal, sorted({v.normalized for v in self.values})],
            sort_keys=True,
            default=str,
        )
        return f"{self.kind}-{hashlib.sha1(key.encode()).hexdigest()[:6]}"

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a for v in self.values for a in v.articles))

    def odd_values(self) -> frozenset[str]:
        """Normal forms of the odd ones out: values fewer articles give than the most common
        one, or both values when two articles disagree one to one."""
        weight = {v.normalized: len(v.articles) for v in self.values}
        majority = max(weight.values(), default=0)
        if len(self.values) == 2 and majority == 1:
            return frozenset(weight)
        return frozenset(n for n, w in weight.items() if w < majority)

    def to_dict(self) -> dict[str, Any]:
        out = {
            "id": self.id,
            "kind": self.kind,
            "severity": self.severity,
            "subject": self.subject,
            "message": self.message,
            "internal": self.internal,
            "values": [v.to_dict() for v in self.values],
        }
        if self.rule:
            out["rule"] = self.rule
        out.update(dict(self.detail))
        return out


@dataclass
class Report:
    """What ``discrepancy.check`` returns: the articles, every fact, and the findings."""

    articles: list[Article]
    records: Sequence[Fact]  # every fact, as records (read back one article at a time); ``facts`` as a table
    findings: list[Finding]
    notes: list[str] = field(default_factory=list)
    stories: list[Any] = field(default_factory=list)  # discrepancy.stories.StoryGroup
    draft: str | None = None  # id of the draft (check DRAFT --against REF)
    context: list[Finding] = field(default_factory=list)  # draft mode: disagreements among references only
    accepted: list[Finding] = field(default_factory=list)  # in the baseline or suppressed in the text
    # a run that wrote its findings out story by story and kept none (analyse(keep=False)):
    # how many there were per severity, and "accepted"; None when the lists above hold them
    tally: dict[str, int] | None = None

    _table: Any = field(default=None, repr=False)

    @property
    def facts(self) -> Any:
        """The facts table (a pandas DataFrame with ``discrepancy.facts.COLUMNS``), built on first use."""
        if self._table is None:
            from .facts import facts_frame

            self._table = facts_frame(self.records)
        return self._table

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(reversed(SEVERITIES), 0)
        if self.tally is not None:
            return {s: self.tally.get(s, 0) for s in counts}
        for f in self.findings:
            counts[f.severity] += 1
        return counts

    def worst(self) -> str | None:
        ranks = [severity_rank(s) for s, n in self.counts().items() if n]
        return SEVERITIES[max(ranks)] if ranks else None


def unique(items: Iterable[Any]) -> list[Any]:
    """Items in first-seen order without repeats."""
    return list(dict.fromkeys(items))
