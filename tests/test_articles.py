"""Loading articles: files and folders, publication dates, titles, positions, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import article

from discrepancy.articles import InputError, load_articles, parse_dateline
from discrepancy.text import split_sentences


@pytest.mark.parametrize(
    "line, iso",
    [
        ("July 03, 2013 6:22AM", "2013-07-03"),
        ("Updated: 2 April 2024 10:15 GMT", "2024-04-02"),
        ("Tue Jul 2, 2013 1:28PM GMT", "2013-07-02"),
        ("WEDNESDAY 03 JULY 2013", "2013-07-03"),
        ("Tuesday, July 2nd, 2013", "2013-07-02"),
        ("3 July 2013 Last updated at 13:38 GMT", "2013-07-03"),
        ("Published on: 11 November 2011 - 11:25am", "2011-11-11"),
        ("11 / 10 / 11 02:39 PM ET", "2011-11-10"),
        ("November 14, 2011|12:35 pm", "2011-11-14"),
    ],
)
def test_datelines_as_wire_copy_writes_them(line, iso):
    assert parse_dateline(line)[0] == iso


def test_a_sentence_is_not_a_dateline():
    assert (
        parse_dateline(
            "On Thursday, November 10th at approximately 3:00 pm, the camp in the north "
            "of the country was bombed by two planes."
        )
        is None
    )


def test_publication_date_sources():
    assert article("date 2024-03-30 THE Kremlin knew.").published_source == "date-line"
    fm = article("---\ntitle: Quake\ndate: 2024-04-02\n---\nBody text here.")
    assert (fm.published, fm.title, fm.published_source) == ("2024-04-02", "Quake", "front-matter")
    wire = article("Quake strikes Aceh province\nTue Jul 2, 2013 1:28PM GMT\nA quake struck.")
    assert (wire.published, wire.published_time, wire.published_source) == (
        "2013-07-02",
        "1:28PM",
        "dateline (line 2)",
    )
    assert wire.title == "Quake strikes Aceh province"
    assert article("No date anywhere in this text.").published is None


def test_the_date_line_and_dateline_are_not_body_text():
    doc = article("Quake strikes Aceh province\nTue Jul 2, 2013 1:28PM GMT\nA quake struck.")
    from discrepancy.text import article_sentences

    assert [s.text for s in article_sentences(doc)] == ["Quake strikes Aceh province", "A quake struck."]


def test_line_and_column_are_one_based_for_every_newline_style():
    doc = article("one\r\ntwo\rthree\nfour")
    assert doc.position(0) == (1, 1)
    assert doc.position(doc.text.index("two")) == (2, 1)
    assert doc.position(doc.text.index("three") + 2) == (3, 3)
    assert doc.position(doc.text.index("four")) == (4, 1)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The U.S. warned Russia. Putin dismissed it.", ["The U.S. warned Russia.", "Putin dismissed it."]),
        (
            "Mr. Smith arrived on Mar. 22 at noon. He left.",
            ["Mr. Smith arrived on Mar. 22 at noon.", "He left."],
        ),
        ("A 6.1-magnitude quake hit. Dozens were hurt.", ["A 6.1-magnitude quake hit.", "Dozens were hurt."]),
        (
            '"We saw it. Then we ran," he said. Police came.',
            ['"We saw it. Then we ran," he said.', "Police came."],
        ),
    ],
)
def test_sentences_survive_abbreviations_decimals_and_quotes(text, expected):
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == expected
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_folder_is_read_recursively_sorted_and_skips_other_files(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.md").write_text("Second report here.")
    (tmp_path / "1.txt").write_text("First report here.")
    (tmp_path / "data.json").write_text("{}")
    (tmp_path / "README.md").write_text("About this folder.")
    articles, notes = load_articles([str(tmp_path)])
    assert [a.id for a in articles] == ["1", "2"]
    assert any("data.json" in n and "README.md" in n for n in notes)


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda d: d / "missing.txt", "no such file or folder"),
        (lambda d: (d / "empty").mkdir() or d / "empty", "folder holds no .txt or .md articles"),
        (lambda d: (d / "e.txt").write_text("  \n") and d / "e.txt", "file is empty"),
        (lambda d: (d / "bin.txt").write_bytes(b"\x89PNG\x00\x00data") and d / "bin.txt", "binary file"),
        (
            lambda d: (d / "latin.txt").write_bytes("caf\xe9 au lait".encode("latin-1")) and d / "latin.txt",
            "not valid UTF-8",
        ),
    ],
)
def test_bad_input_is_one_clear_error_naming_the_file(tmp_path, make, message):
    path = make(tmp_path)
    with pytest.raises(InputError) as error:
        load_articles([str(path)])
    assert message in str(error.value) and Path(path).name in str(error.value)


def test_bom_is_tolerated(tmp_path):
    (tmp_path / "bom.txt").write_bytes("\ufeffdate 2024-01-02 Text.".encode("utf-8"))
    (doc,), _ = load_articles([str(tmp_path / "bom.txt")])
    assert doc.published == "2024-01-02"


def test_article_without_a_date_is_a_note_not_an_error(tmp_path):
    (tmp_path / "a.txt").write_text("A report with no date at all.")
    articles, notes = load_articles([str(tmp_path)])
    assert articles[0].published is None
    assert any("no publication date" in n and "a.txt" in n for n in notes)


def test_many_undated_articles_are_one_note(tmp_path):
    for i in range(6):
        (tmp_path / f"{i}.txt").write_text(f"Report number {i} from the harbour.\n", encoding="utf-8")
    _, notes = load_articles([str(tmp_path)])
    undated = [n for n in notes if "publication date" in n]
    assert len(undated) == 1 and undated[0].startswith("6 articles have no publication date")
    assert "0.txt" in undated[0] and "and 3 more" in undated[0]
    for i in (3, 4, 5):
        (tmp_path / f"{i}.txt").unlink()
    _, notes = load_articles([str(tmp_path)])
    assert [n.split(": ", 1)[1][:29] for n in notes] == ["no publication date found; re"] * 3


def test_place_index_is_cached_on_disk_and_rebuilt_when_unreadable(tmp_path, monkeypatch):
    from discrepancy import gazetteer

    monkeypatch.setenv("DISCREPANCY_CACHE_DIR", str(tmp_path))
    built = gazetteer._cached("probe", lambda: {"cologne": (frozenset({"city:1"}), 1, False, True)})
    (cache,) = tmp_path.iterdir()
    assert gazetteer._cached("probe", lambda: {}) == built  # read back, not rebuilt
    cache.write_bytes(b"not marshal data")
    assert gazetteer._cached("probe", lambda: {"x": 1}) == {"x": 1}  # unreadable: rebuilt, no error
    monkeypatch.setenv("DISCREPANCY_CACHE_DIR", "")
    assert gazetteer.cache_dir() is None


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    import discrepancy.articles as articles

    monkeypatch.setattr(articles, "MAX_BYTES", 1024)
    (tmp_path / "huge.txt").write_text("The fire killed 12 people. " * 100)
    with pytest.raises(InputError, match=r"huge.txt: file is .* MB, over the 0 MB limit|huge.txt: file is"):
        load_articles([str(tmp_path / "huge.txt")])
