"""English as data: the word lists behind frames and claim alignment, read once from JSON."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

_HERE = Path(__file__).parent


@cache
def load(name: str) -> Any:
    """The data file ``lang/en/<name>.json``."""
    return json.loads((_HERE / f"{name}.json").read_text(encoding="utf-8"))


@cache
def families() -> dict[str, str]:
    """Word (lemma) -> the family a reader would equate it with: "dead", "death", "toll",
    "kill", "fatality" -> "killed"."""
    out: dict[str, str] = {}
    for family, words in load("frames")["families"].items():
        for word in words.split():
            out[word] = family
    return out


@cache
def predicate_families() -> dict[str, str]:
    """Predicate (lemma, with its particle) -> the event a reader would equate it with:
    "set off", "start", "begin" -> "start"; "struck", "hit", "jolt" -> "strike"."""
    out: dict[str, str] = {}
    for family, phrases in load("frames")["predicate_families"].items():
        for phrase in phrases.split(","):
            out[phrase.strip()] = family
    return out


@cache
def phrases(key: str) -> frozenset[str]:
    """A set of phrases from ``frames.json``, separated by "|" ("so far|to date")."""
    return frozenset(p.strip() for p in load("frames")[key].split("|"))


@cache
def words(key: str, source: str = "frames") -> frozenset[str]:
    """A set of words from ``frames.json`` (``generic_heads``, ``stop``, ``future``...) or
    another data file of this folder (``quotes.json``: ``speech_verbs``, ``titles``...)."""
    return frozenset(load(source)[key].split())
