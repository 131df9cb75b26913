"""Articles' texts kept out of memory in an archive run.

An article's text (and its line offsets) is most of what the client holds of it, some 6 KB
for a 3 KB article, so an archive run must not keep every one of them. As each article is
read its text goes to one temporary file and the run keeps the article without it (a
"light" article: ``text`` empty); whatever needs the text (extraction, a story's
comparison, a mention's own words) asks ``full`` for the article with its text read back.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import overload

from ..model import Article


class TextSpill:
    """Texts of light articles, in a temporary file deleted by ``close``."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(prefix="discrepancy-texts-")
        self._end = 0
        self._where: dict[str, tuple[int, int]] = {}  # path -> (offset, length)

    def lighten(self, article: Article) -> Article:
        """``article`` without its text, which waits in the file (as is, if its path is taken)."""
        if article.path in self._where or not article.text:
            return article  # two records at one path, or nothing to spill: kept whole
        data = pickle.dumps((article.text, article.line_starts), protocol=pickle.HIGHEST_PROTOCOL)
        self._file.seek(self._end)
        self._file.write(data)
        self._where[article.path] = (self._end, len(data))
        self._end += len(data)
        return replace(article, text="", line_starts=(0,))

    def full(self, article: Article) -> Article:
        """``article`` with its text (itself when it was never lightened)."""
        where = self._where.get(article.path)
        if where is None or article.text:
            return article
        offset, length = where
        self._file.seek(offset)
        text, starts = pickle.loads(self._file.read(length))  # noqa: S301 - written by this object
        return replace(article, text=text, line_starts=starts)

    def is_light(self, article: Article) -> bool:
        """Whether ``article`` is one whose text waits here."""
        return article.path in self._where and not article.text

    def close(self) -> None:
        """Delete the file."""
        self._file.close()
        self._where.clear()


class FullArticles(Sequence[Article]):
    """Light articles seen whole: each one's text is read back when it is taken, and not kept."""

    def __init__(self, articles: Sequence[Article], texts: TextSpill) -> None:
        self.articles, self.texts = articles, texts

    def __len__(self) -> int:
        return len(self.articles)

    @overload
    def __getitem__(self, index: int) -> Article: ...

    @overload
    def __getitem__(self, index: slice) -> list[Article]: ...

    def __getitem__(self, index: int | slice) -> Article | list[Article]:
        if isinstance(index, slice):
            return [self.texts.full(a) for a in self.articles[index]]
        return self.texts.full(self.articles[index])

    def __iter__(self) -> Iterator[Article]:
        for article in self.articles:
            yield self.texts.full(article)
