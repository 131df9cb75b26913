"""Names that differ between reports: misspellings, mistranslations, conventions and roles.

Two entities are compared only when each is written in some article without the other, their names
differ in exactly one word, that word is spelled alike (rapidfuzz ratio and Jaro-Winkler)
and is not a derivation (Tajiks/Tajikistan), and the sentences around them share context
(other entities, class nouns such as "cathedral", content words). Then:

- error: a place the gazetteer knows against a look-alike it does not know ("Cologne" vs
  "Colony"), or a person's name spelled two ways ("Khodorkovsky" vs "Khodorkovski");
- warning: one place under two names (an exonym left by a translation: "Colonia"), or
  another name spelled two ways;
- info: differences of convention (Centre/Center, Kiev/Kyiv, ISIS/Isis, al-, hyphens) or
  of vowels only (a transliteration: Khaled/Khalid), and a person given different roles.

Two places the gazetteer knows as different places are never a variant (Austria/Australia).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations

from ..conventions import convention_key, entity_type, explain, sound_skeleton, vowel_skeleton
from ..gazetteer import place
from ..model import Fact, Finding, Mention, Value
from .base import RULER_NUMBER, Story, article_list, mention, singular_and_plural

#: Endings that turn a name into its people or adjective: a demonym is not a misspelling.
DERIVATION_ENDINGS = frozenset(
    """
 s n an ans ian ians ean eans ese i is ish ic ics a ia e es istan stan land er ers ite ites ni nis
""".split()
) | {""}
#: Role nouns that name the same role ("spokesperson"/"spokeswoman").
ROLE_SYNONYMS = (
    frozenset({"spokesman", "spokeswoman", "spokesperson"}),
    frozenset({"lawmaker", "legislator", "mp", "deputy"}),
    frozenset({"magnate", "tycoon"}),
    frozenset({"reporter", "correspondent", "journalist"}),
    frozenset({"premier", "minister"}),  # "Prime Minister Ehud Olmert" / "premier Ehud Olmert"
)
#: Offices one person does not hold at once: two of them for one person contradict.
OFFICES = frozenset(
    {
        "president",
        "minister",
        "governor",
        "mayor",
        "ambassador",
        "commissioner",
        "chancellor",
        "senator",
        "premier",
        "spokesman",
        "spokeswoman",
        "spokesperson",
    }
)
_DEMONYM = re.compile(r"(?:ese|ian|ians|ish|ean|eans|an|ans|ite|ites|ic|ics|ch|ot|ots)\Z")
#: Demonyms that are neither their country's name plus an ending nor far from it in spelling.
IRREGULAR_DEMONYMS = frozenset(
    "greek greeks argentine argentines filipino filipinos cypriot cypriots "
    "slovene slovenes croat croats serb serbs dane danes swede swedes".split()
)
_STOP = frozenset(
    """
about above after again against also among another around because been before being below between both
could does doing down during each from further have having here into itself just more most much must
only other over same should since some such than that their them then there these they this those
through under until very were what when where which while will with within would your said says told
according reported report reports people year years last first time like also however
""".split()
)
_WORD = re.compile(r"[A-Za-z][a-z'-]{3,}")
_MAX_SHOWN = 5


@dataclass
class _Entity:
    """One entity across the story: every fact whose canonical name has this key."""

    key: str
    facts: list[Fact] = field(default_factory=list)
    context_words: set[str] = field(default_factory=set)
    context_entities: set[str] = field(default_factory=set)
    heads: set[str] = field(default_factory=set)

    @property
    def articles(self) -> set[str]:
        return {f.article for f in self.facts}

    @property
    def name(self) -> str:
        """The most written full spelling."""
        return Counter(f.subject for f in self.facts).most_common(1)[0][0]

    @property
    def type(self) -> str:
        return entity_type(str(f.detail.get("type", "other")) for f in self.facts)

    def names(self) -> list[Fact]:
        """Facts that write the name itself (not "the center")."""
        return [f for f in self.facts if not f.detail.get("anaphora")]


def _extra(story: Story) -> list[tuple[str, str]]:
    """The desk's own variant groups as (variant, canonical) pairs."""
    return [(v, group[0]) for group in story.variants for v in group[1:] if group]


