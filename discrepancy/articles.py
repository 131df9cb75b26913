"""Loading articles from disk: which files, their text, publication date, title, positions.

Files are only ever read. Every problem with an input is an ``InputError`` naming the
file and what to do, which the CLI prints as one line with exit status 2.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path

from .model import Article
from .text import MONTHS

log = logging.getLogger(__name__)
# undated articles named one by one in the notes; more are counted in one line
UNDATED_NAMED = 3

ARTICLE_SUFFIXES = (".txt", ".md")
PAGE_SUFFIXES = (".html", ".htm")
#: What a folder is searched for; exports (.jsonl, .csv) are read only when named.
FOLDER_SUFFIXES = ARTICLE_SUFFIXES + PAGE_SUFFIXES
_SUFFIX_WORDS = ".txt or .md articles (nor .html pages)"
#: Written into every markdown and HTML report, so a report is never read back as an article.
REPORT_MARKER = "discrepancy-report@1"
#: The first columns of a CSV report (see render/csv_report.py).
CSV_REPORT_HEADER = "finding,severity,kind,subject"
# Documentation that sits beside articles in a folder; named explicitly, such a file is read.
NOT_ARTICLES = re.compile(
    r"^(?:readme|source|sources|license|licence|changelog|contributing|notes)(?:\.|$)", re.I
)
# A news article is kilobytes; 10 MB (about 15 s per MB to read) is far past any real one.
MAX_BYTES = 10 * 1024 * 1024


_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_TIME = r"(?P<time>[0-2]?\d[:.][0-5]\d(?:\s*[ap]\.?m\.?)?|[0-2]?\d\s*[ap]\.?m\.?)"
DATELINE_PATTERNS = [
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),  # July 2, 2013 / Jul 02 2013
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.I),  # 3 July 2013
    re.compile(
        rf"\b{_MONTH}\s+{_DAY}\b(?:[^\n\d]{{0,20}}?){_YEAR}\b", re.I
    ),  # Tue Jul 2, 2013 / Thu Nov 10, 2011
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),
    re.compile(
        r"\b(?P<month>[01]?\d)\s*/\s*(?P<day>[0-3]?\d)\s*/\s*(?P<year>\d\d(?:\d\d)?)\b"
    ),  # 11 / 10 / 11 (US order)
]
_TIME_RE = re.compile(rf"\b{_TIME}", re.I)
#: A wire dateline that opens the lead paragraph: "LONDON, Dec 13, 2019 (Wire) - ", "SAN JOSE,
#: Calif., Nov 18, 2022 - ". Its date is the publication date, not a fact of the story.
DATELINE_PREFIX = re.compile(
    r"[A-Z][A-Z .'-]{1,40},(?:\s*[A-Z][a-z]+\.?,)?\s*[^\n]{4,40}?\d{4}\b[^\n-]{0,30}?\s[-–—]+\s"
)
_DATE_LINE = re.compile(r"\A\ufeff?[ \t]*date[ \t]+(\d{4}-\d\d-\d\d)\b[ \t]*")
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
# A dateline is short and mostly a date: at most this many words that are not part of it.
_DATELINE_MAX_CHARS = 70


class InputError(Exception):
    """A problem with the user's input; the message names the file and what to do."""


def expand_lists(paths: list[str]) -> list[str]:
    """``@list.txt`` replaced by the paths it lists (one a line; blank lines and ``#``
    comments ignored; relative paths are relative to the list's folder)."""
    out: list[str] = []
    for raw in paths:
        if not raw.startswith("@") or raw == "@":
            out.append(raw)
            continue
        listing = Path(raw[1:])
        try:
            lines = listing.read_text(encoding="utf-8-sig").splitlines()
        except FileNotFoundError:
            raise InputError(f"{raw}: no such list file (a list names one article path a line)") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{raw}: cannot read the list file ({exc}); save it as UTF-8 text") from None
        entries = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
        if not entries:
            raise InputError(f"{raw}: the list file names no paths")
        out.extend(e if Path(e).is_absolute() else str(listing.parent / e) for e in entries)
    return out


def is_report(path: Path) -> bool:
    """True when the file is a report this tool wrote (it carries ``REPORT_MARKER``, or is a
    CSV report), so it is never read back as an article."""
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
            size = fh.seek(0, 2)
            fh.seek(max(size - 4096, 0))
            tail = fh.read()
    except OSError:
        return False
    marker = REPORT_MARKER.encode()
    if marker in head or marker in tail:
        return True
    return path.suffix.lower() == ".csv" and head.startswith(CSV_REPORT_HEADER.encode())


