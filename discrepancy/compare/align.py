"""Claim alignment: which facts of a story say the same thing, for every kind of fact.

Two facts align when their frames agree (the same claim key, a predicate a reader would
equate, no clash of holder, part, modality or scope) and their sentences say the same
thing with the facts masked (shared content words). Candidates come from an index by
claim key and context word, never from all pairs: a word shared by more than
``MAX_POSTING`` facts of one claim says nothing about which of them align and is not
used to find candidates, so cost grows with the facts, not with their pairs.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..doc.frames import context_words
from ..lang import en
from ..model import Fact, Frame
from ..normalize.measures import BASE_UNITS

#: A context word shared by more facts of one claim than this does not propose candidates.
MAX_POSTING = 64
#: Below this many facts, every pair in a claim bucket is a candidate.
SMALL_BUCKET = 48


@dataclass(frozen=True)
class Pair:
    """Two facts that make the same claim, and why they were paired."""

    a: Fact
    b: Fact
    shared: frozenset[str]
    same_predicate: bool
    strength: float  # 0..1: how sure the pairing is
    by_claim: bool = False  # paired as the story's own headline figure (toll), not by wording

    @property
    def internal(self) -> bool:
        return self.a.article == self.b.article

    def why(self) -> str:
        """One line a reader can check: "both 'killed' (kill); shared words: attack, hall"."""
        fa, fb = self.a.frame or Frame(), self.b.frame or Frame()
        claim = fa.key or fa.head or self.a.subject
        verb = f" ({fa.predicate})" if self.same_predicate and fa.predicate else ""
        if not self.same_predicate and (fa.predicate or fb.predicate):
            verb = f" ({fa.predicate or '-'} / {fb.predicate or '-'})"
        words = ", ".join(sorted(self.shared)[:6])
        return f"both about '{claim}'{verb}; the sentences share: {words}"


def predicates_agree(a: Frame, b: Frame) -> bool:
    """Same predicate, or two a reader would equate ("killed" / "died")."""
    if not a.predicate or not b.predicate:
        return False
    if a.predicate == b.predicate:
        return True
    fam = en.families()
    if fam.get(a.predicate, "") != "" and fam.get(a.predicate) == fam.get(b.predicate):
        return True
    return _event_family(a.predicate) != "" and _event_family(a.predicate) == _event_family(b.predicate)


def _other_events(a: Frame, b: Frame) -> bool:
    """Both predicates name an event, and not the same one ("found" / "rescued")."""
    fam = en.families()
    ea = _event_family(a.predicate) or fam.get(a.predicate, "")
    eb = _event_family(b.predicate) or fam.get(b.predicate, "")
    return bool(ea and eb and ea != eb)


def _event_of(frame: Frame, kind: str = "number") -> str:
    """The event a fact's frame names, by its predicate or its event noun ("discovery"); a
    date or time also by the noun it dates ("sent a distress call at 8:58" / "the distress
    call came at 9:28")."""
    noun = frame.head.split(" ")[-1] if frame.head else ""
    by_noun = _event_family(noun) if noun else ""
    if not by_noun and kind == "date" and noun and noun not in en.words("generic_heads"):
        by_noun = frame.head
    if frame.predicate in en.words("light_verbs"):
        return by_noun
    return _event_family(frame.predicate) or by_noun


def _event_family(predicate: str) -> str:
    """The event a predicate names ("set off" -> "start"), or the predicate itself."""
    events = en.predicate_families()
    return events.get(predicate) or events.get(predicate.split(" ")[0], "") if predicate else ""


def _same_holder(a: str, b: str) -> bool:
    """ "Elizabeth Holmes" and "Holmes" are one holder; "Labour" and "the SNP" are two."""
    wa, wb = set(a.lower().split()), set(b.lower().split())
    return wa <= wb or wb <= wa


def _other_place(place: str, salient: frozenset[str]) -> str:
    """The place, unless it is the story's own (named in most leads: "Crocus City Hall")."""
    return "" if not place or set(context_words(place)) & salient else place.lower()


def compatible(a: Fact, b: Fact, salient: frozenset[str] = frozenset()) -> bool:
    """Frames that cannot be the same claim: another holder, a part against a whole, a
    planned or hypothetical figure against a reported one, another event's figure."""
    fa, fb = a.frame, b.frame
    if fa is None or fb is None:
        return False
    if fa.holder and fb.holder and not _holders_agree(a, b):
        return False
    pa, pb = _other_place(fa.place, salient), _other_place(fb.place, salient)
    if pa != pb and (pa and pb or a.kind == "number" and fa.key in en.words("headline_families")):
        return False  # Belgium's toll and Germany's; a district's dead and the whole toll
    if _distance(fa) and _distance(fb) and bool(fa.holder) != bool(fb.holder):
        return False  # "150 miles off Aden" / "some 13 miles away": from where is not said
    if fa.when and fb.when and fa.when != fb.when:
        return False  # "closed at $51.70 on Monday" / "closed at $49.11 on Thursday": two days
    if fa.modality != fb.modality or fa.negated != fb.negated:
        return False
    if a.kind == "date":
        return True  # a date says itself when it is; days weeks apart are never paired (plausible)
    if (a.scope == "background") != (b.scope == "background"):
        return False
    if a.scope != b.scope:
        return False  # a village's dead and the hospital's overnight deaths: two sub-counts
    return True


#: Dimensions of physical measures, not spans of time ("13 days" of two waits).
_PHYSICAL = frozenset(BASE_UNITS) - {"time"}


def _distance(frame: Frame) -> bool:
    words = frame.head.split()
    if frame.key.startswith("length:"):
        return frame.key == "length: distance"  # not a depth or a height
    return bool(words) and words[-1] in en.words("distance_units")


def salient_words(texts: Iterable[str]) -> frozenset[str]:
    """Words in the leads of most reports: the story's own event, place and actors."""
    leads = [context_words(t) for t in texts]
    if len(leads) < 2:
        return frozenset().union(*leads) if leads else frozenset()
    counts: dict[str, int] = defaultdict(int)
    for words in leads:
        for w in words:
            counts[w] += 1
    need = max(2, int(0.4 * len(leads) + 0.5))
    return frozenset(w for w, n in counts.items() if n >= need)


def story_salient(articles: Iterable[Any]) -> frozenset[str]:
    """Words in most reports' leads (headline and first sentences): the story's own event."""
    leads = []
    for article in articles:
        lines = [line for line in article.text[article.body_start :].splitlines() if line.strip()]
        leads.append(" ".join(lines[:3]))
    return salient_words(leads)


def _holders_agree(a: Fact, b: Fact) -> bool:
    """Two facts' holders name one party or person; for an age, a description ("the
    39-year-old former banker") is the person its sentence names ("Macron")."""
    fa, fb = a.frame, b.frame
    assert fa is not None and fb is not None
    if _holder_match(fa.holder, fb.holder):
        return True
    if _distance(fa) and _distance(fb) and _crossed(a, b):
        return True
    if fa.key != "age" or fb.key != "age":
        return False
    for x, y in ((fa, fb), (fb, fa)):
        if x.holder.islower() and y.holder[:1].isupper() and y.holder.split()[-1].lower() in x.near:
            return True
    return False


def _crossed(a: Fact, b: Fact) -> bool:
    """Two distances between the same two things, each measured from the other ("the ship,
    14 miles from the Mysore" / "the Mysore, 13 miles from the merchant vessel"): each
    sentence names, before its figure, what the other's distance is measured from."""
    for x, y in ((a, b), (b, a)):
        assert x.frame is not None
        at = y.sentence.find(y.text)
        before = context_words(y.sentence[: at if at >= 0 else len(y.sentence)])
        if not set(x.frame.holder.lower().split()) & before:
            return False
    return True


def _holder_match(a: str, b: str) -> bool:
    """Two holders that name one party or person, spelt alike or nearly ("Ekkapol
    Chanthawong" / "Ekapol Chantawong", "Elizabeth Holmes" / "Holmes")."""
    if not a or not b:
        return False
    if _same_holder(a, b):
        return True
    from rapidfuzz import fuzz

    last_a, last_b = a.lower().split()[-1], b.lower().split()[-1]
    if min(len(last_a), len(last_b)) >= 4 and fuzz.ratio(last_a, last_b) >= 80:
        return True  # "Officer Saman Gunan" / "Saman Kunan": one surname, spelt two ways
    return fuzz.ratio(a.lower(), b.lower()) >= 85


def score(
    a: Fact, b: Fact, salient: frozenset[str] = frozenset(), single: bool = False, single_event: bool = False
) -> Pair | None:
    """The pairing of two facts, or None when they do not make the same claim. ``single``:
    each fact is the only one of its claim key in its article; ``single_event``: the only
    one of its claim key for one event ("set off" / "started") in its article."""
    if not compatible(a, b, salient):
        return None
    if not plausible(a, b) and not (
        headline_claim(a) and headline_claim(b) and _open_low(a) != _open_low(b) and plausible(a, b, 100)
    ):
        return None  # a first "at least five injured" against the later 249 is still the story's count
    fa, fb = a.frame, b.frame
    assert fa is not None and fb is not None
    shared = fa.context & fb.context
    same = predicates_agree(fa, fb)
    if (
        a.kind == "date"
        and fa.predicate
        and fb.predicate
        and not same
        and not (_names_its_event(fa) or _names_its_event(fb))
        and not shared - _named_words(a.sentence) - _named_words(b.sentence)
    ):
        return None  # "Yellen told lawmakers on Friday" / "on Sunday, Yellen ruled out": one person, two acts
    if a.kind == "date" and a.unit == b.unit == "day" and _count_changed(fa) != _count_changed(fb):
        return None  # "the toll rose to 194 on Thursday" dates the count, not "collapsed on Wednesday"
    smaller = max(1, min(len(fa.context), len(fb.context)))
    overlap = len(shared) / smaller
    strength = min(1.0, overlap + (0.25 if same else 0.0) + 0.05 * len(shared))
    if bool(fa.part_of) != bool(fb.part_of):
        # a part against a whole ("48 of Scotland's 59 seats" / "48 seats"): it may pair, so
        # the whole does not pair with the wrong figure, but it never joins a claim
        if a.normalized != b.normalized or len(shared) < 2 or not (_near(fa) & _near(fb)):
            return None
        return Pair(a, b, frozenset(shared), same, min(strength, 0.49))
    if (
        fa.key == fb.key
        and a.article == b.article
        and headline_claim(a)
        and headline_claim(b)
        and fa.place == fb.place
    ):
        # one report's counts of its own dead are one claim: "over 200" and "249" mean 249
        return Pair(a, b, frozenset(shared), same, max(strength, 0.5), True)
    if (
        fa.key == fb.key
        and headline_claim(a)
        and headline_claim(b)
        and a.article != b.article
        and fa.context & salient
        and fb.context & salient
        and not _elsewhere(a, salient)
        and not _elsewhere(b, salient)
    ):
        # the story's own toll: main-scope counts of the dead in two reports are one claim
        # when both sentences are about the story's own event (words of most leads)
        return Pair(a, b, frozenset(shared), same, max(strength, 0.5), True)
    if fa.key == fb.key and a.article != b.article and not fa.key.endswith("?"):
        if _holders_agree(a, b):
            if _distance(fa):
                # two distances from one place locate one thing only when the sentences agree:
                # compared, never chained ("17 miles from Tel Aviv" / "32km from Tel Aviv")
                return Pair(a, b, frozenset(shared), same, min(max(strength, 0.45), 0.49))
            # the age of one named person, the seats of one party: the holder names the claim
            return Pair(a, b, frozenset(shared), same, max(strength, 0.6))
        if same and fa.predicate not in en.words("light_verbs") and (shared or fa.near & fb.near):
            # "diagnosed on May 20" / "diagnosed on May 21": one event, however else worded
            return Pair(a, b, frozenset(shared), same, max(strength, 0.55))
    if (
        fa.key == fb.key
        and single_event
        and a.article != b.article
        and _event_of(fa, a.kind)
        and _event_of(fa, a.kind) == _event_of(fb, b.kind)
    ):
        # the one time, date or figure each report gives for one event, however the sentences
        # go on ("set off at 8:15" / "started at 8:45"): compared, never chained
        return Pair(a, b, frozenset(shared), True, min(max(strength, 0.45), 0.49))
    # "43,538 volunteers" / "43,358 people enrolled": figures of three digits or more one
    # slip apart are one figure however each report names it; compared, never chained
    slip = (
        Pair(a, b, frozenset(shared), same, min(max(strength, 0.45), 0.49))
        if a.kind == "number"
        and a.article != b.article
        and shared
        and not _other_events(fa, fb)
        and not (_unit_head(fa) or _unit_head(fb))
        and confusable(a, b, digits=3, swapped=_measure(a))
        else None
    )
    if slip is not None and fa.key != fb.key:
        return slip
    if (
        single
        and a.article != b.article
        and a.kind == "date"
        and a.unit == b.unit == "time"
        and len(shared) >= 2
    ):
        # the one time of day each report gives, in sentences about one thing: one event's
        # time, however it is worded ("stepped out at 00:11" / "at 00:41 hours came out")
        return Pair(a, b, frozenset(shared), same, min(max(strength, 0.45), 0.49))
    if not (_near(fa) & _near(fb)):
        if (
            single
            and a.article != b.article
            and fa.key == fb.key
            and ": " in fa.key
            and not fa.key.endswith("?")
            and not _distance(fa)
            and fa.key.split(": ")[0] in _PHYSICAL
        ):
            # the one physical measure each report gives of one named thing, however the words
            # beside it go ("the 6,400-tonne passenger ferry" / "a 6,900-tonne ferry"): compared,
            # never chained. Not money nor a percentage: "price" or "a share" name many claims
            return Pair(a, b, frozenset(shared), same, min(max(strength, 0.45), 0.49))
        return slip  # the words right beside the two facts differ: "12 Somalis" / "11 Yemenis"
    families = set(en.families().values())
    if fa.key != fb.key and (fa.key.startswith("difference:") or fb.key.startswith("difference:")):
        return None  # a gap ("four short of the record") is compared only with gaps
    if fa.key != fb.key and (fa.key in families or fb.key in families):
        return None  # the dead and the injured are two counts, however alike the sentences
    if (
        fa.key != fb.key
        and fa.part_of == fb.part_of == "and"
        and fa.head.split()[:1] == fb.head.split()[:1]
        and a.article != b.article
        and fa.near & fb.near
    ):
        # one part of one group: "12 Somali and 12 Yemeni" / "12 Somali and 11 Yemeni pirates"
        return Pair(a, b, frozenset(shared), same, min(max(strength, 0.45), 0.49))
    if fa.key != fb.key or fa.key.endswith("?"):
        # claims named differently ("12 Somalis" / "12 Somali pirates") or not named at all
        # pair only when the sentences say the same thing around them, and never chain
        if fa.head and fa.head == fb.head and {fa.key, fb.key} == {fa.head, f"{fa.head} {_event(fa, fb)}"}:
            # one names the event and the other does not ("captured 23 pirates" / "put 24
            # pirates out of business"): one noun, compared when the sentences agree
            if len(shared - set(fa.head.split())) >= 2 and fa.near & fb.near:
                return Pair(a, b, frozenset(shared), same, min(strength, 0.49))
            return None
        if len(shared) < 4 or overlap < 0.5:
            return None
        if fa.head and fb.head and not _modifiers_agree(fa, fb):
            return None  # "two grenades" / "three speedboats": two nouns, two things counted
        return Pair(a, b, frozenset(shared), same, min(strength, 0.49))
    near = len(_near(fa) & _near(fb))
    # the counted noun itself ("nautical miles") says the claims share a key, not that they
    # are the same claim: "150 nautical miles off Aden" / "13 nautical miles away"
    heads = {w[:4] for w in f"{fa.head} {fb.head} {fa.key}".split()}
    own = {w for w in shared if w[:4] not in heads}
    beside = {w for w in _near(fa) & _near(fb) if w[:4] not in heads}
    if (
        fa.head.split()[-1:] == fb.head.split()[-1:]
        and fa.head.split()[-1:]
        and fa.head.split()[-1] in en.words("time_units")
        and not (
            same or (beside and not _other_events(fa, fb)) or _event_of(fa) and _event_of(fa) == _event_of(fb)
        )
    ):
        return None  # "found after 17 days" / "rescued after 69 days": two spans of one story
    if (
        (same and len(shared) >= 2 and own and overlap >= 0.2)
        or (len(beside) >= 1 and near >= 2 and len(shared) >= 2)
        or (len(shared) >= 3 and len(own) >= 2 and overlap >= 0.34)
    ):
        return Pair(a, b, frozenset(shared), same, min(1.0, strength + 0.1 * near))
    if (
        single
        and a.kind == "number"
        and a.article != b.article
        and fa.head
        and not _other_events(fa, fb)
        and confusable(a, b)
    ):
        # the one figure each report gives for one noun, written with its digits swapped or
        # one digit off ("787 workers" / "778 workers"): a slip of the keyboard is one claim
        return Pair(a, b, frozenset(shared), same, min(max(strength, 0.45), 0.49))
    if single and a.article != b.article and shared - set(f"{fa.head} {fa.key}".split()):
        # the one figure each report gives for this claim ("41 pacemakers" / "42 pacemakers"):
        # compared, never chained into a larger claim
        return Pair(a, b, frozenset(shared), same, min(max(strength, 0.45), 0.49))
    return slip


def _count_changed(frame: Frame) -> bool:
    """The date is the day a figure changed ("rose to at least 194 on Thursday")."""
    return frame.predicate in en.words("count_change_verbs")


def _names_its_event(frame: Frame) -> bool:
    """A light verb whose object names the act ("made his offer on April 14"): what is dated
    is the object, which another report may give its own verb ("proposed on April 13")."""
    return bool(frame.head) and frame.predicate in en.words("light_verbs") - en.words("speech_verbs")


@lru_cache(maxsize=4096)
def _named_words(sentence: str) -> frozenset[str]:
    """The words of a sentence's names, lower-cased: capitalised words after its first."""
    words = _CAPITALISED.findall(sentence)[1:] if sentence[:1].isupper() else _CAPITALISED.findall(sentence)
    return frozenset(w.lower() for w in words)


_CAPITALISED = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]*")


