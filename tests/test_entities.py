"""Named entities: mentions, types, canonical names, and findings across reports (real gazetteer)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discrepancy.api import analyse, check
from discrepancy.articles import load_text
from discrepancy.compare.entities import _derived
from discrepancy.conventions import convention_key, explain
from discrepancy.normalize.entities import extract, find_entities
from discrepancy.text import article_sentences

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "entities"


def mentions(text: str, article_id: str = "a"):
    article = load_text(text, article_id=article_id)
    return find_entities(article, article_sentences(article))


def names(text: str) -> list[str]:
    return [m.text for m in mentions(text) if not m.anaphora]


def entity_findings(texts: dict[str, str], **options):
    articles = [load_text(text, article_id=key) for key, text in texts.items()]
    report = analyse(articles, group="none", **options)
    return [f for f in report.findings if f.kind == "entity"]


def loud(findings):
    return [f for f in findings if f.severity in ("warning", "error")]


# --- mentions ----------------------------------------------------------------------------------


def test_multiword_names_keep_their_connectors_and_hyphens():
    found = names(
        "Gunmen stormed the Crocus City Hall near the capital of the Republic of South Sudan, "
        "where fighters loyal to Bashar al-Assad and ISIS-K met members of Vilayat Khorasan."
    )
    assert {
        "Crocus City Hall",
        "Republic of South Sudan",
        "Bashar al-Assad",
        "ISIS-K",
        "Vilayat Khorasan",
    } <= set(found)


def test_possessives_are_stripped():
    found = mentions("The attack has given Putin's opponents a chance, and Sudan's army denied it.")
    assert [m.text for m in found] == ["Putin", "Sudan"]


def test_sentence_openings_months_and_weekdays_are_not_names():
    found = names(
        "Disturbing footage showed the hall on Friday. According to officials, the fire started in March. "
        "Witnesses said the roof fell on Tuesday."
    )
    assert found == []


def test_title_case_headline_keeps_only_names():
    text = (
        "Floods Sweep Through Lisbon As Rescue Crews Work Through The Night\n"
        "Heavy rain flooded streets in Lisbon on Sunday, officials said.\n"
    )
    assert names(text) == ["Lisbon", "Lisbon"]


def test_all_caps_openings_are_not_names():
    assert names("THE Kremlin said the Kremlin had been warned.") == ["Kremlin", "Kremlin"]
    assert names("AN EARTHQUAKE killed six people as the earthquake hit a village in Indonesia.") == [
        "Indonesia"
    ]


def test_types_from_gazetteer_titles_and_head_nouns():
    found = {
        m.text: m
        for m in mentions(
            "President Salva Kiir met the Enough Project in Khartoum, and spokeswoman Adrienne Watson said so."
        )
    }
    assert found["Salva Kiir"].type == "person" and found["Salva Kiir"].role == "president"
    assert found["Enough Project"].type == "org"
    assert found["Khartoum"].type == "place"
    assert found["Adrienne Watson"].role == "spokeswoman"


def test_short_forms_resolve_to_the_long_form():
    found = mentions(
        "Vladimir Putin spoke to the National Security Council (NSC) about the Dossier Center. "
        "Later Putin said the NSC had not replied, and the center published its report."
    )
    canonical = {m.text: m.canonical for m in found}
    assert canonical["Putin"] == "Vladimir Putin"
    assert canonical["NSC"] == "National Security Council"
    assert canonical["the center"] == "Dossier Center"


def test_a_name_after_a_class_noun_keeps_its_phrase():
    (colony,) = [
        m
        for m in mentions("Police foiled an attack on the cathedral of Colony last year.")
        if m.text == "Colony"
    ]
    assert colony.phrase == "cathedral of Colony" and colony.head == "cathedral"


def test_facts_carry_the_canonical_name_and_type():
    article = load_text("date 2025-01-02\nVladimir Putin spoke in Moscow. Putin left.\n", article_id="x")
    facts = extract(article, article_sentences(article))
    assert [(f.text, f.subject, f.detail["type"]) for f in facts] == [
        ("Vladimir Putin", "Vladimir Putin", "person"),
        ("Moscow", "Moscow", "place"),
        ("Putin", "Vladimir Putin", "person"),
    ]
    assert all(article.text[f.start : f.end] == f.text for f in facts)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_never_raises_on_any_text(text):
    article = load_text(text, article_id="h")
    for fact in extract(article, article_sentences(article)):
        assert article.text[fact.start : fact.end] == fact.text


# --- conventions -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "a, b, why",
    [
        ("Dossier Centre", "Dossier Center", "British/American spelling"),
        ("Kiev", "Kyiv", "transliteration"),
        ("Bashar al-Assad", "Bashar Assad", "Arabic article prefix"),
        ("ISIS", "Isis", "capitalisation"),
    ],
)
def test_convention_keys_join_conventional_spellings(a, b, why):
    assert convention_key(a) == convention_key(b)
    assert why in explain(a, b)


@pytest.mark.parametrize(
    "x, y, derived",
    [
        ("tajiks", "tajikistan", True),
        ("sudan", "sudanese", True),
        ("china", "chinese", True),
        ("lisbon", "lisboa", False),
        ("cologne", "colony", False),
        ("khodorkovsky", "khodorkovski", False),
    ],
)
def test_demonyms_and_derivations_are_not_misspellings(x, y, derived):
    assert _derived(x, y) is derived


# --- findings across reports -------------------------------------------------------------------


def test_place_against_a_look_alike_non_place_is_an_error():
    findings = entity_findings(
        {
            "a": "date 2025-03-01\nGerman police arrested two men from Tajikistan planning an attack on Cologne Cathedral.\n",
            "b": "date 2025-03-02\nGerman police arrested two men from Tajikistan planning an attack on the cathedral of Colony.\n",
        }
    )
    (finding,) = loud(findings)
    assert finding.severity == "error"
    assert {v.text for v in finding.values} == {"Cologne Cathedral", "cathedral of Colony"}
    assert {v.normalized for v in finding.values} == {"Cologne", "Colony"}
    assert "cathedral" in finding.message and "Tajikistan" in finding.message


def test_crafted_floods_cluster_flags_the_misspelt_name_and_the_translated_city():
    report = check([str(FIXTURES / "lisbon_floods")], group="none")
    findings = [f for f in report.findings if f.kind == "entity"]
    flagged = {(f.severity, frozenset(v.normalized for v in f.values)) for f in loud(findings)}
    assert flagged == {
        ("error", frozenset({"Joaquim Ferraz", "Joaquim Ferras"})),
        ("warning", frozenset({"Lisbon", "Lisboa"})),
    }
    conventions = [f for f in findings if f.rule == "entity-convention"]
    assert any("British/American" in f.message and f.severity == "info" for f in conventions)


def test_distinct_places_and_demonyms_are_never_variants():
    report = check([str(FIXTURES / "traps")], group="none")
    assert [f for f in report.findings if f.kind == "entity" and f.rule == "entity-variant"] == []


def test_two_known_places_in_the_same_sentence_are_a_spelling_warning():
    findings = entity_findings(
        {
            "a": "date 2025-03-01\nA rescue team from Austria reached the flooded valley near the Danube.\n",
            "b": "date 2025-03-02\nA rescue team from Australia reached the flooded valley near the Danube.\n",
        }
    )
    assert [(f.rule, f.severity) for f in loud(findings)] == [("entity-spelling", "warning")]


def test_two_known_places_in_different_sentences_are_two_places():
    findings = entity_findings(
        {
            "a": "date 2025-03-01\nA rescue team from Austria reached the flooded valley near the Danube.\n",
            "b": "date 2025-03-02\nThe rescue team reached the valley. Donations came from as far as Australia.\n",
        }
    )
    assert loud(findings) == []


def test_a_desk_variant_list_makes_a_misspelling_an_accepted_house_spelling():
    texts = {
        "a": "date 2025-03-01\nCommander Joaquim Ferraz said the Tagus river was rising in Lisbon.\n",
        "b": "date 2025-03-02\nCommander Joaquim Ferras said the Tagus river was rising in Lisbon.\n",
    }
    assert [f.severity for f in loud(entity_findings(texts))] == ["error"]
    for order in (("Ferraz", "Ferras"), ("Ferras", "Ferraz")):
        articles = [load_text(text, article_id=key) for key, text in texts.items()]
        report = analyse(articles, group="none", variants=(order,))
        assert [f for f in report.findings if f.kind == "entity"] == []
        assert [f.rule for f in report.accepted] == ["entity-convention"]


def test_different_roles_for_one_person_are_info():
    findings = entity_findings(
        {
            "a": "date 2025-03-01\nNational Security Council spokesperson Adrienne Watson said the warning was shared.\n",
            "b": "date 2025-03-02\nNational Security Council spokeswoman Adrienne Watson said the warning was shared.\n",
        }
    )
    (role,) = [f for f in findings if f.rule == "entity-role"]
    assert role.severity == "info" and {v.text for v in role.values} == {"spokesperson", "spokeswoman"}


@pytest.mark.parametrize(
    "x, y",
    [
        ("greek", "greece"),
        ("argentine", "argentina"),
        ("turk", "turkey"),
        ("mexican", "mexico"),
        ("hungarian", "hungary"),
        ("ukrainian", "ukraine"),
    ],
)
def test_irregular_demonyms_are_derivations(x, y):
    assert _derived(x, y)


def test_a_shouted_headline_keeps_only_known_names():
    found = mentions(
        "date 2025-01-01\nSUDAN BOMBS REFUGEE CAMP\nSudan bombed a refugee camp run by the UNHCR.\n"
    )
    assert [(m.text, m.canonical) for m in found] == [
        ("SUDAN", "Sudan"),
        ("Sudan", "Sudan"),
        ("UNHCR", "UNHCR"),
    ]


# --- scale -------------------------------------------------------------------------------------

_FIRSTS = (
    "Amara Bruno Celia Dario Edith Farid Greta Hakon Ines Jonas Kiri Lorenzo Mireille Nuno Odile".split()
)
_LASTS = (
    "Quellbrook Ravensdale Sotterley Tamberlin Underhay Varnholt Whitcombe Yarrowby Zellmann "
    "Ashgrove Brambley Corriden Dunmoore Elsworthy Fenwright".split()
)


def test_short_forms_are_tried_only_against_long_forms_they_could_abbreviate(monkeypatch):
    """Resolving surnames must not compare every mention with every long name (quadratic)."""
    import discrepancy.normalize.entities as entities

    people = [f"{first} {last}" for first, last in zip(_FIRSTS, _LASTS)]
    text = "date 2025-05-02\n\n" + " ".join(
        f"Mayor {person} spoke at the harbour meeting on Thursday. {person.split()[1]} said the "
        f"ferry timetable would change. Later {person.split()[1]} added that fares would stay the same."
        for person in people
    )
    calls = []
    original = entities._abbreviates

    def counting(*args):
        calls.append(args[1])
        return original(*args)

    monkeypatch.setattr(entities, "_abbreviates", counting)
    article = load_text(text, article_id=f"scale-{len(text)}")
    found = entities.find_entities(article, article_sentences(article))
    surnames = {m.text: m.canonical for m in found if m.text in _LASTS}
    assert surnames == {last: f"{first} {last}" for first, last in zip(_FIRSTS, _LASTS)}
    # one try per distinct short form and long form sharing a word, not mentions x long forms (15 x 45)
    assert len(calls) <= 2 * len(people)


def test_a_ruler_as_each_language_writes_him_is_info(tmp_path):
    """ "Richard II" / "Riccardo II": a numbered ruler's name rendered by a translation, noted only."""
    texts = {
        "a": "The remains of Richard II were found in Pontefract, England, and identified by DNA, "
        "the University of Leicester said on Monday.",
        "b": "The remains of Riccardo II were found in Pontefract, in England, and identified thanks to DNA, "
        "the University of Leicester said on Monday.",
    }
    for name, text in texts.items():
        (tmp_path / f"{name}.txt").write_text(f"date 2025-02-04\n\n{text}\n", encoding="utf-8")
    report = check([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], group="none", jobs=1)
    variants = [f for f in report.findings if f.rule == "entity-variant"]
    assert variants and all(f.severity == "info" for f in variants)
    assert not [f for f in report.findings if f.kind == "entity" and f.severity != "info"]


_KALAMATA = "date 2025-07-21\nWildfire reaches olive groves in Messinia\n\nFirefighters battled a wildfire in the hills of Messinia above Kalamata on Sunday as strong winds pushed the flames toward olive groves, the fire service said. Two villages of Messinia near Kalamata were evacuated overnight.\n"
_KALAMATTA = "date 2025-07-21\nFire in the hills of Messinia\n\nThe firemen fought on Sunday a fire in the hills of Messinia while the strong winds pushed the flames to the olive groves, announced the Kalamatta fire service. Two villages of Messinia were evacuated during the night, said the Kalamatta mayor.\n"


def test_a_known_place_in_another_alphabets_letters_is_a_note(tmp_path: Path) -> None:
    """A translation writes a known town with a doubled letter ('Kalamatta' for Kalamata), as
    transliterations do: a note of the two spellings, not a misspelling to fix."""
    (tmp_path / "a.txt").write_text(_KALAMATA, encoding="utf-8")
    (tmp_path / "b.txt").write_text(_KALAMATTA, encoding="utf-8")
    report = check([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], group="none", jobs=1)
    found = [f for f in report.findings if f.rule == "entity-variant"]
    assert found and all(f.severity == "info" for f in found), [(f.severity, f.message) for f in found]
