"""Every output format: golden files on the seed fixtures, and the promises each format makes
(SARIF structure, escaped HTML, GitHub command escaping and caps, one line per mention).

The goldens render a frozen set of seed findings (tests/golden/seed_findings.json, taken
from a real run), so they change only when a renderer changes, not when a normalizer
does. Regenerate the rendered goldens with ``UPDATE_GOLDEN=1 .venv/bin/python -m pytest
tests/test_formats.py``; add ``UPDATE_FROZEN=1`` to refresh the frozen findings from a live run
too. Without them a missing golden file is a failure, never written.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from desk import ROOT, two_article_report

from discrepancy.api import check
from discrepancy.articles import load_articles, load_text
from discrepancy.model import Finding, Mention, Report, Value
from discrepancy.render import FORMATS, renderer
from discrepancy.render.github import escape_data, escape_property, step_summary
from discrepancy.render.sarif import sarif_dict
from discrepancy.stories import group

GOLDEN = Path(__file__).parent / "golden"
FROZEN = GOLDEN / "seed_findings.json"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
UPDATE_FROZEN = os.environ.get("UPDATE_FROZEN") == "1"
SUFFIX = {
    "markdown": "md",
    "json": "json",
    "csv": "csv",
    "line": "line.txt",
    "github": "github.txt",
    "sarif": "sarif.json",
    "html": "html",
}


def _finding_data(f: Finding) -> dict:
    return {
        "kind": f.kind,
        "severity": f.severity,
        "subject": f.subject,
        "message": f.message,
        "internal": f.internal,
        "rule": f.rule,
        "detail": [[k, v] for k, v in f.detail if isinstance(v, str)],
        "values": [
            {
                "text": v.text,
                "normalized": v.normalized,
                "mentions": [
                    [m.article, m.line, m.column, m.sentence, m.start, m.end, m.text] for m in v.mentions
                ],
            }
            for v in f.values
        ],
    }


def _finding(data: dict) -> Finding:
    values = tuple(
        Value(v["text"], v["normalized"], tuple(Mention(*m) for m in v["mentions"])) for v in data["values"]
    )
    return Finding(
        kind=data["kind"],
        severity=data["severity"],
        subject=data["subject"],
        message=data["message"],
        values=values,
        internal=data["internal"],
        rule=data["rule"],
        detail=tuple((k, v) for k, v in data["detail"]),
    )


@pytest.fixture(scope="module")
def seed_report() -> Report:
    """The seed articles with the frozen findings (refreshed from a real run under UPDATE_GOLDEN)."""
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        if UPDATE_FROZEN:
            live = check(["fixtures/seeds"])
            FROZEN.write_text(
                json.dumps([_finding_data(f) for f in live.findings], indent=1, ensure_ascii=False) + "\n",
                encoding="utf-8",
            )
        articles, notes = load_articles(["fixtures/seeds"])
    finally:
        os.chdir(cwd)
    if not FROZEN.exists():
        pytest.fail(f"{FROZEN} is missing; rerun with UPDATE_GOLDEN=1 to write it from a real run")
    findings = [_finding(d) for d in json.loads(FROZEN.read_text(encoding="utf-8"))]
    return Report(articles=articles, records=[], findings=findings, notes=notes, stories=group(articles))


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_golden_output_on_the_seeds(fmt, seed_report):
    text = renderer(fmt)(seed_report)
    path = GOLDEN / f"seeds.{SUFFIX[fmt]}"
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    if not path.exists():
        pytest.fail(f"golden file {path} is missing; rerun with UPDATE_GOLDEN=1 to write it")
    assert text == path.read_text(encoding="utf-8"), (
        f"{fmt} output changed; rerun with UPDATE_GOLDEN=1 if intended"
    )


def test_the_frozen_seed_findings_cover_every_severity(seed_report):
    assert {f.severity for f in seed_report.findings} >= {"error", "warning", "info"}


def test_json_keeps_report_at_1_and_adds_stories(seed_report):
    data = json.loads(renderer("json")(seed_report))
    assert data["schema"] == "discrepancy/report@1"
    assert set(data) >= {"articles", "findings", "summary", "notes", "stories"}
    assert data["stories"][0]["articles"] == [a.id for a in seed_report.articles]
    assert [f["id"] for f in data["findings"]] == [f.id for f in seed_report.findings]


def test_line_format_is_one_greppable_line_per_mention(seed_report):
    lines = renderer("line")(seed_report).splitlines()
    assert len(lines) == sum(len(v.mentions) for f in seed_report.findings for v in f.values)
    for line in lines:
        assert re.match(
            r"^fixtures/seeds/\S+\.txt:\d+:\d+: (error|warning|info) \w+: .+\[\w+-[0-9a-f]{6}\]$", line
        ), line


# SARIF 2.1.0: no copy of the official JSON schema ships with any installed package and it
# cannot be downloaded here, so this checks the schema's required properties and types for
# every object the renderer emits (sarifLog, run, tool, toolComponent, reportingDescriptor,
# result, message, location, physicalLocation, artifactLocation, region).
def _check_sarif(log: dict) -> None:
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    assert isinstance(log["runs"], list) and log["runs"]
    for run in log["runs"]:
        driver = run["tool"]["driver"]
        assert isinstance(driver["name"], str) and driver["name"]
        rule_ids = [r["id"] for r in driver["rules"]]
        assert len(rule_ids) == len(set(rule_ids))
        for rule in driver["rules"]:
            assert isinstance(rule["id"], str)
            assert rule["defaultConfiguration"]["level"] in ("none", "note", "warning", "error")
        assert run.get("columnKind", "unicodeCodePoints") in ("utf16CodeUnits", "unicodeCodePoints")
        for artifact in run["artifacts"]:
            assert isinstance(artifact["location"]["uri"], str)
        for result in run["results"]:
            assert isinstance(result["message"]["text"], str) and result["message"]["text"]
            assert result["ruleId"] == rule_ids[result["ruleIndex"]]
            assert result["level"] in ("none", "note", "warning", "error")
            assert all(isinstance(v, str) for v in result["partialFingerprints"].values())
            for location in result["locations"] + result.get("relatedLocations", []):
                physical = location["physicalLocation"]
                index = physical["artifactLocation"]["index"]
                assert run["artifacts"][index]["location"]["uri"] == physical["artifactLocation"]["uri"]
                region = physical["region"]
                assert isinstance(region["startLine"], int) and region["startLine"] >= 1
                assert isinstance(region["startColumn"], int) and region["startColumn"] >= 1
                if "endLine" in region:
                    assert (region["endLine"], region["endColumn"]) > (
                        region["startLine"],
                        region["startColumn"],
                    )
                    assert region["charLength"] >= 0 and region["charOffset"] >= 0
            for related in result.get("relatedLocations", []):
                assert isinstance(related["id"], int) and related["id"] >= 0


def test_sarif_is_structurally_valid_2_1_0(seed_report):
    log = json.loads(renderer("sarif")(seed_report))
    _check_sarif(log)
    results = log["runs"][0]["results"]
    assert len(results) == len(seed_report.findings)
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for result, finding in zip(results, seed_report.findings):
        assert result["partialFingerprints"]["discrepancyFindingId/v1"] == finding.id
        assert result["level"] == levels[finding.severity]
        assert result["ruleId"].startswith(finding.kind)
        first = finding.values[0].mentions[0]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert (region["startLine"], region["startColumn"]) == (first.line, first.column)


def test_sarif_snippets_are_the_article_text(seed_report):
    texts = {a.path: a.text for a in seed_report.articles}
    for result in sarif_dict(seed_report)["runs"][0]["results"]:
        for location in result["locations"] + result.get("relatedLocations", []):
            physical = location["physicalLocation"]
            region = physical["region"]
            if "snippet" in region:
                text = texts[physical["artifactLocation"]["uri"]]
                start = region["charOffset"]
                assert text[start : start + region["charLength"]] == region["snippet"]["text"]


def test_html_escapes_markup_inside_articles():
    hostile = "<script>alert('x')</script> The blast killed 12 people & <b>hurt</b> 30.\n"
    report = two_article_report(
        first=hostile, second="The blast killed 15 people. <img src=x onerror=alert(1)>\n"
    )
    page = renderer("html")(report)
    assert "<script>" not in page and "<img" not in page and "<b>hurt" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "&amp;" in page
    # the conflicting spans are highlighted and linked to the finding, and back
    finding = report.findings[0]
    assert page.count(f'href="#{finding.id}"') == 2 and f'id="{finding.id}"' in page
    assert re.search(r'<a class="hl error" id="m\d+" href="#[^"]+" title="[^"<>]*">12</a>', page)


def test_html_escapes_messages_and_values_too():
    report = two_article_report()
    finding = report.findings[0]
    evil = Finding(
        kind="quote",
        severity="warning",
        subject="<i>x</i>",
        message="<script>1</script>",
        values=tuple(Value("<u>v</u>", "<n>", v.mentions) for v in finding.values),
    )
    report.findings = [evil]
    page = renderer("html")(report)
    assert "<script>1" not in page and "<i>x" not in page and "<u>v" not in page and "<n>" not in page


def test_github_escapes_data_and_properties():
    assert escape_data("50% of\r\nthem") == "50%25 of%0D%0Athem"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    report = two_article_report()
    out = renderer("github")(report)
    first = out.splitlines()[0]
    assert first.startswith("::error file=a.txt,line=1,col=19,title=discrepancy number%3A people killed::")
    assert "\n" not in first


def test_github_caps_annotations_per_level():
    a = load_text("Killed 1 2 3 4 5 6 7 8 9 10 11 12.\n", article_id="a", path="a.txt")
    b = load_text("Killed 12 11 10 9 8 7 6 5 4 3 2 1.\n", article_id="b", path="b.txt")
    from desk import finding_at

    findings = [
        finding_at(a, str(n), b, str(n), severity=s, subject=f"thing {n}")
        for n in range(1, 13)
        for s in ("error", "warning", "info")
    ]
    out = renderer("github")(Report(articles=[a, b], records=[], findings=findings)).splitlines()
    for level in ("error", "warning", "notice"):
        shown = [line for line in out if line.startswith(f"::{level} ")]
        assert len(shown) == 10
        assert (
            len({line.split("title=")[1].split("::")[0] for line in shown}) == 10
        )  # 10 findings, not 5 twice
    assert any("more annotation" in line for line in out)


def test_step_summary_appends_markdown(tmp_path):
    target = tmp_path / "summary.md"
    target.write_text("earlier step\n")
    assert step_summary("# Discrepancy report\n", {"GITHUB_STEP_SUMMARY": str(target)}) == str(target)
    assert target.read_text() == "earlier step\n# Discrepancy report\n"
    assert step_summary("x", {}) is None


def test_every_format_handles_an_empty_report():
    article = load_text("Nothing to see.\n", article_id="a", path="a.txt")
    report = Report(articles=[article], records=[], findings=[])
    rendered = {fmt: renderer(fmt)(report) for fmt in FORMATS}  # none raises on no findings
    assert "No disagreements found." in rendered["markdown"]
    assert json.loads(rendered["json"])["findings"] == []
    assert rendered["line"].strip() == "" and rendered["csv"].count("\n") == 1  # a header only
    assert json.loads(rendered["sarif"])["runs"][0]["results"] == []
