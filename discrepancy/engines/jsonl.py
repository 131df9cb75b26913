"""Findings written as JSON lines, one story a line, as each story is compared."""

from __future__ import annotations

import json
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import IO

from ..articles import InputError
from ..model import Finding
from ..stories import StoryGroup


class JsonLines:
    """Writes each compared story as one JSON line: its id, articles, findings, the draft's
    context and the ids of accepted findings. A file is written through a temporary file
    beside it, flushed line by line and renamed onto ``path`` only by ``commit``, so an
    earlier file at ``path`` survives a run that fails; ``-`` writes to standard output. A
    failed write raises ``InputError`` (exit status 2, as for any file that cannot be written)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.stories = 0
        self.counts: dict[str, int] = {}
        self._tmp: str | None = None
        if path == "-":
            self.stream: IO[str] = sys.stdout
            return
        target = Path(path)
        fd, self._tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        self.stream = os.fdopen(fd, "w", encoding="utf-8", newline="\n")

    def __call__(
        self, story: StoryGroup, findings: list[Finding], context: list[Finding], accepted: list[Finding]
    ) -> None:
        def row(finding: Finding) -> dict:
            inside = set(finding.articles) <= set(story.articles)
            return {**finding.to_dict(), "story": story.id if inside else None}

        line: dict = {
            "story": story.id,
            "articles": list(story.articles),
            "findings": [row(f) for f in findings],
        }
        if context:
            line["context"] = [row(f) for f in context]
        if accepted:
            line["accepted"] = [f.id for f in accepted]
        try:
            self.stream.write(json.dumps(line, ensure_ascii=False) + "\n")
            self.stream.flush()
        except OSError as exc:
            raise InputError(
                f"--jsonl {self.path}: cannot write ({exc.strerror or exc}); check the folder's free space"
            ) from None
        self.stories += 1
        for finding in findings:
            self.counts[finding.severity] = self.counts.get(finding.severity, 0) + 1

    def commit(self) -> None:
        """Put the complete file in place (keeping a replaced file's permissions). Raises OSError."""
        if self._tmp is None:
            return
        self.stream.flush()
        os.fsync(self.stream.fileno())
        self.stream.close()
        target = Path(self.path)
        try:
            mode = stat.S_IMODE(target.stat().st_mode)
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(self._tmp, mode)
        os.replace(self._tmp, target)
        self._tmp = None

    def discard(self) -> None:
        """Remove the unfinished file (nothing at ``path`` is touched)."""
        if self._tmp is None:
            return
        self.stream.close()
        Path(self._tmp).unlink(missing_ok=True)
        self._tmp = None
