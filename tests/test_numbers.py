"""The numbers normalizer and the number rule, on hard cases (each names what it guards)."""

from __future__ import annotations

import math

import pytest
from helpers import facts

from discrepancy.api import analyse
from discrepancy.articles import load_articles
from discrepancy.normalize.numbers import parse_simple


def numbers(text: str, published: str = "2025-06-14"):
    return facts("numbers", f"date {published}\n{text}")


def one(text: str):
    found = numbers(text)
    assert len(found) == 1, (
        f"expected one number fact in {text!r}, got {[(f.text, f.subject) for f in found]}"
    )
    return found[0]


@pytest.mark.parametrize(
    "text, value",
    [
        ("143", 143),
        ("1,500", 1500),
        ("6.1", 6.1),
        ("twenty-five", 25),
        ("1.2 million", 1_200_000),
        ("a dozen", 12),
        ("four", 4),
        ("two hundred", 200),
    ],
)
def test_parse_simple_reads_digits_and_words(text, value):
    assert parse_simple(text) == pytest.approx(value)


@pytest.mark.parametrize(
    "text, subject, low, high",
    [
        ("The attack left at least 143 dead.", "people killed", 143, math.inf),
        ("144 people died in the attack.", "people killed", 144, 144),
        ("The attack, which killed 143 people last Friday, shocked the city.", "people killed", 143, 143),
        ("The death toll rose to 144 on Sunday.", "people killed", 144, 144),
        ("More than 200 people were injured.", "people injured", math.nextafter(200, math.inf), math.inf),
        ("Nearly 50 were wounded.", "people injured", 45, 50),
        ("Four individuals were arrested and charged with terrorism.", "people arrested", 4, 4),
        ("Dozens of villagers were injured.", "villagers injured", 24, 99),
        ("Between 5 and 6 houses were destroyed.", "houses destroyed", 5, 6),
        ("Five bombs were dropped on the camp.", "bombs dropped", 5, 5),
        ("Planes dropped four bombs on the camp.", "bombs dropped", 4, 4),
    ],
)
def test_number_subject_and_interval(text, subject, low, high):
    fact = one(text)
    assert (fact.subject, fact.low, fact.high) == (subject, pytest.approx(low), pytest.approx(high))


@pytest.mark.parametrize(
    "text",
    [
        "In 2022, the group claimed an attack on the embassy.",  # a year
        "Gunmen opened fire on March 22 at the concert hall.",  # a date
        "The quake struck at 0737 GMT, or 7:37 a.m., on Tuesday.",  # times of day
        "Putin secured a fifth term and the 21st century began.",  # ordinals
        "The ISIS-K branch and the G7 leaders met about Covid-19.",  # names with digits
        # ages
        "Two weeks before the attack, the embassy issued a warning.",  # relative time
        "No one report said so, and one of them left.",  # pronoun "one"
    ],
)
def test_not_numbers_of_interest(text):
    assert numbers(text) == [], [(f.text, f.subject) for f in numbers(text)]


def test_zero_phrases_deny_deaths_and_injuries():
    found = numbers("Officials said no one was killed or injured in the raid.")
    assert {(f.subject, f.normalized) for f in found} == {("people killed", "0"), ("people injured", "0")}


def test_sub_counts_are_not_main_figures():
    found = numbers(
        "Six children were killed in the mosque.\n"
        "In Bener district, 12 people were killed.\n"
        "Another four people died in hospital.\n"
        "Two of the bombs fell inside the camp."
    )
    by_text = {f.text: (f.subject, f.scope) for f in found}
    assert by_text["Six"] == ("children killed", "main")
    assert by_text["12"][1] == "local"
    assert by_text["four"][1] == "partial"
    assert by_text["Two"][1] == "partial"


def test_background_events_are_scoped_by_their_date():
    found = numbers(
        "In 2004 a tsunami killed 170,000 people.\nOn April 20, a quake in Maluku caused no casualties.",
        published="2013-07-02",
    )
    assert {f.scope for f in found} == {"background"}


def test_measures_convert_units_and_keep_precision():
    found = numbers("The quake struck at a depth of 10 kilometres.\nIt was 6.2 miles deep.")
    assert [f.subject for f in found] == ["depth", "depth"]
    low_km, high_km = found[0].low, found[0].high
    assert low_km <= 6.2 * 1609.344 <= high_km  # the two agree once converted


