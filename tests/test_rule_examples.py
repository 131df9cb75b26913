"""Every rule's examples: two-article mini stories it must fire on and ones it must stay quiet on.

Layout: ``tests/rule_examples/<rule-id>/fire/<example>/`` and ``.../quiet/<example>/``, each
a folder of short ``.txt`` articles and an ``example.toml`` saying what it shows (``about``)
and, for behaviour the code does not have yet, why it fails today (``xfail``). An example is
one story by construction, so it is checked with ``group="none"`` (grouping has its own
tests); ``group`` in the example.toml says otherwise. ``draft`` names the article checked
as a draft against the folder's other articles (``check draft --against the others``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from discrepancy.api import check
from discrepancy.rules import RULES

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

EXAMPLES = Path(__file__).parent / "rule_examples"
OUTCOMES = ("fire", "quiet")


def examples() -> list[tuple[str, str, Path]]:
    """(rule id, fire|quiet, folder) for every example on disk."""
    return [
        (folder.parent.parent.name, folder.parent.name, folder)
        for folder in sorted(EXAMPLES.glob("*/*/*"))
        if folder.is_dir()
    ]


def _meta(folder: Path) -> dict:
    path = folder / "example.toml"
    return tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _params() -> list:
    params = []
    for rule, outcome, folder in examples():
        reason = _meta(folder).get("xfail")
        marks = [pytest.mark.xfail(reason=reason, strict=False)] if reason else []
        params.append(pytest.param(rule, outcome, folder, marks=marks, id=f"{rule}/{outcome}/{folder.name}"))
    return params


@pytest.mark.parametrize("rule, outcome, folder", _params())
def test_rule_example(rule: str, outcome: str, folder: Path) -> None:
    meta = _meta(folder)
    articles = sorted(str(p) for p in folder.glob("*.txt"))
    group = meta.get("group", "none")
    if "draft" in meta:
        draft = str(folder / meta["draft"])
        assert draft in articles, f"{folder}: draft {meta['draft']!r} is not one of its articles"
        references = [a for a in articles if a != draft]
        report = check([draft], against=references, group=group, jobs=1)
    else:
        report = check(articles, group=group, jobs=1)
    fired = [f for f in report.findings if f.rule == rule]
    example = f"{folder.parent.name}/{folder.name}"
    if outcome == "fire":
        assert fired, (
            f"{rule} did not fire on {example} ({meta.get('about', '')}); "
            f"rules that did: {sorted({f.rule for f in report.findings}) or 'none'}"
        )
    else:
        assert not fired, (
            f"false positive of {rule} on {example} ({meta.get('about', '')}): {fired[0].message}"
        )


def test_every_rule_has_examples_of_both_kinds() -> None:
    found = {(rule, outcome) for rule, outcome, _ in examples()}
    missing = [f"{rule}/{outcome}" for rule in RULES for outcome in OUTCOMES if (rule, outcome) not in found]
    assert not missing, (
        f"rules without examples (add tests/rule_examples/<rule>/<fire|quiet>/<name>/): {missing}"
    )


def test_every_example_names_a_catalog_rule_and_holds_two_articles() -> None:
    for rule, outcome, folder in examples():
        assert rule in RULES, f"{folder}: {rule!r} is not in the rule catalog (discrepancy/rules.py)"
        assert outcome in OUTCOMES, f"{folder}: {outcome!r} is neither fire nor quiet"
        assert len(list(folder.glob("*.txt"))) >= 2, (
            f"{folder}: an example is a story of at least two articles"
        )
        assert _meta(folder).get("about"), f"{folder}: example.toml needs 'about', what the example shows"
