"""Story grouping cost at 1,000 and 10,000 generated articles: ``make bench`` runs this.

    python benchmarks/grouping.py                  # 1,000 and 10,000 articles
    python benchmarks/grouping.py --sizes 500 2000

Articles are generated with their facts (places, names, the event date), as the
normalizers would give them, so only grouping is timed: incident profiles, blocking,
pair scores and average linkage. Incidents come five reports each, of a dozen kinds, in
60 regions of five towns, over five years, with spokesmen who speak for many incidents of
their region (the entity reader gives them their role): many same-kind incidents share a region, a spokesperson and the words. The
table gives the wall time, the pairs scored (all pairs would be n(n-1)/2), the pairwise
F1 against the generated incidents, and the growth exponent of the time (1 is linear).
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from discrepancy import stories  # noqa: E402
from discrepancy.model import Article, Fact  # noqa: E402

KINDS = {
    "earthquake": "quake",
    "flood": "floods",
    "fire": "blaze",
    "sinking": "ferry sank",
    "robbery": "bank robbery",
    "explosion": "gas explosion",
    "crash": "bus crash",
    "shooting": "shooting",
    "landslide": "landslide",
    "storm": "storm",
    "bombing": "bombing",
    "collapse": "building collapse",
}
SYLLABLES = "ka ro mi len tor vas bel an dru sel ko rin ta vo ler mas ni gal or te su pa".split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()


def _name(rng: random.Random, parts: int = 2) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts + rng.randint(0, 1))).capitalize()


def _fact(
    article: str, kind: str, text: str, detail: dict, normalized: str | None = None, sentence: int = 0
) -> Fact:
    return Fact(
        article=article,
        kind=kind,
        subject=text,
        text=text,
        normalized=normalized or text,
        start=0,
        end=len(text),
        line=1,
        column=1,
        sentence="",
        sentence_index=sentence,
        detail=detail,
    )


def generate(n: int, seed: int = 11) -> tuple[list[Article], dict[str, list[Fact]], list[int]]:
    """``n`` articles (five per incident), their facts, and each one's incident number."""
    rng = random.Random(seed)
    regions = [
        (_name(rng), [_name(rng) for _ in range(5)], [f"{_name(rng)} {_name(rng, 3)}" for _ in range(4)])
        for _ in range(60)
    ]
    start = dt.date(2019, 1, 1).toordinal()
    articles: list[Article] = []
    facts: dict[str, list[Fact]] = {}
    truth: list[int] = []
    for incident in range(math.ceil(n / 5)):
        region, towns, officials = rng.choice(regions)
        town, official = rng.choice(towns), rng.choice(officials)
        kind = rng.choice(list(KINDS))
        day = start + rng.randrange(5 * 365)
        victim, site = (
            f"{_name(rng)} {_name(rng, 3)}",
            f"{_name(rng)} {rng.choice(('Road', 'Mine', 'Market', 'Bridge'))}",
        )
        toll = rng.randint(2, 60)
        for report in range(min(5, n - len(articles))):
            aid = f"i{incident:05d}_r{report}"
            published = day + rng.choice((0, 0, 1, 1, 2, 4))
            weekday = WEEKDAYS[dt.date.fromordinal(day).weekday()]
            figure = toll + rng.choice((0, 0, 1, -1, 3))
            text = (
                f"{KINDS[kind].capitalize()} in {town} kills {figure}\n\n"
                f"A {KINDS[kind]} hit {town} in {region} on {weekday}, killing {figure} people near "
                f"{site}, said regional emergency service spokesman {official}.\n"
                f"Among the dead was {victim}. Rescue teams from {rng.choice(towns)} searched the area "
                f"and {rng.randint(5, 400)} people were moved to safety.\n"
            )
            articles.append(
                Article(
                    id=aid,
                    path=f"{aid}.txt",
                    text=text,
                    published=dt.date.fromordinal(published).isoformat(),
                    published_source="date-line",
                )
            )
            facts[aid] = [
                _fact(aid, "entity", town, {"type": "place"}),
                _fact(aid, "entity", region, {"type": "place"}, sentence=1),
                _fact(aid, "entity", official, {"type": "person", "role": "spokesman"}, sentence=1),
                _fact(aid, "entity", victim, {"type": "person"}, sentence=2),
                _fact(aid, "entity", site, {"type": "other"}, sentence=1),
                _fact(
                    aid,
                    "date",
                    weekday,
                    {"event": "hit", "weekday": weekday},
                    normalized=dt.date.fromordinal(day).isoformat(),
                    sentence=1,
                ),
            ]
            truth.append(incident)
    return articles, facts, truth


def pairwise_f1(truth: list[int], predicted: list[str]) -> float:
    """Pairwise F1 from the contingency counts (no loop over pairs)."""

    def pairs(counts: Counter) -> int:
        return sum(c * (c - 1) // 2 for c in counts.values())

    both = pairs(Counter(zip(truth, predicted)))
    gold, found = pairs(Counter(truth)), pairs(Counter(predicted))
    precision, recall = both / found if found else 1.0, both / gold if gold else 1.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def measure(n: int) -> tuple[int, float, int, float, int]:
    """(articles, seconds, pairs scored, pairwise F1, stories) for ``n`` generated articles."""
    articles, facts, truth = generate(n)
    began = time.perf_counter()
    groups = stories.group(articles, "auto", facts=facts)
    seconds = time.perf_counter() - began
    profiles = [stories.profile(a, facts[a.id]) for a in articles]
    scored = len(stories.candidates(profiles))
    story_of = {a: g.id for g in groups for a in g.articles}
    return n, seconds, scored, pairwise_f1(truth, [story_of[a.id] for a in articles]), len(groups)


def main() -> None:
    """Print the grouping table (markdown)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    stories.profile(*generate(1)[0], facts=[])  # first-call imports and indexes, not timed
    rows = [measure(n) for n in args.sizes]
    print("### Story grouping (generated articles with their facts)\n")
    print(
        "| articles | seconds | ms per article | pairs scored | share of all pairs | stories | pairwise F1 |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n, seconds, scored, f1, count in rows:
        share = scored / (n * (n - 1) / 2) if n > 1 else 0.0
        print(
            f"| {n:,} | {seconds:.2f} | {1000 * seconds / n:.2f} | {scored:,} | {share:.4%} | {count:,} | {f1:.3f} |"
        )
    if len(rows) > 1:
        (n1, t1, *_), (n2, t2, *_) = rows[0], rows[-1]
        print(
            f"\ngrowth exponent of the time from {n1:,} to {n2:,} articles: "
            f"{math.log(t2 / t1) / math.log(n2 / n1):.2f} (1 = linear, 2 = every pair compared)"
        )


if __name__ == "__main__":
    main()
