"""The archive section of ``make bench``: generated articles (1k, 10k; 100k on request) checked
as archive runs (findings written as JSON lines, one story a line) with the local engine and
with a Dask ``LocalCluster`` of 2 worker processes.

Per run: wall time, CPU per article (the client and its pool workers, or the client and
the Dask workers, each of which reports its own process's usage), the peak resident memory
of each process, and per engine the fitted exponent: the least-squares slope of log CPU
time against log articles (1.0 is linear). Each run starts in a fresh process with an
empty cache, so every article is parsed.

    python benchmarks/archive.py                            # 1k and 10k
    DISCREPANCY_BENCH_100K=1 python benchmarks/archive.py   # and 100k (about an hour on 2 cores)
    python benchmarks/archive.py --sizes 2000 --engines local --keep /tmp/archive
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402  (beside this file)

#: Articles per story in the generated archive (one sub-folder per story, ``--group by-folder``).
PER_STORY = 10

# One check in a fresh process, printing what it cost as JSON. Dask workers report their own
# peak memory and CPU before the cluster stops; the local pool's workers are this process's
# children.
_CHILD = r"""
import json, resource, sys, time
from discrepancy import api
from discrepancy.engines import make
from discrepancy.engines.jsonl import JsonLines
folder, engine_name, out = sys.argv[1:4]
began = time.perf_counter()
engine = make(engine_name, jobs=None)
lines = JsonLines(out)
workers = {}
try:
    # as `check --jsonl` without -o: the findings go to the lines only
    report = api.check([folder], group="by-folder", engine=engine, on_story=lines, keep=False)
    if engine_name == "dask":
        workers = engine.worker_stats()
finally:
    engine.close()
lines.commit()
wall = time.perf_counter() - began
me = resource.getrusage(resource.RUSAGE_SELF)
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({
    "wall": wall, "cpu": me.ru_utime + me.ru_stime, "max_rss_mb": me.ru_maxrss / 1024,
    "children_cpu": kids.ru_utime + kids.ru_stime, "children_max_rss_mb": kids.ru_maxrss / 1024,
    "stories": lines.stories, "findings": sum(lines.counts.values()), "workers": workers,
}))
"""


def default_sizes() -> list[int]:
    """1k and 10k; 100k too when ``DISCREPANCY_BENCH_100K`` is set."""
    return [1000, 10000] + ([100000] if os.environ.get("DISCREPANCY_BENCH_100K") else [])


def archive_corpus(workdir: Path, n: int) -> Path:
    """``n`` generated articles, ``PER_STORY`` to a story folder (written once, then reused)."""
    folder = workdir / f"archive-{n}"
    if not folder.exists():
        corpus.generate(n, max(1, n // PER_STORY), folder)
    return folder


def measure(folder: Path, engine: str, timeout: float) -> dict:
    """One archive run in a fresh process with an empty cache."""
    with tempfile.TemporaryDirectory(prefix="discrepancy-archive-run-") as tmp:
        env = {**os.environ, "DISCREPANCY_CACHE_DIR": tmp, "DISCREPANCY_CALL_LIMIT": "0"}
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, str(folder), engine, str(Path(tmp) / "stories.jsonl")],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
        )
    if done.returncode != 0:
        raise RuntimeError(f"{engine} on {folder}: {done.stderr.strip()[-600:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    workers = list(result["workers"].values())
    if workers:  # a LocalCluster's workers are children too, once stopped: count them once
        result["cpu_total"] = result["cpu"] + sum(w["cpu_s"] for w in workers)
        result["peaks"] = [result["max_rss_mb"]] + [w["max_rss_mb"] for w in workers]
    else:
        result["cpu_total"] = result["cpu"] + result["children_cpu"]
        result["peaks"] = [result["max_rss_mb"]] + (
            [result["children_max_rss_mb"]] if result["children_cpu"] > 0 else []
        )
    return result


def slope(points: list[tuple[int, float]]) -> float:
    """Least-squares slope of log(value) against log(n)."""
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(v) for _, v in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def run(
    workdir: Path,
    timeout: float = 4 * 3600.0,
    emit: Callable[[str], None] = lambda text: print(text, flush=True),
    sizes: list[int] | None = None,
    engines: tuple[str, ...] = ("local", "dask"),
) -> list[tuple[str, ...]]:
    """Measure every size with each engine; emit a markdown table and return its rows."""
    rows: list[tuple[str, ...]] = []
    points: dict[str, list[tuple[int, float]]] = {e: [] for e in engines}
    for n in sizes or default_sizes():
        folder = archive_corpus(workdir, n)
        for engine in engines:
            result = measure(folder, engine, timeout)
            points[engine].append((n, result["cpu_total"]))
            peaks = " / ".join(f"{p:.0f}" for p in result["peaks"])
            rows.append(
                (
                    f"{n:,}",
                    engine,
                    f"{result['wall']:.1f}",
                    f"{result['cpu_total']:.1f}",
                    f"{1000 * result['cpu_total'] / n:.1f}",
                    peaks,
                    f"{result['stories']:,}",
                    f"{result['findings']:,}",
                )
            )
            emit(f"<!-- measured: | {' | '.join(rows[-1])} | -->")  # as soon as it is taken
    emit("\n### Archive: generated articles, local engine and a LocalCluster of 2 workers\n")
    emit("| articles | engine | wall s | CPU s | CPU ms/article | peak MB per process | stories | findings |")
    emit("|---|---|---|---|---|---|---|---|")
    for row in rows:
        emit("| " + " | ".join(row) + " |")
    emit("")
    for engine, pts in points.items():
        if len(pts) > 1:
            ratio = (pts[-1][1] / pts[-1][0]) / (pts[0][1] / pts[0][0])
            emit(
                f"- {engine}: fitted exponent of CPU time over {pts[0][0]:,}-{pts[-1][0]:,} articles: "
                f"{slope(pts):.2f}; CPU per article at the largest size vs the smallest: {ratio:.2f}x"
            )
    emit(
        "- peak MB per process: the client first (with a LocalCluster it also runs the scheduler), then "
        "the local pool's largest worker or each Dask worker. Archive runs: JSON lines, `--group by-folder`, "
        f"{PER_STORY} articles per story, an empty cache."
    )
    return rows


def main() -> None:
    """Command line: the sizes and engines to measure."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--keep", type=Path, help="write the corpora here and keep them (default: a temp folder)"
    )
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        help="numbers of articles (default: 1000 10000; 100000 too with DISCREPANCY_BENCH_100K=1)",
    )
    parser.add_argument("--engines", nargs="+", default=["local", "dask"], choices=["local", "dask"])
    args = parser.parse_args()
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="discrepancy-archive-") as tmp:
        run(args.keep or Path(tmp), sizes=args.sizes, engines=tuple(args.engines))
    print(f"\n(archive section: {time.perf_counter() - began:.0f} s)")


if __name__ == "__main__":
    main()
