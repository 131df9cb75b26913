"""Project settings from ``[tool.discrepancy]`` in pyproject.toml or a ``.discrepancy.toml``.

A desk keeps its house rules (what fails CI, kinds it does not check, spellings it treats
as the same, number tolerances, files to leave out) next to its copy, so every run and
every editor applies the same ones. Command-line options override them. A bad file is
an ``InputError`` naming the file and the key.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import rules, thresholds
from .articles import InputError
from .model import SEVERITIES
from .render import FORMATS
from .stories import MODES

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the same parser, packaged as tomli (a dependency there)
    import tomli as tomllib

CONFIG_NAME = ".discrepancy.toml"


@dataclass(frozen=True)
class Settings:
    """Every setting a run uses; defaults are those of a run without a config file."""

    fail_on: str = "error"
    skip: tuple[str, ...] = ()  # rule ids or kinds
    select: tuple[str, ...] = ()  # rule ids or kinds; empty: every rule
    rules: dict[str, str] = field(default_factory=dict)  # rule id or kind -> severity | "off"
    thresholds: dict[str, float] = field(default_factory=dict)  # see discrepancy.thresholds
    language: str = "en"
    variants: tuple[tuple[str, ...], ...] = ()
    tolerance: dict[str, float] = field(default_factory=dict)
    ignore: tuple[str, ...] = ()
    group: str = "auto"
    format: str = "markdown"
    source: str | None = None  # the file these came from, for messages

    def override(self, **options: Any) -> Settings:
        """These settings with every option that was given (not None / empty) replacing its key."""
        given = {k: v for k, v in options.items() if v is not None and v != ()}
        return replace(self, **given)


def _string(where: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{where}: expected a non-empty string, got {value!r}")
    return value


def _choice(where: str, value: Any, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise InputError(f"{where}: {value!r} is not one of {', '.join(choices)}")
    return value


def _strings(where: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise InputError(f"{where}: expected a list of strings, got {value!r}")
    return tuple(_string(where, v) for v in value)


def _variants(where: str, value: Any) -> tuple[tuple[str, ...], ...]:
    if not isinstance(value, list) or not all(isinstance(g, list) for g in value):
        raise InputError(f'{where}: expected a list of lists, e.g. [["Kiev", "Kyiv"]]')
    groups = tuple(_strings(where, g) for g in value)
    if any(len(g) < 2 for g in groups):
        raise InputError(f"{where}: each variant group needs at least two spellings")
    return groups


def _fraction(where: str, value: Any) -> float:
    if isinstance(value, str) and re.fullmatch(r"\s*\d+(\.\d+)?\s*%\s*", value):
        value = float(value.strip().rstrip("%")) / 100
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < 1:
        raise InputError(f'{where}: expected a fraction such as 0.05 or "5%", got {value!r}')
    return float(value)


def _tolerance(where: str, value: Any) -> dict[str, float]:
    if not isinstance(value, dict):
        raise InputError(f'{where}: expected a table of subject = fraction, e.g. {{"people killed" = 0.05}}')
    return {_string(where, k): _fraction(f"{where}.{k}", v) for k, v in value.items()}


def _rule_names(where: str, value: Any) -> tuple[str, ...]:
    return tuple(_choice(where, name, rules.names()) for name in _strings(where, value))


def _severities(where: str, value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise InputError(f'{where}: expected a table of rule = severity, e.g. {{entity-role = "off"}}')
    levels = SEVERITIES + (rules.OFF,)
    return {
        _choice(where, name, rules.names()): _choice(f"{where}.{name}", level, levels)
        for name, level in value.items()
    }


def _thresholds(where: str, value: Any) -> dict[str, float]:
    if not isinstance(value, dict):
        raise InputError(f"{where}: expected a table of threshold = number, e.g. {{story-link = 0.2}}")
    try:
        return {key: thresholds.validate(where, key, v) for key, v in value.items()}
    except ValueError as exc:
        raise InputError(str(exc)) from None


def _language(where: str, value: Any) -> str:
    # the candidate-span patterns (month names, weekdays, casualty verbs) are English only
    if value != "en":
        raise InputError(f'{where}: only "en" is supported (articles are read as English), got {value!r}')
    return value


# key -> (Settings field, parser)
KEYS = {
    "fail-on": ("fail_on", lambda w, v: _choice(w, v, SEVERITIES)),
    "skip": ("skip", _rule_names),
    "select": ("select", _rule_names),
    "rules": ("rules", _severities),
    "thresholds": ("thresholds", _thresholds),
    "language": ("language", _language),
    "variants": ("variants", _variants),
    "tolerance": ("tolerance", _tolerance),
    "ignore": ("ignore", _strings),
    "group": ("group", lambda w, v: _choice(w, v, MODES)),
    "format": ("format", lambda w, v: _choice(w, v, tuple(FORMATS))),
}


def parse(table: dict[str, Any], source: str) -> Settings:
    """Settings from the ``[tool.discrepancy]`` table of ``source``; unknown keys are errors."""
    values: dict[str, Any] = {"source": source}
    for key, value in table.items():
        if key not in KEYS:
            raise InputError(
                f"{source}: unknown key {key!r} in [tool.discrepancy]; known keys: {', '.join(KEYS)}"
            )
        name, parser = KEYS[key]
        values[name] = parser(f"{source}: key {key!r}", value)
    return Settings(**values)


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML ({exc})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None


def load_file(path: str | Path) -> Settings:
    """Settings from one file: a pyproject.toml (its ``[tool.discrepancy]``) or a
    ``.discrepancy.toml`` (the table at top level, or under ``[tool.discrepancy]``)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"--config {path}: no such file")
    data = _read(path)
    tool = data.get("tool", {})
    table = tool.get("discrepancy") if isinstance(tool, dict) else None
    if path.name == "pyproject.toml":
        return parse(table or {}, str(path))
    if table is not None:
        return parse(table, str(path))
    if "tool" in data:  # a [tool.*] file without [tool.discrepancy]: nothing of ours in it
        raise InputError(
            f"{path}: no [tool.discrepancy] table (settings go at the top level of "
            f"a .discrepancy.toml, or under [tool.discrepancy])"
        )
    return parse(data, str(path))


