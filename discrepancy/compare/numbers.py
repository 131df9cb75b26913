"""Number rules: the same subject given different figures, across articles or inside one.

Each article's position on a subject is the intersection of what it says ("over 200" and
"249" in one article mean 249); positions are then compared between articles:
disjoint -> error, different but overlapping -> warning (counts only: measures as written
are rounded). Sub-counts, background events and parts of groups (scopes other than
"main") are never compared. Grouping is by subject, so cost grows with the mentions, not
with their pairs.
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import replace
from itertools import combinations

from ..model import Fact, Finding, Value
from .base import Story, article_list, value_of

Interval = tuple[float, float]


def _overlap(a: Interval, b: Interval) -> Interval | None:
    low, high = max(a[0], b[0]), min(a[1], b[1])
    return (low, high) if low <= high else None


def point(facts: list[Fact]) -> float | None:
    """The figure an article states: an exact one if it gives one, else its first figure.

    "at least 143" states 143; "dozens" states no figure.
    """
    exact = [f.low for f in facts if f.low == f.high]
    if exact:
        return exact[0]
    for fact in facts:
        number = re.search(r"[\d.]+", fact.normalized)
        if number and "-" not in fact.normalized:
            return float(number.group())
    return None


def position(facts: list[Fact]) -> tuple[Interval, bool]:
    """What one article says about a subject, and whether it agrees with itself."""
    current: Interval = (facts[0].low, facts[0].high)
    for fact in facts[1:]:
        both = _overlap(current, (fact.low, fact.high))
        if both is None:
            return (min(f.low for f in facts), max(f.high for f in facts)), False
        current = both
    return current, True


def _values(facts: list[Fact]) -> tuple[Value, ...]:
    by_value: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        by_value[fact.normalized].append(fact)
    return tuple(value_of(group) for group in sorted(by_value.values(),
                                                     key=lambda g: (-len({f.article for f in g}), g[0].low, g[0].normalized)))


def _is_measure(facts: list[Fact]) -> bool:
    return any("dimension" in f.detail or f.unit == "magnitude" for f in facts)


def _latest(story: Story, articles: list[str]) -> str | None:
    """The one article published on the latest day, when publication dates tell (times as
    written carry zones or none, so they do not decide); never a draft (new by definition)."""
    dated = [(story.articles[a].published, a) for a in articles
             if story.articles[a].published and a != story.draft]
    if len(dated) < 2:
        return None
    last = max(day for day, _ in dated)
    latest = [a for day, a in dated if day == last]
    return latest[0] if len(latest) == 1 else None


def _describe(values: tuple[Value, ...]) -> str:
    parts = []
    for value in values:
        n = len(value.articles)
        parts.append(f"{value.text} ({article_list(value.articles)})" if n <= 3 else f"{value.text} ({n} reports)")
    return " vs ".join(parts)


def _across(subject: str, facts: list[Fact], story: Story) -> Finding | None:
    per_article: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        per_article[fact.article].append(fact)
    if len(per_article) < 2 or len({f.normalized for f in facts}) < 2:
        return None
    positions = {a: position(fs)[0] for a, fs in per_article.items()}
    points = {a: point(fs) for a, fs in per_article.items()}
    measure = _is_measure(facts)
    severity = None
    for a, b in combinations(sorted(positions), 2):
        if _overlap(positions[a], positions[b]) is None:
            severity = "error"
            break
        if not measure and None not in (points[a], points[b]) and \
                abs(points[a] - points[b]) > story.tolerances.get(subject, 0.0) * max(abs(points[a]), abs(points[b])):
            severity = "warning"      # "at least 143" vs "144": compatible, but not the same figure
    if severity is None:
        return None
    values = _values(facts)
    message = f"{subject[:1].upper() + subject[1:]} differs: {_describe(values)}"
    latest = _latest(story, list(per_article))
    if latest:
        said = " / ".join(dict.fromkeys(f.text for f in per_article[latest]))
        message += (f". The latest report ({latest}, {story.articles[latest].published}) says {said}"
                    " — possibly an update; check which figure is current")
    return Finding(kind="number", severity=severity, subject=subject, message=message, values=values,
                   rule="number-conflict" if severity == "error" else "number-bound")


def _inside(subject: str, facts: list[Fact]) -> list[Finding]:
    per_article: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        per_article[fact.article].append(fact)
    findings = []
    for article, group in sorted(per_article.items()):
        _, consistent = position(group)
        if consistent:
            continue
        values = _values(group)
        # info: inside one article, two figures for one subject are far more often a part and a
        # whole, or an earlier and a later count, than a mistake (measured on real clusters)
        findings.append(Finding(kind="number", severity="info", subject=subject, internal=True,
                                message=f"{subject[:1].upper() + subject[1:]} is given two incompatible ways in {article}: "
                                        f"{' vs '.join(v.text for v in values)}",
                                values=values, rule="number-internal"))
    return findings


def check(story: Story) -> list[Finding]:
    """Number findings for one story."""
    by_subject: dict[tuple[str, str], list[Fact]] = defaultdict(list)
    for fact in story.of_kind("number"):
        if fact.scope == "main" and fact.subject and not math.isnan(fact.low):
            tolerance = story.tolerances.get(fact.subject)
            if tolerance:                 # config: figures within this fraction agree
                fact = replace(fact, low=fact.low * (1 - tolerance), high=fact.high * (1 + tolerance))
            # measures compare only within one base unit: dollars never meet euros
            unit = fact.unit if "dimension" in fact.detail else ""
            by_subject[(fact.subject, unit or "")].append(fact)
    findings = []
    for (subject, _), facts in sorted(by_subject.items()):
        across = _across(subject, facts, story)
        if across:
            findings.append(across)
        findings.extend(_inside(subject, facts))
    return findings
