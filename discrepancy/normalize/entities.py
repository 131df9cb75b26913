"""Named entities: proper-noun spans with offsets, typed and resolved to one canonical name per article.

A mention is a run of capitalised words with their connectors ("Crocus City Hall",
"Republic of South Sudan", "al-Assad", "ISIS-K"), possessives stripped.  Capitals that are
not names are dropped: a common word opening a sentence, months and weekdays, headline
Title Case, ALL-CAPS openings ("THE Kremlin", "AN EARTHQUAKE").  Mentions are typed where
the text gives evidence: a place the gazetteer knows, a person behind a title or role,
an organisation by its head noun.  Short forms are joined to the long form they abbreviate
inside an article ("Putin" -> "Vladimir Putin", "NSC" -> "National Security Council",
"the center" -> "Dossier Center"), so rules compare entities, not mentions.
"""

from __future__ import annotations

import bisect
import calendar
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import Any

from ..conventions import convention_key, entity_type
from ..gazetteer import common_words, place
from ..model import Article, Fact, Sentence

# A word: letters and digits, joined by an apostrophe before a letter or a hyphen before a
# word character ("al-Sisi", "O'Brien"), with a closing apostrophe ("protesters'").
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]\w*(?:(?:['’](?=[^\W\d_])|[-‐](?=\w))\w*)*['’]?")
# What opens a clause whose first word is capitalised anyway: quotes, colons, dashes, full stops.
_OPENER = re.compile(r"[:“\"‘(\[—–]|(?<!\w)'|\s-\s|[.!?]\s*\Z")
_POSSESSIVE = re.compile(r"['’]s?\Z")
_POSSESSIVE_ENDINGS = ("'", "’", "'s", "’s")  # what _POSSESSIVE matches, tested without a regex
_NAME_PREFIX = re.compile(r"(?:al|el|ad|as|ash|at|bin|ibn|abu|de|van|von|d|o)['’\-‐][A-Z]")

#: Lower-case words allowed inside a name between capitalised words.
CONNECTORS = frozenset(
    "of the de del della di da dos das du des la le van von der den bin ibn al el y and for on".split()
)
# Connectors that may only join when the word before them is an organisation head ("Centre for ...").
_ORG_ONLY_CONNECTORS = frozenset({"for", "on", "and"})
_DETERMINERS = frozenset({"the", "a", "an"})
# Words a headline is not judged by (its capitals are counted over the others).
_FILLERS = (
    CONNECTORS
    | _DETERMINERS
    | {"in", "on", "at", "to", "by", "with", "from", "as", "is", "vs", "after", "over"}
)
# Single words that never stand for a longer name they appear in ("South" is not "South Sudan").
_NO_LINK = frozenset(
    "north south east west northern southern eastern western central new upper lower "
    "great united national international".split()
)
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "sir", "dame"})

MONTHS = frozenset(
    m.lower() for m in list(calendar.month_name[1:]) + list(calendar.month_abbr[1:]) + ["Sept"]
)
WEEKDAYS = frozenset(
    d.lower() for d in list(calendar.day_name) + list(calendar.day_abbr) + ["Tues", "Thur", "Thurs"]
)
_NOT_NAMES = frozenset(
    """
i gmt utc edt est cdt cst pdt pst bst cet cest ist wib eat msk am pm a.m p.m ad bc hrs ok tv
""".split()
)
#: All-caps words that stay acronyms even though they are also English words.
ACRONYMS = frozenset({"US", "UK", "UN", "EU", "USA", "WHO", "NATO", "AIDS", "IT"})

