"""Story grouping by incident: every single-incident folder stays one story, two incidents
of one kind split however alike their words, a follow-up or a roundup goes to its own
incident, and facts are never compared across stories."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from desk import ROOT, SEEDS, STORIES, run

from discrepancy import normalize
from discrepancy.api import check
from discrepancy.articles import load_articles
from discrepancy.model import Article, Fact
from discrepancy.render import renderer
from discrepancy.stories import (
    LINK_THRESHOLD,
    Profile,
    _name_key,
    apart,
    average_linkage,
    candidates,
    group,
    profile,
    ties,
    tokens,
    vetoed,
)

CLUSTER = STORIES / "cluster"
INCIDENTS = ROOT / "fixtures" / "incidents"
PAIRS = sorted(p.name for p in INCIDENTS.iterdir() if p.is_dir())
FIXTURES = ROOT / "fixtures"
EVAL = sorted(p for p in (FIXTURES / "eval").iterdir() if p.is_dir())
ONE_INCIDENT = [
    SEEDS,
    *sorted((FIXTURES / "clusters").iterdir()),
    FIXTURES / "numbers" / "ferry",
    FIXTURES / "measures" / "storm",
    FIXTURES / "measures" / "budget",
    STORIES / "draft" / "refs",
]


def _load(*paths: Path) -> tuple[list[Article], dict[str, list[Fact]]]:
    articles, _ = load_articles([str(p) for p in paths])
    return articles, {a.id: normalize.extract(a) for a in articles}


def _grouped(*paths: Path) -> tuple[list[Article], list]:
    articles, facts = _load(*paths)
    return articles, group(articles, facts=facts)


def incident(article_id: str) -> str:
    """The incident a fixture of fixtures/incidents reports: its file name before the number."""
    return article_id.rsplit("_", 1)[0]


def pairwise_f1(gold: dict[str, str], stories: list) -> float:
    found = {a: s.id for s in stories for a in s.articles}
    tp = fp = fn = 0
    for a, b in itertools.combinations(sorted(gold), 2):
        same, together = gold[a] == gold[b], found[a] == found[b]
        tp += same and together
        fp += together and not same
        fn += same and not together
    precision, recall = tp / ((tp + fp) or 1), tp / ((tp + fn) or 1)
    return 2 * precision * recall / ((precision + recall) or 1)


@pytest.mark.parametrize("folder", ONE_INCIDENT, ids=lambda p: p.name)
def test_a_single_incident_folder_is_one_story(folder):
    articles, stories = _grouped(folder)
    assert [s.articles for s in stories] == [tuple(a.id for a in articles)], [s.reason for s in stories]


@pytest.mark.parametrize("folder", EVAL, ids=lambda p: p.name)
def test_each_evaluation_story_is_one_story(folder):
    """Wire, broadcaster, local paper, a machine translation and a follow-up days or weeks
    later, written without reading the rules: one event each, one story each."""
    articles, stories = _grouped(folder)
    assert len(articles) >= 3
    assert [s.articles for s in stories] == [tuple(a.id for a in articles)], [
        (s.articles, s.reason) for s in stories
    ]


def test_the_evaluation_stories_in_one_folder_split_by_story():
    articles, stories = _grouped(*EVAL)
    gold = {a.id: Path(a.path).parent.name for a in articles}
    assert len(stories) == len(EVAL) and pairwise_f1(gold, stories) == 1.0


def test_cli_two_transport_accidents_in_one_folder_are_two_stories(tmp_path):
    """An airliner ditched in a river and a cruise ship aground, each told by four outlets
    (both with a wire, a broadcaster, a translation): two stories, no finding across."""
    gold = {}
    for folder in ("transport_hudson_a320_2009", "transport_costa_concordia_2012"):
        for path in (FIXTURES / "eval" / folder).glob("*.txt"):
            name = f"{folder.split('_')[1]}_{path.name}"
            (tmp_path / name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
            gold[Path(name).stem] = folder
    result = run("check", str(tmp_path), "--format", "json", "--exit-zero")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert sorted(sorted({gold[a] for a in s["articles"]}) for s in report["stories"]) == [
        ["transport_costa_concordia_2012"],
        ["transport_hudson_a320_2009"],
    ]
    for finding in report["findings"]:
        assert len({gold[m["article"]] for v in finding["values"] for m in v["mentions"]}) == 1


def test_a_dateline_dates_the_report_and_resolves_its_weekdays():
    """ "SAN JOSE, Calif., Dec. 7, 2022 - ... on Wednesday": no date line, the dateline is
    when the report was filed; its bare weekday is the incident's day, before it."""
    text = (
        "Judge jails founder\nSAN JOSE, Calif., Dec. 9, 2022 (Wire) - A federal judge jailed the "
        "founder of Zentrova on Wednesday for fraud, prosecutors said.\n"
    )
    article = Article(id="w", path="w.txt", text=text)
    found = profile(article, normalize.extract(article))
    assert dt.date.fromordinal(found.published).isoformat() == "2022-12-09"
    assert (dt.date.fromordinal(found.day).isoformat(), found.dated) == ("2022-12-07", "text")


