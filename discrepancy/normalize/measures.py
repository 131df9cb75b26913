"""Measures: money, percentages and physical quantities, read from a short span and put in
one unit so "3 miles" and "4.8 kilometres" can be compared.

Money and percentages are read with regular expressions (quantulum3 misreads "US$4.2bn",
"€2m" and "per cent"); physical units are recognised by quantulum3 and converted with pint,
both loaded on first use. A currency is never converted: amounts compare only within one
currency.
"""

from __future__ import annotations

import logging
import re
import warnings
from dataclasses import dataclass
from functools import lru_cache

from ..guard import guarded
from .number_lexicon import DECIMAL_COMMA

log = logging.getLogger(__name__)

CURRENCY_SYMBOLS = {
    "us$": "USD",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "a$": "AUD",
    "c$": "CAD",
    "usd": "USD",
    "eur": "EUR",
    "gbp": "GBP",
    "jpy": "JPY",
}
CURRENCY_WORDS = {
    "dollar": "USD",
    "dollars": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "yen": "JPY",
    "rupees": "INR",
    "rupee": "INR",
    "yuan": "CNY",
}
SCALE_WORDS = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
MONEY_BEFORE = re.compile(r"(?P<cur>US\$|A\$|C\$|\$|€|£|¥|\b(?:USD|EUR|GBP|JPY)\s?)$", re.I)
SCALE_AFTER = re.compile(r"^\s?(?P<scale>thousand|million|billion|trillion|bn|mn|tn|m|k|b)\b", re.I)
CURRENCY_AFTER = re.compile(
    r"^\s*(?:(?:thousand|million|billion|trillion)\s+)?(?:US\s+)?(?P<word>dollars?|euros?|pounds?|yen|rupees?|yuan)\b",
    re.I,
)
PERCENT_AFTER = re.compile(r"^\s?(?:(?P<points>percentage\s+points?)|%|percent\b|per\s+cent\b)", re.I)
# temperatures written "40C" or "104F" (quantulum3 reads them as coulombs and farads)
TEMPERATURE_AFTER = re.compile(
    r"^\s?(?:°\s?|degrees?\s+)?(?P<scale>C|F|Celsius|Fahrenheit|centigrade)\b", re.I
)

# quantulum3 unit names that pint spells differently, or that quantulum3 gets wrong
PINT_NAMES = {
    "second of arc": "second",
    "minute of arc": "minute",
    "degree fahrenheit": "degF",
    "degree Celsius": "degC",
    "degree celsius": "degC",
    "knot": "knot",
    "pound-mass": "pound",
    "mile per hour": "mile / hour",
    "kilometre per hour": "kilometre / hour",
    "metre per second": "metre / second",
    "square kilometre": "kilometre ** 2",
    "square metre": "metre ** 2",
    "square mile": "mile ** 2",
    "cubic metre": "metre ** 3",
}
BASE_UNITS = {
    "length": "metre",
    "mass": "kilogram",
    "time": "second",
    "speed": "metre / second",
    "temperature": "degC",
    "area": "metre ** 2",
    "volume": "litre",
    "energy": "joule",
    "force": "newton",
    "power": "watt",
}
SHORT_BASE = {
    "metre": "m",
    "kilogram": "kg",
    "second": "s",
    "metre / second": "m/s",
    "degC": "°C",
    "metre ** 2": "m²",
    "litre": "l",
    "joule": "J",
    "newton": "N",
    "watt": "W",
}


@dataclass(frozen=True)
class Measure:
    """What a number measures: its unit as read, the dimension, and how to reach the base unit."""

    unit: str  # as read: "mile", "USD", "%", "degF"
    dimension: str  # "length", "money", "percentage", "temperature", ...
    base: str  # short base unit: "m", "USD", "%", "°C"
    scale: float = 1.0  # money written "4.2bn": the scale that follows the digits

    def convert(self, value: float) -> float | None:
        """``value`` (in the unit as read) in the base unit; infinities stay infinite."""
        if value in (float("inf"), float("-inf")):
            return value
        if self.dimension in ("money", "percentage"):
            return value * self.scale
        return to_base(value, self.unit, self.dimension)


