"""Numbers normalizer: counts and measures with their qualifier, interval and subject.

A cheap regex pass finds number phrases ("at least 143", "dozens", "between 5 and 6",
"no one"); years, dates, times, ordinals, ages and parts of names are dropped; quantulum3
is asked only about a short span, and only when a unit word follows the number. The
subject is what the number counts ("people killed", "bombs dropped", "refugees"), taken
from the counted noun and the event verb around it.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from ..doc import ArticleDoc, parse
from ..doc.frames import near_words, number_frame, span_frame
from ..folded import Folded
from ..lang import en, one_of
from ..model import Article, Fact, Frame, Sentence
from . import measures
from . import number_lexicon as lexicon

log = logging.getLogger(__name__)

_WORD_NUMBER = one_of(lexicon.NUMBER_WORDS)
# "385,5" and "70,80": a decimal comma, as translated reports write it (never three digits after it)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+,\d{1,2}(?!\d|,\d)|\d+(?:\.\d+)?"
# "6.543 houses", "5.300 workers": a point between thousands, before a counted noun
_THOUSANDS_POINT = re.compile(r"\d{1,3}(?:\.\d{3})+")
_SCALE = r"(?:\s+(?:million|billion|trillion|thousand|bn|m)\b)?"
_SIMPLE = rf"(?:(?:{_DIGITS}){_SCALE}|(?:{_WORD_NUMBER})(?:[- ](?:{_WORD_NUMBER}))*{_SCALE})"
_VAGUE = r"tens\s+of\s+thousands|hundreds\s+of\s+thousands|dozens|dozen(?=\s+of\b)|scores|hundreds|thousands|millions|a\s+dozen"
_QUALIFIER = one_of(lexicon.QUALIFIERS)
NUMBER_PHRASE = re.compile(
    rf"(?<![\w.,:-])(?:(?P<qualifier>{_QUALIFIER})\s+)?"
    rf"(?:between\s+(?P<lo>{_SIMPLE})\s+and\s+(?P<hi>{_SIMPLE})"
    rf"|(?P<a>{_SIMPLE})\s*(?:-|–|\bto\b|\bor\b)\s*(?P<b>{_SIMPLE})(?!\s*(?:p\.?m|a\.?m)\b)"
    rf"|(?P<vague>{_VAGUE})"
    rf"|(?P<value>{_SIMPLE}))(?![.,]?\d)(?!(?<=[A-Za-z])[A-Za-z])",
    re.I,
)
ZERO_PHRASE = re.compile(
    r"\b(?P<zero>no\s+one|nobody|none|no)\b(?=\s+(?:(?:one|body)\s+)?(?:was|were|had\s+been|has\s+been|have\s+been|\w+\s+)?"
    r"(?:killed|dead|died|deaths?|casualt(?:y|ies)|injur(?:ed|ies)|wounded|hurt|fatalit(?:y|ies)))",
    re.I,
)
_TOKEN = re.compile(r"[A-Za-z]+(?:[-'’][A-Za-z]+)*|\d[\d,.]*|[$€£%]|[^\sA-Za-z\d]")
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
_MONTH_WORDS = lexicon.MONTH_WORDS


@dataclass(frozen=True)
class Phrase:
    """A number phrase found in a sentence: offsets are relative to the sentence."""

    start: int
    end: int
    low: float
    high: float
    qualifier: str | None
    normalized: str
    core_start: int
    core_end: int
    zero: bool = False  # "no one", "no casualties": a denial, not a digit


def parse_simple(text: str) -> float | None:
    """Value of "143", "1,500", "6.1", "twenty-five", "1.2 million", "a dozen"."""
    words = re.split(r"[\s-]+", lexicon.DECIMAL_COMMA.sub(r"\1.\2", text.lower()).replace(",", "").strip())
    total, current, seen = 0.0, 0.0, False
    for word in words:
        if not word:
            continue
        if re.fullmatch(r"\d+(?:\.\d+)?", word):
            current += float(word)
        elif word in ("hundred", "dozen"):
            current = (current or 1) * lexicon.NUMBER_WORDS[word]
        elif word in lexicon.NUMBER_WORDS:
            current += lexicon.NUMBER_WORDS[word]
        elif word in lexicon.SCALES:
            total += (current or 1) * lexicon.SCALES[word]
            current = 0.0
        elif word in ("a", "and"):
            continue
        else:
            return None
        seen = True
    return total + current if seen else None


def interval(value: float, qualifier: str | None) -> tuple[float, float]:
    """The interval a qualified value stands for: "at least 143" -> [143, inf)."""
    kind = lexicon.QUALIFIERS.get((qualifier or "").lower(), "exact")
    band = abs(value) * 0.1 if abs(value) < 10 else max(1.0, round(abs(value) * 0.1))
    return {
        "exact": (value, value),
        "min": (value, math.inf),
        "above": (math.nextafter(value, math.inf), math.inf),
        "max": (0.0, value),
        "below": (0.0, math.nextafter(value, -math.inf)),
        "about": (value - band, value + band),
        "nearly": (value - band, value),
    }[kind]


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def normal_form(low: float, high: float, value: float | None, qualifier: str | None) -> str:
    """Compact text for an interval: "144", ">=143", ">200", "~50", "5-6"."""
    kind = lexicon.QUALIFIERS.get((qualifier or "").lower(), "exact")
    if value is not None:
        return {
            "exact": "",
            "min": ">=",
            "above": ">",
            "max": "<=",
            "below": "<",
            "about": "~",
            "nearly": "<~",
        }[kind] + _fmt(value)
    return f"{_fmt(low)}-{_fmt(high)}" if not math.isinf(high) else f">={_fmt(low)}"


def find_phrases(sentence: str) -> list[Phrase]:
    """Number phrases in one sentence, with intervals; not yet filtered for dates and names."""
    phrases = []
    for m in NUMBER_PHRASE.finditer(sentence):
        qualifier = m.group("qualifier")
        if m.group("lo") or m.group("a"):
            lo_text = m.group("lo") or m.group("a")
            hi_text = m.group("hi") or m.group("b")
            lo, hi = parse_simple(lo_text), parse_simple(hi_text)
            if lo is None or hi is None or hi <= lo or (m.group("a") and _YEAR.match(lo_text)):
                continue  # "2013-2014", "3-1" scores, "6 or 5": not a range of one count
            low, high = lo, hi
            normalized = f"{_fmt(lo)}-{_fmt(hi)}"
            core = (
                m.start("lo") if m.group("lo") else m.start("a"),
                m.end("hi") if m.group("hi") else m.end("b"),
            )
        elif m.group("vague"):
            low, high = lexicon.VAGUE[re.sub(r"\s+", " ", m.group("vague").lower())]
            normalized = f"{_fmt(low)}-{_fmt(high)}"
            core = m.span("vague")
        else:
            value = parse_simple(m.group("value"))
            if value is None:
                continue
            if _THOUSANDS_POINT.fullmatch(m.group("value")) and _counted_plural(sentence[m.end("value") :]):
                value = float(m.group("value").replace(".", ""))
            low, high = interval(value, qualifier)
            normalized = normal_form(low, high, value, qualifier)
            core = m.span("value")
        phrases.append(Phrase(m.start(), m.end(), low, high, qualifier, normalized, *core))
    for m in ZERO_PHRASE.finditer(sentence):
        phrases.append(Phrase(m.start(), m.end(), 0.0, 0.0, None, "0", m.start(), m.end(), zero=True))
    return sorted(phrases, key=lambda p: p.start)


def _counted_plural(after: str) -> bool:
    """A plural noun that is not a unit follows: "6.543 houses", not "2.500 metres"."""
    word = re.match(r"\s+([a-z]+)\b", after)
    return word is not None and _is_plural_noun(word.group(1)) and word.group(1) not in lexicon.UNIT_WORDS


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def is_not_a_count(sentence: str, phrase: Phrase) -> bool:
    """Years, dates, times, ordinals, ages, names with digits, list numbers, pronoun "one"."""
    core = sentence[phrase.core_start : phrase.core_end]
    before = sentence[: phrase.core_start]
    after = sentence[phrase.core_end :]
    prev_tokens = _tokens(before)[-2:]
    next_tokens = _tokens(after)[:3]
    prev = prev_tokens[-1].lower() if prev_tokens else ""
    nxt = next_tokens[0].lower() if next_tokens else ""
    if phrase.zero:
        return False
    if _YEAR.match(core.replace(",", "")) and "," not in core:
        return True
    if re.search(r"\d[:.]$", before):
        return True  # "15:01"
    month_before = prev_tokens[-2].lower() if prev == "." and len(prev_tokens) > 1 else prev  # "Aug. 7"
    if month_before.rstrip(".") in _MONTH_WORDS or nxt.rstrip(".") in _MONTH_WORDS:
        return True  # "March 22", "Aug. 7", "22 March"
    if re.match(r"\s*(?:st|nd|rd|th)\b", after) or re.match(
        r"\s*(?:[:.]\d\d|\s*[ap]\.?m\b|\s*(?:gmt|utc|hrs|h\b|local))", after, re.I
    ):
        return True  # ordinals and times of day
    if re.match(r"\d{4}$", core) and re.match(r"\s*(?:gmt|utc|hrs|local|z\b)", after, re.I):
        return True  # "0737 GMT"
    if (
        re.search(r"[A-Za-z]-?$", before[-2:])
        and not before.endswith((" ", "(", "-"))
        or re.search(r"[A-Z]-$", before)
    ):
        return True  # "G7", "Covid-19", "F-16"
    if re.match(r"-?\s*(?:year|month)s?[- ]old\b", after, re.I) or re.match(
        r"\s*years?\s+old\b", after, re.I
    ):
        return True  # ages
    if re.match(
        r"\s+(?:days?|weeks?|months?|years?|hours?|decades?)\s+(?:ago|before|after|earlier|later|prior|since)\b",
        after,
        re.I,
    ):
        return True  # relative times belong to the dates normalizer
    if (
        nxt in ("of", "in")
        and next_tokens[1:2]
        and next_tokens[1].lower() in ("the", "them", "those", "these", "which", "whom", "us")
    ):
        return False  # "two of the bombs": a part of a group; kept, marked partial by the caller
    if core.lower() == "one" and not phrase.qualifier and not _counted_noun_follows(next_tokens):
        return True  # "no one", "one report said", "one of"
    if prev in ("no.", "number", "page", "section", "chapter", "article", "item", "line", "term"):
        return True
    if prev == "(" and re.match(r"\s*\)", after):
        return True  # list markers "(3)"
    return False


def _counted_noun_follows(tokens: list[str]) -> bool:
    if not tokens:
        return False
    word = tokens[0].lower()
    return (
        word in lexicon.PERSON_NOUNS
        or word in lexicon.CASUALTY
        or word.endswith("s")
        and word not in ("was", "is", "has", "this", "thus")
    )


def _clause(tokens: list[str]) -> list[str]:
    """Tokens up to the next clause break or number."""
    out = []
    for token in tokens:
        low = token.lower()
        if (
            low in (",", ";", ":", ".", "and", "but", "while", "(", ")", "who", "which", "that", "whose")
            or re.match(r"\d", token)
            or low in lexicon.NUMBER_WORDS
        ):
            break
        out.append(token)
    return out


def counted_noun(tokens: list[str]) -> list[str]:
    """The noun phrase a number counts: "ISIS members" in "six ISIS members were killed".

    The head is the first person noun, plural noun or casualty word within three words;
    the words before it are its modifiers. No head, no counted noun.
    """
    words: list[str] = []
    for k, token in enumerate(tokens[:4]):
        low = token.lower()
        if low in lexicon.STOP_AFTER_NUMBER or low in lexicon.VERB_HINTS or low in lexicon.PHRASE_BREAK:
            break
        if low in ("of", "the", "them", "those") and not words:
            continue  # "hundreds of people", "dozens of the villagers"
        if low in lexicon.CASUALTY:
            return [token] if not words else []  # "143 dead": the casualty word stands for the people
        words.append(token)
        if _is_plural_noun(low):
            following = tokens[k + 1].lower() if k + 1 < len(tokens) else ""
            if (
                _is_plural_noun(following)
                and following not in lexicon.CASUALTY
                and following not in lexicon.STOP_AFTER_NUMBER
            ):
                words.append(tokens[k + 1])  # a compound: "police officers", "aid workers"
            return words
    return []


def _is_plural_noun(word: str) -> bool:
    return (
        word in lexicon.PERSON_NOUNS
        or word in lexicon.IRREGULAR_PLURALS
        or (word.endswith("s") and len(word) > 3 and not word.endswith("ss"))
    )


def _event(words: list[str]) -> str | None:
    """The casualty event among ``words``, with a degree that makes it a sub-count."""
    for i, word in enumerate(words):
        low = word.lower()
        if low in lexicon.CASUALTY:
            degree = words[i - 1].lower() if i else ""
            event = lexicon.CASUALTY[low]
            return f"{degree} {event}" if degree in lexicon.DEGREES else event
    return None


_TOLL_BEFORE = re.compile(
    r"\b(?:death|casualty)\s+toll\b[^.;:]{0,80}?\b(?:to|at|of|reached|is|was|stands\s+at)\s+$", re.I
)


def subject_of(sentence: str, phrase: Phrase) -> tuple[str, str, str | None]:
    """(subject, counted noun, event) of a number from the words around it."""
    after = _tokens(sentence[phrase.end :])
    before = _tokens(sentence[: phrase.start])
    clause_after = _clause(after[:8])
    noun_words = counted_noun(clause_after)
    head = noun_words[-1].lower() if noun_words else ""
    event = _event(clause_after[:8])
    window = _clause(list(reversed(before[-8:])))
    if event is None:
        event = _event(window)
    if event is None and _TOLL_BEFORE.search(sentence[: phrase.start]):
        event = "killed"  # "the death toll from Friday's sinking has risen to 34"
    verb = next(
        (
            w.lower()
            for w in clause_after[len(noun_words) : len(noun_words) + 4]
            if w.lower() in lexicon.VERB_HINTS
        ),
        None,
    )
    if verb is None and window and window[0].lower() in lexicon.VERB_HINTS:
        verb = window[0].lower()  # "dropped four bombs"
    if head in lexicon.CASUALTY and not event:
        event, head = lexicon.CASUALTY[head], ""
    noun = lexicon.PERSON_NOUNS.get(head, lexicon.NOUN_SYNONYMS.get(head, head))
    if event:
        if noun in ("", "people") or head in lexicon.CASUALTY:
            return f"people {event}", "people", event
        modifier = " ".join(w for w in noun_words[:-1] if w[:1].isupper())
        return f"{(modifier + ' ' + noun).strip()} {event}", noun, event
    if not noun or noun == "people":
        return "", "", None  # "people" with no event says too little to compare
    owner = _owner(sentence[: phrase.start])
    if owner:
        noun = f"{noun} ({owner})"  # "the Democratic Alliance won 79 seats": seats of one party
    if verb:
        return f"{noun} {lexicon.VERB_HINTS[verb]}", noun, None
    return noun, noun, None


_OWNER = re.compile(
    r"(?P<owner>[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*)*)(?:'s)?\s*(?:,\s*(?:which|who)\s+|,\s*)?"
    r"(?:(?:has|have|had)\s+)?(?P<verb>won|wins|secured|took|holds|held|gained|lost|kept|retained|"
    r"has|had|with)\s+(?:only\s+|just\s+|some\s+)?$"
)


def _owner(before: str) -> str | None:
    """Who holds what a number counts, named just before a verb of having: "the Socialists,
    with 77 seats", "Democratic Alliance, which won 80 seats"."""
    match = _OWNER.search(before[-80:])
    if not match:
        return None
    owner = re.sub(
        r"^(?:The|A|An)\s+", "", match.group("owner").split("'s ")[-1]
    )  # "X's Democratic Alliance"
    return owner if owner and owner not in ("The", "A", "An", "It", "They", "He", "She") else None


