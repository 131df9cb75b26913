"""The language helpers: ``one_of`` matches what a plain alternation matches."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discrepancy.lang import one_of

_ALPHABET = "aontwelvdzs .'-+é"
_WORDS = st.lists(st.text(_ALPHABET, min_size=1, max_size=6), min_size=1, max_size=12)


def _plain(words: list[str]) -> str:
    return "(?:" + "|".join(sorted(map(re.escape, set(words)), key=len, reverse=True)) + ")"


@settings(max_examples=300, deadline=None)
@given(
    _WORDS,
    st.text(_ALPHABET, max_size=30),
    st.sampled_from([r"\b({})\b", r"({})(\w*)", r"({})(?=s)", r"(?i:({}))e"]),
)
def test_one_of_finds_what_the_alternation_finds(words, text, frame):
    tree, plain = re.compile(frame.format(one_of(words))), re.compile(frame.format(_plain(words)))
    assert [(m.span(), m.groups()) for m in tree.finditer(text)] == [
        (m.span(), m.groups()) for m in plain.finditer(text)
    ]


def test_one_of_shares_prefixes():
    assert one_of(["two", "twelve", "ten"]) == "(?:t(?:en|w(?:elve|o)))"
    assert re.fullmatch(one_of(["dozen", "dozens"]), "dozens")


def test_one_of_refuses_what_would_match_everywhere():
    with pytest.raises(ValueError):
        one_of(["", "one"])
    with pytest.raises(ValueError):
        one_of([])