def find(start: str | Path = ".") -> Path | None:
    """The nearest ``.discrepancy.toml``, or pyproject.toml with ``[tool.discrepancy]``,
    from ``start`` upward."""
    folder = Path(start).resolve()
    for candidate in (folder, *folder.parents):
        own = candidate / CONFIG_NAME
        if own.is_file():
            return own
        project = candidate / "pyproject.toml"
        if project.is_file():
            tool = _read(project).get("tool", {})
            if isinstance(tool, dict) and "discrepancy" in tool:
                return project
    return None


def load(path: str | None = None, start: str | Path = ".") -> Settings:
    """The settings in force: ``path`` if given, else the nearest config file, else defaults."""
    if path:
        return load_file(path)
    found = find(start)
    return load_file(found) if found else Settings()


def house_variants(groups: Any) -> tuple[tuple[str, ...], ...]:
    """Variant groups ordered so the spelling the built-in conventions prefer comes first.

    A group means "these are one accepted house spelling", whichever order it is written in:
    ``["Centre", "Center"]`` and ``["Center", "Centre"]`` are the same group."""
    from .conventions import convention_key, tokens

    out = []
    for group in groups:
        group = tuple(str(g) for g in group)
        if len(group) < 2:
            continue
        built_in = {convention_key(member) for member in group}
        first = next((m for m in group if " ".join(tokens(m)) in built_in), group[0])
        out.append((first,) + tuple(m for m in group if m != first))
    return tuple(out)


def _house_form(name: str, groups: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    """``name``'s words with every spelling of a house group replaced by the group's first."""
    from .conventions import tokens

    words = tuple(tokens(name))
    swaps = sorted(
        ((tuple(tokens(m)), tuple(tokens(g[0]))) for g in groups for m in g[1:]), key=lambda s: -len(s[0])
    )
    out: list[str] = []
    at = 0
    while at < len(words):
        for written, canonical in swaps:
            if written and words[at : at + len(written)] == written:
                out.extend(canonical)
                at += len(written)
                break
        else:
            out.append(words[at])
            at += 1
    return tuple(out)


def is_house_spelling(finding: Any, groups: tuple[tuple[str, ...], ...]) -> bool:
    """True for a name finding whose spellings differ only by the desk's own variant groups."""
    if finding.kind != "entity" or not groups or len(finding.values) < 2:
        return False
    spellings = {m.words(v.text) for v in finding.values for m in v.mentions} | {
        v.text for v in finding.values
    }
    from .conventions import tokens

    forms = {_house_form(s, groups) for s in spellings}
    plain = {tuple(tokens(s)) for s in spellings}
    return len(forms) == 1 and len(plain) > 1