#: Titles written before a person's name, capitalised ("President Vladimir Putin").
TITLES = frozenset(
    """
president vice prime minister mr mrs ms miss dr gen governor senator sen judge king queen prince
princess pope chancellor commissioner ambassador secretary spokesman spokeswoman spokesperson lt col
colonel sgt capt captain cmdr adm admiral professor prof sheikh imam mayor chairman chairwoman premier
sultan emir ayatollah brigadier founder co-founder sheriff umpire
""".split()
)
#: Role nouns that describe a person ("spokeswoman Adrienne Watson", "a former lawmaker").
ROLES = frozenset(
    """
president minister spokesman spokeswoman spokesperson lawmaker legislator official commissioner governor
ambassador researcher correspondent journalist reporter doctor director founder co-founder leader chief
analyst expert professor senator mayor secretary chairman chairwoman general commander activist critic
magnate tycoon worker officer diplomat envoy deputy mp premier chancellor judge prosecutor lawyer
witness resident refugee evangelist economist scientist seismologist head manager coordinator
""".split()
)
#: Head nouns of organisations ("Dossier Center", "Security Council", "Enough Project").
ORG_HEADS = frozenset(
    """
center centre council agency service services institute institution embassy project army forces force
department ministry organization organisation group party committee commission university college
program programme bank news post times press corporation corp company inc ltd union association
federation foundation office police court parliament assembly government administration authority
movement front brigade network team league club church mosque survey agency fund trust board bureau
unit guard navy airways airlines media radio television tv channel network hospital school academy
""".split()
)
#: Head nouns of facilities named after a place ("Cologne Cathedral", "Kabul Airport").
FACILITY_HEADS = frozenset(
    """
cathedral airport station hall stadium mosque church synagogue temple palace bridge square tower
university hospital prison port harbour harbor museum theatre theater arena market park
""".split()
)
#: Lower-case nouns after a name that make it a place ("Unity state", "Bener Meriah district").
PLACE_NOUNS = frozenset(
    """
state province region district county village town city island islands regency mountains valley
river lake capital municipality prefecture oblast governorate territory neighbourhood neighborhood
area camp
""".split()
)
_PLACE_OF = frozenset(
    {
        "town",
        "city",
        "village",
        "province",
        "state",
        "region",
        "island",
        "district",
        "county",
        "capital",
        "republic",
        "port",
        "suburb",
        "outskirts",
    }
)
# Words after which "of" continues a name ("Republic of South Sudan", "Bank of England").
_OF_HEADS = (
    frozenset(
        """
republic kingdom province state states gulf bay sea isle island islands cape ring mount lake river
city county district region government ministry department university bank church cathedral museum
statue court house people sisters brothers league army council commission office institute school
college academy order federation union association organization organisation coalition party front
minister secretary duke duchess prince princess emirate sultanate commonwealth territory
""".split()
    )
    | FACILITY_HEADS
    | PLACE_NOUNS
)
_ANAPHORA = frozenset(
    {
        "center",
        "centre",
        "council",
        "agency",
        "institute",
        "embassy",
        "project",
        "ministry",
        "organisation",
        "organization",
        "committee",
        "commission",
        "foundation",
    }
)
_SPEECH = frozenset(
    """said says told added stated explained reported wrote confirmed announced claimed spoke
denied warned insisted urged""".split()
)
_GROUP_SUFFIX = re.compile(r"(?:ian|ean|an|ese|ish|ic|i|ch)s?\Z")
# "London-based", "ISIS-related", "Kremlin-backed": adjectives made from a name, not the name.
_DERIVED_ADJECTIVE = re.compile(
    r"[-‐](?:based|born|led|backed|run|related|linked|owned|affiliated|style|era|made|bound)\Z"
)
_COMMON_SUFFIX = re.compile(r"(?:ing|ly|ed|ive|ous|ful|less|ness|ment|tion|sion|ity|ies|est|able|ible)\Z")


@dataclass(frozen=True)
class EntityMention:
    """One mention of a named entity.

    ``start``/``end`` index ``article.text`` (the name as written, possessive stripped);
    ``canonical`` is the article's fullest name of the entity ("Vladimir Putin" for "Putin");
    ``type`` is place | person | org | group (nationality) | other; ``phrase`` is the wider
    wording the name sits in ("cathedral of Colony", "Cologne Cathedral"); ``head`` its class
    noun ("cathedral", "state"); ``role`` a person's title or role ("former lawmaker"), its
    head word starting at offset ``role_at``.
    """

    start: int
    end: int
    text: str
    canonical: str
    type: str
    sentence: int
    phrase: str = ""
    head: str = ""
    role: str = ""
    role_at: int = -1
    anaphora: bool = False

    @property
    def key(self) -> str:
        """Convention-free form of the canonical name, for comparing across articles."""
        return _key(self.canonical)


