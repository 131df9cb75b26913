"""CSV: one row per mention of a finding, for spreadsheets."""
from __future__ import annotations

import csv
import io

from ..model import Report

HEADER = ["finding", "severity", "kind", "subject", "internal", "value", "normalized",
          "article", "line", "column", "sentence", "message"]


def render(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for finding in report.findings:
        for value in finding.values:
            for m in value.mentions:
                writer.writerow([finding.id, finding.severity, finding.kind, finding.subject,
                                 str(finding.internal).lower(), value.text, value.normalized,
                                 m.article, m.line, m.column, m.sentence, finding.message])
    return out.getvalue()
