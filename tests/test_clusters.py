"""End to end on crafted clusters (invented text; each folder's README lists what is planted):
every planted discrepancy is found at warning or error, and no trap is."""
from __future__ import annotations

import re

import pytest

import discrepancy

CLUSTERS = "fixtures/clusters"


def _loud(name: str):
    report = discrepancy.check([f"{CLUSTERS}/{name}"])
    return [f for f in report.findings if f.severity in ("warning", "error")]


@pytest.fixture(scope="module")
def loud():
    return _loud("wildfire")


@pytest.fixture(scope="module")
def train():
    return _loud("train")


def _has(finding, *fragments: str) -> bool:
    """Like the evaluation's matcher: each fragment in a distinct value's text or normal form."""
    texts = [f"{v.text} | {v.normalized}" for v in finding.values]
    used = set()
    for fragment in fragments:
        hit = next((i for i, t in enumerate(texts) if i not in used and re.search(
            r"(?<!\w)" + re.escape(fragment) + r"(?!\w)", t, re.I)), None)
        if hit is None:
            return False
        used.add(hit)
    return True


@pytest.mark.parametrize("kind, values", [
    ("number", ("9", "12")),
    ("number", ("40", "43")),
    ("date", ("Monday", "Sunday")),
    ("entity", ("Brandi", "Brandy")),
    ("quote", ("embers", "sparks")),
])
def test_planted_discrepancy_is_found(loud, kind, values):
    assert any(f.kind == kind and _has(f, *values) for f in loud), \
        f"missed {kind} {values}; loud findings: {[(f.kind, [v.text for v in f.values]) for f in loud]}"


@pytest.mark.parametrize("values", [("Three", "12"), ("64", "12"), ("3,000", "about 3,000"), ("25", "25")])
def test_traps_are_not_flagged(loud, values):
    assert not any(f.kind == "number" and _has(f, *values) for f in loud)


def test_every_loud_finding_is_a_planted_one(loud):
    assert sorted((f.kind, f.subject) for f in loud) == [
        ("date", "date of fire"), ("entity", "Paolo Brandi"), ("number", "houses destroyed"),
        ("number", "people killed"), ("quote", "have never seen fire")]


@pytest.mark.parametrize("kind, values", [
    ("number", ("7", "11")), ("number", ("48", "51")), ("number", ("212", "218")), ("date", ("Monday", "Sunday")),
])
def test_train_planted_discrepancy_is_found(train, kind, values):
    assert any(f.kind == kind and _has(f, *values) for f in train), \
        f"missed {kind} {values}; loud findings: {[(f.kind, [v.text for v in f.values]) for f in train]}"


def test_train_has_nothing_else_loud(train):
    assert sorted((f.kind, f.subject) for f in train) == [
        ("date", "date of event"), ("number", "passengers"), ("number", "people injured"), ("number", "people killed")]


def test_protest_cluster_finds_planted_conflicts_and_nothing_else():
    loud = _loud("protest")
    assert sorted((f.kind, f.subject) for f in loud) == [
        ("number", "officers injured"), ("number", "people arrested"), ("quote", "reform will pass will")]
    assert any(_has(f, "23", "31") for f in loud) and any(_has(f, "Eleven", "Eight") for f in loud)


def test_election_cluster_keeps_each_party_s_seats_apart():
    loud = _loud("election")
    assert sorted((f.kind, f.subject) for f in loud) == [
        ("date", "date of election"), ("number", "seats (Democratic Alliance)"), ("number", "turnout")]
    assert any(_has(f, "79", "80") for f in loud) and any(_has(f, "66.2%", "59.9") for f in loud)


def test_business_cluster_tells_a_change_from_a_level():
    loud = _loud("business")
    assert sorted((f.kind, f.subject) for f in loud) == [
        ("number", "jobs"), ("number", "profit change"), ("number", "shares change")]
    assert any(_has(f, "34%", "43%") for f in loud) and any(_has(f, "1,200", "1,500") for f in loud)
