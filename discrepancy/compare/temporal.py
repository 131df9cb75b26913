"""Temporal relations: two reports telling the same thing as happening before the event in
one and after it in the other ("shortly after the attack, Putin dismissed the warnings" vs
"a few days before the attack, Putin dismissed the warnings"). Tuned to miss rather than invent."""

from __future__ import annotations

from itertools import combinations

from ..model import Finding, Value
from .base import Story, article_list, mention


def check(story: Story) -> list[Finding]:
    """Opposite relations to the same event for the same statement in two reports."""
    from rapidfuzz import fuzz  # imported on use: only this rule needs it

    relations = story.of_kind("relation")
    # rapidfuzz token_set_ratio on content words, from which two sentences tell the same thing
    same_statement = story.thresholds["temporal-same-statement"]
    findings = []
    for a, b in combinations(relations, 2):
        if a.article == b.article or a.normalized == b.normalized or a.detail["event"] != b.detail["event"]:
            continue
        if fuzz.token_set_ratio(a.detail["content"], b.detail["content"]) < same_statement:
            continue
        values = tuple(Value(text=r.text, normalized=r.normalized, mentions=(mention(r),)) for r in (a, b))
        findings.append(
            Finding(
                kind="temporal",
                severity="warning",
                subject="order of events",
                message=(
                    f"The same statement is placed {a.normalized} the {a.detail['event']} in {a.article} "
                    f"('{a.text}') but {b.normalized} it in {b.article} ('{b.text}')"
                ),
                values=values,
                rule="temporal-order",
                detail=(("articles", article_list([a.article, b.article])),),
            )
        )
    return findings