_YEAR_IN_TEXT = re.compile(r"(?<![\d,.$€£])(?:1[89]\d\d|20\d\d)(?![\d,])")


def _earlier(dated: str, now: str | None) -> bool:
    """A dating phrase names a year before ``now`` ("in 2004" in a 2009 report), or has no
    year to tell ("last year"); a dateline's own year ("April 25, 2022") is not earlier."""
    years = re.findall(r"1[89]\d\d|20\d\d", dated)
    return not years or not now or any(int(y) < int(now[:4]) for y in years)


def _superlative_since(before: str) -> bool:
    """ "the lowest turnout since 1969", "the first time since 2004": a comparison with an
    earlier year, not a figure of that year."""
    return bool(re.search(r"\b(?:\w+est|first|most|least|highest|lowest)\b(?:\W+\w+){0,6}\W+$", before, re.I))


def scope_of(sentence: str, phrase: Phrase, published: str | None = None, now: str | None = None) -> str:
    """ "main", "background" (another event, by its date), "partial" or "local" (a sub-count).
    ``now``: the year the report is written in (its publication, else the latest year it names)."""
    now = now or published
    before = sentence[: phrase.start]
    if published and _dated_long_before(sentence, published):
        return "background"
    after = sentence[phrase.end :]
    if (
        re.match(r"\s+(?:of|in)\s+(?:the|them|those|these|which|whom)\b", after, re.I)
        or re.search(r"\b(?:another|other|further|additional)\s+$", before, re.I)
        or re.match(r"\s+(?:other|more|additional|further)\b", after, re.I)
        or re.match(r"\s+(?:" + "|".join(en.words("severity_adverbs")) + r")\b", after, re.I)
    ):
        return "partial"  # "55 wounded, 15 critically": the 15 are some of the 55
    dated = re.search(
        r"\b(?:in|during|since|until|by|of)\s+(?:(?:early|late|mid)[- ])?(?:"
        + "|".join(lexicon.MONTH_NAMES)
        + r")?\s*(?:1[89]\d\d|20\d\d)\b|\b(?:last|previous)\s+year\b|\b(?:1[89]\d\d|20\d\d)\b",
        before,
        re.I,
    )
    if dated and _earlier(dated.group(), now):
        return "background"
    own_clause = re.split(
        r"[.;]|,\s+(?:which|that|who|whose|when|where)\b|\b(?:that|which)\s+\w+ed\b", after, maxsplit=1
    )[0]
    dated = re.search(
        r"\b(?:in|during|since|until)\s+(?:(?:"
        + "|".join(lexicon.MONTH_NAMES)
        + r")\s+)?(?:1[89]\d\d|20\d\d)\b",
        own_clause,
        re.I,
    )
    if (
        dated
        and _earlier(dated.group(), now)
        and not _superlative_since(sentence[: phrase.end + dated.start()])
    ):
        return "background"  # not "... injured in the quakes, which recalled those of 2002'
    clause_after = lexicon.CLAUSE_END.split(after[:160], maxsplit=1)[0]
    if lexicon.PARTITIVE_FRONT.search(before):
        clause_after = clause_after.split(",", 1)[0]  # "Of the 281 passengers, 60 remain in hospital"
    fronted = re.match(r"\s*(?:in|at)\b[^,]{0,60},", sentence, re.I)  # "In neighbouring X district, 10 ..."
    if (
        lexicon.LOCALITY.search(clause_after)
        or fronted
        and fronted.end() <= phrase.start
        and lexicon.LOCALITY.search(fronted.group())
        or lexicon.APPOSITIVE_PLACE.search(before[-60:])
    ):
        return "local"
    return "main"