def _entities(facts: list[Fact], extra: list[tuple[str, str]]) -> dict[str, _Entity]:
    entities: dict[str, _Entity] = {}
    by_sentence: dict[tuple[str, int], set[str]] = {}
    keyed = []
    for fact in facts:
        key = convention_key(fact.subject, extra)
        if not key:
            continue
        keyed.append((key, fact))
        by_sentence.setdefault((fact.article, fact.sentence_index), set()).add(key)
    read: set[tuple[str, str, int]] = set()  # (key, article, sentence) whose context is taken
    for key, fact in keyed:
        entity = entities.setdefault(key, _Entity(key))
        entity.facts.append(fact)
        if (key, fact.article, fact.sentence_index) not in read:  # a name twice in one sentence
            read.add((key, fact.article, fact.sentence_index))
            for near in (fact.sentence_index - 1, fact.sentence_index, fact.sentence_index + 1):
                entity.context_entities |= by_sentence.get((fact.article, near), _NONE)
            entity.context_words |= _sentence_words(fact.sentence)
        if fact.detail.get("head"):
            entity.heads.add(str(fact.detail["head"]).lower())
        if fact.detail.get("role"):
            entity.heads.add(str(fact.detail["role"]).split()[-1])  # "commander": what the person is
    for key, entity in entities.items():  # its own name is no context of it
        entity.context_entities.discard(key)
        entity.context_words.difference_update(key.split())
    return entities


_NONE: frozenset[str] = frozenset()


@lru_cache(maxsize=4096)
def _sentence_words(sentence: str) -> frozenset[str]:
    """A sentence's content words, lower-cased (every name in it asks: worked out once)."""
    return frozenset(w for w in map(str.lower, _WORD.findall(sentence)) if w not in _STOP)


def _value(facts: list[Fact], normalized: str) -> Value:
    """A value written as in context ("cathedral of Colony") when every mention is, else as the name."""
    phrases = {str(f.detail.get("phrase") or f.text) for f in facts}
    if len(phrases) == 1:
        phrase = phrases.pop()
        return Value(
            text=phrase, normalized=normalized, mentions=tuple(_phrase_mention(f, phrase) for f in facts)
        )
    text = Counter(f.text for f in facts).most_common(1)[0][0]
    return Value(text=text, normalized=normalized, mentions=tuple(mention(f) for f in facts))


def _phrase_mention(fact: Fact, phrase: str) -> Mention:
    """Where the phrase holding the name begins (the name may sit at its end: "cathedral of Colony")."""
    offset = max(phrase.find(fact.text), 0)
    return Mention(
        article=fact.article,
        line=fact.line,
        column=fact.column - offset,
        sentence=fact.sentence,
        start=fact.start - offset,
        end=fact.start - offset + len(phrase),
    )


def _where(entity: _Entity) -> str:
    return article_list(sorted(entity.articles))


# --- spellings of one entity that differ only by convention -------------------------------------


def _convention_findings(entities: dict[str, _Entity], extra: list[tuple[str, str]]) -> list[Finding]:
    findings = []
    for entity in entities.values():
        spellings: dict[str, list[Fact]] = {}
        for fact in entity.names():
            if convention_key(fact.text, extra) == entity.key:
                spellings.setdefault(fact.text, []).append(fact)
        spellings = {s: fs for s, fs in spellings.items() if not _shouted_name(s)}
        if len(spellings) < 2:
            continue
        forms = sorted(spellings, key=lambda s: (-len(spellings[s]), s))
        reason = explain(forms[0], forms[1], extra)
        values = tuple(_value(spellings[s], s) for s in forms)
        articles = {f.article for fs in spellings.values() for f in fs}
        listed = "; ".join(
            f"'{s}' ({article_list(sorted({f.article for f in spellings[s]}))})" for s in forms
        )
        findings.append(
            Finding(
                kind="entity",
                severity="info",
                subject=entity.name,
                message=f"{entity.name} is spelled differently: {listed} ({reason})",
                values=values,
                internal=len(articles) == 1,
                rule="entity-convention",
                detail=(("convention", reason),),
            )
        )
    return findings


def _shouted_name(spelling: str) -> bool:
    """A name in capitals for emphasis (a dateline's "LISBON"), not an acronym such as "ISIS"."""
    return spelling.isupper() and (place(spelling) is not None or (len(spelling) > 6 and "-" not in spelling))


# --- look-alike names that may be one entity ---------------------------------------------------


