"""PLACEHOLDER: entities rules (being written)."""
from __future__ import annotations


def check(story):
    return []
