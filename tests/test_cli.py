"""End to end: the installed ``discrepancy`` command in a subprocess, on real files."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"
EXE = shutil.which("discrepancy", path=str(Path(sys.executable).parent)) or "discrepancy"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([EXE, *args], cwd=cwd, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "NO_COLOR": "1"})


@pytest.fixture(scope="module")
def seeds_json() -> dict:
    result = run("check", str(SEEDS), "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_json_report_follows_the_contract(seeds_json):
    assert seeds_json["schema"] == "discrepancy/report@1"
    assert [a["id"] for a in seeds_json["articles"]] == sorted(p.stem for p in SEEDS.glob("*.txt"))
    assert set(seeds_json["summary"]) >= {"articles", "facts", "findings"}
    for finding in seeds_json["findings"]:
        assert finding["kind"] in {"number", "date", "entity", "quote", "attribution", "temporal"}
        assert finding["severity"] in {"error", "warning", "info"}
        assert isinstance(finding["internal"], bool) and finding["id"].startswith(finding["kind"])
        for value in finding["values"]:
            assert {"text", "normalized", "mentions"} <= set(value)
            for m in value["mentions"]:
                assert m["line"] >= 1 and m["column"] >= 1 and m["sentence"]


def test_mentions_point_at_the_text_on_disk(seeds_json):
    for finding in seeds_json["findings"]:
        for value in finding["values"]:
            for m in value["mentions"]:
                lines = (SEEDS / f"{m['article']}.txt").read_text(encoding="utf-8").splitlines()
                line = lines[m["line"] - 1]
                assert m["column"] <= len(line) + 1
                assert line[m["column"] - 1:].startswith(value["text"][:1]) or finding["kind"] in ("quote", "attribution")


def test_death_toll_conflict_on_the_seeds(seeds_json):
    tolls = [f for f in seeds_json["findings"] if f["kind"] == "number" and f["subject"] == "people killed"]
    assert len(tolls) == 1 and tolls[0]["severity"] == "error"
    assert {v["normalized"] for v in tolls[0]["values"]} >= {">=143", "144"}


def test_markdown_is_the_default_and_exit_status_follows_fail_on():
    result = run("check", str(SEEDS))
    assert result.returncode == 1 and result.stdout.startswith("# Discrepancy report")
    assert "people killed" in result.stdout and "004_860e386cb840722a" in result.stdout
    assert run("check", str(SEEDS), "--exit-zero").returncode == 0


def test_output_file_is_written_atomically(tmp_path):
    target = tmp_path / "report.json"
    result = run("check", str(SEEDS), "--format", "json", "-o", str(target))
    assert result.stdout == "" and json.loads(target.read_text())["schema"] == "discrepancy/report@1"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_extract_prints_the_facts_table_as_csv():
    result = run("extract", str(SEEDS), "--kind", "number")
    assert result.returncode == 0
    header = result.stdout.splitlines()[0].split(",")
    assert header[:5] == ["article", "kind", "subject", "text", "normalized"]
    assert "at least 143" in result.stdout


@pytest.mark.parametrize("setup, needle", [
    (lambda d: [str(d / "nope")], "no such file or folder"),
    (lambda d: [(d / "empty").mkdir() or str(d / "empty")], "holds no .txt or .md"),
    (lambda d: [(d / "x.txt").write_bytes(b"\x00\x01\x02") and str(d / "x.txt")], "binary"),
    (lambda d: [(d / "y.txt").write_bytes(b"\xff\xfe bad") and str(d / "y.txt")], "not valid UTF-8"),
])
def test_input_errors_exit_2_with_one_line_and_no_traceback(tmp_path, setup, needle):
    result = run("check", *setup(tmp_path))
    assert result.returncode == 2
    assert needle in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_input_files_are_never_written(tmp_path):
    copy = tmp_path / "seeds"
    shutil.copytree(SEEDS, copy)
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in copy.iterdir()}
    run("check", str(copy), "--format", "json")
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in copy.iterdir()} == before


def test_help_and_version():
    result = run("--help")
    assert result.returncode == 0 and "check" in result.stdout and "extract" in result.stdout
    assert "Exit status" in run("check", "--help").stdout
    assert run("--version").stdout.startswith("discrepancy, version")


def test_help_path_imports_nothing_heavy():
    code = ("import sys, discrepancy.cli; heavy = {'pandas', 'dateparser', 'quantulum3', 'rapidfuzz'} & set(sys.modules);"
            "print(sorted(heavy))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
