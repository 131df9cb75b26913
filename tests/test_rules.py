"""The rule catalog and its switches: every emitted id is catalogued, ``discrepancy rules``,
--select/--skip, severity overrides, inline suppressions by rule, SARIF rules, the generated
docs/rules.md, thresholds as settings, and the registries that must agree."""

from __future__ import annotations

import ast
import json
import re
import sys
from importlib.metadata import packages_distributions, requires
from pathlib import Path

import pytest
from desk import ROOT, run

from discrepancy import config, normalize, rules
from discrepancy.api import check
from discrepancy.articles import InputError
from discrepancy.compare import RULES as COMPARE_MODULES
from discrepancy.model import FACT_KINDS, KINDS, SEVERITIES, Finding
from discrepancy.render.sarif import sarif_dict
from discrepancy.thresholds import TABLE, Thresholds

EXAMPLES = ROOT / "tests" / "rule_examples"
ROLE = EXAMPLES / "entity-role" / "fire" / "mayor_and_governor"
TIME = EXAMPLES / "time-conflict" / "fire" / "hours_apart"
QUOTE = EXAMPLES / "quote-attribution" / "fire" / "two_speakers"


def _articles(folder: Path) -> list[str]:
    return sorted(str(p) for p in folder.glob("*.txt"))


def _fixture_folders() -> list[Path]:
    """Every folder of the project's fixtures and rule examples that holds articles."""
    folders = {p.parent for p in (ROOT / "fixtures").rglob("*.txt")} | {
        p.parent for p in EXAMPLES.rglob("*.txt")
    }
    return sorted(folders)


def uncatalogued(findings: list[Finding]) -> list[str]:
    """Findings whose rule the catalog lacks or files under another kind."""
    return [
        f"{f.rule or '(no rule)'} ({f.kind}): {f.message}"
        for f in findings
        if f.rule not in rules.RULES or rules.RULES[f.rule].kind != f.kind
    ]


# ---------------------------------------------------------------- the catalog


def test_every_rule_id_emitted_on_the_fixtures_is_in_the_catalog() -> None:
    emitted: set[str] = set()
    for folder in _fixture_folders():
        report = check([str(folder)], jobs=1)
        found = report.findings + report.context + report.accepted
        assert not uncatalogued(found), (
            f"{folder.relative_to(ROOT)}: rules missing from discrepancy/rules.py: {uncatalogued(found)}"
        )
        emitted |= {f.rule for f in found}
    assert len(emitted) >= 12  # the fixtures and examples exercise (nearly) the whole catalog


def test_an_uncatalogued_rule_is_caught() -> None:
    made_up = Finding(
        kind="number", severity="error", subject="x", message="m", values=(), rule="number-guess"
    )
    wrong_kind = Finding(
        kind="date", severity="error", subject="x", message="m", values=(), rule="number-conflict"
    )
    assert len(uncatalogued([made_up, wrong_kind])) == 2


def test_catalog_entries_are_complete_and_unique() -> None:
    assert len(rules.RULES) == len(rules.CATALOG)
    for rule in rules.CATALOG:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)+", rule.id), rule.id
        assert rule.severity in SEVERITIES and rule.kind in KINDS
        assert rule.summary.strip() and rule.advice.strip() and "\n" not in rule.summary
        assert set(rule.reads) <= set(FACT_KINDS), rule
    assert not set(rules.KINDS) & set(rules.RULES)  # a switch name means one thing


def test_kinds_and_ids_expand() -> None:
    assert rules.expand("entity") == (
        "entity-variant",
        "entity-spelling",
        "entity-convention",
        "entity-role",
    )
    assert rules.expand("story") == ("draft-other-incident",)
    assert rules.expand("entity-role") == ("entity-role",)
    with pytest.raises(ValueError, match="unknown rule or kind 'entity-rol'"):
        rules.expand("entity-rol")


