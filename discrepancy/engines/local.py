"""The local engine: every story extracted and compared in this process, one after another."""
from __future__ import annotations

from typing import Iterator, Sequence

from ..model import Article, Fact
from ..stories import StoryGroup
from .core import Plan, StoryResult, Tracker, check_story, extract, light
from .files import load_source


class LocalEngine:
    """One process, no start-up cost: the right choice for a few articles and for debugging."""

    name = "local"

    def results(self, articles: Sequence[Article], groups: Sequence[StoryGroup], plan: Plan,
                tracker: Tracker | None = None) -> Iterator[StoryResult]:
        """Each story's result, in story order; a story's facts are dropped once compared
        unless ``plan.keep_facts``."""
        by_id = {a.id: a for a in articles}
        for index, group in enumerate(groups):
            members = [by_id[i] for i in group.articles]
            result = check_story(index, members, plan)
            if tracker:
                tracker.read(len(members))
            yield result

    def check_stories(self, sources: Sequence[str], ids: Sequence[str], groups: Sequence[StoryGroup], plan: Plan,
                      tracker: Tracker | None = None) -> Iterator[StoryResult]:
        """Stories known before any file is read: each story's files are read, checked and
        let go, so an archive run holds one story's text at a time."""
        where = dict(zip(ids, sources))
        for index, group in enumerate(groups):
            members = [load_source(where[a], a) for a in group.articles]
            result = check_story(index, members, plan)
            result.articles = [light(a, plan.keep_facts) for a in members]
            if tracker:
                tracker.read(len(members))
            yield result

    def extract_only(self, articles: Sequence[Article]) -> dict[str, list[Fact]]:
        """Facts of articles that are read but compared with nothing (draft mode's others)."""
        return {a.id: extract(a) for a in articles}

    def close(self) -> None:
        """Nothing to release."""
