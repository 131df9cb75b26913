"""Frames: what a fact is a fact *of*, read from the parse of its sentence.

A number's frame names the noun it quantifies with its compounds ("crew members"), the
predicate and voice ("were injured"), the holder it belongs to ("the party's seats",
"Smith, 54"), negation, modality (future, hypothetical, reported), whether it is a part of
a larger whole ("three of the five", "including two") and the content words of its clause
with the fact itself masked. Dates get the same frame for the predicate they attach to
("signed on June 4"). Claims are aligned across articles by these frames, never by a
list of subjects.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from .. import gazetteer
from ..lang import en
from ..model import Frame

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
_NOUNS = ("NOUN", "PROPN")
_UNIT_NOUNS = frozenset({"%", "percent", "cent", "pct", "percentage"})


def context_words(text: str, skip: tuple[int, int] | None = None) -> frozenset[str]:
    """Content words of ``text`` (lower case, stop words out), without the span ``skip``."""
    if skip is not None:
        text = text[: skip[0]] + " " + text[skip[1] :]
    return _content_words(text)


@lru_cache(maxsize=4096)
def _content_words(text: str) -> frozenset[str]:
    """``context_words`` of a whole text: comparing asks for one sentence's many times."""
    stop = en.words("stop")
    return frozenset(_norm(w) for w in _WORD.findall(text) if w.lower() not in stop and len(w) > 2)


def near_words(text: str, start: int, end: int) -> frozenset[str]:
    """The content words (or unit signs) right beside a span: two on each side."""
    stop = en.words("stop")
    before = re.findall(r"[A-Za-z%$€£]+", text[max(0, start - 40) : start])
    after = re.findall(r"[A-Za-z%$€£]+", text[end : end + 40])
    return frozenset(_norm(w) for w in before[-2:] + after[:2] if w.lower() not in stop)


@lru_cache(maxsize=1 << 16)
def _norm(word: str) -> str:
    """A cheap lemma for unparsed text: lower case, plural and past endings folded."""
    w = word.lower().replace("’", "'")
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ed", ""), ("s", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            return w[: len(w) - len(suffix)] + repl
    return w


def _context(doc: Doc, masked: set[int]) -> frozenset[str]:
    """The content words of a parsed sentence, lemmatised, but for the tokens ``masked``."""
    return frozenset(word for i, word in _content_tokens(doc) if i not in masked)


def _content_tokens(doc: Doc) -> tuple[tuple[int, str], ...]:
    """Each content word of the sentence as (its index, its cheap lemma); every fact of the
    sentence asks, so it is kept on the document."""
    kept = doc.user_data.get(_CONTENT_KEY)
    if kept is None:
        stop = en.words("stop")
        kept = doc.user_data[_CONTENT_KEY] = tuple(
            (tok.i, _norm(tok.lemma_))
            for tok in doc
            if tok.is_alpha
            and not tok.like_num
            and len(tok.text) >= 3
            and tok.lower_ not in stop
            and tok.lemma_.lower() not in stop
        )
    return kept


_CONTENT_KEY = "discrepancy.content_tokens"


def _compound(noun: Token) -> str:
    """The noun with the compound nouns before it: "crew member", "vote share"."""
    parts = [
        c
        for c in noun.children
        if c.dep_ == "compound" and c.i < noun.i and c.pos_ in _NOUNS and not c.like_num
    ]
    words = [c.lemma_.lower() for c in sorted(parts, key=lambda t: t.i)] + [noun.lemma_.lower()]
    return " ".join(words)


def _predicate(token: Token) -> Token | None:
    """The nearest verb governing ``token`` (itself if it is one)."""
    seen = 0
    while seen < 12:
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("amod", "aux", "auxpass"):
            return token
        if token.head.i == token.i:
            return token if token.pos_ in ("VERB", "AUX") else None
        token = token.head
        seen += 1
    return None


def _verb_phrase(verb: Token | None) -> str:
    """The predicate as a reader names it: the lemma with its particle ("set off", "take off")."""
    if verb is None:
        return ""
    particles = [c.lower_ for c in verb.children if c.dep_ == "prt"]
    return " ".join([verb.lemma_.lower(), *particles[:1]])


