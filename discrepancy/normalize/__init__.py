"""Normalizers: one module per kind of fact, each ``extract(article, sentences) -> [Fact]``.

They know nothing of other articles or of output formats, and nothing of each other's
output, with one deliberate exception: ``quotes`` asks ``entities.find_entities`` for the
canonical name of a speaker, so a quote's speaker and the entity table agree.
"""

from __future__ import annotations

from collections.abc import Callable

from .. import facts_cache
from ..model import Article, Fact
from . import dates, entities, numbers, quotes, relations

Normalizer = Callable[..., list[Fact]]  # (article, sentences[, document]) -> facts

#: Normalizer module name -> (its ``extract``, the kind of fact it yields), in the order they run.
REGISTRY: dict[str, tuple[Normalizer, str]] = {
    "numbers": (numbers.extract, "number"),
    "dates": (dates.extract, "date"),
    "entities": (entities.extract, "entity"),
    "quotes": (quotes.extract, "quote"),
    "relations": (relations.extract, "relation"),
}
NORMALIZERS = tuple(REGISTRY)
#: Normalizers that read the parsed document (``extract(article, sentences, document)``).
PARSED = frozenset({"numbers", "dates"})


def extract(article: Article, kinds: tuple[str, ...] | list[str] = NORMALIZERS) -> list[Fact]:
    """Every fact of the given kinds in one article, normalizer by normalizer."""
    cached = facts_cache.load(article, kinds)
    if cached is not None:
        return cached
    from ..doc import parse
    from ..text import article_sentences

    sentences = article_sentences(article)
    document = parse(article, sentences) if any(k in PARSED for k in kinds) else None
    facts: list[Fact] = []
    for name in kinds:
        if name in PARSED:
            facts.extend(load(name)(article, sentences, document))
        else:
            facts.extend(load(name)(article, sentences))
    facts_cache.store(article, kinds, facts)
    return facts


def load(name: str) -> Normalizer:
    """The ``extract`` function of normalizer ``name``."""
    return REGISTRY[name][0]