def test_stated_conversion_is_the_conversion_of_the_figure_before_it():
    found = numbers("The camp lies less than 25 km (15 miles) from the border.")
    assert [f.text for f in found] == ["less than 25 km", "15 miles"]
    figure, converted = found
    assert converted.frame.key == f"{figure.frame.key} (converted)"
    assert converted.detail["converted_from"] == "25 kilometre"


def test_conversions_of_one_figure_that_differ_are_found_and_of_two_figures_are_not(tmp_path):
    (tmp_path / "a.txt").write_text(
        "date 2025-01-02\nThe quake struck 75 kilometres (60 miles) west of Tarso.\n"
    )
    (tmp_path / "b.txt").write_text(
        "date 2025-01-02\nThe quake struck 75 km (50 miles) west of Tarso, officials said.\n"
    )
    (tmp_path / "c.txt").write_text("date 2025-01-02\nThe quake struck 90 km (56 miles) west of Tarso.\n")
    texts = [
        sorted(v.text for v in f.values) for f in _number_findings(_report([str(tmp_path)])) if not f.internal
    ]
    assert ["50 miles", "60 miles"] in texts
    assert not any("56 miles" in t for t in texts)


def _report(paths):
    articles, notes = load_articles(paths)
    return analyse(articles, notes=notes)


def _number_findings(report):
    return [f for f in report.findings if f.kind == "number"]


def test_an_age_is_a_claim_of_the_person_it_names():
    (fact,) = facts("numbers", "date 2025-01-02\nA 22-year-old resident said the roof fell.\n")
    assert (fact.frame.key, fact.frame.holder, fact.low) == ("age", "resident", 22)


def test_ferry_fixture_finds_the_toll_and_survivor_conflicts():
    report = _report(["fixtures/numbers/ferry"])
    by_subject = {f.subject: f for f in _number_findings(report) if not f.internal}
    toll = by_subject["people killed"]
    # the higher toll comes from the later report: a likely update, loud but never an error
    assert toll.severity == "warning"
    assert {v.normalized for v in toll.values} == {">=31", "31", "34"}
    assert "latest report (c_update" in toll.message
    assert by_subject["survivors pulled"].severity == "error"
    # sub-counts, background and partial figures never reach a finding
    assert "children killed" not in by_subject
    shown = {v.text for f in _number_findings(report) for v in f.values}
    assert not shown & {"six", "more than 160", "three"}


def test_bound_against_a_different_figure_is_a_warning(tmp_path):
    (tmp_path / "a.txt").write_text("date 2025-01-02\nThe blast left at least 143 dead.\n")
    (tmp_path / "b.txt").write_text("date 2025-01-02\nThe blast killed 144 people.\n")
    (finding,) = _number_findings(_report([str(tmp_path)]))
    assert (finding.severity, finding.rule) == ("warning", "number-bound")


def test_same_figure_with_and_without_about_is_no_finding(tmp_path):
    (tmp_path / "a.txt").write_text("date 2025-01-02\nAbout 300 students were attending class.\n")
    (tmp_path / "b.txt").write_text("date 2025-01-02\nSome 300 students were attending class.\n")
    (tmp_path / "c.txt").write_text("date 2025-01-02\n300 students were attending class.\n")
    assert _number_findings(_report([str(tmp_path)])) == []


def test_consistent_figures_inside_one_article_are_one_position(tmp_path):
    (tmp_path / "a.txt").write_text(
        "date 2025-01-02\nOver 200 were injured.\nOfficials counted 249 people injured.\n"
    )
    (tmp_path / "b.txt").write_text("date 2025-01-02\nThe quake injured 249 people.\n")
    assert _number_findings(_report([str(tmp_path)])) == []


def test_disagreement_inside_one_article_is_internal(tmp_path):
    (tmp_path / "a.txt").write_text(
        "date 2025-01-02\nThe fire killed 12 people.\nThe fire killed 15 people, police said.\n"
    )
    (finding,) = _number_findings(_report([str(tmp_path)]))
    assert finding.internal and finding.severity == "info"
    assert finding.values[0].mentions[0].line == 2


