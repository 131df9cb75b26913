"""Where articles come from: local paths, or fsspec URLs (object stores), read by whichever
process runs the work."""
from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Sequence

from ..articles import ARTICLE_SUFFIXES, MAX_BYTES, NOT_ARTICLES, InputError, decode, parse_article, read_text
from ..model import Article


def is_url(path: str) -> bool:
    """Whether ``path`` names an object-store or other fsspec URL rather than a local path."""
    return "://" in path


def read_source(path: str) -> str:
    """The text of one article file: a local path, or a URL read through fsspec."""
    if not is_url(path):
        return read_text(Path(path))
    import fsspec
    try:
        fs, inner = fsspec.core.url_to_fs(path)
        size = fs.size(inner)
        if size and size > MAX_BYTES:
            raise InputError(f"{path}: file is {size / (1024 * 1024):.1f} MB, over the "
                             f"{MAX_BYTES // (1024 * 1024)} MB limit for one article; split it or leave it out")
        with fs.open(inner, "rb") as fh:
            data = fh.read()
    except (OSError, ImportError, ValueError) as exc:
        raise InputError(f"{path}: cannot read ({exc})") from None
    return decode(data, path)


def load_source(path: str, article_id: str) -> Article:
    """One article, read where this runs (a worker); a URL stays its path."""
    if not is_url(path):
        return parse_article(read_text(Path(path)), Path(path), article_id)
    as_path = Path(path)        # "s3:/bucket/...": only for parse_article's messages
    try:
        return replace(parse_article(read_source(path), as_path, article_id), path=path)
    except InputError as exc:
        raise InputError(str(exc).replace(str(as_path), path)) from None


def list_urls(url: str) -> list[str]:
    """Article files under a URL (a folder, a glob or one file), sorted, as full URLs."""
    import fsspec
    try:
        fs, inner = fsspec.core.url_to_fs(url)
        if fs.isdir(inner):
            found = [p for p in fs.find(inner) if PurePosixPath(p).suffix.lower() in ARTICLE_SUFFIXES
                     and not NOT_ARTICLES.match(PurePosixPath(p).name)
                     and not any(part.startswith(".") for part in PurePosixPath(p).parts)]
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


def url_ids(urls: Sequence[str]) -> list[str]:
    """File stems, lengthened with their folders where two share one (as for local files)."""
    parts = [PurePosixPath(u.split("://", 1)[1]).with_suffix("").parts for u in urls]
    depth = [1] * len(urls)
    while True:
        ids = ["/".join(p[-d:]) for p, d in zip(parts, depth)]
        clashes = {i for i, n in Counter(ids).items() if n > 1}     # not ids.count: linear
        grown = False
        for k, i in enumerate(ids):
            if i in clashes and depth[k] < len(parts[k]):
                depth[k] += 1
                grown = True
        if not clashes or not grown:
            return ids
