"""Story grouping: every real cluster stays one story, unrelated stories split, and facts
are never compared across stories."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from desk import ROOT, SEEDS, STORIES, run

from discrepancy.api import check
from discrepancy.articles import load_articles
from discrepancy.render import renderer
from discrepancy.stories import LINK_THRESHOLD, article_vectors, group, similarities, tokens

CLUSTER = STORIES / "cluster"


def test_the_seeds_are_one_story():
    articles, _ = load_articles([str(SEEDS)])
    stories = group(articles)
    assert [s.articles for s in stories] == [tuple(a.id for a in articles)]
    assert {"crocus", "moscow"} <= set(stories[0].terms)


def test_whole_clusters_in_one_folder_split_by_story():
    """The seeds and the crafted clusters, read together, come out as one story each: two
    disasters sharing words such as "fire", "killed" and "GMT" but no name stay apart."""
    fixtures = ROOT / "fixtures"
    paths = [str(SEEDS), str(fixtures / "clusters"), str(fixtures / "numbers"), str(fixtures / "measures")]
    articles, _ = load_articles(paths)
    folder_of = {a.id: Path(a.path).parent.name for a in articles}
    stories = group(articles)
    assert sorted(sorted({folder_of[i] for i in s.articles}) for s in stories) == [
        ["budget"], ["business"], ["election"], ["ferry"], ["protest"], ["seeds"], ["storm"], ["train"], ["wildfire"]]


def test_crafted_folder_splits_into_its_stories_and_a_loner():
    articles, _ = load_articles([str(CLUSTER)])
    stories = group(articles)
    assert [s.articles for s in stories] == [("bus_a", "bus_b", "bus_c"), ("fire_a", "fire_b"), ("marathon",)]
    assert "cusco" in stories[0].terms and "rotterdam" in stories[1].terms
    assert "alone" in stories[2].reason and stories[2].terms == ()


def test_grouping_is_deterministic_and_order_free():
    articles, _ = load_articles([str(CLUSTER)])
    first = group(articles)
    again = group(list(reversed(articles)))
    assert sorted(map(sorted, (s.articles for s in first))) == sorted(map(sorted, (s.articles for s in again)))
    assert group(articles) == first


def test_similarity_ignores_common_news_words_and_weights_names():
    assert "said" not in tokens("Police said on Monday that the people were told.")
    assert "^cusco" in tokens("The bus left Cusco on Friday.")
    assert "bus" in tokens("Bus plunges.")          # sentence start: not taken for a name
    articles, _ = load_articles([str(CLUSTER)])
    pairs = similarities(article_vectors(articles))
    ids = [a.id for a in articles]

    def score(a: str, b: str) -> float:
        i, j = sorted((ids.index(a), ids.index(b)))
        return pairs.get((i, j), 0.0)

    assert score("bus_a", "bus_b") > 0.3
    assert score("bus_a", "fire_a") < 0.1


def test_similarities_keep_only_the_linked_pairs_not_a_full_matrix():
    """Memory grows with the links: pairs under the threshold, or sharing no word, are not stored."""
    articles, _ = load_articles([str(CLUSTER)])
    ids = [a.id for a in articles]
    pairs = similarities(article_vectors(articles), LINK_THRESHOLD)
    assert {(ids[i], ids[j]) for i, j in pairs} == {("bus_a", "bus_b"), ("bus_a", "bus_c"), ("bus_b", "bus_c"),
                                                    ("fire_a", "fire_b")}
    assert all(i < j and score >= LINK_THRESHOLD for (i, j), score in pairs.items())


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


def test_cli_reports_stories_and_fails_on_the_story_conflict():
    result = run("check", str(CLUSTER), "--format", "json")
    assert result.returncode == 1, result.stderr             # the bus toll conflict is an error
    report = json.loads(result.stdout)
    assert [len(s["articles"]) for s in report["stories"]] == [3, 2, 1]
    assert _cross_story(report, [set(s["articles"]) for s in report["stories"]]) == []


def test_markdown_says_which_articles_were_grouped_and_why():
    text = renderer("markdown")(check([str(CLUSTER)]))
    assert "## Stories" in text
    assert "| story-3 | `marathon` | shares too few distinctive words" in text
    assert "share the words cusco" in text
