"""Dates and times of day: compiled regexes find candidate spans, which are resolved against
the publication date (times to UTC through a zone or the place named) and tied to the event
they date, so that two reports can be compared on the same event only."""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from itertools import accumulate
from typing import Any

from .. import gazetteer
from ..articles import DATELINE_PREFIX
from ..doc import ArticleDoc, parse
from ..doc.frames import date_frame, near_words, span_frame
from ..folded import lowercase_is_safe
from ..guard import guarded
from ..model import Article, Fact, Sentence
from ..text import MONTHS
from .quotes import quote_segments

log = logging.getLogger(__name__)

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
WEEKDAY_NAMES = frozenset(calendar.day_name)
MONTH_NAMES = frozenset(list(calendar.month_name[1:]) + list(calendar.month_abbr[1:]))
NUMBER_WORDS = {
    w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())
}
NUMBER_WORDS.update({"a": 1, "an": 1, "a few": 3, "several": 3, "a couple of": 2})
VAGUE_COUNTS = frozenset(("a few", "several", "a couple of"))

_MON = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAYN = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19\d\d|20\d\d)"
_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"
# "the 2000 protesters" is a count, not a year.
_COUNTED = (
    r"(?:people|persons|residents|victims|protesters|demonstrators|soldiers|troops|police|workers|students"
    r"|children|refugees|members|employees|passengers|families|homes|houses|buildings|km|kilometres"
    r"|kilometers|miles|tons|tonnes|metres|meters|feet|dollars|euros|pounds|votes|cases|deaths)\b"
)

_YEAR_Y = rf"(?:,?\s+(?P<y>{_YEAR})\b)?"
_MONTH_PREP = (
    r"[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Ee]arly|[Ll]ate|[Mm]id-|[Ss]ince early|[Ee]arlier in|[Ll]ater in"
    r"|[Tt]his|[Ll]ast|[Nn]ext"
)
_YEAR_PREP = r"[Ii]n|[Ss]ince|[Oo]f|[Uu]ntil|[Ff]rom|[Dd]uring|[Bb]efore|[Aa]fter|[Ee]arly|[Ll]ate|[Mm]id-"
_COUNT = (
    r"\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|a couple of|several|a|an"
)

# Date candidates, most specific first; an earlier pattern's span wins an overlap.
DATE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])\b")),
    ("mdy", re.compile(rf"\b(?:(?P<wd>{_WD}),?\s+)?(?P<mon>{_MON})\.?\s+(?P<d>{_DAYN})\b{_YEAR_Y}")),
    (
        "dmy",
        re.compile(
            rf"\b(?:(?P<wd>{_WD}),?\s+)?(?:the\s+)?(?P<d>{_DAYN})\s+(?:of\s+)?(?P<mon>{_MON})\b\.?"
            rf"{_YEAR_Y}"
        ),
    ),
    ("myrel", re.compile(rf"\b(?:[Ii]n\s+)?(?P<mon>{_MON})\.?\s+(?:of\s+)?(?P<rel>last|this|next)\s+year\b")),
    (
        "my",
        re.compile(
            rf"\b(?:(?:early|mid-?|late|earlier in|later in)\s+)?(?P<mon>{_MON})\.?,?\s+(?P<y>{_YEAR})\b"
        ),
    ),
    ("month", re.compile(rf"\b(?P<prep>{_MONTH_PREP})\s+(?P<mon>{_MON})\b(?!\s*\d)")),
    ("weekday", re.compile(rf"\b(?:(?P<mod>last|next|this|early|late|on|On)\s+)?(?P<wd>{_WD}){_PART}\b")),
    (
        "relday",
        re.compile(
            r"\b(?P<rel>yesterday|today|tonight|tomorrow|last night|the day before|the previous day"
            r"|the following day|the next day)\b(?:\s+(?:morning|afternoon|evening|night))?",
            re.I,
        ),
    ),
    (
        "ago",
        re.compile(
            rf"\b(?P<n>{_COUNT})\s+(?P<unit>day|week|month|year)s?"
            r"\s+(?P<dir>ago|earlier|later|before|after|prior to|ahead of)\b",
            re.I,
        ),
    ),
    (
        "relperiod",
        re.compile(
            r"\b(?P<mod>last|this|next|earlier this|later this|the following|the previous|the same"
            r"|past)\s+(?P<unit>week|month|year)\b",
            re.I,
        ),
    ),
    ("years", re.compile(rf"\b(?P<y>{_YEAR})\s*(?:-|–|to)\s*(?P<y2>{_YEAR})\b")),
    (
        "year",
        re.compile(rf"(?:\b(?:{_YEAR_PREP})\s+|\b[Tt]he\s+)(?P<y>{_YEAR})\b(?![,.]?\d)(?!\s+{_COUNTED})"),
    ),
]

#: What a text must hold for a kind of date pattern to match in it: words written as they are
#: here, or words of its lower-cased form; a pattern is run only where one of them is found.
#: Most sentences name no month, and a case-insensitive pattern costs far more than the test.
_MONTHS_WRITTEN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_GATE = (_MONTHS_WRITTEN, ())
_YEAR_GATE = (("19", "20"), ())
_DATE_GATES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "iso": (("-",), ()),
    "mdy": _MONTH_GATE,
    "dmy": _MONTH_GATE,
    "myrel": _MONTH_GATE,
    "my": _MONTH_GATE,
    "month": _MONTH_GATE,
    "weekday": (("day",), ()),
    "relday": ((), ("day", "night", "tomorrow")),
    "ago": ((), ("day", "week", "month", "year")),
    "relperiod": ((), ("week", "month", "year")),
    "years": _YEAR_GATE,
    "year": _YEAR_GATE,
}


