"""Saved web pages (``.html``/``.htm``): the article's main text, title and publication date.

trafilatura finds the main text and the page's metadata. The article handed on keeps the
page's own offsets: every character of the main text sits at the offset where the page
writes it (a character written as an entity at the entity's end, the rest of the entity a
zero-width space), everything else (markup, menus, scripts) is blanked to spaces and a
line break ends each paragraph, while line numbers are counted in the page itself. So a finding's
line and column point into the saved file, as they do for a text file.
"""

from __future__ import annotations

import html
import logging
import re
from pathlib import Path

from .model import Article

log = logging.getLogger(__name__)

# Markup that holds no article text, then any tag, comment or declaration.
_SKIP = re.compile(
    r"<(script|style|noscript|template|svg)\b.*?</\1\s*>|<!--.*?-->|<![^>]*>|<\?.*?\?>|<[^>]*>", re.S | re.I
)
_ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Fills the rest of an entity's characters: not a space, so "town&#8217;s" stays one word.
_JOINER = "\u200b"


class PageError(ValueError):
    """The page has no main text that could be found."""


def _visible(page: str) -> tuple[str, list[int], dict[int, int]]:
    """The page's text outside markup, entities decoded, without whitespace; for each of its
    characters the offset in ``page`` where it is written; and where each entity begins,
    keyed by the offset its decoded character is placed at (the entity's last)."""
    chars: list[str] = []
    where: list[int] = []
    entities: dict[int, int] = {}
    at = 0
    for match in _SKIP.finditer(page):
        _text_run(page, at, match.start(), chars, where, entities)
        at = match.end()
    _text_run(page, at, len(page), chars, where, entities)
    return "".join(chars), where, entities


def _text_run(
    page: str, start: int, end: int, chars: list[str], where: list[int], entities: dict[int, int]
) -> None:
    at = start
    for entity in _ENTITY.finditer(page, start, end):
        _plain(page, at, entity.start(), chars, where)
        decoded = [ch for ch in html.unescape(entity.group()) if not ch.isspace()]
        # decoded characters sit at the entity's end, so "&ldquo;Hello" reads “Hello
        for k, ch in enumerate(decoded):
            offset = entity.end() - len(decoded) + k
            chars.append(ch)
            where.append(offset)
            entities[offset] = entity.start()
        at = entity.end()
    _plain(page, at, end, chars, where)


def _plain(page: str, start: int, end: int, chars: list[str], where: list[int]) -> None:
    for offset in range(start, end):
        if not page[offset].isspace():
            chars.append(page[offset])
            where.append(offset)


def place_text(page: str, paragraphs: list[str]) -> tuple[str, int]:
    """A copy of ``page`` with only the paragraphs' characters at their own offsets
    (everything else a space, a line break after each paragraph); and how many paragraphs
    could not be found in the page."""
    visible, where, entities = _visible(page)
    out = [" "] * len(page)
    cursor, missed = 0, 0
    for paragraph in paragraphs:
        squeezed = "".join(paragraph.split())
        if not squeezed:
            continue
        found = visible.find(squeezed, cursor)
        if found < 0:
            found = visible.find(squeezed)
        if found < 0:
            missed += 1
            continue
        positions = where[found : found + len(squeezed)]
        for ch, offset in zip(squeezed, positions):
            out[offset] = ch
            for filler in range(entities.get(offset, offset), offset):
                if out[filler] == " ":
                    out[filler] = _JOINER
        # a word gap in the paragraph that the page writes without a gap (rare: "a<br>b")
        last = positions[-1]
        end_of_paragraph = next((k for k in range(last + 1, len(page)) if out[k] == " "), None)
        if end_of_paragraph is not None:
            out[end_of_paragraph] = "\n"
        cursor = found + len(squeezed)
    return "".join(out), missed


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def parse_page(page: str, path: Path, article_id: str) -> tuple[Article, list[str]]:
    """An ``Article`` from a saved web page: main text placed at its own offsets, title and
    publication date from the page's metadata; and notes for the user."""
    import trafilatura

    extracted = trafilatura.bare_extraction(
        page, url=None, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    body = (getattr(extracted, "text", None) or "") if extracted is not None else ""
    if not body.strip():
        raise PageError("no article text found in the page")
    title = getattr(extracted, "title", None) or None
    date = getattr(extracted, "date", None) or None
    paragraphs = _paragraphs(body)
    if title and paragraphs and paragraphs[0] == title.strip():
        paragraphs = paragraphs[1:] or paragraphs
    text, missed = place_text(page, paragraphs)
    notes = []
    if missed:
        notes.append(
            f"{path}: {missed} of {len(paragraphs)} paragraph(s) of the page's main text could "
            "not be located in the file; they are left out"
        )
    if not text.strip():
        raise PageError("its main text could not be located in the file")
    starts = (0,) + tuple(m.end() for m in _LINE_BREAK.finditer(page))
    published = date[:10] if date and re.fullmatch(r"\d{4}-\d\d-\d\d.*", date) else None
    return Article(
        id=article_id,
        path=str(path),
        text=text,
        title=title,
        published=published,
        published_source="page metadata" if published else "none",
        body_start=0,
        line_starts=starts,
    ), notes
