"""The attribute ruler's rules, found by dictionary look-ups instead of its token matcher.

The pipeline's ``attribute_ruler`` maps each fine tag (with exceptions for some words and
dependencies) to a coarse part of speech, morphology and lemma: 179 one- or two-token rules
that spaCy's ``Matcher`` tries at every token, which cost as much as the tagger and parser
together. ``speed_up`` gives the component a ``match`` that finds the very same matches by
indexing each rule under the tag, word or dependency its first token requires; setting the
attributes stays the component's own. A rule of a form this does not read leaves the
component as it is.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

#: The token attributes rules test, in the order of the columns read from a document.
_COLUMNS = ("TAG", "LOWER", "DEP", "IS_SPACE")
#: Attributes a rule is indexed under, most selective first.
_INDEXED = ("LOWER", "TAG", "DEP", "IS_SPACE")

#: (the document's columns of attribute values, token position) -> whether the token passes.
Test = Callable[[list[list[int]], int], bool]
Rule = tuple[int, int, int, list[Test]]  # (order, length, position of the indexed token, tests)


class _Unread(ValueError):
    """A pattern of a form the index does not read."""


def _test(strings: Any, attr: str, value: Any) -> Test:
    """A predicate for one condition of a pattern, on the values the matcher compares (hashes)."""
    if attr not in _COLUMNS:
        raise _Unread(attr)
    col = _COLUMNS.index(attr)
    if isinstance(value, bool):
        want = int(value)
        return lambda cols, i: cols[col][i] == want
    if isinstance(value, str):
        code = strings.add(value)
        return lambda cols, i: cols[col][i] == code
    if isinstance(value, dict) and len(value) == 1:
        ((op, arg),) = value.items()
        if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(a, str) for a in arg):
            codes = frozenset(strings.add(a) for a in arg)
            if op == "IN":
                return lambda cols, i: cols[col][i] in codes
            return lambda cols, i: cols[col][i] not in codes
        if op == "REGEX" and isinstance(arg, str):
            pattern = re.compile(arg)
            return lambda cols, i: pattern.search(strings[cols[col][i]]) is not None
    raise _Unread(f"{attr}: {value!r}")


def _keys(strings: Any, condition: dict[str, Any]) -> tuple[str, tuple[int, ...]] | None:
    """The attribute and values (hashes) a token must have for this condition, if it requires one."""
    for attr in _INDEXED:
        value = condition.get(attr)
        if isinstance(value, bool):
            return attr, (int(value),)
        if isinstance(value, str):
            return attr, (strings.add(value),)
        if isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list):
            return attr, tuple(strings.add(v) for v in value["IN"])
    return None


class FastMatch:
    """A drop-in ``AttributeRuler.match``: the same sorted ``(order, key, start, end)`` list."""

    def __init__(self, ruler: Any, entries: list[dict[str, Any]]) -> None:
        from spacy import attrs

        strings = ruler.vocab.strings
        self.columns = [getattr(attrs, name) for name in _COLUMNS]
        self.index: list[dict[int, list[Rule]]] = [defaultdict(list) for _ in _INDEXED]
        self.anywhere: list[Rule] = []
        self.labels = [strings.add(str(order)) for order in range(len(entries))]
        for order, entry in enumerate(entries):
            for pattern in entry["patterns"]:
                if not pattern or not all(isinstance(cond, dict) and cond for cond in pattern):
                    raise _Unread(str(pattern))
                tests = [_all([_test(strings, a, v) for a, v in cond.items()]) for cond in pattern]
                keyed = [(p, _keys(strings, cond)) for p, cond in enumerate(pattern)]
                usable = [(p, k) for p, k in keyed if k is not None]
                if not usable:
                    self.anywhere.append((order, len(pattern), 0, tests))
                    continue
                position, (attr, values) = min(usable, key=lambda pk: _INDEXED.index(pk[1][0]))
                for value in dict.fromkeys(values):
                    self.index[_INDEXED.index(attr)][value].append((order, len(pattern), position, tests))

    def __call__(self, doc: Any) -> list[tuple[int, int, int, int]]:
        """Every rule matching in ``doc``, sorted as the component's own ``match`` sorts them."""
        n = len(doc)
        if n == 0:
            return []
        cols: list[list[int]] = doc.to_array(self.columns).T.tolist()
        keyed = [(self.index[k], cols[_COLUMNS.index(attr)]) for k, attr in enumerate(_INDEXED)]
        found: set[tuple[int, int, int, int]] = set()
        for i in range(n):
            for table, column in keyed:
                rules = table.get(column[i])
                if rules:
                    self._try(rules, cols, i, n, found)
            if self.anywhere:
                self._try(self.anywhere, cols, i, n, found)
        return sorted(found)

    def _try(
        self, rules: list[Rule], cols: list[list[int]], i: int, n: int, found: set[tuple[int, int, int, int]]
    ) -> None:
        for order, length, position, tests in rules:
            start = i - position
            if start < 0 or start + length > n:
                continue
            if all(test(cols, start + k) for k, test in enumerate(tests)):
                found.add((order, self.labels[order], start, start + length))


def _all(tests: list[Test]) -> Test:
    if len(tests) == 1:
        return tests[0]
    return lambda cols, i: all(test(cols, i) for test in tests)


def speed_up(nlp: Any) -> None:
    """Give the pipeline's attribute ruler the indexed ``match`` (unchanged if it has no ruler
    or a rule of a form the index does not read)."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    try:
        ruler.match = FastMatch(ruler, ruler.patterns)
    except _Unread as exc:
        log.debug("attribute ruler left as it is: a pattern of an unread form (%s)", exc)