_AMPM = r"(?P<ampm>[aApP])\.?\s?[mM](?![A-Za-z])\.?"
_ZONE = (
    r"(?P<zone>GMT|UTC|Z|EDT|EST|CDT|CST|MDT|MST|PDT|PST|ET|CT|MT|PT|BST|CEST|CET|EEST|EET|EAT|CAT|WAT"
    r"|SAST|WIB|IST|JST|KST|HKT|SGT|MSK|AEST|AEDT|PKT|local\s+time|local)\b(?P<off>\s?[+-]\d{1,2}(?::?\d\d)?)?"
)
TIME_PATTERNS: list[re.Pattern[str]] = [
    re.compile(
        rf"\b(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)(?:\s*{_AMPM})?(?:\s*(?:hrs\.?|hours|h)\b)?(?:\s*\(?{_ZONE})?"
    ),
    re.compile(rf"\b(?P<h>1[0-2]|0?[1-9])(?:\.(?P<m>[0-5]\d))?\s*{_AMPM}(?:\s*\(?{_ZONE})?"),
    re.compile(rf"\b(?P<h>[01]\d|2[0-3])(?P<m>[0-5]\d)\s*(?:hrs\.?\s*|hours\s*)?{_ZONE}"),
    re.compile(r"\b(?:at|around|about|by|after|before|until)\s+(?P<noon>noon|midday|midnight)\b", re.I),
    # "at 21.11 hours", "at 18.30": a 24-hour clock written with a point, as many languages do
    # (not "at 9.15 in the morning", which this reads no further)
    re.compile(
        r"(?<=\bat )(?=(?:1[3-9]|2[0-3])\.\d\d\b|\d\d?\.\d\d\s*(?:hrs\.?|hours|h)\b)"
        rf"(?P<h>[01]?\d|2[0-3])\.(?P<m>[0-5]\d)(?:\s*(?:hrs\.?|hours|h)\b)?"
        r"(?!\s*(?:%|per|percent|[mb]illion|points?|pts|dollars?|euros?|pounds?|cents?|kg|km|metres?|meters?"
        rf"|miles?|seconds?)\b|%)(?:\s*\(?{_ZONE})?"
    ),
]
#: The same for each of ``TIME_PATTERNS``, in order (None: always run).
_TIME_GATES: tuple[tuple[tuple[str, ...], tuple[str, ...]] | None, ...] = (
    ((":",), ()),
    None,
    None,
    ((), ("noon", "midday", "midnight")),
    (("at ",), ()),
)


ZONE_OFFSETS = {
    "GMT": 0,
    "UTC": 0,
    "Z": 0,
    "EDT": -240,
    "EST": -300,
    "CDT": -300,
    "CST": -360,
    "MDT": -360,
    "MST": -420,
    "PDT": -420,
    "PST": -480,
    "BST": 60,
    "CET": 60,
    "CEST": 120,
    "EET": 120,
    "EEST": 180,
    "EAT": 180,
    "CAT": 120,
    "WAT": 60,
    "SAST": 120,
    "WIB": 420,
    "IST": 330,
    "JST": 540,
    "KST": 540,
    "HKT": 480,
    "SGT": 480,
    "MSK": 180,
    "AEST": 600,
    "AEDT": 660,
    "PKT": 300,
}
ZONE_NAMES = {
    "ET": "America/New_York",
    "CT": "America/Chicago",
    "MT": "America/Denver",
    "PT": "America/Los_Angeles",
}
_APPROX_BEFORE = re.compile(
    r"(?:about|around|approximately|approx\.?|roughly|some|nearly|almost|circa|ca\."
    r"|shortly after|shortly before|just after|just before|soon after|after|before|by|until"
    r"|early|late)\s*$",
    re.I,
)
_TIME_CONTEXT = re.compile(
    r"(?:\bat|about|around|approximately|roughly|shortly after|just after|until|by|from|since)"
    r"\s*$",
    re.I,
)

# Words that name what a date or time attaches to, by family. "incident" is the story's event.
EVENT_FAMILIES: dict[str, str] = {
    word: family
    for family, words in {
        "incident": "attack attacks attacked attackers assault bomb bombs bombed bombing bombings bombardment blast "
        "blasts explosion explosions exploded detonated shooting shootings gunmen massacre strike strikes "
        "airstrike raid raids quake quakes earthquake earthquakes tremor temblor tremblor struck hit hits "
        "stormed killed killing crash crashed incident occurred happened collapsed erupted fire landfall "
        "ashore derailed derailment derail collision collided capsized sank sinking accident blaze "
        "flood floods flooding flooded storm hurricane typhoon cyclone tornado landslide landslides "
        "avalanche eruption stabbing stabbed gunfire riot riots hijacked kidnapped abducted "
        "overturned wildfire outbreak",
        "report": "report reports reported published disclosed revealed statement documents",
        "warning": "warned warning warnings alert alerted cautioned cautions",
        "arrest": "arrested arrests detained apprehended captured",
        "speech": "speech said says told announced stated declared conference interview address",
        "condemnation": "condemned condemnation condemns denounced",
        "election": "election elections vote voted referendum",
        "independence": "independence independent seceded",
        "fighting": "fighting fought clashes war rebellion conflict battle",
        "death": "died dead death",
    }.items()
    for word in words.split()
}
_PAST = re.compile(
    r"\b(?:was|were|had|did|said|\w{3,}ed|won|lost|took|gave|made|came|went|began|fell|rose|"
    r"struck|held|left|met|told|sent|sank|fled|broke|drew|ran|saw|led|spoke|wrote|chose|"
    r"stood|brought|caught|fought|thought|found|knew|became)\b",
    re.I,
)
_FUTURE = re.compile(
    r"\b(?:will|would|shall|is to|are to|scheduled|planned|plans?|expected|due|upcoming|next"
    r"|going to)\b",
    re.I,
)
_META_LINE = re.compile(r"^\W*(?:date\s+)?(?:published|updated|posted|last updated)\b", re.I)
_ZONE_DAY = re.compile(
    r"\(\s*[\d:.]+\s*(?:[ap]\.?m\.?\s*)?(GMT|UTC|Z|[ECMP][SD]T|ET)\s*,?\s*(?:on\s+)?$", re.I
)
_PAREN_DATE = re.compile(r"\s*\(\s*([^()]{3,24})\s*\)")
BACKGROUND_DAYS = 45


