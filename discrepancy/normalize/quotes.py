"""Quotations with offsets and who said them: the facts behind the quote and attribution rules.

A quotation is found from its marks (straight, curly, guillemets, „German“, single quotes
where they cannot be apostrophes), followed across paragraphs, and split into one fact per
paragraph so every fact lies in one line of the file. Each fact carries its speaker: the
name in the attribution ("X said", "said X", "X told CNN", "according to X", a colon
introduction), or the last named speaker for "he added", or None when nobody is named.
Reported speech without quote marks ("X said the regime is ...") is kept as a fact with
role "paraphrase" so a quote in one report can be paired with its paraphrase in another.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

from .. import gazetteer
from ..lang import en, one_of
from ..model import Article, Fact, Sentence

log = logging.getLogger(__name__)

_DOUBLE = re.compile(r"``|''|[\"“”„«»]")
_SINGLE = re.compile(r"['‘’]")
_LINE = re.compile(r"[^\r\n]+")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")

SPEECH_VERBS = en.words("speech_verb_forms", "quotes")
PARTICIPLES = en.words("participles", "quotes")
PRONOUNS = en.words("pronouns", "quotes")
STOP_CAPS = en.words("stop_caps", "quotes")
MONTHS_DAYS = en.words("months_days", "quotes")
TITLES = en.words("titles", "quotes")
PARTICLES = en.words("particles", "quotes")
ORG_HEADS = en.words("org_heads", "quotes")
ORG_WORDS = en.words("org_words", "quotes")
INDEFINITE = en.words("indefinite", "quotes")
_DEMONYM = re.compile(r".*(?:an|ese|ish|ic|i)$")
#: A quotation left open may close this many lines later (one sentence per line in some feeds).
CARRY_LINES = 3
#: Quotes of at most this many words are terms ("provocative", "duty to warn"), not statements.
TERM_WORDS = 3

_TOKEN = re.compile(r"[^\W\d_][\w'’.]*|-")
_CLAUSE = re.compile(
    r"\b(?:has|have|had|is|are|was|were|been|be|will|would|could|should|can|may|might|must|"
    r"did|does)\b"
)
#: News media relay what others said; they are never the speaker of a statement.
MEDIA = frozenset(
    {
        "cnn",
        "bbc",
        "ap",
        "afp",
        "reuters",
        "xinhua",
        "tass",
        "interfax",
        "nbc",
        "abc",
        "cbs",
        "associated press",
        "agence france-presse",
        "agence france presse",
        "al jazeera",
        "ria novosti",
        "washington post",
        "new york times",
        "guardian",
        "sky news",
        "fox news",
    }
)
PREPOSITIONS = frozenset("in on at from after before during for with by of to under over since".split())
_APPOSITIVE = re.compile(r"(?:a|an)\s|(?:the|one)\s+[a-z]|(?:who|which|whose)\b|(?!(?:a|an|the|one)\s)[a-z]")
_CHUNK_END = re.compile(r"[,;(]|(?<!\b[A-Z])(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)\.(?=\s|$)")
_TRAILING_AUX = re.compile(
    r"(?:\s+(?:has|had|have|was|were|is|are|been|indeed|also|later|then|further|again|"
    r"\w+ly))+\s*$"
)
_ORG = re.compile(r"(?i:the)\s+((?:[A-Z][\w.'’-]*\s+){1,3})(\w+)")
_VERB = re.compile(
    r"\b(?:(?:has|had|have|was|were|is|are|later|also|then|further|again|been)\s+)*"
    rf"(?P<verb>{one_of(SPEECH_VERBS | {'quoted'})})"
    r"(?:\s+as\s+saying)?\b"
)
_LISTENER_VERBS = frozenset("told tells asked asks".split())  # "told AP": AP heard it
_SENTENCE_OPENERS = frozenset(
    "describing speaking citing asked addressing following responding referring noting adding saying".split()
)
_PARTICIPLE = re.compile(rf"\b{one_of(PARTICIPLES)}$")
_PARTICIPLE_ANY = re.compile(rf"\b{one_of(PARTICIPLES)}\b")
_ACCORDING = re.compile(r"\b[Aa]ccording to\s+([^,.;:\"“”]{1,80})")
_REPORTING = re.compile(
    r"\b(?:said|says|stated|added|insisted|argued|explained|noted|warned|"
    r"told\s+(?:reporters|journalists|[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*))\b"
)
_CLAUSE_START = re.compile(
    r"(?:\s+(?:on\s+)?(?:[A-Z][a-z]+day|yesterday|today|earlier|later))?\s+(?:that\s+)?"
    r"(?=[A-Za-z])"
)


@dataclass
class Segment:
    """One paragraph's part of a quotation: ``start``/``end`` bound the words, not the marks."""

    start: int
    end: int
    quotation: int
    part: int = 0
    closed: bool = True