_MONTH_DAY = re.compile(r"\b(?P<month>" + "|".join(lexicon.MONTH_NAMES) + r")\s+(?P<day>[0-3]?\d)\b", re.I)


def _dated_long_before(sentence: str, published: str) -> bool:
    """True when the sentence dates its event weeks before publication ("On April 20, ...")."""
    import datetime as dt

    pub = dt.date.fromisoformat(published)
    for m in _MONTH_DAY.finditer(sentence):
        month = lexicon.MONTH_NAMES.index(m.group("month").lower()) + 1
        try:
            when = dt.date(pub.year, month, int(m.group("day")))
        except ValueError:
            continue
        if (when - pub).days > 180:  # "December 28" read on January 3: last year
            when = when.replace(year=pub.year - 1) if not (month == 2 and when.day == 29) else when
        if (pub - when).days > lexicon.BACKGROUND_DAYS:  # a date ahead (a planned strike) is not
            return True
    return False


def _unit_follows(after: str) -> bool:
    match = re.match(r"[\s-]*([A-Za-z%°$€£/]+)", after)
    return (
        match is not None
        and match.group(1).lower() in lexicon.UNIT_WORDS
        or bool(measures.TEMPERATURE_AFTER.match(after) or measures.PERCENT_AFTER.match(after))
    )


