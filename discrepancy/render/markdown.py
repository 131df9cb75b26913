"""Markdown: an article table, a summary, then one section per finding with a diff table
(rows = subject, columns = articles, odd values in bold) and the evidence sentences."""
from __future__ import annotations

from collections import Counter

from ..model import Finding, Report

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
    counts = Counter(a for v in finding.values for a in v.articles)
    weight = {v.normalized: len(v.articles) for v in finding.values}
    majority = max(weight.values()) if weight else 0
    header = "| subject | " + " | ".join(f"`{cell(a)}`" for a in articles) + " |"
    lines = [header, "|---|" + "---|" * len(articles)]
    cells = []
    for article in articles:
        shown = []
        for value in finding.values:
            if article in value.articles:
                text = cell(value.text)
                odd = weight[value.normalized] < majority or len(finding.values) == 2 and majority == 1
                shown.append(f"**{text}**" if odd and counts[article] else text)
        cells.append(" / ".join(shown) or "—")
    lines.append(f"| {cell(finding.subject)} | " + " | ".join(cells) + " |")
    return lines


def _finding_section(number: int, finding: Finding) -> list[str]:
    where = "inside one article" if finding.internal else f"{len(finding.articles)} articles"
    lines = [f"### {number}. {ICONS[finding.severity]} · {finding.kind} · {cell(finding.subject)}",
             "", f"{finding.message}", "", f"`{finding.id}` · {where}", ""]
    lines += _diff_table(finding)
    detail = dict(finding.detail)
    for key, value in detail.items():
        if isinstance(value, str) and value:
            lines += ["", f"**{key}:** {value}"]
    lines += ["", "Evidence:", ""]
    for value in finding.values:
        for m in value.mentions:
            lines.append(f"- `{m.article}:{m.line}:{m.column}` **{cell(value.text)}** — "
                         f"“{quote_sentence(m.sentence)}”")
    return lines + [""]


def render(report: Report) -> str:
    counts = report.counts()
    lines = ["# Discrepancy report", ""]
    lines += _articles_table(report)
    summary = ", ".join(f"{n} {s}" for s, n in counts.items())
    lines += ["", f"**{len(report.findings)} findings** ({summary}) from {len(report.facts)} facts "
              f"in {len(report.articles)} articles.", ""]
    for note in report.notes:
        lines.append(f"> note: {note}")
    if report.notes:
        lines.append("")
    if not report.findings:
        lines += ["No disagreements found.", ""]
    for number, finding in enumerate(report.findings, 1):
        lines += _finding_section(number, finding)
    return "\n".join(lines).rstrip() + "\n"