@dataclass(slots=True, init=False)  # one per word of every sentence: slots make them cheaper
class _Token:
    text: str
    start: int
    end: int
    possessive: bool
    initial: bool  # opens a sentence, a quotation or a clause after a colon
    # derived from ``text`` once: every rule asks for them, many times per token
    lower: str
    capital: bool
    shouted: bool

    def __init__(self, text: str, start: int, end: int, possessive: bool, initial: bool) -> None:
        self.text, self.start, self.end, self.possessive, self.initial = text, start, end, possessive, initial
        self.lower, self.capital, self.shouted = _word_shape(text)


@lru_cache(maxsize=65536)
def _word_shape(text: str) -> tuple[str, bool, bool]:
    """Lower case, capitalised, ALL CAPS (two letters or more) of a word, memoised per word."""
    capital = text[:1].isupper() or bool(_NAME_PREFIX.match(text))
    shouted = sum(c.isalpha() for c in text) >= 2 and text.upper() == text
    return text.lower(), capital, shouted


@dataclass(slots=True)
class _Candidate:
    tokens: list[_Token]
    sentence: Sentence
    type: str = ""
    head: str = ""
    role: str = ""
    role_at: int = -1
    phrase: tuple[int, int] | None = None

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end


class _ArticleWords:
    """What the whole article says about words: which appear lower-case, which capitalised mid-sentence."""

    def __init__(self, sentences: list[Sentence], tokenized: list[list[_Token]], headlines: set[int]):
        self.lower: set[str] = set()
        self.mid_caps: set[str] = set()
        self.mid_caps_exact: set[str] = set()
        self.acronyms: set[str] = set()
        for sentence, toks in zip(sentences, tokenized):
            for tok in toks:
                if tok.text[:1].islower():
                    self.lower.add(tok.lower)
                elif not tok.initial and sentence.index not in headlines:
                    self.mid_caps.add(tok.lower)
                    (self.acronyms if tok.shouted else self.mid_caps_exact).add(tok.text)


def _tokenize(sentence: Sentence) -> list[_Token]:
    """The sentence's words as tokens (the rules change them, so each call makes new ones)."""
    offset = sentence.start
    return [
        _Token(word, offset + start, offset + end, possessive, initial)
        for word, start, end, possessive, initial in _words_of(sentence.text)
    ]


@lru_cache(maxsize=16384)
def _words_of(text: str) -> tuple[tuple[str, int, int, bool, bool], ...]:
    """Each word of a text as (word, start, end, possessive, initial), offsets in the text;
    it depends on the text alone, and sentences repeat (wire copy, boilerplate)."""
    out: list[tuple[str, int, int, bool, bool]] = []
    previous_end = 0
    for match in _TOKEN.finditer(text):
        raw = match.group()
        start, end = match.span()
        possessive = len(raw) > 2 and raw.endswith(_POSSESSIVE_ENDINGS)
        word = _POSSESSIVE.sub("", raw) if possessive else raw
        initial = not out or _opens(text[previous_end:start])
        out.append((word, start, start + len(word), possessive, initial))
        previous_end = end
    return tuple(out)


@lru_cache(maxsize=4096)
def _opens(gap: str) -> bool:
    """Whether the text between two words opens a clause; gaps repeat, so memoised."""
    return bool(_OPENER.search(gap))


def _is_headline(tokens: list[_Token], sentence: Sentence) -> bool:
    """Title Case lines with no closing full stop: a headline, where capitals say nothing."""
    if sentence.text.rstrip().endswith((".", "?", "!", '"', "”", "’")):
        return False
    words = [t for t in tokens if len(t.text) > 1 and t.lower not in _FILLERS]
    caps = [t for t in words if t.text[:1].isupper()]
    return len(caps) >= 3 and len(caps) >= 0.6 * len(words)


def _not_a_name(tok: _Token) -> bool:
    word = tok.lower.rstrip(".")
    return (
        word in MONTHS
        or word in WEEKDAYS
        or word in _NOT_NAMES
        or len(tok.text) == 1
        or bool(_DERIVED_ADJECTIVE.search(tok.text))
    )


def _common_initial(tok: _Token, words: _ArticleWords) -> bool:
    """A capitalised word opening a sentence that is an ordinary English word, not a name."""
    if tok.lower in words.lower:
        return True
    if _confirmed(tok, words):
        return False
    return tok.lower in common_words() or tok.lower in _DETERMINERS or bool(_COMMON_SUFFIX.search(tok.lower))


def _confirmed(tok: _Token, words: _ArticleWords) -> bool:
    """The article writes this word capitalised mid-sentence too, or it is a known place."""
    return tok.lower in words.mid_caps or place(tok.text) is not None


