"""Engines: the same report from this process and from a Dask cluster (real worker
processes, the CLI in a subprocess), a worker killed mid-run, JSON lines, progress lines."""

from __future__ import annotations

import io
import json
import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from discrepancy.engines.progress import ProgressLine

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CLUSTERS = ROOT / "fixtures" / "clusters"
DRAFTS = ROOT / "fixtures" / "stories" / "draft"

#: Dask runs tasks outside the main thread, where a slow library call cannot be cut off
#: (``discrepancy.guard``); with no limit in either engine the reports cannot depend on the load.
NO_LIMIT = {"DISCREPANCY_CALL_LIMIT": "0"}


def run_check(
    *args: str, cache: Path, env: dict | None = None, timeout: float = 60
) -> subprocess.CompletedProcess:
    """The CLI in a subprocess, with its own facts cache (so each engine extracts for itself)."""
    return subprocess.run(
        [str(BIN / "discrepancy"), "check", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
        env={**os.environ, **NO_LIMIT, "DISCREPANCY_CACHE_DIR": str(cache), **(env or {})},
    )


def report(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.timeout(90)
def test_dask_on_a_local_cluster_gives_the_local_report(tmp_path):
    outputs = {}
    for engine in ("local", "dask"):
        out = tmp_path / f"{engine}.json"
        done = run_check(
            str(CLUSTERS), "--engine", engine, "-f", "json", "-o", str(out), cache=tmp_path / engine
        )
        assert done.returncode == 1, done.stderr
        outputs[engine] = report(out)
    expected = outputs["local"]
    assert expected["findings"] and len(expected["stories"]) == 5
    assert outputs["dask"] == expected  # findings, stories, accepted, notes: all of it


@pytest.mark.timeout(90)
def test_a_draft_checked_on_dask_gets_the_local_report(tmp_path):
    outputs = {}
    for engine in ("local", "dask"):
        out = tmp_path / f"{engine}.json"
        done = run_check(
            str(DRAFTS / "draft.md"),
            "--against",
            str(DRAFTS / "refs"),
            "--engine",
            engine,
            "-f",
            "json",
            "-o",
            str(out),
            "--exit-zero",
            cache=tmp_path / engine,
        )
        assert done.returncode == 0, done.stderr
        outputs[engine] = report(out)
    assert outputs["local"]["draft"] and outputs["local"]["findings"]
    assert outputs["dask"] == outputs["local"]


def _generate(folder: Path, n: int, stories: int) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "corpus.py"), str(n), str(stories), str(folder)],
        check=True,
        capture_output=True,
        timeout=30,
    )


def _articles_read(line: str) -> tuple[int, int] | None:
    """(read, total) articles from a progress line."""
    if not line.startswith("discrepancy: progress: "):
        return None
    done, total = line.split()[2].replace(",", "").split("/")
    return int(done), int(total)


def _stop(procs: list[subprocess.Popen]) -> None:
    for proc in reversed(procs):
        if proc.poll() is None:
            proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@pytest.mark.timeout(120)