def test_policy_rule_overrides_win_over_kind_overrides() -> None:
    policy = rules.Policy.build(
        severity={"entity": "warning", "entity-role": "off", "time-conflict": "warning"}
    )
    assert not policy.reports("entity-role", "entity") and policy.reports("entity-variant", "entity")
    assert policy.level("entity-variant", "error") == "warning"
    assert (
        policy.level("time-conflict", "error") == "warning"
        and policy.level("date-conflict", "error") == "error"
    )
    selected = rules.Policy.build(select=["number"], skip=["number-internal"])
    assert selected.enabled == {"number-conflict", "number-bound", "number-update", "number-conversion"}


# ---------------------------------------------------------------- registries


def test_normalizers_rules_and_fact_kinds_agree() -> None:
    yielded = [kind for _, kind in normalize.REGISTRY.values()]
    assert sorted(yielded) == sorted(FACT_KINDS), "one normalizer per kind of fact"
    read = {kind for rule in rules.CATALOG for kind in rule.reads}
    assert read == set(FACT_KINDS), f"fact kinds no rule reads: {set(FACT_KINDS) - read}"
    assert set(KINDS) == {rule.kind for rule in rules.CATALOG}
    assert all(callable(module.check) for module in COMPARE_MODULES)


def test_each_normalizer_yields_only_its_own_kind() -> None:
    from discrepancy.articles import load_articles
    from discrepancy.text import article_sentences

    articles, _ = load_articles([str(ROOT / "fixtures" / "seeds")])
    seen: dict[str, set[str]] = {}
    for name, (extract, kind) in normalize.REGISTRY.items():
        for article in articles:
            seen.setdefault(name, set()).update(f.kind for f in extract(article, article_sentences(article)))
        assert seen[name] == {kind}, f"normalizer {name} yields {seen[name]}, registered as {kind}"


def _imported_top_level(package: Path) -> set[str]:
    names = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"discrepancy"}


def test_every_imported_package_is_declared() -> None:
    declared = {
        re.split(r"[ ;<>=!~\[]", r, maxsplit=1)[0].lower().replace("_", "-")
        for r in requires("discrepancy") or []
        if "extra ==" not in r
    }
    owners = packages_distributions()
    undeclared = []
    for module in sorted(_imported_top_level(ROOT / "discrepancy")):
        dists = {d.lower().replace("_", "-") for d in owners.get(module, [module])}
        if not dists & declared:
            undeclared.append(f"{module} (from {', '.join(sorted(dists))})")
    assert not undeclared, f"imported but not in [project] dependencies: {undeclared}"


def test_no_reads_of_another_packages_files() -> None:
    for path in (ROOT / "discrepancy").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"files\(\"([\w.]+)\"\)", text):
            assert match.group(1) == "discrepancy", f"{path}: reads package data of {match.group(1)}"
    assert (ROOT / "discrepancy" / "data" / "common-words.txt").is_file()


def test_model_exports_its_public_names_and_the_catalogs_kinds() -> None:
    from discrepancy import model

    tree = ast.parse((ROOT / "discrepancy" / "model.py").read_text(encoding="utf-8"))
    defined = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))} | {
        t.id for n in tree.body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)
    }
    public = {name for name in defined if not name.startswith("_")} | {"KINDS"}
    assert set(model.__all__) == public
    assert model.KINDS is rules.KINDS


def test_one_version_source() -> None:
    from importlib.metadata import version

    import discrepancy

    assert discrepancy.__version__ == version("discrepancy")
    assert 'version = "' not in (ROOT / "pyproject.toml").read_text(encoding="utf-8").split("[tool.")[0]


# ---------------------------------------------------------------- the command and the switches


def test_rules_command_lists_the_catalog_as_a_table_and_as_json() -> None:
    table = run("rules")
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split()[:3] == ["RULE", "KIND", "SEVERITY"]
    assert [line.split()[0] for line in lines[1:]] == list(rules.RULES)
    data = json.loads(run("rules", "--format", "json").stdout)
    assert [r["id"] for r in data] == list(rules.RULES)
    assert data[0] == rules.CATALOG[0].to_dict()


