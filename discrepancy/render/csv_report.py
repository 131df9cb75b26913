"""CSV: one row per mention of a finding, for spreadsheets; ``text`` is the mention as its
article writes it, ``value`` the wording that names the value."""

from __future__ import annotations

import csv
import io

from ..model import Report

HEADER = [
    "finding",
    "severity",
    "kind",
    "subject",
    "internal",
    "value",
    "normalized",
    "article",
    "line",
    "column",
    "text",
    "sentence",
    "message",
]


def render(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for finding in report.findings:
        for value in finding.values:
            for m in value.mentions:
                writer.writerow(
                    [
                        finding.id,
                        finding.severity,
                        finding.kind,
                        finding.subject,
                        str(finding.internal).lower(),
                        value.text,
                        value.normalized,
                        m.article,
                        m.line,
                        m.column,
                        m.words(value.text),
                        m.sentence,
                        finding.message,
                    ]
                )
    return out.getvalue()
