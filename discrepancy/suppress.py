"""Inline suppressions: ``<!-- discrepancy-ignore: RULE reason -->`` before a paragraph.

An editor who has checked a figure and stands by it says so in the copy itself, with a
reason the next editor can read; findings of that rule (a rule id such as ``entity-role``,
or a kind such as ``number`` for all its rules) touching that paragraph are then accepted
there rather than reported. A suppression covers the mentions it annotates, not the
finding everywhere: the other articles' mentions are still reported, and a finding is
accepted only when every place it is reported at is covered. A suppression without a
reason is not applied.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from . import rules
from .model import Article, Finding, Mention

_COMMENT = re.compile(r"<!--\s*discrepancy-ignore\s*:?\s*(?P<kind>[\w-]*)\s*(?P<reason>.*?)\s*-->", re.S)
_SPACE = re.compile(r"\s*")
#: Finding.detail key: the mentions ("article:line:column") a comment covers.
SUPPRESSED = "suppressed"
_PARAGRAPH_END = re.compile(r"\r?\n[ \t]*\r?\n|\Z")


@dataclass(frozen=True)
class Suppression:
    """Findings of ``kind`` (a rule id or a kind) with a mention in ``article.text[start:end]``
    are accepted."""

    article: str
    kind: str
    start: int
    end: int
    reason: str

    def covers(self, finding: Finding, mention: Mention) -> bool:
        """True when ``mention`` of ``finding`` is of this rule or kind and inside this paragraph."""
        return (
            rules.covers(self.kind, finding.rule, finding.kind)
            and mention.article == self.article
            and self.start <= mention.start < self.end
        )


def _paragraph_after(text: str, offset: int) -> tuple[int, int]:
    space = _SPACE.match(text, offset)
    rest = space.end() if space else offset
    end = _PARAGRAPH_END.search(text, rest)
    return rest, end.start() if end else len(text)


def find(article: Article) -> tuple[list[Suppression], list[str]]:
    """The suppressions written in ``article`` and notes on those that cannot be applied."""
    found, notes = [], []
    for match in _COMMENT.finditer(article.text):
        line, _ = article.position(match.start())
        where = f"{article.path}:{line}"
        kind, reason = match.group("kind"), " ".join(match.group("reason").split())
        if kind not in rules.names():
            notes.append(
                f"{where}: discrepancy-ignore needs a rule or a kind ({', '.join(rules.KINDS)}, "
                f"or a rule id from 'discrepancy rules'), got {kind or 'nothing'!r}; not applied"
            )
        elif not reason:
            notes.append(
                f"{where}: discrepancy-ignore: {kind} gives no reason; not applied "
                "(write why, e.g. <!-- discrepancy-ignore: number toll updated at 18:00 -->)"
            )
        else:
            start, end = _paragraph_after(article.text, match.end())
            found.append(Suppression(article.id, kind, start, end, reason))
    return found, notes


def key(mention: Mention) -> str:
    """How a covered mention is named in ``Finding.detail``."""
    return f"{mention.article}:{mention.line}:{mention.column}"


def split(
    findings: Iterable[Finding], suppressions: Sequence[Suppression], draft: str | None = None
) -> tuple[list[Finding], list[Finding]]:
    """(kept, suppressed) findings. A finding is suppressed when every mention it is reported
    at (in draft mode, the draft's) is covered; a kept finding names its covered mentions in
    its detail under ``SUPPRESSED`` so renderers do not report it there."""
    kept: list[Finding] = []
    suppressed: list[Finding] = []
    for finding in findings:
        mentions = [m for v in finding.values for m in v.mentions if draft is None or m.article == draft]
        covered = [m for m in mentions if any(s.covers(finding, m) for s in suppressions)]
        if mentions and len(covered) == len(mentions):
            suppressed.append(finding)
        elif covered:
            names = tuple(dict.fromkeys(key(m) for m in covered))
            kept.append(replace(finding, detail=finding.detail + ((SUPPRESSED, names),)))
        else:
            kept.append(finding)
    return kept, suppressed
