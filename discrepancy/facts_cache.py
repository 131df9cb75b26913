"""The facts cache: an unchanged article's facts, read back instead of parsed again.

Entries are keyed by the article (its text, id, path and publication date), the kinds of
fact asked for, and a fingerprint of the code that reads facts (every module of the
package, the English data and the model's version), so a new release or a local change
never serves stale facts. The parsed documents themselves are cached beside them
(``discrepancy.doc``); this cache spares the run the import of the parser as well. What is
built from an article's facts is kept under ``signature``'s name for the article with exactly
those facts: its incident profile (``profiles/``) and the findings of the stories it is in
(``stories/``, see ``discrepancy.story_cache``).
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from .model import Article, Fact

log = logging.getLogger(__name__)
_PACKAGE = Path(__file__).parent


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """A hash of the package's own code and data (the shipped place indexes too), and of the model version."""
    from .doc import MODEL_VERSION, SELECTION_VERSION

    digest = hashlib.sha256(f"{MODEL_VERSION}:{SELECTION_VERSION}".encode())
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in (".py", ".json", ".txt", ".gz") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(_PACKAGE)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _path(article: Article, kinds: Sequence[str]) -> Path | None:
    from .doc import cache_dir

    folder = cache_dir()
    if folder is None:
        return None
    key = (
        ",".join(kinds),
        article.id,
        article.path,
        str(article.published),
        str(article.body_start),
        str(article.dateline),
        article.text,
    )
    return folder.parent / "facts" / f"{_digest(key)}.pickle"


@lru_cache(maxsize=256)
def _digest(key: tuple[str, ...]) -> str:
    """The entry's name: a run asks for one article's several times (extraction, the store),
    close together; the key holds the article's text, so only the last few are kept."""
    digest = hashlib.sha256()
    for part in (fingerprint(), *key):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def holds(article: Article, kinds: Sequence[str]) -> bool:
    """Whether the cache has an entry for ``article`` (it may still be unreadable)."""
    path = _path(article, kinds)
    return path is not None and path.is_file()


def load(article: Article, kinds: Sequence[str]) -> list[Fact] | None:
    """The cached facts of ``article``, or None."""
    path = _path(article, kinds)
    if path is None or not path.is_file():
        return None
    try:
        with path.open("rb") as fh:
            facts = pickle.load(fh)  # noqa: S301 - written by this module, in the user's own cache
    except Exception:  # a damaged or old entry is recomputed and rewritten
        log.debug("unreadable facts cache entry %s", path)
        return None
    return facts if isinstance(facts, list) else None


def store(article: Article, kinds: Sequence[str], facts: list[Fact]) -> None:
    """Keep ``facts`` for the next run; a cache that cannot be written is skipped."""
    path = _path(article, kinds)
    if path is not None:
        write(path, facts)


def write(path: Path, value: Any) -> None:
    """Keep ``value`` at ``path`` (written whole or not at all); a cache that cannot be written is skipped."""
    try:
        put_bytes(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError as exc:
        log.debug("facts cache not written (%s)", exc)


def put_bytes(path: Path, payload: bytes) -> None:
    """Write ``payload`` to ``path`` through a temporary file renamed over it (``OSError`` when
    it cannot be). Each folder is made once per process: a run writes thousands of entries
    into a handful of folders; one removed since is made again."""
    for again in (False, True):
        if path.parent not in _MADE:
            path.parent.mkdir(parents=True, exist_ok=True)
            _MADE.add(path.parent)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        try:
            tmp.write_bytes(payload)
        except FileNotFoundError:
            _MADE.discard(path.parent)
            if again:
                raise
            continue
        os.replace(tmp, path)
        return


_MADE: set[Path] = set()


def signature(article: Article, kinds: Sequence[str], facts: Sequence[Fact]) -> str | None:
    """A name for ``article`` with exactly these facts (None when caching is off): what is
    built from them is never served for other facts."""
    path = _path(article, kinds)
    if path is None:
        return None
    digest = hashlib.sha256(path.stem.encode())
    # what the loader read beside the text (an HTML page's title) is part of the article too
    extra = (article.title, article.published_time, article.published_source)
    digest.update(repr(extra).encode("utf-8", "surrogatepass"))
    for fact in facts:
        digest.update(
            f"{fact.kind}\0{fact.start}\0{fact.end}\0{fact.sentence_index}\0{fact.scope}\0{fact.subject}\0{fact.normalized}\n".encode(
                "utf-8", "surrogatepass"
            )
        )
    return digest.hexdigest()


def entry(kind: str, name: str) -> Path | None:
    """The path of a cache entry of ``kind`` (a folder beside ``facts``), or None when off."""
    from .doc import cache_dir

    folder = cache_dir()
    return folder.parent / kind / f"{name}.pickle" if folder is not None else None


def read(path: Path | None) -> Any:
    """What ``write`` kept at ``path``, or None (no entry, or one that cannot be read)."""
    if path is None:
        return None
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)  # noqa: S301 - written by this module, in the user's own cache
    except FileNotFoundError:
        return None
    except Exception:  # a damaged or old entry is recomputed and rewritten
        log.debug("unreadable cache entry %s", path)
        return None
