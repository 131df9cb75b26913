"""One end-to-end test per setting of .discrepancy.toml: each changes what the real command does.
``variants`` in either order means an accepted house spelling: nothing reported."""

from __future__ import annotations

import json

import pytest
from desk import run

from discrepancy.config import KEYS
from discrepancy.model import Finding, Mention, Value

FLOOD = {
    "a.txt": "Flood forces evacuations in Riverton\n\nSome 3,000 people were evacuated from Riverton on "
    "Monday after the river burst its banks, officials said.\n",
    "b.txt": "Riverton flood evacuations\n\nAround 3,000 people were evacuated from Riverton on Monday "
    "after the river burst its banks, officials said.\n",
    "c.txt": "Riverton floods\n\nAbout 5,000 people were evacuated from Riverton on Monday after the "
    "river burst its banks, officials said.\n",
}
CENTRE = {
    "a.txt": "Gunman held at Lincoln Centre\n\nPolice arrested a gunman at the Lincoln Centre in Riverton "
    "on Monday, officials said. The Lincoln Centre was evacuated and the concert was cancelled.\n",
    "b.txt": "Arrest at Lincoln Center concert\n\nPolice arrested a gunman at the Lincoln Center in Riverton "
    "on Monday, officials said. The Lincoln Center was evacuated and the concert was cancelled.\n",
}
TESTED = set()


def desk(tmp_path, files: dict[str, str], config: str | None, key: str | None = None):
    """A folder of articles with a .discrepancy.toml; the JSON report of checking it."""
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    if config is not None:
        (tmp_path / ".discrepancy.toml").write_text(config)
    if key:
        TESTED.add(key)
    return (
        run("check", ".", "-f", "json", cwd=tmp_path)
        if "format" not in (config or "")
        else run("check", ".", cwd=tmp_path)
    )


def _report(result) -> dict:
    return json.loads(result.stdout)


@pytest.mark.parametrize("order", [["Centre", "Center"], ["Center", "Centre"]])
def test_variants_in_either_order_are_an_accepted_house_spelling(tmp_path, order):
    plain = _report(desk(tmp_path, CENTRE, None))
    assert [f["severity"] for f in plain["findings"]] == ["info"]  # the convention note
    result = desk(tmp_path, CENTRE, f"variants = [{json.dumps(order)}]\n", "variants")
    report = _report(result)
    assert report["findings"] == [], report["findings"]
    assert len(report["accepted"]) == 1 and "house spellings" in result.stderr


def test_variants_do_not_hide_other_differences():
    from discrepancy.config import house_variants, is_house_spelling

    def finding(*spellings):
        values = tuple(
            Value(s, s.lower(), (Mention(str(i), 1, 1, s, 0, len(s), s),)) for i, s in enumerate(spellings)
        )
        return Finding(kind="entity", severity="info", subject=spellings[0], message="", values=values)

    groups = house_variants([["Centre", "Center"]])
    assert is_house_spelling(finding("Lincoln Centre", "Lincoln Center"), groups)
    assert not is_house_spelling(finding("Lincoln Centre", "Lincon Center"), groups)
    assert not is_house_spelling(finding("Lincoln Centre", "Lincoln Center"), ())


def test_fail_on(tmp_path):
    assert desk(tmp_path, CENTRE, None).returncode == 0
    assert desk(tmp_path, CENTRE, 'fail-on = "info"\n', "fail-on").returncode == 1


def test_skip(tmp_path):
    result = desk(tmp_path, FLOOD, 'skip = ["number"]\n', "skip")
    assert result.returncode == 0 and not [f for f in _report(result)["findings"] if f["kind"] == "number"]


def test_language(tmp_path):
    assert desk(tmp_path, FLOOD, 'language = "en"\n', "language").returncode == 1
    bad = desk(tmp_path, FLOOD, 'language = "fr"\n')
    assert bad.returncode == 2 and "'language'" in bad.stderr


def test_tolerance(tmp_path):
    assert desk(tmp_path, FLOOD, None).returncode == 1
    result = desk(tmp_path, FLOOD, '[tolerance]\n"people displaced" = 0.5\n', "tolerance")
    assert result.returncode == 0 and _report(result)["findings"] == []


def test_ignore(tmp_path):
    result = desk(tmp_path, FLOOD, 'ignore = ["c.txt"]\n', "ignore")
    assert result.returncode == 0 and [a["id"] for a in _report(result)["articles"]] == ["a", "b"]


def test_group(tmp_path):
    files = {"one/a.txt": FLOOD["a.txt"], "two/c.txt": FLOOD["c.txt"]}
    assert desk(tmp_path, files, None).returncode == 1
    result = desk(tmp_path, files, 'group = "by-folder"\n', "group")
    assert result.returncode == 0 and len(_report(result)["stories"]) == 2


def test_format(tmp_path):
    result = desk(tmp_path, FLOOD, 'format = "line"\n', "format")
    assert result.stdout.startswith("a.txt:3:1: error number:") or result.stdout.startswith("./a.txt:3:1:")


def test_select(tmp_path):
    result = desk(tmp_path, FLOOD, 'select = ["entity"]\n', "select")
    assert result.returncode == 0 and _report(result)["findings"] == []  # the number conflict is not selected
    chosen = desk(tmp_path, FLOOD, 'select = ["number-conflict"]\n')
    assert chosen.returncode == 1 and {f["rule"] for f in _report(chosen)["findings"]} == {"number-conflict"}


def test_rules(tmp_path):
    result = desk(tmp_path, FLOOD, '[rules]\n"number-conflict" = "warning"\n', "rules")
    findings = _report(result)["findings"]
    assert result.returncode == 0 and [(f["rule"], f["severity"]) for f in findings] == [
        ("number-conflict", "warning")
    ]
    off = desk(tmp_path, FLOOD, '[rules]\nnumber = "off"\n')
    assert off.returncode == 0 and _report(off)["findings"] == []


def test_thresholds(tmp_path):
    result = desk(tmp_path, FLOOD, "[thresholds]\nstory-link = 1.0\n", "thresholds")
    report = _report(result)
    assert result.returncode == 0 and len(report["stories"]) == 3 and report["findings"] == []


def test_every_key_has_a_test_here():
    assert TESTED == set(KEYS), set(KEYS) - TESTED
