"""Score story grouping on folders that mix incidents, through the real CLI.

    python benchmarks/mixes.py FOLDER_A FOLDER_B     # each folder one incident: copied into one
    python benchmarks/mixes.py FOLDER                # one incident: it should stay one story
    python benchmarks/mixes.py --prefix FOLDER       # one folder; the incident is the file name
                                                      # before its last "_" (fixtures/incidents)

Runs ``discrepancy check MIX --format json`` and prints, per mix, the articles, the stories
found, pairwise precision, recall and F1 against the incidents, and the findings whose
evidence cites articles of two incidents (there should be none). Exit status 1 when a mix
scores under ``--min-f1`` or has such a finding.
"""

from __future__ import annotations

import argparse
import itertools
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BIN = Path(sys.executable).parent
ARTICLES = (".txt", ".md")


def score(gold: dict[str, str], report: dict) -> tuple[float, float, float, int]:
    """(precision, recall, F1, findings citing two incidents) of one JSON report."""
    found = {a: s["id"] for s in report["stories"] for a in s["articles"]}
    tp = fp = fn = 0
    for a, b in itertools.combinations(sorted(gold), 2):
        same, together = gold[a] == gold[b], found.get(a) == found.get(b)
        tp += same and together
        fp += together and not same
        fn += same and not together
    precision, recall = tp / ((tp + fp) or 1), tp / ((tp + fn) or 1)
    f1 = 2 * precision * recall / ((precision + recall) or 1)
    mixed = sum(
        len({gold.get(m["article"]) for v in f["values"] for m in v["mentions"]}) > 1
        for f in report["findings"]
    )
    return precision, recall, f1, mixed


def run(folder: Path, gold: dict[str, str]) -> tuple[dict, str]:
    result = subprocess.run(
        [str(BIN / "discrepancy"), "check", str(folder), "--format", "json", "--exit-zero"],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"{folder}: discrepancy check failed: {result.stderr.strip()[-300:]}")
    return json.loads(result.stdout), result.stderr


def main() -> None:
    """Score each mix and print a markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument(
        "--prefix",
        action="store_true",
        help="each FOLDER is one mix; the incident is the file name before its last '_'",
    )
    parser.add_argument("--min-f1", type=float, default=0.95)
    args = parser.parse_args()
    rows, ok = [], True
    with tempfile.TemporaryDirectory(prefix="discrepancy-mix-") as tmp:
        if args.prefix:
            mixes = [
                (
                    f.name,
                    f,
                    {
                        p.stem: p.stem.rsplit("_", 1)[0]
                        for p in sorted(f.iterdir())
                        if p.suffix in ARTICLES and "_" in p.stem
                    },
                )
                for f in args.folders
            ]
        else:
            target, gold = Path(tmp) / "mix", {}
            target.mkdir()
            for folder in args.folders:
                for path in sorted(folder.iterdir()):
                    if path.suffix in ARTICLES and path.stem.upper() not in ("README", "SOURCE"):
                        # two folders' "wire.txt": the copy is named after its folder too
                        name = path.name if path.stem not in gold else f"{folder.name}_{path.name}"
                        shutil.copy(path, target / name)
                        gold[Path(name).stem] = folder.name
            mixes = [(" + ".join(f.name for f in args.folders), target, gold)]
        for name, folder, gold in mixes:
            report, _ = run(folder, gold)
            precision, recall, f1, mixed = score(gold, report)
            ok = ok and f1 >= args.min_f1 and mixed == 0
            rows.append(
                (
                    name,
                    len(gold),
                    len(set(gold.values())),
                    len(report["stories"]),
                    precision,
                    recall,
                    f1,
                    len(report["findings"]),
                    mixed,
                )
            )
    print(
        "| mix | articles | incidents | stories | precision | recall | pairwise F1 | findings | citing two incidents |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, n, incidents, count, precision, recall, f1, findings, mixed in rows:
        print(
            f"| {name} | {n} | {incidents} | {count} | {precision:.3f} | {recall:.3f} | {f1:.3f} | {findings} | {mixed} |"
        )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
