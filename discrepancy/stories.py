"""Grouping articles into stories by incident, so facts are only ever compared within one.

A folder may hold reports of several incidents, often of one kind: two earthquakes in one
province, two robberies in one city. Words cannot tell those apart (both say "quake",
"magnitude", the province); what happened, where, when and to whom can. Each article is
reduced to an incident profile: its event (quake, robbery...), its event date (the day its
own main dates give, else its publication date; background dates such as "the 2004
tsunami" are not the event's), its places and names weighted by how much it says of them,
and its content words.

An article's day is resolved against its own publication date: its date line, front
matter, or else the dateline that opens a wire report ("COPIAPO, Chile, Aug 23, 2010 (Wire) -"),
which dates the report, not the incident.

Articles are split only on positive evidence of two incidents, not because their words
differ (a machine translation words everything oddly and spells names its own way):

- event dates far apart, unless one report names the other's day (a follow-up weeks later
  that recalls "the collapse on August 5"), or a third report of the story names both days,
  or, within a month, the two share the incident's own name (a person, a company, a ship:
  not a place, not a body such as a coast guard, not a spokesman, all of which two
  incidents of one region share);
- leads that place the incidents apart, which keeps a lowered bar (below) from applying.

Grouping then runs in three steps:

1. Blocking: only articles that share a place or name *and* whose dates fall in one window
   (or one of which names the other's day) are ever compared, so the cost grows with the
   articles, not with their pairs.
2. Scoring a pair: mostly the overlap of places and names, some of the words; dates apart
   rule a pair out; different days or different kinds of event count less unless the pair
   shares the incident's own name.
3. Average linkage: two groups merge only while their members are, on average, alike and
   no pair across is two incidents by its dates, so one stray link (a shared "Bank") cannot
   fuse two incidents. Groups one of whose pairs shares the incident's own name, and none of
   whose reports are placed apart, merge at a lower average.

Without facts (``group(articles)`` alone) the profile comes from the text: capitalised
words for names, the publication date for the date.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
import math
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .model import Article, Fact, unique

MODES = ("auto", "none", "by-folder")

#: Two groups merge while the average similarity of their members' pairs is at least this.
LINK_THRESHOLD = 0.16
#: Event dates taken from two articles' own text this many days apart are two incidents.
EVENT_WINDOW = 7
#: Event dates from two articles' own text more than this many days apart (but within the
#: window) halve their similarity: one incident's reports give one day for it, give or take
#: a time zone, while two incidents of one week in one region share almost every name.
SAME_DAY = 1
OTHER_DAY = 0.5
#: A report naming no event date can still follow an incident up this many days later.
FOLLOW_UP_DAYS = 30
#: The event dates inside one story span at most this many days (a quake and its aftershock),
#: unless one of its reports names both days (a rescue weeks after the collapse it recalls).
STORY_SPAN = 10
#: Weights of the place-and-name overlap and of the word overlap in a pair's similarity.
NAME_SHARE, WORD_SHARE = 0.65, 0.35
#: A pair whose events are both known and differ (a flood, a fire) counts this much.
OTHER_EVENT = 0.35
#: A place or name shared by more articles than this (in one date window, or undated) is
#: too common to define a block of its own: its articles are compared through rarer keys.
MAX_BLOCK = 100
#: Keys per article used for blocking: its most salient places and names, and words.
BLOCK_KEYS = 12
BLOCK_WORDS = 4
#: Two groups one of whose pairs shares the incident's own name (``tie``) and is alike above
#: the link threshold merge at this share of it, unless two of their reports are placed apart
#: (``elsewhere``): a translation spells every name its own way and words it oddly.
TIED_SHARE = 0.5
#: A member whose average similarity to another story is at least this share of the link
#: threshold also reports that story's incident (a roundup): the story says so in a note.
ROUNDUP_SHARE = 0.6

#: Capitalised words that every kind of story uses: time zones, news agencies and outlets.
NOT_STORY_NAMES = frozenset(
    """
gmt utc est edt cst cdt pst pdt bst cet cest ist eat wib jst aest local
reuter reuters afp ap associated press agence france-presse france presse xinhua bloomberg cnn bbc
sky nbc abc cbs fox guardian time new york washington post wire agency news upi dpa ansa efe
""".split()
)
#: Words of place names that say nothing on their own ("West" of "West Papua").
_NAME_PARTS = frozenset(
    """
north south east west northern southern eastern western central upper lower new old great
city county province district region state island islands republic united saint san santa
the of and de la le del al el bay river lake mount port fort
""".split()
)
#: Words that make the name before them a place's: "Shanxi province", "Confluence district".
PLACE_HEADS = frozenset(
    """
province district county region state city town village island islands municipality prefecture
valley river coast bay sea ocean lake mountain mountains desert peninsula
""".split()
)
#: Last words of the names of sites: "Vassu Mine", "Suler Road". A site is a place, and two
#: incidents a month apart at one mine are two incidents: a site ties no story.
SITES = frozenset(
    """
road street avenue boulevard highway motorway bridge tunnel market mine pit square station airport
port harbour harbor pier stadium arena park plaza tower building hall mall camp cave factory plant
""".split()
)
#: Incident kinds and the words that report them; the first kind a headline or lead names
#: is the article's event.
EVENTS: dict[str, tuple[str, ...]] = {
    "earthquake": ("earthquake", "quake", "tremor", "temblor", "aftershock", "seismic"),
    "tsunami": ("tsunami",),
    "flood": ("flood", "flooding", "floods", "flooded", "floodwater", "deluge"),
    "storm": ("storm", "hurricane", "typhoon", "cyclone", "tornado"),
    "landslide": ("landslide", "mudslide", "landslip"),
    "fire": ("fire", "blaze", "wildfire", "bushfire", "inferno"),
    "sinking": ("sank", "sinking", "capsized", "capsizing", "capsize", "shipwreck", "sunk"),
    "crash": ("crash", "crashed", "derailed", "derailment", "collision", "collided", "plunged", "plunges"),
    "robbery": ("robbery", "robbed", "robbers", "robbing", "heist", "hold-up", "holdup", "raid", "raided"),
    "shooting": ("shooting", "gunman", "gunmen", "shot", "gunfire", "shootout"),
    "bombing": (
        "bombing",
        "bomb",
        "bombs",
        "bombed",
        "airstrike",
        "air strike",
        "shelling",
        "shelled",
        "missile",
        "rocket",
    ),
    "explosion": ("explosion", "blast", "exploded"),
    "attack": ("attack", "attacked", "assault", "attackers", "ambush"),
    "piracy": ("pirate", "pirates", "piracy", "hijack", "hijacked", "hijacking"),
    "protest": ("protest", "protesters", "demonstration", "rally", "march"),
    "election": ("election", "vote", "ballot", "poll", "polls", "referendum"),
    "strike": ("walkout", "industrial action", "strike action"),
}
_EVENT_WORD = {w: kind for kind, words in EVENTS.items() for w in words}
# the first words of the two-word event names: only after one of them is a pair looked up
_PAIR_FIRST = frozenset(w.split(" ", 1)[0] for w in _EVENT_WORD if " " in w)
_LOWER_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")
#: Verbs a date of the incident itself attaches to ("struck on Tuesday"), beside the event words.
HAPPENED = frozenset(
    """