@dataclass
class Speaker:
    """Who a quotation is attributed to, as written and in canonical form."""

    written: str | None = None
    name: str | None = None
    source: str = "unknown"  # named | descriptor | pronoun | context | unknown
    type: str | None = None  # person | org | place | group
    phrase: str | None = None  # the words it was read from: "UNHCR spokesman Adrian Edwards"


@dataclass
class _State:
    """What earlier sentences tell about who "he" or "it" is."""

    last: Speaker = field(default_factory=Speaker)
    person: Speaker = field(default_factory=Speaker)
    people: dict[str, Speaker] = field(default_factory=dict)  # surname -> full name seen earlier
    quoted: Speaker = field(default_factory=Speaker)  # speaker of the previous quotation
    quoted_sentence: int = -2  # the sentence it ended in


# ---------------------------------------------------------------- quote marks


def _can_open(text: str, i: int, j: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[j] if j < len(text) else " "
    return (before.isspace() or before in "([{—–-/:") and not after.isspace()


def _can_close(text: str, i: int, j: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[j] if j < len(text) else " "
    return not before.isspace() and (after.isspace() or not after.isalnum())


def _mark_role(text: str, mark: re.Match, open_mark: str | None) -> str:
    """'open' or 'close' for one double quote mark, given what opened the quote (if any)."""
    char, i, j = mark.group(), mark.start(), mark.end()
    if open_mark is None:
        if char in ("”", "''", "»") and not _can_open(text, i, j):
            return "close"
        return "open"
    if (
        char in ("“", "``", "«", "„")
        and open_mark != "„"
        and _can_open(text, i, j)
        and not _can_close(text, i, j)
    ):
        return "nested"
    return "close"


def _first_closer(text: str, start: int, end: int) -> re.Match | None:
    """The mark that closes a quotation carried over from the previous paragraph, if any."""
    mark = _DOUBLE.search(text, start, end)
    if mark is None:
        return None
    if mark.start() == start or not _can_close(text, mark.start(), mark.end()):
        return None
    return mark


def _closes_later(text: str, following: list[tuple[int, int]]) -> bool:
    """True when a quotation left open is closed in one of the ``following`` lines."""
    for a, b in following:
        lead = a + len(text[a:b]) - len(text[a:b].lstrip())
        if _DOUBLE.search(text, a, b):
            return _first_closer(text, lead, b) is not None
    return False


def _double_segments(text: str, begin: int) -> list[Segment]:
    """Double-quoted spans, a quotation left open at a paragraph end followed into the next."""
    segments: list[Segment] = []
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text, begin)]
    quotation, carried = -1, False
    for n, (ls, le) in enumerate(lines):
        lead = ls + len(text[ls:le]) - len(text[ls:le].lstrip())
        pos, open_at, open_mark, part = lead, None, None, 0
        if carried:
            first = _DOUBLE.match(text, lead)
            closer = None if first else _first_closer(text, lead, le)
            if closer is not None:
                segments.append(Segment(lead, closer.start(), quotation, segments[-1].part + 1))
                pos = closer.end()
            elif first is not None:
                part = segments[-1].part + 1
            elif _closes_later(text, lines[n : n + CARRY_LINES]):
                segments.append(Segment(lead, le, quotation, segments[-1].part + 1, closed=False))
                continue
            else:
                carried = False
        continuing = carried and part > 0
        carried = False
        for mark in _DOUBLE.finditer(text, pos, le):
            role = _mark_role(text, mark, open_mark)
            if role == "open":
                if not continuing:
                    quotation += 1
                    part = 0
                continuing = False
                open_at, open_mark = mark.end(), mark.group()
            elif role == "close" and open_at is not None:
                segments.append(Segment(open_at, mark.start(), quotation, part))
                open_at, open_mark = None, None
        if open_at is not None:
            segments.append(Segment(open_at, le, quotation, part, closed=False))
            carried = True
    return [s for s in (_trim(text, s) for s in segments) if s is not None]


