"""What renderers share about placing a finding: where it is anchored, what the other
articles say, and which story it belongs to, so every format agrees.

In draft mode a finding is anchored at the draft's mentions only, with the references'
values beside it; otherwise at every mention. A mention an inline ``discrepancy-ignore``
comment covers is not an anchor. Values are always quoted in each article's own words.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Article, Finding, Mention, Report, Value
from ..suppress import SUPPRESSED, key


def anchors(report: Report, finding: Finding) -> Iterator[tuple[Value, Mention]]:
    """(value, mention) pairs a finding is reported at, in order."""
    covered = suppressed(finding)
    for value in finding.values:
        for mention in value.mentions:
            if (report.draft is None or mention.article == report.draft) and key(mention) not in covered:
                yield value, mention


def suppressed(finding: Finding) -> frozenset[str]:
    """The mentions ("article:line:column") inline comments cover: reported elsewhere, not there."""
    return frozenset(dict(finding.detail).get(SUPPRESSED, ()))


def elsewhere(report: Report, finding: Finding, here: Value) -> str:
    """The values of a finding in other articles and where: '“144” in 004; “137” in 001'.

    In draft mode every value the references hold is listed (including the draft's own,
    so an editor sees who agrees); otherwise the values other than ``here``."""
    wordings: dict[str, list[str]] = {}
    for value in finding.values:
        if report.draft is None and value is here:
            continue
        for article in value.articles:
            if article != report.draft:
                wordings.setdefault(value.wording(article), []).append(article)
    return "; ".join(f"“{w}” in {', '.join(articles)}" for w, articles in wordings.items())


def one_line(text: str) -> str:
    """Whitespace (newlines included) collapsed, so a message stays on one line."""
    return " ".join(str(text).split())


def message(report: Report, finding: Finding, here: Value, at: Mention | None = None) -> str:
    """The finding's message for one anchor, naming the value here (as the mention ``at``
    writes it) and the others."""
    others = elsewhere(report, finding, here)
    label = "references say" if report.draft is not None else "elsewhere"
    words = at.words(here.text) if at is not None else here.text
    text = f"{finding.subject}: {finding.message} — here “{words}”"
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
