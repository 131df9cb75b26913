"""The comparator: small rules, one module per kind of conflict.

Each rule module has ``check(story) -> list[Finding]``; it sees the facts of one story
only, so facts of unrelated stories are never compared. Which rules are reported, and how
loud, is decided here for all of them (``discrepancy.rules.Policy``), never inside a rule.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Finding, severity_rank
from ..rules import Policy, expand
from . import conversions, dates, entities, numbers, quotes, spelling, temporal
from .base import Story

#: Rule modules in the order they run.
RULES = (numbers, conversions, dates, entities, spelling, quotes, temporal)


def compare(
    story: Story, skip_kinds: frozenset[str] = frozenset(), policy: Policy | None = None
) -> list[Finding]:
    """Every finding for one story, in a stable order.

    ``skip_kinds`` (kinds or rule ids) are left out; ``policy`` selects rules and overrides severities."""
    policy = policy or Policy()
    skipped = {rule_id for name in skip_kinds for rule_id in expand(name)}
    findings: list[Finding] = []
    for module in RULES:
        found = module.check(story)
        if module is spelling:
            found = spelling.not_yet_reported(found, findings)
        for finding in found:
            if (
                finding.rule in skipped
                or finding.kind in skip_kinds
                or not policy.reports(finding.rule, finding.kind)
            ):
                continue
            level = policy.level(finding.rule, finding.severity)
            findings.append(finding if level == finding.severity else replace(finding, severity=level))
    return sorted(findings, key=lambda f: (-severity_rank(f.severity), f.kind, f.subject, f.id))
