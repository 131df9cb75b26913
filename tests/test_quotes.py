"""Quotes: extraction with offsets, speakers, statement pairing, wording and attribution findings."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discrepancy.api import check
from discrepancy.compare import quotes as rule
from discrepancy.compare.base import Story
from discrepancy.model import Article
from discrepancy.normalize import quotes
from discrepancy.text import article_sentences

BRIDGE = Path(__file__).resolve().parent.parent / "fixtures" / "quotes" / "bridge"


def article(text: str, id_: str = "t") -> Article:
    """An in-memory article with line offsets, as the loader would make it."""
    starts = (0,) + tuple(i + 1 for i, c in enumerate(text) if c == "\n")
    return Article(id=id_, path=f"{id_}.txt", text=text, line_starts=starts)


def facts_of(text: str):
    """Every quote fact (paraphrases included) of one invented article."""
    art = article(text)
    return quotes.extract(art, article_sentences(art))


def statements_of(text: str):
    """The quote facts proper: quotations, not reported speech."""
    return [f for f in facts_of(text) if f.detail["role"] != "paraphrase"]


@pytest.fixture(scope="module")
def bridge_report():
    """The full pipeline on the crafted bridge-collapse cluster, run once."""
    return check([str(BRIDGE)])


def loud(report, kind):
    """Warning and error findings of one kind."""
    return [f for f in report.findings if f.kind == kind and f.severity in ("warning", "error")]


def finding_with(report, kind, *fragments):
    """The finding of ``kind`` whose values contain every fragment, or None."""
    for f in report.findings:
        texts = " | ".join(v.text for v in f.values)
        if f.kind == kind and all(fr in texts for fr in fragments):
            return f
    return None


# ---------------------------------------------------------------- extraction


def test_offsets_point_at_the_quoted_words():
    text = 'The mayor spoke. "We will rebuild it," Mayor Ann Lee said. “Soon,” she added.\n'
    facts = statements_of(text)
    assert [f.text for f in facts] == ["We will rebuild it", "Soon"]
    for f in facts:
        assert text[f.start : f.end] == f.text


def test_apostrophes_are_not_quotes_but_single_quotes_are():
    text = (
        "Putin's critics and the group's members met at the sides' camp.\n"
        "'We have nothing to hide,' the minister's aide, Omar Said, told the BBC.\n"
    )
    facts = statements_of(text)
    assert [f.text for f in facts] == ["We have nothing to hide"]
    assert facts[0].speaker == "Omar Said"


def test_guillemets_german_quotes_and_curly_mixed_with_straight():
    text = (
        "Le ministre a dit «nous restons prudents ici».\n"
        "Der Sprecher sagte: „Wir prüfen alles genau.“\n"
        '“The dam is safe,” said engineer Paul Roy. "It was built to last," he said.\n'
    )
    texts = [f.text for f in statements_of(text)]
    assert texts == [
        "nous restons prudents ici",
        "Wir prüfen alles genau.",
        "The dam is safe",
        "It was built to last",
    ]


def test_quote_running_across_paragraphs_keeps_one_speaker():
    text = (
        'Residents described the night. "The water came through the door in minutes.\n\n'
        '"We carried the children upstairs and waited for the boats," said Maria Costa.\n'
    )
    facts = statements_of(text)
    assert len(facts) == 2
    assert facts[0].detail["quotation"] == facts[1].detail["quotation"]
    assert [f.detail["part"] for f in facts] == [0, 1]
    assert {f.speaker for f in facts} == {"Maria Costa"}
    assert all("\n" not in f.text for f in facts)


def test_quote_closed_on_the_next_line_without_reopening():
    text = (
        '"A man was working in the field when the wall fell.\n'
        'His body was found an hour later," the official Ravi Menon said.\n'
    )
    facts = statements_of(text)
    assert [f.text for f in facts] == [
        "A man was working in the field when the wall fell.",
        "His body was found an hour later",
    ]
    assert {f.speaker for f in facts} == {"Ravi Menon"}


def test_unclosed_quote_does_not_swallow_later_paragraphs():
    text = (
        'A witness saw "a crater two metres wide and smoke over the school.\n'
        "Observers believe the aircraft flew north.\n"
        '"We are safe now," said teacher Ana Ruiz.\n'
    )
    texts = [f.text for f in statements_of(text)]
    assert texts[0] == "a crater two metres wide and smoke over the school."
    assert "We are safe now" in texts and len(texts) == 2


def test_nested_single_quotes_stay_inside_the_outer_quote():
    text = "\"They called it 'a routine check' and left,\" said farmer Li Wei.\n"
    facts = statements_of(text)
    assert [f.text for f in facts] == ["They called it 'a routine check' and left"]


@pytest.mark.parametrize(
    "sentence, speaker",
    [
        ('"The roads are closed," Governor Anna Berg said.', "Anna Berg"),
        ('"The roads are closed," said Governor Anna Berg, who toured the area.', "Anna Berg"),
        ('"The roads are closed," Anna Berg told CNN.', "Anna Berg"),
        ('"The roads are closed," Anna Berg, the governor of the province, told CNN.', "Anna Berg"),
        ('Anna Berg told reporters: "The roads are closed."', "Anna Berg"),
        ('Anna Berg stated that "the roads are closed for the night."', "Anna Berg"),
        ('The roads are "closed for the whole night and day," according to Anna Berg.', "Anna Berg"),
        ('Governor Anna Berg dismissed the report, saying "the roads are closed."', "Anna Berg"),
        ('The Interior Ministry, however, dismissed it, saying "the roads are closed."', "Interior Ministry"),
        ('"The roads are closed," said a government spokesman, Ali Karimi, on Monday.', "Ali Karimi"),
    ],
)
def test_speaker_patterns(sentence, speaker):
    facts = statements_of(sentence + "\n")
    assert facts and facts[0].speaker == speaker
    assert facts[0].detail["speaker_source"] == "named"


def test_pronoun_takes_the_last_named_speaker_and_descriptors_stay_unnamed():
    text = (
        "Former minister Ilya Roth criticised the plan.\n"
        '"We warned them for months," he told CNN.\n'
        '"The report was clear about the risk," the group\'s latest report mentioned.\n'
        '"It was ignored by everyone," it added.\n'
    )
    facts = statements_of(text)
    assert facts[0].speaker == "Ilya Roth" and facts[0].detail["speaker_source"] == "pronoun"
    assert facts[1].speaker == "the group" and facts[1].detail["speaker_source"] == "descriptor"
    assert facts[2].speaker == "the group" and facts[2].detail["speaker_source"] == "pronoun"


def test_indefinite_speaker_is_not_a_name():
    facts = statements_of('"Many houses were damaged by the quake," a village resident told AP.\n')
    assert facts[0].detail["speaker_source"] == "descriptor"
    assert facts[0].detail["speaker_type"] is None


def test_short_quotes_are_terms():
    text = "Officials called the warnings \"provocative\" and the policy a 'duty to warn' rule.\n"
    facts = statements_of(text)
    assert [(f.text, f.detail["role"]) for f in facts] == [("provocative", "term"), ("duty to warn", "term")]


def test_fact_fields():
    fact = statements_of('"We will rebuild the bridge, whatever it costs," Mayor Ann Lee said.\n')[0]
    assert fact.kind == "quote"
    assert fact.normalized == "we will rebuild the bridge whatever it costs"
    assert fact.subject == "will rebuild bridge whatever"
    assert fact.speaker == "Ann Lee"


def test_reported_speech_is_kept_as_a_paraphrase():
    facts = facts_of("Mayor Ann Lee said the bridge would reopen within three weeks of the repairs.\n")
    assert [(f.detail["role"], f.text) for f in facts] == [
        ("paraphrase", "the bridge would reopen within three weeks of the repairs")
    ]
    assert facts[0].speaker == "Ann Lee"


class _RaiseOnError(logging.Handler):
    """Turns the normalizer's logged failure back into a test failure."""

    def emit(self, record: logging.LogRecord) -> None:
        raise AssertionError(record.getMessage())