def _trim(text: str, seg: Segment) -> Segment | None:
    """Drop surrounding blanks; None when nothing but punctuation is left."""
    chunk = text[seg.start : seg.end]
    if not _WORD.search(chunk):
        return None
    seg.start += len(chunk) - len(chunk.lstrip())
    seg.end -= len(chunk) - len(chunk.rstrip(" \t,;:"))
    return seg


def _single_segments(text: str, begin: int, taken: _Spans, quotation: int) -> list[Segment]:
    """'Single-quoted' spans outside double quotes, never an apostrophe ("Putin's", "sides'")."""
    segments = []
    for ls, le in ((m.start(), m.end()) for m in _LINE.finditer(text, begin)):
        i = ls
        while True:
            opener = next(
                (
                    m
                    for m in _SINGLE.finditer(text, i, le)
                    if m.group() in "'‘"
                    and _can_open(text, m.start(), m.end())
                    and text[m.end() : m.end() + 1].isalnum()
                    and not taken.holds(m.start())
                ),
                None,
            )
            if opener is None:
                break
            closer = next(
                (
                    m
                    for m in _SINGLE.finditer(text, opener.end() + 1, le)
                    if m.group() in "'’"
                    and _can_close(text, m.start(), m.end())
                    and not text[m.end() : m.end() + 1].isalnum()
                ),
                None,
            )
            if (
                closer is None
                or taken.holds(closer.start())
                or len(text[opener.end() : closer.start()].split()) > 40
            ):
                i = opener.end()
                continue
            seg = _trim(text, Segment(opener.end(), closer.start(), quotation))
            if seg is not None:
                segments.append(seg)
                quotation += 1
            i = closer.end()
    return segments


def quote_segments(text: str, begin: int = 0) -> list[Segment]:
    """Every quoted span of ``text[begin:]``, in reading order, with quotation ids."""
    double = _double_segments(text, begin)
    single = _single_segments(
        text, begin, _Spans(double), (max((s.quotation for s in double), default=-1) + 1)
    )
    return sorted(double + single, key=lambda s: s.start)


# ---------------------------------------------------------------- words


def normalize_words(text: str) -> str:
    """Lower-cased words without punctuation: the form quotes are compared in."""
    return " ".join(w.lower().replace("’", "'") for w in _WORD.findall(text))


def subject_key(normalized: str, words: int = 4) -> str:
    """A short key naming a statement: its first content words."""
    content = [w for w in normalized.split() if w not in STOP_CAPS and len(w) > 2]
    return " ".join((content or normalized.split())[:words])


# ---------------------------------------------------------------- speakers


def name_runs(text: str) -> list[tuple[int, int, str]]:
    """Capitalised runs that may be names, as (start, end, text) in ``text``.

    Kept small and separate so a shared entity finder can replace it."""
    return list(_all_name_runs(text))


@lru_cache(maxsize=16384)
def _all_name_runs(text: str) -> tuple[tuple[int, int, str], ...]:
    """Every run of ``_name_runs``; memoised, as the same text is asked for several times a run."""
    return tuple(_name_runs(text))


_RUN_BREAK = re.compile(r"[,;:()\"“”]")
_OWNER_ENDINGS = ("'s", "’s")


def _name_runs(text: str) -> Iterator[tuple[int, int, str]]:
    """``name_runs``, one run at a time: a reader of the first runs alone reads no further."""
    for run in _capital_runs(text):
        cleaned = _clean_run(text, run)
        if cleaned is not None:
            yield cleaned


def _capital_runs(text: str) -> Iterator[list[re.Match[str]]]:
    """The runs of capitalised words (and the particles inside names) before cleaning."""
    tokens = list(_TOKEN.finditer(text))
    current: list[re.Match[str]] = []
    for k, tok in enumerate(tokens):
        word = tok.group()
        if current and k and _RUN_BREAK.search(text, tokens[k - 1].end(), tok.start()):
            yield current
            current = []
        nxt = tokens[k + 1].group() if k + 1 < len(tokens) else ""
        if word[0].isupper() and (current or not _stop_word(word)):
            current.append(tok)
        elif current and (word.lower() in PARTICLES or word == "-") and (nxt[:1].isupper() or nxt == "-"):
            current.append(tok)
        elif current:
            yield current
            current = []
        if current and word.endswith(_OWNER_ENDINGS):  # "the BBC's James Copnall": owner ends the run
            yield current
            current = []
    if current:
        yield current


