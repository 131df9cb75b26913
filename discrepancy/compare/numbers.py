"""Number rules: aligned claims given different figures, across articles or inside one.

Figures are compared only when their claims align (``compare.align``: the same claim key
and predicate, no clash of holder, part or modality, and sentences that say the same
thing with the figures masked). Disjoint figures of well-aligned claims are an error; of
less certain pairings a warning. A bound against a different exact figure is a warning
("at least 143" vs "144") unless the bound is a round approximation that holds the figure
("more than 400" and 401). Inside one article two figures for one claim are info: far
more often a part and its whole, or an earlier and a later count, than a mistake.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import replace

from ..lang import en
from ..model import Fact, Finding, Value
from ..normalize.number_lexicon import QUALIFIERS
from . import align
from .base import Story, article_list, interval, value_of

Interval = tuple[float, float]


def _overlap(a: Interval, b: Interval) -> Interval | None:
    low, high = max(a[0], b[0]), min(a[1], b[1])
    return (low, high) if low <= high else None


def position(facts: list[Fact]) -> tuple[Interval, bool]:
    """What one article says about a subject, and whether it agrees with itself."""
    spans = [interval(f) for f in facts]
    current = spans[0]
    for span in spans[1:]:
        both = _overlap(current, span)
        if both is None:
            return (min(low for low, _ in spans), max(high for _, high in spans)), False
        current = both
    return current, True


#: A sentence with this many figures is a list of them.
LIST_FIGURES = 3


def _values(facts: list[Fact]) -> tuple[Value, ...]:
    by_value: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        by_value[fact.normalized].append(fact)
    return tuple(
        replace(value_of(group), text=_wordings(group))
        for group in sorted(
            by_value.values(), key=lambda g: (-len({f.article for f in g}), g[0].low, g[0].normalized)
        )
    )


def _wordings(group: list[Fact]) -> str:
    """How the reports write one figure, the commonest first, each wording once ("$42
    billion / 42 billion dollar"): a reader sees every report's own words."""
    counts: dict[str, int] = defaultdict(int)
    for fact in group:
        counts[_with_noun(fact)] += 1
    ranked = sorted(counts, key=lambda w: -counts[w])  # stable: first written first among equals
    # a bare figure another wording gives with its noun ("six" / "six runs") adds nothing
    ranked = [w for w in ranked if not any(o != w and o.lower().startswith(w.lower() + " ") for o in ranked)]
    ranked = list({w.lower(): w for w in reversed(ranked)}.values())[::-1]  # one of "Forty" / "forty"
    return " / ".join(ranked[:3])


def _around(fact: Fact) -> tuple[str, str]:
    """The fact's sentence before and after its words (at their first place in it)."""
    at = fact.sentence.find(fact.text)
    if at < 0:
        return "", ""
    return fact.sentence[:at], fact.sentence[at + len(fact.text) :]


def _with_noun(fact: Fact) -> str:
    """The figure with the noun it counts, as the report writes it ("40 fire engines")."""
    frame = fact.frame
    if frame is None or not frame.head or frame.key == "age":
        return fact.text
    after = _around(fact)[1][:40]
    last = frame.head.split()[-1]
    noun = re.match(r"(?:[\s-]+[\w'-]+){0,3}?[\s-]+" + re.escape(last[:4]) + r"\w*", after, re.I)
    return fact.text + after[: noun.end()] if noun else fact.text


def _is_measure(facts: list[Fact]) -> bool:
    return any("dimension" in f.detail or f.unit == "magnitude" for f in facts)


def _latest(story: Story, articles: list[str]) -> str | None:
    """The one article published on the latest day, when publication dates tell (times as
    written carry zones or none, so they do not decide); never a draft (new by definition)."""
    dated = [(day, a) for a in articles if (day := story.articles[a].published) and a != story.draft]
    if len(dated) < 2:
        return None
    last = max(day for day, _ in dated)
    latest = [a for day, a in dated if day == last]
    return latest[0] if len(latest) == 1 else None


def _describe(values: tuple[Value, ...]) -> str:
    parts = []
    for value in values:
        n = len(value.articles)
        parts.append(
            f"{value.text} ({article_list(value.articles)})" if n <= 3 else f"{value.text} ({n} reports)"
        )
    return " vs ".join(parts)


def _round(value: float) -> bool:
    """A figure written as an approximation: 400, 20,000, two dozen (not 143, not 5)."""
    if value >= 10 and value % 10 == 0 or value >= 24 and value % 12 == 0:
        return True
    return False


def _bound(fact: Fact) -> float | None:
    """The figure of a one-sided bound ("at least 143" -> 143), else None."""
    if fact.low is None or fact.high is None or fact.low == fact.high:
        return None
    if math.isinf(fact.high):
        return _as_written(fact.low)
    if fact.low == 0.0:
        return _as_written(fact.high)
    return None


def _as_written(value: float) -> float:
    """A strict bound's figure as written: "more than 400" is held as just above 400."""
    nearest = round(value, 6)
    return nearest if abs(nearest - value) < 1e-6 else value


def _precise(fact: Fact, value: float) -> Interval:
    """A written figure as the interval its digits stand for ("6 miles" -> 5.5-6.5, "6.2" ->
    6.15-6.25, "six miles" -> 5.5-6.5); the scale of "4.2 billion" is already in ``value``."""
    digits = re.search(r"\d[\d,]*(?:\.(\d+))?", fact.text)
    if digits is None:  # a number word: a whole number in the unit it is written in
        decimals, written = 0, float(fact.detail.get("value") or value or 1.0)
    else:
        decimals = len(digits.group(1) or "")
        written = float(digits.group().replace(",", "")) or 1.0
    half = 0.499 * 10 ** (-decimals) * (value / written)  # half-open: 22 and 23 miles do not meet
    return (value - half, value + half)


def _written(fact: Fact) -> float | None:
    """An exact measure's figure in the unit it is written in, scale included ("$4.2 billion")."""
    if "value" not in fact.detail:
        return None
    number = re.search(r"-?\d+(?:\.\d+)?(?:e[+-]?\d+)?", fact.normalized)
    return float(number.group()) if number else None


def _vague(fact: Fact) -> bool:
    """ "dozens", "hundreds", "scores": a size, not a figure."""
    return "-" in fact.normalized and not any(ch.isdigit() for ch in fact.text)


def verdict(a: Fact, b: Fact, pair: align.Pair, tolerance: float = 0.0) -> str | None:
    """How loud a disagreement between two aligned figures is: error, warning or None."""
    if _vague(a) and _vague(b):
        return None
    if bool(a.frame and a.frame.part_of) != bool(b.frame and b.frame.part_of):
        return None  # a part and its whole
    if a.detail.get("converted_from", "") != b.detail.get("converted_from", ""):
        return None  # two reports' conversions of different figures: the figures themselves are compared
    if _estimates_apart(a, b):
        return "warning"
    written_a, written_b = _written(a), _written(b)
    if (
        written_a is not None
        and written_b is not None
        and a.detail.get("unit_as_written") == b.detail.get("unit_as_written")
    ):
        if a.qualifier or b.qualifier:
            return None
        # the same unit as written: compare as written, each to the precision it is written with
        ia, ib = _precise(a, written_a), _precise(b, written_b)
    else:
        ia, ib = interval(a), interval(b)
    if tolerance:
        ia = (ia[0] * (1 - tolerance), ia[1] * (1 + tolerance))
        ib = (ib[0] * (1 - tolerance), ib[1] * (1 + tolerance))
    if _overlap(ia, ib) is None:
        bounds = [x for x in (_bound(a), _bound(b)) if x is not None]
        figures = [interval(f)[0] for f in (a, b) if f.low == f.high]
        if bounds and figures and bounds[0] == figures[0]:
            # "more than 400" / "400": the bound's own figure, at most a look; "over four years"
            # is a span ("during"), not a bound
            head = (a.frame.head if a.frame else "").split()[-1:]
            return None if head and head[0] in en.words("time_units") else "bound"
        key = a.frame.key if a.frame else ""
        if pair.by_claim and pair.same_predicate and a.low == a.high and b.low == b.high:
            return "error"  # the story's own toll, two exact figures
        sure = pair.same_predicate or (
            b.frame is not None and key == b.frame.key and not key.endswith("?") and len(pair.shared) >= 3
        )
        far = _ratio(ia, ib) > 3  # "six runs" / "59 runs": more often two quantities than one misreported
        return (
            "error"
            if pair.strength >= (0.5 if _is_measure([a, b]) else 0.6) and sure and not far
            else "warning"
        )
    if a.normalized == b.normalized or _is_measure([a, b]):
        return None
    if _vague(a) or _vague(b):
        return None  # "dozens" against a figure: no figure to disagree with
    ba, bb = _bound(a), _bound(b)
    exact = [f for f in (a, b) if f.low == f.high]
    if len(exact) == 1 and (ba is not None or bb is not None):
        bound = ba if ba is not None else bb
        figure = interval(exact[0])[0]
        assert bound is not None
        if bound == figure:
            return None
        if _round(bound) and bound and max(bound, figure) / max(min(bound, figure), 1e-9) <= 1.5:
            return None  # "more than 400" and 401: the bound holds the figure
        if bound < 10 and not pair.by_claim:
            return None  # "at least one bomb" / "two bombs": a bound that small says little
        return "bound" if pair.strength >= 0.5 else None  # "at least 143" vs "144"
    return None


def _estimates_apart(a: Fact, b: Fact) -> bool:
    """An estimate and a figure one digit apart at the estimate's own precision ("about 5,800"
    / "about 5,300", "about 150 nautical miles" / "160 nautical miles"): the bands of "about"
    meet, the figures as written do not."""
    about = [QUALIFIERS.get((f.qualifier or "").lower()) == "about" for f in (a, b)]
    if not any(about):
        return False
    if any(f.qualifier and not x for f, x in zip((a, b), about)):
        return False  # a bound
    if a.detail.get("unit_as_written") != b.detail.get("unit_as_written"):
        return False
    digits = [align.written_digits(f) for f in (a, b)]
    if (
        any(len(d.rstrip("0")) < 2 for d in digits)
        or len(digits[0]) != len(digits[1])
        or digits[0] == digits[1]
    ):
        return False  # "about 40" / "50": estimates of one digit are that coarse
    # the first digit that differs, counted from the right, is one the estimate writes:
    # "about 2,500" / "2,540" agree to the hundred the estimate is given to
    rounded = max(len(d) - len(d.rstrip("0")) for d, x in zip(digits, about) if x)
    differ = max(i for i, (p, q) in enumerate(zip(reversed(digits[0]), reversed(digits[1]))) if p != q)
    return differ >= rounded and align.confusable(a, b)


def _ratio(a: Interval, b: Interval) -> float:
    """How many times apart two intervals' nearest ends are (inf when one is zero)."""
    low, high = sorted((max(a[0], b[0]), min(a[1], b[1])))
    if low <= 0:
        return math.inf if high > 0 else 1.0
    return high / low


#: Content words a sentence must share with a disputed figure's to be cited beside it.
MIN_ALSO_SAID = 2


def _claim_key(fact: Fact) -> str:
    frame = fact.frame
    if frame is None or not frame.key:
        return ""
    unit = fact.unit if "dimension" in fact.detail or fact.unit in ("magnitude", "years") else ""
    if frame.key == "age":
        unit = ""  # "Kipchoge, 34," and "Kipchoge, of 35 years,": one age
    return f"{frame.key}|{unit or ''}"


def _finding(
    pairs: list[align.Pair],
    loud: list[tuple[align.Pair, str]],
    story: Story,
    crowded: frozenset[tuple[str, int]] = frozenset(),
) -> Finding:
    # the disagreeing facts, and the facts aligned with them that give the same figures
    disputed = {id(f): f for p, _ in loud for f in (p.a, p.b)}
    figures = {f.normalized for f in disputed.values()}
    for p in pairs:
        for x, y in ((p.a, p.b), (p.b, p.a)):
            if id(x) in disputed and y.normalized == x.normalized:
                disputed.setdefault(id(y), y)
    facts = [f for f in disputed.values() if f.normalized in figures]
    facts += _also_said(facts, story)
    # a count that rose from day to day, with a bound of an earlier day the later figure keeps
    # ("at least 36" on Wednesday, 57 on Monday): an update as much as the exact figures
    update = any(v == "update" for _, v in loud) and all(
        v == "update" or v == "bound" and _update(p, story) for p, v in loud
    )
    # a figure in a list of figures ("seven AK-47 rifles, two other rifles, 13 magazines") is
    # paired by position as much as by meaning: an error only for the story's own toll
    severity = (
        "error"
        if any(
            v == "error" and (p.by_claim or not {(f.article, f.sentence_index) for f in (p.a, p.b)} & crowded)
            for p, v in loud
        )
        else "warning"
    )
    values = _values(facts)
    best = max((p for p, _ in loud), key=lambda p: p.strength)
    subject = best.a.subject or (best.a.frame.key if best.a.frame else "figure")
    message = f"{subject[:1].upper() + subject[1:]} differs: {_describe(values)}"
    articles = list(dict.fromkeys(f.article for f in facts))
    latest = _latest(story, articles)
    if update:
        message += (
            " — reports of different days, the later with the figure such counts move to: likely an update"
        )
    if latest:
        said = " / ".join(dict.fromkeys(f.text for f in facts if f.article == latest))
        message += (
            f". The latest report ({latest}, {story.articles[latest].published}) says {said}"
            " — possibly an update; check which figure is current"
        )
    return Finding(
        kind="number",
        severity=severity,
        subject=subject,
        message=message,
        values=values,
        rule="number-update"
        if update
        else "number-bound"
        if all(v == "bound" for _, v in loud)
        else "number-conflict",
        detail=(("why", best.why()),),
    )


def _also_said(facts: list[Fact], story: Story) -> list[Fact]:
    """Reports not yet cited that give one of the disputed figures in a sentence about the same
    thing ("the school where 350 people were taking shelter" / "about 350 Palestinians were
    inside, using the school as a shelter"): shown beside it, never paired."""
    cited = {f.article for f in facts}
    figures = [(align.figure(f), f) for f in facts]
    out = []
    for other in story.of_kind("number"):
        if other.article in cited or other.frame is None or other.frame.modality != "asserted":
            continue
        value = align.figure(other)
        if value is None:
            continue
        for figure, fact in figures:
            if (
                figure == value
                and ("dimension" in fact.detail) == ("dimension" in other.detail)
                and (
                    fact.unit == other.unit or "dimension" not in fact.detail
                )  # counts: "people" / "Palestinians"
                and fact.frame is not None
                and len(fact.frame.context & other.frame.context) >= MIN_ALSO_SAID
            ):
                out.append(other)
                cited.add(other.article)
                break
    return out


def _internal(pair: align.Pair) -> Finding:
    values = _values([pair.a, pair.b])
    subject = pair.a.subject or "figure"
    # info: inside one article, two figures for one claim are far more often a part and a
    # whole, or an earlier and a later count, than a mistake (measured on real clusters)
    return Finding(
        kind="number",
        severity="info",
        subject=subject,
        internal=True,
        message=f"{subject[:1].upper() + subject[1:]} is given two incompatible ways in {pair.a.article}: "
        f"{' vs '.join(v.text for v in values)}",
        values=values,
        rule="number-internal",
        detail=(("why", pair.why()),),
    )


def _odd_one_out(component: list[align.Pair], rep: dict[str, Fact]) -> Finding | None:
    """One article gives two figures for a claim, and every other report agrees with one of
    them: the other is the odd one out ("6.1" in its lead and in three reports, "6.2" in its
    third paragraph). A warning naming all of them; a figure its sentence marks as earlier
    or revised ("initially", "rose to") is an update, not a slip."""
    facts: dict[str, dict[int, Fact]] = defaultdict(dict)
    for p in component:
        for f in (p.a, p.b):
            facts[f.article][id(f)] = f
    for article, own in facts.items():
        others = [f for a, f in rep.items() if a != article]
        if article in rep or not others:
            continue
        agree = [f for f in own.values() if all(_overlap(interval(f), interval(o)) for o in others)]
        odd = [f for f in own.values() if all(_overlap(interval(f), interval(o)) is None for o in others)]
        if not agree or not odd or any(_revised(f) for f in own.values()):
            continue
        if any(f.low != f.high for f in odd):
            continue  # a bound or a range: too loose to call
        values = _values(odd + agree + others)
        subject = odd[0].subject or "figure"
        return Finding(
            kind="number",
            severity="warning",
            subject=subject,
            message=f"{subject[:1].upper() + subject[1:]} differs inside {article}: "
            f"{' / '.join(dict.fromkeys(f.text for f in odd))} in one place, "
            f"{' / '.join(dict.fromkeys(f.text for f in agree))} elsewhere in it, as in "
            f"{article_list(sorted({o.article for o in others}))}",
            values=values,
            rule="number-conflict",
            detail=(
                (
                    "why",
                    f"one report's own figures for one claim disagree; {len(others)} other report(s) side with one",
                ),
            ),
        )
    return None


def _revised(fact: Fact) -> bool:
    """The figure's sentence tells of a change or an earlier count."""
    words = fact.frame.context if fact.frame else frozenset()
    return bool(words & en.words("revision_words"))


def check(story: Story) -> list[Finding]:
    """Number findings for one story: figures of aligned claims that disagree."""
    facts = [
        f
        for f in story.of_kind("number")
        if f.frame is not None and f.low is not None and not math.isnan(f.low) and not _vague(f)
    ]
    found = align.pairs(
        facts, _claim_key, internal=True, salient=align.story_salient(story.articles.values())
    )
    join = story.thresholds["claim-join"]
    claims: list[tuple[list[align.Pair], list[tuple[align.Pair, str]]]] = []
    owner: dict[int, int] = {}  # fact -> the claim it belongs to
    internal: list[Finding] = []
    for component in align.components(p for p in found if p.strength >= join):
        across = [p for p in component if not p.internal]
        rep = _representatives(component)
        loud = [
            (p, v)
            for p in across
            if (v := _verdict(replace(p, a=rep.get(p.a.article, p.a), b=rep.get(p.b.article, p.b)), story))
        ]
        for p in across:
            owner.setdefault(id(p.a), len(claims))
            owner.setdefault(id(p.b), len(claims))
        claims.append((across, loud))
        odd = _odd_one_out(component, rep)
        if odd is not None:
            internal.append(odd)
            continue
        for p in component:
            if p.internal and _overlap(interval(p.a), interval(p.b)) is None:
                internal.append(_internal(p))
                break
    # weaker pairings never join claims: a disagreement they show joins the claim one of its
    # facts already belongs to, or stands with the others of its subject
    by_subject: dict[str, int] = {}
    for p in found:
        if p.strength >= join or p.internal or not align.plausible(p.a, p.b, 10):
            continue
        if _superseded(p.a) or _superseded(p.b):
            continue  # a figure its report sets aside ("from previously 174") is not its claim
        v = _verdict(p, story)
        if not v:
            continue
        v = v if v in ("bound", "update") else "warning"
        k = owner.get(id(p.a), owner.get(id(p.b)))
        if k is None:
            k = by_subject.setdefault(_claim_key(p.a), len(claims))
            if k == len(claims):
                claims.append(([], []))
        claims[k][0].append(p)
        claims[k][1].append((p, v))
    figures_in: dict[tuple[str, int], int] = defaultdict(int)
    for fact in facts:
        figures_in[(fact.article, fact.sentence_index)] += 1
    crowded = frozenset(k for k, n in figures_in.items() if n >= LIST_FIGURES)
    return [_finding(pairs, loud, story, crowded) for pairs, loud in _merged(claims)] + internal


def _merged(
    claims: list[tuple[list[align.Pair], list[tuple[align.Pair, str]]]],
) -> list[tuple[list[align.Pair], list[tuple[align.Pair, str]]]]:
    """Disagreeing claims of one subject that share a figure are one finding ("at least 7"
    vs "11" and "at least seven" vs "Eleven")."""
    out: list[tuple[list[align.Pair], list[tuple[align.Pair, str]], str, set[str], set[int]]] = []
    for pairs, loud in claims:
        if not loud:
            continue
        subject = _claim_key(loud[0][0].a)
        values = {f.normalized for p, _ in loud for f in (p.a, p.b)}
        facts = {id(f) for p, _ in loud for f in (p.a, p.b)}
        target = next((c for c in out if c[2] == subject and c[3] & values or c[4] & facts), None)
        if target is None:
            out.append((list(pairs), list(loud), subject, values, facts))
        else:  # one subject and a shared figure, or one written figure in both
            target[0].extend(pairs)
            target[1].extend(loud)
            target[3].update(values)
            target[4].update(facts)
    return [(pairs, loud) for pairs, loud, _, _, _ in out]


def tolerance(story: Story, fact: Fact) -> float:
    """The configured tolerance for a fact's claim: a key such as "houses destroyed" matches
    the claim's words and predicate in any inflection."""
    if not story.tolerances:
        return 0.0
    frame = fact.frame
    own = {_stem(w) for w in fact.subject.split()} | (
        {_stem(w) for w in frame.key.split()} if frame else set()
    )
    if frame and frame.predicate:
        own.add(_stem(frame.predicate))
    for key, value in story.tolerances.items():
        if {_stem(w) for w in key.split()} <= own:
            return value
    return 0.0


def _stem(word: str) -> str:
    w = word.lower()
    for suffix in ("ies", "es", "ed", "s", "e"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: -len(suffix)]
    return w


def _representatives(component: list[align.Pair]) -> dict[str, Fact]:
    """Each article's most precise figure for a claim, when its figures agree with each
    other ("over 200" and "249" in one report mean 249)."""
    by_article: dict[str, dict[int, Fact]] = defaultdict(dict)
    for p in component:
        for f in (p.a, p.b):
            by_article[f.article][id(f)] = f
    out = {}
    for article, facts in by_article.items():
        # "had earlier put the toll at 174, but officials lowered it to 125": the report's
        # figure is one it does not set aside
        group = [f for f in facts.values() if not _superseded(f)] or list(facts.values())
        _, consistent = position(group)
        if consistent:
            out[article] = min(group, key=lambda f: (interval(f)[1] - interval(f)[0], f.start))
    return out


def _superseded(fact: Fact) -> bool:
    """The report sets the figure aside as an earlier count ("from previously 174", "had
    earlier put the toll at 174")."""
    before = re.findall(r"[\w']+", _around(fact)[0][-40:].lower())[-5:]
    return bool(set(before) & en.words("superseded_markers"))


def _verdict(p: align.Pair, story: Story) -> str | None:
    v = verdict(p.a, p.b, p, tolerance(story, p.a))
    if v in ("error", "warning") and _update(p, story):
        return "update"
    if v == "error" and "background" in (p.a.scope, p.b.scope):
        return "warning"  # another event's figure: worth a look, less sure
    return v


def _update(p: align.Pair, story: Story) -> bool:
    """Two counts that change as the days pass ("42 dead" on Monday, "56" on Wednesday), in
    reports published on different days, moving the way such counts move: an update."""
    key = p.a.frame.key if p.a.frame else ""
    family = key if key in en.words("changing_counts") else key.rsplit(" ", 1)[-1]
    if family not in en.words("changing_counts"):
        return False
    if story.draft in (p.a.article, p.b.article):
        return False  # a draft is checked against what the desk trusts now
    day_a, day_b = story.day(p.a.article), story.day(p.b.article)
    if not day_a or not day_b or day_a[:10] == day_b[:10]:
        return False
    earlier, later = (p.a, p.b) if day_a < day_b else (p.b, p.a)
    if family in en.words("falling_counts"):
        return True  # the missing are found, the evacuated return: either way
    return interval(later)[1] >= interval(earlier)[0]
