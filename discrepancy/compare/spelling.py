"""Spelling rule: one name written two ways, in sentences that say the same thing.

Every word of every name mention is a form ("Prendergast", "Lloyds", "Austria"). Two
forms are variants when they are one or two edits apart (a swapped pair of letters
counts as one), neither is the other plus an ending ("Yemen" / "Yemeni"), and they differ
by more than case. A variant is reported when one article's sentence with one form and
another article's sentence with the other say the same thing around it (``compare.align``
context words, the names masked), or, inside one article, when the rarer form is written
once or twice against a commoner one ("al-Fakhora" ... "al-Fahora"). This catches what a
list of known names cannot: an organisation, a product, a real place turned into another.

Forms are bucketed by first letter and length, so candidates are found without comparing
every pair of forms of a story.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz.distance import DamerauLevenshtein

from ..conventions import convention_key, fold
from ..doc import is_word
from ..doc.frames import context_words
from ..gazetteer import common_words
from ..lang import en
from ..model import Fact, Finding, Value
from .base import RULER_NUMBER, Story, article_list, mention, singular_and_plural

_FORM = re.compile(r"[^\W\d_a-z](?:[^\W\d_]|['’-](?=[^\W\d_])){3,}")
#: Sentences with a form each must share this many content words (names masked).
MIN_SHARED = 3
#: Endings that make another word of the same name: "Yemen" / "Yemeni", "Palestinian(s)".
_ENDINGS = ("s", "es", "n", "ns", "an", "ans", "i", "is", "ese", "ian", "ians", "ish", "'s", "ite", "ites")


@dataclass
class _Form:
    text: str
    facts: list[Fact]

    def articles(self) -> set[str]:
        return {f.article for f in self.facts}


def _variants(a: str, b: str) -> bool:
    la, lb = a.lower(), b.lower()
    if la == lb:
        return False
    short, long_ = sorted((la, lb), key=len)
    if long_.startswith(short) and long_[len(short) :] in _ENDINGS and long_[len(short) :] != short[-1]:
        return False  # an inflection ("Kenya" / "Kenyan"), not a doubled letter ("Ackerman" / "Ackermann")
    if long_.startswith(short[:-1]) and len(long_) - len(short) <= 3 and short[-1] in "aeiouy":
        return False  # "Somalia" / "Somalian", "Syria" / "Syrian"
    if convention_key(a) == convention_key(b):
        return False  # "Defence" / "Defense": a house convention, not a misspelling
    limit = 1 if len(short) <= 6 else 2
    return DamerauLevenshtein.distance(la, lb) <= limit


def _forms(story: Story) -> dict[str, _Form]:
    forms: dict[str, _Form] = {}
    for fact in story.of_kind("entity"):
        for word in _FORM.findall(fact.text):
            forms.setdefault(word, _Form(word, [])).facts.append(fact)
    return forms


def _candidates(forms: dict[str, _Form]) -> list[tuple[_Form, _Form]]:
    buckets: dict[tuple[str, int], list[_Form]] = defaultdict(list)
    for form in forms.values():
        buckets[(form.text[0].lower(), len(form.text))].append(form)
    out = []
    # a first letter changed ("Kory" / "Cory"): names alike but for it
    tails: dict[str, list[_Form]] = defaultdict(list)
    for form in forms.values():
        if len(form.text) >= 4:
            tails[form.text[1:].lower()].append(form)
    for group in tails.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if a.text[0].lower() != b.text[0].lower() and _same_rest(a, b):
                    out.append((a, b))
    for (first, size), group in buckets.items():
        for other_size in (size, size + 1, size + 2):
            others = group if other_size == size else buckets.get((first, other_size), [])
            for i, a in enumerate(group):
                for b in others[i + 1 :] if other_size == size else others:
                    if _variants(a.text, b.text):
                        out.append((a, b))
    return out


def _numbered(form: _Form) -> set[str]:
    """The ruler's numbers written after a form ("III" in "Richard III")."""
    after = re.compile(re.escape(form.text) + rf"\s+({RULER_NUMBER})\b")
    return {m.group(1) for f in form.facts for m in after.finditer(f.text)}


