"""Temporal relations: two reports telling the same thing as happening before the event in
one and after it in the other ("shortly after the attack, Putin dismissed the warnings" vs
"a few days before the attack, Putin dismissed the warnings"). Tuned to miss rather than invent."""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import combinations

from ..model import Article, Finding, Mention, Value
from ..text import article_sentences
from .base import Story, article_list

_RELATION = re.compile(
    r"\b(?P<rel>(?:(?:shortly|soon|just|immediately|hours|days|weeks|moments|minutes|a (?:few|couple of) "
    r"(?:hours|days|weeks)|(?:one|two|three|a) (?:hours?|days?|weeks?))\s+)?"
    r"(?P<dir>after|before|ahead of|prior to|in the wake of))\s+the\s+(?:\w+\s+){0,2}?"
    r"(?P<event>attack|bombing|quake|earthquake|explosion|shooting|raid|strike|blast|massacre|crash)\b", re.I)
_WORD = re.compile(r"[A-Za-z][a-z']+")
_STOP = frozenset("""the a an and or but of in on at to for with by from as that this these those was were is are be been
had has have it its their his her they he she which who said saying says also however""".split())
#: Similarity (rapidfuzz token_set_ratio on content words) above which two sentences tell the same thing.
SAME_STATEMENT = 70


@dataclass(frozen=True)
class Relation:
    """A sentence placing something before or after the story's event."""

    article: Article
    sentence: str
    start: int
    phrase: str
    direction: str
    content: str


def check(story: Story) -> list[Finding]:
    """Opposite relations to the event for the same statement in two reports."""
    from rapidfuzz import fuzz  # imported on use: only this rule needs it
    relations = [r for article in story.articles.values() for r in _relations(article)]
    findings = []
    for a, b in combinations(relations, 2):
        if a.article.id == b.article.id or a.direction == b.direction:
            continue
        if fuzz.token_set_ratio(a.content, b.content) < SAME_STATEMENT:
            continue
        values = tuple(Value(text=r.phrase, normalized=r.direction, mentions=(_mention(r),)) for r in (a, b))
        findings.append(Finding(
            kind="temporal", severity="warning", subject="order of events",
            message=(f"The same statement is placed {a.direction} the event in {a.article.id} "
                     f"('{a.phrase}') but {b.direction} it in {b.article.id} ('{b.phrase}')"),
            values=values, rule="temporal-order",
            detail=(("articles", article_list([a.article.id, b.article.id])),)))
    return findings


def _relations(article: Article) -> list[Relation]:
    out = []
    for sentence in article_sentences(article):
        if sentence.text.count("\u201c") + sentence.text.count('"') and _in_quote(sentence.text):
            continue
        for match in _RELATION.finditer(sentence.text):
            if _inside_quote(sentence.text, match.start()):
                continue
            direction = "before" if match.group("dir").lower() in ("before", "ahead of", "prior to") else "after"
            rest = sentence.text[:match.start()] + " " + sentence.text[match.end():]
            content = " ".join(w.lower() for w in _WORD.findall(rest) if w.lower() not in _STOP)
            out.append(Relation(article, sentence.text, sentence.start + match.start(), match.group(), direction,
                                content))
    return out


def _in_quote(text: str) -> bool:
    """A sentence that is wholly a quotation reports someone's words, not the writer's timeline."""
    stripped = text.strip()
    return stripped[:1] in "\u201c\"" and stripped.rstrip(".")[-1:] in "\u201d\""


def _inside_quote(text: str, offset: int) -> bool:
    before = text[:offset]
    return before.count("\u201c") > before.count("\u201d") or before.count('"') % 2 == 1


def _mention(r: Relation) -> Mention:
    line, column = r.article.position(r.start)
    return Mention(article=r.article.id, line=line, column=column, sentence=r.sentence.strip(),
                   start=r.start, end=r.start + len(r.phrase))
