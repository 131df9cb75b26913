"""Stated conversions: "50 kilometres (31 miles)" is checked, "40 kilometres (40 miles)" is an error.

The two sides of a stated conversion are one fact (the numbers normalizer records the
bracketed side on the fact); this rule only checks the arithmetic. Currency conversions
need a rate the text does not give, so they are accepted as written.
"""

from __future__ import annotations

from ..model import Finding, Mention, Value
from .base import Story, mention


def _fmt(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def check(story: Story) -> list[Finding]:
    """One internal error per stated conversion whose two sides disagree."""
    findings = []
    for fact in story.of_kind("number"):
        stated = fact.detail.get("stated_conversion") if isinstance(fact.detail, dict) else None
        if (
            not stated
            or stated["dimension"] in ("money",)
            or stated["dimension"] != fact.detail.get("dimension")
            or stated["unit_as_written"] == fact.detail.get("unit_as_written")
        ):
            continue  # "22 hours local (5 hours Wednesday in Geneva)": the same unit is a restatement, not a conversion
        if stated["low"] <= fact.high and fact.low <= stated["high"]:
            continue
        written = fact.detail.get("unit_as_written", "")
        value, converted = fact.detail.get("value"), stated.get("expected")
        arithmetic = (
            f"{_fmt(value)} {written} = {_fmt(converted)} {stated['unit_as_written']}"
            if value is not None and converted is not None
            else ""
        )
        where = mention(fact)
        bracket = Mention(article=fact.article, line=where.line, column=where.column, sentence=fact.sentence)
        message = f"Stated conversion is wrong: {fact.text} is not {stated['text']}" + (
            f" ({arithmetic})" if arithmetic else ""
        )
        findings.append(
            Finding(
                kind="number",
                severity="error",
                subject=fact.subject or f"{stated['dimension']} conversion",
                message=message,
                internal=True,
                rule="number-conversion",
                values=(
                    Value(fact.text, fact.normalized, (where,)),
                    Value(stated["text"], stated["text"], (bracket,)),
                ),
                detail=(("arithmetic", arithmetic),) if arithmetic else (),
            )
        )
    return findings