def _shouted_common(tok: _Token, toks: list[_Token], i: int, words: _ArticleWords) -> bool:
    """An ALL-CAPS word that is an English word written loud ("THE Kremlin", "AN EARTHQUAKE")."""
    known = place(tok.text)
    if tok.text in ACRONYMS or (known is not None and known.country):
        return False
    lower = tok.lower
    if lower not in common_words() and lower not in words.lower and lower not in _DETERMINERS:
        return False
    neighbour_shouted = any(0 <= j < len(toks) and toks[j].shouted for j in (i - 1, i + 1))
    return tok.initial or neighbour_shouted or lower in words.lower or lower in _DETERMINERS


def _name_like(tok: _Token, toks: list[_Token], i: int, words: _ArticleWords, headline: bool) -> bool:
    if not tok.capital or _not_a_name(tok):
        return False
    if tok.shouted and _shouted_common(tok, toks, i, words):
        return False
    if headline and tok.shouted:
        return tok.text in words.acronyms or place(tok.text) is not None
    if headline:
        return tok.text in words.mid_caps_exact or tok.lower in words.mid_caps or place(tok.text) is not None
    return True


def _joinable(left: _Token, right: _Token, text: str, offset: int) -> bool:
    gap = text[left.end - offset : right.start - offset]
    if left.possessive:
        return False
    if gap == " ":
        return True
    if gap == ". " and (len(left.text) == 1 and left.text.isupper() or left.lower in TITLES):
        return True  # an initial ("Rabie A. Atti") or "Mr. Lang"
    if re.fullmatch(r"\s?[-‐]\s?", gap):
        # "Al - Sawarmi", "SPLA - N": tokenised hyphens; a spaced dash between words stays a dash
        return left.lower in {"al", "el"} or (left.shouted and right.shouted and len(right.text) <= 2)
    return False


def _runs(toks: list[_Token], sentence: Sentence, names: list[bool]) -> list[list[_Token]]:
    """Maximal runs of name-like tokens, joined by connectors ("Republic of South Sudan")."""
    runs: list[list[_Token]] = []
    i = 0
    while i < len(toks):
        if not names[i]:
            i += 1
            continue
        run = [toks[i]]
        j = i + 1
        while j < len(toks):
            prev = run[-1]
            if names[j] and _joinable(prev, toks[j], sentence.text, sentence.start):
                run.append(toks[j])
                j += 1
                continue
            k = j
            while (
                k < len(toks)
                and k - j < 2
                and (
                    toks[k].lower in CONNECTORS
                    and not toks[k].capital
                    or _is_initial_letter(toks[k], sentence)
                )
            ):
                k += 1
            if (
                k > j
                and k < len(toks)
                and names[k]
                and all(
                    _joinable(a, b, sentence.text, sentence.start)
                    for a, b in zip([prev] + toks[j:k], toks[j : k + 1])
                )
            ):
                bridge = [t.lower for t in toks[j:k]]
                if bridge[0] in _ORG_ONLY_CONNECTORS and prev.lower not in ORG_HEADS:
                    break
                if bridge[0] == "of" and prev.lower not in _OF_HEADS:
                    break  # "Sutopo Purwo Nugroho of the Agency" is two names
                if bridge[0] == "the" or (bridge[0] == "and" and (bridge != ["and"] or toks[k].shouted)):
                    break
                run.extend(toks[j : k + 1])
                j = k + 1
                continue
            break
        runs.append(run)
        i = j
    return runs


def _is_initial_letter(tok: _Token, sentence: Sentence) -> bool:
    """A middle initial ("Rabie A. Atti"): one capital letter and a full stop."""
    after = sentence.text[tok.end - sentence.start : tok.end - sentence.start + 2]
    return len(tok.text) == 1 and tok.text.isupper() and after == ". "


def _split_titles(run: list[_Token]) -> list[tuple[list[_Token], list[_Token]]]:
    """Cut a run at capitalised titles: "Russian President Vladimir Putin" -> Russian | (President) Vladimir Putin."""
    parts: list[tuple[list[_Token], list[_Token]]] = []
    current: list[_Token] = []
    title: list[_Token] = []
    for index, tok in enumerate(run):
        is_title = (
            tok.lower.rstrip(".") in TITLES
            and index + 1 < len(run)
            and run[index + 1].lower not in CONNECTORS
        )
        if is_title:
            if current:
                parts.append((current, title))
                current, title = [], []
            title.append(tok)
            continue
        current.append(tok)
    if current:
        parts.append((current, title))
    return parts


