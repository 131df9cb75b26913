"""Loading articles from disk: which files, their text, publication date, title, positions.

Files are only ever read. Every problem with an input is an ``InputError`` naming the
file and what to do, which the CLI prints as one line with exit status 2.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
import re
from pathlib import Path
from typing import Callable

from .model import Article
from .text import MONTHS

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = (".txt", ".md")
# Documentation that sits beside articles in a folder; named explicitly, such a file is read.
NOT_ARTICLES = re.compile(r"^(?:readme|source|sources|license|licence|changelog|contributing|notes)(?:\.|$)", re.I)
# A news article is kilobytes; 10 MB (about 15 s per MB to read) is far past any real one.
MAX_BYTES = 10 * 1024 * 1024


_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_TIME = r"(?P<time>[0-2]?\d[:.][0-5]\d(?:\s*[ap]\.?m\.?)?|[0-2]?\d\s*[ap]\.?m\.?)"
DATELINE_PATTERNS = [
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),           # July 2, 2013 / Jul 02 2013
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.I),           # 3 July 2013
    re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?:[^\n\d]{{0,20}}?){_YEAR}\b", re.I),   # Tue Jul 2, 2013 / Thu Nov 10, 2011
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),
    re.compile(r"\b(?P<month>[01]?\d)\s*/\s*(?P<day>[0-3]?\d)\s*/\s*(?P<year>\d\d(?:\d\d)?)\b"),  # 11 / 10 / 11 (US order)
]
_TIME_RE = re.compile(rf"\b{_TIME}", re.I)
_DATE_LINE = re.compile(r"\A\ufeff?[ \t]*date[ \t]+(\d{4}-\d\d-\d\d)\b[ \t]*")
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
# A dateline is short and mostly a date: at most this many words that are not part of it.
_DATELINE_MAX_CHARS = 70


class InputError(Exception):
    """A problem with the user's input; the message names the file and what to do."""


def find_article_files(paths: list[str]) -> tuple[list[Path], list[str]]:
    """Expand folders (recursively, sorted) into article files; return files and notes."""
    if not paths:
        raise InputError("no input: give one or more article files or folders")
    files: list[Path] = []
    notes: list[str] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise InputError(f"{raw}: no such file or folder")
        if not path.is_dir() and not path.is_file():
            raise InputError(f"{raw}: not a regular file (a pipe or device?); give article files or folders")
        if path.is_dir():
            found, skipped = [], []
            for child in sorted(p for p in path.rglob("*") if p.is_file()):   # regular files only
                if any(part.startswith(".") for part in child.relative_to(path).parts):
                    continue
                is_article = child.suffix.lower() in ARTICLE_SUFFIXES and not NOT_ARTICLES.match(child.name)
                (found if is_article else skipped).append(child)
            if skipped:
                notes.append(f"{raw}: skipped {len(skipped)} file(s) that are not .txt or .md articles "
                             f"({', '.join(p.name for p in skipped[:3])}{', ...' if len(skipped) > 3 else ''})")
            if not found:
                raise InputError(f"{raw}: folder holds no .txt or .md articles")
            files.extend(found)
        else:
            files.append(path)
    unique = {f.resolve(): f for f in reversed(files)}      # one file named twice is read once
    return [unique[k] for k in dict.fromkeys(f.resolve() for f in files)], notes


def read_text(path: Path) -> str:
    """The file's text as UTF-8 (a BOM is tolerated); binary or undecodable files are refused."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{path}: file is {size / (1024 * 1024):.1f} MB, over the "
                             f"{MAX_BYTES // (1024 * 1024)} MB limit for one article; split it or leave it out")
        data = path.read_bytes()
    except PermissionError:
        raise InputError(f"{path}: permission denied; make the file readable") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    return decode(data, str(path))


def decode(data: bytes, name: str) -> str:
    """Article bytes as text: UTF-8 (BOM tolerated); UTF-16, binary and other encodings refused
    with a message that says what to do."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError(f"{name}: is UTF-16; re-save the file as UTF-8")
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks like a binary file, not an article; leave it out")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not valid UTF-8 (byte {exc.start}); re-save the file as UTF-8") from None
    if not text.strip():
        raise InputError(f"{name}: file is empty")
    return text


def line_starts(text: str) -> tuple[int, ...]:
    """Offsets where each line begins; CRLF, CR and LF all end a line."""
    return (0,) + tuple(m.end() for m in re.finditer(r"\r\n|\r|\n", text))


