"""The library's front door: paths as str, PathLike or any iterable of them; a bare string where
a collection is meant is a TypeError that says what to write; typed keyword arguments (a
misspelt option names check()); ``python -m discrepancy``; and the package ships py.typed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from desk import ROOT, SEEDS

import discrepancy


@pytest.fixture(scope="module")
def by_list():
    return discrepancy.check([str(SEEDS)])


@pytest.mark.parametrize("paths", [SEEDS, str(SEEDS), (SEEDS,), iter([SEEDS]), {SEEDS: 1}.keys()])
def test_paths_may_be_a_path_a_string_or_any_iterable(paths, by_list):
    report = discrepancy.check(paths)
    assert [f.id for f in report.findings] == [f.id for f in by_list.findings]


def test_against_accepts_a_path_too():
    draft = ROOT / "fixtures" / "stories" / "draft" / "draft.md"
    report = discrepancy.check(draft, against=draft.parent / "refs")
    assert report.draft == "draft"


@pytest.mark.parametrize(
    "option, value", [("skip_kinds", "entity"), ("ignore", "*.md"), ("variants", ["Kyiv", "Kiev"])]
)
def test_a_bare_string_where_a_collection_is_meant_is_a_clear_type_error(option, value):
    with pytest.raises(TypeError, match=option):
        discrepancy.check(SEEDS, **{option: value})


def test_skip_kinds_as_a_tuple_skips(by_list):
    assert any(f.kind == "entity" for f in by_list.findings)
    report = discrepancy.check(SEEDS, skip_kinds=("entity",))
    assert not any(f.kind == "entity" for f in report.findings)


def test_a_misspelt_option_names_check_not_an_internal_function():
    with pytest.raises(TypeError, match=r"check\(\) got an unexpected keyword argument 'skip'"):
        discrepancy.check(SEEDS, skip=("entity",))


def test_a_path_of_the_wrong_type_is_a_type_error():
    with pytest.raises(TypeError, match="paths"):
        discrepancy.check(42)


def test_python_dash_m_runs_the_command():
    result = subprocess.run(
        [sys.executable, "-m", "discrepancy", "check", str(SEEDS), "-f", "json", "-q"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 1 and result.stdout.startswith("{")
    help_text = subprocess.run(
        [sys.executable, "-m", "discrepancy", "--help"], capture_output=True, text=True, timeout=60
    ).stdout
    assert help_text.startswith("Usage: discrepancy")


def test_the_package_is_marked_typed():
    package = Path(discrepancy.__file__).parent
    assert (package / "py.typed").is_file()
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert '"py.typed"' in pyproject