def find_article_files(
    paths: list[str], *, keep_going: bool = False, exclude: Iterable[str | os.PathLike[str]] = ()
) -> tuple[list[Path], list[str]]:
    """Expand ``@lists`` and folders (recursively, sorted) into article files; return files and notes.

    Files in ``exclude`` (the report being written) and reports this tool wrote are left out.
    With ``keep_going`` a path that cannot be used is a note, not an error."""
    if not paths:
        raise InputError("no input: give one or more article files or folders")
    skip = {Path(p).resolve() for p in exclude}
    files: list[Path] = []
    notes: list[str] = []
    for raw in expand_lists(list(paths)):
        try:
            files.extend(_expand(raw, notes))
        except InputError as exc:
            if not keep_going:
                raise
            notes.append(f"{exc}; skipped (--keep-going)")
    kept = []
    for f in files:
        if f.resolve() in skip:
            notes.append(f"{f}: is the report being written; not read as an article")
        elif is_report(f):
            notes.append(f"{f}: is a discrepancy report, not an article; skipped")
        else:
            kept.append(f)
    if not kept and (files or keep_going):
        raise InputError(
            f"{', '.join(paths)}: no article could be read" + (f" ({notes[-1]})" if notes else "")
        )
    unique = {f.resolve(): f for f in reversed(kept)}  # one file named twice is read once
    return [unique[k] for k in dict.fromkeys(f.resolve() for f in kept)], notes


def _expand(raw: str, notes: list[str]) -> list[Path]:
    """The article files one path stands for."""
    path = Path(raw)
    if not path.exists():
        raise InputError(f"{raw}: no such file or folder")
    if not path.is_dir() and not path.is_file():
        raise InputError(f"{raw}: not a regular file (a pipe or device?); give article files or folders")
    if not path.is_dir():
        return [path]
    found: list[Path] = []
    skipped: list[Path] = []
    for child in sorted(p for p in path.rglob("*") if p.is_file()):  # regular files only
        if any(part.startswith(".") for part in child.relative_to(path).parts):
            continue
        is_article = child.suffix.lower() in FOLDER_SUFFIXES and not NOT_ARTICLES.match(child.name)
        (found if is_article else skipped).append(child)
    if skipped:
        notes.append(
            f"{raw}: skipped {len(skipped)} file(s) that are not .txt, .md or .html articles "
            f"({', '.join(p.name for p in skipped[:3])}{', ...' if len(skipped) > 3 else ''})"
        )
    if not found:
        raise InputError(f"{raw}: folder holds no {_SUFFIX_WORDS}")
    return found


