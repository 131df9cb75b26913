"""Engines: where a check runs. The work, and so the report, is the same whichever runs it.

Every engine has ``extract(articles, progress)`` (the facts of every article, in input
order), ``extract_each(articles, progress)`` (each article with its facts as they arrive,
so no one holds them all) and ``compare(work, settings)`` (each story's findings from ``api.compare_story``,
as ``(index, findings)`` in any order), and ``close()``. ``api.analyse`` does the rest
(grouping into stories, the draft's story, acceptance) the same way for all of them.

- ``local``: this process; the extraction in a pool of worker processes only when the
  input is big enough to pay for starting them (or ``--jobs`` says so);
- ``dask``: a Dask distributed cluster (a ``LocalCluster`` started here, or a scheduler's
  address). Dask is imported only when this engine is chosen.
"""

from __future__ import annotations

from typing import Any

#: The engines the CLI offers.
ENGINES = ("local", "dask")


def make(name: str, *, jobs: int | None = None, scheduler: str | None = None) -> Any:
    """The engine called ``name``: ``jobs`` sizes the local pool, ``scheduler`` is Dask's address."""
    if name == "local":
        from .local import LocalEngine

        return LocalEngine(jobs)
    if name == "dask":
        from .dask import DaskEngine

        return DaskEngine(scheduler)
    raise ValueError(f"unknown engine {name!r}; use one of {', '.join(ENGINES)}")