def _stop_word(word: str) -> bool:
    """A capitalised word that cannot start a name: "The", "However", "Previously"."""
    lower = word.lower().strip(".")
    return lower in STOP_CAPS or lower in _SENTENCE_OPENERS or (len(word) >= 7 and word.endswith("ly"))


_NOT_A_NAME_ALONE = MONTHS_DAYS | STOP_CAPS
_ABBREVIATED = re.compile(r"[a-z]{2}\.$")
_LOWER_NEXT = re.compile(r"\s[a-z]")


def _clean_run(text: str, run: list[re.Match]) -> tuple[int, int, str] | None:
    """A run as (start, end, text), or None for months, weekdays and adjectives ("Russian")."""
    while run and (run[-1].group() == "-" or run[-1].group().lower() in PARTICLES):
        run = run[:-1]
    if not run:
        return None
    words = [t.group() for t in run]
    if len(words) == 1 and words[0].lower().strip(".") in _NOT_A_NAME_ALONE:
        return None
    end = run[-1].end()
    if _ABBREVIATED.search(words[-1]):
        end -= 1
    if len(words) == 1 and _DEMONYM.match(words[0]) and _LOWER_NEXT.match(text[end : end + 2]):
        return None
    return run[0].start(), end, text[run[0].start() : end]


def _strip_titles(name: str) -> str:
    """ "Russian President Vladimir Putin" -> "Vladimir Putin"; "Mr. Kiir" -> "Kiir"."""
    words = name.split()
    cut = 0
    for k, word in enumerate(words[:-1]):
        if word.lower() in TITLES:
            cut = k + 1
    return re.sub(r"['’]s$", "", " ".join(words[cut:]))


def speaker_from_phrase(phrase: str) -> Speaker:
    """The speaker named in a noun phrase such as "former lawmaker Ilya Ponomarev"."""
    phrase = phrase.strip(" ,.;:—–-\"“”'")
    words = phrase.split()
    if not words:
        return Speaker()
    if words[0].lower() in PRONOUNS and len(words) <= 2:
        return Speaker(written=words[0], source="pronoun")
    if _CLAUSE.search(phrase):
        return Speaker()
    org = _ORG.match(phrase)
    if org and org.group(2).lower() in ORG_HEADS:
        return Speaker(
            written=phrase[: org.end()],
            name=f"{org.group(1).strip()} {org.group(2)}",
            source="named",
            type="org",
        )
    if words[0].lower() in INDEFINITE:
        return Speaker(written=phrase, source="descriptor")
    head = re.split(r"\s+(?:of|in|at|from|for|with|on)\s+", phrase)[0]
    runs = name_runs(head)
    if runs and runs[-1][2].endswith(("'s", "’s")) and head[runs[-1][1] :].strip():
        # "Amatrice's mayor": the name owns the speaker's role, it is not the speaker
        return Speaker(written=phrase, source="descriptor")
    if runs:
        written = runs[-1][2]
        name = _strip_titles(written)
        return Speaker(
            written=written, name=name, source="named", type=_name_type(written, name), phrase=phrase
        )
    owner = re.match(r"(?i:the)\s+([\w\s]+?)['’]s\b", phrase)
    if owner:
        return Speaker(written=phrase[: owner.end(1)], source="descriptor")
    return Speaker(written=" ".join(words[:6]), source="descriptor")


def _name_type(written: str, name: str) -> str | None:
    """ "person", "org", or None when a bare name could be either (or a country)."""
    last = name.split()[-1].lower()
    if last in ORG_WORDS or name.isupper() or "-" in name:
        return "org"
    if name.lower() in _countries():
        return "place"
    if len(name.split()) >= 2 or written != name:
        return "person"
    return None


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    """Country names (lower-cased): a country is not a person."""
    return frozenset(name.lower() for name in gazetteer.country_names())


def _appositive(chunk: str) -> bool:
    """ ", a doctor at a clinic," or ", who is in exile,": describes the name before it."""
    if _APPOSITIVE.match(chunk):
        return True
    words = chunk.split()
    return any(
        w.lower() in TITLES and (k + 1 == len(words) or words[k + 1][0].islower())
        for k, w in enumerate(words)
    )


