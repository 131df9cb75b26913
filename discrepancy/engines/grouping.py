"""Stories grouped as the articles' profiles arrive, holding as few profiles as the mode allows.

An incident profile is some 20 KB (an article's words, names and sentences), so an archive
must not hold all of them until the last article is read. ``--group by-folder`` does not need
to: a folder's story is described from its own members alone (``stories.group`` on them gives
the same story as on the whole input), so each folder's story is made as soon as its last
article's profile arrives and those profiles are dropped. The other modes compare every
article with every other, so they keep every profile until the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .. import stories
from ..model import Article
from ..stories import Profile, StoryGroup


class StoryGrouper:
    """Takes each article's profile (``add``, in any order) and gives the stories (``groups``)."""

    def __init__(self, articles: Sequence[Article], mode: str, threshold: float) -> None:
        if mode not in stories.MODES:
            raise ValueError(f"unknown grouping mode {mode!r}; use one of {', '.join(stories.MODES)}")
        self.articles, self.mode, self.threshold = articles, mode, threshold
        self.profiles: dict[str, Profile] = {}
        self.by_folder = mode == "by-folder" and len(articles) > 1
        if self.by_folder:
            self._parts = stories._by_folder(articles)
            self._part_of = {articles[i].id: n for n, part in enumerate(self._parts) for i in part}
            self._missing = [len(part) for part in self._parts]
            self._made: list[StoryGroup | None] = [None] * len(self._parts)

    def add(self, article: Article, profile: Profile) -> None:
        """The profile of ``article``, one of the articles given."""
        self.profiles[article.id] = profile
        if not self.by_folder:
            return
        n = self._part_of[article.id]
        self._missing[n] -= 1
        if self._missing[n] == 0:
            members = [self.articles[i] for i in self._parts[n]]
            made = stories.group(
                members, "by-folder", self.threshold, profiles=[self.profiles.pop(a.id) for a in members]
            )
            self._made[n] = replace(made[0], id=f"story-{n + 1}")

    def held(self) -> int:
        """Profiles held now."""
        return len(self.profiles)

    def groups(self) -> list[StoryGroup]:
        """The stories, once every article's profile has been added."""
        if self.by_folder:
            if any(g is None for g in self._made):
                raise ValueError("a story's articles were not all profiled")
            return [g for g in self._made if g is not None]
        profiles = [self.profiles.pop(a.id) for a in self.articles]
        return stories.group(self.articles, self.mode, threshold=self.threshold, profiles=profiles)
