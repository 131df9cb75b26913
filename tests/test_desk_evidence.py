"""Evidence in each article's own words: when two articles give one value in different
words ("Some 3,000", "Around 3,000"), every format quotes each the way it writes it."""

from __future__ import annotations

import csv
import io
import json

import pytest
from desk import run

from discrepancy.api import check
from discrepancy.render import FORMATS, renderer

TEXTS = {
    "a": "Flood forces evacuations in Riverton\n\nSome 3,000 people were evacuated from Riverton on "
    "Monday after the river burst its banks, officials said.\n",
    "b": "Riverton flood evacuations\n\nAround 3,000 people were evacuated from Riverton on Monday "
    "after the river burst its banks, officials said.\n",
    "c": "Riverton floods\n\nAbout 5,000 people were evacuated from Riverton on Monday after the "
    "river burst its banks, officials said.\n",
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    path = tmp_path_factory.mktemp("flood")
    for name, text in TEXTS.items():
        (path / f"{name}.txt").write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def report(folder):
    return check([folder])


def _finding(report):
    return next(f for f in report.findings if f.kind == "number")


def test_every_mention_carries_its_own_words(report):
    finding = _finding(report)
    words = {m.article: m.text for v in finding.values for m in v.mentions}
    assert words == {"a": "Some 3,000", "b": "Around 3,000", "c": "About 5,000"}
    for value in finding.values:
        for m in value.mentions:
            article = next(a for a in report.articles if a.id == m.article)
            assert article.text[m.start : m.end] == m.text


def test_json_mentions_have_text(report):
    data = json.loads(renderer("json")(report))
    mentions = [m for f in data["findings"] for v in f["values"] for m in v["mentions"]]
    assert {(m["article"], m["text"]) for m in mentions} >= {("a", "Some 3,000"), ("b", "Around 3,000")}


def test_markdown_diff_table_and_evidence_quote_each_article(report):
    text = renderer("markdown")(report)
    table_row = next(line for line in text.splitlines() if line.startswith("| people"))
    cells = [c.strip() for c in table_row.strip("|").split("|")]
    assert cells[1:] == ["Some 3,000", "Around 3,000", "**About 5,000**"]
    assert "`b:3:1` **Around 3,000**" in text
    assert "`b:3:1` **Some 3,000**" not in text


@pytest.mark.parametrize("fmt", ["line", "github"])
def test_anchored_formats_say_here_in_the_articles_words(report, fmt):
    text = renderer(fmt)(report)
    assert "here “Around 3,000”" in text and "“Around 3,000” in b" in text
    assert "here “Some 3,000”" in text


def test_sarif_related_locations_quote_each_article(report):
    related = [
        r["message"]["text"]
        for res in json.loads(renderer("sarif")(report))["runs"][0]["results"]
        for r in res.get("relatedLocations", [])
    ]
    assert any(t.startswith("“Around 3,000”") and t.endswith(" in b") for t in related), related


def test_csv_has_a_text_column(report):
    rows = list(csv.DictReader(io.StringIO(renderer("csv")(report))))
    assert {(r["article"], r["text"]) for r in rows} >= {("a", "Some 3,000"), ("b", "Around 3,000")}


def test_html_lists_each_mention_in_its_words(report):
    page = renderer("html")(report)
    assert "“Around 3,000”" in page and "b:3:1</a> “Around 3,000”" in page
    assert "a:3:1</a>;" in page or "a:3:1</a></li>" in page  # the value's own wording, not repeated


def test_every_format_renders(report):
    for fmt in FORMATS:
        assert renderer(fmt)(report)


def test_the_cli_line_format_quotes_article_b_as_written(folder):
    result = run("check", str(folder), "-f", "line")
    line_b = next(line for line in result.stdout.splitlines() if line.startswith(str(folder / "b.txt")))
    assert "here “Around 3,000”" in line_b


def test_a_figure_worded_two_ways_shows_both_wordings(tmp_path):
    (tmp_path / "wire.txt").write_text(
        "date 2023-03-11\n\nCustomers tried to pull $42 billion from Halden Bank on Thursday alone.\n"
    )
    (tmp_path / "translation_de.txt").write_text(
        "date 2023-03-11\n\nOn Thursday alone the customers of Halden Bank wanted to pull 42 billion dollar.\n"
    )
    (tmp_path / "broadcaster.txt").write_text(
        "date 2023-03-11\n\nCustomers tried to pull $52 billion from Halden Bank on Thursday alone.\n"
    )
    report = check([str(tmp_path)], group="none", jobs=1)
    [finding] = [f for f in report.findings if f.kind == "number"]
    forty_two = next(v for v in finding.values if "42" in v.text)
    assert "$42 billion" in forty_two.text and "42 billion dollar" in forty_two.text
    assert {m.text for m in forty_two.mentions} == {"$42 billion", "42 billion dollar"}
