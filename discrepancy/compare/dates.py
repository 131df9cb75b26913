"""Date rules: the same event dated or timed differently across reports, and dates that
contradict themselves inside one report (a weekday that does not fit its date)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import replace

from ..lang import en
from ..model import Fact, Finding, Value
from . import align
from .base import Story, article_list, interval, value_of

#: Families whose dates are compared without further evidence that two facts are one event.
MAIN_EVENT = "incident"
DAY = 1440


def check(story: Story) -> list[Finding]:
    """Every date finding of a story."""
    facts = _story_year([f for f in story.of_kind("date") if not f.detail.get("dateline")], story)
    salient = align.story_salient(story.articles.values())
    clashes: list[align.Pair] = []
    days = _aligned_days(facts, salient, clashes, story)
    return (
        _weekday_mismatches(facts, clashes)
        + _future_in_past(facts)
        + days
        + _aligned_times(facts, salient)
        + _month_slips(facts)
    )


def _month_slips(facts: list[Fact]) -> list[Finding]:
    """One report dating one event on the same day of two months ("the 19 July truce" /
    "on 19 June 2008, a truce agreement was reached"): a slip inside the report."""
    by_article: dict[str, list[Fact]] = {}
    for fact in facts:
        if fact.unit == "day" and len(fact.normalized) >= 5 and fact.normalized[-3] == "-" and fact.frame:
            by_article.setdefault(fact.article, []).append(fact)
    findings = []
    for article, days in by_article.items():
        if len(days) > 40:
            days = days[:40]  # a report listing dates is a calendar, not a slip
        for i, a in enumerate(days):
            for b in days[i + 1 :]:
                da, db = a.normalized[-5:], b.normalized[-5:]  # MM-DD
                written_years = [re.search(r"\b(?:1[89]|20)\d\d\b", f.text) for f in (a, b)]
                if da[3:] != db[3:] or da[:2] == db[:2]:
                    continue
                if all(written_years) and a.normalized[:4] != b.normalized[:4]:
                    continue  # two years written: two events
                nouns_a = set((a.frame.head if a.frame else "").split()) - en.words("months")
                nouns_b = set((b.frame.head if b.frame else "").split()) - en.words("months")
                if not nouns_a & nouns_b:
                    continue
                values = (value_of([a], a.text), value_of([b], b.text))
                findings.append(
                    Finding(
                        kind="date",
                        severity="warning",
                        subject=f"date of {sorted(nouns_a & nouns_b)[0]}",
                        internal=True,
                        message=f"{article} dates the {sorted(nouns_a & nouns_b)[0]} on the same day of two months: "
                        f"{a.text} ({a.normalized}) and {b.text} ({b.normalized})",
                        values=values,
                        rule="date-conflict",
                        detail=(("why", "one report, one event noun, the same day number in two months"),),
                    )
                )
    return findings


def _story_year(facts: list[Fact], story: Story) -> list[Fact]:
    """A day written without a year in an undated report ("on May 20") takes the year of the
    story's dated reports when they all share one, so it can be compared with theirs."""
    years = {a.published[:4] for a in story.articles.values() if a.published}
    if len(years) != 1:
        return facts
    year = int(next(iter(years)))
    out = []
    for fact in facts:
        month_day = str(fact.detail.get("month_day", ""))
        if fact.low is None and fact.unit == "day" and len(month_day) == 7:
            try:
                day = dt.date(year, int(month_day[2:4]), int(month_day[5:7]))
            except ValueError:
                out.append(fact)
                continue
            fact = replace(
                fact, low=float(day.toordinal()), high=float(day.toordinal()), normalized=day.isoformat()
            )
        out.append(fact)
    return out


def _day_key(fact: Fact) -> str:
    """Days compare with days, never with a month or a year that merely contains them."""
    if fact.unit != "day" or fact.low is None or fact.detail.get("relation") or fact.detail.get("zone_day"):
        return ""
    return "day"


def _time_key(fact: Fact) -> str:
    return "time" if fact.unit == "time" and fact.low is not None else ""


def _aligned_days(
    facts: list[Fact], salient: frozenset[str], clashes: list[align.Pair], story: Story
) -> list[Finding]:
    """The same dated claim ("signed on June 4", "the quake struck on Sunday") on two days;
    pairs on one day with two weekdays are added to ``clashes``."""
    found = align.pairs(facts, _day_key, salient=salient)
    findings = []
    for claim in align.components(found):
        loud = [
            p
            for p in claim
            if not p.internal
            and _apart(p.a, p.b)
            and not _news_of_its_day(p, story)
            and not _one_weekday_read_twice(p.a, p.b)
        ]
        if not loud:
            clashes.extend(_weekday_clash(claim))
            continue
        disputed = {f.normalized for p in loud for f in (p.a, p.b)}
        involved = [
            f for f in {id(f): f for p in claim for f in (p.a, p.b)}.values() if f.normalized in disputed
        ]
        groups: dict[str, list[Fact]] = {}
        for fact in involved:
            groups.setdefault(fact.normalized, []).append(fact)
        values = tuple(
            replace(value_of(group, _shown(group[0])), text=_wordings(group)) for group in groups.values()
        )
        best = max(loud, key=lambda p: p.strength)
        what = (best.a.frame.head or best.a.frame.predicate) if best.a.frame and not best.by_claim else ""
        event = what or _event_noun(involved, best.a.subject)
        background = any(f.scope == "background" for f in involved)
        findings.append(
            Finding(
                kind="date",
                # an error only where the two reports date one act with one verb ("struck on
                # Friday" / "struck on Thursday"); two verbs may be two acts ("broke out" / "collapsed")
                severity="error"
                if _one_act(best) and (best.strength >= 0.6 or best.by_claim and len(best.shared) >= 2)
                else "warning",
                subject=f"date of {event}",
                message=(
                    f"Date of the {event} differs: "
                    + " vs ".join(f"{v.text} = {v.normalized} ({article_list(v.articles)})" for v in values)
                    + (" [background event]" if background else "")
                ),
                values=values,
                rule="date-conflict",
                detail=(("why", best.why()),),
            )
        )
    return findings