def test_accents_and_their_absence_are_one_name():
    assert _name_key("Sebastián Piñera") == _name_key("Sebastian Pinera") == "sebastian pinera"


def test_a_follow_up_weeks_later_that_names_the_incident_day_is_not_apart():
    day = dt.date(2010, 8, 22).toordinal()
    found = Profile(day=day, dated="text")
    rescue = Profile(day=day + 52, dated="text")
    assert apart(found, rescue) == 52
    recalls = Profile(day=day + 53, dated="text", mentions={day + 1, day + 53})  # "found alive on August 23"
    assert apart(found, recalls) is None and apart(rescue, recalls) is None


def test_a_third_report_that_names_both_days_bridges_a_story():
    """The August report and the October one name no day of each other; the follow-up that
    names both holds the three in one story. Without it they stay apart."""
    day = dt.date(2010, 8, 22).toordinal()
    found, rescue = Profile(day=day, dated="text"), Profile(day=day + 52, dated="text")
    follow = Profile(day=day + 53, dated="text", mentions={day + 1, day + 53})
    scores = {(0, 1): 0.0, (0, 2): 0.4, (1, 2): 0.4}
    assert average_linkage(3, scores, [found, rescue, follow], far={(0, 1): 0.2}) == [[0, 1, 2]]
    alone = Profile(day=day + 53, dated="text")
    assert average_linkage(3, {(1, 2): 0.4}, [found, rescue, alone]) == [[0], [1, 2]]


def _named(day: int, lead: dict[str, str], sources: set[str] = frozenset()) -> Profile:
    return Profile(
        day=day,
        dated="text",
        keys=dict.fromkeys(lead, 1.0),
        kinds=dict(lead),
        labels={k: k.title() for k in lead},
        lead=set(lead),
        sources=set(sources),
    )


def test_the_incident_own_name_ties_a_follow_up_a_spokesman_or_a_city_does_not():
    day = dt.date(2022, 11, 18).toordinal()
    sentence = _named(day, {"theranos": "name", "elizabeth holmes": "name", "san jose": "place"})
    partner = _named(day + 19, {"theranos": "name", "ramesh balwani": "name", "san jose": "place"})
    assert ties(sentence, partner) == ["theranos"]
    assert not vetoed(sentence, partner, tied=True) and vetoed(sentence, partner)
    first = _named(day, {"lyon": "place", "helene garnier": "name"}, {"helene garnier"})
    second = _named(day + 21, {"lyon": "place", "helene garnier": "name"}, {"helene garnier"})
    assert ties(first, second) == []  # the same spokeswoman, the same city: two robberies
    guard = _named(day + 21, {"philippine coast guard": "name"})
    assert ties(_named(day, {"philippine coast guard": "name"}), guard) == []  # a body, not an incident
    mine = _named(day + 28, {"vassu mine": "name"})
    assert ties(_named(day, {"vassu mine": "name"}), mine) == []  # a site: two blasts at one mine


