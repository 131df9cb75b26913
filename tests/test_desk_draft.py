"""A draft pasted on standard input gets its publication date from --date or its own
'date:' front matter, so its relative dates and weekdays are checked; without one a note says so."""

from __future__ import annotations

import json

import pytest
from desk import STORIES, run

DRAFT = STORIES / "draft" / "draft.md"
REFS = STORIES / "draft" / "refs"


@pytest.fixture(scope="module")
def monday_draft() -> str:
    """The draft's body without front matter, its weekday changed to contradict the wires."""
    body = DRAFT.read_text(encoding="utf-8").split("---\n", 2)[2]
    assert "early on Tuesday" in body
    return body.replace("early on Tuesday", "early on Monday")


def _date_findings(result) -> list[dict]:
    return [f for f in json.loads(result.stdout)["findings"] if f["kind"] == "date"]


def test_date_option_dates_a_draft_on_stdin_and_catches_the_weekday(monday_draft):
    result = run(
        "check", "-", "--against", str(REFS), "--date", "2025-09-03", "-f", "json", stdin=monday_draft
    )
    assert result.returncode == 1, result.stderr
    (finding,) = _date_findings(result)
    words = {m["article"]: m["text"] for v in finding["values"] for m in v["mentions"]}
    assert words["stdin"] == "on Monday"
    assert "no publication date" not in result.stderr
    article = json.loads(result.stdout)["articles"][0]
    assert (article["id"], article["published"], article["published_source"]) == (
        "stdin",
        "2025-09-03",
        "--date",
    )


def test_front_matter_on_stdin_dates_the_draft(monday_draft):
    result = run(
        "check",
        "-",
        "--against",
        str(REFS),
        "-f",
        "json",
        stdin="---\ndate: 2025-09-03\n---\n" + monday_draft,
    )
    assert len(_date_findings(result)) == 1
    assert json.loads(result.stdout)["articles"][0]["published"] == "2025-09-03"


def test_an_undated_draft_on_stdin_gets_a_note_naming_date(monday_draft):
    result = run("check", "-", "--against", str(REFS), "-f", "json", stdin=monday_draft)
    assert _date_findings(result) == []
    assert "stdin: the draft has no publication date" in result.stderr and "--date" in result.stderr


def test_date_overrides_a_draft_file_and_must_be_a_date(tmp_path, monday_draft):
    draft = tmp_path / "draft.txt"
    draft.write_text(monday_draft)
    assert (
        len(
            _date_findings(
                run("check", str(draft), "--against", str(REFS), "--date", "2025-09-03", "-f", "json")
            )
        )
        == 1
    )
    bad = run("check", "-", "--against", str(REFS), "--date", "3 Sept", stdin=monday_draft)
    assert bad.returncode == 2 and "--date 3 Sept: not a date" in bad.stderr
    alone = run("check", str(draft), "--date", "2025-09-03")
    assert alone.returncode == 2 and "needs --against" in alone.stderr
