"""Helpers for the copy-desk and CI tests: the CLI in a subprocess, hand-built reports."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from discrepancy.articles import load_text
from discrepancy.model import Finding, Mention, Report, Value

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"
STORIES = ROOT / "fixtures" / "stories"
EXE = shutil.which("discrepancy", path=str(Path(sys.executable).parent)) or "discrepancy"


def run(
    *args: str, cwd: Path = ROOT, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """The real ``discrepancy`` command, as a user runs it."""
    environ = {k: v for k, v in os.environ.items() if k != "GITHUB_STEP_SUMMARY"}
    environ.update(env or {})
    return subprocess.run(
        [EXE, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        input=stdin if stdin is not None else "",
        env=environ,
    )


def finding_at(
    article,
    needle: str,
    other,
    other_needle: str,
    severity: str = "error",
    kind: str = "number",
    subject: str = "people killed",
) -> Finding:
    """A finding whose two values are the first occurrences of two strings in two articles."""
    values = []
    for doc, text in ((article, needle), (other, other_needle)):
        start = doc.text.index(text)
        line, column = doc.position(start)
        values.append(
            Value(
                text=text,
                normalized=text.lower(),
                mentions=(Mention(doc.id, line, column, f"sentence with {text}", start, start + len(text)),),
            )
        )
    return Finding(
        kind=kind,
        severity=severity,
        subject=subject,
        rule=f"{kind}-conflict",
        message=f"{subject} differs: {needle} vs {other_needle}",
        values=tuple(values),
    )


def two_article_report(
    severity: str = "error",
    first: str = "The attack killed 12 people.\n",
    second: str = "The attack killed 15 people.\n",
) -> Report:
    """Two tiny articles and one finding of ``severity`` between them."""
    a = load_text(first, article_id="a", path="a.txt")
    b = load_text(second, article_id="b", path="b.txt")
    finding = finding_at(a, "12", b, "15", severity=severity)
    return Report(articles=[a, b], records=[], findings=[finding])