def _trim(run: list[_Token], words: _ArticleWords) -> list[_Token]:
    """Drop leading determiners and common words opening a sentence, and trailing connectors."""
    while run and (
        run[0].lower in _DETERMINERS
        or run[0].lower in CONNECTORS
        and not run[0].capital
        or (
            run[0].initial
            and not run[0].shouted
            and _common_initial(run[0], words)
            and not (len(run) > 1 and run[0].lower in words.mid_caps)
        )
    ):
        if len(run) > 1:
            t = run[1]
            run[1] = _Token(t.text, t.start, t.end, t.possessive, t.initial or run[0].initial)
        run = run[1:]
    while run and run[-1].lower in CONNECTORS and not run[-1].capital:
        run = run[:-1]
    return run


def _role_before(toks: list[_Token], index: int, sentence: Sentence) -> tuple[str, int]:
    """A role written just before a name: "former lawmaker Ilya Ponomarev" -> ("former lawmaker", offset of "lawmaker")."""
    if index == 0:
        return "", -1
    previous = toks[index - 1]
    gap = sentence.text[previous.end - sentence.start : toks[index].start - sentence.start]
    if gap.strip() or previous.lower not in ROLES:
        return "", -1
    earlier = [t.lower for t in toks[max(0, index - 4) : index - 1]]
    former = "former" in earlier or "ex" in earlier
    return (f"former {previous.lower}" if former else previous.lower), previous.start


_APPOSITION = re.compile(r",\s+(?:an?|the)\s+((?:[\w-]+\s*){1,5})")
_HYPHENATED_WORD = re.compile(r"[\w-]+")


def _role_after(sentence: Sentence, end: int) -> tuple[str, int]:
    """An apposition after a name: "Adrienne Watson, a spokesperson for ..." -> ("spokesperson", its offset)."""
    tail = sentence.text[end - sentence.start : end - sentence.start + 80]
    if not tail.startswith(","):
        return "", -1
    match = _APPOSITION.match(tail)
    if not match:
        return "", -1
    for word in _HYPHENATED_WORD.finditer(match.group(1)):
        if word.group().lower() in ROLES:
            return match.group(1)[: word.end()].lower(), end + match.start(1) + word.start()
    return "", -1


def _context_type(cand: _Candidate, toks: list[_Token], first: int, last: int) -> None:
    """Type, head noun and phrase from the words around a candidate."""
    text, base = cand.sentence.text, cand.sentence.start
    after = toks[last + 1] if last + 1 < len(toks) else None
    if after is not None and (after.capital or text[cand.end - base : after.start - base] != " "):
        after = None
    name = " ".join(t.text for t in cand.tokens)
    head = cand.tokens[-1].lower
    demonym = (
        len(cand.tokens) == 1
        and bool(_GROUP_SUFFIX.search(head))
        and not place(name)
        and not cand.tokens[-1].possessive
    )
    if after is not None and after.lower in PLACE_NOUNS:
        cand.head, cand.phrase = after.lower, (cand.start, after.end)
        if not demonym:
            cand.type = cand.type or "place"
    _of_phrase(cand, toks, first)
    role, role_at = _role_before(toks, first, cand.sentence)
    if not role:
        role, role_at = _role_after(cand.sentence, cand.end)
    if not cand.type and place(name):
        cand.type = "place"
    if not cand.type and head in ORG_HEADS and len(cand.tokens) > 1:
        cand.type, cand.head = "org", cand.head or head
    if not cand.type and cand.tokens[-1].shouted and len(cand.tokens) == 1:
        cand.type = "org"
    if role and cand.type in ("", "person") and not demonym:
        cand.type = "person"
        if not cand.role:
            cand.role, cand.role_at = role, role_at
    if not cand.type and demonym and after is not None and after.lower not in _SPEECH:
        cand.type = "group"  # "German police", "Tajik citizens"
    if not cand.type and after is not None and after.lower in _SPEECH and 2 <= len(cand.tokens) <= 3:
        cand.type = "person"
    cand.type = cand.type or "other"