def _family(lemma: str) -> str:
    return en.families().get(lemma.lower(), "")


def _modality(verb: Token | None) -> str:
    if verb is None:
        return "asserted"
    auxes = {c.lemma_.lower() for c in verb.children if c.dep_ in ("aux", "auxpass")}
    lemma = verb.lemma_.lower()
    if auxes & en.words("future") or (
        lemma in en.words("future")
        and (verb.tag_ == "VBN" or any(c.dep_ == "xcomp" for c in verb.children))
        and not any(c.dep_ == "prt" for c in verb.children)
    ):
        return "future"  # "will open", "set to launch", "scheduled for June"; not "set off at 8:15"
    if auxes & en.words("hypothetical") or any(
        c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in verb.children
    ):
        return "hypothetical"
    head = verb.head
    if verb.dep_ in ("xcomp",) and head.lemma_.lower() in en.words("future"):
        return "future"
    return "asserted"


def _negated(verb: Token | None, noun: Token | None) -> bool:
    """The figure itself is denied ("did not kill 40"), not a clause it explains ("does not
    count as a record because of the 42 pacemakers")."""
    if noun is not None and any(c.dep_ == "neg" for c in noun.children):
        return True
    if verb is None or not any(c.dep_ == "neg" for c in verb.children):
        return False
    if noun is None:
        return True
    # what the verb denies is its own subject or object, not a phrase hung on it
    return noun.head.i == verb.i and noun.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "oprd", "dative")


def _holder(noun: Token | None, number: Token, verb: Token | None) -> str:
    """Who owns what is counted: a possessive ("the party's 40 seats"), a name the number
    stands beside ("Smith, 54"), or the subject of a verb of having or winning."""
    if noun is not None:
        for c in noun.children:
            if c.dep_ == "poss" and c.pos_ == "PROPN":
                return _name(c)
    if number.dep_ == "appos" and number.head.pos_ == "PROPN":
        return _name(number.head)
    person = _aged(noun)
    if person is not None:
        return _name(person)
    people = _ages_of_people(number)
    if people is not None:
        return people.lemma_.lower()  # "two sons, 11 and 14": the sons
    if verb is not None and verb.lemma_.lower() in (
        "win",
        "hold",
        "secure",
        "take",
        "gain",
        "lose",
        "get",
        "have",
        "keep",
        "retain",
        "receive",
        "score",
        "offer",
        "bid",
        "pay",
        "earn",
        "sentence",
        "serve",
        "face",
        "jail",
        "fine",
        "give",
        "award",
        "order",
    ):
        for c in verb.children:
            if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "PROPN":
                return _name(c)
            if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "NOUN":
                names = [
                    g for g in c.children if g.dep_ in ("compound", "amod", "poss") and g.pos_ == "PROPN"
                ]
                if names:
                    return _name(names[-1])  # "the Labour party won 40 seats"
    return ""


def _ages_of_people(number: Token) -> Token | None:
    """The people whose ages a bare list of figures gives after them ("two sons, 11 and 14")."""
    tok = number
    if tok.dep_ == "conj" and tok.head.like_num:
        tok = tok.head
    head = tok.head
    if tok.dep_ == "appos" and head.pos_ == "NOUN" and head.lemma_.lower() in en.words("person_nouns"):
        return head
    return None


def _stated_age(number: Token, verb: Token | None) -> bool:
    """A bare figure that is a person's age: "died in Oslo aged 33", "two men aged 20 and 22",
    "Lind was 34 when she died", "Smith, who was 61,", "He was 54 and ..." (not "she was 5
    under par", "the toll was 34")."""
    tok = number.head if number.dep_ == "conj" and number.head.like_num else number
    if not tok.text.isdigit() or not 0 < int(tok.text) < 120:
        return False
    if tok.head.lower_ == "aged" and tok.dep_ in ("dobj", "npadvmod", "attr"):
        return True
    if verb is None or tok.head.i != verb.i or tok.dep_ not in ("attr", "acomp") or verb.lemma_ != "be":
        return False
    after = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if after is not None and not after.is_punct and after.lower_ not in en.words("age_followers"):
        return False
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    return bool(subjects) and (
        subjects[0].lower_ in en.words("person_pronouns")
        or subjects[0].pos_ == "PROPN"
        or subjects[0].lemma_.lower() in en.words("person_nouns")
        or any(c.pos_ == "PROPN" and c.dep_ in ("appos", "compound") for c in subjects[0].children)
    )  # "The singer Mara Lind was 34"


