"""Writing reports safely: only regular files or new paths are replaced (through a temporary
file in the same folder), devices, FIFOs, folders and symlinks are refused, every write
error is one line and exit 2 (even with --exit-zero), and Ctrl-C exits 130 leaving nothing
half-written. Each test runs the real command in a subprocess."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import time

import pytest
from desk import EXE, SEEDS, run


def _one_error_line(result: subprocess.CompletedProcess, *needles: str) -> None:
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2, result.stderr
    assert len(lines) == 1 and lines[0].startswith("discrepancy: error: "), result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0]


def test_a_fifo_target_is_refused_and_left_a_fifo(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = run("check", str(SEEDS), "-o", str(fifo), "--exit-zero")
    _one_error_line(result, str(fifo), "FIFO")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_device_target_is_refused_and_left_a_device(tmp_path):
    node = tmp_path / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot create a device node here ({exc})")
    result = run("check", str(SEEDS), "-o", str(node))
    _one_error_line(result, "device")
    assert stat.S_ISCHR(node.lstat().st_mode)


def test_a_symlink_target_is_refused_and_its_file_untouched(tmp_path):
    real = tmp_path / "real.md"
    real.write_text("keep me\n")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    result = run("check", str(SEEDS), "-o", str(link))
    _one_error_line(result, "symbolic link")
    assert link.is_symlink() and real.read_text() == "keep me\n"


def test_dev_stdout_is_refused_with_a_pointer_to_dash():
    result = run("check", str(SEEDS), "-o", "/dev/stdout", "--exit-zero")
    _one_error_line(result, "-o -")


def test_a_folder_target_is_refused(tmp_path):
    result = run("check", str(SEEDS), "-o", str(tmp_path))
    _one_error_line(result, "folder")


def test_dash_writes_the_report_to_stdout():
    result = run("check", str(SEEDS), "-o", "-", "--exit-zero", "-f", "json")
    assert result.returncode == 0 and result.stdout.startswith("{")


@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
def test_an_unwritable_place_is_one_line_and_exit_2_even_with_exit_zero(option):
    # /proc takes no new files, even for root
    result = run("check", str(SEEDS), option, "/proc/discrepancy-report.json", "--exit-zero")
    _one_error_line(result, "/proc/discrepancy-report.json")


def test_an_unwritable_step_summary_is_one_line_and_exit_2():
    result = run(
        "check",
        str(SEEDS),
        "-f",
        "github",
        "--exit-zero",
        env={"GITHUB_STEP_SUMMARY": "/proc/discrepancy-summary.md"},
    )
    _one_error_line(result, "GITHUB_STEP_SUMMARY", "/proc/discrepancy-summary.md")


def test_a_regular_file_is_replaced_keeping_its_mode_and_no_temporary_is_left(tmp_path):
    target = tmp_path / "report.md"
    target.write_text("old\n")
    target.chmod(0o640)
    result = run("check", str(SEEDS), "-o", str(target), "--exit-zero")
    assert result.returncode == 0, result.stderr
    assert target.read_text().startswith("# Discrepancy report")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]


def test_ctrl_c_exits_130_and_leaves_nothing_half_written(tmp_path):
    corpus = tmp_path / "many"
    corpus.mkdir()
    for copy in range(60):  # long enough to be interrupted mid-run: each copy differs, so none is cached
        for seed in SEEDS.glob("*.txt"):
            text = seed.read_text(encoding="utf-8")
            (corpus / f"{copy:02d}_{seed.name}").write_text(
                f"{text}\nThe {copy + 2} sources said {copy + 7} more people were hurt.\n", encoding="utf-8"
            )
    out = tmp_path / "out"
    out.mkdir()
    target = out / "report.md"
    proc = subprocess.Popen(
        [EXE, "check", str(corpus), "-j", "1", "-o", str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "DISCREPANCY_CACHE_DIR": str(tmp_path / "cache")},
        # as at a terminal: a test runner started in the background inherits an ignored SIGINT
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    time.sleep(2.5)  # past start-up, well inside reading 300 articles
    assert proc.poll() is None, "the run ended before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    _, rest = proc.communicate(timeout=60)
    assert proc.returncode == 130, rest
    assert "interrupted" in rest and "Traceback" not in rest and "Aborted" not in rest
    assert list(out.iterdir()) == []
