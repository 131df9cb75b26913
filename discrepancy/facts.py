"""The facts table: one pandas DataFrame, one row per mention of a fact.

Columns (``COLUMNS``):

=============== ==============================================================
article         article id (file stem)
kind            number | date | entity | quote | relation (before/after an event)
subject         what the fact is about: "people killed", "attack", "Cologne"...
text            the span exactly as written
normalized      its normal form: ">=143", "2024-03-22", "cologne"
low, high       numeric interval (numbers; dates as ordinal days), NaN if none
unit            unit or precision ("people", "day", "month", "UTC"...)
qualifier       "at least", "about", "more than"...
scope           "main" for the story's event; "background" for another event (dated weeks
                earlier, another year); "partial"/"local" for a sub-count ("another
                four", "two of the bombs", "in X district"); only "main" is compared
speaker         who is quoted (quotes), else empty
start, end      character offsets into the article's text
line, column    1-based position of ``start`` in the file on disk
sentence        the sentence that holds the span
sentence_index  its index in the article
detail          a dict of kind-specific extras (e.g. weekday, event)
claim           the frame's key: what a reader would call the claim ("killed", "passenger")
head            the noun counted or dated, with its compounds ("crew member")
predicate       the governing verb's lemma ("kill", "win", "sign")
holder          who owns the quantity (a party, a team, the person of an age)
part_of         the whole of a sub-count ("five boats", "including", "them")
modality        asserted | future | hypothetical
=============== ==============================================================
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .model import Fact

COLUMNS = [
    "article",
    "kind",
    "subject",
    "text",
    "normalized",
    "low",
    "high",
    "unit",
    "qualifier",
    "scope",
    "speaker",
    "start",
    "end",
    "line",
    "column",
    "sentence",
    "sentence_index",
    "detail",
    "claim",
    "head",
    "predicate",
    "holder",
    "part_of",
    "modality",
]
_FRAME_COLUMNS = {
    "claim": "key",
    "head": "head",
    "predicate": "predicate",
    "holder": "holder",
    "part_of": "part_of",
    "modality": "modality",
}


def _row(fact: Fact) -> dict:
    row = dict(vars(fact))
    frame = row.pop("frame", None)
    for column, attr in _FRAME_COLUMNS.items():
        row[column] = getattr(frame, attr) if frame is not None else ""
    return row


def facts_frame(facts: Iterable[Fact]) -> pd.DataFrame:
    """A DataFrame with exactly ``COLUMNS``, in a stable order (article, offset, kind)."""
    rows = [_row(f) for f in facts]  # shallow: asdict's deep copy of every detail costs more than the rest
    frame = pd.DataFrame(rows, columns=COLUMNS)
    if frame.empty:
        return frame
    frame = frame.sort_values(["article", "start", "end", "kind"], kind="stable").reset_index(drop=True)
    return frame


def to_records(frame: pd.DataFrame) -> list[Fact]:
    """Rows of the facts table back as ``Fact`` records (what rules iterate over)."""
    out = []
    for row in frame.itertuples(index=False):
        values = row._asdict()
        for column in _FRAME_COLUMNS:
            values.pop(column, None)
        for key in ("low", "high"):
            if values[key] is not None and values[key] != values[key]:  # NaN
                values[key] = None
        out.append(Fact(**values))
    return out


def facts_text(frame: pd.DataFrame, fmt: str) -> str:
    """The facts table as CSV or JSON records, for ``discrepancy extract``."""
    if fmt == "csv":
        return frame.to_csv(index=False)
    return frame.to_json(orient="records", force_ascii=False, indent=2) + "\n"
