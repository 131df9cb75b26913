"""Faster forms of patterns give the answers of the plain ones, on any text."""

from __future__ import annotations

import re
import sys

from hypothesis import given
from hypothesis import strategies as st

from discrepancy.doc import _FACT_CUE, _FACT_CUE_FOLDED
from discrepancy.folded import FOLDS_ONTO_ASCII, Folded
from discrepancy.normalize.numbers import _CUE, _CUE_FOLDED

_WORDS = ["one", "Seven", "DOZENS", "noNE", "no", "Ago", "sept", "often", "K", "ſeven", "İ", "ı", "é"]
_text = st.lists(
    st.one_of(st.sampled_from(_WORDS), st.text(max_size=6), st.sampled_from(list(" ,.-'’\u00a0\n_1"))),
    max_size=12,
).map("".join)


@given(_text)
def test_the_fact_and_number_cues_answer_as_the_case_insensitive_patterns(text):
    assert _FACT_CUE_FOLDED.found(text) == (_FACT_CUE.search(text) is not None)
    assert _CUE_FOLDED.found(text) == (_CUE.search(text) is not None)


def test_only_the_listed_characters_fold_onto_ascii_or_change_class_when_lowered():
    letter = re.compile("[a-z]", re.I)
    classes = [re.compile(p) for p in (r"\w", r"\d", r"\s")]
    odd = set()
    for code in range(0x80, sys.maxunicode + 1):
        char = chr(code)
        low = char.lower()
        if letter.fullmatch(char) or len(low) != 1 or any(c.isascii() for c in low):
            odd.add(char)
        elif any(bool(p.match(char)) != bool(p.match(low)) for p in classes):
            odd.add(char)
    assert odd == set(FOLDS_ONTO_ASCII)


def test_a_pattern_it_cannot_fold_is_searched_as_it_is():
    shouting = Folded(re.compile(r"\bUS\b|\W{3}", re.I))  # a capital letter and \W: not folded
    assert shouting._lower is None
    assert shouting.found("the us said") and shouting.found("a---b") and not shouting.found("bus")
    assert Folded(re.compile(r"seven")).found("SEVEN") is False  # case-sensitive stays so


_WORD_AS_WRITTEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_](?:\w|['’](?=[^\W\d_])|[-‐](?=\w))*['’]?")


@given(st.text(alphabet="aZé1_'’-‐ .ſ", max_size=16))
def test_the_entity_word_pattern_finds_the_words_the_plain_one_did(text):
    from discrepancy.normalize.entities import _TOKEN

    assert [m.span() for m in _TOKEN.finditer(text)] == [m.span() for m in _WORD_AS_WRITTEN.finditer(text)]


@given(
    st.lists(
        st.sampled_from(["shortly", "After", "BEFORE", "ahead of", "the", "big", "attack", "vote", "ſ", " "]),
        max_size=8,
    ).map(" ".join)
)
def test_a_sentence_the_relation_cue_passes_over_holds_no_relation(text):
    from discrepancy.normalize.relations import _DIRECTION, RELATION

    assert RELATION.search(text) is None or _DIRECTION.found(text)