def _derived(x: str, y: str) -> bool:
    """True when one word is the other with a derivational ending (Tajik/Tajiks/Tajikistan, China/Chinese)."""
    n = 0
    while n < min(len(x), len(y)) and x[n] == y[n]:
        n += 1
    if n < 3:
        return False
    if n == min(len(x), len(y)) and n >= 4:
        return True  # Turk/Turkey, German/Germany: one word extends the other
    if x in IRREGULAR_DEMONYMS or y in IRREGULAR_DEMONYMS:
        return True
    ends = (x[n:], y[n:])
    if all(e in DERIVATION_ENDINGS for e in ends) and (min(map(len, ends)) == 0 or max(map(len, ends)) >= 2):
        return True  # but Lisbon/Lisboa (n/a) is one name spelled two ways
    return n >= 4 and any(_DEMONYM.search(w) for w in (x, y))


def _differing_word(a: _Entity, b: _Entity) -> tuple[str, str] | None:
    """The one word in which two names differ, if they are alike enough to be one name."""
    from rapidfuzz import fuzz
    from rapidfuzz.distance import JaroWinkler

    ta, tb = a.key.split(), b.key.split()
    if len(ta) != len(tb):
        return None
    diffs = [(x, y) for x, y in zip(ta, tb) if x != y]
    if len(diffs) != 1:
        return None
    x, y = diffs[0]
    if min(len(x), len(y)) < 4 or _derived(x, y) or x.isdigit() or y.isdigit():
        return None
    if singular_and_plural(x, y):
        return None  # "an Old Master" / "the Old Masters": one word, singular and plural
    if fuzz.ratio(x, y) < 70 or JaroWinkler.similarity(x, y) < 0.88:
        return None
    return x, y


def _shared(a: _Entity, b: _Entity, display: dict[str, str]) -> tuple[list[str], int]:
    """What both entities' sentences share: (items to show, strong items: entities and class nouns)."""
    names = {f.subject for e in (a, b) for f in e.facts}
    strong = sorted(a.heads & b.heads) + sorted(
        display.get(k, k) for k in (a.context_entities & b.context_entities) if k not in (a.key, b.key)
    )
    strong = [s for s in strong if s not in names]
    weak = sorted((a.context_words & b.context_words) - {w.lower() for s in strong for w in s.split()})
    return strong + weak, len(strong)


def _last_vowel_only(x: str, y: str) -> bool:
    """Two names that differ only in their final vowel."""
    x, y = x.lower().rstrip(), y.lower().rstrip()
    return (
        len(x) == len(y) >= 5
        and x[:-1] == y[:-1]
        and x[-1] != y[-1]
        and x[-1] in "aeiou"
        and y[-1] in "aeiou"
    )


def _classify(a: _Entity, b: _Entity, x: str, y: str) -> tuple[str, str] | None:
    """(severity, why) for two look-alike names, or None when they are two different things."""
    pa, pb = place(a.name), place(b.name)
    # a transliteration moves vowels inside a name (Khaled/Khalid); a different last vowel
    # makes another word in the languages that end names in one (Castellano/Castellani)
    vowels_only = vowel_skeleton(x) == vowel_skeleton(y) and not _last_vowel_only(x, y)
    # a place's name in another language's letters: doubled letters made single, one sound
    # written two ways ("Larissa" / "Larisa", "Tempi" / "Tembi"); not a person's ("Masi" / "Massi")
    sounds_alike = vowels_only or (sound_skeleton(x) == sound_skeleton(y) and not _last_vowel_only(x, y))
    if pa and pb:
        if not pa.ids & pb.ids:
            return None
        if sounds_alike:
            return "info", "one place, spelled two ways (transliteration)"
        return (
            "warning",
            "one place under two names (an exonym or source-language form left by a translation?)",
        )
    if pa or pb:
        known, other = (a, b) if pa else (b, a)
        if other.type in ("person", "org") or known.type == "person":
            return None
        if other.type == "place":
            # a village the gazetteer does not list may be a second place, not a misspelling
            return "info", f"{known.name} is a known place; {other.name} is a place it does not list"
        if sounds_alike:
            return (
                "info",
                f"{known.name} is a known place; {other.name} differs as transliterations do (vowels, "
                "doubled letters, b/p)",
            )
        return (
            "error",
            f"{known.name} is a place the gazetteer knows, {other.name} is not (misspelling or mistranslation?)",
        )
    if vowels_only:
        return "info", "the names differ in vowels only (transliteration?)"
    regnal = [re.search(rf"\s({RULER_NUMBER})$", n.name) for n in (a, b)]
    if regnal[0] and regnal[1] and regnal[0].group(1) == regnal[1].group(1):
        return (
            "info",
            "a ruler's name with its number, as each language writes it (Richard III / Riccardo III)",
        )
    if "person" in (a.type, b.type):
        if a.type not in ("person", "other") or b.type not in ("person", "other"):
            return None
        return "error", "a person's name spelled two ways"
    if a.type != b.type and "other" not in (a.type, b.type):
        return None
    return "warning", "a name spelled two ways"