def test_finding_ids_are_stable_and_content_derived():
    first = [f.id for f in _report(["fixtures/numbers/ferry"]).findings]
    second = [f.id for f in _report(["fixtures/numbers/ferry"]).findings]
    assert first == second and len(set(first)) == len(first)


def test_configured_tolerance_lets_close_figures_agree(tmp_path):
    (tmp_path / "a.txt").write_text("date 2025-01-02\nThe flood destroyed 100 houses.\n")
    (tmp_path / "b.txt").write_text("date 2025-01-02\nThe flood destroyed 104 houses.\n")
    articles, _ = load_articles([str(tmp_path)])
    assert _number_findings(analyse(articles))
    assert not _number_findings(analyse(articles, tolerances={"houses destroyed": 0.05}))


def test_a_draft_is_never_called_the_latest_report(tmp_path):
    (tmp_path / "draft.txt").write_text("date 2025-01-09\nThe fire killed 12 people.\n")
    (tmp_path / "ref.txt").write_text("date 2025-01-02\nThe fire killed 15 people.\n")
    articles, _ = load_articles([str(tmp_path)])
    (finding,) = _number_findings(analyse(articles, draft="draft"))
    assert "latest report" not in finding.message


def test_a_hospital_in_the_attribution_does_not_make_a_sub_count(tmp_path):
    (tmp_path / "a.txt").write_text(
        "date 2025-01-02\nAt least 50 people were killed in the Tikrit blast, a doctor "
        "at the main hospital said.\n"
    )
    (tmp_path / "b.txt").write_text("date 2025-01-02\nThirty people were killed in the Tikrit blast.\n")
    (finding,) = _number_findings(_report([str(tmp_path)]))
    assert finding.subject == "people killed" and finding.severity == "error"


def test_a_bare_figure_after_measuring_is_a_magnitude():
    """ "two quakes, measuring 7.6 and 7.4": magnitudes, each its own figure; a measure with a
    unit stays a measure."""
    found = facts("numbers", "date 2025-01-02\nTwo quakes, measuring 7.6 and 7.4, struck the coast.\n")
    assert [(f.normalized, f.unit) for f in found if f.unit == "magnitude"] == [
        ("7.6", "magnitude"),
        ("7.4", "magnitude"),
    ]
    found = facts("numbers", "date 2025-01-02\nA crack measuring 2.5 metres opened in the dam.\n")
    assert all(f.unit != "magnitude" for f in found)


def test_a_report_giving_a_disputed_figure_in_a_like_sentence_is_cited_beside_it(tmp_path):
    """ "about 350 villagers were inside, using the school as a shelter" stands beside "350 people
    were taking shelter" against "About 1,000 people were sheltering", though it pairs with neither."""
    texts = {
        "a": "About 1,000 people were sheltering in the Harrow Lane school when the shells fell, the agency said.",
        "b": "Shells landed at the Harrow Lane school, where 350 people were taking shelter, the agency said.",
        "c": "About 350 villagers were inside, using the Harrow Lane school as a shelter, its director said.",
    }
    for name, text in texts.items():
        (tmp_path / f"{name}.txt").write_text(f"date 2025-02-11\n\n{text}\n", encoding="utf-8")
    articles, _ = load_articles([str(tmp_path)])
    (finding,) = _number_findings(analyse(articles, group="none"))
    assert set(finding.articles) == {"a", "b", "c"}


def test_dozen_of_without_an_article_is_dozens():
    """ "Dozen of warships": "dozens" with its s dropped; "a dozen of them" is twelve."""
    from discrepancy.normalize.numbers import find_phrases

    assert [(p.low, p.high) for p in find_phrases("Dozen of warships patrol the gulf.")] == [(24.0, 99.0)]
    assert [(p.low, p.high) for p in find_phrases("A dozen of them were hurt.")] == [(12.0, 12.0)]


@pytest.mark.parametrize("day", ["Aug. 7", "Sept. 7", "Aug 7", "August 7"])
def test_the_day_of_an_abbreviated_month_is_no_count(day):
    text = (
        f"date 2020-08-05\n\nThe court was due to deliver its verdict, on {day}, in the trial of four men.\n"
    )
    assert "7" not in [f.text for f in facts("numbers", text)]
