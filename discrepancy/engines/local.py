"""The local engine: this machine, the comparisons in this process, the extraction in a pool
of worker processes only when the input pays for it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from .. import normalize
from ..api import Progress, StorySettings, StoryWork, compare_story
from ..model import Article, Fact, Finding
from ..parallel import default_jobs, extract_all, extract_each

#: Characters of article text each worker must get before a pool starts: below that,
#: starting a worker and shipping it the text costs more than the work it takes over.
MIN_CHARS_PER_WORKER = 100_000


def workers_for(articles: Sequence[Article], jobs: int | None) -> int:
    """Processes to extract in (1: no pool): ``jobs`` if given, else as many cores as the text keeps busy."""
    if jobs is not None:
        return max(1, jobs)
    chars = sum(len(a.text) for a in articles)
    return max(1, min(default_jobs(), chars // MIN_CHARS_PER_WORKER))


class LocalEngine:
    """This machine; ``jobs`` extraction processes (None: as many as the input keeps busy)."""

    name = "local"

    def __init__(self, jobs: int | None = 1) -> None:
        self.jobs = jobs

    def extract(self, articles: Sequence[Article], progress: Progress | None = None) -> list[Fact]:
        """Facts of every article, in input order."""
        jobs = workers_for(articles, self.jobs)
        return extract_all(articles, jobs, extract=normalize.extract, progress=progress)

    def extract_each(
        self, articles: Sequence[Article], progress: Progress | None = None
    ) -> Iterator[tuple[Article, list[Fact]]]:
        """Each article with its facts, in input order, as they arrive."""
        jobs = workers_for(articles, self.jobs)
        return extract_each(articles, jobs, extract=normalize.extract, progress=progress)

    def compare(
        self, work: Iterable[StoryWork], settings: StorySettings
    ) -> Iterator[tuple[int, list[Finding]]]:
        """Each story's findings, in story order, compared in this process."""
        for index, members, facts in work:
            yield index, compare_story(members, facts, settings)

    def close(self) -> None:
        """Nothing to release."""