def _of_phrase(cand: _Candidate, toks: list[_Token], first: int) -> None:
    """ "cathedral of Colony", "town of Bireun": the class noun a name is introduced by."""
    text, base = cand.sentence.text, cand.sentence.start
    back = first - 2 if first >= 1 and toks[first - 1].lower == "of" else first - 3
    if back < 0 or [t.lower for t in toks[back + 1 : first]] not in (["of"], ["of", "the"]):
        return
    noun = toks[back]
    if noun.capital or text[noun.end - base : cand.start - base] not in {" of ", " of the "}:
        return
    if noun.lower in FACILITY_HEADS | _PLACE_OF | ORG_HEADS:
        cand.head = cand.head or noun.lower
        cand.phrase = cand.phrase or (noun.start, cand.end)
        if noun.lower in _PLACE_OF:
            cand.type = cand.type or "place"


def _facility_place(cand: _Candidate) -> _Candidate | None:
    """The place inside a facility's name: "Cologne" in "Cologne Cathedral"."""
    if len(cand.tokens) < 2 or cand.tokens[-1].lower not in FACILITY_HEADS:
        return None
    inner = cand.tokens[:-1]
    if place(" ".join(t.text for t in inner)) is None:
        return None
    return _Candidate(
        tokens=inner,
        sentence=cand.sentence,
        type="place",
        head=cand.tokens[-1].lower,
        phrase=(cand.start, cand.end),
    )


def _sentence_candidates(
    sentence: Sentence, toks: list[_Token], words: _ArticleWords, headline: bool
) -> list[_Candidate]:
    names = [t.capital and _name_like(t, toks, i, words, headline) for i, t in enumerate(toks)]
    # a word dropped at the start hands the sentence opening to the next word
    for i in range(1, len(toks)):
        if toks[i - 1].initial and not names[i - 1] and toks[i - 1].shouted:
            toks[i].initial = True
    out: list[_Candidate] = []
    position = {t.start: i for i, t in enumerate(toks)}
    for run in _runs(toks, sentence, names):
        for part, title in _split_titles(run):
            part = _trim(list(part), words)
            if not part or all(t.lower.rstrip(".") in TITLES for t in part):
                continue
            if (
                len(part) == 1
                and part[0].initial
                and not part[0].shouted
                and not _confirmed(part[0], words)
                and not title
            ):
                continue
            office = [t for t in title if t.lower.rstrip(".") not in _HONORIFICS]
            cand = _Candidate(
                tokens=part,
                sentence=sentence,
                type="person" if title else "",
                role=" ".join(t.lower for t in office),
                role_at=office[-1].start if office else -1,
            )
            _context_type(cand, toks, position[part[0].start], position[part[-1].start])
            out.append(cand)
            inner = _facility_place(cand)
            if inner is not None:
                out.append(inner)
    return out


def _initials(tokens: list[str]) -> str:
    return "".join(t[0] for t in tokens if t and t not in CONNECTORS)


def _resolve(cands: list[_Candidate]) -> dict[int, str]:
    """Canonical name per candidate: short forms joined to the one long form they abbreviate."""
    names = [c.sentence.text[c.start - c.sentence.start : c.end - c.sentence.start] for c in cands]
    keys = [_key(n) for n in names]
    full: dict[str, str] = {}
    for name, key in zip(names, keys):
        # the longest spelling names the entity; of equal ones, not the one in capitals for emphasis
        if key not in full or (len(name), not name.isupper()) > (len(full[key]), not full[key].isupper()):
            full[key] = name
    by_key_type: dict[str, set[str]] = {}
    for cand, key in zip(cands, keys):
        by_key_type.setdefault(key, set()).add(cand.type)
    longs = _LongForms([k for k in full if len(k.split()) >= 2])
    # an acronym written on its own ("ISIS") is its own entity, whatever longer names contain it
    acronyms = {key for cand, key in zip(cands, keys) if len(cand.tokens) == 1 and cand.tokens[0].shouted}
    # the link depends on the candidate only through its key, capitals and group type
    links: dict[tuple[str, bool, bool], str] = {}
    canonical: dict[int, str] = {}
    for index, (cand, key) in enumerate(zip(cands, keys)):
        target = key
        if (
            cand.type != "place"
            and not place(names[index])
            and key.split()[0] not in _NO_LINK
            and not (key in acronyms and not cand.tokens[0].shouted)
        ):
            shape = (key, cand.tokens[0].shouted, cand.type == "group")
            if shape not in links:
                matches = {
                    long for long in longs.candidates(key) if _abbreviates(cand, key, long, by_key_type[long])
                }
                links[shape] = matches.pop() if len(matches) == 1 else key
            target = links[shape]
        canonical[index] = full.get(target, names[index])
    return canonical


