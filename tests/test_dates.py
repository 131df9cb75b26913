"""Dates and times: resolution against the publication date, zones, and the date rules."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discrepancy.api import check
from discrepancy.articles import load_articles, load_text
from discrepancy.compare import dates as dates_rule
from discrepancy.compare import temporal as temporal_rule
from discrepancy.compare.base import Story
from discrepancy.normalize import extract as extract_kinds
from discrepancy.normalize.dates import extract
from discrepancy.text import article_sentences

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "dates"


def facts_of(text: str, article_id: str = "t"):
    article = load_text(text, article_id)
    return extract(article, article_sentences(article))


def findings_of(articles, kind: str = "date"):
    """Findings of the date and temporal rules alone (fast: no other normalizer runs)."""
    story = Story(
        articles={a.id: a for a in articles},
        facts=[f for a in articles for f in extract_kinds(a, ["dates", "relations"])],
    )
    return [f for f in dates_rule.check(story) + temporal_rule.check(story) if f.kind == kind]


def date_findings(folder: str, kind: str = "date"):
    return findings_of(load_articles([str(FIXTURES / folder)])[0], kind)


def by_text(facts, text):
    return next(f for f in facts if f.text == text)


def test_weekday_that_does_not_fit_its_date_is_an_error_citing_the_report_that_has_it_right():
    findings = date_findings("weekday_mismatch")
    assert [(f.rule, f.severity, f.internal) for f in findings] == [("date-weekday-mismatch", "error", False)]
    assert findings[0].articles[0] == "harbour_fire"
    assert len(findings[0].articles) == 2
    assert "Thursday" in findings[0].message
    assert [v.text for v in findings[0].values][1] == "Thursday, March 21, 2024"


def test_weekday_mismatch_alone_in_its_report_is_internal(tmp_path):
    (tmp_path / "a.txt").write_text(
        "date 2024-03-25\nFire at the harbour\n\nA fire destroyed a warehouse on Tuesday, March 21, 2024.\n"
    )
    (tmp_path / "b.txt").write_text("date 2024-03-25\nHarbour fire\n\nNo one was hurt in the harbour fire.\n")
    findings = findings_of(load_articles([str(tmp_path)])[0], "date")
    assert [(f.rule, f.severity, f.internal) for f in findings] == [("date-weekday-mismatch", "error", True)]


def test_same_event_dated_differently_in_two_reports():
    findings = date_findings("dated_differently")
    assert len(findings) == 1
    finding = findings[0]
    assert (finding.rule, finding.severity, finding.internal) == ("date-conflict", "error", False)
    assert {v.normalized.split(" ")[0] for v in finding.values} == {"2024-03-12", "2024-03-13"}


def test_relative_dates_resolving_to_the_same_day_do_not_conflict():
    assert date_findings("relative_same_day") == []
    articles = load_articles([str(FIXTURES / "relative_same_day")])[0]
    assert {f.normalized for a in articles for f in extract_kinds(a, ["dates"])} == {"2024-05-10"}


def test_year_less_date_around_new_year_takes_the_previous_year():
    facts = facts_of("date 2025-01-03\nThe market hall burned down on Dec. 30, officials said.\n")
    assert by_text(facts, "Dec. 30").normalized == "2024-12-30"
    assert date_findings("new_year") == []


def test_without_publication_date_relative_dates_stay_unresolved_and_are_not_compared():
    facts = facts_of("Council votes\n\nThe council voted yesterday to close the lido, a spokesman said.\n")
    yesterday = by_text(facts, "yesterday")
    assert yesterday.normalized == "" and yesterday.low is None
    assert "publication date" in yesterday.detail["note"]
    assert date_findings("no_publication_date") == []


def test_bare_numbers_are_never_dates():
    article = (FIXTURES / "numbers_not_dates" / "startup.txt").read_text()
    assert [f.text for f in facts_of(article)] == []


def test_weekday_resolves_to_the_most_recent_such_day_unless_next():
    facts = facts_of("date 2024-03-30\nGunmen attacked the hall on Friday. The trial opens next Friday.\n")
    assert by_text(facts, "on Friday").normalized == "2024-03-29"
    assert by_text(facts, "next Friday").normalized == "2024-04-05"


def test_weekday_beside_a_parenthetical_date_is_checked():
    facts = facts_of("date 2024-03-30\nThe attack killed 143 people last Friday (Mar 21).\n")
    fact = by_text(facts, "last Friday (Mar 21)")
    assert fact.normalized == "2024-03-21"
    assert fact.detail["weekday"] == "Friday" and fact.detail["resolved_weekday"] == "Thursday"


def test_month_keeps_its_precision():
    fact = by_text(facts_of("date 2024-04-02\nThe embassy warned of attacks in March.\n"), "in March")
    assert (fact.normalized, fact.unit) == ("2024-03", "month")
    assert fact.high - fact.low == 30


def test_date_subject_is_the_event_it_attaches_to():
    facts = facts_of(
        "date 2024-03-30\nThe group's report published yesterday said the attack on March 22 was planned.\n"
    )
    assert by_text(facts, "yesterday").subject == "report"
    assert by_text(facts, "March 22").subject == "incident"


@pytest.mark.parametrize(
    "written, utc",
    [
        ("0737 GMT", "07:37Z"),
        ("3:37 a.m. EDT", "07:37Z"),
        ("13:15 UTC", "13:15Z"),
        ("9:15 a.m. EDT", "13:15Z"),
    ],
)
def test_times_with_a_zone_resolve_to_utc(written, utc):
    fact = by_text(facts_of(f"date 2013-07-02\nThe quake struck at {written} on Tuesday.\n"), written)
    assert fact.normalized.startswith(utc) and fact.unit == "time"


def test_local_time_resolves_through_the_place_named():
    fact = by_text(
        facts_of("date 2024-04-16\nThe quake hit Nairobi at 2:53 p.m. local time.\n"), "2:53 p.m. local time"
    )
    assert fact.normalized.startswith("11:53Z") and "Africa/Nairobi" in fact.normalized


def test_time_in_gmt_and_local_time_one_consistent_one_not():
    findings = date_findings("time_zones")
    assert len(findings) == 1
    finding = findings[0]
    assert finding.rule == "time-conflict" and finding.severity == "error"
    by_instant: dict[str, set[str]] = {}
    for value in finding.values:
        by_instant.setdefault(value.normalized.split(" ")[0], set()).update(value.articles)
    assert by_instant == {
        "06:15Z": {"blog_wrong"},
        "09:00Z": {"approximate"},
        "09:15Z": {"agency_gmt", "local_paper"},
    }
    assert {v.text for v in finding.values} >= {"0915 GMT", "12:15 p.m. local time", "9:15 a.m. local time"}


def test_approximate_time_tolerates_a_nearby_exact_time():
    text_a = "date 2024-04-16\nThe blast hit Nairobi at about 3 p.m. local time.\n"
    text_b = "date 2024-04-16\nThe blast hit Nairobi at 2:53 p.m. local time.\n"
    text_c = "date 2024-04-16\nThe blast hit Nairobi at 3:20 p.m. local time.\n"
    assert findings_of([load_text(text_a, "a"), load_text(text_b, "b")]) == []
    assert [f.rule for f in findings_of([load_text(text_b, "b"), load_text(text_c, "c")])] == [
        "time-conflict"
    ]


def test_dateline_time_is_not_an_event_time():
    text = "Blast hits market\nThu Nov 10, 2011 3:00pm EST\nThe blast hit the market at 3 p.m. in Nairobi.\n"
    assert [f.text for f in facts_of(text) if f.unit == "time"] == ["3 p.m."]


def test_odd_input_never_raises():
    for text in [
        "",
        "date 2024-01-01\n",
        "at 99:99 on Febtember 45, 0000",
        "(" * 500 + "Friday (Mar",
        "x" * 10000,
    ]:
        facts_of(text)


def test_same_statement_placed_before_and_after_the_event_is_a_temporal_finding():
    findings = date_findings("temporal_order", "temporal")
    assert len(findings) == 1
    finding = findings[0]
    assert finding.severity == "warning" and finding.rule == "temporal-order"
    assert {v.text for v in finding.values} == {"Shortly after the attack", "two days before the attack"}
    assert set(finding.articles) == {"wire", "daily"}


def test_unrelated_sentences_with_opposite_relations_are_not_findings():
    paths = [
        FIXTURES / "relative_same_day",
        FIXTURES / "temporal_order" / "weekly.txt",
        FIXTURES / "temporal_order" / "daily.txt",
    ]
    assert findings_of(load_articles([str(p) for p in paths])[0], "temporal") == []


_PIECES = list("0123456789 :.,()-apmAPMGTUCZ") + [
    "March ",
    "Friday ",
    "yesterday ",
    "last ",
    "week ",
    "ago ",
    "local time ",
    "on ",
    "the ",
    "2024 ",
    "\n",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=60).map("".join))
def test_extract_never_raises(text):
    """Not even inside: a sentence skipped after an exception is logged as a warning."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = logging.getLogger("discrepancy.normalize.dates")
    logger.addHandler(handler)
    try:
        facts_of("date 2024-03-30\n" + text)
        facts_of(text)
    finally:
        logger.removeHandler(handler)
    assert [r.getMessage() for r in records] == []