def confusable(a: Fact, b: Fact, digits: int = 2, swapped: bool = False) -> bool:
    """Two different figures one slip apart: the same digits in another order, or one digit
    changed ("787" / "778", "41" / "42", "1,023" / "1,013"), each of at least ``digits``
    digits; ``swapped``: only the same digits in another order. Years are never slips."""
    va, vb = figure(a), figure(b)
    if va is None or vb is None or va == vb:
        return False
    if a.unit != b.unit and (_measure(a) or _measure(b)):
        return False  # "$70.80" / "70.08%": two measures; "12,700 workers" / "13,700 members": one count
    if any(1800 <= v <= 2100 and v == int(v) for v in (va, vb)):
        return False
    x, y = written_digits(a) or f"{va:g}".replace(".", ""), written_digits(b) or f"{vb:g}".replace(".", "")
    if len(x) != len(y) or len(x) < digits or "e" in x + y:
        return False  # "two" / "four" are two small counts, not a slip
    if sorted(x) == sorted(y):
        return True
    return not swapped and sum(1 for p, q in zip(x, y) if p != q) == 1


def written_digits(fact: Fact) -> str:
    """The digits a figure is written with, separators aside ("$70.80" -> "7080", "6.543" ->
    "6543"); empty for a figure in words."""
    m = re.search(r"\d(?:[\d,.]*\d)?", fact.text)
    return re.sub(r"\D", "", m.group()) if m else ""


