"""Engines: where a check runs. The work and the report are the same whichever runs it.

- ``local``: this process, one story after another;
- ``pool``: worker processes on this machine, only when the input is big enough to pay;
- ``dask``: a Dask distributed cluster (a ``LocalCluster``, or a scheduler's address).
"""
from __future__ import annotations

from typing import Any

from .core import Plan, Tracker
from .dask import DaskEngine
from .local import LocalEngine
from .pool import PoolEngine

ENGINES = {"local": LocalEngine, "pool": PoolEngine, "dask": DaskEngine}

__all__ = ["ENGINES", "Plan", "Tracker", "make"]


def make(name: str, *, jobs: int | None = None, scheduler: str | None = None) -> Any:
    """The engine called ``name``; ``jobs`` is the pool's size, ``scheduler`` Dask's address."""
    if name == "pool":
        return PoolEngine(jobs)
    if name == "dask":
        return DaskEngine(scheduler)
    if name == "local":
        return LocalEngine()
    raise ValueError(f"unknown engine {name!r}; use one of {', '.join(ENGINES)}")
