"""The benchmark runs end to end in its quick mode and prints every table (no timing is checked)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_quick_benchmark_prints_every_section(tmp_path):
    run = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--keep", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    out = run.stdout
    for title in (
        "### Machine",
        "### Cold CLI",
        "### Per-article time",
        "### Comparator scaling",
        "### End to end",
        "### Naive pipeline",
    ):
        assert title in out, f"missing section {title!r}"
    assert "growth exponent" in out and "ratio naive / ours" in out
    assert "FAILED" not in out and "timed out" not in out and "| exit " not in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus-10", "one-story-16"]


def test_corpus_is_deterministic_and_varied(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import corpus

    first = corpus.generate(12, 3, tmp_path / "a")
    second = corpus.generate(12, 3, tmp_path / "b")
    texts = [p.read_text(encoding="utf-8") for p in first]
    assert texts == [p.read_text(encoding="utf-8") for p in second]
    assert len({p.parent.name for p in first}) == 3
    assert len(set(texts)) == 12, "every article differs"
    assert all(1500 < len(t.encode()) < 5000 for t in texts), "about 3 KB each"
    seeds = {p.read_text(encoding="utf-8") for p in corpus.SEEDS.glob("*.txt")}
    assert not seeds & set(texts), "no article is a seed unchanged"
