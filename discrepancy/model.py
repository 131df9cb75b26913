"""Small immutable records shared by every layer: articles, facts, findings, reports.

Every fact is a span of an article's text with character offsets (like a spaCy span),
so any finding can point back to exactly what was read: article, line, column, sentence.
"""
from __future__ import annotations

import bisect
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Iterable

SEVERITIES = ("info", "warning", "error")
KINDS = ("number", "date", "entity", "quote", "attribution", "temporal")   # kinds of finding
FACT_KINDS = ("number", "date", "entity", "quote", "relation")                # kinds of fact


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
    published: str | None = None          # ISO date, YYYY-MM-DD
    published_time: str | None = None     # HH:MM as written in the dateline, if any
    published_source: str = "none"        # front-matter | date-line | dateline | none
    body_start: int = 0
    line_starts: tuple[int, ...] = (0,)
    dateline: tuple[int, int] | None = None   # offsets of the dateline, which holds no facts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset, as in the file on disk."""
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    @property
    def words(self) -> int:
        return len(self.text[self.body_start:].split())


@dataclass(frozen=True)
class Sentence:
    """A sentence span; ``text`` is the sentence exactly as in the article."""

    start: int
    end: int
    text: str
    index: int


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

    @classmethod
    def at(cls, article: Article, sentence: Sentence, kind: str, start: int, end: int,
           subject: str, normalized: str, **fields: Any) -> "Fact":
        """Build a fact for ``article.text[start:end]`` inside ``sentence``."""
        line, column = article.position(start)
        return cls(article=article.id, kind=kind, subject=subject, text=article.text[start:end],
                   normalized=normalized, start=start, end=end, line=line, column=column,
                   sentence=sentence.text.strip(), sentence_index=sentence.index, **fields)


@dataclass(frozen=True)
class Mention:
    """Where a value is written: article, 1-based line and column, and the sentence."""

    article: str
    line: int
    column: int
    sentence: str
    start: int = 0
    end: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article, "line": self.line, "column": self.column,
                "sentence": self.sentence}


@dataclass(frozen=True)
class Value:
    """One distinct value of a finding, with every place it is written."""

    text: str
    normalized: str
    mentions: tuple[Mention, ...]

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.article for m in self.mentions))

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "normalized": self.normalized,
                "mentions": [m.to_dict() for m in self.mentions]}


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
        """Stable across runs on the same input: a hash of what the finding says."""
        key = json.dumps([self.kind, self.rule, self.subject, self.internal,
                          sorted((v.normalized, v.articles) for v in self.values)],
                         sort_keys=True, default=str)
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
        out = {"id": self.id, "kind": self.kind, "severity": self.severity,
               "subject": self.subject, "message": self.message, "internal": self.internal,
               "values": [v.to_dict() for v in self.values]}
        if self.rule:
            out["rule"] = self.rule
        out.update(dict(self.detail))
        return out


@dataclass
class Report:
    """What ``discrepancy.check`` returns: the articles, every fact, and the findings."""

    articles: list[Article]
    facts: Any                       # pandas.DataFrame with discrepancy.facts.COLUMNS
    findings: list[Finding]
    notes: list[str] = field(default_factory=list)
    stories: list[Any] = field(default_factory=list)       # discrepancy.stories.StoryGroup
    draft: str | None = None                                # id of the draft (check DRAFT --against REF)
    context: list[Finding] = field(default_factory=list)    # draft mode: disagreements among references only
    accepted: list[Finding] = field(default_factory=list)   # in the baseline or suppressed in the text
    streamed: dict[str, int] = field(default_factory=dict)  # severity -> findings written as JSON lines, not kept

    def counts(self) -> dict[str, int]:
        counts = {s: self.streamed.get(s, 0) for s in reversed(SEVERITIES)}
        for f in self.findings:
            counts[f.severity] += 1
        return counts

    def worst(self) -> str | None:
        ranks = [severity_rank(s) for s, n in self.counts().items() if n]
        return SEVERITIES[max(ranks)] if ranks else None


def unique(items: Iterable[Any]) -> list[Any]:
    """Items in first-seen order without repeats."""
    return list(dict.fromkeys(items))
