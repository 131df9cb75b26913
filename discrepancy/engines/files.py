"""Articles named by fsspec URLs (``s3://bucket/archive/``, ``gs://...``, ``file:///shared/...``):
listed and read through fsspec, with the protocol's package (s3fs, gcsfs) installed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path, PurePosixPath

from ..articles import (
    ARTICLE_SUFFIXES,
    MAX_BYTES,
    NOT_ARTICLES,
    InputError,
    _article_ids,
    decode,
    parse_article,
    undated_notes,
)
from ..model import Article


def is_url(path: str) -> bool:
    """Whether ``path`` is a URL for fsspec rather than a local path."""
    return "://" in path


def list_urls(url: str) -> list[str]:
    """The article files under ``url`` (a folder, a glob or one file), sorted, as full URLs."""
    import fsspec

    try:
        fs, inner = fsspec.core.url_to_fs(url)
        if fs.isdir(inner):
            found = [
                p
                for p in fs.find(inner)
                if PurePosixPath(p).suffix.lower() in ARTICLE_SUFFIXES
                and not NOT_ARTICLES.match(PurePosixPath(p).name)
                and not any(
                    part.startswith(".") for part in PurePosixPath(p).relative_to(inner.rstrip("/")).parts
                )
            ]
        elif any(c in inner for c in "*?["):
            found = fs.glob(inner)
        elif fs.exists(inner):
            found = [inner]
        else:
            raise InputError(f"{url}: no such file or folder")
    except (OSError, ImportError, ValueError) as exc:
        raise InputError(f"{url}: cannot list ({exc})") from None
    if not found:
        raise InputError(f"{url}: holds no .txt or .md articles")
    return sorted(fs.unstrip_protocol(p) for p in found)


def read_url(url: str) -> str:
    """The text of one article at ``url``."""
    import fsspec

    try:
        fs, inner = fsspec.core.url_to_fs(url)
        size = fs.size(inner)
        if size and size > MAX_BYTES:
            raise InputError(
                f"{url}: file is {size / (1024 * 1024):.1f} MB, over the "
                f"{MAX_BYTES // (1024 * 1024)} MB limit for one article; split it or leave it out"
            )
        with fs.open(inner, "rb") as fh:
            data = fh.read()
    except (OSError, ImportError, ValueError) as exc:
        raise InputError(f"{url}: cannot read ({exc})") from None
    return decode(data, url)


def load_urls(
    urls: list[str], each: Callable[[Article], Article] | None = None
) -> tuple[list[Article], list[str]]:
    """The articles at ``urls`` (each a folder, glob or file), ids as for local files; and notes.
    ``each``, if given, is what is kept of every article as it is read."""
    found = [u for url in urls for u in list_urls(url)]
    found = list(dict.fromkeys(found))
    ids = _article_ids([Path("/" + u.split("://", 1)[1]) for u in found])
    articles, read = [], []
    for url, article_id in zip(found, ids):
        article = replace(parse_article(read_url(url), Path(url), article_id), path=url)
        articles.append(each(article) if each else article)
        read.append(replace(article, text=""))  # the date and path are what the notes need
    return articles, undated_notes(read)
