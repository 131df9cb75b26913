"""PLACEHOLDER: dates normalizer (being written)."""
from __future__ import annotations


def extract(article, sentences):
    return []