def test_tense_of_the_clause_decides_a_weekday_direction():
    facts = facts_of(
        "date 2024-10-09\nThe governor declared an emergency on Sunday and will visit the area on "
        "Thursday. On Friday, the president will travel to the coast.\n"
    )
    assert [f.normalized for f in facts] == ["2024-10-06", "2024-10-10", "2024-10-11"]
    reported = facts_of(
        "date 2024-10-09\nThe mayor said the city would not retaliate for the reported shelling "
        "of Arvo on Monday, which he said killed two.\n"
    )
    assert [f.normalized for f in reported] == ["2024-10-07"]


def test_the_following_year_counts_from_the_year_written_before():
    facts = facts_of(
        "date 2024-03-30\nIn 2022, the group attacked an embassy. The following year, police "
        "arrested several members.\n"
    )
    assert [(f.text, f.normalized, f.scope) for f in facts] == [
        ("In 2022", "2022", "background"),
        ("The following year", "2023", "background"),
    ]


def test_a_written_conversion_beats_the_place_guess():
    fact = by_text(
        facts_of("date 2024-01-05\nThe blast in Jakarta hit at 3 p.m. (0600 GMT) on Friday.\n"), "3 p.m."
    )
    assert fact.normalized.startswith("06:00Z") and fact.detail["zone"] == "as converted in the text"