def test_select_and_skip_take_a_rule_or_a_kind() -> None:
    both = [*_articles(ROLE), *_articles(TIME)]
    everything = {f.rule for f in check(both, group="none", jobs=1).findings}
    assert {"entity-role", "time-conflict"} <= everything
    assert {f.rule for f in check(both, group="none", jobs=1, select=["entity-role"]).findings} == {
        "entity-role"
    }
    assert {f.rule for f in check(both, group="none", jobs=1, select=["date"]).findings} <= {
        r.id for r in rules.CATALOG if r.kind == "date"
    }
    skipped = {f.rule for f in check(both, group="none", jobs=1, skip_kinds=["entity-role"]).findings}
    assert "entity-role" not in skipped and "time-conflict" in skipped
    with pytest.raises(InputError, match="unknown rule or kind 'time'"):
        check(both, group="none", jobs=1, skip_kinds=["time"])


def test_cli_select_skip_and_a_bad_name(tmp_path: Path) -> None:
    out = run("check", *_articles(TIME), "--group", "none", "--format", "json", "--select", "time-conflict")
    assert out.returncode == 1 and {f["rule"] for f in json.loads(out.stdout)["findings"]} == {
        "time-conflict"
    }
    quiet = run("check", *_articles(TIME), "--group", "none", "--skip", "date", "--format", "json")
    assert quiet.returncode == 0 and json.loads(quiet.stdout)["findings"] == []
    bad = run("check", *_articles(TIME), "--skip", "time")
    assert bad.returncode == 2 and "'time' is not one of" in bad.stderr and "Traceback" not in bad.stderr


def test_config_overrides_a_rules_severity_or_turns_it_off(tmp_path: Path) -> None:
    (tmp_path / ".discrepancy.toml").write_text(
        'group = "none"\nformat = "json"\n[rules]\nentity-role = "off"\ntime-conflict = "warning"\n'
    )
    both = [*_articles(ROLE), *_articles(TIME)]
    out = run("check", *both, cwd=tmp_path)
    findings = json.loads(out.stdout)["findings"]
    assert {f["rule"] for f in findings} == {"time-conflict"}
    assert {f["severity"] for f in findings} == {"warning"}
    assert out.returncode == 0  # the only error became a warning, under the default --fail-on error
    (tmp_path / ".discrepancy.toml").write_text('group = "none"\nformat = "json"\nselect = ["entity"]\n')
    only = json.loads(run("check", *both, cwd=tmp_path).stdout)["findings"]
    assert {f["rule"] for f in only} == {"entity-role"}
    overridden = json.loads(run("check", *both, "--select", "date", cwd=tmp_path).stdout)["findings"]
    assert {f["rule"] for f in overridden} == {"time-conflict"}  # the option replaces the config's list


@pytest.mark.parametrize(
    "body, message",
    [
        ('[rules]\nentity-rol = "off"\n', "'entity-rol' is not one of"),
        ('[rules]\nentity-role = "loud"\n', "'loud' is not one of info, warning, error, off"),
        ('rules = "off"\n', "expected a table of rule = severity"),
        ('skip = ["entity-rol"]\n', "'entity-rol' is not one of"),
        ("[thresholds]\nstory-lnk = 0.2\n", "unknown threshold 'story-lnk'"),
        ("[thresholds]\nstory-link = 2\n", "2 is outside 0..1"),
        ("[thresholds]\nattribution-min-words = 6.5\n", "expected a whole number"),
        ('[thresholds]\nquote-coverage = "60%"\n', "expected a number"),
    ],
)
def test_bad_rule_and_threshold_settings_name_the_file_and_key(
    tmp_path: Path, body: str, message: str
) -> None:
    path = tmp_path / ".discrepancy.toml"
    path.write_text(body)
    with pytest.raises(InputError, match=re.escape(message)) as caught:
        config.load_file(path)
    assert str(path) in str(caught.value)
    out = run("check", *_articles(TIME), "--config", str(path))
    assert out.returncode == 2 and message in out.stderr and out.stderr.count("\n") == 1