def _unit_head(frame: Frame) -> bool:
    """The figure counts units ("480 nautical miles", "13 days"), not things."""
    last = frame.head.split()[-1] if frame.head else ""
    return last in en.words("distance_units") or last in en.words("time_units")


def _measure(fact: Fact) -> bool:
    """A figure with a unit of measure or money, not a count of some noun."""
    unit = fact.unit or ""
    return "dimension" in fact.detail or unit in ("%", "magnitude", "years") or unit.isupper()


def figure(fact: Fact) -> float | None:
    """The figure a fact writes: exact, or the one an "about" rounds."""
    if fact.low is not None and fact.low == fact.high:
        return fact.low
    # a measure's figure as written, scale included ("USD 54.2", "~150 nautical mile")
    written = re.search(r"(?:^|\s)(~?)(\d+(?:\.\d+)?)(?:\s|$)", fact.normalized)
    if written is None or (fact.qualifier and not written.group(1)):
        return None  # a bound ("more than $400") or a range
    return float(written.group(2))


def _event(a: Frame, b: Frame) -> str:
    """The event word one of two keys adds to the shared head ("pirate arrested" -> "arrested")."""
    longer = a.key if len(a.key) > len(b.key) else b.key
    return longer.split()[-1] if " " in longer else ""


def _modifiers_agree(a: Frame, b: Frame) -> bool:
    """Two differently named heads count one thing when the words beside the figures agree
    other than the heads themselves ("12 Somali ... nationals" / "12 Somali ... pirates")."""
    heads = {w[:4] for w in f"{a.head} {b.head}".split()}
    return any(w[:4] not in heads for w in _near(a) & _near(b))


