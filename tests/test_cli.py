"""End to end: the installed ``discrepancy`` command in a subprocess, on real files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"
EXE = shutil.which("discrepancy", path=str(Path(sys.executable).parent)) or "discrepancy"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [EXE, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1"},
    )


@pytest.fixture(scope="module")
def seeds_json() -> dict:
    result = run("check", str(SEEDS), "--format", "json")
    assert result.returncode == 1, result.stderr  # the seeds hold errors (the death toll)
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
                assert line[m["column"] - 1 :].startswith(value["text"][:1]) or finding["kind"] in (
                    "quote",
                    "attribution",
                )


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


@pytest.mark.parametrize(
    "setup, needle",
    [
        (lambda d: [str(d / "nope")], "no such file or folder"),
        (lambda d: [(d / "empty").mkdir() or str(d / "empty")], "holds no .txt or .md"),
        (lambda d: [(d / "x.txt").write_bytes(b"\x00\x01\x02") and str(d / "x.txt")], "binary"),
        (lambda d: [(d / "y.txt").write_bytes(b"\xc3\x28 bad") and str(d / "y.txt")], "not valid UTF-8"),
        (lambda d: [(d / "u.txt").write_bytes("Quake".encode("utf-16")) and str(d / "u.txt")], "UTF-16"),
        (
            lambda d: [(d / "d.txt").write_text("date 2024-13-45\nText.") and str(d / "d.txt")],
            "is not a date",
        ),
        (lambda d: [os.mkfifo(d / "pipe.txt") or str(d / "pipe.txt")], "not a regular file"),
    ],
)
def test_input_errors_exit_2_with_one_line_and_no_traceback(tmp_path, setup, needle):
    result = run("check", *setup(tmp_path))
    assert result.returncode == 2
    assert needle in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
def test_input_files_are_never_written(tmp_path, option):
    copy = tmp_path / "seeds"
    shutil.copytree(SEEDS, copy)
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in copy.iterdir()}
    target = next(copy.iterdir())
    result = run("check", str(copy), option, str(target))
    assert result.returncode == 2 and "is one of the input articles" in result.stderr
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in copy.iterdir()} == before


def test_output_folder_is_checked_before_any_work(tmp_path):
    result = run("check", str(SEEDS), "-o", str(tmp_path / "missing" / "r.md"))
    assert result.returncode == 2 and "does not exist" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_output_file_gets_ordinary_permissions(tmp_path):
    target = tmp_path / "r.md"
    mask = os.umask(0)
    os.umask(mask)
    run("check", str(SEEDS), "--exit-zero", "-o", str(target))
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask  # as any new file, not 0600


def test_help_and_version():
    result = run("--help")
    assert result.returncode == 0 and "check" in result.stdout and "extract" in result.stdout
    assert "Exit status" in run("check", "--help").stdout
    assert run("--version").stdout.startswith("discrepancy, version")


def test_help_path_imports_nothing_heavy():
    code = (
        "import sys, discrepancy.cli; heavy = {'pandas', 'dateparser', 'quantulum3', 'rapidfuzz'} & set(sys.modules);"
        "print(sorted(heavy))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_a_draft_on_stdin_that_is_not_utf8_is_an_input_error():
    result = subprocess.run(
        [EXE, "check", "-", "--against", str(SEEDS)],
        input=b"caf\xe9 au lait",
        capture_output=True,
        timeout=120,
    )
    assert (
        result.returncode == 2 and b"not valid UTF-8" in result.stderr and b"Traceback" not in result.stderr
    )


def test_same_file_name_in_two_folders_stays_two_articles(tmp_path):
    for folder, figure in (("c1", "Fifty"), ("c2", "Thirty")):
        (tmp_path / folder / "x").mkdir(parents=True)
        (tmp_path / folder / "x" / "f.txt").write_text(
            f"date 2025-01-02\n{figure} people were killed in the fire.\n"
        )
    result = run("check", str(tmp_path / "c1"), str(tmp_path / "c2"), "--format", "json")
    report = json.loads(result.stdout)
    assert sorted(a["id"] for a in report["articles"]) == ["c1/x/f", "c2/x/f"]
    (toll,) = [f for f in report["findings"] if f["subject"] == "people killed"]
    assert toll["severity"] == "error" and not toll["internal"]


@pytest.mark.parametrize(
    "args, said",
    [
        (("check", "fixtures/seeds", "--engine", "nope"), "'nope' is not one of"),
        (("check",), "Missing argument"),
        (("check", "fixtures/seeds", "--bogus"), "No such option '--bogus'"),
        (("nosuch",), "No such command 'nosuch'"),
    ],
)
def test_a_usage_error_is_one_line_and_exit_2(args, said):
    result = run(*args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("discrepancy: error: ") and said in lines[0]
    assert "--help'" in lines[0]


@pytest.mark.parametrize(
    "raised, status, said",
    [
        (
            click.ClickException("the config cannot be read"),
            2,
            "discrepancy: error: the config cannot be read",
        ),
        (click.Abort(), 130, "discrepancy: interrupted; nothing was written"),
    ],
)
def test_a_refusal_is_never_exit_1_which_means_findings(monkeypatch, capsys, raised, status, said):
    from discrepancy import cli

    def refuse(*args, **kwargs):
        raise raised

    monkeypatch.setattr(click.Group, "main", refuse)
    with pytest.raises(SystemExit) as exited:
        cli.main.main(["check", "x"])
    assert exited.value.code == status
    assert capsys.readouterr().err.strip().splitlines() == [said]