PIECES = list("ab C.,:;'\"“”‘’«»„\n-") + ["said ", "Mr. ", "He ", "told ", "according to ", "Ann Lee "]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=80).map("".join))
def test_never_raises_and_offsets_hold(text):
    handler = _RaiseOnError(level=logging.ERROR)
    quotes.log.addHandler(handler)
    try:
        art = article(text)
        for fact in quotes.extract(art, article_sentences(art)):
            assert text[fact.start : fact.end] == fact.text
    finally:
        quotes.log.removeHandler(handler)


# ---------------------------------------------------------------- findings on the crafted cluster


def test_dropped_negation_is_an_error(bridge_report):
    f = finding_with(bridge_report, "quote", "was not full", "was full")
    assert f is not None and f.severity == "error"
    assert "~~not~~" in dict(f.detail)["diff"]


def test_changed_number_is_an_error(bridge_report):
    f = finding_with(bridge_report, "quote", "all three bridges", "all four bridges")
    assert f is not None and f.severity == "error"


def test_one_changed_word_is_a_warning_with_a_diff(bridge_report):
    f = finding_with(bridge_report, "quote", "will review every", "will inspect every")
    assert f is not None and f.severity == "warning"
    assert (
        "~~review~~ **inspect**" in dict(f.detail)["diff"]
        or "~~inspect~~ **review**" in dict(f.detail)["diff"]
    )
    assert {m.article for v in f.values for m in v.mentions} == {"a_wire", "b_daily", "c_radio"}