def _variant_findings(entities: dict[str, _Entity]) -> list[Finding]:
    from rapidfuzz import fuzz

    display = {key: entity.name for key, entity in entities.items()}
    findings = []
    pool = [e for e in entities.values() if e.names() and e.type != "group"]
    where = {e.key: e.articles for e in pool}  # once per entity, not once per pair
    for a, b in combinations(sorted(pool, key=lambda e: e.key), 2):
        # each spelling must stand alone somewhere: names always written side by side are two things
        if not (where[a.key] - where[b.key] and where[b.key] - where[a.key]) or fuzz.ratio(a.key, b.key) < 60:
            continue
        differing = _differing_word(a, b)
        if differing is None:
            continue
        verdict = _classify(a, b, *differing)
        if verdict is None:
            continue
        severity, why = verdict
        shared, strong = _shared(a, b, display)
        if strong < 1 or len(shared) < (2 if severity != "info" else 1):
            continue
        findings.append(_variant_finding(a, b, severity, why, shared))
    return findings


def _variant_finding(a: _Entity, b: _Entity, severity: str, why: str, shared: list[str]) -> Finding:
    def weight(entity: _Entity) -> tuple[bool, bool, int]:
        known = place(entity.name)
        return known is not None, bool(known and known.main), len(entity.articles)

    first, second = (a, b) if weight(a) >= weight(b) else (b, a)
    values = (_value(first.names(), first.name), _value(second.names(), second.name))
    message = (
        f"'{first.name}' ({values[0].text}, in {_where(first)}) vs '{second.name}' "
        f"({values[1].text}, in {_where(second)}): {why}; both: {', '.join(shared[:_MAX_SHOWN])}"
    )
    return Finding(
        kind="entity",
        severity=severity,
        subject=first.name,
        message=message,
        values=values,
        rule="entity-variant",
        detail=(("context", ", ".join(shared[:_MAX_SHOWN])),),
    )


# --- one person, different roles ---------------------------------------------------------------


def _role_head(role: str) -> tuple[bool, str]:
    words = role.lower().split()
    return ("former" in words or "ex" in words), (words[-1] if words else "")


def _same_role(r1: str, r2: str) -> bool:
    return r1 == r2 or any(r1 in group and r2 in group for group in ROLE_SYNONYMS)


def _role_findings(entities: dict[str, _Entity]) -> list[Finding]:
    findings = []
    for entity in entities.values():
        if entity.type != "person":
            continue
        written: dict[str, list[Fact]] = {}
        for fact in entity.facts:
            if fact.detail.get("role_word"):
                written.setdefault(str(fact.detail["role_word"]), []).append(fact)
        roles = {str(f.detail["role"]) for fs in written.values() for f in fs}
        distinct = {_role_head(r) for r in roles}
        if len(distinct) < 2 or len({f.article for fs in written.values() for f in fs}) < 2:
            continue
        offices = {head for _, head in distinct if head in OFFICES}
        contradict = len(offices) >= 2 and not all(_same_role(p, q) for p, q in combinations(offices, 2))
        shown = sorted(written, key=lambda w: (-len(written[w]), w))
        listed = "; ".join(f"'{w}' ({article_list(sorted({f.article for f in written[w]}))})" for w in shown)
        values = tuple(
            Value(
                text=w,
                normalized=str(written[w][0].detail["role"]),
                mentions=tuple(_role_mention(f) for f in written[w]),
            )
            for w in shown
        )
        findings.append(
            Finding(
                kind="entity",
                severity="warning" if contradict else "info",
                subject=entity.name,
                message=f"{entity.name} is described as {listed}",
                values=values,
                rule="entity-role",
            )
        )
    return findings


def _role_mention(fact: Fact) -> Mention:
    """Where the role word is written (on the name's line: a sentence never spans lines)."""
    shift = int(fact.detail["role_at"]) - fact.start
    return Mention(
        article=fact.article,
        line=fact.line,
        column=fact.column + shift,
        sentence=fact.sentence,
        start=fact.start + shift,
        end=fact.start + shift + len(str(fact.detail["role_word"])),
    )


def check(story: Story) -> list[Finding]:
    """Entity findings for one story: look-alike names, convention spellings and roles."""
    facts = story.of_kind("entity")
    if not facts:
        return []
    extra = _extra(story)
    entities = _entities(facts, extra)
    return _convention_findings(entities, extra) + _variant_findings(entities) + _role_findings(entities)