def _subject_before(prefix: str) -> Speaker:
    """The speaker right before a speech verb: "Ema Suryani, a doctor at a clinic, told AFP"."""
    prefix = _TRAILING_AUX.sub("", prefix)
    chunks = [c.strip() for c in re.split(r"[,;(—–)]", prefix) if c.strip()]
    if not chunks:
        return Speaker()
    named = [
        j
        for j in range(len(chunks) - 1)
        if _appositive(chunks[j + 1])
        and not _appositive(chunks[j])
        and name_runs(chunks[j])
        and chunks[j].split()[0].lower() not in PREPOSITIONS
    ]
    pick = named[-1] if named else len(chunks) - 1
    if len(chunks[pick].split()) > 10:
        return Speaker()
    return speaker_from_phrase(chunks[pick])


#: A noun phrase that opens with a role, not a name: "the secretary ...", "the American
#: ambassador".
_ROLE_PHRASE = re.compile(r"\s*(?i:the)\s+(?:[A-Z][a-z]+\s+)?[a-z]")


def _object_after(suffix: str) -> Speaker:
    """The speaker after a speech verb: "said a spokesman, Rabie A. Atti, in a statement"."""
    chunks = [c.strip() for c in _CHUNK_END.split(suffix) if c.strip()]
    if not chunks:
        return Speaker()
    first = re.split(
        r"\s+(?:to|in|at|on|from|by|after|before|shortly|adding|as|during|when|who)\b", " " + chunks[0]
    )[0]
    speaker = speaker_from_phrase(first)
    # "said the American ambassador, Lisa Hart", "said the secretary American of Energy,
    # Spencer Abraham": a role phrase whose only capital is a people's adjective, before the
    # name set off after it
    name = speaker.name or ""
    adjective = (
        speaker.source == "named"
        and len(name.split()) == 1
        and bool(_DEMONYM.match(name))
        and bool(_ROLE_PHRASE.match(first))
    )
    if (speaker.source == "descriptor" or adjective) and len(chunks) > 1:
        runs = name_runs(chunks[1])
        if runs and runs[0][0] == 0:
            return speaker_from_phrase(runs[0][2])
    return speaker


def _subject_of(clause: str) -> Speaker:
    """The subject of a clause: its first name, or "the Russian government"."""
    org = re.search(r"\b[Tt]he\s+((?:[A-Z][\w.'’-]*\s+){1,3})(\w+)", clause)
    runs = name_runs(clause)
    if org and org.group(2).lower() in ORG_HEADS and (not runs or org.start() <= runs[0][0]):
        return speaker_from_phrase(clause[org.start() : org.end()])
    if runs:
        return speaker_from_phrase(runs[0][2])
    pronoun = re.match(r"\W*(he|she|they|it|we)\b", clause, re.I)
    return Speaker(written=pronoun.group(1), source="pronoun") if pronoun else Speaker()


def _speaker_after(after: str) -> Speaker | None:
    """ "...," said X / X said / he told CNN / added the doctor / "..." — X: the attribution after a quote."""
    dash = re.match(r"[\s,.!?\"“”'’»]*[—–]\s*(?=[A-Z])", after)
    if dash and not _VERB.search(after, dash.end(), dash.end() + 60):
        speaker = _object_after(after[dash.end() :])
        return speaker if speaker.source == "named" else None
    lead = re.match(r"[\s,.!?—–\"“”'’»-]*", after)
    assert lead is not None  # the pattern matches the empty string
    after = after[lead.end() :]
    verb = _VERB.search(after, 0, 140)
    if verb is None:
        return None
    if verb.start() == 0:
        return _object_after(after[verb.end() :])
    prefix = after[: verb.start()]
    if len(prefix.split()) > 22 or re.search(r"[.!?]\s", prefix):
        return None
    subject = _subject_before(prefix)
    if subject.source != "named" and verb.group("verb") not in _LISTENER_VERBS:
        named = _object_after(after[verb.end() :])
        if named.source == "named":
            return named
    return subject


def _speaker_before(before: str) -> Speaker | None:
    """X said: "..." / X told AFP, "..." / ..., saying "..." / South Sudan: "..."."""
    tail = before.rstrip(" ,:\t")
    tail = re.sub(r"\s+that$", "", tail)
    participle = _PARTICIPLE.search(tail)
    if participle:
        return _subject_of(tail[: participle.start()])
    verbs = [m for m in _VERB.finditer(tail) if len(tail) - m.end() <= 40]
    if verbs:
        verb = verbs[-1]
        if verb.start("verb") > 0 and not tail[verb.end() :].strip(" ,:"):
            return _subject_before(tail[: verb.start()])
        if not re.search(r"[,.]", tail[verb.end() :]):
            return (
                _subject_before(tail[: verb.start()]) if verb.start() else _object_after(tail[verb.end() :])
            )
    if before.rstrip().endswith(":"):
        clause = re.split(r"[.!?]\s+", tail)[-1]
        if len(clause.split()) <= 6:
            return speaker_from_phrase(clause)
    return None