@dataclass
class Resolved:
    """What a span says: a day range (ordinals) at a precision, or why it is unresolved."""

    low: dt.date | None = None
    high: dt.date | None = None
    unit: str = "day"
    note: str = ""
    weekday: int | None = None
    relation: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def extract(article: Article, sentences: list[Sentence], document: ArticleDoc | None = None) -> list[Fact]:
    """Every date and time-of-day fact of an article, each framed by the predicate it dates."""
    if document is None:
        document = parse(article, sentences)
    by_index = {s.index: s for s in sentences}
    out = []
    for fact in _extract(article, sentences):
        sentence = by_index[fact.sentence_index]
        if _in_dateline(fact, sentence):
            fact.detail["dateline"] = "yes"  # the day the report was filed: read, never compared
        out.append(_framed(fact, sentence, document))
    return out


def _in_dateline(fact: Fact, sentence: Sentence) -> bool:
    """The date of a wire dateline opening the lead ("LONDON, Dec 13, 2019 (Wire) - ...")."""
    prefix = DATELINE_PREFIX.match(sentence.text)
    return prefix is not None and fact.start < sentence.start + prefix.end()


def _framed(fact: Fact, sentence: Sentence, document: ArticleDoc) -> Fact:
    start, end = fact.start - sentence.start, fact.end - sentence.start
    parsed = document.doc(sentence)
    frame = date_frame(parsed, start, end) if parsed is not None else None
    if frame is None:
        frame = span_frame(sentence.text, start, end)
    frame = replace(frame, key=fact.unit or "", near=near_words(sentence.text, start, end))
    return replace(fact, frame=frame)


def _extract(article: Article, sentences: list[Sentence]) -> list[Fact]:
    """Every date and time-of-day fact of an article (never raises)."""
    try:
        pub = dt.date.fromisoformat(article.published) if article.published else None
    except ValueError:
        pub = None
    if pub is None:
        pub = _dateline_day(sentences)  # a wire report's "on Friday" is the Friday of its dateline
    skip_lines = _skipped_lines(article)
    # the day a time of day falls on when its sentence names none: the first full date of the
    # text, looked for only when a sentence without a day of its own gives a time
    fallback_day = cache(lambda: pub or _first_full_date(article.text))
    context: dict[str, int] = {}  # the last year written, for "the following year"
    quoted = _Quoted(article)
    facts: list[Fact] = []
    for sentence in sentences:
        if article.position(sentence.start)[0] in skip_lines or _META_LINE.match(sentence.text):
            continue
        try:
            facts.extend(_sentence_facts(article, sentence, pub, fallback_day, context, quoted))
        except Exception:  # noqa: BLE001 - one odd sentence must not lose the article
            line = article.position(sentence.start)[0]
            log.warning(
                "dates: skipped a sentence of %s (line %d) that could not be read",
                article.id,
                line,
                exc_info=True,
            )
    return facts


def _skipped_lines(article: Article) -> set[int]:
    """The dateline: its date is the publication date, its time the publication time, not facts."""
    match = re.match(r"dateline \(line (\d+)\)", article.published_source)
    return {int(match.group(1))} if match else set()


class _Gates:
    """Which gates (``_DATE_GATES``, ``_TIME_GATES``) one text opens, each worked out once."""

    __slots__ = ("text", "lower", "known")

    def __init__(self, text: str) -> None:
        self.text = text
        # None when lower-casing could hide what a case-insensitive pattern finds: all open
        self.lower = text.lower() if lowercase_is_safe(text) else None
        self.known: dict[int, bool] = {}

    def open(self, gate: tuple[tuple[str, ...], tuple[str, ...]] | None) -> bool:
        """Whether a pattern behind ``gate`` (None: no gate) can match in the text."""
        if gate is None or self.lower is None:
            return True
        found = self.known.get(id(gate))
        if found is None:
            exact, folded = gate
            found = self.known[id(gate)] = _holds(exact, self.text) or _holds(folded, self.lower)
        return found


def _holds(parts: tuple[str, ...], text: str) -> bool:
    for part in parts:
        if part in text:
            return True
    return False


@lru_cache(maxsize=8192)
def _candidates(text: str) -> tuple[tuple[str, re.Match[str]], ...]:
    """The date spans of a sentence's text, in order; memoised, as sentences repeat word for word."""
    taken: list[tuple[int, int]] = []
    found = []
    gates = _Gates(text)
    for kind, pattern in DATE_PATTERNS:
        if not gates.open(_DATE_GATES.get(kind)):
            continue
        for match in pattern.finditer(text):
            a, b = match.span()
            if any(a < y and x < b for x, y in taken):
                continue
            taken.append((a, b))
            found.append((kind, match))
    return tuple(sorted(found, key=lambda item: item[1].start()))


def _dateline_day(sentences: list[Sentence]) -> dt.date | None:
    """The day of a wire dateline opening the lead ("SAN JOSE, Nov 18, 2022 (Wire) - ")."""
    for sentence in sentences[:3]:
        prefix = DATELINE_PREFIX.match(sentence.text)
        if prefix is not None:
            return _first_full_date(prefix.group())
    return None


def _first_full_date(text: str) -> dt.date | None:
    """Any full date in the text: only to pick a zone's offset (DST, zone history) for times."""
    for kind, pattern in DATE_PATTERNS[:3]:
        for match in pattern.finditer(text):
            if match.groupdict().get("y"):
                resolved = _resolve(kind, match, text, None)
                if resolved is not None and resolved.low is not None:
                    return resolved.low
    return None