def test_the_seeds_name_what_they_share():
    _, (story,) = _grouped(SEEDS)
    assert story.event == "attack"
    assert "Moscow" in story.places and "Crocus City Hall" in story.names
    assert story.reason.startswith("same incident: event attack") and "Moscow" in story.reason


@pytest.mark.parametrize("pair", PAIRS)
def test_two_incidents_of_one_kind_split_by_incident(pair):
    articles, stories = _grouped(INCIDENTS / pair)
    gold = {a.id: incident(a.id) for a in articles}
    assert len(set(gold.values())) == 2 and len(articles) >= 6
    assert pairwise_f1(gold, stories) >= 0.95, [(s.articles, s.reason) for s in stories]
    assert len(stories) == 2
    first, second = stories
    assert first.event == second.event, "the pairs are incidents of one kind"
    assert first.date and second.date and first.date != second.date
    for story in stories:
        assert story.reason.startswith(f"same incident: event {story.event}; date {story.date}; place ")


def test_all_pairs_in_one_folder_give_one_story_per_incident():
    articles, stories = _grouped(*(INCIDENTS / p for p in PAIRS))
    gold = {a.id: incident(a.id) for a in articles}
    assert pairwise_f1(gold, stories) == 1.0
    assert len(stories) == len(set(gold.values())) == 2 * len(PAIRS)


def test_whole_clusters_and_incidents_in_one_folder_split_by_story():
    """The seeds, the crafted clusters and the incident pairs read together: one story each."""
    paths = [SEEDS, FIXTURES / "clusters", FIXTURES / "numbers", FIXTURES / "measures", INCIDENTS]
    articles, stories = _grouped(*paths)
    label = {
        a.id: incident(a.id) if INCIDENTS in Path(a.path).resolve().parents else Path(a.path).parent.name
        for a in articles
    }
    assert sorted(sorted({label[i] for i in s.articles}) for s in stories) == sorted(
        [[x] for x in set(label.values())]
    )