def _near(frame: Frame) -> frozenset[str]:
    """The words beside a fact, each as its family where it has one ("wounded" ~ "injured")."""
    fam = en.families()
    return frozenset(fam.get(w, fam.get(w + "e", w)) for w in frame.near)


def plausible(a: Fact, b: Fact, ratio: float = 30) -> bool:
    """Two figures ``ratio`` times apart count different things (a toll of 24 and one of
    230,000 are two events), however alike their sentences."""
    if a.kind == "date":
        if a.unit == b.unit == "day" and a.low is not None and b.low is not None and abs(a.low - b.low) > 10:
            # two dates weeks apart are two events, unless only the month differs ("19 June" / "19 July")
            return a.normalized[-2:] == b.normalized[-2:]
        return True
    if a.kind != "number":
        return True
    if a.low is None or b.low is None or a.high is None or b.high is None:
        return False
    if 0.0 in (a.low, b.low):
        return True
    lows = [x for x in (a.low, b.low, a.high, b.high) if x and x != float("inf")]
    return max(lows) / max(min(lows), 1.0) <= ratio


def _open_low(fact: Fact) -> bool:
    """A figure with no upper bound: "at least five", "more than 200"."""
    return fact.high is not None and fact.high == float("inf")


def _elsewhere(fact: Fact, salient: frozenset[str]) -> bool:
    """The fact's sentence places its event somewhere the story's leads do not name ("the
    flood in Ostrava on Saturday" in a story about Tarvis)."""
    places = str(fact.detail.get("places", "") if isinstance(fact.detail, dict) else "")
    return any(p and not (set(context_words(p)) & salient) for p in places.split("; "))