def _sentence_facts(
    article: Article,
    sentence: Sentence,
    pub: dt.date | None,
    fallback_day: Callable[[], dt.date | None],
    context: dict[str, int],
    quoted: _Quoted | None = None,
) -> list[Fact]:
    text = sentence.text
    facts = []
    days: list[dt.date] = []
    candidates = _candidates(text)
    where = f"{article.id} line {article.position(sentence.start)[0]}"
    consumed: set[int] = set()
    context.pop("sentence_year", None)
    for index, (kind, match) in enumerate(candidates):
        if index in consumed:
            continue
        start, end = match.span()
        # "today" or "on Friday" inside a quotation is the speaker's day, which the report
        # does not say: read, never resolved against the report's own date
        anchor = None if kind in _DEICTIC and quoted is not None and quoted(sentence.start + start) else pub
        resolved = _resolve(kind, match, text, anchor, where)
        if (
            kind == "month"
            and resolved is not None
            and resolved.low is not None
            and "sentence_year" in context
        ):
            year, month = context["sentence_year"], resolved.low.month
            resolved = Resolved(
                dt.date(year, month, 1),
                dt.date(year, month, calendar.monthrange(year, month)[1]),
                "month",
                note="year from earlier in the sentence",
            )
        if kind == "weekday" and index + 1 < len(candidates):
            paren = _PAREN_DATE.match(text, end)
            nxt_kind, nxt = candidates[index + 1]
            dated = (
                _resolve(nxt_kind, nxt, text, pub)
                if paren and nxt.start() == paren.start(1) and nxt_kind in ("mdy", "dmy", "iso")
                else None
            )
            if (
                dated is not None and paren is not None
            ):  # "last Friday (Mar 22)": the written date, checked against the weekday
                consumed.add(index + 1)
                dated.weekday = WEEKDAYS[match.group("wd").lower()]
                dated.extra["beside"] = match.group()
                resolved, end = dated, paren.end()
        if (
            resolved is not None
            and resolved.relation in ("the following year", "the previous year")
            and "year" in context
        ):
            year = context["year"] + (1 if "following" in resolved.relation else -1)
            resolved = Resolved(
                dt.date(year, 1, 1),
                dt.date(year, 12, 31),
                "year",
                note=f"relative to {context['year']}, written earlier",
            )
        if resolved is None:
            continue
        zone_day = _ZONE_DAY.search(text[:start])
        if zone_day:  # "3:15 a.m. (1815 GMT Saturday)": the day in another zone, not the event's day
            resolved.extra["zone_day"] = zone_day.group(1)
        if resolved.low is not None and match.groupdict().get("y"):
            context["year"] = resolved.low.year
        if (
            resolved.unit == "year"
            and resolved.low is not None
            and resolved.high is not None
            and resolved.low.year == resolved.high.year
        ):
            context["sentence_year"] = resolved.low.year
        if resolved.low is not None and resolved.unit == "day":
            days.append(resolved.low)
        facts.append(_date_fact(article, sentence, start, end, resolved, pub))
    times = _time_facts(article, sentence, days[0] if days else fallback_day()) if _time_matches(text) else []
    if any(f.scope == "background" for f in facts):
        for fact in times:  # a time on a background event's day belongs to that event
            fact.scope = "background"
    return facts + times


_DEICTIC = frozenset({"weekday", "relday", "ago", "relperiod"})


