"""Word lists behind the numbers normalizer: number words, qualifiers, casualty verbs, units.

Data only, so the rules in ``numbers.py`` stay readable and the lists can grow.
"""

from __future__ import annotations

import re

from ..text import MONTHS

NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
}
SCALES = {"thousand": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}

# qualifier -> how it turns a value into an interval (see numbers.interval)
QUALIFIERS = {
    "at least": "min",
    "no fewer than": "min",
    "no less than": "min",
    "a minimum of": "min",
    "more than": "above",
    "over": "above",
    "above": "above",
    "in excess of": "above",
    "upwards of": "above",
    "exceeding": "above",
    "greater than": "above",
    "at most": "max",
    "up to": "max",
    "as many as": "max",
    "no more than": "max",
    "a maximum of": "max",
    "fewer than": "below",
    "less than": "below",
    "under": "below",
    "below": "below",
    "about": "about",
    "around": "about",
    "some": "about",
    "approximately": "about",
    "roughly": "about",
    "an estimated": "about",
    "estimated": "about",
    "approx.": "about",
    "circa": "about",
    "close to": "about",
    "nearly": "nearly",
    "almost": "nearly",
    "just under": "nearly",
}

VAGUE = {
    "a dozen": (12.0, 12.0),
    "dozens": (24.0, 99.0),
    "dozen": (24.0, 99.0),  # "Dozen of warships": "dozens" with its s dropped, not 12
    "scores": (40.0, 199.0),
    "hundreds": (200.0, 999.0),
    "thousands": (2000.0, 9999.0),
    "tens of thousands": (20000.0, 99999.0),
    "hundreds of thousands": (200000.0, 999999.0),
    "millions": (2e6, 9.99e8),
}

# casualty and event words -> the canonical event of a count
CASUALTY = {}
for _event, _words in {
    "killed": "killed kill killing kills dead died die dies dying death deaths fatalities fatality "
    "perished lives bodies slain murdered",
    "injured": "injured injuring injure injures injuries wounded wounding hurt",
    "missing": "missing unaccounted",
    "arrested": "arrested arresting arrest arrests detained detaining captured apprehended charged",
    "displaced": "displaced evacuated homeless",
    "trapped": "trapped",
    "rescued": "rescued",
    "hospitalised": "hospitalised hospitalized",
}.items():
    for _word in _words.split():
        CASUALTY[_word] = _event
# "toll" carries the event of the phrase "death toll"
CASUALTY["toll"] = "killed"

# counted nouns that mean "people" for comparison
PERSON_NOUNS = dict.fromkeys(
    "people persons person individuals individual victims others dead man men woman women someone".split(),
    "people",
)
PERSON_NOUNS.update({"suspects": "people", "suspect": "people"})

# verbs that name what happened to counted things: "four bombs were dropped"
VERB_HINTS = {
    w: w
    for w in "dropped fell exploded detonated landed damaged destroyed collapsed flattened burned "
    "sheltering shelter housed hosting arrested fired launched seized".split()
}
VERB_HINTS.update({"fell": "fell", "dropped": "dropped", "destroyed": "destroyed", "damaged": "damaged"})

# words after a number that end the counted noun
STOP_AFTER_NUMBER = set(
    """
were was are is had has have been be being will would could can may might did do does not reportedly
allegedly also who which that when where as at in on by from with into for to after before during per
""".split()
)

# nouns that are never compared as counts
NOT_COUNTED = set(
    """
times time occasions percent per cent points point pages page sources source ways way things
thing kinds kind types type sides side rounds round
""".split()
)

MONTH_NAMES = [name for name in MONTHS if len(name) > 3 and name != "sept" or name == "may"]
MONTH_WORDS = set(MONTHS)

# a place smaller than the story's region: counts there are sub-counts of the total
LOCALITY = re.compile(
    r"\b(?:in|into|at)\s+[^.;]{0,40}?\b(?:district|village|sub-district|regency|hospitals?|clinic|"
    r"neighbou?rhood)\b|\bin\s+the\s+(?:town|city|village)\s+of\b",
    re.I,
)
# a figure about a small place named just before it: "New Guffa village, nine kilometres from ..."
APPOSITIVE_PLACE = re.compile(r"\b(?:village|town|district|hamlet|settlement)\s*,\s*$", re.I)
# "385,5" and "70,80": a decimal comma, as translated reports write it (never three digits after it)
DECIMAL_COMMA = re.compile(r"(?<![\d,])(\d+),(\d{1,2})(?![\d,])")
# a whole named in front of its part: "Of the 281 passengers, nearly 60 ..." (the clause ends at the comma)
PARTITIVE_FRONT = re.compile(r"(?:^|[,;:]\s*)(?:of|among)\s+(?:the\s+|all\s+|its\s+|their\s+)?$", re.I)
# where the words that belong to a number's clause end: ", a doctor at the hospital said"
CLAUSE_END = re.compile(
    r"[.;]|,\s+(?:a|an|said|says|told|according|who|he|she|they|officials|police)\b", re.I
)