def test_spelling_convention_is_info(bridge_report):
    f = finding_with(bridge_report, "quote", "neighborhood", "neighbourhood")
    assert f is not None and f.severity == "info"


def test_partial_and_identical_quotes_make_no_finding(bridge_report):
    for fragment in ("went down in seconds", "structural faults", "crack like thunder"):
        assert not any(
            fragment in v.text for f in bridge_report.findings if f.kind == "quote" for v in f.values
        )


def test_same_statement_with_two_speakers_is_an_attribution_error(bridge_report):
    f = finding_with(bridge_report, "attribution", "Ostrova", "Carla Mendes")
    assert f is not None and f.severity == "error"
    assert len(loud(bridge_report, "attribution")) == 1  # pronouns and descriptors never count


def test_exactly_the_expected_loud_quote_findings(bridge_report):
    assert sorted(f.severity for f in loud(bridge_report, "quote")) == ["error", "error", "warning"]


# ---------------------------------------------------------------- the rule on small stories


def story_findings(*texts: str):
    """The quote rule alone on a story made of the given invented articles."""
    articles = [article(text, f"r{k}") for k, text in enumerate(texts)]
    facts = [f for a in articles for f in quotes.extract(a, article_sentences(a))]
    return rule.check(Story(articles={a.id: a for a in articles}, facts=list(facts)))


def test_spelling_conventions_and_typos_are_info():
    found = story_findings(
        '"The endgame is to seize the oilfields and the harbour defences before the rains," said John Ward.\n',
        '"The end game is to seize the oil fields and the harbor defenses before the rains," said John Ward.\n',
        '"The end game is to seize the oil fields and the harbor defences before the rains," John Ward said.\n',
    )
    assert [(f.kind, f.severity) for f in found] == [("quote", "info")]


def test_one_letter_typo_is_info_but_a_flipped_prefix_is_an_error():
    typo = story_findings(
        '"Many houses were damaged in the old quarter of the city," Lena Voss said.\n',
        '"Many houses were damages in the old quarter of the city," Lena Voss said.\n',
    )
    assert [f.severity for f in typo] == ["info"]
    flipped = story_findings(
        '"A second collapse is likely before the storm passes," Lena Voss said.\n',
        '"A second collapse is unlikely before the storm passes," Lena Voss said.\n',
    )
    assert [f.severity for f in flipped] == ["error"]


def test_ellipsis_and_partial_quotes_are_no_finding():
    found = story_findings(
        '"We will rebuild the school, the clinic and the market before winter," Mayor Ann Lee said.\n',
        '"We will rebuild the school ... before winter," Mayor Ann Lee said.\n',
        'Mayor Ann Lee promised: "the clinic and the market before winter."\n',
    )
    assert found == []


def test_unrelated_quotes_sharing_place_names_are_not_paired():
    found = story_findings(
        '"South Sudan will defend its borders," said President Salva Kiir. "Sudan attacked us."\n',
        '"We did not bomb any camps inside South Sudan," said army spokesman Khaled Saad.\n',
        '"Refugees in South Sudan need food and shelter," said aid worker Mary Okello.\n',
    )
    assert found == []


def test_spokesman_and_the_body_he_speaks_for_are_one_voice():
    found = story_findings(
        '"Two of the bombs fell inside the camp near the school," UNHCR spokesman Adrian Edwards said.\n',
        '"Two of the bombs fell inside the camp near the school," the UNHCR said.\n',
    )
    assert [f for f in found if f.kind == "attribution"] == []


def test_pronoun_speakers_never_make_an_attribution_finding():
    found = story_findings(
        'Governor Anna Berg visited the site.\n"The roads will stay closed until Friday," she said.\n',
        'Police chief Omar Haddad spoke first.\n"The roads will stay closed until Friday," he said.\n',
    )
    assert found == []


