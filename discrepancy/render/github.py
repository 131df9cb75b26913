"""GitHub Actions workflow commands (``::error file=…,line=…::message``): findings appear
as annotations on the pull request's files.

GitHub shows at most 10 errors, 10 warnings and 10 notices per step, so each level is
capped here; the full markdown report belongs in the job summary (``step_summary``).
"""

from __future__ import annotations

import os
from pathlib import Path

from ..model import Finding, Mention, Report, Value, severity_rank
from .anchors import anchors, articles_by_id, message

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}
LIMIT = 10


def escape_data(text: str) -> str:
    """Escape a command's message as the Actions runner expects."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a command property value (file, title): also ':' and ','."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _ranked_anchors(report: Report) -> list[tuple[Finding, Value, Mention]]:
    """Every anchor, most severe first; each finding's first anchor before any second one,
    so the capped annotations cover as many findings as possible."""
    findings = sorted(report.findings, key=lambda f: -severity_rank(f.severity))
    anchored = [[(f, v, m) for v, m in anchors(report, f)] for f in findings]
    firsts = [a[0] for a in anchored if a]
    rest = [x for a in anchored for x in a[1:]]
    return sorted(firsts, key=lambda x: -severity_rank(x[0].severity)) + rest


def render(report: Report) -> str:
    """Annotations, at most ``LIMIT`` per level, then a plain line saying how many were left out."""
    articles = articles_by_id(report)
    shown = dict.fromkeys(LEVELS.values(), 0)
    left_out = 0
    lines = []
    for finding, value, mention in _ranked_anchors(report):
        level = LEVELS[finding.severity]
        if shown[level] >= LIMIT:
            left_out += 1
            continue
        shown[level] += 1
        path = articles[mention.article].path if mention.article in articles else mention.article
        title = f"discrepancy {finding.kind}: {finding.subject}"
        props = (
            f"file={escape_property(path)},line={mention.line},col={mention.column},"
            f"title={escape_property(title)}"
        )
        lines.append(f"::{level} {props}::{escape_data(message(report, finding, value, mention))}")
    if left_out:
        lines.append(
            f"discrepancy: {left_out} more annotation(s) not shown (GitHub keeps "
            f"{LIMIT} per level); the job summary has the full report"
        )
    counts = report.counts()
    lines.append(
        f"discrepancy: {len(report.findings)} finding(s): " + ", ".join(f"{n} {s}" for s, n in counts.items())
    )
    return "".join(line + "\n" for line in lines)


def step_summary(markdown: str, environ: dict[str, str] | None = None) -> str | None:
    """Append the markdown report to ``$GITHUB_STEP_SUMMARY`` when it is set; its path."""
    target = (environ if environ is not None else os.environ).get("GITHUB_STEP_SUMMARY")
    if not target:
        return None
    with Path(target).open("a", encoding="utf-8") as fh:
        fh.write(markdown)
    return target
