"""The copy desk and CI end to end: draft mode (file and stdin), exit codes and --fail-on,
baselines, inline suppressions, GitHub output with a job summary, and the CLI reference."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from desk import ROOT, STORIES, run, two_article_report
from discrepancy import baseline
from discrepancy.api import check
from discrepancy.articles import InputError
from discrepancy.cli import exit_status
from discrepancy.model import SEVERITIES
from discrepancy.render import renderer

DRAFT = STORIES / "draft" / "draft.md"
REFS = STORIES / "draft" / "refs"


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    """A folder whose .discrepancy.toml asks for JSON, and where a baseline is written."""
    cwd = tmp_path_factory.mktemp("desk")
    (cwd / ".discrepancy.toml").write_text('format = "json"\n')
    return cwd


@pytest.fixture(scope="module")
def stdin_run(desk):
    """The draft piped on stdin, recording its findings as the baseline."""
    return run("check", "-", "--against", str(REFS), "--write-baseline", "baseline.json",
               cwd=desk, stdin=DRAFT.read_text())


def test_draft_on_stdin_is_checked_against_the_references(stdin_run):
    assert stdin_run.returncode == 0, stdin_run.stderr       # writing a baseline accepts what is there
    report = json.loads(stdin_run.stdout)                    # format taken from the config file
    assert report["draft"] == "stdin"
    assert report["findings"] and all(
        "stdin" in {m["article"] for v in f["values"] for m in v["mentions"]} for f in report["findings"])
    evacuated = next(f for f in report["findings"] if "2,000" in json.dumps(f))
    assert evacuated["severity"] == "error"
    draft_value = next(v for v in evacuated["values"] if v["mentions"][0]["article"] == "stdin")
    assert (draft_value["mentions"][0]["line"], draft_value["mentions"][0]["column"]) == (9, 1)


def test_disagreements_among_references_alone_are_context(stdin_run):
    report = json.loads(stdin_run.stdout)
    assert report["context"], "wire_a and wire_b disagree on homes destroyed"
    for finding in report["context"]:
        assert "stdin" not in {m["article"] for v in finding["values"] for m in v["mentions"]}
    assert not {f["id"] for f in report["context"]} & {f["id"] for f in report["findings"]}


def test_baseline_then_github_output_with_a_job_summary(stdin_run, desk):
    recorded = json.loads((desk / "baseline.json").read_text())["findings"]
    assert {e["id"] for e in recorded} == {f["id"] for f in json.loads(stdin_run.stdout)["findings"]}
    summary = desk / "summary.md"
    again = run("check", "-", "--against", str(REFS), "--format", "github", "--fail-on", "info",
                "--baseline", "baseline.json", cwd=desk, stdin=DRAFT.read_text(),
                env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert again.returncode == 0, again.stderr               # nothing new since the baseline
    assert "::error" not in again.stdout and "::warning" not in again.stdout
    assert "already in the baseline" in again.stderr
    assert summary.read_text().startswith("# Discrepancy report")


def test_line_format_anchors_draft_findings_in_the_draft():
    lines = renderer("line")(check([str(DRAFT)], against=[str(REFS)])).splitlines()
    assert lines and all(line.startswith(f"{DRAFT}:") for line in lines)
    assert any(":9:1: error number:" in line and "references say" in line and "wire_a" in line
               for line in lines)


def test_new_findings_fail_despite_a_baseline(tmp_path):
    report = check([str(DRAFT)], against=[str(REFS)])
    assert report.findings
    kept = report.findings[1:]
    path = tmp_path / "base.json"
    path.write_text(baseline.dumps(kept))
    again = check([str(DRAFT)], against=[str(REFS)], baseline=baseline.load(path))
    assert [f.id for f in again.findings] == [report.findings[0].id]
    assert {f.id for f in again.accepted} == {f.id for f in kept}


@pytest.mark.parametrize("content", ['{"findings": []}', "not json", '{"schema": "discrepancy/baseline@1", "findings": [{"id": 3}]}'])
def test_bad_baseline_files_are_input_errors(tmp_path, content):
    path = tmp_path / "b.json"
    path.write_text(content)
    with pytest.raises(InputError, match="b.json"):
        baseline.load(path)


@pytest.mark.parametrize("severity", SEVERITIES)
@pytest.mark.parametrize("fail_on", SEVERITIES)
def test_exit_status_for_every_severity_and_threshold(severity, fail_on):
    report = two_article_report(severity)
    expected = 1 if SEVERITIES.index(severity) >= SEVERITIES.index(fail_on) else 0
    assert exit_status(report, fail_on) == expected
    assert exit_status(report, fail_on, exit_zero=True) == 0
    report.findings = []
    assert exit_status(report, fail_on) == 0


def test_inline_suppression_needs_a_reason(tmp_path):
    text = DRAFT.read_text()
    paragraph = "About 2,000 people were evacuated"
    draft = tmp_path / "draft.md"
    draft.write_text(text.replace(paragraph, "<!-- discrepancy-ignore: number prefect's own count, checked by phone -->\n" + paragraph))
    report = check([str(draft)], against=[str(REFS)])
    assert not [f for f in report.findings if f.kind == "number" and "2,000" in str(f.values)]
    assert any("2,000" in str(f.values) for f in report.accepted)
    assert any("suppressed" in n for n in report.notes)

    draft.write_text(text.replace(paragraph, "<!-- discrepancy-ignore: number -->\n" + paragraph))
    report = check([str(draft)], against=[str(REFS)])
    assert any("2,000" in str(f.values) for f in report.findings)
    assert any("gives no reason" in n for n in report.notes)


def test_draft_mode_input_errors():
    result = run("check", str(DRAFT), str(DRAFT), "--against", str(REFS))
    assert result.returncode == 2 and "exactly one DRAFT" in result.stderr
    result = run("check", "-", "--against", str(REFS), stdin="  \n")
    assert result.returncode == 2 and "empty" in result.stderr


def test_cli_reference_is_current():
    result = subprocess.run([sys.executable, str(ROOT / "docs" / "generate_cli.py"), "--check"],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr + "\nregenerate with: python docs/generate_cli.py"


def test_help_imports_nothing_heavy():
    code = ("import sys, discrepancy.cli; heavy = [m for m in ('pandas', 'dateparser', 'quantulum3')"
            " if m in sys.modules]; print(heavy)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "[]"


class _Terminal:
    """A stderr that says it is a terminal and keeps what is written."""

    def __init__(self) -> None:
        self.text = ""

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.text += text
        return len(text)

    def flush(self) -> None:
        pass


def test_ignore_patterns_leave_files_out():
    report = check([str(STORIES / "cluster")], ignore=["*/marathon.txt", "fire_*"])
    assert [a.id for a in report.articles] == ["bus_a", "bus_b", "bus_c"]
    with pytest.raises(InputError, match="ignore pattern"):
        check([str(STORIES / "cluster")], ignore=["*.txt"])
