"""The comparator: small rules, one module per kind of conflict.

Each rule module has ``check(story) -> list[Finding]``; it sees the facts of one story
only, so facts of unrelated stories are never compared.
"""
from __future__ import annotations

from importlib import import_module

from ..model import Finding, severity_rank
from .base import Story

#: Rule modules in the order they run.
RULES = ("numbers", "conversions", "dates", "entities", "spelling", "quotes", "temporal")


def compare(story: Story, skip_kinds: frozenset[str] = frozenset()) -> list[Finding]:
    """Every finding for one story, in a stable order."""
    findings: list[Finding] = []
    for name in RULES:
        findings.extend(import_module(f"{__name__}.{name}").check(story))
    findings = [f for f in findings if f.kind not in skip_kinds]
    return sorted(findings, key=lambda f: (-severity_rank(f.severity), f.kind, f.subject, f.id))
