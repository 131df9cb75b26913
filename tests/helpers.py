"""Small helpers shared by the tests: articles from text, facts of one kind."""

from __future__ import annotations

from discrepancy.articles import load_text
from discrepancy.model import Article, Fact
from discrepancy.normalize import load
from discrepancy.text import article_sentences


def article(text: str, article_id: str = "a") -> Article:
    return load_text(text, article_id=article_id, path=f"{article_id}.txt")


def facts(kind_module: str, text: str, article_id: str = "a") -> list[Fact]:
    """Facts that normalizer ``kind_module`` finds in ``text``."""
    doc = article(text, article_id)
    return load(kind_module)(doc, article_sentences(doc))
