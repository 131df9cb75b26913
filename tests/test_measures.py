"""Measures, money and percentages: one unit for comparison, stated conversions checked."""

from __future__ import annotations

import pytest
from helpers import facts

from discrepancy.api import analyse
from discrepancy.articles import load_articles


def numbers(text: str):
    return facts("numbers", f"date 2025-09-03\n{text}")


def findings(path: str, **options):
    articles, _ = load_articles([path])
    return [f for f in analyse(articles, **options).findings if f.kind == "number"]


@pytest.mark.parametrize(
    "a, b",
    [
        ("The route is a 3-mile route.", "The route is a 4.8-kilometre route."),
        ("Winds of 75 mph hit the coast.", "Winds of 120 km/h hit the coast."),
        ("Temperatures reached 104F.", "Temperatures reached 40 degrees Celsius."),
        ("The aid is a $4.2 billion aid package.", "The aid is a US$4.2bn aid package."),
        ("The aid is a $4,200 million aid package.", "The aid is a $4.2 billion aid package."),
    ],
)
def test_same_measure_in_two_units_agrees(a, b):
    (fa,), (fb,) = numbers(a), numbers(b)
    assert fa.subject == fb.subject and fa.unit == fb.unit
    assert fa.low <= fb.high and fb.low <= fa.high, (fa.normalized, fb.normalized)


@pytest.mark.parametrize(
    "a, b",
    [
        ("Winds of 15 kilometres per hour.", "Winds of 15 miles per hour."),
        ("The route is a 3.5-mile route.", "The route is a 4.8-kilometre route."),
    ],
)
def test_different_measures_do_not_agree(a, b):
    (fa,), (fb,) = numbers(a), numbers(b)
    assert fa.high < fb.low or fb.high < fa.low


def test_money_keeps_its_currency_and_scale():
    (fact,) = numbers("Brussels promised €2m in emergency funds.")
    assert (fact.text, fact.normalized, fact.unit) == ("€2m", "EUR 2000000", "EUR")


def test_percent_spellings_are_one_unit_and_points_another():
    units = {
        f.text: f.unit for f in numbers("Turnout was 62%. It was 62 per cent. It rose 3 percentage points.")
    }
    assert units == {"62%": "%", "62 per cent": "%", "3 percentage points": "percentage points"}


def test_stated_conversion_is_checked_inside_the_article():
    by_rule = {f.rule: f for f in findings("fixtures/measures/storm", group="none")}
    wrong = by_rule["number-conversion"]
    assert wrong.severity == "error" and wrong.internal
    assert [v.text for v in wrong.values] == ["40 kilometres", "40 miles"]
    assert "24.85 mile" in wrong.message
    # the correct one ("50 kilometres (31 miles)") and the temperatures are not findings
    assert {f.subject for f in findings("fixtures/measures/storm", group="none")} == {"width", "winds"}


def test_winds_in_mph_and_kmh_that_disagree_are_an_error():
    (winds,) = [f for f in findings("fixtures/measures/storm", group="none") if f.subject == "winds"]
    assert winds.severity == "error" and {v.text for v in winds.values} == {"75 mph", "160 km/h"}


def test_currencies_are_never_converted_and_notations_agree():
    assert findings("fixtures/measures/budget", group="none") == []
