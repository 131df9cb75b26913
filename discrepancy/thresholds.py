"""Thresholds that decide what a desk sees, as settings (``[tool.discrepancy.thresholds]``).

Each is declared once here with its default, its allowed range and what it decides;
docs/rules.md lists them from this table. A run carries one ``Thresholds`` value (the
defaults with the config's overrides) down to story grouping and the rules that read it.
This module imports nothing from the package.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Threshold:
    """One tunable cut-off."""

    key: str  # the config key
    default: float
    low: float  # allowed range, inclusive
    high: float
    summary: str  # what it decides, in one line
    used_by: str  # where it is read: story grouping or a rule id
    integer: bool = False


TABLE: tuple[Threshold, ...] = (
    Threshold(
        "story-link",
        0.16,
        0.0,
        1.0,
        "Average-linkage similarity of incident profiles (event, date, places, names, words) from "
        "which two groups of articles are one story; higher splits more (a split story loses its "
        "conflicts).",
        "story grouping",
    ),
    Threshold(
        "claim-join",
        0.5,
        0.0,
        1.0,
        "Alignment strength from which two facts join one claim (weaker pairs are compared one "
        "by one and never chain claims together).",
        "number-conflict, number-bound",
    ),
    Threshold(
        "quote-coverage",
        0.6,
        0.0,
        1.0,
        "Share of the shorter quote's words that must align for two quotes to be one statement.",
        "quote-wording, quote-attribution",
    ),
    Threshold(
        "quote-loose-coverage",
        0.75,
        0.0,
        1.0,
        "Alignment from which a long quote made only of the story's common words still pairs.",
        "quote-wording, quote-attribution",
    ),
    Threshold(
        "quote-close-coverage",
        0.8,
        0.0,
        1.0,
        "Below this alignment a pair is a paraphrase (a translation): a changed number or "
        "negation in it is a warning, not an error.",
        "quote-wording",
    ),
    Threshold(
        "quote-topic-weight",
        0.25,
        0.0,
        1.0,
        "Weight, in the alignment, of a word more than half the reports use.",
        "quote-wording, quote-attribution",
    ),
    Threshold(
        "attribution-min-words",
        6,
        1,
        100,
        "Statements shorter than this many words never make an attribution finding.",
        "quote-attribution",
        integer=True,
    ),
    Threshold(
        "temporal-same-statement",
        70,
        0,
        100,
        "Similarity (0-100) from which two sentences placed before and after the event tell the same thing.",
        "temporal-order",
    ),
)

DEFAULTS: dict[str, float] = {t.key: t.default for t in TABLE}
BY_KEY: dict[str, Threshold] = {t.key: t for t in TABLE}


@dataclass(frozen=True)
class Thresholds:
    """The thresholds of one run: the defaults, with ``overrides`` (already validated) on top."""

    overrides: Mapping[str, float] = field(default_factory=dict)

    def __getitem__(self, key: str) -> float:
        if key not in BY_KEY:
            raise KeyError(f"no threshold {key!r}; known: {', '.join(BY_KEY)}")
        return self.overrides.get(key, DEFAULTS[key])

    def to_dict(self) -> dict[str, float]:
        """Every threshold in force."""
        return {key: self[key] for key in BY_KEY}


def validate(where: str, key: str, value: object) -> float:
    """``value`` for threshold ``key``, or ``ValueError`` saying what is allowed."""
    spec = BY_KEY.get(key)
    if spec is None:
        raise ValueError(f"{where}: unknown threshold {key!r}; known: {', '.join(BY_KEY)}")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{where}.{key}: expected a number, got {value!r}")
    if spec.integer and value != int(value):
        raise ValueError(f"{where}.{key}: expected a whole number, got {value!r}")
    if not spec.low <= value <= spec.high:
        raise ValueError(
            f"{where}.{key}: {value!r} is outside {spec.low:g}..{spec.high:g} (default {spec.default:g})"
        )
    return float(value)