def headline_claim(fact: Fact) -> bool:
    """A count of the story's own casualties: a family key ("killed", "injured"), the main
    event, no part, no holder, asserted."""
    frame = fact.frame
    if frame is None or fact.scope != "main" or frame.part_of or frame.modality != "asserted":
        return False
    if frame.holder and fact.kind != "date":
        return False  # a party's or a person's figure; a date's agent is checked when pairing
    if fact.kind == "date":  # the day or time of the story's own incident, however it is worded
        return (fact.unit == "time" and fact.subject == "time of incident") or (
            fact.unit == "day" and fact.subject == "incident"
        )
    if frame.context & en.words("cumulative"):
        return False  # "600 killed since the offensive began": a running total, not this toll
    return frame.key in en.words("headline_families")


def pairs(
    facts: Sequence[Fact],
    key: Callable[[Fact], str],
    *,
    internal: bool = False,
    salient: frozenset[str] = frozenset(),
) -> list[Pair]:
    """Every aligned pair among ``facts`` (across articles; inside one too with ``internal``),
    found through an index by claim key and context word."""
    buckets: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        k = key(fact)
        if k:
            buckets[k].append(fact)
    out: list[Pair] = []
    for bucket in buckets.values():
        # one figure per report for this claim, however often the report repeats it
        per_article: dict[str, set[Any]] = defaultdict(set)
        for fact in bucket:
            # one instant however written ("00:11 local time (03:11 GMT)")
            per_article[fact.article].add(
                fact.low if fact.kind == "date" and fact.low is not None else fact.normalized
            )
        singles = {id(f) for f in bucket if len(per_article[f.article]) == 1}
        per_event: dict[tuple[str, str], int] = defaultdict(int)
        for fact in bucket:
            per_event[(fact.article, _event_of(fact.frame or Frame(), fact.kind))] += 1
        single_events = {
            id(f)
            for f in bucket
            if (ev := _event_of(f.frame or Frame(), f.kind)) and per_event[(f.article, ev)] == 1
        }
        out.extend(_bucket_pairs(bucket, internal, salient, singles, single_events))
    # claims named differently: candidates only from rare shared context words, within one
    # unit class (the part of the key after "|")
    classes: dict[str, list[Fact]] = defaultdict(list)
    for k, bucket in buckets.items():
        classes[k.rsplit("|", 1)[-1] if "|" in k else ""].extend(bucket)
    seen = {(id(p.a), id(p.b)) for p in out} | {(id(p.b), id(p.a)) for p in out}
    for group in classes.values():
        for i, j in _context_candidates(group):
            a, b = group[i], group[j]
            if key(a) == key(b) or a.article == b.article or (id(a), id(b)) in seen:
                continue
            pair = score(a, b)
            if pair is not None:
                out.append(pair)
    return mutual_best(out)