def test_a_worker_killed_mid_run_costs_nothing_but_time(tmp_path):
    corpus = tmp_path / "corpus"
    _generate(corpus, 120, 12)
    expected = tmp_path / "local.json"
    local = run_check(
        str(corpus),
        "--group",
        "by-folder",
        "-f",
        "json",
        "-o",
        str(expected),
        "--exit-zero",
        cache=tmp_path / "c1",
    )
    assert local.returncode == 0, local.stderr
    cache = tmp_path / "c2"  # the cluster extracts for itself
    env = {**os.environ, **NO_LIMIT, "DISCREPANCY_CACHE_DIR": str(cache), "DISCREPANCY_PROGRESS_EVERY": "0"}
    dask_bin, info = str(BIN / "dask"), tmp_path / "scheduler.json"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
    procs = [
        subprocess.Popen(
            [dask_bin, "scheduler", "--scheduler-file", str(info), "--port", "0", "--no-dashboard"], **quiet
        )
    ]
    try:
        deadline = time.monotonic() + 30
        while not info.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        worker_args = [
            "worker",
            "--scheduler-file",
            str(info),
            "--nthreads",
            "1",
            "--no-nanny",
            "--no-dashboard",
        ]
        workers = [subprocess.Popen([dask_bin, *worker_args], **quiet) for _ in range(2)]
        procs += workers
        address = json.loads(info.read_text())["address"]
        out = tmp_path / "dask.json"
        args = [
            "--group",
            "by-folder",
            "--engine",
            "dask",
            "--scheduler",
            address,
            "-f",
            "json",
            "-o",
            str(out),
        ]
        run = subprocess.Popen(
            [str(BIN / "discrepancy"), "check", str(corpus), *args, "--exit-zero"],
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        procs.append(run)
        killed_at = None
        assert run.stderr is not None
        for line in run.stderr:
            read = _articles_read(line)
            if killed_at is None and read is not None and 0 < read[0] < read[1] - 20:
                workers[0].send_signal(signal.SIGKILL)  # its running and queued tasks are lost
                killed_at = read
        assert run.wait(timeout=90) == 0
        assert killed_at is not None, "the run ended before a worker could be killed"
        assert workers[0].wait(timeout=5) == -signal.SIGKILL
        assert report(out) == report(expected)
        assert _rerun_after_a_lost_worker(address) > 0  # the scheduler ran the lost tasks again
    finally:
        _stop(procs)


def _rerun_after_a_lost_worker(address: str) -> int:
    """Tasks the scheduler took back from a worker that left while they ran or waited there."""
    from distributed import Client

    def count(dask_scheduler) -> int:
        return sum(
            1
            for key, start, finish, *_, stimulus, _when in dask_scheduler.transition_log
            if start == "processing" and finish != "memory" and "worker-cleanup" in str(stimulus)
        )

    with Client(address, timeout="20s") as client:
        return client.run_on_scheduler(count)


def test_json_lines_hold_each_storys_final_findings_as_it_is_compared(tmp_path):
    lines, whole = tmp_path / "stories.jsonl", tmp_path / "report.json"
    lines.write_text("an earlier run\n", encoding="utf-8")
    done = run_check(
        str(CLUSTERS), "--jsonl", str(lines), "-f", "json", "-o", str(whole), cache=tmp_path / "c"
    )
    assert done.returncode == 1, done.stderr
    expected = report(whole)
    rows = [json.loads(line) for line in lines.read_text(encoding="utf-8").splitlines()]
    assert [r["story"] for r in rows] == [s["id"] for s in expected["stories"]]  # in story order
    assert [f for r in rows for f in r["findings"]] == expected["findings"]
    assert f"{len(rows)} stories written to {lines} as JSON lines" in done.stderr
    # only the lines: no report on stdout, the exit status still follows the findings
    alone = run_check(str(CLUSTERS), "--jsonl", str(lines), cache=tmp_path / "c")
    assert alone.returncode == 1 and alone.stdout == ""
    assert [json.loads(line) for line in lines.read_text(encoding="utf-8").splitlines()] == rows


def test_json_lines_of_a_failed_run_leave_an_earlier_file_as_it_was(tmp_path):
    lines = tmp_path / "stories.jsonl"
    lines.write_text("an earlier run\n", encoding="utf-8")
    done = run_check(str(tmp_path / "missing"), "--jsonl", str(lines), cache=tmp_path / "c")
    assert done.returncode == 2, done.stderr
    assert lines.read_text(encoding="utf-8") == "an earlier run\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["stories.jsonl"]  # no temporary file left


def test_articles_named_by_urls_are_read_through_fsspec(tmp_path):
    by_path, by_url = tmp_path / "paths.json", tmp_path / "urls.json"
    first = run_check(str(CLUSTERS), "-f", "json", "-o", str(by_path), cache=tmp_path / "c")
    second = run_check(CLUSTERS.as_uri() + "/", "-f", "json", "-o", str(by_url), cache=tmp_path / "c")
    assert first.returncode == second.returncode == 1, second.stderr
    expected, got = report(by_path), report(by_url)
    assert got["articles"][0]["path"].startswith("file://")
    assert got["findings"] == expected["findings"] and got["stories"] == expected["stories"]
    missing = run_check(CLUSTERS.as_uri() + "/nothing-here/", cache=tmp_path / "c")
    assert missing.returncode == 2
    assert (
        missing.stderr.strip()
        == f"discrepancy: error: {CLUSTERS.as_uri()}/nothing-here/: no such file or folder"
    )


def test_unwritable_json_lines_path_is_one_line_and_exit_2(tmp_path):
    target = tmp_path / "no-such-folder" / "stories.jsonl"
    done = run_check(str(CLUSTERS), "--jsonl", str(target), cache=tmp_path / "c")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"discrepancy: error: --jsonl {target}: folder {target.parent} does not exist"
    ]


