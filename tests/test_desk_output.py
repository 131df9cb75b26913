"""What a run says: --min-severity filters what is shown (not the exit status), --quiet drops
notes, a one-line summary always ends stderr, colour only on a terminal without NO_COLOR,
and notes come after the findings."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess

import pytest
from desk import EXE, ROOT, SEEDS, run

SUMMARY = re.compile(r"^discrepancy: (\d+) error, (\d+) warning, (\d+) info in 5 article\(s\)")


@pytest.fixture(scope="module")
def everything():
    return run("check", str(SEEDS), "-f", "line")


def _summary(result) -> str:
    last = result.stderr.strip().splitlines()[-1]
    assert SUMMARY.match(last), result.stderr
    return last


def test_min_severity_hides_info_but_not_the_exit_status(everything):
    shown = run("check", str(SEEDS), "-f", "line", "--min-severity", "warning")
    assert everything.returncode == shown.returncode == 1
    assert any(" info " in line for line in everything.stdout.splitlines())
    assert shown.stdout and not any(" info " in line for line in shown.stdout.splitlines())
    assert len(shown.stdout.splitlines()) < len(everything.stdout.splitlines())
    errors_only = run("check", str(SEEDS), "-f", "json", "--min-severity", "error", "--fail-on", "warning")
    assert {f["severity"] for f in json.loads(errors_only.stdout)["findings"]} == {"error"}
    assert errors_only.returncode == 1
    assert "below --min-severity not shown" in _summary(shown)


def test_summary_counts_every_severity_and_says_where_the_report_went(everything, tmp_path):
    counts = SUMMARY.match(_summary(everything)).groups()
    lines = everything.stdout.splitlines()
    assert int(counts[0]) == len({re.search(r"\[(\S+)\]$", x).group(1) for x in lines if ": error " in x})
    assert _summary(everything).endswith("report on standard output")
    target = tmp_path / "report.json"
    written = run("check", str(SEEDS), "-f", "json", "-o", str(target))
    assert written.stdout == "" and _summary(written).endswith(f"report written to {target}")


def test_quiet_leaves_only_the_summary(everything):
    assert "discrepancy: note:" in everything.stderr
    quiet = run("check", str(SEEDS), "-f", "line", "--quiet")
    assert quiet.stdout == everything.stdout
    assert quiet.stderr.strip().splitlines() == [_summary(everything)]


def test_notes_come_after_the_findings():
    merged = subprocess.run(
        [EXE, "check", str(SEEDS), "-f", "line"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=120,
    )
    lines = merged.stdout.splitlines()
    last_finding = max(i for i, x in enumerate(lines) if re.match(r"^\S+:\d+:\d+: ", x))
    first_note = min(i for i, x in enumerate(lines) if x.startswith("discrepancy: note:"))
    assert first_note > last_finding


def _on_a_terminal(*args: str, env: dict[str, str] | None = None) -> str:
    """The command's output as a terminal shows it (stdout and stderr on a pseudo-terminal)."""
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "GITHUB_STEP_SUMMARY")}
    environ.update(env or {})
    main, child = pty.openpty()
    proc = subprocess.Popen(
        [EXE, *args], cwd=ROOT, stdin=subprocess.DEVNULL, stdout=child, stderr=child, env=environ
    )
    os.close(child)
    chunks = []
    while True:
        try:
            data = os.read(main, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(main)
    return b"".join(chunks).decode("utf-8", "replace")


def test_colour_on_a_terminal_only_and_not_with_no_color(everything):
    coloured = _on_a_terminal("check", str(SEEDS), "-f", "line")
    assert re.search(r"\x1b\[[0-9;]*m(error)\x1b\[0m", coloured)
    assert "\x1b[" not in _on_a_terminal("check", str(SEEDS), "-f", "line", env={"NO_COLOR": "1"})
    assert "\x1b[" not in everything.stdout + everything.stderr  # pipes: never
