"""Markdown: an article table, a summary, then one section per finding with a diff table
(rows = subject, columns = articles, odd values in bold) and the evidence sentences."""

from __future__ import annotations

from ..articles import REPORT_MARKER
from ..model import Finding, Report
from .anchors import story_of, suppressed

ICONS = {"error": "ERROR", "warning": "WARNING", "info": "info"}


def cell(text: object) -> str:
    """Text made safe for one markdown table cell."""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("\r", " ")


def quote_sentence(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _articles_table(report: Report) -> list[str]:
    lines = ["| article | title | published | words |", "|---|---|---|---:|"]
    for a in report.articles:
        published = f"{a.published} ({a.published_source})" if a.published else "—"
        lines.append(f"| `{cell(a.id)}` | {cell(a.title or '—')} | {cell(published)} | {a.words} |")
    return lines


def _diff_table(finding: Finding) -> list[str]:
    articles = list(finding.articles)
    odd = finding.odd_values()
    header = "| subject | " + " | ".join(f"`{cell(a)}`" for a in articles) + " |"
    lines = [header, "|---|" + "---|" * len(articles)]
    cells = []
    for article in articles:
        shown = []
        for value in finding.values:
            if article in value.articles:
                text = cell(value.wording(article))
                shown.append(f"**{text}**" if value.normalized in odd else text)
        cells.append(" / ".join(shown) or "—")
    lines.append(f"| {cell(finding.subject)} | " + " | ".join(cells) + " |")
    return lines


def _finding_section(number: int, finding: Finding, story: str | None = None) -> list[str]:
    where = "inside one article" if finding.internal else f"{len(finding.articles)} articles"
    if story:
        where += f" · {story}"
    lines = [
        f"### {number}. {ICONS[finding.severity]} · {finding.kind} · {cell(finding.subject)}",
        "",
        f"{finding.message}",
        "",
        f"`{finding.id}` · {_rule(finding)}{where}",
        "",
    ]
    lines += _diff_table(finding)
    detail = dict(finding.detail)
    for key, value in detail.items():
        if isinstance(value, str) and value:
            lines += ["", f"**{key}:** {value}"]
    covered = suppressed(finding)
    if covered:
        lines += ["", f"**accepted by a discrepancy-ignore comment at:** {', '.join(sorted(covered))}"]
    lines += ["", "Evidence:", ""]
    for value in finding.values:
        for m in value.mentions:
            lines.append(
                f"- `{m.article}:{m.line}:{m.column}` **{cell(m.words(value.text))}** — "
                f"“{quote_sentence(m.sentence)}”"
            )
    return lines + [""]


def render(report: Report) -> str:
    counts = report.counts()
    lines = ["# Discrepancy report", ""]
    lines += _articles_table(report)
    summary = ", ".join(f"{n} {s}" for s, n in counts.items())
    lines += [
        "",
        f"**{len(report.findings)} findings** ({summary}) from {len(report.records)} facts "
        f"in {len(report.articles)} articles.",
        "",
    ]
    lines += _stories_section(report)
    if report.draft:
        lines += [f"## Where the draft `{cell(report.draft)}` disagrees", ""]
    if not report.findings:
        lines += ["No disagreements found.", ""]
    for number, finding in enumerate(report.findings, 1):
        lines += _finding_section(number, finding, _story_label(report, finding))
    if report.context:
        lines += [
            "## Context: the references disagree among themselves",
            "",
            "These do not involve the draft; they are listed so the desk knows which sources are unsettled.",
            "",
        ]
        for number, finding in enumerate(report.context, len(report.findings) + 1):
            lines += _finding_section(number, finding, _story_label(report, finding))
    if report.notes:
        lines += ["## Notes", ""] + [f"> note: {note}" for note in report.notes] + [""]
    # marks the file as a report, so a later run over its folder does not read it as an article
    lines += [f"<!-- {REPORT_MARKER} -->"]
    return "\n".join(lines).rstrip() + "\n"


def _story_label(report: Report, finding: Finding) -> str | None:
    """The finding's story, named only when the report has several."""
    return story_of(report, finding) if len(report.stories) > 1 else None


def _stories_section(report: Report) -> list[str]:
    """Which articles were compared together, and why (only when there is a choice to show)."""
    if len(report.stories) < 2 and not (report.stories and report.stories[0].terms):
        return []
    lines = [
        "## Stories",
        "",
        "Facts are compared only between articles of the same story.",
        "",
        "| story | articles | why grouped |",
        "|---|---|---|",
    ]
    for story in report.stories:
        articles = ", ".join(f"`{cell(a)}`" for a in story.articles)
        lines.append(f"| {cell(story.id)} | {articles} | {cell(story.reason)} |")
    notes = [f"> {story.id}: {note}" for story in report.stories for note in getattr(story, "notes", ())]
    return lines + [""] + (notes + [""] if notes else [])


def _rule(finding: Finding) -> str:
    """ "rule `entity-role` · ": the id to give --skip or discrepancy-ignore."""
    return f"rule `{finding.rule}` · " if finding.rule else ""