struck hit killed killing died injured exploded erupted occurred happened burst flooded swept sank
capsized crashed collapsed robbed attacked opened fired began started took place
""".split()
)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_NAME = "^"

_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]{3,}")
# A word, with what opens a sentence (a line, a quotation) right before it if anything does:
# a capital there is not a name.
_OPENED_WORD = re.compile(r"([.!?\"“:\n\r][ \t]*)?(" + _WORD.pattern + ")")
# Words any news report uses, whatever it is about: they say nothing about the story.
STOPWORDS = frozenset(
    """
a about above after again against all almost also although am among an and another any are
around as at away back be because been before being below between both but by can could
did do does doing done down during each either else even ever every few for from further
had has have having he her here hers herself him himself his how however i if in into is it
its itself just least less like made make many may me might more most much must my near
nearly never new no nor not now of off often on once one only or other others our ours out
over own per perhaps rather same several she should since so some still such than that the
their theirs them then there these they this those though through thus to too toward towards
under until up upon us very via was we were what when where whether which while who whom
whose why will with within without would yet you your
said says say saying told tell according reported reports report reporting news added
adding statement told asked including include includes later earlier early last next first
second third today yesterday tomorrow week weeks month months year years day days time
times monday tuesday wednesday thursday friday saturday sunday morning afternoon evening
night people person official officials local state number
january february march april june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
mr mrs ms dr per cent percent well got get go going went come came take took know known
""".split()
)


@dataclass(frozen=True)
class StoryGroup:
    """Articles judged to report one incident, what they share, and why they were grouped."""

    id: str
    articles: tuple[str, ...]
    terms: tuple[str, ...] = ()
    reason: str = ""
    event: str | None = None
    date: str | None = None
    places: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    #: (article id, sentence index) of sentences about another story's incident: a roundup's
    #: or a look back's figures for that incident are not compared with this one's
    elsewhere: tuple[tuple[str, int], ...] = ()

    def to_dict(self) -> dict:
        """Plain data for the JSON report's ``stories``."""
        return {
            "id": self.id,
            "articles": list(self.articles),
            "terms": list(self.terms),
            "reason": self.reason,
            "shared": {
                "event": self.event,
                "date": self.date,
                "places": list(self.places),
                "names": list(self.names),
            },
            "notes": list(self.notes),
        }

    def describe(self) -> str:
        """The incident in a few words: "earthquake on 2013-07-02 in Aceh"."""
        parts = [self.event or "incident"]
        if self.date:
            parts.append(f"on {self.date}")
        if self.places:
            parts.append("in " + ", ".join(self.places[:2]))
        elif self.names:
            parts.append("involving " + ", ".join(self.names[:2]))
        return " ".join(parts)


@dataclass
class Profile:
    """What one article says of its incident: event, date, places and names, words."""

    day: int | None = None  # event day (proleptic ordinal)
    dated: str = ""  # "text" (its own dating) | "published" | "" (unknown)
    events: tuple[str, ...] = ()  # incident kinds, most prominent first
    keys: dict[str, float] = field(default_factory=dict)  # place/name key -> salience
    kinds: dict[str, str] = field(default_factory=dict)  # key -> "place" | "name"
    labels: dict[str, str] = field(default_factory=dict)  # key -> the name as written
    words: dict[str, float] = field(default_factory=dict)  # unit word vector
    parts: set[str] = field(default_factory=set)  # keys that are only a word of a name
    weekday: bool = False  # the day comes from a bare weekday ("on Friday") alone
    placed: bool = False  # it names a place of its own (not only a word of a name)
    vague: set[str] = field(default_factory=set)  # names of no known type
    broad: set[str] = field(default_factory=set)  # countries: they say little of an incident
    sentences: dict[int, tuple[str, ...]] = field(default_factory=dict)  # sentence index -> its name keys
    published: int | None = None  # the day it was published or filed (its dateline's)
    mentions: set[int] = field(default_factory=set)  # every day its text names
    lead: set[str] = field(default_factory=set)  # name keys of its headline and first sentences
    sources: set[str] = field(default_factory=set)  # who speaks in it: a spokesman, a named source


def tokens(text: str) -> list[str]:
    """Content words of ``text``, lower-cased, with a light plural/possessive strip;
    capitalised words inside a sentence are marked as names."""
    out = []
    for written, inside in _scan(text):
        word = _content_word(written)
        if word is None:
            continue
        out.append(_NAME + word if inside and written[0].isupper() else word)
    return out


@lru_cache(maxsize=2)
def _scan(text: str) -> tuple[tuple[str, bool], ...]:
    """Each word of ``text`` and whether it stands inside a sentence (not at its start): read
    once for both ``tokens`` and ``_capitalised`` of an article's body."""
    # a newline before the text stands for its start; each word comes with what opens it, if anything
    return tuple((word, not opened) for opened, word in _OPENED_WORD.findall("\n" + text))


@lru_cache(maxsize=1 << 16)
def _content_word(written: str) -> str | None:
    """A word as ``tokens`` counts it, or None for a stop word or a short one (words repeat:
    each is worked out once)."""
    word = written.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if len(word) < 3 or word in STOPWORDS:
        return None
    return word


def _capitalised(text: str) -> list[str]:
    """Capitalised words inside sentences, as written: names the entity reader may miss."""
    return [
        word
        for word, inside in _scan(text)
        if inside and word[0].isupper() and len(word) > 2 and word.lower() not in STOPWORDS
    ]


