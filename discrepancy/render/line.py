"""``path:line:col: severity kind: message``, one line per mention: for editors and grep."""

from __future__ import annotations

from ..model import Report
from .anchors import anchors, articles_by_id, message


def render(report: Report) -> str:
    """One line per place a finding is written (in draft mode, per place in the draft)."""
    articles = articles_by_id(report)
    lines = []
    for finding in report.findings:
        for value, mention in anchors(report, finding):
            path = articles[mention.article].path if mention.article in articles else mention.article
            lines.append(
                f"{path}:{mention.line}:{mention.column}: {finding.severity} {finding.kind}: "
                f"{message(report, finding, value, mention)}"
            )
    return "".join(line + "\n" for line in lines)