class _Quoted:
    """Whether an offset of the article lies inside a quotation (the quotes reader's spans,
    found only when the article has a relative date to place)."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.starts: list[int] | None = None
        self.ends: list[int] = []

    def __call__(self, offset: int) -> bool:
        if self.starts is None:
            segments = quote_segments(self.article.text, self.article.body_start)
            # the furthest end reached so far: a quotation nested in another stays inside it
            self.starts, self.ends = (
                [g.start for g in segments],
                list(accumulate((g.end for g in segments), max)),
            )
        k = bisect.bisect_right(self.starts, offset) - 1
        return k >= 0 and offset < self.ends[k]


def _year_for(month: int, day: int, pub: dt.date | None) -> int | None:
    """A year-less date takes the publication year, or the one before when it would be in the future."""
    if pub is None:
        return None
    try:
        candidate = dt.date(pub.year, month, day)
    except ValueError:
        return None
    return pub.year - 1 if candidate > pub + dt.timedelta(days=7) else pub.year


def _resolve(
    kind: str, match: re.Match[str], text: str, pub: dt.date | None, where: str = ""
) -> Resolved | None:
    """Resolve one candidate span; None when it turns out not to be a date."""
    g = match.groupdict()
    if kind in ("iso", "mdy", "dmy"):
        month = int(g["m"]) if kind == "iso" else MONTHS[g["mon"].lower()[:3]]
        digits = re.match(r"\d+", g["d"])
        assert digits is not None  # every day pattern opens with its digits
        day = int(digits.group())
        if day > calendar.monthrange(2000, month)[1]:
            return None  # "Feb 31" is no date (2000 is a leap year, so Feb 29 passes)
        year = int(g["y"]) if g.get("y") else _year_for(month, day, pub)
        weekday = WEEKDAYS[g["wd"].lower()] if g.get("wd") else None
        if year is None:
            return Resolved(
                unit="day",
                note="no year and no publication date",
                weekday=weekday,
                extra={"month_day": f"--{month:02d}-{day:02d}"},
            )
        try:
            day_date = dt.date(year, month, day)
        except ValueError:
            return None
        return Resolved(
            day_date,
            day_date,
            "day",
            weekday=weekday,
            note="" if g.get("y") else "year taken from the publication date",
        )
    if kind == "myrel":
        month = MONTHS[g["mon"].lower()[:3]]
        if pub is None:
            return Resolved(unit="month", note="relative date without a publication date")
        year = pub.year + {"last": -1, "this": 0, "next": 1}[g["rel"]]
        return Resolved(
            dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]), "month"
        )
    if kind in ("my", "month"):
        month = MONTHS[g["mon"].lower()[:3]]
        if kind == "month" and g["mon"] == "May" and g["prep"].lower() not in _MAY_PREPS:
            return None  # "this May ..." is more often the verb than the month
        year = int(g["y"]) if kind == "my" else _month_year(month, g["prep"].lower(), pub)
        if year is None:
            return Resolved(unit="month", note="no year and no publication date")
        last = calendar.monthrange(year, month)[1]
        return Resolved(dt.date(year, month, 1), dt.date(year, month, last), "month")
    if kind == "weekday":
        return _weekday(match, text, pub)
    if kind == "relday":
        return _relday(g["rel"].lower(), pub)
    if kind == "ago":
        return _ago(match, pub, where)
    if kind == "relperiod":
        return _relperiod(g["mod"].lower(), g["unit"].lower(), pub)
    if kind == "years":
        low, high = int(g["y"]), int(g["y2"])
        if high < low:
            return None
        return Resolved(dt.date(low, 1, 1), dt.date(high, 12, 31), "year")
    if kind == "year":
        year = int(g["y"])
        return Resolved(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
    return None


_MAY_PREPS = frozenset(("in", "since", "until", "by", "early", "late"))


def _month_year(month: int, prep: str, pub: dt.date | None) -> int | None:
    if pub is None:
        return None
    if prep == "next":
        return pub.year + 1 if month <= pub.month else pub.year
    if prep == "this":
        return pub.year
    if prep == "last":
        return pub.year - 1 if month >= pub.month else pub.year
    return pub.year - 1 if month > pub.month else pub.year


def _weekday(match: re.Match[str], text: str, pub: dt.date | None) -> Resolved:
    """The most recent such day on or before publication, unless the text looks ahead."""
    weekday = WEEKDAYS[match.group("wd").lower()]
    mod = (match.group("mod") or "").lower()
    future = mod == "next" or (mod != "last" and _tense(text, match.start(), match.end()) == "future")
    if pub is None:
        return Resolved(unit="day", weekday=weekday, note="weekday without a publication date")
    delta = (pub.weekday() - weekday) % 7
    if future:
        day = pub + dt.timedelta(days=(7 - delta) % 7 or (7 if mod == "next" else 0))
    else:
        day = pub - dt.timedelta(days=delta)
    if mod == "last" and delta == 0:
        day = pub - dt.timedelta(days=7)
    return Resolved(day, day, "day", weekday=weekday, note="weekday resolved against the publication date")


def _tense(text: str, start: int, end: int) -> str | None:
    """'future', 'past' or None for a date's clause: the tense marker nearest before the date
    decides ("would not retaliate for the reported bombing on Tuesday" is past), else the first after."""
    if re.search(r"\b(?:for|until|till|by)\s+$", text[:start], re.I):
        return "future"  # "a new strike for March 19", "until Friday": planned, not told as past
    cuts = [m.end() for m in re.finditer(r",|;|\band\b|\bbut\b", text[:start])]
    begin = cuts[-1] if cuts else 0
    after = re.search(r"[;.]|\band\b|\bbut\b|$", text[end:])
    assert after is not None  # "$" always matches
    markers = sorted(
        [(m.start(), 1, "future") for m in _FUTURE.finditer(text, begin, end + after.start())]
        + [(m.start(), 0, "past") for m in _PAST.finditer(text, begin, end + after.start())]
    )
    before = [m for m in markers if m[0] < start]
    if before:
        return before[-1][2]
    return markers[0][2] if markers else None


def _relday(rel: str, pub: dt.date | None) -> Resolved:
    if pub is None:
        return Resolved(note="relative date without a publication date")
    offsets = {"yesterday": -1, "last night": -1, "today": 0, "tonight": 0, "tomorrow": 1}
    if rel not in offsets:
        return Resolved(note="relative to another event", relation=rel)
    day = pub + dt.timedelta(days=offsets[rel])
    return Resolved(day, day, "day")


def _ago(match: re.Match[str], pub: dt.date | None, where: str) -> Resolved:
    """'two weeks ago' is resolved (through dateparser); 'two weeks before the attack' is a relation."""
    direction = match.group("dir").lower()
    if direction != "ago":
        return Resolved(note="relative to another event", relation=match.group().lower())
    if pub is None:
        return Resolved(note="relative date without a publication date")
    count, unit = match.group("n").lower(), match.group("unit").lower()
    parsed = _dateparser(f"{NUMBER_WORDS.get(count, count)} {unit}s ago", pub, where)
    if parsed is None:
        return Resolved(note="could not resolve")
    if unit == "day":
        if count in VAGUE_COUNTS:  # "a few days ago": a few days either way
            return Resolved(parsed - dt.timedelta(days=2), parsed + dt.timedelta(days=2), "week")
        return Resolved(parsed, parsed, "day")
    if unit == "week":
        return Resolved(parsed - dt.timedelta(days=3), parsed + dt.timedelta(days=3), "week")
    if unit == "month":
        last = calendar.monthrange(parsed.year, parsed.month)[1]
        return Resolved(parsed.replace(day=1), parsed.replace(day=last), "month")
    return Resolved(dt.date(parsed.year, 1, 1), dt.date(parsed.year, 12, 31), "year")


_DATEPARSER: dict[str, Any] = {}


def _dateparser(span: str, pub: dt.date, where: str) -> dt.date | None:
    """dateparser on one short span, guarded: any failure skips the span with a warning."""
    if "parse" not in _DATEPARSER:
        import dateparser  # heavy: imported on first use only

        _DATEPARSER["parse"] = dateparser.parse
    base = dt.datetime(pub.year, pub.month, pub.day, 12)
    parsed = guarded(
        _DATEPARSER["parse"],
        span,
        languages=["en"],
        where=where,
        settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"},
    )
    return parsed.date() if parsed else None


def _relperiod(mod: str, unit: str, pub: dt.date | None) -> Resolved | None:
    if mod in ("the following", "the previous", "the same"):
        return Resolved(unit=unit, note="relative to another date", relation=f"{mod} {unit}")
    if pub is None:
        return Resolved(unit=unit, note="relative date without a publication date")
    step = {"last": -1, "past": -1, "next": 1}.get(mod, 0)
    if unit == "year":
        year = pub.year + step
        return Resolved(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
    if unit == "month":
        month_index = pub.year * 12 + pub.month - 1 + step
        year, month = divmod(month_index, 12)
        low = dt.date(year, month + 1, 1)
        high = dt.date(year, month + 1, calendar.monthrange(year, month + 1)[1])
        if mod == "earlier this":
            high = pub
        return Resolved(low, high, "month")
    monday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(weeks=step)
    high = pub if mod == "earlier this" else monday + dt.timedelta(days=6)
    return Resolved(monday, high, "week")


def _date_fact(
    article: Article, sentence: Sentence, start: int, end: int, r: Resolved, pub: dt.date | None
) -> Fact:
    text = sentence.text
    found = _nearest_event(text, start, end, bool(r.relation))
    family, word = (found[0], found[1]) if found else ("date", "")
    detail: dict[str, Any] = {"event": word, "event_distance": found[3]} if found else {}
    places = event_places(text, start, end)
    if places:
        detail["places"] = "; ".join(places)
    actor = _actor(text, found[2]) if found else None
    if actor:
        detail["actor"] = actor
    if r.note:
        detail["note"] = r.note
    if r.relation:
        detail["relation"] = r.relation
    detail.update(r.extra)
    if r.weekday is not None:
        detail["weekday"] = calendar.day_name[r.weekday]
    normalized, low, high = "", None, None
    if r.low is not None and r.high is not None:
        normalized = _iso(r.low, r.high, r.unit)
        low, high = float(r.low.toordinal()), float(r.high.toordinal())
        if r.unit == "day":
            detail["resolved_weekday"] = calendar.day_name[r.low.weekday()]
        if pub is not None and r.low > pub and _tense(text, start, end) == "past":
            detail["future_in_past_tense"] = "yes"
    elif "month_day" in r.extra:
        normalized = r.extra["month_day"]
    scope = "main"
    if r.high is not None and pub is not None and r.high < pub - dt.timedelta(days=BACKGROUND_DAYS):
        scope = "background"
    elif r.unit == "year" and (pub is None or r.low is None or r.low.year != pub.year):
        scope = "background"
    return Fact.at(
        article,
        sentence,
        "date",
        sentence.start + start,
        sentence.start + end,
        subject=family,
        normalized=normalized,
        low=low,
        high=high,
        unit=r.unit,
        scope=scope,
        detail=detail,
    )


def _iso(low: dt.date, high: dt.date, unit: str) -> str:
    if unit == "day":
        return low.isoformat()
    if unit == "month":
        return low.strftime("%Y-%m")
    if unit == "year" and low.year == high.year:
        return str(low.year)
    return f"{low.isoformat()}/{high.isoformat()}"


_CLAUSE_BREAK = re.compile(r"[;\u201c\u201d\"]|:(?!\d)")
_WEAK_EVENTS = frozenset("said says told stated announced".split())
_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*(?:'s)?")
_LEADING = re.compile(r"^(?:The|A|An|In|On|At|Of|And|But|As|From|By)\s+")
_LEADING_WORDS = frozenset("The A An In On At Of And But As From By".split())
_OTHER_EVENT = re.compile(
    r"\b(?:another|other|separate|previous|earlier|similar|second|new|fresh|aftershocks?)"
    r"\W+(?:\w+\W+){0,2}$",
    re.I,
)


def event_of(text: str, start: int, end: int) -> tuple[str, str]:
    """The event a span in ``text`` dates: the nearest event word in its clause, before first."""
    found = _nearest_event(text, start, end, False)
    return (found[0], found[1]) if found else ("date", "")


@lru_cache(maxsize=8192)  # asked for each date twice (its event, then its places), and sentences repeat
def _nearest_event(text: str, start: int, end: int, skip_anchor: bool) -> tuple[str, str, int, float] | None:
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(text)]
    clause_start = max([b + 1 for b in breaks if b < start] or [0])
    clause_end = min([b for b in breaks if b >= end] or [len(text)])
    searchable = text[:clause_end].replace("took place", "took_place")
    best: tuple[float, str, str, int] | None = None
    anchor = re.match(r"\s*(?:the\s+|this\s+|last\s+)?(?:\w+\s+)?(\w+)", text[end:]) if skip_anchor else None
    anchor_at = end + anchor.start(1) if anchor else -1
    for match in re.finditer(r"[A-Za-z_]+(?:-[A-Za-z]+)?", searchable[clause_start:]):
        word = match.group().lower()
        family = (
            "incident"
            if word == "took_place"
            else EVENT_FAMILIES.get(word) or EVENT_FAMILIES.get(word.split("-")[-1])
        )
        a = clause_start + match.start()
        if not family or start <= a < end or a == anchor_at:
            continue
        if a < start:
            distance = float(len(re.findall(r"\w+", text[a:start])) - 1)
        else:
            between = text[end:a]
            distance = len(re.findall(r"\w+", between)) + 0.5
            if "," in between and len(re.findall(r"\w+", text[clause_start:start])) > 3:
                distance += 5  # ", which he said killed seven": a relative clause, not the date's event
        if word in _WEAK_EVENTS and distance > 2:
            distance += 4
        if family == "incident" and _OTHER_EVENT.search(text[max(0, a - 40) : a]):
            family = "other incident"  # "another quake struck at ...": not the story's event
        if best is None or distance < best[0]:
            best = (distance, family, word.replace("_", " "), a)
    return (best[1], best[2], best[3], best[0]) if best else None


def event_places(text: str, start: int, end: int) -> tuple[str, ...]:
    """Names written between a date and its event word, or just after the event word
    ("the bombing of Guffa on Tuesday", "the Wednesday bombings in Upper Nile"): they tell
    one event from another of the same kind. Country names do not (they are the story's setting)."""
    found = _nearest_event(text, start, end, False)
    if not found:
        return ()
    at = found[2]
    if at > end:
        window = text[end:at] + text[at : at + 60]
    else:
        window = text[at:start]
    window = re.split(r"[,;]", window, maxsplit=1)[0] if at > end else window
    countries = gazetteer.country_names()
    names = []
    for match in _NAME.finditer(window):
        name = _LEADING.sub("", re.sub(r"'s$", "", match.group()))
        if (
            not name
            or name in _LEADING_WORDS
            or name in countries
            or name.split()[0] in WEEKDAY_NAMES
            or name in MONTH_NAMES
        ):
            continue
        names.append(name)
    return tuple(sorted(set(names)))


def _actor(text: str, at: int) -> str | None:
    """Who or what the event word is about, written just before it ("South Sudan gained its
    independence", "Smith died"); None when no name is that close."""
    window = text[max(0, at - 60) : at]
    for match in reversed(list(_NAME.finditer(window))):
        name = _LEADING.sub("", re.sub(r"'s$", "", match.group()))
        if not name or name in _LEADING_WORDS or name.split()[0] in WEEKDAY_NAMES or name in MONTH_NAMES:
            continue
        if len(re.findall(r"\w+", window[match.end() :])) <= 2:
            return name
        return None
    return None


def _time_facts(article: Article, sentence: Sentence, day: dt.date | None) -> list[Fact]:
    text = sentence.text
    matches = _time_matches(text)
    facts = []
    for index, match in enumerate(matches):
        following = matches[index + 1] if index + 1 < len(matches) else None
        fact = _time_fact(article, sentence, match, day, _written_offset(text, match, following))
        if fact is not None:
            facts.append(fact)
    return facts


@lru_cache(maxsize=8192)
def _time_matches(text: str) -> tuple[re.Match[str], ...]:
    """The times of day written in a sentence's text, in order; memoised, as sentences repeat."""
    matches: list[re.Match[str]] = []
    gates = _Gates(text)
    for pattern, gate in zip(TIME_PATTERNS, _TIME_GATES, strict=True):
        if not gates.open(gate):
            continue
        for match in pattern.finditer(text):
            a, b = match.span()
            if any(a < m.end() and m.start() < b for m in matches):
                continue
            if re.search(rf"{_MON}\.?\s+\d{{1,2}},?\s*$", text[:a]):
                continue  # "July 2, 2013 GMT": a year, not 20:13
            matches.append(match)
    matches.sort(key=lambda m: m.start())
    return tuple(matches)


def _written_offset(text: str, local: re.Match[str], converted: re.Match[str] | None) -> int | None:
    """The offset the text itself gives a local time: "3 p.m. (1200 GMT)" means UTC+3 there."""
    if converted is None or not re.fullmatch(r"\s*\(\s*", text[local.end() : converted.start()]):
        return None
    zone = (converted.groupdict().get("zone") or "").upper()
    if not (local.groupdict().get("zone") or "local").lower().startswith("local") or zone not in ZONE_OFFSETS:
        return None
    local_minutes, converted_minutes = _minutes(local), _minutes(converted)
    if local_minutes is None or converted_minutes is None:
        return None
    offset = (local_minutes - converted_minutes + ZONE_OFFSETS[zone] + 720) % 1440 - 720
    return offset if offset % 15 == 0 else None


def _minutes(match: re.Match[str]) -> int | None:
    """Minutes after midnight as written (12-hour clock resolved), or None when not a time."""
    g = match.groupdict()
    if g.get("noon"):
        return 0 if g["noon"].lower() == "midnight" else 720
    hour, minute = int(g["h"]), int(g["m"] or 0)
    ampm = (g.get("ampm") or "").lower()
    if ampm and not 1 <= hour <= 12:
        return None
    if ampm == "p" and hour < 12:
        hour += 12
    elif ampm == "a" and hour == 12:
        hour = 0
    return hour * 60 + minute


def _time_fact(
    article: Article,
    sentence: Sentence,
    match: re.Match[str],
    day: dt.date | None,
    written_offset: int | None = None,
) -> Fact | None:
    text = sentence.text
    g = match.groupdict()
    before = text[: match.start()]
    total = _minutes(match)
    if total is None:
        return None
    hour, minute = divmod(total, 60)
    if (
        g.get("m") is not None
        and not g.get("ampm")
        and not g.get("zone")
        and not _TIME_CONTEXT.search(before)
        and not re.match(r"\s*(?:hrs|hours|h)\b", text[match.start() + len(g["h"]) + 3 :])
    ):
        return None  # "2:1" scores and ratios are not times
    zone_word = (g.get("zone") or "").strip()
    local = zone_word.lower().startswith("local") or not zone_word
    zone_name, offset = _zone(zone_word, g.get("off"), article, sentence, day, match)
    if written_offset is not None and local:
        zone_name, offset = "as converted in the text", written_offset
    approx = _APPROX_BEFORE.search(before)
    qualifier = approx.group().strip().lower() if approx else None
    round_hour = minute == 0
    # "about 8 p.m." may be half an hour out, "about 3:10 p.m." a quarter; a bare "8 p.m." is
    # rounded by a few minutes at most
    pad = (30 if round_hour else 15) if qualifier else 20 if round_hour else 3
    low_pad, high_pad = pad, pad
    if qualifier in ("shortly after", "just after", "soon after", "after"):
        low_pad = 0
    elif qualifier in ("shortly before", "just before", "before", "by", "until"):
        high_pad = 0
    written = f"{hour:02d}:{minute:02d}"
    detail: dict[str, Any] = {"written_24h": written, "zone": zone_name or "unknown"}
    family, word = event_of(text, match.start(), match.end())
    if word:
        detail["event"] = word
    low = high = None
    if offset is None:
        normalized = f"{written} (zone unknown)"
    else:
        utc = (hour * 60 + minute - offset) % 1440
        normalized = f"{utc // 60:02d}:{utc % 60:02d}Z"
        if offset:
            normalized += f" ({written} {'local, ' if local else ''}{zone_name})"
        low, high = float(utc - low_pad), float(utc + high_pad)
    return Fact.at(
        article,
        sentence,
        "date",
        sentence.start + match.start(),
        sentence.start + match.end(),
        subject=f"time of {family}",
        normalized=normalized,
        low=low,
        high=high,
        unit="time",
        qualifier=qualifier or ("round hour" if round_hour else None),
        scope="main",
        detail=detail,
    )


def _zone(
    word: str,
    off: str | None,
    article: Article,
    sentence: Sentence,
    day: dt.date | None,
    match: re.Match[str] | None = None,
) -> tuple[str | None, int | None]:
    """(zone name, minutes east of UTC) for a written zone, or the place's zone for local time:
    the place the time is given for ("4:08 p.m. in London"), else the sentence's, leaving out
    the places other times of the sentence are given for ("6 p.m. local time (4:08 p.m. in
    London)": not London's 6 p.m.)."""
    upper = word.upper()
    if upper in ZONE_OFFSETS and not off:
        return upper, ZONE_OFFSETS[upper]
    if upper in ("GMT", "UTC") and off:
        sign = -1 if "-" in off else 1
        digits = re.sub(r"\D", "", off)
        hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
        return f"{upper}{off.strip()}", sign * (hours * 60 + minutes)
    name = ZONE_NAMES.get(upper)
    if name is None and match is not None:
        own = _CLOCK_PLACE.match(sentence.text, match.end())
        name = sentence_zone(own.group(1)) if own else None
        if name is None:
            # a place just before the time; "..., like those in Europe and Japan" after it is not
            near = _without_other_clocks(sentence.text, match)
            name = sentence_zone(near[max(0, match.start() - _NEAR) : match.end()])
    elif name is None:
        name = sentence_zone(sentence.text)
    name = name or article_zone(article)
    if name is None:
        return None, None
    return name, _offset(name, day)


#: How far before a time of day (characters) a place says where the clock is.
_NEAR = 80
#: A place written right after a time of day: the clock the time is given on ("2:36 a.m. in London").
_CLOCK_PLACE = re.compile(r"\s+in\s+((?:[A-Z][\w'’-]*)(?:\s+[A-Z][\w'’-]*)*)")


def _without_other_clocks(text: str, match: re.Match[str]) -> str:
    """The sentence with the places other times are given for blanked out."""
    for other in _time_matches(text):
        if other.start() == match.start():
            continue
        place = _CLOCK_PLACE.match(text, other.end())
        if place is not None:
            text = text[: place.start(1)] + " " * len(place.group(1)) + text[place.end(1) :]
    return text


def _offset(name: str, day: dt.date | None) -> int | None:
    from zoneinfo import ZoneInfo

    try:
        when = dt.datetime.combine(day or dt.date(2000, 1, 15), dt.time(12), tzinfo=ZoneInfo(name))
    except Exception:  # noqa: BLE001 - an unknown zone name leaves the time unresolved
        return None
    delta = when.utcoffset()
    return int(delta.total_seconds() // 60) if delta is not None else None


_ARTICLE_ZONES: dict[tuple[str, int], str | None] = {}
_CAPITALISED_RUN = re.compile(r"(?<![\w.])(?:[A-Z][\w.'-]*|U\.S\.)(?:\s+(?:[A-Z][\w.'-]*))*")


def _places_in(text: str) -> list[tuple[str, int, str]]:
    index = gazetteer.zones()
    places = []
    for run in _CAPITALISED_RUN.finditer(text):
        words = list(re.finditer(r"\S+", run.group()))
        i = 0
        while i < len(words):
            for j in range(len(words), i, -1):  # longest name first: "Banda Aceh" before "Aceh"
                name = run.group()[words[i].start() : words[j - 1].end()].rstrip(".,'")
                place = index.get(name) or index.get(re.sub(r"'s$", "", name))
                if place is None:
                    continue
                if place[1] < 0 and j < len(words) and not name.endswith("'s"):
                    break  # "US Geological Survey": a country inside an organisation's name
                places.append(place)
                i = j - 1
                break
            i += 1
    return places


def sentence_zone(text: str) -> str | None:
    """The zone of the most specific place named in a sentence (a city before a country)."""
    places = _places_in(text)
    if not places:
        return None
    return max(places, key=lambda p: p[1])[0]


def article_zone(article: Article) -> str | None:
    """The zone of the country an article names most, through its most named city there if any."""
    key = (article.id, hash(article.text))
    if key in _ARTICLE_ZONES:
        return _ARTICLE_ZONES[key]
    places = _places_in(article.text[article.body_start :])
    zone = None
    if places:
        counts: dict[str, int] = {}
        for _, _, code in places:
            counts[code] = counts.get(code, 0) + 1
        country = max(counts, key=lambda c: counts[c])
        cities = [p for p in places if p[2] == country and p[1] >= 0]
        pool = cities or [p for p in places if p[2] == country]
        zone = max(pool, key=lambda p: pool.count(p))[0]
    _ARTICLE_ZONES[key] = zone
    return zone