def _speaker_in_frame(frame: str) -> Speaker | None:
    """'according to X', 'X said' or 'X ..., saying' anywhere in a sentence, quotes masked."""
    match = _ACCORDING.search(frame)
    if match:
        np = re.split(r"\s+(?:in|at|on|who|which|from|of)\b", match.group(1))[0]
        return speaker_from_phrase(np)
    for verb in _VERB.finditer(frame):
        speaker = _subject_before(frame[: verb.start()])
        if speaker.source != "unknown":
            return speaker
    participle = _PARTICIPLE_ANY.search(frame)
    if participle:
        return _subject_of(frame[: participle.start()])
    return None


def _named(speaker: Speaker) -> str:
    """The name of a named speaker (a person is always one), which is read with it."""
    if speaker.name is None:
        raise ValueError(f"named speaker {speaker.written!r} without a name")
    return speaker.name


def _resolve(speaker: Speaker | None, state: _State) -> Speaker:
    """Pronouns take the last named speaker; named speakers become the last one."""
    if speaker is None:
        return Speaker()
    if speaker.source == "pronoun":
        assert speaker.written is not None  # a pronoun speaker is the pronoun as written
        personal = speaker.written.lower() in ("he", "she")
        last = state.person if personal and state.person.name else state.last
        if last.source in ("named", "descriptor", "pronoun") and (last.name or last.written):
            return Speaker(
                written=speaker.written, name=last.name or last.written, source="pronoun", type=last.type
            )
        return speaker
    if speaker.source == "named" and speaker.type is None and _named(speaker).lower() in state.people:
        known = state.people[_named(speaker).lower()]
        speaker = Speaker(
            written=speaker.written, name=known.name, source="named", type=known.type, phrase=speaker.phrase
        )
    if speaker.source == "named" and speaker.type == "person":
        state.people[_named(speaker).split()[-1].lower()] = speaker
    if speaker.source in ("named", "descriptor"):
        state.last = speaker
        if speaker.type == "person":
            state.person = speaker
    return speaker


# ---------------------------------------------------------------- facts


class _Spans:
    """The quoted segments sorted by start, with the furthest end reached so far, so the ones
    near an offset are found by bisection instead of a scan of every quote."""

    def __init__(self, segments: list[Segment]) -> None:
        self.items = sorted(segments, key=lambda s: s.start)
        self.starts = [s.start for s in self.items]
        self.reach = list(accumulate((s.end for s in self.items), max))

    def overlapping(self, start: int, end: int) -> list[Segment]:
        """The segments with ``seg.end >= start`` and ``seg.start <= end``."""
        k = bisect.bisect_right(self.starts, end) - 1
        out = []
        while k >= 0 and self.reach[k] >= start:
            if self.items[k].end >= start:
                out.append(self.items[k])
            k -= 1
        return out

    def holds(self, offset: int) -> bool:
        """True when some segment, or its opening mark, covers ``offset``."""
        k = bisect.bisect_right(self.starts, offset + 1)
        return bool(k) and self.reach[k - 1] >= offset

    def first_after(self, offset: int) -> Segment | None:
        """The first segment starting after ``offset``."""
        k = bisect.bisect_right(self.starts, offset)
        return self.items[k] if k < len(self.items) else None


def _masked(text: str, start: int, end: int, spans: _Spans) -> str:
    """``text[start:end]`` with quoted words and their marks blanked, offsets kept."""
    chars = list(text[start:end])
    for seg in spans.overlapping(start - 1, end + 1):
        for k in range(max(seg.start - 1, start), min(seg.end + 1, end)):
            chars[k - start] = " "
    return "".join(chars)


class _Sentences:
    """The article's sentences, found by offset in logarithmic time."""

    def __init__(self, sentences: list[Sentence]) -> None:
        self.items = sentences
        self.starts = [s.start for s in sentences]

    def at(self, offset: int) -> Sentence | None:
        """The sentence that holds ``offset``, if any."""
        k = bisect.bisect_right(self.starts, offset) - 1
        if k < 0 or offset > self.items[k].end:
            return None
        return self.items[k]

    def covering(self, start: int, end: int) -> list[Sentence]:
        """The sentences that overlap ``start``..``end``."""
        k = max(0, bisect.bisect_right(self.starts, start) - 1)
        out = []
        while k < len(self.items) and self.items[k].start < end:
            if self.items[k].end > start:
                out.append(self.items[k])
            k += 1
        return out


