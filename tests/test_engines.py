"""Engines: the same report from one process, a process pool and a Dask cluster (real
worker processes, the CLI in a subprocess), an archive run's JSON lines, progress lines."""
from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from discrepancy.engines import Tracker

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CLUSTERS = ROOT / "fixtures" / "clusters"


#: Dask runs tasks outside the main thread, where a slow library call cannot be cut off
#: (``discrepancy.guard``); without a limit in both, the reports cannot depend on the
#: machine's load.
NO_LIMIT = {"DISCREPANCY_CALL_LIMIT": "0"}


def run_check(*args: str, env: dict | None = None, timeout: float = 50) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "discrepancy"), "check", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=timeout, env={**os.environ, **NO_LIMIT, **(env or {})})


def report(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.cluster
@pytest.mark.timeout(60)
def test_dask_on_a_local_cluster_finds_what_one_process_finds(tmp_path):
    local, dask = tmp_path / "local.json", tmp_path / "dask.json"
    first = run_check(str(CLUSTERS), "--engine", "local", "-f", "json", "-o", str(local))
    second = run_check(str(CLUSTERS), "--engine", "dask", "-f", "json", "-o", str(dask))
    assert first.returncode == second.returncode == 1, second.stderr
    expected = report(local)
    assert expected["findings"] and len(expected["stories"]) == 5
    assert report(dask) == expected            # findings, stories, facts count, notes: all of it


@pytest.mark.cluster
@pytest.mark.timeout(60)
def test_an_archive_run_of_urls_on_dask_writes_each_storys_findings_as_a_line(tmp_path):
    lines, whole = tmp_path / "stories.jsonl", tmp_path / "local.json"
    assert run_check(str(CLUSTERS), "--engine", "local", "-f", "json", "-o", str(whole)).returncode == 1
    expected = report(whole)
    # the workers read the files through fsspec, as from an object store
    done = run_check(CLUSTERS.as_uri() + "/", "--engine", "dask", "--jsonl", str(lines))
    assert done.returncode == 1, done.stderr
    assert done.stdout == ""                   # the lines are the report
    rows = [json.loads(line) for line in lines.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["story"] for r in rows) == sorted(s["id"] for s in expected["stories"])
    streamed = sorted((f["story"], f["id"], f["message"]) for r in rows for f in r["findings"])
    assert streamed == sorted((f["story"], f["id"], f["message"]) for f in expected["findings"])
    assert f"{len(expected['findings'])} finding(s)" in done.stderr


def _generate(folder: Path, n: int, stories: int) -> None:
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "corpus.py"), str(n), str(stories), str(folder)],
                   check=True, capture_output=True, timeout=30)


