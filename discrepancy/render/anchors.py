"""What renderers share about placing a finding: where it is anchored, what the other
articles say, and which story it belongs to, so every format agrees.

In draft mode a finding is anchored at the draft's mentions only, with the references'
values beside it; otherwise at every mention.
"""
from __future__ import annotations

from collections.abc import Iterator

from ..model import Article, Finding, Mention, Report, Value


def anchors(report: Report, finding: Finding) -> Iterator[tuple[Value, Mention]]:
    """(value, mention) pairs a finding is reported at, in order."""
    for value in finding.values:
        for mention in value.mentions:
            if report.draft is None or mention.article == report.draft:
                yield value, mention


def elsewhere(report: Report, finding: Finding, here: Value) -> str:
    """The values of a finding in other articles and where: '“144” in 004; “137” in 001'.

    In draft mode every value the references hold is listed (including the draft's own,
    so an editor sees who agrees); otherwise the values other than ``here``."""
    parts = []
    for value in finding.values:
        if report.draft is None and value is here:
            continue
        articles = [a for a in value.articles if a != report.draft]
        if articles:
            parts.append(f"“{value.text}” in {', '.join(articles)}")
    return "; ".join(parts)


def one_line(text: str) -> str:
    """Whitespace (newlines included) collapsed, so a message stays on one line."""
    return " ".join(str(text).split())


def message(report: Report, finding: Finding, here: Value) -> str:
    """The finding's message for one anchor, naming the value here and the others."""
    others = elsewhere(report, finding, here)
    label = "references say" if report.draft is not None else "elsewhere"
    text = f"{finding.subject}: {finding.message} — here “{here.text}”"
    if others:
        text += f"; {label}: {others}"
    return one_line(f"{text} [{finding.id}]")


def articles_by_id(report: Report) -> dict[str, Article]:
    """The report's articles by id."""
    return {a.id: a for a in report.articles}


def story_of(report: Report, finding: Finding) -> str | None:
    """The id of the story a finding belongs to (every finding lies inside one story)."""
    articles = set(finding.articles)
    return next((s.id for s in report.stories if articles <= set(s.articles)), None)
