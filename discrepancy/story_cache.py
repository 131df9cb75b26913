"""The findings of an unchanged story, read back instead of compared again.

A story's findings depend only on its articles, their facts and the run's settings, so an
entry is keyed by the facts cache's name of each member with exactly its facts
(``facts_cache.signature``: the code's fingerprint included), the sentences set aside as
about another story, and every field of the settings. A re-run over unchanged articles then
reads each story's findings instead of reading its facts back and comparing them.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

from . import facts_cache
from .model import Article, Fact, Finding
from .stories import StoryGroup


class _Opaque(TypeError):
    """A setting whose value has no canonical form: such a run is not cached."""


def canonical(value: Any) -> Any:
    """A value's canonical form: equal forms mean equal settings (sets and mappings sorted)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (
            type(value).__qualname__,
            tuple((f.name, canonical(getattr(value, f.name))) for f in dataclasses.fields(value)),
        )
    if isinstance(value, Mapping):
        return ("map", tuple(sorted((repr(canonical(k)), repr(canonical(v))) for k, v in value.items())))
    if isinstance(value, (set, frozenset)):
        return ("set", tuple(sorted(repr(canonical(v)) for v in value)))
    if isinstance(value, (list, tuple)):
        return ("seq", tuple(canonical(v) for v in value))
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise _Opaque(type(value).__name__)


class StoryCache:
    """Findings of stories compared in an earlier run with the same settings."""

    def __init__(self, kinds: Sequence[str]) -> None:
        self.kinds = tuple(kinds)
        self.names: dict[str, str | None] = {}
        self.settings: str | None = None

    def note(self, article: Article, facts: Sequence[Fact]) -> str | None:
        """Record and return the name of ``article`` with its facts, as extraction hands them over."""
        name = self.names[article.id] = facts_cache.signature(article, self.kinds, facts)
        return name

    def use(self, settings: Any) -> None:
        """The settings every story of the run is compared with (a run whose settings have no
        canonical form is not cached)."""
        try:
            self.settings = repr(canonical(settings))
        except _Opaque:
            self.settings = None

    def _path(self, group: StoryGroup) -> Any:
        if self.settings is None:
            return None
        digest = hashlib.sha256(self.settings.encode("utf-8", "surrogatepass"))
        for article_id in group.articles:
            name = self.names.get(article_id)
            if name is None:
                return None
            digest.update(f"\0{name}".encode())
        digest.update(repr(sorted(group.elsewhere)).encode("utf-8", "surrogatepass"))
        return facts_cache.entry("stories", digest.hexdigest())

    def has(self, group: StoryGroup) -> bool:
        """An earlier run kept findings for ``group`` (read with ``load``)."""
        path = self._path(group)
        return path is not None and path.exists()

    def load(self, group: StoryGroup) -> list[Finding] | None:
        """The findings of ``group`` from an earlier run, or None."""
        found = facts_cache.read(self._path(group))
        return found if isinstance(found, list) else None

    def store(self, group: StoryGroup, findings: list[Finding]) -> None:
        """Keep the findings of ``group`` for the next run."""
        path = self._path(group)
        if path is not None:
            facts_cache.write(path, findings)