def _described_age(number: Token) -> bool:
    """A figure set off after a singular noun for a person is that person's age: "The woman,
    63, died", "a driver, 45, was arrested" (not "the victims, 12," nor "the company, 54,")."""
    head = number.head
    return (
        number.dep_ == "appos"
        and head.pos_ == "NOUN"
        and head.tag_ == "NN"
        and number.text.isdigit()
        and 0 < int(number.text) < 120
        and head.lemma_.lower() in _persons()
    )


@cache
def _persons() -> frozenset[str]:
    """Nouns for a person a figure after them gives the age of ("the woman, 63,")."""
    return en.words("person_nouns") | en.words("described_persons")


def _age_of(number: Token) -> Token | None:
    """The verb "at the age of N" tells the age at ("died at the age of 33"), or None."""
    of = number.head
    age = of.head
    if number.dep_ != "pobj" or of.lower_ != "of" or age.lemma_.lower() != "age" or age.dep_ != "pobj":
        return None
    return age.head.head if age.head.dep_ == "prep" else None


def _age_holder(number: Token, verb: Token | None) -> str:
    """The named person a stated age is of: the subject of "was 34", the antecedent of "who
    was 61", the one "aged 33" describes ("Lind ... died aged 33", "the victim, Tom Hale, aged
    19"), or "" when the sentence names nobody there (a "he", a "the victim")."""
    tok = number.head if number.dep_ == "conj" and number.head.like_num else number
    person = None
    if tok.head.lower_ == "aged":
        aged = tok.head
        if aged.dep_ in ("amod", "acl"):
            person = aged.head
        elif aged.dep_ in ("advcl", "xcomp"):
            person = next((c for c in aged.head.children if c.dep_ == "nsubj"), None)
    elif (at := _age_of(tok)) is not None:
        person = next((c for c in at.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    elif verb is not None:
        person = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if person is not None and person.lower_ == "who" and verb.dep_ == "relcl":
            person = verb.head
    if person is None:
        return ""
    if person.pos_ == "PROPN":
        return _name(person)
    named = [c for c in person.children if c.pos_ == "PROPN" and c.dep_ in ("appos", "compound")]
    return _name(named[-1]) if named else ""


def _aged(noun: Token | None) -> Token | None:
    """The person whose age "N years" gives, set off after the name ("Saman Gunan, 38 years,",
    "Kipchoge, of 35 years,"), or None."""
    if noun is None or noun.lemma_.lower() != "year" or any(c.lower_ == "old" for c in noun.children):
        return None
    if noun.dep_ == "appos" and noun.head.pos_ == "PROPN":
        return noun.head
    of = noun.head
    if noun.dep_ == "pobj" and of.lower_ == "of" and of.head.pos_ == "PROPN" and of.i == of.head.i + 2:
        return of.head  # "Kipchoge, of 35 years"
    return None


def _name(token: Token) -> str:
    parts = [c for c in token.children if c.dep_ == "compound" and c.pos_ == "PROPN"] + [token]
    return " ".join(t.text for t in sorted(parts, key=lambda t: t.i))


def _place(number: Token, noun: Token | None, verb: Token | None) -> str:
    """The place a figure is given for: a proper noun after "in" on its noun or its verb
    ("90 of them in the Ahrweiler district", "in Belgium, the toll rose to 20")."""
    for tok in (verb, number, noun):
        if tok is None:
            continue
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("in", "at", "across", "around", "throughout"):
                for g in c.children:
                    if g.dep_ != "pobj":
                        continue
                    names = [t for t in g.children if t.dep_ == "compound" and t.pos_ == "PROPN"]
                    if g.pos_ == "PROPN" or names:
                        place = " ".join(
                            t.text
                            for t in sorted(names + ([g] if g.pos_ == "PROPN" else []), key=lambda t: t.i)
                        )
                        if tok is not noun or gazetteer.place(place) is not None:
                            return place  # a noun's "in X" only when X is a known place ("shares in Voltra" is not)
    return ""


def _part_of(number: Token, noun: Token | None) -> str:
    """The whole a sub-count belongs to: "three of the five boats" -> "five boats";
    "including two officers" -> "including"; "11 of them" -> "them"."""
    for tok in (number, noun):
        if tok is None:
            continue
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "among") and tok.i < c.i:
                objects = [g for g in c.children if g.dep_ == "pobj"]
                if objects and (
                    objects[0].lower_ in ("them", "whom", "those", "these", "which")
                    or any(g.dep_ in ("det", "nummod", "poss") for g in objects[0].children)
                    or objects[0].pos_ == "PRON"
                ):
                    if tok is number or noun is None or objects[0].lemma_.lower() == noun.lemma_.lower():
                        return (
                            objects[0].text
                            if objects[0].pos_ == "PRON"
                            else " ".join(t.text for t in objects[0].subtree)
                        )
        head = tok.head
        if head.dep_ == "prep" and head.lower_ in ("including", "among", "besides", "excluding", "plus"):
            if not (tok.dep_ == "pobj" and head.lower_ == "among"):
                return head.lower_  # not "they were among 400 people": there the figure is the whole
        if tok.dep_ == "pobj" and head.lower_ in ("including", "besides", "excluding", "plus"):
            return head.lower_
    doc = number.doc
    after = doc[number.i + 1 : number.i + 6]
    if len(after) and after[0].lower_ in ("of", "out") and any(t.like_num for t in after[1:]):
        return "of " + " ".join(t.text for t in after[1:])  # "48 of Scotland's 59 seats", "four of the 11"
    if (
        len(after) >= 3
        and after[0].pos_ in _NOUNS
        and after[1].lower_ in ("on", "out", "from")
        and after[2].like_num
    ):
        return "of " + after[2].text  # "48 seats on 59" (a translation's "of")
    before = doc[max(0, number.i - 5) : number.i]
    if any(t.lower_ == "of" for t in before[-3:]) and any(t.like_num for t in before[:-1]):
        first = next(t for t in before if t.like_num)
        if any(t.lower_ in ("of", "on") for t in doc[first.i + 1 : number.i]):
            return "whole"  # the 59 of "48 of Scotland's 59 seats": the whole the part is of
    prev = doc[number.i - 1] if number.i else None
    if prev is not None and prev.lower_ in ("last", "first", "remaining", "final", "other"):
        return prev.lower_  # "the last four boys": some of them
    for tok in doc:
        if tok.lower_ == "out" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "of":
            whole = {t.i for t in doc[tok.i + 1].subtree}
            if number.i not in whole and tok.i < number.i:
                return "out of"  # "Out of 23 pirates, 12 are from Somalia": 12 is the part
    return ""


def number_frame(doc: Doc, start: int, end: int) -> Frame | None:
    """The frame of the number written at ``doc.text[start:end]``."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    tokens = list(span)
    nums = [t for t in tokens if t.like_num or t.pos_ == "NUM"]
    number = nums[-1] if nums else span.root
    inside = {t.i for t in tokens}
    noun: Token | None = None
    if (
        number.head.i not in inside
        and number.dep_ in ("nummod", "quantmod", "amod", "compound", "nmod", "npadvmod", "appos")
        and number.head.pos_ in _NOUNS + ("ADJ",)
    ):
        noun = number.head
    elif number.dep_ == "pobj" and number.head.lower_ == "of" and number.head.head.pos_ in _NOUNS:
        noun = number.head.head  # "a death toll of 40", "a population of 20,000"
    if noun is None or _crosses(number, noun) or noun.dep_ == "amod" or noun.pos_ == "ADJ":
        # "12 Somali and 11 Yemeni nationals": coordinated figures share the noun after them,
        # which the parse often hangs elsewhere
        noun = _linear_head(number) or noun
    shared_noun = _shares_noun(number, noun)
    if (
        noun is not None
        and noun.lower_ in _UNIT_NOUNS
        and not any(c.dep_ in ("compound", "amod") and c.pos_ == "NOUN" for c in noun.children)
        and noun.head.pos_ != "NOUN"
    ):
        noun = None  # "Turnout was 66.2%": the % is the unit, not the claim
    if noun is None:
        for c in number.children:  # "dozens of villagers", "thousands of homes"
            if c.dep_ == "prep" and c.lower_ == "of":
                objects = [g for g in c.children if g.dep_ == "pobj" and g.pos_ == "NOUN"]
                if objects and not any(g.dep_ in ("det", "poss", "nummod") for g in objects[0].children):
                    noun = objects[0]
    verb = _predicate(noun if noun is not None else number)
    if (
        noun is None
        and verb is not None
        and (verb.lemma_.lower() in en.words("change_verbs") or verb.lemma_.lower() == "be")
    ):
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in _NOUNS]
        if subjects:
            noun = subjects[0]  # "the death toll rose to 143", "the toll was 40"
    if (
        noun is not None
        and noun.dep_ == "pobj"
        and noun.head.lower_ == "of"
        and noun.head.head.pos_ == "NOUN"
        and noun.head.head.lemma_.lower() not in en.words("generic_heads")
        and noun.head.head.lemma_.lower() in en.words("measure_heads")
    ):
        noun = noun.head.head  # "a majority of 80 seats": the majority is counted, not the seats
    if (
        noun is not None
        and noun.lower_ in ("%", "percent", "pct")
        and noun.head.pos_ == "NOUN"
        and noun.dep_ in ("compound", "amod", "nmod", "npadvmod")
    ):
        noun = noun.head  # "a 31% premium"
    head = _compound(noun) if noun is not None else ""
    set_of = ""
    if noun is not None and head:
        kind = _set_word(number, noun)
        if shared_noun and kind and "." not in number.text:
            set_of = kind
            head = f"{kind} {head}"  # "12 Somali and 11 Yemeni pirates": the Somali pirates
        elif noun.pos_ in ("ADJ", "PROPN") and noun.i == number.i + 1 and _coordinated_figures(number):
            set_of = noun.lower_  # "(12 Somali and 12 Yemeni)": the noun left unsaid
        elif any(
            c.dep_ == "amod" and c.lower_ in ("other", "more", "further", "additional") for c in noun.children
        ):
            head = f"other {head}"  # "seven AK-47 rifles, three other rifles": another set
    key = _key(head, noun, verb, number)
    nxt = doc[number.i + 1 : number.i + 3]
    if len(nxt) == 2 and nxt[0].lower_ in en.words("difference_words") and nxt[1].lower_ in ("of", "than"):
        key = f"difference: {key or head}"  # "four short of Federer's record": a gap, not a count
    masked = inside
    voice = ""
    if verb is not None:
        voice = "passive" if any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) else "active"
    written = verb.lower_ if verb is not None and verb.tag_ in ("VBN", "VBD") else ""
    return Frame(
        head=head,
        key=key,
        predicate=_verb_phrase(verb),
        voice=voice,
        verb=written,
        holder=(
            _age_holder(number, verb)
            if key == "age" and (_stated_age(number, verb) or _age_of(number) is not None)
            else (number.head.lemma_.lower() if key == "age" and _described_age(number) else "")
        )
        or _holder(noun, number, verb)
        or _reference(noun),
        place=_place(number, noun, verb),
        negated=_negated(verb, noun),
        modality="asserted" if key == "age" else _modality(verb),
        part_of=_part_of(number, noun) or ("and" if set_of else "") or _elliptical_part(number, noun),
        when=_when(verb),
        context=_context(doc, masked),
    )


def _when(verb: Token | None) -> str:
    """The day the figure's clause names ("closed at $51.70 on Monday", "on April 25"),
    lower case, or ""."""
    if verb is None:
        return ""
    days, months = en.words("weekdays"), en.words("months")
    running = en.phrases("cumulative_markers")
    for c in verb.children:
        if c.dep_ in ("advmod", "prep") and " ".join(t.lower_ for t in c.subtree) in running:
            return "so far"  # a running total ("has so far lost seven soldiers"), not one day's count
        target = c
        if c.dep_ == "prep" and c.lower_ == "on":
            objects = [g for g in c.children if g.dep_ == "pobj"]
            if not objects:
                continue
            target = objects[0]
        elif c.dep_ != "npadvmod":
            continue
        word = target.lower_
        if word in days:
            return word
        if word in months or any(g.lower_ in months for g in target.children):
            return " ".join(t.lower_ for t in target.subtree if not t.is_punct)
    return ""


def _elliptical_part(number: Token, noun: Token | None) -> str:
    """ "55 wounded, 15 critically": a bare figure with a degree word after it counts some
    of the figure before it."""
    doc = number.doc
    nxt = doc[number.i + 1] if number.i + 1 < len(doc) else None
    if noun is not None or nxt is None or nxt.lower_ not in en.words("severity_adverbs"):
        return ""
    return "of them" if any(t.like_num for t in doc[: number.i]) else ""


def _family_after(noun: Token) -> str:
    """The family of a word right after the counted noun, before the clause goes on."""
    for t in noun.doc[noun.i + 1 : noun.i + 4]:
        if t.is_punct or t.pos_ in ("VERB", "AUX", "CCONJ"):
            return ""
        if t.pos_ in ("ADJ", "NOUN") and _family(t.lemma_):
            return _family(t.lemma_)
    return ""


def _verb_before(number: Token) -> str:
    """The family of a verb written right before the figure and its qualifier, whatever the
    parse hangs the figure from."""
    doc = number.doc
    i = number.i - 1
    while i >= 0 and number.i - i <= 4 and doc[i].pos_ in ("ADV", "ADP", "ADJ", "DET", "NUM", "SYM"):
        i -= 1
    if i >= 0 and number.i - i <= 4 and doc[i].pos_ == "VERB":
        return _family(doc[i].lemma_)
    return ""


def _crosses(number: Token, noun: Token) -> bool:
    """The noun is not in the figure's own phrase: before it, or past a comma or "and"."""
    if noun.i < number.i:
        return True
    return any(t.pos_ == "CCONJ" or t.text in (",", ";") for t in number.doc[number.i + 1 : noun.i])


def _coordinated_figures(number: Token) -> bool:
    """The figure is one of "N X and M Y": another figure two or three words away, across "and"."""
    doc = number.doc
    near = doc[max(0, number.i - 3) : number.i + 4]
    return any(t.pos_ == "CCONJ" for t in near) and sum(t.like_num for t in near) >= 2


def _shares_noun(number: Token, noun: Token | None) -> bool:
    """The figure is one of coordinated figures before one noun ("12 Somali and 11 Yemeni
    pirates"): each counts a part of what the noun names."""
    if noun is None or noun.i <= number.i:
        return False
    between = number.doc[number.i + 1 : noun.i]
    if any(t.pos_ == "CCONJ" for t in between) and any(t.like_num for t in between):
        return True
    before = number.doc[max(0, number.i - 4) : number.i]
    return (
        any(t.pos_ == "CCONJ" for t in before)
        and any(t.like_num for t in before)
        and not any(t.pos_ in _NOUNS and t.dep_ not in ("amod", "compound") for t in before)
    )


def _set_word(number: Token, noun: Token) -> str:
    """The word right after the figure that says which part it counts ("12 Somali")."""
    nxt = number.doc[number.i + 1] if number.i + 1 < len(number.doc) else None
    if nxt is not None and nxt.i < noun.i and nxt.pos_ in ("ADJ", "PROPN"):
        return nxt.lower_
    return ""


def _reference(noun: Token | None) -> str:
    """The place a distance is measured from ("150 nautical miles off Aden", "13 miles
    away from the merchant vessel"): distances from two places are two claims."""
    if noun is None or noun.lemma_.lower() not in en.words("distance_units"):
        return ""
    preps = []
    for c in [*noun.children] + ([noun.head] if noun.dep_ == "npadvmod" else []):
        if c.dep_ == "prep":
            preps.append(c)  # "miles off Aden"
        elif c.dep_ == "advmod":  # "miles west of Aden", "miles away from the ship"
            preps.extend(g for g in c.children if g.dep_ == "prep")
    for prep in preps:
        if prep.lower_ not in ("from", "off", "of", "to"):
            continue
        objects = [g for g in prep.children if g.dep_ == "pobj"]
        if objects:
            target = objects[0]
            inner = [g for c in target.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
            if target.pos_ == "NOUN" and inner and inner[0].pos_ == "PROPN":
                target = inner[0]  # "the town of Bireun"
            return _compound(target)
    return ""


def _linear_head(number: Token) -> Token | None:
    """The noun that ends the figure's phrase, read left to right ("13 fully loaded
    magazines"); coordinated figures share it ("12 Somali and 11 Yemeni nationals")."""
    doc = number.doc
    i, limit = number.i + 1, min(len(doc), number.i + 9)
    while i < limit:
        t = doc[i]
        nxt = doc[i + 1] if i + 1 < len(doc) else None
        if t.pos_ not in ("ADJ", "ADV", "NOUN", "PROPN") and t.text != "-":
            return None
        if nxt is not None and nxt.pos_ == "CCONJ" and i + 2 < len(doc) and doc[i + 2].like_num:
            i += 3
            continue
        if t.pos_ in _NOUNS and (nxt is None or (nxt.pos_ not in _NOUNS and nxt.text != "-")):
            return t
        i += 1
    return None


def _key(head: str, noun: Token | None, verb: Token | None, number: Token) -> str:
    """What a reader would call the claim: a family ("killed") or the counted noun."""
    last = head.split()[-1] if head else ""
    family = _family(head) or _family(last)
    if number.dep_ == "appos" and number.head.pos_ == "PROPN" or _aged(noun) is not None:
        return "age"
    if _described_age(number):
        return "age"
    if _stated_age(number, verb) or _age_of(number) is not None:
        return "age"
    if _ages_of_people(number) is not None:
        return "age"
    modifiers: Iterable[Any] = noun.children if noun is not None else ()
    mod_family = next(
        (
            _family(c.lemma_)
            for c in modifiers
            if c.dep_ in ("amod", "acl", "relcl", "compound") and _family(c.lemma_)
        ),
        "",
    )
    verb_family = _family(verb.lemma_) if verb is not None else ""
    if not verb_family:
        verb_family = _verb_before(number)  # "killed about 40 Palestinians sheltering in ..."
    if not mod_family and noun is not None:
        mod_family = _family_after(noun)  # "leaving 40 people dead", "50 people with serious injuries"
    if family:
        return family
    if last in en.words("time_units"):
        return head  # "the 13 days of the offensive": a duration, whatever the verb
    if not last or last in en.words("generic_heads"):
        if mod_family or verb_family:
            return mod_family or verb_family
        lemma = verb.lemma_.lower() if verb is not None else ""
        if noun is not None and (not lemma or lemma in en.words("light_verbs")):
            clauses = [c for c in noun.children if c.dep_ in ("relcl", "acl") and c.pos_ == "VERB"]
            lemma = (
                clauses[0].lemma_.lower() if clauses else lemma
            )  # "among 400 people who had sought shelter"
        if last not in ("people", "person"):
            return ""
        light = en.words("light_verbs")
        if noun is not None and _fronted_whole(noun, verb):
            lemma = ""  # "Of the 57 people on board, 51 were lifted off": the verb is the part's
        elif lemma in light and verb is not None and noun is not None and noun.dep_ in ("nsubj", "nsubjpass"):
            objects = [c for c in verb.children if c.dep_ == "dobj" and c.pos_ == "NOUN" and not c.like_num]
            lemma = objects[0].lemma_.lower() if objects else lemma  # "350 people were taking shelter"
        if lemma and lemma not in light:
            return f"people {lemma}"  # "about 1,000 people were sheltering": what they did names them
        where = _where_people(noun, verb) if noun is not None else ""
        return f"people {where}" if where else ""  # "126 people on board" / "162 persons were on board"
    if mod_family or verb_family in (
        "killed",
        "injured",
        "missing",
        "arrested",
        "rescued",
        "displaced",
        "hospitalised",
    ):
        return f"{head} {mod_family or verb_family}"  # "children killed", "soldiers injured"
    return head


def _fronted_whole(noun: Token, verb: Token | None) -> bool:
    """The counted noun heads a prepositional phrase in front of its clause's verb ("Of the 57
    people on board, 51 were ..."): a whole its clause counts a part of."""
    prep = noun.head
    return (
        verb is not None
        and noun.dep_ == "pobj"
        and prep.dep_ == "prep"
        and prep.head.i == verb.i
        and prep.i < verb.i
        and any(t.is_punct for t in noun.doc[noun.i : verb.i])
    )


def _where_people(noun: Token, verb: Token | None) -> str:
    """Where counted people are, when nothing they did names them: "on board", "in the
    building" (a common noun, not a named place)."""
    heads = [noun]
    if (
        verb is not None
        and verb.lemma_.lower() in en.words("light_verbs")
        and noun.dep_ in ("nsubj", "nsubjpass")
    ):
        heads.append(verb)  # "162 persons were on board"
    for head in heads:
        for prep in head.children:
            if prep.dep_ != "prep" or prep.i < head.i:
                continue  # not "At the moment of the explosion, 162 persons were on board"
            objects = [c for c in prep.children if c.dep_ == "pobj" and c.pos_ == "NOUN"]
            if objects:
                return f"{prep.lower_} {objects[0].lemma_.lower()}"
    return ""


def date_frame(doc: Doc, start: int, end: int) -> Frame | None:
    """The frame of a date or time: the predicate or event noun it dates ("signed on June 4",
    "the 19 July truce", "the quake struck at 0737 GMT")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    inside = {t.i for t in span}
    root = span.root
    anchor = root.head
    if anchor.i in inside:
        anchor = root
    if anchor.dep_ == "prep" or anchor.pos_ == "ADP":
        anchor = anchor.head
    event: Token | None = None
    dates_noun = False
    if anchor.pos_ in _NOUNS and anchor.i not in inside:
        event = anchor  # "the 19 July truce", "Tuesday's attack"
        dates_noun = True
    verb = _predicate(anchor)
    if verb is not None:
        first = min(inside)
        for t in reversed(doc[verb.i + 1 : first]):
            if t.pos_ == "VERB" and t.dep_ == "conj" and t.head.i == verb.i:
                verb = t  # "made a rapid descent and landed at 11:50": the nearer of two verbs
                break
    if event is None and verb is not None:
        objects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.pos_ == "NOUN"]
        event = objects[0] if objects else None
    head = _compound(event) if event is not None else ""
    masked = inside
    # who did what is dated: "the King visited on Friday" / "Rajoy visited on Thursday" are two visits
    agents = [c for c in verb.children if c.dep_ == "nsubj" and c.pos_ == "PROPN"] if verb is not None else []
    return Frame(
        head=head,
        key=verb.lemma_.lower() if verb is not None else head,
        predicate=_verb_phrase(verb),
        voice="passive" if verb is not None and any(c.dep_ == "auxpass" for c in verb.children) else "",
        # the verb written in the past that the date itself dates (not "invited to the final on July 15")
        verb=verb.lower_ if verb is not None and verb.tag_ in ("VBN", "VBD") and not dates_noun else "",
        holder=_name(agents[0]) if agents else "",
        negated=_negated(verb, None),
        modality=_modality(verb),
        part_of="",
        context=_context(doc, masked),
    )


def span_frame(text: str, start: int, end: int) -> Frame:
    """A frame for a span of an unparsed sentence: its context words only."""
    return Frame(context=context_words(text, (start, end)))