@pytest.mark.cluster
@pytest.mark.timeout(60)
def test_a_worker_killed_mid_run_costs_nothing_but_time(tmp_path):
    corpus = tmp_path / "corpus"
    _generate(corpus, 160, 16)
    expected_path = tmp_path / "local.json"
    local = run_check(str(corpus), "--group", "by-folder", "--engine", "local", "-f", "json",
                      "-o", str(expected_path), "--exit-zero")
    assert local.returncode == 0, local.stderr
    dask_bin = str(BIN / "dask")
    info = tmp_path / "scheduler.json"
    procs = [subprocess.Popen([dask_bin, "scheduler", "--scheduler-file", str(info), "--port", "0",
                               "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        deadline = time.monotonic() + 20
        while not info.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        workers = [subprocess.Popen([dask_bin, "worker", "--scheduler-file", str(info), "--nthreads", "1",
                                     "--no-nanny", "--no-dashboard"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(2)]
        procs += workers
        address = json.loads(info.read_text())["address"]
        _wait_for_workers(address, 2)
        out = tmp_path / "dask.json"
        run = subprocess.Popen([str(BIN / "discrepancy"), "check", str(corpus), "--group", "by-folder",
                                "--engine", "dask", "--scheduler", address, "-f", "json", "-o", str(out),
                                "--exit-zero"], cwd=ROOT, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, **NO_LIMIT, "DISCREPANCY_PROGRESS_EVERY": "0.05"})
        killed_at = None
        for line in run.stderr:
            compared = _stories_compared(line)
            if killed_at is None and compared is not None and compared[0] < compared[1]:
                workers[0].send_signal(signal.SIGKILL)      # its tasks and the facts it holds are lost
                killed_at = compared
        assert run.wait(timeout=40) == 0
        assert killed_at is not None, "the run ended before a worker could be killed"
        assert workers[0].wait(timeout=5) == -signal.SIGKILL
        assert report(out) == report(expected_path)
    finally:
        for proc in reversed(procs):
            if proc.poll() is None:
                proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def _wait_for_workers(address: str, count: int) -> None:
    from distributed import Client
    with Client(address, timeout="20s") as client:
        client.wait_for_workers(count, timeout=30)


def _stories_compared(line: str) -> tuple[int, int] | None:
    """(compared, total) stories from a progress line, once the stories are known."""
    if "discrepancy: progress:" not in line or "/" not in line.split("read,", 1)[1]:
        return None
    done, total = line.split("read,", 1)[1].split("stories")[0].strip().replace(",", "").split("/")
    return int(done), int(total)


def test_progress_line_every_few_seconds_whatever_the_stream():
    now = [0.0]
    stream = io.StringIO()        # not a terminal, as in a CI log
    tracker = Tracker(stream=stream, every=5.0, clock=lambda: now[0])
    tracker.expect(articles=1000, stories=100)
    tracker.read(10)
    assert stream.getvalue() == ""            # a short run prints nothing
    now[0] = 6.0
    tracker.read(10)
    tracker.compared(3)
    assert stream.getvalue() == "discrepancy: progress: 20/1,000 articles read, 0/100 stories compared (6 s)\n"
    now[0] = 12.0
    tracker.compared()
    assert stream.getvalue().splitlines()[-1].startswith("discrepancy: progress: 20/1,000 articles read, 4/100")


def test_pool_and_local_engines_give_the_same_report(tmp_path):
    outputs = []
    for engine in ("local", "pool"):
        out = tmp_path / f"{engine}.json"
        done = run_check(str(CLUSTERS), "--engine", engine, "--jobs", "2", "-f", "json", "-o", str(out))
        assert done.returncode == 1, done.stderr
        outputs.append(report(out))
    assert outputs[0] == outputs[1] and outputs[0]["findings"]


def test_scheduler_without_dask_engine_is_a_usage_error():
    done = run_check(str(CLUSTERS), "--scheduler", "tcp://127.0.0.1:1")
    assert done.returncode == 2
    assert done.stderr.strip() == "discrepancy: error: --scheduler needs --engine dask"


@pytest.mark.cluster
@pytest.mark.timeout(60)
def test_unreachable_scheduler_is_one_line_and_exit_2(tmp_path):
    done = run_check(str(CLUSTERS), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9", timeout=60)
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("discrepancy: error: --scheduler tcp://127.0.0.1:9:")
    assert "Traceback" not in done.stderr


def test_one_big_story_is_extracted_in_parts_by_the_pool_and_compared_once():
    from discrepancy import api
    from discrepancy.engines.pool import tasks
    from discrepancy.render import renderer

    articles, notes = api.load([str(CLUSTERS)])
    pieces = [piece for task in tasks([(0, articles)], 2) for piece in task]
    assert len(pieces) > 1 and not any(whole for _, _, whole in pieces)     # the story is cut
    render = renderer("json")
    local = api.analyse(articles, notes=notes, group="none", engine="local")
    pooled = api.analyse(articles, notes=notes, group="none", engine="pool", jobs=2)
    assert local.findings and render(pooled) == render(local)
    assert pooled.facts.equals(local.facts)


@pytest.mark.cluster
@pytest.mark.timeout(60)
def test_a_draft_checked_on_dask_gets_the_local_report(tmp_path):
    seeds = sorted((ROOT / "fixtures" / "seeds").glob("*.txt"))
    draft, refs = str(seeds[0]), [str(p) for p in seeds[1:]]
    outputs = []
    for engine in ("local", "dask"):
        out = tmp_path / f"{engine}.json"
        against = [arg for ref in refs for arg in ("--against", ref)]
        done = run_check(draft, *against, "--engine", engine, "-f", "json", "-o", str(out), "--exit-zero")
        assert done.returncode == 0, done.stderr
        outputs.append(report(out))
    assert outputs[0]["findings"] and outputs[0]["draft"] and outputs[1] == outputs[0]


def test_a_local_archive_run_reads_story_by_story_and_finds_the_same(tmp_path):
    corpus = tmp_path / "corpus"
    _generate(corpus, 30, 3)
    whole, lines = tmp_path / "whole.json", tmp_path / "stories.jsonl"
    first = run_check(str(corpus), "--group", "by-folder", "--engine", "local", "-f", "json", "-o", str(whole))
    second = run_check(str(corpus), "--group", "by-folder", "--engine", "local", "--jsonl", str(lines))
    assert first.returncode == second.returncode == 1, second.stderr
    expected = report(whole)
    rows = [json.loads(line) for line in lines.read_text(encoding="utf-8").splitlines()]
    assert [r["story"] for r in rows] == [s["id"] for s in expected["stories"]]      # in story order
    assert [f["id"] for r in rows for f in r["findings"]] == [f["id"] for f in expected["findings"]]