def _quotation_speaker(
    text: str, sentences: _Sentences, parts: list[Segment], segments: _Spans
) -> Speaker | None:
    """Look right after the last part, then before the first, then in the whole sentence."""
    first, last = parts[0], parts[-1]
    closing = sentences.at(last.end)
    opening = sentences.at(first.start)
    if closing is not None and last.closed:
        line_end = text.find("\n", last.end)
        line_end = len(text) if line_end < 0 else line_end
        following = segments.first_after(last.end)
        stop = following.start - 1 if following is not None and following.start < line_end else line_end
        speaker = _speaker_after(text[last.end : stop])
        if speaker is not None:
            return speaker
    if opening is None:
        return None
    before = _masked(text, opening.start, max(opening.start, first.start - 1), segments)
    speaker = _speaker_before(before) if before.strip() else None
    if speaker is None:
        end = closing.end if closing is not None else opening.end
        speaker = _speaker_in_frame(_masked(text, opening.start, end, segments))
    return speaker


def _sentence_for(text: str, sentences: _Sentences, start: int, end: int) -> Sentence:
    """The sentence holding a span, merged with the next ones when the span runs on."""
    inside = sentences.covering(start, end)
    if not inside:
        return Sentence(start, end, text[start:end], sentences.items[-1].index if sentences.items else 0)
    if len(inside) == 1:
        return inside[0]
    first, last = inside[0], inside[-1]
    return Sentence(first.start, last.end, " ".join(s.text for s in inside), first.index)


def _role(text: str, seg: Segment, speaker: Speaker) -> str:
    """ "term" for scare quotes and titles ("provocative", 'duty to warn'), else "statement"."""
    words = len(_WORD.findall(text[seg.start : seg.end]))
    if words <= TERM_WORDS:
        return "term"
    if words <= 5 and speaker.source == "unknown" and text[seg.start].islower():
        return "term"
    return "statement"


def _fact(
    article: Article,
    sentence: Sentence,
    start: int,
    end: int,
    speaker: Speaker,
    role: str,
    quotation: int,
    part: int,
) -> Fact:
    text = article.text[start:end]
    normalized = normalize_words(text)
    return Fact.at(
        article,
        sentence,
        "quote",
        start,
        end,
        subject=subject_key(normalized),
        normalized=normalized,
        speaker=speaker.name or (speaker.written if speaker.source == "descriptor" else None),
        qualifier=role,
        detail={
            "role": role,
            "quotation": quotation,
            "part": part,
            "speaker_text": speaker.written,
            "speaker_source": speaker.source,
            "speaker_type": speaker.type,
            "speaker_phrase": speaker.phrase,
        },
    )


def _paraphrase(sentence: Sentence, state: _State) -> tuple[Speaker, int, int] | None:
    """Reported speech without quote marks: "X said the regime is trying to ..."."""
    for verb in _REPORTING.finditer(sentence.text):
        clause = _CLAUSE_START.match(sentence.text, verb.end())
        if clause is None or len(sentence.text[clause.end() :].split()) < 6:
            continue
        speaker = _subject_before(sentence.text[: verb.start()])
        if speaker.source not in ("named", "pronoun"):
            return None
        speaker = _resolve(speaker, state)
        end = sentence.start + len(sentence.text.rstrip(' .!?"”'))
        return speaker, sentence.start + clause.end(), end
    return None


def extract(article: Article, sentences: list[Sentence]) -> list[Fact]:
    """Quote facts (and reported-speech paraphrases) of one article, with speakers."""
    try:
        return _extract(article, sentences)
    except Exception:  # a normalizer must never stop the run on odd text
        log.exception("quote extraction failed for %s", article.id)
        return []


def _entity_names(article: Article, sentences: list[Sentence]) -> dict[str, tuple[str, str]]:
    """Names the entity finder knows in this article: as written -> (canonical, type)."""
    from .entities import find_entities

    try:
        mentions = find_entities(article, sentences)
    except Exception:  # the speaker patterns still work without canonical names
        log.exception("entity lookup failed for %s", article.id)
        return {}
    return {m.text: (m.canonical, m.type) for m in mentions if not m.anaphora}


