"""A deterministic benchmark corpus: N articles in K stories, varied from the seed reports.

Each story renames the seeds' people, places and organisations, rescales their numbers and
moves their dates; each article of a story then changes a few figures, so articles disagree
the way real coverage does. Every story is a sub-folder (``--group by-folder``): all
stories share the seeds' wording, so grouping by words would merge them. The same (n, stories, seed) always writes the same files.

    python benchmarks/corpus.py 100 10 /tmp/corpus
"""

from __future__ import annotations

import argparse
import random
import re
from dataclasses import dataclass
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"

MONTHS = ("January February March April May June July August September October November December").split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
# Real names as well as invented ones, so the place index and the name matcher are exercised.
REAL_NAMES = """
Lisbon Porto Nairobi Mombasa Quito Lima Osaka Kyoto Hanoi Manila Cebu Dakar Accra Tunis Oslo
Bergen Tallinn Riga Gdansk Krakow Valencia Seville Marseille Lyon Leipzig Dresden Graz Basel
Antwerp Ghent Cork Galway Halifax Calgary Tucson Omaha Tampa Denver Perth Darwin Auckland
Okafor Haddad Novak Lindqvist Moreau Castillo Tanaka Nguyen Mensah Kowalski Brennan Ferreira
Amara Sofia Tomas Ingrid Rafael Leila Mateo Priya Jonas Elena Kofi Hana Yusuf Clara Dmitri
""".split()
SYLLABLES = "ka ro mi len tor vas bel an dru sel ko rin ta vo ler mas ni gal or te".split()
# Capitalised words that are ordinary English, not names, whatever their place in a sentence.
NOT_NAMES = frozenset(
    """
The A An In On At As By For From To Of And But Or If When While After Before Since During
This That These Those It Its He She They We You I His Her Their Our There Here Then Thus
According However Despite Following Former Earlier Later Even Soon Well With Without What
Who Why How Where Which Report Watch Also Some Many Most Several Such Other Another One Two
Mr Mrs Ms Dr President Minister Council Security National Central City Hall Center Centre
""".split()
)

_TOKEN = re.compile(
    r"(?P<iso>\b(?:19|20)\d\d-[01]\d-[0-3]\d\b)"
    r"|(?P<monthday>\b(?:" + "|".join(MONTHS) + r")\s+[0-3]?\d\b)"
    r"|(?P<daymonth>\b[0-3]?\d\s+(?:" + "|".join(MONTHS) + r")\b)"
    r"|(?P<year>\b(?:19|20)\d\d\b)"
    r"|(?P<month>\b(?:" + "|".join(MONTHS) + r")\b)"
    r"|(?P<weekday>\b(?:" + "|".join(WEEKDAYS) + r")\b)"
    r"|(?P<number>\b\d{1,3}(?:,\d{3})+\b|\b\d+(?:\.\d+)?\b)"
    r"|(?P<acronym>\b[A-Z]{2,5}\b)"
    r"|(?P<name>\b[A-Z][a-z]{2,}\b)"
)


@dataclass
class Story:
    """What one story changes in every seed: names, a number scale, a date shift."""

    rng: random.Random
    names: dict[str, str]
    scale: float
    years: int
    months: int
    days: int
    weekdays: int


def _invented(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _story(rng: random.Random, seeds: list[str]) -> Story:
    names: dict[str, str] = {}
    for text in seeds:
        for match in _TOKEN.finditer(text):
            word = match.group("name") or match.group("acronym")
            if word and word not in names and word not in NOT_NAMES:
                if match.group("acronym"):
                    names[word] = "".join(rng.choice("ABCDEFGHKLMNPRSTUVW") for _ in word)
                else:
                    names[word] = rng.choice(REAL_NAMES) if rng.random() < 0.5 else _invented(rng)
    return Story(
        rng=rng,
        names=names,
        scale=rng.uniform(0.3, 3.0),
        years=rng.randint(-12, 1),
        months=rng.randint(0, 11),
        days=rng.choice((-14, -7, 0, 7)),
        weekdays=rng.randint(0, 6),
    )


def _number(value: str, story: Story, rng: random.Random, change: float) -> str:
    digits = value.replace(",", "")
    number = float(digits)
    new = number * story.scale if number > 3 else number
    if rng.random() < change:  # this article reports another figure
        new *= rng.choice((0.8, 0.9, 1.1, 1.25)) if new > 10 else 1
        new += rng.choice((-1, 1))
    if "." in digits:
        return f"{max(new, 0):.{len(digits.split('.')[1])}f}"
    new = max(int(round(new)), 0)
    return f"{new:,}" if "," in value else str(new)


def _month(name: str, story: Story) -> str:
    return MONTHS[(MONTHS.index(name) + story.months) % 12]


def _day(day: str, story: Story) -> str:
    return str(min(max(int(day) + story.days, 1), 28))


def _vary(text: str, story: Story, rng: random.Random, change: float) -> str:
    """One article of ``story``: the seed with the story's names, numbers and dates."""

    def replace(match: re.Match) -> str:
        kind, token = match.lastgroup, match.group()
        if kind == "iso":
            year, month, day = token.split("-")
            return f"{int(year) + story.years}-{(int(month) - 1 + story.months) % 12 + 1:02d}-{_day(day, story).zfill(2)}"
        if kind == "monthday":
            month, day = token.split()
            return f"{_month(month, story)} {_day(day, story)}"
        if kind == "daymonth":
            day, month = token.split()
            return f"{_day(day, story)} {_month(month, story)}"
        if kind == "year":
            return str(int(token) + story.years)
        if kind == "month":
            return _month(token, story)
        if kind == "weekday":
            return WEEKDAYS[(WEEKDAYS.index(token) + story.weekdays) % 7]
        if kind == "number":
            return _number(token, story, rng, change)
        return story.names.get(token, token)

    return _TOKEN.sub(replace, text)


def _paragraphs(text: str, rng: random.Random) -> str:
    """Sometimes leave out one paragraph (not the first), as shorter versions of a story do."""
    lines = text.split("\n")
    if len(lines) > 4 and rng.random() < 0.3:
        del lines[rng.randrange(2, len(lines))]
    return "\n".join(lines)


def generate(
    n: int, stories: int, folder: Path, seed: int = 7, change: float = 0.05, lines: int | None = None
) -> list[Path]:
    """Write ``n`` articles in ``stories`` stories, a sub-folder each, into ``folder``; return
    their paths. ``lines`` keeps only the first lines of each (small files)."""
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    rng = random.Random(seed)
    plans = [_story(random.Random(rng.random()), seeds) for _ in range(max(stories, 1))]
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        story_number = i % len(plans)
        story = plans[story_number]
        article_rng = random.Random(f"{seed}-{i}")
        text = _paragraphs(
            _vary(seeds[(i // len(plans)) % len(seeds)], story, article_rng, change), article_rng
        )
        if lines is not None:
            text = "\n".join(text.split("\n")[:lines]) + "\n"
        path = folder / f"story-{story_number:03d}" / f"s{story_number:03d}_a{i:05d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    """Command line: write a corpus into a folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("stories", type=int, help="number of stories")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    generate(args.n, args.stories, args.folder, args.seed)


if __name__ == "__main__":
    main()