# "25 km (15 miles)": the bracketed figure restates the one before it; it is not a second fact
_STATED_CONVERSION = re.compile(
    r"\d[\d,.]*\s*[A-Za-z%°$€£/]+[^()\d]{0,15}\(\s*(?:about|around|some|roughly|nearly)?\s*"
    r"(?:US\$|\$|€|£|¥)?$",
    re.I,
)


def _is_stated_conversion(text: str, phrase: Phrase) -> bool:
    return bool(_STATED_CONVERSION.search(text[: phrase.start]))


_CUE = re.compile(
    r"\d|\bno\b|" + one_of({*lexicon.NUMBER_WORDS, "dozen", "hundreds", "thousands", "none", "nobody"}), re.I
)
_CUE_FOLDED = Folded(_CUE)  # the same test, faster


def extract(article: Article, sentences: list[Sentence], document: ArticleDoc | None = None) -> list[Fact]:
    """Number facts of one article, each with the frame its sentence's parse gives it."""
    if document is None:
        document = parse(article, sentences)
    facts = []
    for sentence in sentences:
        text = sentence.text
        if not _CUE_FOLDED.found(text):
            continue
        parsed = document.doc(sentence)
        for phrase in find_phrases(text):
            age = _AGE.match(text, phrase.core_end)
            if age and not phrase.qualifier:
                facts.append(_age_fact(article, sentence, phrase, age, parsed))
                continue
            if is_not_a_count(text, phrase):
                continue
            if _is_stated_conversion(text, phrase):
                facts.extend(_converted(article, sentence, text, phrase, facts))
                continue
            frame = number_frame(parsed, phrase.core_start, phrase.core_end) if parsed is not None else None
            if frame is not None and _is_a_name(parsed, phrase):
                continue
            earlier = frame is not None and _earlier_year(parsed, phrase, article.published)
            for fact in _fact(article, sentence, text, phrase):
                if earlier and fact.scope == "main":
                    fact = replace(fact, scope="background")
                measured = _measured(parsed, fact.end - sentence.start) if "dimension" in fact.detail else ""
                framed = _framed(fact, frame, text, phrase, measured)
                if framed.frame and framed.frame.key == "age":
                    framed = replace(framed, scope="main")  # a person's age, whatever else the sentence dates
                head = framed.frame.head.split()[-1] if framed.frame and framed.frame.head else ""
                if (
                    framed.frame
                    and framed.frame.key
                    and ("dimension" in framed.detail or head not in lexicon.NOT_COUNTED)
                ):
                    facts.append(framed)
    return facts


