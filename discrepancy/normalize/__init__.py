"""Normalizers: one module per kind of fact, each ``extract(article, sentences) -> [Fact]``.

They know nothing of other articles or of output formats, and nothing of each other's
output, with one deliberate exception: ``quotes`` asks ``entities.find_entities`` for the
canonical name of a speaker, so a quote's speaker and the entity table agree.
"""
from __future__ import annotations

from typing import Callable

from ..model import Article, Fact, Sentence

Normalizer = Callable[[Article, "list[Sentence]"], "list[Fact]"]

#: Normalizers by kind, in the order they run. Modules are imported when first used.
NORMALIZERS = ("numbers", "dates", "entities", "quotes", "relations")
#: Normalizers that read the parsed document (``extract(article, sentences, document)``).
PARSED = frozenset({"numbers", "dates"})


def extract(article: Article, kinds: "tuple[str, ...] | list[str]" = NORMALIZERS) -> "list[Fact]":
    """Every fact of the given kinds in one article, normalizer by normalizer."""
    from ..doc import parse
    from ..text import article_sentences
    sentences = article_sentences(article)
    document = parse(article, sentences) if any(k in PARSED for k in kinds) else None
    facts: list[Fact] = []
    for name in kinds:
        if name in PARSED:
            facts.extend(load(name)(article, sentences, document))   # type: ignore[call-arg]
        else:
            facts.extend(load(name)(article, sentences))
    return facts


def load(name: str) -> Normalizer:
    """The ``extract`` function of normalizer ``name``."""
    from importlib import import_module
    return import_module(f"{__name__}.{name}").extract
