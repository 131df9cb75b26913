"""A re-run over unchanged articles reads each story's findings and each article's incident
profile from the cache, and gives the report of a fresh run; anything changed is computed again."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys

import pytest

from discrepancy import api, stories
from discrepancy.engines import local
from discrepancy.story_cache import _Opaque, canonical

CLUSTER = "fixtures/clusters/wildfire"


def _dicts(report):
    return [f.to_dict() for f in report.findings]


def _forbid(monkeypatch, module, name):
    def fail(*args, **kwargs):
        raise AssertionError(f"{name} ran on a re-run from the cache")

    monkeypatch.setattr(module, name, fail)


def test_a_rerun_compares_nothing_and_gives_the_same_report(articles, tmp_path, monkeypatch):
    monkeypatch.setenv("DISCREPANCY_CACHE_DIR", str(tmp_path))
    first = api.analyse(articles)
    assert first.findings, "the cluster disagrees somewhere"
    assert list((tmp_path / "stories").iterdir()) and list((tmp_path / "profiles").iterdir())
    _forbid(monkeypatch, local, "compare_story")
    _forbid(monkeypatch, stories, "profile")
    again = api.analyse(articles)
    assert _dicts(again) == _dicts(first)
    assert [g.to_dict() for g in again.stories] == [g.to_dict() for g in first.stories]


def test_a_damaged_story_entry_is_compared_again_and_written_anew(articles, tmp_path, monkeypatch):
    monkeypatch.setenv("DISCREPANCY_CACHE_DIR", str(tmp_path))
    first = api.analyse(articles)
    entries = list((tmp_path / "stories").iterdir())
    for entry in entries:
        entry.write_bytes(b"not a pickle")
    assert _dicts(api.analyse(articles)) == _dicts(first)
    assert all(entry.stat().st_size > len(b"not a pickle") for entry in entries)
    _forbid(monkeypatch, local, "compare_story")
    assert _dicts(api.analyse(articles)) == _dicts(first)


def test_other_settings_are_compared_again(articles, tmp_path, monkeypatch):
    monkeypatch.setenv("DISCREPANCY_CACHE_DIR", str(tmp_path))
    api.analyse(articles)
    cached = api.analyse(articles, severities={"number": "info"}, tolerances={"number": 0.5})
    monkeypatch.setenv("DISCREPANCY_CACHE_DIR", "")
    fresh = api.analyse(articles, severities={"number": "info"}, tolerances={"number": 0.5})
    assert _dicts(cached) == _dicts(fresh)
    assert _dicts(fresh) != _dicts(api.analyse(articles))


def test_a_changed_article_is_compared_again(articles, tmp_path, monkeypatch):
    monkeypatch.setenv("DISCREPANCY_CACHE_DIR", str(tmp_path))
    api.analyse(articles)
    changed = [dataclasses.replace(articles[0], text=articles[0].text.replace("a", "o", 3)), *articles[1:]]
    calls = []
    real = local.compare_story
    monkeypatch.setattr(local, "compare_story", lambda *a: calls.append(1) or real(*a))
    cached = api.analyse(changed)
    assert calls, "the story with the changed article was compared"
    monkeypatch.setenv("DISCREPANCY_CACHE_DIR", "")
    assert _dicts(cached) == _dicts(api.analyse(changed))


def test_settings_have_one_canonical_form_whatever_the_order():
    assert canonical({"b": frozenset({"x", "y"}), "a": 1}) == canonical({"a": 1, "b": frozenset({"y", "x"})})
    assert canonical((1, "a")) != canonical((1, "b"))
    with pytest.raises(_Opaque):
        canonical(object())


def test_the_cli_rerun_from_the_cache_prints_the_same_report(tmp_path):
    def run():
        done = subprocess.run(
            [sys.executable, "-m", "discrepancy", "check", CLUSTER, "--format", "json", "--exit-zero"],
            capture_output=True,
            text=True,
            env={**os.environ, "DISCREPANCY_CACHE_DIR": str(tmp_path)},
            check=True,
        )
        return json.loads(done.stdout)

    first = run()
    assert list((tmp_path / "stories").iterdir())
    assert run() == first and first["findings"]