def test_inline_ignore_takes_a_rule_id(tmp_path: Path) -> None:
    def annotate(name: str, comment: str) -> None:
        text = Path(_articles(ROLE)[name == "b.txt"]).read_text(encoding="utf-8")
        head, body = text.split("\n\n", 1)
        (tmp_path / name).write_text(f"{head}\n\n<!-- discrepancy-ignore: {comment} -->\n{body}")

    for name in ("a.txt", "b.txt"):  # a comment covers its own article's mention only
        annotate(name, "entity-role sworn in as governor today")
    report = check([str(tmp_path)], group="none", jobs=1)
    assert [f.rule for f in report.accepted] == ["entity-role"]
    assert "entity-role" not in {f.rule for f in report.findings}
    annotate("a.txt", "entity-rol typo")
    report = check([str(tmp_path)], group="none", jobs=1)
    assert "entity-role" in {f.rule for f in report.findings}
    assert any("discrepancy-ignore needs a rule or a kind" in note for note in report.notes)
    assert any("reported only where no comment covers them" in note for note in report.notes)


def test_sarif_rules_come_from_the_catalog_with_default_levels() -> None:
    report = check(_articles(TIME), group="none", jobs=1, severities={"time-conflict": "warning"})
    log = sarif_dict(report)
    driver_rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in driver_rules] == [f"{r.kind}/{r.id}" for r in rules.CATALOG]
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for descriptor, rule in zip(driver_rules, rules.CATALOG):
        assert descriptor["defaultConfiguration"]["level"] == levels[rule.severity]
        assert descriptor["shortDescription"]["text"] == rule.summary
    result = log["runs"][0]["results"][0]
    assert (
        result["ruleId"] == "date/time-conflict" and result["level"] == "warning"
    )  # the override, per result
    assert driver_rules[result["ruleIndex"]]["defaultConfiguration"]["level"] == "error"


def test_docs_rules_md_is_generated_from_the_catalog() -> None:
    import subprocess

    done = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "generate_rules.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert all(f"### {rule.id}" in text for rule in rules.CATALOG)
    assert all(f"`{t.key}`" in text for t in TABLE)


# ---------------------------------------------------------------- thresholds


def test_thresholds_default_and_override() -> None:
    assert Thresholds()["story-link"] == 0.16
    assert Thresholds({"story-link": 0.3})["story-link"] == 0.3
    with pytest.raises(KeyError):
        Thresholds()["story-lnk"]


def test_a_threshold_changes_what_a_rule_reports(tmp_path: Path) -> None:
    assert {f.rule for f in check(_articles(QUOTE), group="none", jobs=1).findings} == {"quote-attribution"}
    strict = check(
        _articles(QUOTE), group="none", jobs=1, thresholds=Thresholds({"attribution-min-words": 50})
    )
    assert "quote-attribution" not in {f.rule for f in strict.findings}
    (tmp_path / ".discrepancy.toml").write_text('format = "json"\n[thresholds]\nstory-link = 1.0\n')
    split = run("check", *_articles(QUOTE), cwd=tmp_path, env={"COLUMNS": "100"})
    assert len(json.loads(split.stdout)["stories"]) == 2  # nothing is similar enough to link


def test_the_english_lists_are_read_once():
    """``en.words`` and ``en.phrases`` are asked for in every comparison: each list is built once."""
    from discrepancy.lang import en

    assert en.words("stop") is en.words("stop")
    assert en.phrases("cumulative_markers") is en.phrases("cumulative_markers")