def parse_dateline(line: str) -> tuple[str, str | None] | None:
    """(ISO date, time) when a short line is a dateline such as "Tue Jul 2, 2013 1:28PM GMT"."""
    if len(line.strip()) > _DATELINE_MAX_CHARS:
        return None
    for pattern in DATELINE_PATTERNS:
        match = pattern.search(line)
        if not match:
            continue
        month = match.group("month").lower().rstrip(".")
        month_number = int(month) if month.isdigit() else MONTHS.get(month[:4] if month.startswith("sept") else month[:3])
        year = int(match.group("year"))
        if year < 100:                       # "11 / 10 / 11": 1970-2069
            year += 2000 if year < 70 else 1900
        try:
            day = dt.date(year, month_number, int(match.group("day")))
        except (TypeError, ValueError):
            continue
        rest = (line[:match.start()] + " " + line[match.end():])
        time = _TIME_RE.search(rest)
        return day.isoformat(), (time.group("time") if time else None)
    return None


def _front_matter(text: str) -> tuple[dict[str, str], int]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, 0
    fields = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep:
            fields[key.strip().lower()] = value.strip().strip("'\"")
    return fields, match.end()


def _looks_like_headline(line: str) -> bool:
    stripped = line.strip()
    return 0 < len(stripped) <= 120 and not stripped.endswith((".", ",", ";", ":")) and len(stripped.split()) >= 3


def parse_article(text: str, path: Path, article_id: str) -> Article:
    """Build an ``Article``: publication date and title from front matter, a ``date`` line
    or a dateline among the first lines."""
    starts = line_starts(text)
    title = published = published_time = dateline = None
    source = "none"
    body_start = 0
    fields, body_start = _front_matter(text)
    if fields:
        title = fields.get("title") or None
        if fields.get("date"):
            found = parse_dateline(fields["date"]) or _iso(fields["date"])
            if not found:
                raise InputError(f"{path}: front matter date: {fields['date']!r} is not a date; "
                                 "write it as YYYY-MM-DD")
            published, published_time = found
            source = "front-matter"
    date_line = _DATE_LINE.match(text, body_start)
    if published is None and date_line:
        if _iso(date_line.group(1)) is None:
            raise InputError(f"{path}: line 1: {date_line.group(1)} is not a date; write it as YYYY-MM-DD")
        published, source = date_line.group(1), "date-line"
        body_start = date_line.end()
    lines = [text[a:b].rstrip("\r\n") for a, b in zip(starts, starts[1:] + (len(text),))]
    if published is None:
        for number, line in enumerate(lines[:4]):
            found = parse_dateline(line) if line.strip() else None
            if found:
                published, published_time = found
                source = f"dateline (line {number + 1})"
                dateline = (starts[number], starts[number] + len(line))
                break
    if title is None:
        first = next((line for line in text[body_start:].splitlines() if line.strip()), "")
        if _looks_like_headline(first) and not parse_dateline(first):
            title = first.strip()
    return Article(id=article_id, path=str(path), text=text, title=title, published=published,
                   published_time=published_time, published_source=source,
                   body_start=body_start, line_starts=starts, dateline=dateline)


def _iso(value: str) -> tuple[str, None] | None:
    try:
        return dt.date.fromisoformat(value[:10]).isoformat(), None
    except ValueError:
        return None


def _article_ids(files: list[Path]) -> list[str]:
    """File stems, lengthened with their folders (as few as it takes) where two files share one."""
    parts = [f.resolve().with_suffix("").parts for f in files]
    depth = [1] * len(files)
    while True:
        ids = ["/".join(p[-d:]) for p, d in zip(parts, depth)]
        clashes = {i for i, n in Counter(ids).items() if n > 1}     # not ids.count: linear
        if not clashes:
            return ids
        grown = False
        for k, i in enumerate(ids):
            if i in clashes and depth[k] < len(parts[k]):
                depth[k] += 1
                grown = True
        if not grown:       # the same file named twice: read once (find_article_files dedups)
            return ids


def load_articles(paths: list[str], progress: Callable[[int, int], None] | None = None) -> tuple[list[Article], list[str]]:
    """Read every article under ``paths``; return the articles and notes for the user.
    ``progress(done, total)`` is told after each file."""
    files, notes = find_article_files(paths)
    articles = []
    for f, aid in zip(files, _article_ids(files)):
        articles.append(parse_article(read_text(f), f, aid))
        if progress:
            progress(len(articles), len(files))
    for article in articles:
        if article.published is None:
            notes.append(f"{article.path}: no publication date found; relative dates in it are not "
                         "resolved (add a first line 'date YYYY-MM-DD' or front matter 'date:')")
    return articles, notes


def load_text(text: str, article_id: str = "stdin", path: str = "-") -> Article:
    """An article from text in memory (standard input, tests)."""
    return parse_article(text, Path(path), article_id)
