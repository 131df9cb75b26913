"""Reviewed findings stay reviewed: a finding's id comes from its claim and values, so adding an
agreeing article or renaming a file keeps it; an inline suppression covers only the mention it
annotates."""

from __future__ import annotations

import json

from desk import run

from discrepancy.api import check

SOME = (
    "Flood forces evacuations in Riverton\n\nSome 3,000 people were evacuated from Riverton on Monday "
    "after the river burst its banks, officials said.\n"
)
AROUND = (
    "Riverton flood evacuations\n\nAround 3,000 people were evacuated from Riverton on Monday after "
    "the river burst its banks, officials said.\n"
)
ABOUT = (
    "Riverton floods\n\nAbout 5,000 people were evacuated from Riverton on Monday after the river "
    "burst its banks, officials said.\n"
)


def _ids(folder) -> set[str]:
    return {f.id for f in check([folder]).findings}


def test_the_id_survives_an_agreeing_article_and_a_rename(tmp_path):
    (tmp_path / "a.txt").write_text(SOME)
    (tmp_path / "c.txt").write_text(ABOUT)
    before = _ids(tmp_path)
    assert before
    (tmp_path / "b.txt").write_text(AROUND)  # agrees with a
    assert _ids(tmp_path) == before
    (tmp_path / "c.txt").rename(tmp_path / "c-final.txt")
    assert _ids(tmp_path) == before


def test_a_baseline_keeps_accepting_after_a_new_agreeing_article(tmp_path):
    stories = tmp_path / "stories"
    stories.mkdir()
    (stories / "a.txt").write_text(SOME)
    (stories / "c.txt").write_text(ABOUT)
    first = run("check", "stories", "--write-baseline", "baseline.json", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    (stories / "b.txt").write_text(AROUND)
    (stories / "c.txt").rename(stories / "c2.txt")
    again = run("check", "stories", "--baseline", "baseline.json", "-f", "json", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    report = json.loads(again.stdout)
    assert report["findings"] == [] and report["accepted"]


def test_a_suppression_covers_only_the_mention_it_annotates(tmp_path):
    comment = "<!-- discrepancy-ignore: number our own count, confirmed by the mayor -->\n"
    (tmp_path / "a.txt").write_text(SOME.replace("\n\nSome", "\n\n" + comment + "Some"))
    (tmp_path / "b.txt").write_text(AROUND)
    (tmp_path / "c.txt").write_text(ABOUT)
    result = run("check", ".", "-f", "line", cwd=tmp_path)
    flagged = {line.split(":")[0] for line in result.stdout.splitlines() if " number: " in line}
    assert flagged == {"b.txt", "c.txt"}, result.stdout
    assert result.returncode == 1
    report = json.loads(run("check", ".", "-f", "json", cwd=tmp_path).stdout)
    (finding,) = [f for f in report["findings"] if f["kind"] == "number"]
    assert finding["suppressed"] == ["a:4:1"]
    assert "reported only where no comment covers them" in result.stderr


def test_a_finding_is_accepted_when_every_mention_is_covered(tmp_path):
    comment = "<!-- discrepancy-ignore: number figures differ by source, both attributed -->\n"
    (tmp_path / "a.txt").write_text(SOME.replace("\n\nSome", "\n\n" + comment + "Some"))
    (tmp_path / "c.txt").write_text(ABOUT.replace("\n\nAbout", "\n\n" + comment + "About"))
    report = check([tmp_path])
    assert [f for f in report.findings if f.kind == "number"] == []
    assert [f.kind for f in report.accepted] == ["number"]
