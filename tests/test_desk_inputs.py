"""The inputs a newsroom has: saved web pages (main text, title and date from the page, evidence
pointing into the file), CMS exports in JSON lines or CSV with configurable field names, lists of
paths; --keep-going past bad files; and a report is never read back as an article."""

from __future__ import annotations

import csv
import io
import json

import pytest
from desk import SEEDS, run

from discrepancy.api import check
from discrepancy.articles import InputError, load_articles

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Flood forces evacuations in Riverton | The Riverton Courier</title>
<meta property="og:title" content="Flood forces evacuations in Riverton">
<meta property="article:published_time" content="2025-04-14T09:30:00Z">
<script>window.analytics = {"DOCTYPE": "Entity", "count": "9,999 people"};</script>
<style>body { font-family: serif; }</style>
</head>
<body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<header><h1>Flood forces evacuations in Riverton</h1></header>
<article>
<p>Around 3,000 people were evacuated from Riverton on Monday after the river burst its banks,
officials said. Emergency crews worked through the night &amp; into the morning.</p>
<p>Twelve people were taken to hospital with minor injuries, the fire service said.</p>
<p>The mayor, Ana Ferreira, said the town&#8217;s schools would stay closed until Wednesday.</p>
</article>
<footer>Copyright 2025 The Riverton Courier. All rights reserved. <a href="/privacy">Privacy</a></footer>
</body>
</html>
"""
OTHER = (
    "Riverton floods\n\nAbout 5,000 people were evacuated from Riverton on Monday after the river "
    "burst its banks, officials said.\n"
)
BODY_A = "Some 3,000 people were evacuated from Riverton on Monday after the river burst its banks."
BODY_B = "About 5,000 people were evacuated from Riverton on Monday after the river burst its banks."


@pytest.fixture
def page(tmp_path):
    (tmp_path / "courier.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "wire.txt").write_text(OTHER, encoding="utf-8")
    return tmp_path


def test_a_saved_page_is_read_through_its_main_text_and_metadata(page):
    (article,), notes = load_articles([str(page / "courier.html")])
    assert article.title == "Flood forces evacuations in Riverton"
    assert (article.published, article.published_source) == ("2025-04-14", "page metadata")
    body = " ".join(article.text.replace("\u200b", "").split())
    assert body.startswith("Around 3,000 people were evacuated") and "town’s schools" in body
    for markup in ("DOCTYPE", "analytics", "9,999", "Home", "Copyright", "<p>"):
        assert markup not in article.text


def test_evidence_from_a_page_points_into_the_file(page):
    report = check([page])
    (finding,) = [f for f in report.findings if f.kind == "number"]
    (mention,) = [m for v in finding.values for m in v.mentions if m.article == "courier"]
    lines = PAGE.splitlines()
    assert lines[mention.line - 1][mention.column - 1 :].startswith("Around 3,000")
    assert mention.text == "Around 3,000"
    assert PAGE[mention.start : mention.end] == "Around 3,000"
    assert not [f for f in report.findings if "DOCTYPE" in f.subject]


def test_a_page_without_article_text_is_one_error(tmp_path):
    (tmp_path / "empty.html").write_text(
        "<html><head><title>Home</title><script>var a = 1;</script></head><body></body></html>"
    )
    with pytest.raises(InputError, match="empty.html"):
        load_articles([str(tmp_path / "empty.html")])


def _export_lines() -> str:
    return (
        "\n".join(
            [
                json.dumps(
                    {
                        "slug": "courier-1",
                        "headline": "Flood in Riverton",
                        "published": "2025-04-14",
                        "text": BODY_A,
                    }
                ),
                "{not json",
                json.dumps({"slug": "no-body", "headline": "Empty"}),
                json.dumps(
                    {
                        "slug": "wire-2",
                        "headline": "Riverton floods",
                        "published": "2025-04-15",
                        "text": BODY_B,
                    }
                ),
            ]
        )
        + "\n"
    )


def test_a_jsonl_export_with_fields_gives_one_article_per_record(tmp_path):
    export = tmp_path / "cms.jsonl"
    export.write_text(_export_lines())
    result = run(
        "check", str(export), "--fields", "id=slug,title=headline,date=published,body=text", "-f", "json"
    )
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert [(a["id"], a["title"], a["published"]) for a in report["articles"]] == [
        ("courier-1", "Flood in Riverton", "2025-04-14"),
        ("wire-2", "Riverton floods", "2025-04-15"),
    ]
    assert any(f["kind"] == "number" for f in report["findings"])
    assert f"{export}:2: not valid JSON" in result.stderr
    assert f"{export}:3: no text in field 'text'" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_csv_export_and_a_bad_fields_option(tmp_path):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "title", "date", "body"])
    writer.writerow(["a1", "Flood", "2025-04-14", BODY_A + "\nOfficials said more rain was due."])
    writer.writerow(["b1", "Floods", "not a date", BODY_B])
    export = tmp_path / "cms.csv"
    export.write_text(out.getvalue())
    report = check(export)
    assert [a.id for a in report.articles] == ["a1", "b1"]
    assert report.articles[1].published is None
    assert any(f"{export}:4: date 'not a date' is not a date" in n for n in report.notes)
    bad = run("check", str(export), "--fields", "headline=title")
    assert bad.returncode == 2 and "unknown field 'headline'" in bad.stderr


def test_a_list_file_names_the_articles(tmp_path):
    for name, text in (("a.txt", BODY_A), ("b.txt", BODY_B), ("c.txt", "Unrelated text about a bakery.")):
        (tmp_path / name).write_text(text + "\n")
    (tmp_path / "list.txt").write_text("# tonight's copy\na.txt\n\nb.txt\n")
    report = check(["@" + str(tmp_path / "list.txt")])
    assert [a.id for a in report.articles] == ["a", "b"]
    missing = run("check", "@" + str(tmp_path / "nope.txt"))
    assert missing.returncode == 2 and "nope.txt: no such list file" in missing.stderr


def test_keep_going_turns_bad_files_into_notes(tmp_path):
    (tmp_path / "a.txt").write_text(BODY_A + "\n")
    (tmp_path / "b.txt").write_text(BODY_B + "\n")
    (tmp_path / "broken.txt").write_bytes(b"\xff\xfe\x00bad")
    stopped = run("check", str(tmp_path), str(tmp_path / "missing.txt"))
    assert stopped.returncode == 2
    going = run("check", str(tmp_path), str(tmp_path / "missing.txt"), "--keep-going", "-f", "json")
    assert going.returncode == 1, going.stderr
    assert [a["id"] for a in json.loads(going.stdout)["articles"]] == ["a", "b"]
    assert "broken.txt: is UTF-16" in going.stderr and "missing.txt: no such file" in going.stderr
    nothing = run("check", str(tmp_path / "broken.txt"), str(tmp_path / "missing.txt"), "--keep-going")
    assert nothing.returncode == 2 and "no article could be read" in nothing.stderr


@pytest.mark.parametrize(
    "fmt, name", [("markdown", "report.md"), ("html", "report.html"), ("csv", "report.csv")]
)
def test_a_report_in_the_scanned_folder_is_never_read_back(tmp_path, fmt, name):
    folder = tmp_path / "seeds"
    folder.mkdir()
    for seed in SEEDS.glob("*.txt"):
        (folder / seed.name).write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    first = run("check", str(folder), "-f", fmt, "-o", str(folder / name), "--exit-zero")
    assert first.returncode == 0, first.stderr
    # a later run (here to stdout) skips the earlier report by its marker; folders are not
    # searched for .csv exports, so the CSV report is named to be sure it is recognised
    named = [str(folder / name)] if fmt == "csv" else []
    second = run("check", str(folder), *named, "-f", "json", "--exit-zero")
    report = json.loads(second.stdout)
    assert len(report["articles"]) == 5
    assert f"{folder / name}: is a discrepancy report" in second.stderr
    # and a run writing over it skips it as its own output
    third = run("check", str(folder), "-f", fmt, "-o", str(folder / name), "--exit-zero")
    assert third.returncode == 0 and "5 article(s)" in third.stderr
