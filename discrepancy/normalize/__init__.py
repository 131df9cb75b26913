"""Normalizers: one module per kind of fact, each ``extract(article, sentences) -> [Fact]``.

They know nothing of other articles or of output formats, and nothing of each other's
output, with one deliberate exception: ``quotes`` asks ``entities.find_entities`` for the
canonical name of a speaker, so a quote's speaker and the entity table agree.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

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
    return extract_many([article], kinds)[0]


def extract_many(
    articles: Sequence[Article], kinds: tuple[str, ...] | list[str] = NORMALIZERS
) -> list[list[Fact]]:
    """Each article's facts, as ``extract`` gives them; the sentences of the articles not in the
    facts cache are parsed together, which costs the parser less than one article at a time."""
    out = [facts_cache.load(article, kinds) for article in articles]
    todo = [k for k, facts in enumerate(out) if facts is None]
    if not todo:
        return [facts for facts in out if facts is not None]
    from ..doc import parse_many
    from ..text import article_sentences

    sentences = [article_sentences(articles[k]) for k in todo]
    documents = (
        parse_many([articles[k] for k in todo], sentences)
        if any(k in PARSED for k in kinds)
        else [None] * len(todo)
    )
    for k, sents, document in zip(todo, sentences, documents):
        facts: list[Fact] = []
        for name in kinds:
            if name in PARSED:
                facts.extend(load(name)(articles[k], sents, document))
            else:
                facts.extend(load(name)(articles[k], sents))
        facts_cache.store(articles[k], kinds, facts)
        out[k] = facts
    return [facts for facts in out if facts is not None]


def load(name: str) -> Normalizer:
    """The ``extract`` function of normalizer ``name``."""
    return REGISTRY[name][0]