def _core_name(text: str, word: str) -> str:
    """The proper name around ``word``, without the titles before it: "Butte County Sheriff
    Cory Honea" -> "Cory Honea"."""
    words = text.split()
    if word not in words:
        return word
    at = words.index(word)
    start, end = at, at + 1
    while start > 0 and words[start - 1][:1].isupper() and not _title(words[start - 1]):
        start -= 1
    while end < len(words) and words[end][:1].isupper():
        end += 1  # a surname may be a common word ("Taylor"); a title comes before the name
    return " ".join(words[start:end])


def _same_rest(a: _Form, b: _Form) -> bool:
    """Two forms written inside one longer name, the rest of it the same ("Kory Honea" /
    "Cory Honea"): "Nuba" and "Juba" alone are two places."""

    def rests(form: _Form) -> set[str]:
        return {
            " ".join(w for w in f.text.split() if w != form.text)
            for f in form.facts
            if len(f.text.split()) > 1 and form.text in f.text.split()
        }

    return bool(rests(a) & rests(b))


def _aligned(x: Fact, y: Fact, masked: tuple[str, str]) -> int:
    """How many content words the two facts' sentences share, the two names masked."""
    drop = {w.lower() for w in masked}
    wx = {w for w in context_words(x.sentence) if w not in drop}
    wy = {w for w in context_words(y.sentence) if w not in drop}
    return len(wx & wy)


def check(story: Story) -> list[Finding]:
    """Names written two ways across aligned sentences, or inside one article."""
    findings = []
    accepted = [
        {w.lower() for spelling in group for w in _FORM.findall(spelling)} for group in story.variants
    ]
    for a, b in _candidates(_forms(story)):
        if any({a.text.lower(), b.text.lower()} <= group for group in accepted):
            continue  # the desk's own house spellings
        if _numbered(a) & _numbered(b):
            continue  # "Richard III" / "Riccardo III": a ruler as each language writes him
        only_a, only_b = a.articles() - b.articles(), b.articles() - a.articles()
        finding = None
        if only_a and only_b:
            finding = _across(a, b, only_a, only_b)
        for article in sorted(a.articles() & b.articles()):
            if finding is None:
                finding = _inside(a, b, article)
        if finding is not None:
            findings.append(finding)
    return findings + _replaced(story)


