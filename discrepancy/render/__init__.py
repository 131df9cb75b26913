"""Renderers: one module per output format, each ``render(report) -> str``.

They take findings and articles as they are; none of them re-derives a fact.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from ..model import Report

#: Format name -> module. The CLI offers exactly these names.
FORMATS = {
    "markdown": "markdown",
    "json": "json_report",
    "csv": "csv_report",
    "line": "line",
    "github": "github",
    "sarif": "sarif",
    "html": "html",
}


def renderer(name: str) -> Callable[[Report], str]:
    """The ``render`` function for format ``name``."""
    return import_module(f"{__name__}.{FORMATS[name]}").render
