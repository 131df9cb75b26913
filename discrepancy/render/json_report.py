"""The ``discrepancy/report@1`` JSON report (the contract other tools read)."""
from __future__ import annotations

import json

from ..model import Report

SCHEMA = "discrepancy/report@1"


def report_dict(report: Report) -> dict:
    """The report as plain data, following ``discrepancy/report@1``."""
    return {
        "schema": SCHEMA,
        "articles": [{"id": a.id, "path": a.path, "title": a.title, "published": a.published,
                      "published_source": a.published_source, "words": a.words}
                     for a in report.articles],
        "findings": [f.to_dict() for f in report.findings],
        "summary": {"articles": len(report.articles), "facts": int(len(report.facts)),
                    "findings": report.counts()},
        "notes": list(report.notes),
    }


def render(report: Report) -> str:
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"