def precision(core: str, value: float, converted: bool = True) -> float:
    """Half the last written digit's place: "66.2" -> 0.05. A quantity that may have been
    converted from another unit gets at least 5% of its value ("6.2 miles" from 10 km)."""
    core = DECIMAL_COMMA.sub(r"\1.\2", core)  # "385,5": a decimal comma
    decimals = len(core.split(".")[1]) if re.fullmatch(r"[\d,]+\.\d+", core) else 0
    return max(0.5 * 10**-decimals, 0.05 * abs(value) if converted else 0.0)


def read_money(before: str, core: str, after: str) -> Measure | None:
    """Money such as "$4.2 billion", "US$4.2bn", "€2m", "4.2 billion dollars"."""
    symbol = MONEY_BEFORE.search(before)
    word = CURRENCY_AFTER.match(after)
    if symbol:
        currency = CURRENCY_SYMBOLS[symbol.group("cur").strip().lower()]
    elif word:
        currency = CURRENCY_WORDS[word.group("word").lower()]
    else:
        return None
    scale_match = SCALE_AFTER.match(after) if re.search(r"\d$", core) else None
    scale = SCALE_WORDS[scale_match.group("scale").lower()] if scale_match else 1.0
    return Measure(currency, "money", currency, scale)


def read_percent(after: str) -> Measure | None:
    """ "3.5%", "3.5 percent", "3.5 per cent" are one value; percentage points are another unit."""
    match = PERCENT_AFTER.match(after)
    if not match:
        return None
    unit = "percentage points" if match.group("points") else "%"
    return Measure(unit, "percentage", unit)


@lru_cache(maxsize=1)
def _registry():
    import pint

    return pint.UnitRegistry()


@lru_cache(maxsize=1)
def _quantulum():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "classifier not installed": the unit tables suffice here
        from quantulum3 import parser
    return parser


def to_base(value: float, unit: str, dimension: str) -> float | None:
    """``value`` in ``unit`` expressed in the dimension's base unit (affine for temperatures)."""
    if dimension not in BASE_UNITS:
        return None
    registry = _registry()
    try:
        return float(registry.Quantity(value, PINT_NAMES.get(unit, unit)).to(BASE_UNITS[dimension]).magnitude)
    except Exception as exc:  # pint raises many kinds for names it does not know
        log.debug("pint cannot convert %s %s: %s", value, unit, exc)
        return None


@lru_cache(maxsize=4096)
def _physical_unit(span: str) -> tuple[str, str] | None:
    """(unit, dimension) that quantulum3 reads in a short span such as "10 kilometres"."""
    found = guarded(_quantulum().parse, span, where="a number's unit")
    for quantity in (found or [])[:1]:
        dimension = quantity.unit.entity.name
        unit = quantity.unit.name
        if unit in ("second of arc", "minute of arc"):
            dimension = "time"
        if dimension in BASE_UNITS:
            return unit, dimension
    return None


def read_physical(core: str, after: str) -> Measure | None:
    """A physical quantity whose unit follows the number: "10 kilometres", "75 mph", "40C"."""
    temperature = TEMPERATURE_AFTER.match(after)
    if temperature:
        unit = "degF" if temperature.group("scale").lower().startswith("f") else "degC"
        return Measure(unit, "temperature", "°C")
    unit_word = re.match(r"^[\s-]?((?:square\s+|cubic\s+)?[a-z/]+(?:\s+per\s+[a-z]+)?)", after, re.I)
    if not unit_word:
        return None
    read = _physical_unit(f"{core.replace(',', '')} {unit_word.group(1)}".strip())
    if read is None:
        return None
    unit, dimension = read
    if to_base(1.0, unit, dimension) is None:
        return None
    return Measure(unit, dimension, SHORT_BASE[BASE_UNITS[dimension]])


def read_measure(before: str, core: str, after: str) -> Measure | None:
    """The measure a number phrase expresses, if any: money, percentage or physical."""
    return read_money(before, core, after) or read_percent(after) or read_physical(core, after)


def convert_between(value: float, unit_from: str, unit_to: str, dimension: str) -> float | None:
    """``value`` in ``unit_from`` expressed in ``unit_to`` (both as read), for the report's arithmetic."""
    one = to_base(value, unit_from, dimension)
    if one is None:
        return None
    registry = _registry()
    try:
        return float(
            registry.Quantity(one, BASE_UNITS[dimension]).to(PINT_NAMES.get(unit_to, unit_to)).magnitude
        )
    except Exception as exc:  # pint raises many kinds for names it does not know
        log.debug("pint cannot convert to %s: %s", unit_to, exc)
        return None