UNIT_WORDS = set(
    """
km kms kilometre kilometres kilometer kilometers mile miles metre metres meter meters m cm mm ft foot
feet inch inches yard yards kg kilogram kilograms kilo kilos g gram grams tonne tonnes ton tons lb lbs
pound pounds ounce ounces % percent mph km/h kph knots knot degree degrees °c °f celsius fahrenheit
litre litres liter liters gallon gallons acre acres hectare hectares sq square seconds second minutes
minute hours hour $ € £ dollars dollar euros euro yen rupees
""".split()
)

# what a measure measures: name -> (pattern just before the number, pattern just after it)
_UNIT = r"[\s-]*[a-z.]+\s+"
MEASURE_CUES = {
    "depth": (
        r"\bdepth\s+of\s+(?:just\s+|only\s+|about\s+|around\s+|some\s+)?$",
        _UNIT + r"(?:deep|below)\b",
    ),
    "width": (r"\bwidth\s+of\s+(?:about\s+|around\s+)?$", _UNIT + r"(?:wide|across)\b"),
    "distance from the border": (None, _UNIT + r"(?:from|of)\s+the\s+(?:\w+\s+)?border\b"),
    "height": (r"\bheight\s+of\s+(?:about\s+|around\s+)?$", _UNIT + r"(?:high|tall)\b"),
}


def zero_events(after: str) -> list[str]:
    """The events a zero phrase denies: "no one was killed or injured" -> killed, injured."""
    events = []
    for word in re.findall(r"[a-z]+", after.lower())[:6]:
        if word in ("casualty", "casualties"):
            events += ["killed", "injured"]
        elif word in CASUALTY and CASUALTY[word] in ("killed", "injured"):
            events.append(CASUALTY[word])
    return list(dict.fromkeys(events)) or ["killed"]


# words that end a counted noun phrase without being part of it
PHRASE_BREAK = set(
    """
last this next ago earlier later today yesterday tonight monday tuesday wednesday thursday friday
saturday sunday so far here there then now
""".split()
)


# an event dated this many days before publication is another event (background)
BACKGROUND_DAYS = 10

# plural nouns that do not end in "s"
IRREGULAR_PLURALS = set("children people men women police personnel staff cattle militia troops".split())

# a degree before a casualty word makes a sub-count: "30 people seriously injured"
# ("slightly injured" is not one: light injuries are most of a count, not a part of it)
DEGREES = set("seriously critically severely badly gravely".split())

# words that may stand between a measure and the noun before it: "winds of", "the route was"
MEASURE_LINKS = set(
    """
of at is was were are reached reaching measured measuring totalled totaling totalling stood
about around some nearly almost over under than more less least up just only roughly approximately
""".split()
)

# words before a measure that are not what it measures (verbs, conjunctions)
NOT_MEASURED = set(
    """
a an the and or but nor which that struck hit fell rose shook felt lies lay sits stood ran went came took
has have had said says into onto within inside outside across
""".split()
)

# counted nouns that name the same things: "40 homes" and "43 houses" are compared
NOUN_SYNONYMS = {
    "homes": "houses",
    "dwellings": "houses",
    "residences": "houses",
    "inhabitants": "residents",
    "kids": "children",
    "youngsters": "children",
    "troops": "soldiers",
    "pupils": "students",
}

# a measure that says how much something changed: "profit fell 34%", "shares in X were down 3.8%"
_CHANGE_VERBS = (
    r"(?:fell|rose|dropped|slipped|climbed|jumped|slumped|gained|lost|declined|increased|decreased|"
    r"grew|surged|plunged|tumbled|soared|shrank|sank|down|up)"
)
_CHANGED = (
    r"(?P<noun>[A-Za-z]+)(?:\s+(?:in|of)\s+[A-Z][\w-]*)?\s+(?:(?:was|were|is|are|has|have)\s+)?"
    + _CHANGE_VERBS
)
CHANGE_BEFORE = re.compile(
    r"\b" + _CHANGED + r"\s+(?:by\s+)?(?:about\s+|around\s+|nearly\s+|some\s+)?$", re.I
)
# the level a change reached: "profit fell 34% to 2.1 billion euros"
LEVEL_BEFORE = re.compile(
    r"\b" + _CHANGED + r"\s+(?:by\s+)?[\d.,]+\s*(?:%|per\s*cent|percent)\s+to\s+"
    r"(?:US\$|\$|€|£|¥)?$",
    re.I,
)