def _aligned_times(facts: list[Fact], salient: frozenset[str]) -> list[Finding]:
    """The same event's time of day, once in UTC, outside both reports' tolerances."""
    found = align.pairs(facts, _time_key, salient=salient)
    findings = []
    for claim in align.components(found):
        conflicting = [(p, _time_gap(p.a, p.b)) for p in claim if not p.internal]
        conflicting = [(p, g) for p, g in conflicting if g > 0]
        if not conflicting:
            continue
        group = list({id(f): f for p, _ in conflicting for f in (p.a, p.b)}.values())
        # every report's wordings of the disputed instants ("00:11 local time (03:11 GMT)"; "It
        # took place at 7:37 AM local time" in a report whose sentence pairs with nothing)
        instants = {f.low for f in group}
        group += [f for f in facts if f.unit == "time" and f.low in instants and f not in group]
        wordings: dict[tuple[str, str], list[Fact]] = {}
        for fact in group:  # one value per wording, so each written form ("0737 GMT") is shown
            wordings.setdefault((fact.normalized, fact.text), []).append(fact)
        values = tuple(value_of(fs) for _, fs in sorted(wordings.items()))
        pair, worst = max(conflicting, key=lambda item: item[1])
        a, b = pair.a, pair.b
        event = _event_noun(group, MAIN_EVENT)
        findings.append(
            Finding(
                kind="date",
                severity="error"
                if worst >= 60 and pair.strength >= 0.6 and pair.same_predicate and len(pair.shared) >= 3
                else "warning",
                subject=f"time of {event}",
                message=(
                    f"Time of the {event} differs: "
                    f"'{a.text}' ({a.article}, {a.normalized}) vs '{b.text}' ({b.article}, {b.normalized}), "
                    f"{int(worst)} min apart beyond the stated precision"
                    + (
                        "; a 'local time' that equals another report's UTC time may be mislabelled"
                        if _mislabelled(a, b)
                        else ""
                    )
                ),
                values=values,
                rule="time-conflict",
                detail=(("why", pair.why()),),
            )
        )
    return findings


def _weekday_mismatches(facts: Iterable[Fact], clashes: list[align.Pair]) -> list[Finding]:
    """'Tuesday, March 21, 2024' when March 21 is a Thursday: the text contradicts itself.
    When another report gives that day of the same event with its right weekday, the finding
    cites it too."""
    out = []
    for fact in facts:
        written, actual = fact.detail.get("weekday"), fact.detail.get("resolved_weekday")
        if fact.unit != "day" or not written or not actual or written == actual:
            continue
        guessed = "year taken" in str(fact.detail.get("note", ""))
        others = [
            p.b if p.a is fact else p.a
            for p in clashes
            if fact in (p.a, p.b) and (p.b if p.a is fact else p.a).detail.get("weekday") == actual
        ]
        others = list({id(f): f for f in others}.values())
        values: tuple[Value, ...] = (value_of([fact], f"{fact.normalized} ({actual}, written {written})"),)
        if others:
            values += (replace(value_of(others, _shown(others[0])), text=_wordings(others)),)
        out.append(
            Finding(
                kind="date",
                severity="warning" if guessed else "error",
                subject=fact.subject,
                message=(
                    f"{fact.article}: '{fact.text}' says {written}, but {fact.normalized} is a {actual}"
                    + (" (year assumed from the publication date)" if guessed else "")
                    + (f"; {article_list(f.article for f in others)} say {actual}" if others else "")
                ),
                values=values,
                internal=not others,
                rule="date-weekday-mismatch",
            )
        )
    return out


def _future_in_past(facts: Iterable[Fact]) -> list[Finding]:
    """An event told in the past tense but dated after the article was published."""
    return [
        Finding(
            kind="date",
            severity="warning",
            subject=f.subject,
            message=f"{f.article}: '{f.text}' resolves to {f.normalized}, after the publication date, "
            "in a sentence told in the past tense",
            values=(value_of([f]),),
            internal=True,
            rule="date-after-publication",
        )
        for f in facts
        if f.detail.get("future_in_past_tense")
        and f.unit == "day"
        and (f.frame is None or f.frame.verb and f.frame.modality == "asserted")
        and not _scheduled(f)
    ]  # the dated verb itself told in the past ("ordered her to report on April 27", "will be
    # inaugurated on May 14", "invited to the final on July 15", "called for a rally on
    # November 24", "postponed its verdict from Aug. 7": not)


