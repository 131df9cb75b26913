"""PLACEHOLDER: quotes rules (being written)."""
from __future__ import annotations


def check(story):
    return []
