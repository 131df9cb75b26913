"""The rule catalog: every rule a finding can come from, declared once.

A finding's ``rule`` is one of these ids. The catalog is what ``discrepancy rules`` lists,
what ``--select``/``--skip``, the config's ``skip``/``select``/``[tool.discrepancy.rules]``
and ``discrepancy-ignore`` comments accept (a rule id, or a kind for all its rules), what
SARIF's ``tool.driver.rules`` describes and what docs/rules.md is generated from.

Adding a rule: one ``Rule(...)`` entry in ``CATALOG``, the code in its ``compare`` module
that emits it, and its examples under ``tests/rule_examples/<id>/`` (fire/ and quiet/).

This module imports nothing from the package, so every layer may read it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

#: What a severity override may say besides a severity: the rule is not reported.
OFF = "off"
_SEVERITY_ORDER = ("info", "warning", "error")


@dataclass(frozen=True)
class Rule:
    """One rule: what it reports, how loud by default, and what to do about a finding."""

    id: str
    kind: str  # the kind of finding it emits (number, date, entity, quote, attribution, temporal)
    severity: str  # its default severity; some findings of the rule are softer (see ``summary``)
    summary: str  # one line: what a finding of this rule means
    advice: str  # what an editor does about one
    reads: tuple[str, ...]  # the fact kinds it compares

    def to_dict(self) -> dict[str, object]:
        """Plain data for ``discrepancy rules --format json``."""
        return {
            "id": self.id,
            "kind": self.kind,
            "severity": self.severity,
            "summary": self.summary,
            "advice": self.advice,
            "reads": list(self.reads),
        }


CATALOG: tuple[Rule, ...] = (
    Rule(
        "number-conflict",
        "number",
        "error",
        "Reports give figures for the same count or measure that cannot both be true (143 vs 144).",
        "Check the figure against the source; if one report is a later update, use the current figure "
        "and say when it changed.",
        ("number",),
    ),
    Rule(
        "number-bound",
        "number",
        "warning",
        "A bound and a different exact figure for the same subject ('at least 143' vs 144): "
        "compatible, but not the same figure.",
        "Decide which figure is current and write it the same way, or keep the bound on purpose.",
        ("number",),
    ),
    Rule(
        "number-update",
        "number",
        "warning",
        "A count that changes as days pass (the dead, the injured, the missing) differs between "
        "reports published on different days, the way such counts move: most likely an update.",
        "Use the latest report's figure and say when it changed; check it if your own report is the older.",
        ("number",),
    ),
    Rule(
        "number-internal",
        "number",
        "info",
        "One article gives two incompatible figures for one subject (often a part and its whole, "
        "or an earlier and a later count).",
        "Read both sentences: if they count the same thing, correct one; if not, make the difference "
        "explicit ('of whom', 'earlier').",
        ("number",),
    ),
    Rule(
        "number-conversion",
        "number",
        "error",
        "A stated conversion is wrong: its two sides are not the same quantity ('40 kilometres (40 miles)').",
        "Redo the arithmetic shown in the finding and correct the bracketed figure.",
        ("number",),
    ),
    Rule(
        "date-conflict",
        "date",
        "error",
        "Reports date the same event on days that cannot overlap (a warning when one side is only "
        "a month or a year).",
        "Check the date with the source; a weekday resolved against a different publication date "
        "is a common cause.",
        ("date",),
    ),
    Rule(
        "date-weekday-mismatch",
        "date",
        "error",
        "A weekday does not fit its date ('Tuesday, March 21, 2024' is a Thursday); a warning when "
        "the year was assumed.",
        "Correct the weekday or the date; one of them is wrong.",
        ("date",),
    ),
    Rule(
        "date-after-publication",
        "date",
        "warning",
        "An event told in the past tense is dated after the article's publication date.",
        "Check the publication date and the tense: a future event, or a wrong date.",
        ("date",),
    ),
    Rule(
        "time-conflict",
        "date",
        "error",
        "Reports give the event's time of day hours apart once converted to UTC (a warning under an hour).",
        "Check the time and its zone; a 'local time' that equals another report's UTC time is often "
        "mislabelled.",
        ("date",),
    ),
    Rule(
        "temporal-order",
        "temporal",
        "warning",
        "The same statement is placed before the event in one report and after it in another.",
        "Check the order of events with the source and correct 'before'/'after'.",
        ("relation",),
    ),
    Rule(
        "entity-variant",
        "entity",
        "error",
        "One name spelled two ways across reports in the same context ('Cologne' vs 'Colony'); "
        "a warning or a note when the difference may be a translation or transliteration.",
        "Use the spelling of the source or the house style; a known place against an unknown "
        "look-alike is usually a mistranslation.",
        ("entity",),
    ),
    Rule(
        "entity-spelling",
        "entity",
        "warning",
        "One word of a name spelt two ways (a swapped or dropped letter: 'Prendergast' vs "
        "'Prednergast', 'Lloyds' vs 'Loyds') in sentences that say the same thing, or twice "
        "inside one article.",
        "Check the name against the source and use one spelling throughout.",
        ("entity",),
    ),
    Rule(
        "entity-convention",
        "entity",
        "info",
        "One name written by different conventions (Centre/Center, Kiev/Kyiv, al-, case, hyphens).",
        "Apply the house style, or list the spellings under 'variants' in the config.",
        ("entity",),
    ),
    Rule(
        "entity-role",
        "entity",
        "info",
        "One person described with different roles; a warning when the roles are two offices "
        "one person does not hold at once.",
        "Check the person's current title with the source.",
        ("entity",),
    ),
    Rule(
        "quote-wording",
        "quote",
        "warning",
        "One statement quoted in different words; an error when a number, a negation, a name or "
        "the meaning changes, a note for spelling only.",
        "Quote the words of the source recording or transcript; mark omissions with an ellipsis.",
        ("quote",),
    ),
    Rule(
        "quote-attribution",
        "attribution",
        "error",
        "The same statement is credited to different named speakers (a warning when a speaker "
        "is an organisation).",
        "Check who said it; credit a spokesperson's words to the person or to the body they speak for, "
        "consistently.",
        ("quote",),
    ),
    Rule(
        "draft-other-incident",
        "story",
        "warning",
        "In draft mode, the draft reports another incident than its references (another "
        "event, date or place), so nothing in it could be compared.",
        "Check the draft against references of its own incident, or use --group none to compare it anyway.",
        ("entity", "date", "number"),
    ),
)

RULES: dict[str, Rule] = {rule.id: rule for rule in CATALOG}
#: Kinds of finding, in catalog order.
KINDS: tuple[str, ...] = tuple(dict.fromkeys(rule.kind for rule in CATALOG))


def get(rule_id: str) -> Rule | None:
    """The catalog entry of ``rule_id``, or None for an id the catalog does not know."""
    return RULES.get(rule_id)


def names() -> tuple[str, ...]:
    """Every name a switch accepts: the kinds, then the rule ids."""
    return KINDS + tuple(RULES)


def expand(name: str) -> tuple[str, ...]:
    """The rule ids a name stands for: a rule id itself, or every rule of a kind.

    Raises ``ValueError`` naming the known names for anything else."""
    if name in RULES:
        return (name,)
    if name in KINDS:
        return tuple(rule.id for rule in CATALOG if rule.kind == name)
    raise ValueError(
        f"unknown rule or kind {name!r}; known kinds: {', '.join(KINDS)}; "
        f"rules: {', '.join(RULES)} (see 'discrepancy rules')"
    )


def covers(name: str, rule_id: str, kind: str) -> bool:
    """Whether a switch ``name`` (rule id or kind) applies to a finding of ``rule_id``/``kind``."""
    return name == rule_id or name == kind


@dataclass(frozen=True)
class Policy:
    """Which rules are reported and how loud: ``--select``/``--skip`` and severity overrides."""

    enabled: frozenset[str] = frozenset(RULES)
    severity: Mapping[str, str] = field(default_factory=dict)  # rule id -> severity or "off"

    @classmethod
    def build(
        cls, select: Iterable[str] = (), skip: Iterable[str] = (), severity: Mapping[str, str] | None = None
    ) -> Policy:
        """A policy from switch names (rule ids or kinds); a kind's override yields to a rule's own."""
        selected = [rule_id for name in select for rule_id in expand(name)]
        enabled = set(selected) if selected else set(RULES)
        enabled -= {rule_id for name in skip for rule_id in expand(name)}
        levels: dict[str, str] = {}
        given = dict(severity or {})
        for name in sorted(given, key=lambda n: n in RULES):  # kinds first, rule ids override them
            level = given[name]
            if level != OFF and level not in _SEVERITY_ORDER:
                raise ValueError(
                    f"severity of {name!r}: {level!r} is not one of {', '.join(_SEVERITY_ORDER + (OFF,))}"
                )
            for rule_id in expand(name):
                levels[rule_id] = level
        enabled -= {rule_id for rule_id, level in levels.items() if level == OFF}
        return cls(frozenset(enabled), {r: s for r, s in levels.items() if s != OFF})

    def reports(self, rule_id: str, kind: str) -> bool:
        """Whether findings of ``rule_id`` are reported; a rule the catalog lacks is reported
        unless every rule of its kind is off."""
        if rule_id in RULES:
            return rule_id in self.enabled
        return kind not in KINDS or any(r.kind == kind and r.id in self.enabled for r in CATALOG)

    def level(self, rule_id: str, severity: str) -> str:
        """The severity a finding of ``rule_id`` is reported with."""
        return self.severity.get(rule_id, severity)