def _converted(
    article: Article, sentence: Sentence, text: str, phrase: Phrase, facts: list[Fact]
) -> list[Fact]:
    """The bracketed conversion of the measure before it ("75 kilometres (50 miles)"): a claim
    of its own, compared only with other reports' conversions of the same measure."""
    main = next(
        (f for f in reversed(facts) if f.sentence_index == sentence.index and "dimension" in f.detail), None
    )
    if main is None or main.frame is None:
        return []
    out = []
    for fact in _fact(article, sentence, text, phrase):
        if fact.detail.get("dimension") != main.detail.get("dimension"):
            continue
        frame = replace(
            main.frame,
            key=f"{main.frame.key} (converted)",
            near=near_words(text, phrase.core_start, phrase.core_end),
        )
        detail = {
            **fact.detail,
            "converted_from": _as_figure(main),
        }
        out.append(
            replace(fact, frame=frame, scope=main.scope, subject=f"{main.subject} (converted)", detail=detail)
        )
    return out


def _as_figure(fact: Fact) -> str:
    """A measure as written, figure and unit, without its qualifier: "75 kilometre"."""
    figure = re.search(r"\d[\d,.]*", fact.text)
    return f"{figure.group() if figure else fact.normalized} {fact.detail.get('unit_as_written', '')}"


_MEASURING = re.compile(r"\bmeasuring\s+(?:\d+\.\d+\s*(?:,|and|or)\s*)*$", re.I)
_AGE = re.compile(r"-?\s*years?[- ]old\b(?:\s+(?P<noun>[a-z]+))?", re.I)


def _age_fact(article: Article, sentence: Sentence, phrase: Phrase, age: re.Match[str], parsed: Any) -> Fact:
    """ "a 10-year-old girl": the age of the person the words name, a claim of its own."""
    start, end = (
        sentence.start + phrase.core_start,
        sentence.start + age.end("noun") if age.group("noun") else sentence.start + age.end(),
    )
    holder = (age.group("noun") or "").lower()
    frame = number_frame(parsed, phrase.core_start, phrase.core_end) if parsed is not None else None
    frame = replace(
        frame or span_frame(sentence.text, phrase.start, age.end()),
        key="age",
        holder=holder,
        part_of="",
        near=near_words(sentence.text, phrase.core_start, age.end()),
    )
    return Fact.at(
        article,
        sentence,
        "number",
        start,
        end,
        subject=f"age ({holder})" if holder else "age",
        normalized=phrase.normalized,
        low=phrase.low,
        high=phrase.high,
        unit="years",
        qualifier=phrase.qualifier,
        scope="main",
        frame=frame,
    )