def _replaced(story: Story) -> list[Finding]:
    """A multi-word name with one word replaced, in sentences that say the same thing, where
    no article writes both: "East Dunbartonshire" / "West Dunbartonshire", "Pyeongtaek St.
    Mary's Hospital" / "Pyeongchang St. Mary's Hospital". Names are indexed by their words
    with one blanked, so only names that share all but one word are compared."""
    by_name: dict[str, list[Fact]] = defaultdict(list)
    for fact in story.of_kind("entity"):
        by_name[_untitled(fact.text)].append(fact)
    slots: dict[tuple[int, str], list[str]] = defaultdict(list)
    for name in by_name:
        words = name.split()
        if 2 <= len(words) <= 6:
            for i in range(len(words)):
                slots[(i, " ".join(words[:i] + ["_"] + words[i + 1 :]))].append(name)
    findings = []
    seen: set[frozenset[str]] = set()
    for (i, pattern), names in slots.items():
        rest = {w.lower().strip(".'’s") for w in pattern.split() if w != "_"}
        if not rest - en.words("name_kind_words"):
            continue  # "Luzhniki Stadium" / "Lokomotiv Stadium": only a kind word in common
        for x in range(len(names)):
            for y in range(x + 1, len(names)):
                a, b = names[x], names[y]
                wa, wb = a.split()[i], b.split()[i]
                if (
                    frozenset((a, b)) in seen
                    or wa.lower() == wb.lower()
                    or singular_and_plural(wa, wb)  # "an Old Master" / "the Old Masters"
                    or not (wa[:1].isupper() and wb[:1].isupper())
                ):
                    continue
                arts_a = {f.article for f in by_name[a]}
                arts_b = {f.article for f in by_name[b]}
                if arts_a & arts_b:
                    continue  # one report writes both: two names
                need = MIN_SHARED
                if i == len(a.split()) - 1:
                    if not _look_alike(wa, wb):
                        continue  # a last word: "United Nations" / "United States", "Ehud Olmert" / "Ehud Barak"
                    need = 1  # "Gov. Haley Barbour" / "Governor Haley Barber": the name itself agrees
                elif not _may_replace(wa, wb):
                    continue
                best = max(_aligned(fx, fy, (wa, wb)) for fx in by_name[a] for fy in by_name[b])
                if best < need:
                    continue
                seen.add(frozenset((a, b)))
                values = tuple(
                    sorted(
                        (_name_value(a, by_name[a]), _name_value(b, by_name[b])),
                        key=lambda v: -len(v.articles),
                    )
                )
                rare, common = values[1], values[0]
                findings.append(
                    Finding(
                        kind="entity",
                        severity="warning",
                        subject=common.text,
                        message=(
                            f"'{rare.text}' ({article_list(rare.articles)}) vs '{common.text}' "
                            f"({article_list(common.articles)}): one name with a word replaced, in sentences "
                            "that say the same thing"
                        ),
                        values=values,
                        rule="entity-spelling",
                        detail=(
                            (
                                "why",
                                f"the rest of the name is the same; the sentences share {best} content words",
                            ),
                        ),
                    )
                )
    return findings


def _look_alike(wa: str, wb: str) -> bool:
    """Two surnames a letter or two apart, a real word or not ("Barbour" / "Barber"): one
    name misspelt, when the rest of the name and the sentences agree."""
    fa, fb = fold(wa).lower(), fold(wb).lower()
    if fa == fb or convention_key(wa) == convention_key(wb):
        return False  # "Mbappé" / "Mbappe", "Centre" / "Center": one spelling, another convention
    if min(len(fa), len(fb)) < 5 or fa[0] != fb[0] or _variants(fa, fb) or _variants(wa, wb):
        return False  # a variant is the form rule's
    return DamerauLevenshtein.distance(fa, fb) <= 2


def _title(word: str) -> bool:
    """A title or role written before a name ("Sheriff", "Gov.", "director")."""
    from ..normalize.entities import ROLES, TITLES

    bare = word.lower().strip(".,'’")
    return bare in TITLES or bare in ROLES


def _untitled(name: str) -> str:
    """A name without the title or role words before it ("Umpire Kumar Dharmasena" -> "Kumar
    Dharmasena"), as long as two words remain."""
    words = name.split()
    while len(words) > 2 and _title(words[0]):
        words = words[1:]
    return " ".join(words)


def _may_replace(wa: str, wb: str) -> bool:
    """Two words that can stand for each other in one name: two proper names (Pyeongtaek /
    Pyeongchang) or two directions (East / West). Not one spelling of a word ("San José",
    "U.S."), a misspelling (the form rule's), a title ("Brigadier-General" / "General") or two
    common words ("Republic" / "Government")."""
    fa, fb = fold(wa).replace(".", ""), fold(wb).replace(".", "")
    if fa == fb or _variants(fa, fb) or fa in fb or fb in fa:
        return False
    if fa in en.words("directions") and fb in en.words("directions"):
        return True
    common = common_words()
    return fa not in common and fb not in common


def _name_value(name: str, facts: list[Fact]) -> Value:
    return Value(text=name, normalized=name.lower(), mentions=tuple(mention(f) for f in facts))