def read_text(path: Path) -> str:
    """The file's text as UTF-8 (a BOM is tolerated); binary or undecodable files are refused."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(
                f"{path}: file is {size / (1024 * 1024):.1f} MB, over the "
                f"{MAX_BYTES // (1024 * 1024)} MB limit for one article; split it or leave it out"
            )
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
        month_number = (
            int(month)
            if month.isdigit()
            else MONTHS.get(month[:4] if month.startswith("sept") else month[:3])
        )
        year = int(match.group("year"))
        if year < 100:  # "11 / 10 / 11": 1970-2069
            year += 2000 if year < 70 else 1900
        if month_number is None:
            continue
        try:
            day = dt.date(year, month_number, int(match.group("day")))
        except (TypeError, ValueError):
            continue
        rest = line[: match.start()] + " " + line[match.end() :]
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
    return (
        0 < len(stripped) <= 120
        and not stripped.endswith((".", ",", ";", ":"))
        and len(stripped.split()) >= 3
    )


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
                raise InputError(
                    f"{path}: front matter date: {fields['date']!r} is not a date; write it as YYYY-MM-DD"
                )
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
    return Article(
        id=article_id,
        path=str(path),
        text=text,
        title=title,
        published=published,
        published_time=published_time,
        published_source=source,
        body_start=body_start,
        line_starts=starts,
        dateline=dateline,
    )


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
        clashes = {i for i, n in Counter(ids).items() if n > 1}  # not ids.count: linear
        if not clashes:
            return ids
        grown = False
        for k, i in enumerate(ids):
            if i in clashes and depth[k] < len(parts[k]):
                depth[k] += 1
                grown = True
        if not grown:  # the same file named twice: read once (find_article_files dedups)
            return ids


def load_articles(
    paths: list[str],
    *,
    keep_going: bool = False,
    exclude: Iterable[str | os.PathLike[str]] = (),
    fields: str | Mapping[str, str] | None = None,
    each: Callable[[Article], Article] | None = None,
) -> tuple[list[Article], list[str]]:
    """Read every article under ``paths``; return the articles and notes for the user.
    ``each``, if given, is what is kept of every article as it is read.

    ``.html``/``.htm`` pages are read through their main text, ``.jsonl``/``.csv`` exports
    give one article per record (``fields`` names their columns). With ``keep_going`` a
    file that cannot be read is a note, and only a run with nothing readable fails."""
    from .exports import FieldsError, is_export, parse_fields

    try:
        columns = parse_fields(fields)
    except FieldsError as exc:
        raise InputError(str(exc)) from None
    files, notes = find_article_files(paths, keep_going=keep_going, exclude=exclude)
    singles = [f for f in files if not is_export(f)]
    ids = dict(zip(singles, _article_ids(singles)))
    articles: list[Article] = []
    for f in files:
        try:
            if is_export(f):
                records = _export_articles(f, columns, notes)
                articles.extend(map(each, records) if each else records)
            else:
                article, more = _read_one(f, ids[f])
                articles.append(each(article) if each else article)
                notes.extend(more)
        except InputError as exc:
            if not keep_going:
                raise
            notes.append(f"{exc}; skipped (--keep-going)")
    if not articles:
        raise InputError(
            f"{', '.join(paths)}: no article could be read" + (f" ({notes[-1]})" if notes else "")
        )
    articles = _distinct_ids(articles)
    return articles, notes + undated_notes(articles)


def undated_notes(articles: Iterable[Article]) -> list[str]:
    """The notes for articles without a publication date: one per file, or one line for a
    folder of undated wire copy."""
    undated = [article.path for article in articles if article.published is None]
    if len(undated) > UNDATED_NAMED:
        shown = ", ".join(undated[:UNDATED_NAMED])
        return [
            f"{len(undated)} articles have no publication date ({shown} and "
            f"{len(undated) - UNDATED_NAMED} more); relative dates in them are not resolved "
            "(add a first line 'date YYYY-MM-DD' or front matter 'date:')"
        ]
    return [
        f"{path}: no publication date found; relative dates in it are not "
        "resolved (add a first line 'date YYYY-MM-DD' or front matter 'date:')"
        for path in undated
    ]


def _read_one(path: Path, article_id: str) -> tuple[Article, list[str]]:
    """One article file: a saved web page or a text file."""
    if path.suffix.lower() in PAGE_SUFFIXES:
        from .webpage import PageError, parse_page

        try:
            return parse_page(read_text(path), path, article_id)
        except PageError as exc:
            raise InputError(f"{path}: {exc}; save the article's own page, or its text as .txt") from None
    return parse_article(read_text(path), path, article_id), []


def _export_articles(path: Path, columns: Mapping[str, str], notes: list[str]) -> list[Article]:
    """The records of a CMS export as articles; unusable records become notes."""
    from .exports import records

    found, more = records(read_text(path), str(path), columns)
    notes.extend(more)
    if not found:
        raise InputError(
            f"{path}: no usable record (the fields read are {', '.join(f'{k}={v}' for k, v in columns.items())}; "
            "set them with --fields)"
        )
    articles = []
    for record in found:
        where = f"{path}:{record.line}"
        try:
            article = parse_article(record.body, Path(f"{path}#{record.id}"), record.id)
        except InputError as exc:
            notes.append(f"{where}: {str(exc).split(': ', 1)[-1]}; record skipped")
            continue
        published = parse_dateline(record.date) or _iso(record.date) if record.date else None
        if record.date and not published:
            notes.append(f"{where}: date {record.date!r} is not a date (write YYYY-MM-DD); read without one")
        article = replace(article, title=record.title or article.title)
        if published:
            article = replace(
                article,
                published=published[0],
                published_time=published[1],
                published_source=f"{columns['date']} field",
            )
        articles.append(article)
    return articles


def _distinct_ids(articles: list[Article]) -> list[Article]:
    """Articles whose ids clash (a record id equal to a file's) get their file's name in front."""
    counts: dict[str, int] = {}
    for a in articles:
        counts[a.id] = counts.get(a.id, 0) + 1
    out = []
    for a in articles:
        if counts[a.id] > 1 and "#" in a.path:
            a = replace(a, id=f"{Path(a.path.split('#')[0]).stem}/{a.id}")
        out.append(a)
    return out


def load_text(text: str, article_id: str = "stdin", path: str = "-") -> Article:
    """An article from text in memory (standard input, tests)."""
    return parse_article(text, Path(path), article_id)