def _one_act(p: align.Pair) -> bool:
    """Both reports date one act: with one verb, or one of them with a light verb whose
    sentence names the other's act ("attacked on March 12" / "the attack took place on March 13")."""
    if p.same_predicate:
        return True
    fa, fb = p.a.frame, p.b.frame
    if fa is None or fb is None or not (fa.predicate and fb.predicate):
        return False
    light = en.words("light_verbs")
    return any(
        x.predicate.split()[0] in light and y.predicate.split()[0][:5] in {w[:5] for w in x.context}
        for x, y in ((fa, fb), (fb, fa))
    )


def _scheduled(fact: Fact) -> bool:
    """The dated verb sets a day for something to come ("called for a rally on November 24"),
    or is a "be" of what was due then ("was due to deliver its verdict, on Aug. 7")."""
    frame = fact.frame
    words = frame.predicate.split() if frame is not None else []
    if not words or frame is None:
        return False
    return words[0] in en.words("scheduling_verbs") or (
        words[0] == "be" and bool(frame.context & en.words("future"))
    )


def _weekday_clash(claim: list[align.Pair]) -> list[align.Pair]:
    """One day, two weekdays: "on Sunday" under a July 15 dateline / "Saturday 15 July"."""
    return [
        p
        for p in claim
        if not p.internal
        and p.a.normalized == p.b.normalized
        and p.a.detail.get("weekday")
        and p.b.detail.get("weekday")
        and p.a.detail.get("weekday") != p.b.detail.get("weekday")
    ]


def _wordings(facts: list[Fact]) -> str:
    """How the reports write one day ("March 2, 2004 / 2 March 2004"), each wording once."""
    seen = list(dict.fromkeys(re.sub(r"^(?:on|in|at)\s+", "", f.text, flags=re.I) for f in facts))
    return " / ".join(seen[:3])


def _shown(fact: Fact) -> str:
    weekday = fact.detail.get("resolved_weekday")
    return f"{fact.normalized} ({weekday})" if weekday and fact.unit == "day" else fact.normalized


def _news_of_its_day(p: align.Pair, story: Story) -> bool:
    """A later report's own day, after the earlier report was published ("the toll rose to 56
    on Wednesday" in Wednesday's report, "rose to 42 on Monday" in Monday's): that day's news,
    which the earlier report could not have dated."""
    verb = p.a.frame.predicate.split(" ")[0] if p.a.frame and p.a.frame.predicate else ""
    if p.same_predicate and verb not in en.words("change_verbs"):
        return False  # "attacked on Friday" / "attacked on Thursday" is one attack on two days
    day_a, day_b = (story.day(p.a.article) or "")[:10], (story.day(p.b.article) or "")[:10]
    if not day_a or not day_b or day_a == day_b:
        return False
    (first, _), (last, later) = sorted(((day_a, p.a), (day_b, p.b)), key=lambda x: x[0])
    return later.normalized[:10] == last > first


def _time_gap(a: Fact, b: Fact) -> float:
    """Minutes between two time intervals on the 24-hour clock (0 when they overlap)."""
    (a_low, a_high), (b_low, b_high) = interval(a), interval(b)
    best = float("inf")
    for shift in (-DAY, 0, DAY):
        lo, hi = b_low + shift, b_high + shift
        best = min(best, max(0.0, lo - a_high, a_low - hi))
    return best


def _one_weekday_read_twice(a: Fact, b: Fact) -> bool:
    """Both reports write the same bare weekday ("declared Tuesday a public holiday"): they
    agree; only reading it against two publication days gave two dates."""
    day_a, day_b = str(a.detail.get("weekday") or "").lower(), str(b.detail.get("weekday") or "").lower()
    return (
        bool(day_a)
        and day_a == day_b
        and not re.search(r"\d", a.text + b.text)
        and abs((a.low or 0) - (b.low or 0)) == 7
    )


def _apart(a: Fact, b: Fact) -> bool:
    """Two day intervals that do not overlap."""
    (a_low, a_high), (b_low, b_high) = interval(a), interval(b)
    return a_high < b_low or b_high < a_low


_NOUNS = frozenset(
    """attack assault bombing bombardment blast explosion shooting massacre strike airstrike raid
quake earthquake tremor temblor crash incident fire""".split()
)


def _event_noun(facts: list[Fact], fallback: str) -> str:
    """What to call the event in a message: the first event noun the reports use."""
    words = [str(f.detail.get("event", "")).rstrip("s") for f in facts]
    return next((w for w in words if w in _NOUNS), "event" if fallback == MAIN_EVENT else fallback)


def _mislabelled(a: Fact, b: Fact) -> bool:
    return (
        a.detail.get("written_24h") == b.detail.get("written_24h")
        and a.normalized.split(" ")[0] != b.normalized.split(" ")[0]
    )