def vector(text: str) -> dict[str, float]:
    """A unit vector of word weights (sublinear counts); it depends on this text alone."""
    vec = {w: 1 + math.log(c) for w, c in Counter(tokens(text)).items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {w: v / norm for w, v in vec.items()}


def _cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """The dot product of two unit vectors, over the keys they share (found by a set
    intersection, not a walk through one vector); summed exactly, so in any order."""
    return math.fsum(a[k] * b[k] for k in a.keys() & b.keys())


def _unit(vec: Mapping[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {k: v / norm for k, v in vec.items()}


# -- profiles -------------------------------------------------------------------------------


def _day(iso: str | None) -> int | None:
    if not iso or not _ISO_DAY.match(iso):
        return None
    try:
        return dt.date.fromisoformat(iso).toordinal()
    except ValueError:
        return None


def _iso(day: int | None) -> str | None:
    return dt.date.fromordinal(day).isoformat() if day is not None else None


#: A dateline's place before its date: "COPIAPO, Chile, " or "CAPE CANAVERAL, Fla., ".
_DATELINE_PLACE = re.compile(
    r"[ \t]*[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+)*(?:,[ \t]*[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)*)*,[ \t]*\Z"
)
#: What follows a dateline's date: an agency in brackets, then a dash.
_DATELINE_END = re.compile(r"[ \t]*(?:\([^)\n]{1,40}\)[ \t]*)?[-–—]")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _dateline(article: Article, facts: Sequence[Fact]) -> Fact | None:
    """The date of a dateline that opens the body ("COPIAPO, Chile, Aug 23, 2010 (Wire) -"):
    the day the report was filed, not a day of its incident."""
    for fact in facts:
        if fact.kind != "date" or fact.sentence_index > 1 or _day(fact.normalized) is None:
            continue
        line = article.text.rfind("\n", 0, fact.start) + 1
        if _DATELINE_PLACE.match(article.text[line : fact.start]) and _DATELINE_END.match(
            article.text, fact.end
        ):
            return fact
    return None


def _resolved(fact: Fact, published: int | None) -> int | None:
    """The day a date fact names, resolving what the reader left open for want of a
    publication date (a day without its year, a bare weekday) against ``published``."""
    day = _day(fact.normalized)
    if day is not None or published is None:
        return day
    norm = fact.normalized or ""
    if re.fullmatch(r"--\d{2}-\d{2}", norm):
        # the year that puts it nearest the report: "June 14" in June 10's paper is to come
        year = dt.date.fromordinal(published).year
        days = [d for d in (_day(f"{y}{norm[1:]}") for y in (year - 1, year, year + 1)) if d is not None]
        return min(days, key=lambda d: abs(d - published)) if days else None
    weekday = str(fact.detail.get("weekday") or "").lower()
    if not norm and weekday in _WEEKDAYS and not re.search(r"\d", fact.text):
        # the latest such weekday up to the report's day: "on Friday" in Saturday's paper
        return published - (dt.date.fromordinal(published).weekday() - _WEEKDAYS.index(weekday)) % 7
    return None


def _event_day(fact: Fact, published: int | None) -> int | None:
    """The day a main date fact names, if it can be the incident's: not after publication.

    A bare weekday resolved to the days after publication ("Friday's explosion" in
    Saturday's paper read as the next Friday) is taken as the week before."""
    day = _resolved(fact, published)
    if day is None or published is None or day <= published + 1:
        return day
    if fact.detail.get("weekday") and day - 7 <= published:
        return day - 7
    return None


def _events(text: str) -> tuple[str, ...]:
    """Incident kinds the text names, the most named first (ties: first named)."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    words = _LOWER_WORD.findall(text.lower())
    for position, (word, after) in enumerate(zip(words, words[1:] + [""])):
        kind = (_EVENT_WORD.get(f"{word} {after}") if word in _PAIR_FIRST else None) or _EVENT_WORD.get(word)
        if kind:
            counts[kind] += 1
            first.setdefault(kind, position)
    return tuple(sorted(counts, key=lambda k: (-counts[k], first[k])))


@lru_cache(maxsize=1 << 16)
def _name_key(name: str) -> str:
    """A name's key: lower case, no dots, no accents ("Piñera" and "Pinera" are one name)."""
    folded = "".join(
        c
        for c in unicodedata.normalize("NFKD", name.lower().replace(".", ""))
        if not unicodedata.combining(c)
    )
    return " ".join(re.findall(r"[^\W_]+", folded))


def _specificity(name: str, kind: str) -> float:
    """How much a shared name says about the incident: a country says little."""
    if kind != "place":
        return 1.0
    from .gazetteer import place

    found = place(name)
    return 0.3 if found is not None and found.country else 1.0


def _add_key(profile: Profile, key: str, label: str, kind: str, weight: float) -> None:
    if not key or key in NOT_STORY_NAMES or len(key) < 3:
        return
    profile.keys[key] = profile.keys.get(key, 0.0) + weight
    if kind == "place" or key not in profile.kinds:
        profile.kinds[key] = kind
    profile.labels.setdefault(key, label)


def profile(article: Article, facts: Sequence[Fact] | None = None) -> Profile:
    """The incident profile of one article, from its facts when given, else from its text."""
    body = article.text[article.body_start :]
    lead = body[:600]
    out = Profile(events=_events(lead + " " + body), words=vector(body))  # the lead counts twice
    counts: dict[str, float] = defaultdict(float)
    labels: dict[str, tuple[str, str]] = {}
    published = _day(article.published)
    filed = _dateline(article, facts) if facts is not None else None
    if published is None and filed is not None:
        published = _day(filed.normalized)
    out.published = published
    vague = out.vague  # names of no known type: "Pacific Ring of Fire" says nothing of its words
    sentences: dict[int, set[str]] = {}
    if facts is not None:
        days: dict[int, float] = defaultdict(float)
        by_weekday: set[int] = set()
        by_number: set[int] = set()
        for fact in facts:
            if (
                fact.kind == "entity"
                and fact.detail.get("type") != "group"
                or fact.kind == "entity"
                and fact.detail.get("head") in PLACE_HEADS
            ):
                # "Shanxi province": a name of no known type is a place by the word it heads
                kind = (
                    "place"
                    if fact.detail.get("type") == "place" or fact.detail.get("head") in PLACE_HEADS
                    else "name"
                )
                key = _name_key(fact.normalized or fact.text)
                if fact.detail.get("type") == "other":
                    vague.add(key)
                if fact.detail.get("role"):
                    out.sources.add(key)  # "police spokeswoman Helene Garnier"
                if fact.sentence_index <= 2:
                    out.lead.add(key)
                sentences.setdefault(fact.sentence_index, set()).add(key)
                # the lead says what the article is about; later mentions count less
                counts[key] += 1.0 if fact.sentence_index > 2 else 2.0
                labels.setdefault(key, (fact.normalized or fact.text, kind))
                if kind == "place" and labels[key][1] != "place":
                    labels[key] = (labels[key][0], "place")
            elif (
                fact.kind == "quote"
                and fact.detail.get("speaker_text")
                and fact.detail.get("speaker_type") != "org"
            ):
                # a person who speaks for the incident; a company that announces may be its subject
                out.sources.add(_name_key(str(fact.detail["speaker_text"])))
            elif fact.kind == "date" and fact is not filed:
                mentioned = _resolved(fact, published)
                if mentioned is not None:
                    out.mentions.add(mentioned)
                if fact.scope != "main":
                    continue
                day = _event_day(fact, published)
                if day is not None:
                    # "on Friday" is resolved to a week, not a day: last Friday or the one before
                    (
                        by_weekday
                        if fact.detail.get("weekday") and not re.search(r"\d", fact.text)
                        else by_number
                    ).add(day)
                    event = str(fact.detail.get("event") or "").lower()
                    days[day] += (
                        1.0 + (fact.sentence_index <= 2) + (event in _EVENT_WORD or event in HAPPENED)
                    )
        if days:
            out.day, out.dated = min(days, key=lambda d: (-days[d], d)), "text"
            out.weekday = out.day in by_weekday and out.day not in by_number
    names = Counter(_name_key(w) for w in _capitalised(body))
    # a capitalised common word ("Bank", "Mine", "Road") is no name: one shared "Bank" must not link
    from .gazetteer import common_words, place

    names = Counter(
        {
            k: n
            for k, n in names.items()
            if k not in _NAME_PARTS and (k not in common_words() or place(k.capitalize()) is not None)
        }
    )
    if facts is None:
        for key, n in names.items():
            counts[key] += n
            label, where = key.capitalize(), place(key.capitalize())
            # without the entity reader, only a country or a big city is surely a place ("Vladimir" is a name)
            known = where is not None and (where.country or where.population >= 1_000_000)
            labels.setdefault(key, (label, "place" if known else "name"))
    for key, salience in counts.items():
        label, kind = labels[key]
        specific = _specificity(label, kind)
        if specific < 1:
            out.broad.add(key)
        weight = (1 + math.log(salience)) * specific
        _add_key(out, key, label, kind, weight)
        parts = [p for p in key.split() if p not in _NAME_PARTS and len(p) > 3] if key not in vague else []
        if len(parts) > 1 or (parts and parts[0] != key):
            for part in parts:  # "Banda Aceh" also says "Aceh"
                if part not in counts:
                    out.parts.add(part)
                _add_key(out, part, part.capitalize(), kind, weight * 0.5)
                for keys in sentences.values():
                    if key in keys:
                        keys.add(part)
    if facts is not None:
        # capitalised words the entity reader did not take for a name still say a little
        for key, n in names.items():
            if key not in out.keys and key not in _NAME_PARTS:
                out.parts.add(key)
                _add_key(out, key, key.capitalize(), "name", 0.5 * (1 + math.log(n)))
    out.placed = any(kind == "place" and key not in out.parts for key, kind in out.kinds.items())
    if out.day is None and published is not None:
        out.day, out.dated = published, "published"
    return _compact(out, sentences)


def interned(p: Profile) -> Profile:
    """A profile read back from the cache, its words and names shared again as ``profile`` shares them."""
    return _compact(p, p.sentences)


def _compact(p: Profile, sentences: Mapping[int, Iterable[str]]) -> Profile:
    """The profile in less memory, the same for every use: a big run holds one per article
    until the grouping is done, and their words and names repeat from article to article."""
    intern = sys.intern
    p.words = {intern(k): v for k, v in p.words.items()}
    p.keys = {intern(k): v for k, v in p.keys.items()}
    p.kinds = {intern(k): intern(v) for k, v in p.kinds.items()}
    p.labels = {intern(k): intern(v) for k, v in p.labels.items()}
    p.sentences = {i: tuple(intern(k) for k in keys) for i, keys in sentences.items()}
    for name in ("parts", "vague", "broad", "lead", "sources"):
        setattr(p, name, {intern(k) for k in getattr(p, name)})
    return p


# -- pairs ----------------------------------------------------------------------------------


def _dates_apart(p: Profile, q: Profile) -> int | None:
    """Days between two articles' dates when the dates alone say two incidents, else None."""
    if p.day is None or q.day is None:
        return None
    gap = abs(p.day - q.day)
    if p.dated == q.dated == "text":
        return gap if gap > EVENT_WINDOW + (7 if p.weekday or q.weekday else 0) else None
    if p.dated == "text" or q.dated == "text":
        event, published = (p.day, q.day) if p.dated == "text" else (q.day, p.day)
        # a report cannot come out before its incident, and names it when it is old news
        return gap if published < event - 1 or published - event > FOLLOW_UP_DAYS else None
    return gap if gap > FOLLOW_UP_DAYS else None


def _names_day(p: Profile, day: int) -> bool:
    """Whether an article names ``day`` (give or take a time zone) or is itself of that day."""
    own = {d for d in (p.day, p.published) if d is not None}
    return any(abs(d - day) <= SAME_DAY for d in p.mentions | own)


def linked(p: Profile, q: Profile) -> bool:
    """Whether one report names the other's event day: a follow-up weeks later that says
    "the collapse on August 5", a first report the later one dates its story from."""
    return (q.dated == "text" and q.day is not None and _names_day(p, q.day)) or (
        p.dated == "text" and p.day is not None and _names_day(q, p.day)
    )


def apart(p: Profile, q: Profile) -> int | None:
    """Days between two articles' event dates when they cannot be one incident, else None:
    the dates are far apart and neither report names the other's day."""
    gap = _dates_apart(p, q)
    return None if gap is None or linked(p, q) else gap


#: Last words of the names of bodies that speak for many incidents: a coast guard, a survey,
#: a ministry, the police. Two incidents of one region share them; they tie no story.
INSTITUTIONS = frozenset(
    """
agency authority administration army association board bureau cabinet center centre coalition college
command commission committee confederation council court department directorate force forces government
guard hospital institute institution league ministry nations navy office organisation organization
parliament party police press programme program secretariat senate service services survey team
tribunal union university
""".split()
)


def _institution(key: str, label: str) -> bool:
    """Whether a name is a body's rather than the incident's: "Philippine Coast Guard", "NASA"."""
    return key.split()[-1] in INSTITUTIONS or (label.isupper() and len(label.replace(".", "")) <= 6)


def _source(key: str, p: Profile) -> bool:
    words = set(key.split())
    return any(words <= set(source.split()) for source in p.sources)


def ties(p: Profile, q: Profile) -> list[str]:
    """Names both reports give, the lead of one among them, that are the incident's own: a
    person, a company, a ship, not a place (two robberies in one city share the city) nor
    who speaks for it (two sinkings share the coast guard's spokesman)."""
    from .gazetteer import common_words, place

    out = []
    for key in sorted((p.lead | q.lead) & p.keys.keys() & q.keys.keys()):
        if "place" in (p.kinds.get(key), q.kinds.get(key)) or len(key) < 4 or key in NOT_STORY_NAMES:
            continue
        label = p.labels.get(key, key)
        if key.split()[-1] in SITES or key.split()[-1] in PLACE_HEADS:
            continue
        if _institution(key, label) or _institution(key, q.labels.get(key, key)) or place(label) is not None:
            continue
        if key in p.broad or key in q.broad or _source(key, p) or _source(key, q):
            continue
        # a word of a longer name ("LinkedIn" of "LinkedIn Corp") only when no dictionary has it
        if (key in p.parts or key in q.parts) and (key in common_words() or " " in key):
            continue
        if key in p.parts and key in q.parts:
            continue
        # a name of no known type ("Maersk Alabama", "Tham Luang") with a word no dictionary
        # has, not one made of common words ("Pacific Ring of Fire")
        if any(k in r.vague or k in r.parts for r in (p, q) for k in (key,)) and all(
            word in common_words() for word in key.split()
        ):
            continue
        out.append(key)
    return out


def tie(p: Profile, q: Profile) -> str | None:
    """The incident's own name two reports share (see ``ties``), or None."""
    found = ties(p, q)
    return found[0] if found else None


def _lead_places(p: Profile) -> set[str]:
    return {k for k in p.lead if p.kinds.get(k) == "place" and k not in p.broad and k not in p.parts}


def elsewhere(p: Profile, q: Profile) -> bool:
    """Whether two reports' leads place their incidents apart: each names a place the other
    never mentions ("in Xiaoyi" against "in Qinyuan county")."""
    lp, lq = _lead_places(p), _lead_places(q)
    return bool(lp and lq) and not lp & q.keys.keys() and not lq & p.keys.keys()


def vetoed(p: Profile, q: Profile, tied: bool = False) -> bool:
    """Positive evidence of two incidents: dates apart that no report bridges, unless the
    two share the incident's own name and the later one is a follow-up within a month."""
    gap = apart(p, q)
    return gap is not None and not (tied and gap <= FOLLOW_UP_DAYS)


def _same_day(p: Profile, q: Profile) -> bool:
    """Whether two event days agree, give or take a time zone (or a week, for a bare weekday)."""
    gap = abs((p.day or 0) - (q.day or 0))
    return gap <= SAME_DAY or ((p.weekday or q.weekday) and abs(gap - 7) <= SAME_DAY)


def _weights(profiles: Sequence[Profile]) -> list[dict[str, float]]:
    """Unit place-and-name vectors. No weighting by how many articles share a key: whether
    two articles match never depends on which other articles are in the folder."""
    return [_unit(p.keys) for p in profiles]


def _base(
    p: Profile, q: Profile, names_p: Mapping[str, float], names_q: Mapping[str, float], tied: bool
) -> float:
    """How alike two articles' incidents are, whatever their dates say."""
    if not p.keys or not q.keys:
        score = _cosine(p.words, q.words)  # one names nobody: the words are all there is
    else:
        names = _cosine(names_p, names_q)
        if names == 0 and p.placed and q.placed:
            return 0.0  # both say where it happened, and no place or name is the same
        score = NAME_SHARE * names + WORD_SHARE * _cosine(p.words, q.words)
    if not tied and p.events and q.events and p.events[0] not in q.events and q.events[0] not in p.events:
        score *= OTHER_EVENT
    return score


def similarity(
    p: Profile,
    q: Profile,
    names_p: Mapping[str, float],
    names_q: Mapping[str, float],
    tied: bool | None = None,
) -> float:
    """How alike two articles' incidents are, 0..1 (0 when their dates rule it out)."""
    tied = tie(p, q) is not None if tied is None else tied
    if vetoed(p, q, tied):
        return 0.0
    score = _base(p, q, names_p, names_q, tied)
    if p.dated == q.dated == "text" and not _same_day(p, q) and not tied:
        score *= OTHER_DAY
    return score


def candidates(profiles: Sequence[Profile]) -> set[tuple[int, int]]:
    """Pairs worth scoring: they share one of their salient places or names and their
    dates fall in one window (undated articles meet every date of their key), or one names
    the other's day."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(profiles):
        ranked = sorted(p.keys, key=lambda k: (-p.keys[k], k))[:BLOCK_KEYS]
        telling = [k for k in ranked if p.keys[k] >= 0.5]
        for key in telling if len(telling) >= 3 else ranked:  # a country only when little else is named
            blocks[key].append(i)
        if len(p.keys) < BLOCK_KEYS // 2 or not p.keys:
            # a few of its weightiest words too, for reports that name few ("donors pledged")
            words = [w for w in p.words if not w.startswith(_NAME)]
            for word in sorted(words, key=lambda w: (-p.words[w], -len(w), w))[:BLOCK_WORDS]:
                blocks["\0" + word].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        dated = sorted((day, i) for i in members if (day := profiles[i].day) is not None)
        undated = [i for i in members if profiles[i].day is None]
        start = 0
        for end, (day, i) in enumerate(dated):  # a sliding date window
            while dated[start][0] < day - FOLLOW_UP_DAYS:
                start += 1
            if end - start > MAX_BLOCK:
                continue  # a key every report of the month uses
            pairs.update((min(i, j), max(i, j)) for _, j in dated[start:end])
        if len(members) <= MAX_BLOCK:
            pairs.update((min(i, j), max(i, j)) for i in undated for j in members if i != j)
            # a report that names a day weeks away meets the reports of that day, and they
            # meet the reports of its own day: it may bridge the two
            days = [d for d, _ in dated]
            for i in members:
                p = profiles[i]
                far = [d for d in p.mentions if p.day is None or abs(d - p.day) > EVENT_WINDOW]
                if not far:
                    continue
                known = [d for d in (p.day, p.published) if d is not None]
                own = {j for d in set(known) for j in _around(dated, days, d)} | {i}
                for day in far:
                    there = _around(dated, days, day)
                    pairs.update((min(j, k), max(j, k)) for j in own for k in there if j != k)
    return pairs


def _around(dated: Sequence[tuple[int, int]], days: Sequence[int], day: int) -> list[int]:
    """The items of ``dated`` (sorted (day, item) pairs) within a day of ``day``."""
    low, high = bisect.bisect_left(days, day - SAME_DAY), bisect.bisect_right(days, day + SAME_DAY)
    return [j for _, j in dated[low:high]]


# -- clustering -----------------------------------------------------------------------------


def _spans(p: Profile, q: Profile) -> bool:
    """Whether two members' dates are too far apart for one story unless bridged: apart as a
    pair, or own event days more than ``STORY_SPAN`` days apart (a bare weekday lets a pair
    be a week further apart, not a whole story)."""
    if _dates_apart(p, q) is not None:
        return True
    return p.dated == q.dated == "text" and abs((p.day or 0) - (q.day or 0)) > STORY_SPAN


class _Join:
    """Whether two clusters may merge, and what their far-dated pairs add when they may."""

    def __init__(
        self,
        profiles: Sequence[Profile],
        ties: Iterable[tuple[int, int]] = (),
        far: Mapping[tuple[int, int], float] | None = None,
        scores: Mapping[tuple[int, int], float] | None = None,
    ) -> None:
        self.profiles, self.ties, self.far = profiles, set(ties), dict(far or {})
        self.scores = scores or {}
        self.tied: dict[int, set[int]] = defaultdict(set)
        for i, j in self.ties:
            self.tied[i].add(j)
            self.tied[j].add(i)

    def bar(self, a: Sequence[int], b: Sequence[int], threshold: float) -> float:
        """The mean two clusters must reach: lower when a pair across shares the incident's own
        name and is alike above ``threshold``, and no two reports across are placed apart."""
        inside = set(b)
        if not any(
            j in inside and self.scores.get((min(i, j), max(i, j)), 0.0) >= threshold
            for i in a
            for j in self.tied.get(i, ())
        ):
            return threshold
        if any(elsewhere(self.profiles[i], self.profiles[j]) for i in a for j in b):
            return threshold
        return TIED_SHARE * threshold

    def check(self, a: Sequence[int], b: Sequence[int]) -> float | None:
        """None when some pair across is two incidents by its dates and no member of either
        bridges them; else the score the far-dated pairs across add (a member names both days)."""
        profiles = self.profiles
        extra = 0.0
        for ka, la in self._by_day(a).items():
            for kb, lb in self._by_day(b).items():
                if not _spans(profiles[la[0]], profiles[lb[0]]):
                    continue
                if any(_names_day(profiles[m], ka[0]) and _names_day(profiles[m], kb[0]) for m in (*a, *b)):
                    extra += sum(self.far.get((min(i, j), max(i, j)), 0.0) for i in la for j in lb)
                    continue
                for i in la:
                    for j in lb:
                        p, q = profiles[i], profiles[j]
                        tied = (min(i, j), max(i, j)) in self.ties
                        if vetoed(p, q, tied) or (
                            not tied and not linked(p, q) and _dates_apart(p, q) is None
                        ):
                            return None  # within a pair's window, beyond a story's span
        return extra

    def _by_day(self, members: Sequence[int]) -> dict[tuple[int, str, bool], list[int]]:
        out: dict[tuple[int, str, bool], list[int]] = defaultdict(list)
        for i in members:
            p = self.profiles[i]
            if p.day is not None:
                out[(p.day, p.dated, p.weekday)].append(i)
        return out


def average_linkage(
    n: int,
    scores: Mapping[tuple[int, int], float],
    profiles: Sequence[Profile],
    threshold: float = LINK_THRESHOLD,
    ties: Iterable[tuple[int, int]] = (),
    far: Mapping[tuple[int, int], float] | None = None,
) -> list[list[int]]:
    """Clusters of ``n`` items merged while the mean pair score (missing pairs: 0) reaches
    ``threshold`` and no pair across is two incidents by its dates (``vetoed``) unless a
    member names both days; ``far`` scores the pairs such a member bridges."""
    join = _Join(profiles, ties, far, scores)
    lowest = TIED_SHARE * threshold if join.ties else threshold
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    version = dict.fromkeys(range(n), 0)
    sums: dict[int, dict[int, float]] = defaultdict(dict)  # static pair scores summed
    bound: dict[int, dict[int, float]] = defaultdict(dict)  # plus what far pairs could add
    for (i, j), s in scores.items():
        if s > 0:
            sums[i][j] = sums[j][i] = s
    for (i, j), s in join.far.items():
        if s > 0:
            bound[i][j] = bound[j][i] = s
    heap: list[tuple[float, int, int, int, int, bool]] = []

    def push(a: int, b: int) -> None:
        upper = (sums[a].get(b, 0.0) + bound[a].get(b, 0.0)) / (len(members[a]) * len(members[b]))
        if upper >= lowest:
            heapq.heappush(
                heap, (-upper, min(a, b), max(a, b), version[min(a, b)], version[max(a, b)], False)
            )

    for i in range(n):
        for j in set(sums[i]) | set(bound[i]):
            if i < j:
                push(i, j)
    while heap:
        negative, a, b, va, vb, exact = heapq.heappop(heap)
        if a not in members or b not in members or (version[a], version[b]) != (va, vb):
            continue  # a stale entry: the clusters changed since
        if not exact:
            extra = join.check(members[a], members[b])
            if extra is None:
                continue
            mean = (sums[a].get(b, 0.0) + extra) / (len(members[a]) * len(members[b]))
            if mean < threshold and (mean < lowest or mean < join.bar(members[a], members[b], threshold)):
                continue
            if mean < -negative - 1e-12:  # less than its bound: wait for its turn
                heapq.heappush(heap, (-mean, a, b, va, vb, True))
                continue
        keep, gone = a, b
        members[keep] += members.pop(gone)
        version[keep] += 1
        for table in (sums, bound):
            for other, s in table.pop(gone, {}).items():
                table[other].pop(gone, None)
                if other != keep:
                    table[keep][other] = table[keep].get(other, 0.0) + s
                    table[other][keep] = table[keep][other]
            table[keep].pop(gone, None)
        for other in set(sums[keep]) | set(bound[keep]):
            push(keep, other)
    return _reassign(members, sums_of(scores), join, threshold)


def sums_of(scores: Mapping[tuple[int, int], float]) -> dict[int, dict[int, float]]:
    """Each item's scored neighbours."""
    near: dict[int, dict[int, float]] = defaultdict(dict)
    for (i, j), s in scores.items():
        if s > 0:
            near[i][j] = near[j][i] = s
    return near


def _reassign(
    clusters: Mapping[int, list[int]],
    near: Mapping[int, Mapping[int, float]],
    join: _Join,
    threshold: float,
    rounds: int = 3,
) -> list[list[int]]:
    """Move each item to the cluster it is on average most alike (as k-medoids does), when
    that beats its own: an item merged early on one strong stray link goes back to its own."""
    where = {i: c for c, cluster in clusters.items() for i in cluster}
    members = {c: set(cluster) for c, cluster in clusters.items()}
    for _ in range(rounds):
        moved = False
        for i in sorted(where):
            totals: dict[int, float] = defaultdict(float)
            for j, s in near.get(i, {}).items():
                totals[where[j]] += s
            own = where[i]
            stay = totals.get(own, 0.0) / max(len(members[own]) - 1, 1)
            best, mean = own, stay
            for c, total in sorted(totals.items()):
                if (
                    c != own
                    and total / len(members[c]) > mean
                    and join.check([i], sorted(members[c])) is not None
                ):
                    best, mean = c, total / len(members[c])
            if best != own and mean >= threshold:
                members[own].discard(i)
                members[best].add(i)
                where[i] = best
                moved = True
        if not moved:
            break
    return sorted(sorted(m) for m in members.values() if m)


# -- stories --------------------------------------------------------------------------------


def _by_folder(articles: Sequence[Article]) -> list[list[int]]:
    folders: dict[str, list[int]] = {}
    for i, article in enumerate(articles):
        folders.setdefault(str(Path(article.path).parent), []).append(i)
    return list(folders.values())


def group(
    articles: Sequence[Article],
    mode: str = "auto",
    threshold: float = LINK_THRESHOLD,
    facts: Mapping[str, Sequence[Fact]] | None = None,
    profiles: Sequence[Profile] | None = None,
) -> list[StoryGroup]:
    """Split ``articles`` into stories, one per incident; an article like no other stands
    alone, with the reason. ``facts`` maps article ids to their extracted facts; or
    ``profiles`` gives each article's ``profile`` already made from them."""
    if mode not in MODES:
        raise ValueError(f"unknown grouping mode {mode!r}; use one of {', '.join(MODES)}")
    if profiles is None:
        profiles = [profile(a, facts.get(a.id, ()) if facts is not None else None) for a in articles]
    names = _weights(profiles)
    scores: dict[tuple[int, int], float] = {}
    if mode == "none" or len(articles) < 2:
        parts = [list(range(len(articles)))] if articles else []
    elif mode == "by-folder":
        parts = _by_folder(articles)
    else:
        ties, far = set(), {}
        for i, j in sorted(candidates(profiles)):
            p, q = profiles[i], profiles[j]
            tied = tie(p, q) is not None
            if tied:
                ties.add((i, j))
            scores[(i, j)] = similarity(p, q, names[i], names[j], tied)
            if scores[(i, j)] == 0 and _dates_apart(p, q) is not None:
                # what the pair adds if a third report bridges their days
                far[(i, j)] = OTHER_DAY * _base(p, q, names[i], names[j], tied)
        parts = average_linkage(len(articles), scores, profiles, threshold, ties, far)
    return _describe(articles, parts, profiles, names, scores, mode, threshold)


def _describe(
    articles: Sequence[Article],
    parts: list[list[int]],
    profiles: Sequence[Profile],
    names: Sequence[Mapping[str, float]],
    scores: Mapping[tuple[int, int], float],
    mode: str,
    threshold: float,
) -> list[StoryGroup]:
    story_of = {i: n for n, part in enumerate(parts) for i in part}
    near: dict[int, dict[int, float]] = defaultdict(dict)
    for (i, j), score in scores.items():
        if score > 0:
            near[i][j] = near[j][i] = score
    shared = [_shared([profiles[i] for i in part], [names[i] for i in part]) for part in parts]
    marks = _marks(parts, profiles)
    markers: dict[str, set[int]] = defaultdict(set)  # key -> stories most of whose members hold it
    holders: dict[str, set[int]] = defaultdict(set)  # key -> stories any member of which holds it
    for n, part in enumerate(parts):
        for k in marks[n]:
            markers[k].add(n)
        for i in part:
            for k in profiles[i].keys:
                holders[k].add(n)
    out = []
    for n, part in enumerate(parts):
        event, date, places, people, terms = shared[n]
        notes: tuple[str, ...] = ()
        elsewhere: tuple[tuple[str, int], ...] = ()
        if mode == "none":
            reason = "all articles compared as one story (--group none)"
        elif mode == "by-folder":
            reason = f"articles in folder {Path(articles[part[0]].path).parent}"
        elif len(part) == 1:
            reason = (
                _alone(part[0], parts, story_of, profiles, near, shared, threshold, holders)
                if len(articles) > 1
                else "the only article"
            )
        else:
            reason = "same incident: " + _incident_words(event, date, places, people, terms)
            notes = _roundups(part, n, parts, profiles, marks, markers, articles)
            elsewhere = _elsewhere(part, n, profiles, marks, markers, articles)
            if elsewhere:
                counts = Counter(a for a, _ in elsewhere)
                notes += tuple(
                    f"{a}: {c} sentence(s) about another story's incident, not compared here"
                    for a, c in sorted(counts.items())
                )
        out.append(
            StoryGroup(
                id=f"story-{n + 1}",
                articles=tuple(articles[i].id for i in part),
                terms=terms if len(part) > 1 and mode == "auto" else (),
                reason=reason,
                event=event,
                date=date,
                places=places,
                names=people,
                notes=notes,
                elsewhere=elsewhere,
            )
        )
    return out


def _incident_words(
    event: str | None,
    date: str | None,
    places: Sequence[str],
    people: Sequence[str],
    terms: Sequence[str] = (),
) -> str:
    bits = []
    if event:
        bits.append(f"event {event}")
    if date:
        bits.append(f"date {date}")
    if places:
        bits.append("place " + ", ".join(places))
    if people:
        bits.append("names " + ", ".join(people))
    if not (places or people) and terms:
        bits.append("words " + ", ".join(terms[:5]))
    return "; ".join(bits) or "similar wording"


def _shared(
    members: Sequence[Profile], names: Sequence[Mapping[str, float]]
) -> tuple[str | None, str | None, tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """What most members share: event, event date, places, names, and words."""
    need = max(1, math.ceil(len(members) / 2))
    events = Counter(p.events[0] for p in members if p.events)
    top = events.most_common(1)
    event = top[0][0] if top and top[0][1] >= need else None
    days = Counter(p.day for p in members if p.day is not None and p.dated == "text")
    day, given = days.most_common(1)[0] if days else (None, 0)
    # the story's date is the one most of its dated members give, and more than one of them
    date = _iso(day) if given * 2 > sum(days.values()) and given >= min(2, len(members)) else None
    held = Counter(k for p in members for k in p.keys)
    weight: dict[str, float] = defaultdict(float)
    label: dict[str, str] = {}
    kind: dict[str, str] = {}
    whole = {k for p in members for k in p.keys if k not in p.parts}
    for p, vec in zip(members, names):
        for k in p.keys:
            if held[k] >= need and k in whole:
                weight[k] += vec.get(k, 0.0)
                label.setdefault(k, p.labels[k])
                kind[k] = "place" if kind.get(k) == "place" else p.kinds[k]
    ranked = [k for k, _ in sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))]
    places = _distinct([label[k] for k in ranked if kind[k] == "place"])[:3]
    people = _distinct([label[k] for k in ranked if kind[k] == "name"])[:3]
    return event, date, tuple(places), tuple(people), shared_terms([p.words for p in members])


def _distinct(labels: Iterable[str]) -> list[str]:
    """Labels without one that is a word of an earlier one ("Aceh" after "Banda Aceh")."""
    out: list[str] = []
    for label in labels:
        low = _name_key(label)
        if not any(low == kept or low in kept.split() for kept in map(_name_key, out)):
            out.append(label)
    return out


def shared_terms(vectors: Sequence[Mapping[str, float]], limit: int = 8) -> tuple[str, ...]:
    """The words most of the articles use, weightiest first (to say why they were grouped)."""
    if len(vectors) < 2:
        return ()
    df = Counter(w for vec in vectors for w in vec)
    need = max(2, math.ceil(len(vectors) / 2))
    score: dict[str, float] = defaultdict(float)
    for vec in vectors:
        for w, v in vec.items():
            if df[w] >= need:
                score[w] += v
    ranked = sorted(score.items(), key=lambda kv: (-kv[1], kv[0]))
    return tuple(unique(w.lstrip(_NAME) for w, _ in ranked))[:limit]


def _alone(
    i: int,
    parts: list[list[int]],
    story_of: Mapping[int, int],
    profiles: Sequence[Profile],
    near: Mapping[int, Mapping[int, float]],
    shared: Sequence[tuple],
    threshold: float,
    holders: Mapping[str, set[int]],
) -> str:
    """Why an article stands alone: the nearest story and what keeps it apart."""
    p = profiles[i]
    # the commonest near miss: a story of the same places and names on another date
    if p.day is not None:
        for n in sorted({n for k in p.keys for n in holders.get(k, ())} - {story_of[i]}):
            gaps = [apart(p, profiles[j]) for j in parts[n]]
            if len(parts[n]) > 1 and all(g is not None for g in gaps):
                when = (
                    f"its event date {_iso(p.day)}"
                    if p.dated == "text"
                    else f"its publication date {_iso(p.day)}"
                )
                return (
                    f"reported alone: {when} is {min(g for g in gaps if g is not None)} days from "
                    f"story-{n + 1} ({shared[n][1] or 'dated otherwise'}), so it is another incident"
                )
    mean: dict[int, float] = defaultdict(float)
    for j, score in near.get(i, {}).items():
        mean[story_of[j]] += score / len(parts[story_of[j]])
    if not mean:
        return "reported alone: shares no place or name with another article in its date window"
    best = max(sorted(mean), key=lambda n: mean[n])
    what = ", ".join(shared[best][2][:2] + shared[best][3][:1]) or ", ".join(shared[best][4][:3])
    return (
        f"reported alone: closest to story-{best + 1} ({what}) but alike only {mean[best]:.2f} "
        f"on average (needs {threshold:.2f})"
    )


def _marks(parts: list[list[int]], profiles: Sequence[Profile]) -> list[set[str]]:
    """Per story, the place and name keys most of its members hold."""
    out = []
    for part in parts:
        held = Counter(k for i in part for k in profiles[i].keys)
        out.append({k for k, c in held.items() if c >= math.ceil(len(part) / 2)})
    return out


def _elsewhere(
    part: list[int],
    n: int,
    profiles: Sequence[Profile],
    marks: Sequence[set[str]],
    markers: Mapping[str, set[int]],
    articles: Sequence[Article],
) -> tuple[tuple[str, int], ...]:
    """Sentences of the members that name another story's own places or names and none of
    this story's: "On Monday an explosion at the Dongshan mine in Xiaoyi killed 11"."""
    out = []
    for i in part:
        p = profiles[i]
        for index, keys in sorted(p.sentences.items()):
            if not marks[n].isdisjoint(keys):
                continue
            hits = {
                k
                for k in keys
                if markers.get(k, set()) - {n} and k not in p.broad and k not in p.parts and _telling(k, p)
            }
            # a place of the other incident (or a name of no known type, often a place the
            # reader did not know), or two of its names: "World Food Programme" alone is any
            # relief story's
            if len(hits) >= 2 or any(p.kinds.get(k) == "place" or k in p.vague for k in hits):
                out.append((articles[i].id, index))
    return tuple(out)


def _telling(key: str, p: Profile) -> bool:
    """Whether a key names something particular: a typed name, or a word no dictionary has
    ("Dongshan"), never a vague one ("Pacific Ring of Fire") or a common word ("Nation")."""
    from .gazetteer import common_words

    if key in p.vague or key in p.parts:
        return not any(word in common_words() for word in key.split())
    return True


def _roundups(
    part: list[int],
    n: int,
    parts: list[list[int]],
    profiles: Sequence[Profile],
    marks: Sequence[set[str]],
    markers: Mapping[str, set[int]],
    articles: Sequence[Article],
) -> tuple[str, ...]:
    """Notes on members that name two or more of another story's own places and names (a
    roundup, or a look back at an earlier incident): they stay with the incident they are
    mainly about, which the grouping chose."""
    notes = []
    for i in part:
        keys = set(profiles[i].keys)
        for other in sorted({m for k in keys for m in markers.get(k, ())} - {n}):
            if len(parts[other]) < 2:
                continue
            hits = sorted(
                (k for k in (keys & marks[other]) - marks[n] if _telling(k, profiles[i])),
                key=lambda k: (k in profiles[i].parts, -profiles[i].keys[k], k),  # the same in every run
            )
            if len(hits) < 2:
                continue
            labels = _distinct(profiles[i].labels[k] for k in hits)
            if len(labels) >= 2 and hits[0] not in profiles[i].parts:
                notes.append(
                    f"{articles[i].id} also mentions the incident of story-{other + 1} "
                    f"({', '.join(labels[:3])}); it is grouped with the incident it is mainly about"
                )
    return tuple(notes)
