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
        hit = next(
            (
                i
                for i, t in enumerate(texts)
                if i not in used and re.search(r"(?<!\w)" + re.escape(fragment) + r"(?!\w)", t, re.I)
            ),
            None,
        )
        if hit is None:
            return False
        used.add(hit)
    return True


@pytest.mark.parametrize(
    "kind, values",
    [
        ("number", ("9", "12")),
        ("number", ("40", "43")),
        ("date", ("Monday", "Sunday")),
        ("entity", ("Brandi", "Brandy")),
        ("quote", ("embers", "sparks")),
    ],
)
def test_planted_discrepancy_is_found(loud, kind, values):
    assert any(f.kind == kind and _has(f, *values) for f in loud), (
        f"missed {kind} {values}; loud findings: {[(f.kind, [v.text for v in f.values]) for f in loud]}"
    )


@pytest.mark.parametrize("values", [("Three", "12"), ("64", "12"), ("3,000", "about 3,000"), ("25", "25")])
def test_traps_are_not_flagged(loud, values):
    assert not any(f.kind == "number" and _has(f, *values) for f in loud)


def _exactly(loud, expected):
    """Every loud finding is one of ``expected`` (kind, values) and each expected one is found once."""
    unexplained = [
        (f.kind, [v.text for v in f.values])
        for f in loud
        if not any(f.kind == kind and _has(f, *values) for kind, values in expected)
    ]
    assert not unexplained, f"loud findings that were not planted: {unexplained}"
    for kind, values in expected:
        hits = [f for f in loud if f.kind == kind and _has(f, *values)]
        assert len(hits) == 1, f"{kind} {values} found {len(hits)} times"


def test_every_loud_finding_is_a_planted_one(loud):
    _exactly(
        loud,
        [
            ("date", ("Monday", "Sunday")),
            ("entity", ("Brandi", "Brandy")),
            ("number", ("40", "43")),
            ("number", ("nine", "12")),
            ("quote", ("embers", "sparks")),
        ],
    )


@pytest.mark.parametrize(
    "kind, values",
    [
        ("number", ("7", "11")),
        ("number", ("48", "51")),
        ("number", ("212", "218")),
        ("date", ("Monday", "Sunday")),
    ],
)
def test_train_planted_discrepancy_is_found(train, kind, values):
    assert any(f.kind == kind and _has(f, *values) for f in train), (
        f"missed {kind} {values}; loud findings: {[(f.kind, [v.text for v in f.values]) for f in train]}"
    )


def test_train_has_nothing_else_loud(train):
    # 80 (01) vs 79 (02) dead in the 2013 crash: another event's toll given two ways, reported
    # as a warning, never an error
    _exactly(
        train,
        [
            ("date", ("Monday", "Sunday")),
            ("number", ("212", "218")),
            ("number", ("48", "51")),
            ("number", ("7", "11")),
            ("number", ("79", "80")),
        ],
    )
    background = next(f for f in train if _has(f, "79", "80"))
    assert background.severity == "warning"


def test_protest_cluster_finds_planted_conflicts_and_nothing_else():
    _exactly(
        _loud("protest"),
        [("number", ("Eleven", "Eight")), ("number", ("23", "31")), ("quote", ("streets", "reform"))],
    )


def test_election_cluster_keeps_each_party_s_seats_apart():
    loud = _loud("election")
    _exactly(loud, [("date", ("Sunday", "Saturday")), ("number", ("79", "80")), ("number", ("66.2", "59.9"))])
    seats = next(f for f in loud if _has(f, "79", "80"))
    assert "Democratic Alliance" in seats.subject


def test_business_cluster_tells_a_change_from_a_level():
    _exactly(
        _loud("business"),
        [("number", ("34%", "43%")), ("number", ("1,200", "1,500")), ("number", ("4.2%", "3.8%"))],
    )
