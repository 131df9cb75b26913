"""Settings files: where they are found, what they may say, and errors that name the
file and the key (exit 2)."""

from __future__ import annotations

import pytest
from desk import ROOT, run

from discrepancy import config
from discrepancy.articles import InputError

GOOD = """
[tool.discrepancy]
fail-on = "warning"
skip = ["quote", "attribution"]
language = "en"
variants = [["Kiev", "Kyiv"], ["Centre", "Center"]]
ignore = ["*/drafts/*", "notes.md"]
group = "by-folder"
format = "line"

[tool.discrepancy.tolerance]
"people killed" = 0.05
"homes destroyed" = "10%"
"""


def test_pyproject_settings_are_read(tmp_path):
    (tmp_path / "pyproject.toml").write_text(GOOD)
    settings = config.load(start=tmp_path)
    assert settings.fail_on == "warning" and settings.skip == ("quote", "attribution")
    assert settings.variants == (("Kiev", "Kyiv"), ("Centre", "Center"))
    assert settings.tolerance == {"people killed": 0.05, "homes destroyed": 0.10}
    assert settings.ignore == ("*/drafts/*", "notes.md") and settings.group == "by-folder"
    assert settings.format == "line" and settings.source == str(tmp_path / "pyproject.toml")


def test_the_nearest_file_upward_wins_and_own_file_beats_pyproject(tmp_path):
    (tmp_path / "pyproject.toml").write_text(GOOD)
    deep = tmp_path / "desk" / "today"
    deep.mkdir(parents=True)
    assert config.load(start=deep).fail_on == "warning"
    (tmp_path / "desk" / ".discrepancy.toml").write_text('fail-on = "info"\n')
    assert config.load(start=deep).fail_on == "info"


def test_pyproject_without_the_table_is_not_a_config(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert config.find(tmp_path) != tmp_path / "pyproject.toml"


def test_options_override_settings():
    settings = config.Settings(fail_on="info", skip=("date",), format="json")
    merged = settings.override(fail_on="error", skip=(), format=None, group="none")
    assert (merged.fail_on, merged.skip, merged.format, merged.group) == ("error", ("date",), "json", "none")


@pytest.mark.parametrize(
    "body, key",
    [
        ('colour = "red"\n', "colour"),
        ('fail-on = "fatal"\n', "fail-on"),
        ('skip = ["numbers"]\n', "skip"),
        ('variants = ["Kiev", "Kyiv"]\n', "variants"),
        ('variants = [["Kiev"]]\n', "variants"),
        ('language = "English"\n', "language"),
        ("group = 3\n", "group"),
        ("ignore = [1]\n", "ignore"),
        ('[tolerance]\n"people killed" = 5\n', "tolerance"),
        ('[tolerance]\n"people killed" = "lots"\n', "tolerance"),
    ],
)
def test_bad_keys_and_values_name_the_file_and_key(tmp_path, body, key):
    path = tmp_path / ".discrepancy.toml"
    path.write_text(body)
    with pytest.raises(InputError) as error:
        config.load(str(path))
    assert str(path) in str(error.value) and repr(key).strip("'") in str(error.value)


def test_invalid_toml_is_an_input_error(tmp_path):
    path = tmp_path / ".discrepancy.toml"
    path.write_text("fail-on = \n")
    with pytest.raises(InputError, match="not valid TOML"):
        config.load(str(path))


def test_cli_exits_2_naming_file_and_key(tmp_path):
    (tmp_path / ".discrepancy.toml").write_text('fail-on = "fatal"\n')
    result = run("check", str(ROOT / "fixtures" / "seeds"), cwd=tmp_path)
    assert result.returncode == 2
    assert ".discrepancy.toml" in result.stderr and "'fail-on'" in result.stderr
    assert result.stdout == "" and len(result.stderr.strip().splitlines()) == 1


def test_cli_config_option_and_missing_file(tmp_path):
    result = run("check", str(ROOT / "fixtures" / "seeds"), "--config", str(tmp_path / "nope.toml"))
    assert result.returncode == 2 and "nope.toml" in result.stderr
    bad = tmp_path / "desk.toml"
    bad.write_text("[tool.discrepancy]\nunknown-key = 1\n")
    result = run("check", str(ROOT / "fixtures" / "seeds"), "--config", str(bad))
    assert result.returncode == 2 and "desk.toml" in result.stderr and "unknown-key" in result.stderr


def test_a_config_file_with_only_other_tools_says_so(tmp_path):
    from discrepancy.articles import InputError
    from discrepancy.config import load_file

    path = tmp_path / "settings.toml"
    path.write_text("[tool.other]\nx = 1\n")
    with pytest.raises(InputError, match=r"no \[tool.discrepancy\] table"):
        load_file(path)