def _same_name(a: _Form, b: _Form, only_a: set[str], only_b: set[str]) -> bool:
    """One form in a name whose other words another article writes with the other form:
    "Jeff Weiner" / "Jeff Wiener", "CEO Frank Castellano" / "Frank Castellani"."""
    rest_a = {
        frozenset(w for w in _FORM.findall(f.text) if w != a.text) for f in a.facts if f.article in only_a
    }
    rest_b = {
        frozenset(w for w in _FORM.findall(f.text) if w != b.text) for f in b.facts if f.article in only_b
    }
    return any(x & y for x in rest_a for y in rest_b)


def _across(a: _Form, b: _Form, only_a: set[str], only_b: set[str]) -> Finding | None:
    # two dictionary words ("Commandos" / "Commander") are two words unless the sentences
    # around them are nearly the same
    need = MIN_SHARED + 2 if is_word(a.text) and is_word(b.text) else MIN_SHARED
    best = 0
    for x in (f for f in a.facts if f.article in only_a):
        for y in (f for f in b.facts if f.article in only_b):
            best = max(best, _aligned(x, y, (a.text, b.text)))
            if best >= need:
                break
        if best >= need:
            break
    why = f"the sentences share {best} content words besides the name"
    if best < need:
        if not _same_name(a, b, only_a, only_b) or (is_word(a.text) and is_word(b.text)):
            return None
        why = "the rest of the name is the same"
    values = tuple(sorted((_value(a), _value(b)), key=lambda v: -len(v.articles)))
    rare, common = values[1], values[0]
    return Finding(
        kind="entity",
        severity="warning",
        subject=common.text,
        message=(
            f"'{rare.text}' ({article_list(rare.articles)}) vs '{common.text}' "
            f"({article_list(common.articles)}): one name spelt two ways in sentences that say the same thing"
        ),
        values=values,
        rule="entity-spelling",
        detail=(("why", why),),
    )


def _inside(a: _Form, b: _Form, article: str) -> Finding | None:
    fa = [f for f in a.facts if f.article == article]
    fb = [f for f in b.facts if f.article == article]
    rare, common = sorted(((a, fa), (b, fb)), key=lambda t: len(t[1]))
    if len(rare[1]) > 2 or len(common[1]) < len(rare[1]):
        return None
    if is_word(a.text) and is_word(b.text) or DamerauLevenshtein.distance(a.text.lower(), b.text.lower()) > 1:
        return None  # "Islamic" / "Islamist", "American" / "African": two words
    values = (_value(common[0], article), _value(rare[0], article))
    return Finding(
        kind="entity",
        severity="warning",
        subject=common[0].text,
        internal=True,
        message=f"{article} spells one name two ways: '{common[0].text}' and '{rare[0].text}'",
        values=values,
        rule="entity-spelling",
    )


def _value(form: _Form, article: str | None = None) -> Value:
    """The form as the reports write it: the longest name it is part of ("Peter Cahil")."""
    facts = [f for f in form.facts if article is None or f.article == article]
    names = [_core_name(f.text, form.text) for f in facts]
    shown = max(names, key=lambda n: (len(n.split()), names.count(n), len(n))) if names else form.text
    return Value(text=shown, normalized=form.text.lower(), mentions=tuple(mention(f) for f in facts))


def not_yet_reported(found: list[Finding], earlier: list[Finding]) -> list[Finding]:
    """Spelling findings whose two forms no earlier name finding already shows."""
    shown = [
        ({w.lower() for v in f.values for w in _FORM.findall(v.text)}, set(f.articles))
        for f in earlier
        if f.kind == "entity" and f.severity != "info"
    ]
    out = []
    for finding in found:
        forms = {
            w.lower()
            for v in finding.values
            for w in _FORM.findall(v.text) or _FORM.findall(v.normalized) or [v.normalized]
        }
        if not any(forms <= words and set(finding.articles) <= articles for words, articles in shown):
            out.append(finding)
    return out
