"""A progress line every few seconds on stderr, on a terminal and in a CI log alike."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from typing import IO

from ..model import Article

#: Seconds between two progress lines (``DISCREPANCY_PROGRESS_EVERY`` overrides it).
PROGRESS_EVERY = 5.0


class ProgressLine:
    """Counts articles read and stories compared and writes one line every ``every`` seconds;
    a run shorter than that prints nothing. Use it as ``api.analyse``'s ``progress``."""

    def __init__(
        self,
        stream: IO[str] | None = None,
        every: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if every is None:
            every = float(os.environ.get("DISCREPANCY_PROGRESS_EVERY") or PROGRESS_EVERY)
        self.stream, self.every, self.clock = stream, every, clock
        self.read = self.total = self.stories = self.total_stories = 0
        self.started = self.last = clock()
        self.lines = 0

    def __call__(self, articles: list[Article]) -> Iterator[Article]:
        """The articles, counted as each one's facts are asked for (the one before it is done)."""
        self.total = len(articles)
        for done, article in enumerate(articles):
            self.read = done
            self._maybe_show()
            yield article
        self.read = len(articles)
        self._maybe_show()

    def compared(self, done: int, total: int) -> None:
        """``done`` of ``total`` stories compared."""
        self.stories, self.total_stories = done, total
        self._maybe_show()

    def _maybe_show(self) -> None:
        if self.clock() - self.last >= self.every:
            self.show()

    def show(self) -> None:
        """Write the progress line now."""
        self.last = self.clock()
        stories = f"{self.stories:,}/{self.total_stories:,}" if self.total_stories else "0"
        line = (
            f"discrepancy: progress: {self.read:,}/{self.total:,} articles read, "
            f"{stories} stories compared ({self.last - self.started:.0f} s)"
        )
        print(line, file=self.stream or sys.stderr, flush=True)
        self.lines += 1