class _LongForms:
    """Names of two words or more, indexed by word and by initials, so a short form is
    tried only against the long forms it could abbreviate, not against all of them."""

    def __init__(self, forms: list[str]):
        self.by_word: dict[str, list[str]] = {}
        self.by_initials: dict[str, list[str]] = {}
        for form in forms:
            parts = form.split()
            for word in set(parts):
                self.by_word.setdefault(word, []).append(form)
            self.by_initials.setdefault(_initials(parts), []).append(form)

    def candidates(self, key: str) -> list[str]:
        """Every long form ``_abbreviates`` can accept for ``key``: one holding its first word
        (surname, part) or, for a one-word key, one with those initials (acronym)."""
        short = key.split()
        found = self.by_word.get(short[0], [])
        return found + self.by_initials.get(key, []) if len(short) == 1 else found


def _abbreviates(cand: _Candidate, key: str, long: str, types: set[str]) -> bool:
    """True when ``key`` is a short form of the longer name ``long`` (surname, part, acronym)."""
    short, parts = key.split(), long.split()
    if long == key or len(parts) <= len(short):
        return False
    if "person" in types:
        return len(short) == 1 and short[0] in (parts[-1], parts[0])
    if "place" in types:
        return False
    if cand.tokens[0].shouted:
        return len(short) == 1 and len(short[0]) >= 2 and _initials(parts) == short[0]
    return (
        cand.type != "group"
        and _contiguous(short, parts)
        and (len(short) == 1 or parts[-len(short) :] == short)
    )


def _surname_of(cand: _Candidate, canonical: str) -> bool:
    """ "Putin" standing for "Vladimir Putin": a surname used alone is evidence of a person."""
    full = canonical.split()
    return (
        len(cand.tokens) == 1
        and 2 <= len(full) <= 3
        and cand.tokens[0].text == full[-1]
        and full[-1].lower() not in ORG_HEADS | FACILITY_HEADS
        and not cand.tokens[0].shouted
        and not place(canonical)
    )


def _contiguous(short: list[str], long: list[str]) -> bool:
    n = len(short)
    return any(long[i : i + n] == short for i in range(len(long) - n + 1))


_ANAPHOR = re.compile(r"\b[Tt]he (" + "|".join(sorted(_ANAPHORA)) + r")\b")


def _anaphora(
    article: Article, sentences: list[Sentence], mentions: list[EntityMention]
) -> list[EntityMention]:
    """ "the center" after "the Dossier Center": a definite head noun that names an organisation met earlier."""
    orgs = _Orgs(mentions)
    covered = _Covered(mentions)
    out = []
    for sentence in sentences:
        for match in _ANAPHOR.finditer(sentence.text):
            start = sentence.start + match.start()
            target = orgs.last_before(_key(match.group(1)), start)
            if target is None or covered.at(start):
                continue
            out.append(
                EntityMention(
                    start,
                    start + match.end() - match.start(),
                    match.group(),
                    target.canonical,
                    target.type,
                    sentence.index,
                    phrase=match.group(),
                    head=match.group(1).lower(),
                    anaphora=True,
                )
            )
    return out


class _Orgs:
    """Organisation mentions by the last word of their key, to find the one a head noun refers back to."""

    def __init__(self, mentions: list[EntityMention]):
        # per head word: (end, list position) sorted by end, and the latest position among the first i
        self.ends: dict[str, list[int]] = {}
        self.latest: dict[str, list[int]] = {}
        self.mentions = mentions
        by_head: dict[str, list[tuple[int, int]]] = {}
        for position, m in enumerate(mentions):
            if m.type == "org" and _key(m.canonical):
                by_head.setdefault(_key(m.canonical).split()[-1], []).append((m.end, position))
        for head, entries in by_head.items():
            entries.sort()
            self.ends[head] = [end for end, _ in entries]
            self.latest[head] = list(accumulate((position for _, position in entries), max))

    def last_before(self, head: str, start: int) -> EntityMention | None:
        """The organisation named ``head`` that comes last in mention order among those ending by ``start``."""
        count = bisect.bisect_right(self.ends.get(head, []), start)
        return self.mentions[self.latest[head][count - 1]] if count else None