def test_a_day_written_in_another_zone_is_not_compared():
    texts = [
        "date 2024-06-09\nA strong earthquake hit Tokyo early Sunday at 3:15 a.m. (1815 GMT Saturday).\n",
        "date 2024-06-11\nThe quake that struck Tokyo on Sunday damaged 300 homes.\n",
    ]
    assert findings_of([load_text(t, f"a{i}") for i, t in enumerate(texts)]) == []


def test_the_story_place_does_not_make_another_event_but_a_secondary_place_does():
    texts = {
        "one": "date 2025-05-14\nFlood in Tarvis\n\nA flash flood swept through Tarvis on Monday, killing two people.\n",
        "two": "date 2025-05-14\nTarvis flood kills two\n\nThe flood that hit Tarvis on Sunday killed two people.\n",
        "three": "date 2025-05-14\nTarvis cleans up\n\nResidents of Tarvis cleared mud on Tuesday. The flood in "
        "Ostrava on Saturday was smaller, officials said.\n",
    }
    findings = findings_of([load_text(t, k) for k, t in texts.items()])
    assert len(findings) == 1
    assert {v.normalized.split(" ")[0] for v in findings[0].values} == {"2025-05-12", "2025-05-11"}


def test_a_time_conflict_cites_every_report_of_the_disputed_instants():
    """A report whose sentence pairs with nothing still stands beside the time it gives."""
    wire = load_text(
        "date 2025-03-03\n\nThe quake struck Tarvos at 0412 GMT on Monday, the survey said.\n", "wire"
    )
    other = load_text(
        "date 2025-03-03\n\nThe earthquake struck Tarvos at 4:42 a.m. GMT on Monday, the survey said.\n",
        "other",
    )
    short = load_text("date 2025-03-03\n\nResidents of Lannis felt the shaking at 4:42 a.m. GMT.\n", "short")
    times = [f for f in findings_of([wire, other, short]) if f.rule == "time-conflict"]
    assert len(times) == 1 and set(times[0].articles) == {"wire", "other", "short"}


def test_two_verbs_dating_one_story_are_at_most_a_warning(tmp_path):
    (tmp_path / "a.txt").write_text(
        "date 2024-04-29\n\nHopes of finding more survivors at the Halden mill faded after a fire broke out "
        "on Sunday night as rescuers tried to free a woman trapped in the rubble.\n"
    )
    (tmp_path / "b.txt").write_text(
        "date 2024-04-29\n\nThe Halden mill collapsed on Wednesday morning, and rescuers tried to free "
        "workers trapped in the rubble before a fire.\n"
    )
    findings = [f for f in check([str(tmp_path)], group="none", jobs=1).findings if f.rule == "date-conflict"]
    assert findings, "the two days are still shown"
    assert {f.severity for f in findings} == {"warning"}


_GATED = [
    "On Tuesday, 12 March 2019, the court sat at 9:30 a.m. local time.",
    "It happened three days ago, or a few weeks earlier, and again last night.",
    "TOMORROW at NOON the vote; Sept. 4 or the 2019-03-04 hearing; in 1998-2001.",
    "The ſunday vote at mıdnight, tonıght, on the Kelvin scale: 12 \u212a.",  # letters re.I folds onto ASCII
    "Nobody spoke; 2,000 people marched, 1,900 by the 20th, at 18.30 hours.",
    "Since early May of last year and earlier this month; the previous day at 1400 GMT.",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_GATED + [" ", "May ", "day ", "at ", "ago ", ":"]), max_size=6).map("".join))
def test_gated_patterns_find_what_every_pattern_finds(text):
    """A date or time pattern skipped because its gate finds nothing in the text would not
    have matched there anyway."""
    import re

    from discrepancy.normalize import dates as module

    found, taken = [], []
    for kind, pattern in module.DATE_PATTERNS:
        for match in pattern.finditer(text):
            if not any(match.start() < b and a < match.end() for a, b in taken):
                taken.append(match.span())
                found.append((match.start(), kind, match.span()))
    assert [(k, m.span()) for k, m in module._candidates(text)] == [(k, s) for _, k, s in sorted(found)]
    times = []
    for pattern in module.TIME_PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() < m.end() and m.start() < match.end() for m in times):
                continue
            if not re.search(rf"{module._MON}\.?\s+\d{{1,2}},?\s*$", text[: match.start()]):
                times.append(match)
    assert [m.span() for m in module._time_matches(text)] == sorted(m.span() for m in times)
