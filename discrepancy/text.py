"""Shared text utilities: sentence spans with offsets, and small span helpers.

Normalizers never split text themselves; they take the sentences made here so every
fact of every kind points into the same sentence with the same offsets.
"""

from __future__ import annotations

import re

from .model import Article, Sentence

# Words whose trailing period does not end a sentence.
ABBREVIATIONS = frozenset(
    """
mr mrs ms dr prof gen col lt sgt capt cmdr adm gov sen rep rev st mt ft jr sr co corp inc ltd
jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
no nos vs etc approx est dept univ assn fig al ave blvd rd
""".split()
)

#: Month names, their three-letter abbreviations and "sept" (lower case) -> month number.
MONTHS: dict[str, int] = {
    name: number
    for number, name in enumerate(
        "january february march april may june july august september october november december".split(), 1
    )
}
MONTHS.update({name[:3]: number for name, number in list(MONTHS.items())})
MONTHS["sept"] = 9

_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_QUOTE_PAIR = re.compile(r"“[^“”\n]*”|\"[^\"\n]*\"|«[^«»\n]*»|„[^„“\n]*“")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")


def _is_abbreviation(paragraph: str, end: int) -> bool:
    """True when the period ending at ``end`` belongs to an abbreviation ("U.S.", "Mar.")."""
    match = _WORD_BEFORE.search(paragraph, max(0, end - 40), end + 1)  # a word, not the whole line
    if not match:
        return False
    word = match.group(1)
    if "." in word or len(word) == 1:  # U.S., U.N., initials such as "J."
        return True
    return word.lower() in ABBREVIATIONS


def _paragraph_sentences(paragraph: str) -> list[tuple[int, int]]:
    quoted = [m.span() for m in _QUOTE_PAIR.finditer(paragraph)]
    cuts = []
    for match in _END.finditer(paragraph):
        end = match.end()
        period = match.start()
        if (
            paragraph[period] == "."
            and match.group().startswith(".")
            and len(match.group().rstrip("\"'”’)]")) == 1
            and _is_abbreviation(paragraph, period)
        ):
            continue
        if any(a < period and end < b for a, b in quoted):
            continue  # a sentence end inside a quotation does not end the reporting sentence
        cuts.append(end)
    spans, begin = [], 0
    for cut in cuts + [len(paragraph)]:
        spans.append((begin, cut))
        begin = cut
    return spans


def split_sentences(text: str, start: int = 0) -> list[Sentence]:
    """Sentences of ``text[start:]``; every line break also ends a sentence (news copy is
    written a paragraph per line, headlines carry no period)."""
    sentences: list[Sentence] = []
    for line in re.finditer(r"[^\r\n]+", text[start:]):
        base = start + line.start()
        for a, b in _paragraph_sentences(line.group()):
            chunk = line.group()[a:b]
            stripped = chunk.strip()
            if not stripped:
                continue
            lead = len(chunk) - len(chunk.lstrip())
            s = base + a + lead
            sentences.append(Sentence(s, s + len(stripped), stripped, len(sentences)))
    return sentences


def article_sentences(article: Article) -> list[Sentence]:
    """Sentences of an article's body (metadata such as a ``date`` line or dateline excluded)."""
    sentences = split_sentences(article.text, article.body_start)
    if article.dateline:
        start, end = article.dateline
        sentences = [s for s in sentences if not (start <= s.start < end)]
        sentences = [Sentence(s.start, s.end, s.text, i) for i, s in enumerate(sentences)]
    return sentences
