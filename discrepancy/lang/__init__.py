"""Language data: every English word list the project reads lives under ``lang/en/`` as data.

``one_of`` turns such a list into a regular expression that ``re`` searches fast.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def one_of(words: Iterable[str]) -> str:
    """A non-capturing regular expression matching any of ``words``, written as a tree of
    shared prefixes ("t(?:en|hree|wo)") rather than one long alternation: ``re`` tries every
    branch of an alternation at every position of a text, and a tree lets it drop all the
    words of a first letter at once. It matches what ``"|".join`` of the words sorted
    longest first matches, and prefers the same word: of two words that both fit at one
    place (one a prefix of the other), the longer."""
    tree: dict[str, dict] = {}
    for word in set(words):
        if not word:
            raise ValueError("one_of: an empty word matches everywhere")
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    if not tree:
        raise ValueError("one_of: no words")
    return "(?:" + _branch(tree) + ")"


def _branch(node: dict[str, dict]) -> str:
    alternatives = [re.escape(char) + _branch(below) for char, below in sorted(node.items()) if char]
    if not alternatives:
        return ""
    body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
    if "" in node:  # a word ends here: the longer words are tried first, then this one
        return (body if len(alternatives) > 1 else "(?:" + body + ")") + "?"
    return body
