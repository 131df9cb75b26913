"""Date rules: the same event dated or timed differently across reports, and dates that
contradict themselves inside one report (a weekday that does not fit its date)."""
from __future__ import annotations

import re
from itertools import combinations
from typing import Iterable

from ..model import Article, Fact, Finding
from .base import Story, article_list, value_of

#: Families whose dates are compared without further evidence that two facts are one event.
MAIN_EVENT = "incident"
#: Event families a story holds only one of, so two dates written right beside the same
#: event word are dates of one event.
ONCE_PER_STORY = frozenset({"election", "independence"})
DAY = 1440


def check(story: Story) -> list[Finding]:
    """Every date finding of a story."""
    facts = story.of_kind("date")
    return (_weekday_mismatches(facts) + _future_in_past(facts)
            + _day_conflicts(facts, _setting(story)) + _time_conflicts(facts))


def _setting(story: Story) -> frozenset[str]:
    """Names in the headline or lead of at least half the reports (at least two): the story's own
    place ("the fire in Monteverra on Sunday"), which does not make an event another one."""
    leads = [_lead(article) for article in story.articles.values()]
    names = {n for lead in leads for n in _LEAD_NAME.findall(lead)}
    needed = max(2, (len(leads) + 1) // 2)
    return frozenset(n for n in names if sum(n in lead for lead in leads) >= needed)


_LEAD_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*")


def _lead(article: Article) -> str:
    lines = [line for line in article.text[article.body_start:].splitlines() if line.strip()]
    return " ".join(lines[:3])


def _weekday_mismatches(facts: Iterable[Fact]) -> list[Finding]:
    """'Tuesday, March 21, 2024' when March 21 is a Thursday: the text contradicts itself."""
    out = []
    for fact in facts:
        written, actual = fact.detail.get("weekday"), fact.detail.get("resolved_weekday")
        if fact.unit != "day" or not written or not actual or written == actual:
            continue
        guessed = "year taken" in str(fact.detail.get("note", ""))
        out.append(Finding(
            kind="date", severity="warning" if guessed else "error", subject=fact.subject,
            message=(f"{fact.article}: '{fact.text}' says {written}, but {fact.normalized} is a {actual}"
                     + (" (year assumed from the publication date)" if guessed else "")),
            values=(value_of([fact], f"{fact.normalized} ({actual}, written {written})"),),
            internal=True, rule="date-weekday-mismatch"))
    return out


def _future_in_past(facts: Iterable[Fact]) -> list[Finding]:
    """An event told in the past tense but dated after the article was published."""
    return [Finding(kind="date", severity="warning", subject=f.subject,
                    message=f"{f.article}: '{f.text}' resolves to {f.normalized}, after the publication date, "
                            "in a sentence told in the past tense",
                    values=(value_of([f]),), internal=True, rule="date-after-publication")
            for f in facts if f.detail.get("future_in_past_tense") and f.unit == "day"]


def _places(fact: Fact, setting: frozenset[str] = frozenset()) -> frozenset[str]:
    return frozenset(p for p in str(fact.detail.get("places", "")).split("; ") if p and p not in setting)


def _same_event(a: Fact, b: Fact, setting: frozenset[str]) -> bool:
    """Two dated facts are about one event: same kind of event, same scope, and the names that
    qualify the event agree (none on either side for the story's own event)."""
    if a.subject != b.subject or a.scope != b.scope or a.article == b.article:
        return False
    pa, pb = _places(a, setting), _places(b, setting)
    if a.subject == MAIN_EVENT and a.scope == "main":
        return pa == pb == frozenset() or bool(pa & pb)
    if pa or pb:
        return bool(pa & pb)
    close = max(a.detail.get("event_distance", 9), b.detail.get("event_distance", 9))
    if a.subject in ONCE_PER_STORY and a.detail.get("event") == b.detail.get("event") and close <= 1.5:
        return True     # "Sunday's election" vs "Saturday's election": a story has one such event
    # No qualifying names: the same event word right beside both dates, done by the same named
    # actor ("South Sudan gained its independence ...") make it one event.
    return (a.subject != MAIN_EVENT and a.detail.get("event") == b.detail.get("event")
            and max(a.detail.get("event_distance", 9), b.detail.get("event_distance", 9)) <= 2
            and a.detail.get("actor") is not None and a.detail.get("actor") == b.detail.get("actor"))


def _comparable_days(facts: Iterable[Fact]) -> list[Fact]:
    return [f for f in facts if f.unit in ("day", "week", "month", "year") and f.low is not None
            and f.high is not None and f.subject != "date" and not f.detail.get("relation")
            and not f.detail.get("zone_day")]


def _day_conflicts(facts: Iterable[Fact], setting: frozenset[str]) -> list[Finding]:
    """The same event on days that cannot overlap; a month that contains a day is compatible."""
    pairs: dict[tuple[str, str, frozenset[str]], list[tuple[Fact, Fact]]] = {}
    for a, b in combinations(_comparable_days(facts), 2):
        if not _same_event(a, b, setting) or not (a.high < b.low or b.high < a.low):
            continue
        pairs.setdefault((a.subject, a.scope, _places(a, setting) | _places(b, setting)), []).append((a, b))
    findings = []
    for (subject, scope, places), conflict in pairs.items():
        involved = list({(f.article, f.start, f.end): f for pair in conflict for f in pair}.values())
        groups: dict[str, list[Fact]] = {}
        for fact in involved:
            groups.setdefault(fact.normalized, []).append(fact)
        values = tuple(value_of(group, _shown(group[0])) for group in groups.values())
        all_days = all(f.unit == "day" for f in involved)
        event = _event_noun(involved, subject)
        where = f" ({', '.join(sorted(places))})" if places else ""
        findings.append(Finding(
            kind="date", severity="error" if all_days else "warning", subject=f"date of {event}{where}",
            message=(f"Date of the {event}{where} differs: "
                     + " vs ".join(f"{v.text} = {v.normalized} ({article_list(v.articles)})" for v in values)
                     + ("" if scope == "main" else " [background event]")),
            values=values, rule="date-conflict",
            detail=(("scope", scope),)))
    return findings


def _shown(fact: Fact) -> str:
    weekday = fact.detail.get("resolved_weekday")
    return f"{fact.normalized} ({weekday})" if weekday and fact.unit == "day" else fact.normalized


def _time_gap(a: Fact, b: Fact) -> float:
    """Minutes between two time intervals on the 24-hour clock (0 when they overlap)."""
    best = float("inf")
    for shift in (-DAY, 0, DAY):
        lo, hi = b.low + shift, b.high + shift
        best = min(best, max(0.0, lo - a.high, a.low - hi))
    return best


def _time_conflicts(facts: Iterable[Fact]) -> list[Finding]:
    """The same event's time of day, once in UTC, outside both reports' tolerances."""
    # Only the story's own event: two people speaking at different hours is no conflict.
    times = [f for f in facts if f.unit == "time" and f.low is not None
             and f.subject == f"time of {MAIN_EVENT}" and f.scope == "main"]
    by_subject: dict[str, list[Fact]] = {}
    for fact in times:
        by_subject.setdefault(fact.subject, []).append(fact)
    findings = []
    for subject, group in by_subject.items():
        gaps = [(a, b, _time_gap(a, b)) for a, b in combinations(group, 2) if a.article != b.article]
        conflicting = [(a, b, g) for a, b, g in gaps if g > 0]
        if not conflicting:
            continue
        wordings: dict[tuple[str, str], list[Fact]] = {}
        for fact in group:  # one value per wording, so each written form ("0737 GMT") is shown
            wordings.setdefault((fact.normalized, fact.text), []).append(fact)
        values = tuple(value_of(fs) for _, fs in sorted(wordings.items()))
        worst = max(g for _, _, g in conflicting)
        event = _event_noun(group, MAIN_EVENT)
        a, b, _ = max(conflicting, key=lambda item: item[2])
        findings.append(Finding(
            kind="date", severity="error" if worst >= 60 else "warning", subject=f"time of {event}",
            message=(f"Time of the {event} differs: "
                     f"'{a.text}' ({a.article}, {a.normalized}) vs '{b.text}' ({b.article}, {b.normalized}), "
                     f"{int(worst)} min apart beyond the stated precision"
                     + ("; a 'local time' that equals another report's UTC time may be mislabelled"
                        if _mislabelled(a, b) else "")),
            values=values, rule="time-conflict"))
    return findings


_NOUNS = frozenset("""attack assault bombing bombardment blast explosion shooting massacre strike airstrike raid
quake earthquake tremor temblor crash incident fire""".split())


def _event_noun(facts: list[Fact], fallback: str) -> str:
    """What to call the event in a message: the first event noun the reports use."""
    words = [str(f.detail.get("event", "")).rstrip("s") for f in facts]
    return next((w for w in words if w in _NOUNS), "event" if fallback == MAIN_EVENT else fallback)


def _mislabelled(a: Fact, b: Fact) -> bool:
    return (a.detail.get("written_24h") == b.detail.get("written_24h")
            and a.normalized.split(" ")[0] != b.normalized.split(" ")[0])
