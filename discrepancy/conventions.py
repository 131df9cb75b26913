"""Spelling conventions that make two names differ without either being wrong.

British/American spelling, transliteration of place and person names, case, hyphens and
Arabic article prefixes: a copy desk may want to know (info), but none is a conflict.
``convention_key`` maps a name to a form in which such variants coincide; ``explain``
says which convention separates two names. Users may add their own pairs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from .gazetteer import fold

#: Word-level British -> American (or old -> current) spellings: (variant, canonical, convention).
WORD_VARIANTS: tuple[tuple[str, str, str], ...] = (
    ("centre", "center", "British/American spelling"),
    ("centres", "centers", "British/American spelling"),
    ("organisation", "organization", "British/American spelling"),
    ("organisations", "organizations", "British/American spelling"),
    ("defence", "defense", "British/American spelling"),
    ("programme", "program", "British/American spelling"),
    ("theatre", "theater", "British/American spelling"),
    ("labour", "labor", "British/American spelling"),
    ("harbour", "harbor", "British/American spelling"),
    ("neighbourhood", "neighborhood", "British/American spelling"),
    ("kiev", "kyiv", "transliteration"),
    ("kharkov", "kharkiv", "transliteration"),
    ("odessa", "odesa", "transliteration"),
    ("lvov", "lviv", "transliteration"),
    ("peking", "beijing", "transliteration"),
    ("bombay", "mumbai", "old name"),
    ("calcutta", "kolkata", "old name"),
    ("madras", "chennai", "old name"),
    ("burma", "myanmar", "old name"),
    ("qaida", "qaeda", "transliteration"),
    ("gadhafi", "gaddafi", "transliteration"),
    ("qaddafi", "gaddafi", "transliteration"),
    ("kadhafi", "gaddafi", "transliteration"),
    ("muhammad", "mohammed", "transliteration"),
    ("mohammad", "mohammed", "transliteration"),
    ("mohamed", "mohammed", "transliteration"),
    ("daesh", "isis", "other name"),
    ("isil", "isis", "other name"),
)

_PREFIX = re.compile(r"^(?:al|el|ad|ash|as|at|ar|an|az)\s*-\s*|^(?:al|el)\s+(?=\w)", re.I)
_ARTICLES = frozenset({"al", "el"})
_SPLIT = re.compile(r"[\s\-‐–—_/]+")


@lru_cache(maxsize=64)
def _table(extra: tuple[tuple[str, str], ...] = ()) -> dict[str, tuple[str, str]]:
    table = {variant: (canonical, why) for variant, canonical, why in WORD_VARIANTS}
    for variant, canonical in extra:
        table[" ".join(tokens(variant))] = (" ".join(tokens(canonical)), "house convention")
    return table


def tokens(name: str) -> list[str]:
    """Folded words of a name, acronym periods and possessives removed ("U.N." -> "un")."""
    name = re.sub(r"(?<=\b[A-Za-z])\.", "", name)
    name = re.sub(r"['’]s?\b", "", name)
    return [t for t in _SPLIT.split(fold(name)) if t and t != "the"]


def strip_prefix(word: str) -> str:
    """The word without an Arabic article ("al-Assad" -> "Assad")."""
    return _PREFIX.sub("", word)


def convention_key(name: str, extra: Iterable[tuple[str, str]] = ()) -> str:
    """A form of ``name`` in which conventional variants coincide (case, hyphens, Centre/Center, Kiev/Kyiv, al-)."""
    return _convention_key(name, tuple(extra))


@lru_cache(maxsize=65536)
def _convention_key(name: str, extra: tuple[tuple[str, str], ...]) -> str:
    table = _table(extra)
    words = tokens(" ".join(strip_prefix(w) for w in name.split()))
    whole = " ".join(words)
    if whole in table:
        return table[whole][0]
    out = [table.get(word, (word, ""))[0] for word in words]
    return " ".join(w for w in out if w not in _ARTICLES)


def explain(a: str, b: str, extra: Iterable[tuple[str, str]] = ()) -> str:
    """Which convention(s) separate two spellings of one name, e.g. "British/American spelling"."""
    table = _table(tuple(extra))
    reasons = []
    ta, tb = tokens(a), tokens(b)
    for x in set(ta) ^ set(tb):
        if x in table:
            reasons.append(table[x][1])
    if ta != tb and [w for w in ta if w not in _ARTICLES] == [w for w in tb if w not in _ARTICLES]:
        reasons.append("Arabic article prefix")
    if not reasons and "".join(ta) == "".join(tb) and ta != tb:
        reasons.append("hyphenation or spacing")
    if not reasons and a != b and a.lower() == b.lower():
        reasons.append("capitalisation")
    if not reasons and ta == tb:
        reasons.append("punctuation or capitalisation")
    return ", ".join(dict.fromkeys(reasons)) or "spelling"


def vowel_skeleton(word: str) -> str:
    """The word with every run of vowels made one mark: transliterations often differ only there."""
    return re.sub(r"[aeiou]+", "*", fold(word))


#: Letters transliterations write for one sound, made one: voiced and voiceless pairs (Greek
#: "mp" is "b" or "p": Tembi / Tempi), c / k / q, y / i.
_ONE_SOUND = str.maketrans("bdgvzcqy", "ptkfskki")


def sound_skeleton(word: str) -> str:
    """``vowel_skeleton`` with doubled letters made single ("Larissa" / "Larisa") and the
    letters of one sound made one ("Tembi" / "Tempi"): two transliterations of one name."""
    return vowel_skeleton(re.sub(r"(.)\1+", r"\1", fold(word)).translate(_ONE_SOUND))


def entity_type(types: Iterable[str]) -> str:
    """One type for an entity from its mentions' types: the best-attested specific one, else "other"."""
    counts = Counter(t for t in types if t != "other")
    for preferred in ("person", "org", "place", "group"):
        if counts[preferred] and counts[preferred] >= max(counts.values()) / 2:
            return preferred
    return "other"
