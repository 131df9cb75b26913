"""The ``discrepancy/report@1`` JSON report (the contract other tools read)."""

from __future__ import annotations

import json

from ..model import Finding, Report
from .anchors import story_of

SCHEMA = "discrepancy/report@1"


def _finding(report: Report, finding: Finding) -> dict:
    return {**finding.to_dict(), "story": story_of(report, finding)}


def report_dict(report: Report) -> dict:
    """The report as plain data, following ``discrepancy/report@1``."""
    return {
        "schema": SCHEMA,
        "articles": [
            {
                "id": a.id,
                "path": a.path,
                "title": a.title,
                "published": a.published,
                "published_source": a.published_source,
                "words": a.words,
            }
            for a in report.articles
        ],
        "findings": [_finding(report, f) for f in report.findings],
        "summary": {
            "articles": len(report.articles),
            "facts": int(len(report.records)),
            "findings": report.counts(),
        },
        "notes": list(report.notes),
        "stories": [s.to_dict() for s in report.stories],
        "draft": report.draft,
        "context": [_finding(report, f) for f in report.context],
        "accepted": [f.id for f in report.accepted],
    }


def render(report: Report) -> str:
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"