def test_far_apart_event_dates_are_two_incidents_however_alike_the_words(tmp_path):
    """The same report a year later (another robbery told in the same words) stands alone."""
    source = INCIDENTS / "bank_robberies"
    for path in source.glob("croixrousse_*.txt"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    text = (
        (source / "croixrousse_1.txt")
        .read_text(encoding="utf-8")
        .replace("date 2024-02-06", "date 2025-02-04")
    )
    (tmp_path / "later_1.txt").write_text(text, encoding="utf-8")
    articles, stories = _grouped(tmp_path)
    assert sorted(s.articles for s in stories) == [
        ("croixrousse_1", "croixrousse_2", "croixrousse_3"),
        ("later_1",),
    ]
    alone = next(s for s in stories if s.articles == ("later_1",))
    assert alone.reason.startswith("reported alone: its event date 2025-02-04 is 364 days from story-")


def test_event_date_is_the_article_own_not_a_background_year():
    articles, facts = _load(INCIDENTS / "floods", INCIDENTS / "ferries")
    by_id = {a.id: a for a in articles}

    def day(article_id: str) -> str:
        found = profile(by_id[article_id], facts[article_id])
        assert found.dated == "text"
        return dt.date.fromordinal(found.day).isoformat()

    assert day("tudela_2") == "2023-11-03"  # "killed two people in Tudela on Friday", not October 2022
    assert day("mindoro_3") == "2023-03-14"  # a follow-up three days later, dated by its "on Tuesday"
    assert day("bohol_2") == "2023-10-08"  # mentions the March sinking, is about October's


def test_a_follow_up_days_later_joins_its_incident():
    _, stories = _grouped(INCIDENTS / "ferries")
    assert ("mindoro_1", "mindoro_2", "mindoro_3", "mindoro_4") in [s.articles for s in stories]


def test_a_roundup_goes_to_the_incident_it_is_mainly_about_with_a_note():
    _, stories = _grouped(INCIDENTS / "mine_blasts")
    huatai = next(s for s in stories if "huatai_3" in s.articles)
    dongshan = next(s for s in stories if "dongshan_1" in s.articles)
    assert huatai.articles == ("huatai_1", "huatai_2", "huatai_3")
    note, left_out = huatai.notes
    assert note.startswith(f"huatai_3 also mentions the incident of {dongshan.id} (Xiaoyi, Dongshan)")
    assert left_out == "huatai_3: 1 sentence(s) about another story's incident, not compared here"
    assert dongshan.notes == ()


def _clique(members: range, score: float) -> dict[tuple[int, int], float]:
    return dict.fromkeys(itertools.combinations(members, 2), score)


def test_one_stray_link_cannot_merge_two_stories():
    """Average linkage: one strong cross pair (a shared "Bank") between two tight groups is
    outweighed by the pairs that do not match; chaining on it would fuse them."""
    scores = {**_clique(range(0, 4), 0.6), **_clique(range(4, 8), 0.6), (3, 4): 0.9}
    assert average_linkage(8, scores, [Profile() for _ in range(8)]) == [[0, 1, 2, 3], [4, 5, 6, 7]]
    # without the two groups' own pairs the stray pair alone does link its two articles
    assert average_linkage(8, {(3, 4): 0.9}, [Profile() for _ in range(8)])[3] == [3, 4]


def test_merged_event_dates_stay_within_one_window():
    day = dt.date(2024, 1, 1).toordinal()
    profiles = [
        Profile(day=day, dated="text"),
        Profile(day=day + 6, dated="text"),
        Profile(day=day + 12, dated="text"),
    ]
    # each neighbour is within the window, the ends are not: the chain does not close
    groups = average_linkage(3, {(0, 1): 0.9, (1, 2): 0.9, (0, 2): 0.9}, profiles)
    assert len(groups) == 2


def test_dates_rule_out_a_pair_only_when_far_apart():
    day = dt.date(2024, 3, 10).toordinal()
    event = Profile(day=day, dated="text")
    assert apart(event, Profile(day=day + 3, dated="text")) is None
    assert apart(event, Profile(day=day + 400, dated="text")) == 400
    assert apart(event, Profile(day=day + 20, dated="published")) is None  # a follow-up weeks later
    assert apart(event, Profile(day=day - 5, dated="published")) == 5  # out before the event
    assert apart(event, Profile()) is None  # undated: no evidence


def _generated(n: int) -> list[Profile]:
    """n profiles of n/5 incidents: a place of their own, a region shared by 20 incidents."""
    start = dt.date(2020, 1, 1).toordinal()
    out = []
    for i in range(n):
        number = i // 5
        out.append(
            Profile(
                day=start + number % 1500,
                dated="text",
                keys={f"town{number}": 2.0, f"region{number % 20}": 1.0, "country": 0.3},
            )
        )
    return out


def test_blocking_scores_few_pairs_and_grows_near_linearly():
    small, big = candidates(_generated(1000)), candidates(_generated(4000))
    assert len(big) / len(small) < 6, "4x the articles, at most ~4x the pairs (16x if every pair were scored)"
    assert len(big) < 4000 * 40
    started = time.perf_counter()
    candidates(_generated(4000))
    assert time.perf_counter() - started < 5


def test_pairs_are_only_scored_within_a_date_window():
    profiles = _generated(1000)
    for i, j in candidates(profiles):
        assert abs(profiles[i].day - profiles[j].day) <= 30


def test_a_lone_article_says_why():
    _, stories = _grouped(CLUSTER)
    assert [s.articles for s in stories] == [("bus_a", "bus_b", "bus_c"), ("fire_a", "fire_b"), ("marathon",)]
    assert stories[2].reason.startswith("reported alone: ")
    assert stories[2].terms == () and stories[0].event == "crash" and stories[1].event == "fire"


def test_grouping_is_deterministic_and_order_free():
    articles, facts = _load(INCIDENTS / "mine_blasts", CLUSTER)
    first = group(articles, facts=facts)
    again = group(list(reversed(articles)), facts=facts)
    assert sorted(map(sorted, (s.articles for s in first))) == sorted(
        map(sorted, (s.articles for s in again))
    )
    assert group(articles, facts=facts) == first


def test_without_facts_the_text_still_groups():
    """group(articles) alone reads names and the publication date from the text."""
    articles, _ = load_articles([str(CLUSTER)])
    assert [s.articles for s in group(articles)] == [
        ("bus_a", "bus_b", "bus_c"),
        ("fire_a", "fire_b"),
        ("marathon",),
    ]
    assert "^cusco" in tokens("The bus left Cusco on Friday.") and "said" not in tokens("Police said so.")


def test_by_folder_and_none_modes():
    articles, _ = load_articles([str(CLUSTER), str(STORIES / "draft" / "refs")])
    assert [len(s.articles) for s in group(articles, "by-folder")] == [6, 2]
    assert [len(s.articles) for s in group(articles, "none")] == [8]
    with pytest.raises(ValueError):
        group(articles, "sideways")


def _cross_story(report: dict, stories: list[set[str]]) -> list[dict]:
    out = []
    for finding in report["findings"]:
        ids = {m["article"] for v in finding["values"] for m in v["mentions"]}
        if not any(ids <= story for story in stories):
            out.append(finding)
    return out


def test_facts_are_never_compared_across_stories():
    report = json.loads(renderer("json")(check([str(CLUSTER)])))
    stories = [set(s["articles"]) for s in report["stories"]]
    assert stories == [{"bus_a", "bus_b", "bus_c"}, {"fire_a", "fire_b"}, {"marathon"}]
    assert report["findings"], "the bus story's toll conflict should be found"
    assert _cross_story(report, stories) == []
    # the same folder as one story does mix them: the grouping is what keeps them apart
    mixed = json.loads(renderer("json")(check([str(CLUSTER)], group="none")))
    assert _cross_story(mixed, stories)


@pytest.mark.parametrize("pair", PAIRS)
def test_cli_no_finding_cites_both_incidents(pair):
    result = run("check", str(INCIDENTS / pair), "--format", "json", "--exit-zero")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    for finding in report["findings"]:
        cited = {incident(m["article"]) for v in finding["values"] for m in v["mentions"]}
        assert len(cited) == 1, finding["message"]
    entries = report["stories"]
    assert len(entries) == 2 and all(
        set(e["shared"]) == {"event", "date", "places", "names"} for e in entries
    )
    assert all(e["reason"].startswith("same incident: event ") for e in entries)


def test_compared_as_one_story_the_incidents_figures_clash():
    """What the grouping prevents: with --group none most pairs report one incident's toll,
    date or time against the other's."""
    clashing = 0
    for pair in PAIRS:
        mixed = json.loads(run("check", str(INCIDENTS / pair), "--format", "json", "--group", "none").stdout)
        clashing += any(
            len({incident(m["article"]) for v in f["values"] for m in v["mentions"]}) == 2
            for f in mixed["findings"]
        )
    assert clashing >= 3


@pytest.mark.parametrize(
    "pair, article, figure", [("mine_blasts", "huatai_3", "11"), ("ferries", "bohol_2", "14")]
)
def test_a_sentence_about_the_other_incident_is_not_compared(pair, article, figure):
    """huatai_3 recalls Monday's blast that killed 11 at Dongshan; bohol_2 recalls March's
    sinking that killed 14: neither figure is this incident's toll."""
    report = json.loads(renderer("json")(check([str(INCIDENTS / pair)])))
    story = next(s for s in report["stories"] if article in s["articles"])
    assert f"{article}: 1 sentence(s) about another story's incident, not compared here" in story["notes"]
    for finding in report["findings"]:
        assert not any(
            v["text"].split()[0] == figure and any(m["article"] == article for m in v["mentions"])
            for v in finding["values"]
        ), finding["message"]
    # the same sentence is compared when the other incident is not in the folder to claim it
    alone = [str(p) for p in (INCIDENTS / pair).glob(f"{incident(article)}_*.txt")]
    assert any(
        v["text"].split()[0] == figure  # the figure, with the noun it counts
        for f in json.loads(renderer("json")(check(alone)))["findings"]
        for v in f["values"]
    )


def test_cli_reports_stories_and_fails_on_the_story_conflict():
    result = run("check", str(CLUSTER), "--format", "json")
    assert result.returncode == 1, result.stderr  # the bus toll conflict is an error
    report = json.loads(result.stdout)
    assert [len(s["articles"]) for s in report["stories"]] == [3, 2, 1]
    assert report["stories"][2]["reason"].startswith("reported alone: ")
    assert _cross_story(report, [set(s["articles"]) for s in report["stories"]]) == []


def test_markdown_says_which_articles_were_grouped_and_why():
    text = renderer("markdown")(check([str(INCIDENTS / "mine_blasts")]))
    assert "## Stories" in text
    assert (
        "| story-1 | `dongshan_1`, `dongshan_2`, `dongshan_3` | same incident: event explosion; date 2022-11-14; "
        "place Xiaoyi" in text
    )
    assert "> story-2: huatai_3 also mentions the incident of story-1 (Xiaoyi, Dongshan)" in text


def _draft_run(draft: str, *references: str, fail_on: str = "warning") -> subprocess.CompletedProcess:
    folder = INCIDENTS / "bank_robberies"
    against = [arg for ref in references for arg in ("--against", str(folder / ref))]
    return run("check", str(folder / draft), *against, "--format", "json", "--fail-on", fail_on)


def test_a_draft_about_another_incident_warns_and_fails_on_warning():
    result = _draft_run("croixrousse_1.txt", "confluence_1.txt", "confluence_2.txt", "confluence_3.txt")
    assert result.returncode == 1, result.stderr
    assert "discrepancy: WARNING: the draft croixrousse_1 reports robbery on 2024-02-06" in result.stderr
    assert "another incident: robbery on 2024-02-27" in result.stderr
    report = json.loads(result.stdout)
    (finding,) = report["findings"]
    assert (finding["kind"], finding["severity"], finding["rule"]) == (
        "story",
        "warning",
        "draft-other-incident",
    )
    assert {m["article"] for v in finding["values"] for m in v["mentions"]} == {
        "croixrousse_1",
        "confluence_1",
        "confluence_2",
        "confluence_3",
    }
    # a warning, not an error: the default threshold passes
    assert _draft_run("croixrousse_1.txt", "confluence_1.txt", fail_on="error").returncode == 0


def test_a_draft_of_its_references_incident_gets_no_such_warning():
    result = _draft_run("croixrousse_1.txt", "croixrousse_2.txt", "croixrousse_3.txt", "confluence_1.txt")
    report = json.loads(result.stdout)
    assert "WARNING" not in result.stderr
    assert all(f["kind"] != "story" for f in report["findings"])
    assert any("not about the draft's story, so not compared: confluence_1" in n for n in report["notes"]), (
        report["notes"]
    )


def test_grouping_benchmark_runs_and_reports_its_growth():
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "grouping.py"), "--sizes", "200", "800"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "### Story grouping" in result.stdout and "| 800 |" in result.stdout
    assert "growth exponent of the time from 200 to 800 articles" in result.stdout
    assert LINK_THRESHOLD > 0