def test_quote_and_paraphrase_pair_for_attribution():
    found = story_findings(
        '"The regime is trying to provoke a new war along the border," said analyst John Ward.\n',
        "Senator Mary Cole said the regime is trying to provoke a new war along the border.\n",
    )
    attribution = [f for f in found if f.kind == "attribution"]
    assert len(attribution) == 1 and attribution[0].severity == "error"
    assert sorted(v.normalized for v in attribution[0].values) == ["john ward", "mary cole"]
    assert not [f for f in found if f.kind == "quote"]  # a paraphrase is not a misquote


def test_a_loose_translation_still_pairs_as_a_warning():
    found = story_findings(
        '"Even before the collapse of the old bridge, a source close to the city engineers told the '
        'Riverton Herald about the cracks," the report said.\n',
        'The report noted that "even before the collapse of the old bridge, a source close to the municipal '
        'technicians had spoken about the cracks to the Riverton Herald".\n',
    )
    assert [(f.kind, f.severity) for f in found] == [("quote", "warning")]
    diff = dict(found[0].detail)["diff"]
    assert "~~city engineers" in diff and "**municipal technicians" in diff


def test_a_changed_last_word_counts_but_a_longer_quote_does_not():
    found = story_findings(
        '"The search of the river banks will go on until morning," chief Dana Roe said.\n',
        '"The search of the river banks will go on until dawn," chief Dana Roe said.\n',
        '"The search of the river banks will go on until morning and longer," Dana Roe said.\n',
    )
    assert [(f.severity, sorted(v.text for v in f.values)) for f in found] == [
        (
            "warning",
            [
                "The search of the river banks will go on until dawn",
                "The search of the river banks will go on until morning",
            ],
        )
    ]


def test_a_changed_name_is_an_error_but_a_capitalised_first_word_is_not():
    named = story_findings(
        '"We asked Moscow for help and waited for days," Ana Ruiz said.\n',
        '"We asked Kyiv for help and waited for days," Ana Ruiz said.\n',
    )
    assert [f.severity for f in named] == ["error"]
    opening = story_findings(
        '"The town asked for help and waited for days," Ana Ruiz said.\n',
        '"Our town asked for help and waited for days," Ana Ruiz said.\n',
    )
    assert [f.severity for f in opening] == ["warning"]


QUOTE_PIECES = [
    '"',
    "“",
    "”",
    "'",
    "We will ",
    "not ",
    "rebuild ",
    "three ",
    "four ",
    "bridges ",
    "the ",
    "said Ann Lee. ",
    "he said. ",
    "\n",
    ", ",
    "…",
    "Mayor ",
    "Omar Haddad told CNN: ",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(QUOTE_PIECES), max_size=40).map("".join), min_size=2, max_size=3))
def test_rule_never_raises_and_values_hold_their_mentions(texts):
    for finding in story_findings(*texts):
        assert finding.kind in ("quote", "attribution") and finding.severity in ("info", "warning", "error")
        assert len(finding.values) >= 2 and all(v.mentions for v in finding.values)


def test_quote_lookups_by_bisection_agree_with_a_scan_of_every_quote():
    """The sorted-offset index of quoted spans finds exactly what a scan of all of them finds."""
    lines = [
        f"\"The pier at berth {n} will reopen,\" the harbourmaster said. Crews called it 'a long job' "
        f'and added: "We are nearly there."'
        for n in range(30)
    ]
    text = "\n\n".join(lines)
    segments = quotes.quote_segments(text)
    spans = quotes._Spans(segments)
    assert len(segments) == 90
    for offset in range(0, len(text), 7):
        for start, end in ((offset, offset + 40), (offset, offset)):
            expected = sorted((s.start, s.end) for s in segments if s.end >= start and s.start <= end)
            assert sorted((s.start, s.end) for s in spans.overlapping(start, end)) == expected
        assert spans.holds(offset) == any(s.start - 1 <= offset <= s.end for s in segments)
        after = next((s for s in segments if s.start > offset), None)
        assert spans.first_after(offset) is after


def test_she_is_the_person_a_sentence_before_says_spoke():
    """ "Before the verdict was read, Mara Lind told the court she ..." then '"...," she said':
    the pronoun is Mara Lind, not a person named earlier in the report."""
    text = (
        "date 2025-03-01\n\n"
        "Judge Tomas Berg, who presided over the trial, read out the sentence.\n"
        "Before the sentence was read, Mara Lind told the court she took responsibility for the losses.\n"
        '"I am devastated by my failings," she said.\n'
    )
    (fact,) = [f for f in facts_of(text) if "devastated" in f.text]
    assert fact.speaker == "Mara Lind"