def _earlier_year(doc: Any, phrase: Phrase, published: str | None) -> bool:
    """True when a year before the publication year dates the figure's own clause: "the
    2004 tsunami killed 230,000" (not "a 6.1 quake struck on Tuesday; in 2004 ...")."""
    this_year = dt.date.today().year
    limit = int(published[:4]) if published else this_year
    years = [m for m in _YEAR_IN_TEXT.finditer(doc.text) if int(m.group()) < limit]
    if not years:
        return False
    span = doc.char_span(phrase.core_start, phrase.core_end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    own = _clause_verb(span.root)
    chain = {own.i} | {t.i for t in own.ancestors}
    for m in years:
        year = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if year is None or not len(year) or _clause_verb(year.root).i not in chain:
            continue
        named = year.root.dep_ in ("nummod", "compound", "amod") and year.root.head.pos_ == "NOUN"
        if named or published:
            # the year dates the figure's clause or a clause it hangs from; with no year of
            # its own to compare, a report still names another event by its year ("by the
            # 2004 Asian tsunami")
            return True
    return False


@lru_cache(maxsize=8)
def _latest_year(text: str) -> str | None:
    """The latest plausible year written in ``text`` (as "YYYY"), or None."""
    this_year = dt.date.today().year
    years = [m.group() for m in _YEAR_IN_TEXT.finditer(text) if int(m.group()) <= this_year]
    return max(years) if years else None


def _clause_verb(token: Any) -> Any:
    for _ in range(12):
        if token.pos_ in ("VERB", "AUX") or token.head.i == token.i:
            return token
        token = token.head
    return token


def _is_a_name(doc: Any, phrase: Phrase) -> bool:
    """ "Boeing 737", "Flight 370", "AK 47 rifles", "an A320": a figure that is part of a name."""
    span = doc.char_span(phrase.core_start, phrase.core_end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    first = span[0]
    if first.i == 0:
        return False
    prev = doc[first.i - 1]
    if (
        prev.text[:1].isupper()
        and prev.is_alpha
        and len(prev.text) > 1
        and prev.pos_ != "DET"
        and prev.lower_ not in _MONTH_WORDS
        and prev.lower_ not in en.words("weekdays")  # "mobilised on Saturday 287.710 persons"
        and (prev.pos_ == "PROPN" or prev.text.isupper())
        and not phrase.qualifier
    ):
        return True
    return False


_REFERENCE = re.compile(
    r"(?:[\s-]*(?:nautical|square)?\s*[a-zA-Z.]+)??\s*(?:\([^)]{0,40}\)\s*)?(?:away\s+)?(?:(?i:north|south|east|west)[a-z-]*\s+of|from|off)\s+"
    r"(?:the\s+)?(?:(?:[a-z']+\s+){0,4}?of\s+)?(?:the\s+)?"
    r"(?:([A-Z][\w-]+(?:\s+[A-Z][\w-]+)*)|([a-z]+))"
)


#: A hyphenated measure and the word after it: "-tonne ferry", "-mile-long route".
_HYPHENATED_UNIT = re.compile(r"-[a-z]+(?:-[a-z]+)?\s+([a-z]+)")


def _measured(doc: Any, end: int) -> str:
    """What a measure measures, from the parse around its unit (the word ending at ``end``):
    "2,750 tonnes of ammonium nitrate" -> "nitrate", "a 6,800-tonne Delhi-class missile
    destroyer" -> "destroyer"; empty when the parse says neither."""
    if doc is None or end <= 0:
        return ""
    span = doc.char_span(end - 1, end, alignment_mode="expand")
    if span is None or not len(span):
        return ""
    unit = span[-1]
    for prep in unit.children:
        if prep.dep_ == "prep" and prep.lower_ == "of" and prep.i > unit.i:
            for noun in prep.children:
                if noun.dep_ == "pobj" and noun.pos_ == "NOUN":
                    return str(_last_noun(doc, noun).lemma_).lower()
    token = unit
    for _ in range(4):  # up the words a hyphenated measure describes: "6,800-tonne ... destroyer"
        if token.dep_ not in ("amod", "compound", "nmod", "npadvmod") or token.head.i <= token.i:
            break
        token = token.head
        if token.pos_ == "NOUN" and token.lower_ not in lexicon.UNIT_WORDS:
            return str(token.lemma_).lower()
    return ""


def _last_noun(doc: Any, noun: Any) -> Any:
    """The last of the nouns that run on from ``noun``: "ammonium nitrate" -> "nitrate",
    whatever the parse makes of the second ("nitrate" is often read as an adjective there)."""
    while noun.i + 1 < len(doc):
        following = doc[noun.i + 1]
        ends = noun.i + 2 >= len(doc) or doc[noun.i + 2].tag_ not in ("NN", "NNS")
        if following.tag_ in ("NN", "NNS") or (following.tag_ == "JJ" and ends):
            noun = following
        else:
            break
    return noun


def _framed(fact: Fact, frame: Frame | None, text: str, phrase: Phrase, measured: str = "") -> Fact:
    """The fact with its frame; a fact with no parse still gets its context words.
    ``measured``: what the parse says a measure measures, when the words around it do not."""
    if frame is None:
        frame = span_frame(text, phrase.start, phrase.end)
    key = frame.key
    if fact.unit == "magnitude":
        key = fact.subject
    elif "dimension" in fact.detail:
        what = fact.subject or (
            frame.key if frame.head.split()[-1:] and frame.head.split()[-1] not in lexicon.UNIT_WORDS else ""
        )
        after = _HYPHENATED_UNIT.match(text, phrase.core_end)
        if measured and after and after.group(1) == fact.subject:
            what = measured  # "the 6,400-tonne roll-on roll-off ferry": the ferry, not "roll"
        what = what or measured
        key = f"{fact.detail['dimension']}: {what or '?'}"  # "?": only strong sentence alignment pairs it
        frame = replace(frame, holder="")  # a depth is nobody's; a distance's place is read below
        reference = _REFERENCE.match(text, phrase.end)
        if (
            fact.detail["dimension"] == "length"
            and reference
            and not set(what.split()) & en.words("dimension_words")
        ):
            # "76 km (50 miles) west of Manokwari", "10 miles from the border": a distance is
            # the claim of the place it is measured from, however the sentence goes on
            key = "length: distance"
            frame = replace(frame, holder=(reference.group(1) or reference.group(2)).lower())
    elif (
        frame.head.split()[-1:] and frame.head.split()[-1] in en.words("distance_units") and not frame.holder
    ):
        reference = _REFERENCE.match(text, phrase.end)
        if reference:  # "150 nautical miles off Aden" when the parse missed it
            frame = replace(frame, holder=(reference.group(1) or reference.group(2)).lower())
    elif fact.normalized == "0" and fact.subject.startswith("people "):
        key = fact.subject.split(" ", 1)[1]  # "no one was killed": the killed family
    elif not key and fact.subject:
        key = fact.subject.removeprefix("people ")  # the event the words around the figure name
    frame = replace(frame, key=key, near=near_words(text, phrase.core_start, phrase.core_end))
    return replace(fact, frame=frame, subject=_label(frame) or fact.subject)


def plural(noun: str) -> str:
    """ "child" -> "children", "crew member" -> "crew members" (the last word only)."""
    words = noun.split()
    if not words or words[-1] in ("%", "age"):
        return noun
    last = words[-1]
    if _inflect().singular_noun(last):  # already plural: "somalis", "ak-47s"
        return noun
    return " ".join(words[:-1] + [_inflect().plural_noun(last) or last])


@lru_cache(maxsize=1)
def _inflect() -> Any:
    import inflect

    return inflect.engine()


def _label(frame: Frame) -> str:
    """A reader's name for the claim: "people killed", "passengers", "seats of Labour"."""
    families = ("killed", "injured", "missing", "arrested", "rescued", "displaced", "hospitalised")
    if frame.key in families:
        label = f"people {frame.key}"
    elif frame.head and frame.key.startswith(frame.head) and ": " not in frame.key:
        rest = frame.key[len(frame.head) :].strip()  # "child killed" -> "children killed"
        label = " ".join(w for w in (plural(frame.head), rest or frame.verb) if w)
    else:
        label = frame.key.split(": ", 1)[-1] if ": " in frame.key else frame.key  # "length: depth" -> "depth"
        if label == "?":
            label = frame.key.split(": ", 1)[0]
    if frame.holder:
        label += f" ({frame.holder})"
    return label


def _fact(article: Article, sentence: Sentence, text: str, phrase: Phrase) -> list[Fact]:
    """The number fact(s) a phrase states, with the value, unit and scope as written."""
    start, end = sentence.start + phrase.start, sentence.start + phrase.end
    scope = scope_of(text, phrase, article.published, article.published or _latest_year(article.text))
    after = text[phrase.core_end :]
    low, high, normalized = phrase.low, phrase.high, phrase.normalized
    measure = None if phrase.zero else _measure(text, phrase)
    if measure is not None:
        phrase = _below_zero(text, phrase, measure)
        return _measure_fact(article, sentence, text, phrase, measure, scope)
    if (
        re.match(r"\s*-?\s*magnitude\b|\s+on\s+the\s+(?:open-ended\s+)?richter\b", after, re.I)
        or re.search(r"magnitude\s*-?\s*$", text[: phrase.start], re.I)
        or _MEASURING.search(text[: phrase.start])
        and low == high < 10
        and "." in text[phrase.core_start : phrase.core_end]
        and not _unit_follows(after)
    ):  # "two quakes, measuring 7.6 and 7.4": a bare figure with a point under ten is a magnitude
        shock = (
            "aftershock magnitude"
            if re.search(r"aftershocks?\W+(?:\w+\W+){0,3}$", text[: phrase.start], re.I)
            else "magnitude"
        )
        return [
            Fact.at(
                article,
                sentence,
                "number",
                start,
                end,
                subject=shock,
                normalized=normalized,
                low=low,
                high=high,
                unit="magnitude",
                qualifier=phrase.qualifier,
                scope=scope,
            )
        ]
    if phrase.zero:
        events = lexicon.zero_events(text[phrase.end : phrase.end + 40])
        return [
            Fact.at(
                article,
                sentence,
                "number",
                start,
                end,
                subject=f"people {event}",
                normalized="0",
                low=0.0,
                high=0.0,
                unit="people",
                scope=scope,
            )
            for event in events
        ]
    subject, noun, event = subject_of(text, phrase)
    if noun in lexicon.NOT_COUNTED:
        return []
    return [
        Fact.at(
            article,
            sentence,
            "number",
            start,
            end,
            subject=subject,
            normalized=normalized,
            low=low,
            high=high,
            unit=noun or None,
            qualifier=phrase.qualifier,
            scope=scope,
            detail={"event": event} if event else {},
        )
    ]


def _measure(text: str, phrase: Phrase) -> measures.Measure | None:
    before, core, after = (
        text[: phrase.core_start],
        text[phrase.core_start : phrase.core_end],
        text[phrase.core_end :],
    )
    if _unit_follows(after) or measures.MONEY_BEFORE.search(before):
        return measures.read_measure(before, core, after)
    return None


def _base_interval(phrase: Phrase, core: str, measure: measures.Measure) -> tuple[float, float] | None:
    """The phrase's interval in the base unit; an exact figure keeps the precision it is written with."""
    low, high = phrase.low, phrase.high
    if low == high:  # percentages and money are never unit conversions: their own precision only
        half = measures.precision(core, low, converted=measure.dimension not in ("percentage", "money"))
        low, high = low - half, high + half
    low_base, high_base = measure.convert(low), measure.convert(high)
    if low_base is None or high_base is None:
        return None
    return min(low_base, high_base), max(low_base, high_base)


def _below_zero(text: str, phrase: Phrase, measure: measures.Measure) -> Phrase:
    """ "minus 70 degrees Celsius", "-94F": a temperature below zero."""
    if measure.dimension == "temperature" and re.search(
        r"(?:\bminus\s+|[-−]\s*)$", text[: phrase.core_start], re.I
    ):
        return replace(phrase, low=-phrase.high, high=-phrase.low, normalized=f"-{phrase.normalized}")
    return phrase


def _stated_conversion(text: str, phrase: Phrase) -> dict[str, Any] | None:
    """The bracketed restatement right after a measure: "50 kilometres (31 miles)"."""
    match = re.match(r"[^()]{0,25}?\(([^()]{1,40})\)", text[phrase.core_end :])
    if not match:
        return None
    inner = match.group(1)
    for other in find_phrases(inner):
        measure = _measure(inner, other)
        if measure is None:
            continue
        other = _below_zero(inner, other, measure)
        interval = _base_interval(other, inner[other.core_start : other.core_end], measure)
        if interval:
            return {
                "text": inner.strip(),
                "low": interval[0],
                "high": interval[1],
                "unit": measure.base,
                "unit_as_written": measure.unit,
                "dimension": measure.dimension,
            }
    return None


def _measure_fact(
    article: Article, sentence: Sentence, text: str, phrase: Phrase, measure: measures.Measure, scope: str
) -> list[Fact]:
    core = text[phrase.core_start : phrase.core_end]
    interval = _base_interval(phrase, core, measure)
    if interval is None:
        return []
    detail: dict[str, Any] = {"dimension": measure.dimension, "unit_as_written": measure.unit}
    if phrase.low == phrase.high:
        detail["value"] = phrase.low
    stated = _stated_conversion(text, phrase)
    if stated:
        if phrase.low == phrase.high and stated["dimension"] == measure.dimension != "money":
            # the figure in the bracket's unit, so a rule can show the arithmetic
            stated["expected"] = measures.convert_between(
                phrase.low, measure.unit, stated["unit_as_written"], measure.dimension
            )
        detail["stated_conversion"] = stated
    start, end = _measure_span(text, phrase)
    start, end = sentence.start + start, sentence.start + end
    scale = measure.scale
    exact = phrase.low * scale if phrase.low == phrase.high else None
    written = parse_simple(core)  # "about 66 kilometres" is "~66", not the low end of its band
    number = normal_form(
        phrase.low * scale,
        phrase.high * scale,
        exact if exact is not None else written * scale if phrase.qualifier and written is not None else None,
        phrase.qualifier,
    )
    normalized = f"{measure.unit} {number}" if measure.dimension == "money" else f"{number} {measure.unit}"
    return [
        Fact.at(
            article,
            sentence,
            "number",
            start,
            end,
            subject=_measure_subject(text, phrase),
            normalized=normalized,
            low=interval[0],
            high=interval[1],
            unit=measure.base,
            qualifier=phrase.qualifier,
            scope=scope,
            detail=detail,
        )
    ]


def _measure_span(text: str, phrase: Phrase) -> tuple[int, int]:
    """The measure as written, currency sign and unit included: "US$4.2bn", "75 mph"."""
    start, end = phrase.start, phrase.end
    symbol = measures.MONEY_BEFORE.search(text[: phrase.core_start])
    if symbol and phrase.start == phrase.core_start:
        start = symbol.start()
    after = text[phrase.core_end :]
    unit = re.match(r"\s?(?:bn|mn|tn|m|k)\b|[\s-]?(?:degrees?\s+)?([A-Za-z%°/]+)", after)
    percent = measures.PERCENT_AFTER.match(after)
    if percent:
        end = max(end, phrase.core_end + percent.end())
    elif unit and (
        unit.group(1) is None
        or unit.group(1).lower() in lexicon.UNIT_WORDS
        or measures.TEMPERATURE_AFTER.match(after)
    ):
        end = max(end, phrase.core_end + unit.end())
    return start, end


def _measure_subject(text: str, phrase: Phrase) -> str:
    """What a measure measures: a cue ("depth of 10 km", "25 km from the border"), the noun a
    hyphenated measure qualifies ("a 3-mile route"), or the noun just before it ("winds of
    120 km/h"). Without one the measure is kept but never compared."""
    before = text[max(0, phrase.start - 30) : phrase.start]
    after = re.sub(r"\([^)]*\)", "", text[phrase.core_end : phrase.core_end + 60])
    for name, (cue_before, cue_after) in lexicon.MEASURE_CUES.items():
        if (
            cue_before
            and re.search(cue_before, before, re.I)
            or cue_after
            and re.match(cue_after, after, re.I)
        ):
            return name
    money_noun = re.match(
        r"\s?(?:thousand|million|billion|trillion|bn|mn|m|k)?\s*((?:[a-z]+\s+)?[a-z]+)\b", after
    )
    if measures.MONEY_BEFORE.search(text[: phrase.core_start]) and money_noun:
        words = [w for w in money_noun.group(1).split() if w not in lexicon.STOP_AFTER_NUMBER]
        if words and len(words) == len(money_noun.group(1).split()):
            return " ".join(words)  # "a $4.2 billion aid package"
    window = text[max(0, phrase.start - 60) : phrase.start]
    change = lexicon.CHANGE_BEFORE.search(window)
    if change:  # "operating profit fell 34%": a change, not a level
        return f"{change.group('noun').lower()} change"
    level = lexicon.LEVEL_BEFORE.search(window)
    if level:  # "fell 34% to 2.1 billion euros": the level it reached
        return level.group("noun").lower()
    compound = _HYPHENATED_UNIT.match(after)
    if compound and compound.group(1) not in lexicon.STOP_AFTER_NUMBER:
        return compound.group(1)
    for token in reversed(_tokens(text[max(0, phrase.start - 40) : phrase.start])[-4:]):
        low = token.lower()
        if token in ("$", "€", "£", "¥") or low in lexicon.MEASURE_LINKS:
            continue  # "winds of", "the route was", "temperatures reached"
        if (
            re.fullmatch(r"[A-Za-z][a-z]+", token)
            and not low.endswith(("ly", "ed", "ing"))
            and low not in lexicon.STOP_AFTER_NUMBER
            and low not in lexicon.NOT_MEASURED
        ):
            return low
        break
    return ""
