"""Temporal relations: sentences that place something before or after the story's event
("shortly after the attack, Putin dismissed the warnings"). Each becomes a ``relation``
fact: the phrase as written, its direction, and the sentence's content words, so the
temporal rule can pair the same statement across reports. Quotations are skipped: they
report someone's words, not the writer's timeline."""

from __future__ import annotations

import re

from ..folded import Folded
from ..model import Article, Fact, Sentence

_DIRECTIONS = r"after|before|ahead of|prior to|in the wake of"
RELATION = re.compile(
    r"\b(?P<rel>(?:(?:shortly|soon|just|immediately|hours|days|weeks|moments|minutes|a (?:few|couple of) "
    r"(?:hours|days|weeks)|(?:one|two|three|a) (?:hours?|days?|weeks?))\s+)?"
    rf"(?P<dir>{_DIRECTIONS}))\s+the\s+(?:\w+\s+){{0,2}}?"
    r"(?P<event>attack|bombing|quake|earthquake|explosion|shooting|raid|strike|blast|massacre|crash|"
    r"derailment|fire|flood|storm|collapse|election|vote|summit)\b",
    re.I,
)
# every relation names its direction: a sentence without one is not searched further
_DIRECTION = Folded(re.compile(_DIRECTIONS, re.I))
_WORD = re.compile(r"[A-Za-z][a-z']+")
_STOP = frozenset(
    """the a an and or but of in on at to for with by from as that this these those was were is are be been
had has have it its their his her they he she which who said saying says also however""".split()
)
_BEFORE = ("before", "ahead of", "prior to")


def extract(article: Article, sentences: list[Sentence]) -> list[Fact]:
    """Relation facts of one article."""
    facts = []
    for sentence in sentences:
        text = sentence.text
        if _is_quotation(text) or not _DIRECTION.found(text):
            continue
        for match in RELATION.finditer(text):
            if _inside_quote(text, match.start()):
                continue
            direction = "before" if match.group("dir").lower() in _BEFORE else "after"
            rest = text[: match.start()] + " " + text[match.end() :]
            content = " ".join(w.lower() for w in _WORD.findall(rest) if w.lower() not in _STOP)
            start = sentence.start + match.start()
            facts.append(
                Fact.at(
                    article,
                    sentence,
                    "relation",
                    start,
                    start + len(match.group()),
                    subject=f"{direction} the {match.group('event').lower()}",
                    normalized=direction,
                    detail={"event": match.group("event").lower(), "content": content},
                )
            )
    return facts


def _is_quotation(text: str) -> bool:
    """A sentence that is wholly a quotation."""
    stripped = text.strip()
    return stripped[:1] in '\u201c"' and stripped.rstrip(".")[-1:] in '\u201d"'


def _inside_quote(text: str, offset: int) -> bool:
    before = text[:offset]
    return before.count("\u201c") > before.count("\u201d") or before.count('"') % 2 == 1