def test_scheduler_without_the_dask_engine_is_a_usage_error(tmp_path):
    done = run_check(str(CLUSTERS), "--scheduler", "tcp://127.0.0.1:1", cache=tmp_path / "c")
    assert done.returncode == 2
    assert done.stderr.strip() == "discrepancy: error: --scheduler needs --engine dask"


def test_progress_line_every_few_seconds_whatever_the_stream():
    now = [0.0]
    stream = io.StringIO()  # not a terminal, as in a CI log
    progress = ProgressLine(stream=stream, every=5.0, clock=lambda: now[0])
    articles = list(range(1000))
    ticks = progress(articles)  # type: ignore[arg-type]
    for _ in range(20):
        next(ticks)
    assert stream.getvalue() == ""  # a short run prints nothing
    now[0] = 6.0
    next(ticks)
    assert stream.getvalue() == "discrepancy: progress: 20/1,000 articles read, 0 stories compared (6 s)\n"
    for _ in ticks:
        pass
    now[0] = 12.0
    progress.compared(4, 100)
    assert stream.getvalue().splitlines()[-1] == (
        "discrepancy: progress: 1,000/1,000 articles read, 4/100 stories compared (12 s)"
    )


def test_progress_lines_reach_stderr_when_it_is_not_a_terminal(tmp_path):
    done = run_check(
        str(CLUSTERS), "--exit-zero", env={"DISCREPANCY_PROGRESS_EVERY": "0"}, cache=tmp_path / "c"
    )
    assert done.returncode == 0, done.stderr
    progress = [line for line in done.stderr.splitlines() if line.startswith("discrepancy: progress:")]
    assert progress[0].startswith("discrepancy: progress: 0/17 articles read")
    assert any(
        line.startswith("discrepancy: progress: 17/17 articles read, 5/5 stories") for line in progress
    )
    quiet = run_check(
        str(CLUSTERS), "-q", "--exit-zero", env={"DISCREPANCY_PROGRESS_EVERY": "0"}, cache=tmp_path / "c"
    )
    assert "progress" not in quiet.stderr


def test_story_settings_travel_to_workers_intact():
    from discrepancy.api import StorySettings
    from discrepancy.rules import Policy
    from discrepancy.thresholds import Thresholds

    settings = StorySettings(
        Policy.build(["number"], (), {"number-conflict": "warning"}),
        Thresholds({"story-link": 0.5}),
        (("Kyiv", "Kiev"),),
        (("casualties", 0.1),),
        "draft",
    )
    assert pickle.loads(pickle.dumps(settings)) == settings


def test_the_dask_engine_and_distributed_are_imported_only_for_engine_dask(tmp_path):
    # (pint imports dask's core on its own when dask is installed; the cluster client is ours)
    code = (
        "import sys; from discrepancy.cli import main\n"
        "try:\n    main(['check', sys.argv[1], '--exit-zero', '-q'])\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith(('distributed', 'discrepancy.engines.dask'))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(CLUSTERS)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        env={**os.environ, "DISCREPANCY_CACHE_DIR": str(tmp_path)},
    )
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stderr