def _rank(p: Pair) -> float:
    fa, fb = p.a.frame or Frame(), p.b.frame or Frame()
    return (
        p.strength
        + 0.15 * len(fa.near & fb.near)
        + 0.1 * (fa.key == fb.key)
        + 0.1 * (p.a.normalized == p.b.normalized)
    )


def mutual_best(found: list[Pair]) -> list[Pair]:
    """Keep a pair across two articles only when each fact is the other's best match in
    that article: a sentence listing seven rifles, two boats and 13 magazines aligns each
    figure with its own counterpart, not with every figure of the other list."""
    best: dict[tuple[int, str], tuple[float, int]] = {}
    # the place of each figure among its sentence's figures of one claim: in two lists
    # ("two sons, 11 and 14" / "11 and 15") the first pairs with the first
    starts: dict[tuple[str, int, str], set[int]] = defaultdict(set)
    for p in found:
        for f in (p.a, p.b):
            starts[(f.article, f.sentence_index, f.frame.key if f.frame else "")].add(f.start)
    ordinal = {(key, start): k for key, group in starts.items() for k, start in enumerate(sorted(group))}

    def place(f: Fact) -> int:
        return ordinal[((f.article, f.sentence_index, f.frame.key if f.frame else ""), f.start)]

    for k, p in enumerate(found):
        if p.internal:
            continue
        r = _rank(p) + (0.05 if place(p.a) == place(p.b) else 0.0)
        for x, other in ((p.a, p.b.article), (p.b, p.a.article)):
            slot = (id(x), other)
            if slot not in best or r > best[slot][0]:
                best[slot] = (r, k)
    keep = {k for _, k in best.values()}
    return [
        p
        for k, p in enumerate(found)
        if p.internal
        or (k in keep and best[(id(p.a), p.b.article)][1] == k and best[(id(p.b), p.a.article)][1] == k)
    ]


