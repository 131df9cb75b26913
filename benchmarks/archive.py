"""The archive section of ``make bench``: generated articles at 1k, 10k (and 100k) checked
with the local engine and with a Dask ``LocalCluster`` of 2 workers, as archive runs
(findings written as JSON lines).

Per run: wall time, CPU per article (the client, and the Dask workers, whose usage each
reports from its own process), peak resident memory of each process, and per engine the
fitted exponent: the log-log slope of CPU time against the number of articles (1.0 is
linear).

    python benchmarks/archive.py                  # 1k and 10k
    DISCREPANCY_BENCH_100K=1 python benchmarks/archive.py   # and 100k (about an hour on 2 cores)
    python benchmarks/archive.py --sizes 2000 --keep /tmp/archive
"""
from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402  (beside this file)

#: Articles per story in the generated archive (one sub-folder per story, ``--group by-folder``).
PER_STORY = 10

# Runs one check in a fresh process and prints what it cost, as JSON. The Dask workers are
# asked for their own peak memory and CPU before the cluster stops.
_CHILD = r"""
import json, resource, sys, time
from discrepancy import api
from discrepancy.engines import make
from discrepancy.engines.core import JsonLines
folder, engine_name = sys.argv[1], sys.argv[2]
began = time.perf_counter()
engine = make(engine_name) if engine_name == "dask" else None
workers = {}
with open(sys.argv[3], "w", encoding="utf-8") as out:
    sink = JsonLines(out)
    if engine_name == "dask":
        from discrepancy.engines import pipeline
        from discrepancy.engines.core import Plan
        try:
            report = pipeline.check_files(engine, [folder], Plan(group="by-folder", keep_facts=False), sink=sink)
            workers = engine.worker_stats()
        finally:
            engine.close()
    else:       # an archive run reads its files story by story (as the CLI's --jsonl does)
        report = api.check([folder], group="by-folder", engine=engine_name, sink=sink)
wall = time.perf_counter() - began
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "max_rss_mb": usage.ru_maxrss / 1024,
                  "stories": sink.stories, "findings": sum(sink.counts.values()), "workers": workers}))
"""


def default_sizes() -> list[int]:
    """1k and 10k; 100k too when ``DISCREPANCY_BENCH_100K`` is set."""
    out = [1000, 10000]
    if os.environ.get("DISCREPANCY_BENCH_100K"):
        out.append(100000)
    return out


def archive_corpus(workdir: Path, n: int) -> Path:
    folder = workdir / f"archive-{n}"
    if not folder.exists():
        corpus.generate(n, max(1, n // PER_STORY), folder)
    return folder


def measure(folder: Path, engine: str, timeout: float) -> dict:
    """One archive run in a fresh process: wall, CPU (client + workers), peak memory per process."""
    with tempfile.NamedTemporaryFile(suffix=".jsonl") as out:
        done = subprocess.run([sys.executable, "-c", _CHILD, str(folder), engine, out.name], cwd=ROOT,
                              capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"{engine} on {folder}: {done.stderr.strip()[-400:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    workers = result["workers"].values()
    result["cpu_total"] = result["cpu"] + sum(w["cpu_s"] for w in workers)
    result["peaks"] = [result["max_rss_mb"]] + [w["max_rss_mb"] for w in workers]
    return result


def slope(points: list[tuple[int, float]]) -> float:
    """Least-squares slope of log(value) against log(n)."""
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(v) for _, v in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def run(workdir: Path, timeout: float = 7200.0, emit=lambda text: print(text, flush=True), sizes: list[int] | None = None,
        engines: tuple[str, ...] = ("local", "dask")) -> list[tuple]:
    """Measure every size with each engine; emit a markdown table and return its rows."""
    rows: list[tuple] = []
    points: dict[str, list[tuple[int, float]]] = {e: [] for e in engines}
    for n in sizes or default_sizes():
        folder = archive_corpus(workdir, n)
        for engine in engines:
            began = time.perf_counter()
            result = measure(folder, engine, timeout)
            points[engine].append((n, result["cpu_total"]))
            peaks = " / ".join(f"{p:.0f}" for p in result["peaks"])
            rows.append((f"{n:,}", engine, f"{result['wall']:.1f}", f"{result['cpu_total']:.1f}",
                         f"{1000 * result['cpu_total'] / n:.2f}", peaks, f"{result['stories']:,}",
                         f"{result['findings']:,}"))
            emit(f"<!-- {engine} {n}: {time.perf_counter() - began:.0f} s: | {' | '.join(rows[-1])} | -->")
    emit("\n### Archive: generated articles, local engine vs a LocalCluster of 2 workers\n")
    emit("| articles | engine | wall s | CPU s | CPU ms/article | peak MB per process | stories | findings |")
    emit("|---|---|---|---|---|---|---|---|")
    for row in rows:
        emit("| " + " | ".join(row) + " |")
    emit("")
    for engine, pts in points.items():
        if len(pts) > 1:
            emit(f"- {engine}: fitted exponent of CPU time over {pts[0][0]:,}-{pts[-1][0]:,} articles: "
                 f"{slope(pts):.2f}; CPU per article at the largest vs the smallest size: "
                 f"{(pts[-1][1] / pts[-1][0]) / (pts[0][1] / pts[0][0]):.2f}x")
    emit("- peak MB per process: the client first, then each Dask worker (the client of a LocalCluster also "
         "runs the scheduler). Archive runs: `--jsonl`, `--group by-folder`, "
         f"{PER_STORY} articles per story.")
    return rows


def main() -> None:
    import argparse
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="write the corpora here and keep them (default: a temp folder)")
    parser.add_argument("--sizes", type=int, nargs="+", help="numbers of articles (default: 1000 10000, "
                                                            "and 100000 with DISCREPANCY_BENCH_100K=1)")
    parser.add_argument("--engines", nargs="+", default=["local", "dask"], choices=["local", "dask"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="discrepancy-archive-") as tmp:
        run(args.keep or Path(tmp), sizes=args.sizes, engines=tuple(args.engines))


if __name__ == "__main__":
    main()