class _Covered:
    """Whether an offset falls inside any mention (the furthest end among mentions starting by it)."""

    def __init__(self, mentions: list[EntityMention]):
        spans = sorted((m.start, m.end) for m in mentions)
        self.starts = [start for start, _ in spans]
        self.reach = list(accumulate((end for _, end in spans), max))

    def at(self, offset: int) -> bool:
        """True when some mention has ``start <= offset < end``."""
        count = bisect.bisect_right(self.starts, offset)
        return bool(count) and self.reach[count - 1] > offset


@lru_cache(maxsize=65536)
def _key(name: str) -> str:
    """``convention_key`` memoised: an article repeats its names many times."""
    return convention_key(name)


_CACHE: dict[tuple[str, int, int], list[EntityMention]] = {}


def find_entities(article: Article, sentences: list[Sentence]) -> list[EntityMention]:
    """Named-entity mentions of an article, in text order (cached per article).

    Each ``EntityMention`` has ``start``, ``end`` (offsets into ``article.text``), ``text``
    (the name as written), ``canonical`` (the article's full name of the entity), ``type``
    (place | person | org | group | other), ``role`` for people ("spokeswoman") and
    ``anaphora`` for "the center"-style references.  Other normalizers (e.g. quotes, for
    speakers) may call it; it never raises on any text.
    """
    cache_key = (article.id, len(article.text), hash(article.text))
    if cache_key not in _CACHE:
        if len(_CACHE) > 256:
            _CACHE.clear()
        _CACHE[cache_key] = _find(article, sentences)
    return _CACHE[cache_key]


def _find(article: Article, sentences: list[Sentence]) -> list[EntityMention]:
    tokenized = [_tokenize(s) for s in sentences]
    headlines = {s.index for s, toks in zip(sentences, tokenized) if _is_headline(toks, s)}
    words = _ArticleWords(sentences, tokenized, headlines)
    cands: list[_Candidate] = []
    for sentence, toks in zip(sentences, tokenized):
        cands.extend(
            c
            for c in _sentence_candidates(sentence, toks, words, sentence.index in headlines)
            if _key(" ".join(t.text for t in c.tokens))
        )
    canonical = _resolve(cands)
    types: dict[str, list[str]] = {}
    for index, cand in enumerate(cands):
        types.setdefault(canonical[index], []).append(cand.type)
        if _surname_of(cand, canonical[index]):
            types[canonical[index]].append("person")
    kinds = {name: entity_type(found) for name, found in types.items()}
    mentions = []
    for index, cand in enumerate(cands):
        name = canonical[index]
        phrase = (
            article.text[cand.phrase[0] : cand.phrase[1]]
            if cand.phrase
            else article.text[cand.start : cand.end]
        )
        mentions.append(
            EntityMention(
                cand.start,
                cand.end,
                article.text[cand.start : cand.end],
                name,
                kinds[name],
                cand.sentence.index,
                phrase=phrase,
                head=cand.head,
                role=cand.role,
                role_at=cand.role_at,
            )
        )
    mentions.extend(_anaphora(article, sentences, mentions))
    return sorted(mentions, key=lambda m: (m.start, -m.end))


def extract(article: Article, sentences: list[Sentence]) -> list[Fact]:
    """Entity facts: one per mention, ``subject`` = canonical name, detail type/phrase/head/role."""
    by_index = {s.index: s for s in sentences}
    facts = []
    for m in find_entities(article, sentences):
        sentence = by_index.get(m.sentence)
        if sentence is None:
            continue
        detail: dict[str, Any] = {"type": m.type, "key": m.key, "phrase": m.phrase}
        if m.head:
            detail["head"] = m.head
        word = re.match(r"[\w.-]+", article.text[m.role_at : m.role_at + 40]) if m.role else None
        if word:
            detail.update(role=m.role, role_at=m.role_at, role_word=word.group().rstrip("."))
        if m.anaphora:
            detail["anaphora"] = True
        facts.append(
            Fact.at(
                article,
                sentence,
                "entity",
                m.start,
                m.end,
                subject=m.canonical,
                normalized=m.canonical,
                detail=detail,
            )
        )
    return facts