def _canonical(speaker: Speaker, names: dict[str, tuple[str, str]]) -> Speaker:
    """The article's full name and type for a named speaker ("Kiir" -> "Salva Kiir", person)."""
    if not speaker.name or speaker.source not in ("named", "pronoun"):
        return speaker
    if re.sub(r"^the\s+", "", speaker.name.lower()) in MEDIA:
        return Speaker(written=speaker.written, source="descriptor", type="org")
    known = names.get(speaker.name) or names.get(speaker.written or "")
    if known is None:
        return speaker
    canonical, kind = known
    return Speaker(
        written=speaker.written,
        name=canonical,
        source=speaker.source,
        type=speaker.type if kind == "other" else kind,
        phrase=speaker.phrase,
    )


def _extract(article: Article, sentences: list[Sentence]) -> list[Fact]:
    text = article.text
    names = _entity_names(article, sentences)
    segments = quote_segments(text, article.body_start)
    quotations: dict[int, list[Segment]] = {}
    for seg in segments:
        quotations.setdefault(seg.quotation, []).append(seg)
    starts = sorted(quotations, key=lambda q: quotations[q][0].start)
    facts: list[Fact] = []
    state, cursor, index, spans = _State(), 0, _Sentences(sentences), _Spans(segments)
    for sentence in sentences:
        here = []
        while cursor < len(starts) and quotations[starts[cursor]][0].start <= sentence.end:
            here.append(starts[cursor])
            cursor += 1
        if not here:
            _track(article, sentence, state, facts, spans, names)
            continue
        _note_person(_masked(text, sentence.start, sentence.end, spans), state, names)
        in_sentence: Speaker | None = None
        for q in here:
            parts = quotations[q]
            speaker = _speaker_of(text, index, sentence, parts, spans, state, names, in_sentence)
            if speaker.source != "unknown":
                in_sentence = speaker
            for seg in parts:
                facts.append(
                    _fact(
                        article,
                        _sentence_for(text, index, seg.start, seg.end),
                        seg.start,
                        seg.end,
                        speaker,
                        _role(text, seg, speaker),
                        q,
                        seg.part,
                    )
                )
    return facts


def _speaker_of(
    text: str,
    sentences: _Sentences,
    sentence: Sentence,
    parts: list[Segment],
    segments: _Spans,
    state: _State,
    names: dict[str, tuple[str, str]],
    in_sentence: Speaker | None,
) -> Speaker:
    """A quotation's speaker; unattributed, it continues the sentence's or the previous quote's."""
    speaker = _canonical(_resolve(_quotation_speaker(text, sentences, parts, segments), state), names)
    if speaker.source == "unknown" and in_sentence is not None:
        speaker = in_sentence
    elif (
        speaker.source == "unknown"
        and state.quoted.source != "unknown"
        and state.quoted_sentence >= sentence.index - 1
    ):
        speaker = Speaker(
            written=state.quoted.written, name=state.quoted.name, source="context", type=state.quoted.type
        )
    closing = sentences.at(parts[-1].end)
    state.quoted, state.quoted_sentence = speaker, closing.index if closing else sentence.index
    return speaker


_NEXT_WORD = re.compile(r"\s+(\w+)")


def _note_person(sentence: str, state: _State, names: dict[str, tuple[str, str]]) -> None:
    """A person named at the start of a sentence, or as the one who speaks in it ("..., Holmes
    told the court she ..."), is who a later "he" or "she" most likely is."""
    for start, end, run in _all_name_runs(sentence):
        if len(sentence[:start].split()) > 4:
            speaks = _NEXT_WORD.match(sentence, end)
            if not (speaks and speaks.group(1).lower() in SPEECH_VERBS):
                continue
        speaker = _canonical(speaker_from_phrase(run), names)
        if speaker.type == "person":
            state.person = speaker
            state.people[_named(speaker).split()[-1].lower()] = speaker
            return


def _track(
    article: Article,
    sentence: Sentence,
    state: _State,
    facts: list[Fact],
    segments: _Spans,
    names: dict[str, tuple[str, str]],
) -> None:
    """Note who speaks in a sentence without quotes; keep its reported speech as a paraphrase."""
    _note_person(sentence.text, state, names)
    found = _paraphrase(sentence, state)
    if found is None:
        _resolve(_speaker_in_frame(sentence.text), state)
        return
    speaker, start, end = found
    if end > start and not segments.holds(start):
        facts.append(_fact(article, sentence, start, end, _canonical(speaker, names), "paraphrase", -1, 0))
