"""CMS exports: JSON lines (``.jsonl``) or CSV files with one article per record.

Each record becomes an article with its own id, title, publication date and body, read from
configurable field names (``--fields id=slug,title=headline,date=published,body=text``). A
record that cannot be used is a note naming the file and its line, never a crash.
Positions inside a record are lines and columns of its body, and its path is
``FILE#ID``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EXPORT_SUFFIXES = (".jsonl", ".csv")
FIELDS = ("id", "title", "date", "body")
DEFAULT_FIELDS = {"id": "id", "title": "title", "date": "date", "body": "body"}


class FieldsError(ValueError):
    """A ``--fields`` value that cannot be used."""


def parse_fields(spec: str | Mapping[str, str] | None) -> dict[str, str]:
    """Field names from ``"id=slug,body=text"`` (or a mapping); unnamed ones keep their default."""
    if spec is None:
        return dict(DEFAULT_FIELDS)
    if isinstance(spec, Mapping):
        pairs = list(spec.items())
    else:
        pairs = []
        for part in (p.strip() for p in spec.split(",")):
            if not part:
                continue
            key, sep, value = part.partition("=")
            if not sep or not value.strip():
                raise FieldsError(f"--fields: {part!r} is not NAME=COLUMN (e.g. body=text)")
            pairs.append((key.strip(), value.strip()))
    fields = dict(DEFAULT_FIELDS)
    for key, value in pairs:
        if key not in FIELDS:
            raise FieldsError(f"--fields: unknown field {key!r}; the fields are {', '.join(FIELDS)}")
        fields[key] = str(value)
    return fields


@dataclass(frozen=True)
class Record:
    """One usable record: where it is (1-based line), its id, title, date and body."""

    line: int
    id: str
    title: str | None
    date: str | None
    body: str


def _jsonl_rows(text: str, name: str, notes: list[str]) -> Iterator[tuple[int, Any]]:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            notes.append(f"{name}:{number}: not valid JSON ({exc.msg}); record skipped")


def _csv_rows(text: str, name: str, notes: list[str]) -> Iterator[tuple[int, Any]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        for row in reader:
            # the line where the record begins (a quoted body may span lines)
            yield reader.line_num - sum(v.count("\n") for v in row.values() if isinstance(v, str)), row
    except csv.Error as exc:
        notes.append(f"{name}:{reader.line_num}: not valid CSV ({exc}); the rest of the file is skipped")


def records(text: str, name: str, fields: Mapping[str, str]) -> tuple[list[Record], list[str]]:
    """The usable records of an export's text, and notes on the ones left out."""
    notes: list[str] = []
    rows = _csv_rows(text, name, notes) if name.lower().endswith(".csv") else _jsonl_rows(text, name, notes)
    found: list[Record] = []
    seen: dict[str, int] = {}
    for number, row in rows:
        where = f"{name}:{number}"
        if not isinstance(row, dict):
            notes.append(f"{where}: a record must be an object with fields; record skipped")
            continue
        body = row.get(fields["body"])
        if not isinstance(body, str) or not body.strip():
            notes.append(
                f"{where}: no text in field {fields['body']!r} (set it with --fields body=NAME); "
                "record skipped"
            )
            continue
        raw_id = row.get(fields["id"])
        record_id = str(raw_id).strip() if raw_id not in (None, "") else f"line{number}"
        if record_id in seen:
            notes.append(
                f"{where}: id {record_id!r} already used on line {seen[record_id]}; "
                f"read as {record_id}@{number}"
            )
            record_id = f"{record_id}@{number}"
        seen[record_id] = number
        title = row.get(fields["title"])
        date = row.get(fields["date"])
        found.append(
            Record(
                number,
                record_id,
                str(title).strip() if title else None,
                str(date).strip() if date else None,
                body,
            )
        )
    return found, notes


def is_export(path: Path) -> bool:
    return path.suffix.lower() in EXPORT_SUFFIXES