def _context_candidates(group: list[Fact]) -> set[tuple[int, int]]:
    """Pairs of facts sharing a context word that few facts of the group have."""
    postings: dict[str, list[int]] = defaultdict(list)
    for i, fact in enumerate(group):
        for word in fact.frame.context if fact.frame else ():
            postings[word].append(i)
    found: set[tuple[int, int]] = set()
    for plist in postings.values():
        if len(plist) > MAX_POSTING:
            continue
        for x, i in enumerate(plist):
            for j in plist[x + 1 :]:
                found.add((i, j))
    return found


def _bucket_pairs(
    bucket: list[Fact], internal: bool, salient: frozenset[str], singles: set[int], single_events: set[int]
) -> Iterable[Pair]:
    if len(bucket) <= SMALL_BUCKET:
        candidates = [(i, j) for i in range(len(bucket)) for j in range(i + 1, len(bucket))]
    else:
        candidates = sorted(_context_candidates(bucket))
    for i, j in candidates:
        a, b = bucket[i], bucket[j]
        if a.article == b.article and (not internal or a.sentence_index == b.sentence_index):
            continue
        pair = score(
            a,
            b,
            salient,
            id(a) in singles and id(b) in singles,
            id(a) in single_events and id(b) in single_events,
        )
        if pair is not None:
            yield pair


def components(found: Iterable[Pair]) -> list[list[Pair]]:
    """Aligned pairs joined into claims: pairs that share a fact belong to one claim."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    found = list(found)
    for p in found:
        ra, rb = root(id(p.a)), root(id(p.b))
        if ra != rb:
            parent[ra] = rb
    groups: dict[int, list[Pair]] = defaultdict(list)
    for p in found:
        groups[root(id(p.a))].append(p)
    return list(groups.values())
