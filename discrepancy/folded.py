"""Case-insensitive searches made cheaper: the same answer from a case-sensitive search of the
lower-cased text.

Python's ``re`` tries every alternative of an ``IGNORECASE`` pattern at every position; the same
pattern without the flag, run on ``text.lower()``, is two to three times faster. Both give the
same answer whenever lower-casing keeps the text's length and word, digit and space characters
and maps no non-ASCII letter onto an ASCII one: true of every character but four (Turkish dotted
and dotless i, the long s, the Kelvin sign), for which the original pattern is searched.
"""

from __future__ import annotations

import re

#: The characters ``re.IGNORECASE`` matches to an ASCII letter, or that lower-case to something
#: else than one character of the same class (tested against the whole of Unicode).
FOLDS_ONTO_ASCII = "\u0130\u0131\u017f\u212a"
_SPECIAL = re.compile(f"[{FOLDS_ONTO_ASCII}]")


def lowercase_is_safe(text: str) -> bool:
    """Whether a case-insensitive search of ``text`` gives the same answer as a case-sensitive
    one of ``text.lower()`` (none of the four letters above in it)."""
    return _SPECIAL.search(text) is None


class Folded:
    """``found(text)`` is ``pattern.search(text) is not None``, for an ``IGNORECASE`` pattern."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        eligible = (
            pattern.flags & re.IGNORECASE
            and not pattern.flags & ~(re.IGNORECASE | re.UNICODE)
            and pattern.pattern == pattern.pattern.lower()  # no capital letter, nor \W, \S, \D, \B
        )
        self._lower = re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE) if eligible else None

    def found(self, text: str) -> bool:
        """Whether the pattern occurs in ``text`` (case-insensitively)."""
        if self._lower is None or not lowercase_is_safe(text):
            return self.pattern.search(text) is not None
        return self._lower.search(text.lower()) is not None
