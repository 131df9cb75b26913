"""SARIF 2.1.0, the static-analysis exchange format read by GitHub code scanning and IDEs.

One result per finding: rule ids are stable per kind and rule ("number/number-conflict"),
``tool.driver.rules`` lists the whole rule catalog with each rule's default level and
advice, the result's level follows the finding's severity, the first anchor is the location (a region with line and
column) and every other mention a related location; ``partialFingerprints`` carry the
finding's stable id so a finding is tracked across runs.
"""

from __future__ import annotations

import json

from .. import __version__
from ..model import Article, Finding, Mention, Report
from ..rules import CATALOG, Rule
from .anchors import anchors, articles_by_id, message, one_line

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT = "discrepancyFindingId/v1"


def rule_id(finding: Finding) -> str:
    """A stable rule id: the kind, then the rule's own code when it has one."""
    return f"{finding.kind}/{finding.rule}" if finding.rule else finding.kind


def _descriptor(rule: Rule) -> dict:
    """A SARIF reportingDescriptor for one catalog rule."""
    return {
        "id": f"{rule.kind}/{rule.id}",
        "name": "".join(w.capitalize() for w in rule.id.split("-")),
        "shortDescription": {"text": rule.summary},
        "help": {"text": rule.advice},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"kind": rule.kind, "reads": list(rule.reads)},
    }


def _unlisted(finding: Finding) -> dict:
    """A descriptor for a finding whose rule the catalog lacks (a test keeps this from happening)."""
    return {
        "id": rule_id(finding),
        "name": "".join(w.capitalize() for w in rule_id(finding).split("-")),
        "shortDescription": {"text": f"Reports disagree: {finding.kind}"},
        "defaultConfiguration": {"level": LEVELS[finding.severity]},
        "properties": {"kind": finding.kind},
    }


def _region(article: Article | None, mention: Mention) -> dict:
    region: dict[str, object] = {"startLine": mention.line, "startColumn": mention.column}
    if article is not None and mention.end > mention.start:
        end_line, end_column = article.position(mention.end)
        region.update(
            endLine=end_line,
            endColumn=end_column,
            charOffset=mention.start,
            charLength=mention.end - mention.start,
            snippet={"text": article.text[mention.start : mention.end]},
        )
    return region


def _location(
    articles: dict[str, Article],
    artifacts: dict[str, int],
    mention: Mention,
    text: str | None = None,
    number: int | None = None,
) -> dict:
    article = articles.get(mention.article)
    uri = article.path if article else mention.article
    location: dict = {
        "physicalLocation": {
            "artifactLocation": {"uri": uri, "index": artifacts[mention.article]},
            "region": _region(article, mention),
        }
    }
    if number is not None:
        location["id"] = number
    if text:
        location["message"] = {"text": one_line(text)}
    return location


def _result(
    report: Report,
    finding: Finding,
    rules: dict[str, int],
    artifacts: dict[str, int],
    articles: dict[str, Article],
) -> dict:
    anchored = list(anchors(report, finding))
    here, primary = anchored[0] if anchored else (finding.values[0], finding.values[0].mentions[0])
    related = [(v, m) for v in finding.values for m in v.mentions if m is not primary]
    result = {
        "ruleId": rule_id(finding),
        "ruleIndex": rules[rule_id(finding)],
        "level": LEVELS[finding.severity],
        "message": {"text": message(report, finding, here, primary)},
        "locations": [_location(articles, artifacts, primary)],
        "partialFingerprints": {FINGERPRINT: finding.id},
        "properties": {
            "findingId": finding.id,
            "severity": finding.severity,
            "subject": finding.subject,
            "internal": finding.internal,
        },
    }
    if related:
        result["relatedLocations"] = [
            _location(articles, artifacts, m, f"“{m.words(v.text)}” ({v.normalized}) in {m.article}", number)
            for number, (v, m) in enumerate(related, 1)
        ]
    return result


def sarif_dict(report: Report) -> dict:
    """The report as a SARIF 2.1.0 log with one run."""
    rule_list = [_descriptor(rule) for rule in CATALOG]
    rules = {descriptor["id"]: index for index, descriptor in enumerate(rule_list)}
    for finding in report.findings:
        if rule_id(finding) not in rules:
            rules[rule_id(finding)] = len(rule_list)
            rule_list.append(_unlisted(finding))
    artifacts = {a.id: i for i, a in enumerate(report.articles)}
    articles = articles_by_id(report)
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "discrepancy", "version": __version__, "rules": rule_list}},
                "columnKind": "unicodeCodePoints",
                "artifacts": [
                    {"location": {"uri": a.path}, "mimeType": "text/plain", "encoding": "utf-8"}
                    for a in report.articles
                ],
                "results": [_result(report, f, rules, artifacts, articles) for f in report.findings],
            }
        ],
    }


def render(report: Report) -> str:
    """The SARIF log as indented JSON."""
    return json.dumps(sarif_dict(report), indent=2, ensure_ascii=False) + "\n"
