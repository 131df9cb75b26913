"""Quote rules: one statement worded differently across reports, or credited to someone else.

Quotes are first grouped into statements (an inverted index of content words proposes
candidates, a token alignment confirms them; a partial quote inside a longer one joins
the longer one's statement). Inside a statement every distinct wording is one value, and
a word-level diff says how bad the difference is: numbers, negations, names and flipped
meanings are errors, other word changes warnings, spelling conventions info.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import combinations

from rapidfuzz.distance import Levenshtein

from ..lang import en
from ..model import Fact, Finding, Value
from ..thresholds import Thresholds
from .base import Story, article_list, mention

# The cut-offs (quote-coverage, quote-loose-coverage, quote-close-coverage, quote-topic-weight,
# attribution-min-words) are settings: see discrepancy.thresholds.
DEFAULT_LIMITS = Thresholds()

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
NEGATIONS = frozenset("not no never none nobody nothing neither nor without cannot".split())
NUMBER_WORDS = frozenset(
    """
one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds
thousand thousands million millions billion billions dozen dozens half first second third
""".split()
)
ANTONYMS = {
    frozenset(p.split())
    for p in """
before after|more less|increase decrease|increased decreased|rise fall|rose fell|higher lower
up down|above below|win lose|won lost|accept reject|accepted rejected|confirmed denied|confirm deny
guilty innocent|legal illegal|always never|all none|possible impossible|likely unlikely|can cannot
will won't|did didn't|is isn't|was wasn't|must mustn't|should shouldn't|agree disagree|support oppose
""".split("|")
}
_SPELLING = [
    (re.compile(a), b)
    for a, b in (
        (r"our$", "or"),
        (r"ours$", "ors"),
        (r"is(e|ed|es|ing|ation|ations)$", r"iz\1"),
        (r"ys(e|ed|es|ing)$", r"yz\1"),
        (r"tre(s?)$", r"ter\1"),
        (r"ence$", "ense"),
        (r"ogue$", "og"),
        (r"ll(ed|ing|er)$", r"l\1"),
        (r"['’]", ""),
    )
]
ARTICLES = frozenset("a an the".split())
FUNCTION_WORDS = frozenset(
    """
a an the and or but if then than so as of to in on at by for from with into onto about over under
after before between through during without within this that these those it its it's is are was
were be been being am has have had do does did will would shall should can could may might must
i me my we us our you your he him his she her they them their there here what which who whom whose
when where why how all any both each few more most other some such only own same too very just
also even not no nor up down out off again further once while because until said says say
""".split()
)
Variants = frozenset[frozenset[str]]
SEVERITY = {"none": 0, "info": 1, "warning": 2, "error": 3}


@dataclass
class _Quote:
    """A quote fact with the word lists it is compared by."""

    fact: Fact
    words: list[str]  # as written (case kept)
    tokens: list[str]  # lower-cased
    content: list[str]  # tokens without function words, in order
    elided: bool  # "…" inside: words left out on purpose

    @property
    def role(self) -> str:
        """statement | term | paraphrase, as the normalizer classified the quote."""
        return self.fact.detail.get("role", "statement")


_BRACKET = re.compile(r"\s*\[[^\]]{1,60}\]")


def folded(text: str) -> str:
    """A quote's words with equivalent wordings folded: an editor's [bracket] dropped,
    contractions spelt out ("that's" -> "that is"), ordinals as figures ("third" -> "3rd"),
    hyphenated compounds split ("eleventh-hour" -> "11th hour")."""
    table = en.load("wording")
    text = _BRACKET.sub("", text).replace("’", "'")

    def word(match: re.Match[str]) -> str:
        w = match.group()
        low = w.lower()
        if low in table["contractions"]:
            return table["contractions"][low]
        return table["ordinals"].get(low, w)

    text = re.sub(r"(?<=\w)-(?=\w)", " ", text)
    return re.sub(r"[A-Za-z]+(?:'[A-Za-z]+)?", word, text)


def _prepare(fact: Fact) -> _Quote:
    if not isinstance(fact.detail, dict):
        fact.detail = {}
    words = _WORD.findall(folded(fact.text))
    tokens = [w.lower().replace("’", "'") for w in words]
    content = [_spelling_key(t) for t in tokens if t not in FUNCTION_WORDS and (len(t) > 2 or t.isdigit())]
    return _Quote(fact, words, tokens, content, "…" in fact.text or "..." in fact.text)


def _coverage(a: list[str], b: list[str]) -> tuple[float, int]:
    """Share of the shorter word list aligned with the other, and the aligned count."""
    blocks = SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    matched = sum(block.size for block in blocks)
    return matched / (min(len(a), len(b)) or 1), matched


def _contains(long: list[str], short: list[str]) -> bool:
    n = len(short)
    return any(long[i : i + n] == short for i in range(len(long) - n + 1))


def _one_word_apart(a: list[str], b: list[str], least: int = 5) -> bool:
    """Two quotes of at least ``least`` words, the same but for one word (or a short part of
    one of them, cut where the other is longer): one statement with a word changed."""
    if min(len(a), len(b)) < least:
        return False
    ops = [op for op in SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if op[0] != "equal"]
    inner = [op for op in ops if not (op[0] in ("delete", "insert") and (op[1] == 0 or op[2] == len(a)))]
    if len(inner) != 1 or inner[0][0] != "replace":
        return False
    _, i1, i2, j1, j2 = inner[0]
    return i2 - i1 <= 2 and j2 - j1 <= 2 and len(a) - len(ops) >= least - 1


def _weighted_coverage(a: list[str], b: list[str], weight: dict[str, float]) -> tuple[float, int]:
    """Like ``_coverage`` but words every report uses ("South Sudan", "quake") count less."""
    blocks = SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    matched = [w for block in blocks for w in a[block.a : block.a + block.size]]
    shorter = min((a, b), key=lambda words: sum(weight.get(w, 1.0) for w in words))
    total = sum(weight.get(w, 1.0) for w in shorter) or 1.0
    return sum(weight.get(w, 1.0) for w in matched) / total, len(matched)


def _same_statement(
    a: _Quote, b: _Quote, weight: dict[str, float], limits: Thresholds = DEFAULT_LIMITS
) -> bool:
    """Whether two quotes report the same words (or one is a paraphrase of the other)."""
    if a.fact.article == b.fact.article and a.fact.detail.get("quotation") == b.fact.detail.get("quotation"):
        return False
    return _aligned(a, b, weight, limits)


def _aligned(a: _Quote, b: _Quote, weight: dict[str, float], limits: Thresholds = DEFAULT_LIMITS) -> bool:
    """Whether two wordings say the same (``_same_statement`` without the quotation check)."""
    roles = {a.role, b.role}
    if roles == {"paraphrase"} or ("term" in roles and roles != {"term"}):
        return False  # a term inside a longer quote must not bridge two statements
    if "term" not in roles and _one_word_apart(a.tokens, b.tokens):
        return True  # "I am devastated by my failings" / "... by my failures"
    if "term" in roles or min(len(a.content), len(b.content)) <= 2:
        short, long = sorted((a.tokens, b.tokens), key=len)
        return bool(short) and _contains(long, short)
    coverage, matched = _weighted_coverage(a.content, b.content, weight)
    if "paraphrase" in roles:
        return coverage >= 0.7 and matched >= 4
    if coverage >= limits["quote-coverage"] and matched >= 3:
        return True
    plain, matched = _coverage(a.content, b.content)  # a long quote rendered loosely (a translation)
    return plain >= limits["quote-loose-coverage"] and matched >= 6


def topic_weights(texts: list[str], limits: Thresholds = DEFAULT_LIMITS) -> dict[str, float]:
    """Low weights for words most reports of the story use: they say little about a quote."""
    if len(texts) < 3:
        return {}
    counts: dict[str, int] = {}
    for text in texts:
        for word in {_spelling_key(w.lower()) for w in _WORD.findall(text)}:
            counts[word] = counts.get(word, 0) + 1
    return {w: limits["quote-topic-weight"] for w, n in counts.items() if n / len(texts) > 0.5}


def statements(
    quotes: list[_Quote], weight: dict[str, float] | None = None, limits: Thresholds = DEFAULT_LIMITS
) -> list[list[_Quote]]:
    """Group quotes into statements: candidates share content words, alignment confirms.

    Two quotes are linked when they share content words (two, or one when either has at most
    one), are not parts of one quotation, and align (``_aligned``, the earlier quote first); a
    statement is a connected set of links. Quotes of one role and words are one wording, and
    whether two quotes align depends on their wordings and order alone, so candidates are
    found and aligned once per pair of wordings, and the quotes of two aligned wordings are
    linked quotation by quotation: a long article repeating its quotes costs time in its
    distinct wordings, not in the square of its quotes.
    """
    weight = weight or {}
    wordings: dict[tuple, list[int]] = {}
    for k, quote in enumerate(quotes):
        wordings.setdefault((quote.role, tuple(quote.tokens)), []).append(k)
    members = list(wordings.values())  # each wording's quotes, in order
    first = [quotes[m[0]] for m in members]
    # a wording's quotes by quotation (article, quotation): parts of one quotation never link
    parts: list[dict[tuple, list[int]]] = []
    for group in members:
        by_quotation: dict[tuple, list[int]] = {}
        for k in group:
            fact = quotes[k].fact
            by_quotation.setdefault((fact.article, fact.detail.get("quotation")), []).append(k)
        parts.append(by_quotation)
    parent = list(range(len(quotes)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    def join(ks: Iterable[int]) -> None:
        top = None
        for k in ks:
            other = root(k)
            if top is None:
                top = other
            elif other != top:
                parent[other] = top

    verdicts: dict[tuple[int, int], bool] = {}

    def aligned(c: int, d: int) -> bool:
        if (c, d) not in verdicts:
            verdicts[(c, d)] = _aligned(first[c], first[d], weight, limits)
        return verdicts[(c, d)]

    def link(c: int, d: int) -> None:
        """Link the quotes of wordings ``c`` and ``d`` that are linked."""
        if c == d:  # any two quotes of different quotations: all of them, if two quotations
            if len(parts[c]) > 1 and aligned(c, c):
                join(members[c])
            return
        ways = set()
        if members[c][0] < members[d][-1]:
            ways.add(aligned(c, d))  # a quote of c before one of d
        if members[d][0] < members[c][-1]:
            ways.add(aligned(d, c))
        if ways == {True}:
            _link_quotations(parts[c], parts[d], join)
        elif True in ways:  # the verdict depends on the order: quote by quote
            for i in members[c]:
                for j in members[d]:
                    if _quotation(quotes[i]) != _quotation(quotes[j]) and aligned(
                        *((c, d) if i < j else (d, c))
                    ):
                        join((i, j))

    index: dict[str, list[int]] = {}
    for c, quote in enumerate(first):
        for word in set(quote.content):
            index.setdefault(word, []).append(c)
    for c, quote in enumerate(first):
        shared: dict[int, int] = {}
        for word in set(quote.content):
            for d in index[word]:
                if d >= c:
                    shared[d] = shared.get(d, 0) + 1
        for d, count in shared.items():
            if count >= 2 or min(len(quote.content), len(first[d].content)) <= 1:
                link(c, d)
    groups: dict[int, list[_Quote]] = {}
    for k, quote in enumerate(quotes):
        groups.setdefault(root(k), []).append(quote)
    return [g for g in groups.values() if len(g) > 1]


def _quotation(quote: _Quote) -> tuple:
    return quote.fact.article, quote.fact.detail.get("quotation")


def _link_quotations(
    a: dict[tuple, list[int]], b: dict[tuple, list[int]], join: Callable[[Iterable[int]], None]
) -> None:
    """Link two aligned wordings' quotes, given by quotation: every quote of ``a`` with every
    quote of ``b`` from another quotation, in time linear in their quotations."""
    if len(a) >= 2 and len(b) >= 2 and len(a) + len(b) >= 5:
        # one side has three quotations, the other two: every quote meets a quote of another
        # quotation, and any two quotes of a side have a neighbour in common
        join(k for side in (a, b) for ks in side.values() for k in ks)
        return
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    for key, ks in small.items():  # one quotation, or two against two: pair by pair
        linked = False
        for other, js in large.items():
            if other != key:
                join([ks[0], *js])
                linked = True
        if linked:
            join(ks)


# ---------------------------------------------------------------- wording


def _is_number(word: str) -> bool:
    return any(c.isdigit() for c in word) or word in NUMBER_WORDS


def _is_negation(word: str) -> bool:
    return word in NEGATIONS or word.endswith("n't")


@lru_cache(maxsize=65536)
def _spelling_key(word: str) -> str:
    for pattern, repl in _SPELLING:
        word = pattern.sub(repl, word)
    return word


def _spelling_only(old: list[str], new: list[str], variants: Variants = frozenset()) -> bool:
    """ "endgame"/"end game", "centre"/"center", a typo such as "damages"/"damaged"."""
    if "".join(old) == "".join(new) or "-".join(old) == "".join(new) or "".join(old) == "-".join(new):
        return True
    if frozenset((" ".join(old), " ".join(new))) in variants:
        return True
    if len(old) != 1 or len(new) != 1:
        return False
    a, b = old[0], new[0]
    if _spelling_key(a) == _spelling_key(b):
        return True
    flipped = any(b == p + a or a == p + b for p in ("un", "in", "im", "non", "dis", "il", "ir"))
    return (
        not flipped
        and min(len(a), len(b)) >= 5
        and Levenshtein.distance(a, b) <= 2
        and not (_is_number(a) or _is_number(b))
    )


def _change_severity(
    old: list[str], new: list[str], old_names: set[str], new_names: set[str], variants: Variants = frozenset()
) -> str:
    """How serious replacing ``old`` by ``new`` (lower-cased words; ``*_names`` the names among them) is."""
    if not old and not new:
        return "none"
    if _spelling_only(old, new, variants):
        return "info"
    changed = set(old) ^ set(new)
    if any(_is_number(w) for w in changed) or any(_is_negation(w) for w in changed):
        return "error"
    if any(frozenset((a, b)) in ANTONYMS for a in old for b in new):
        return "error"
    if old_names and new_names and old_names != new_names:
        return "error"
    if not (old and new) and all(w in ARTICLES for w in old + new):
        return "info"
    return "warning"


@dataclass
class _Diff:
    severity: str
    text: str
    coverage: float
    at: tuple[int, int] = (0, 0)  # first changed word in each quote


def _names(quote: _Quote, start: int, end: int) -> set[str]:
    """Capitalised words in ``quote.words[start:end]`` that are names, not a sentence's first word."""
    return {
        w
        for k, w in enumerate(quote.words[start:end], start)
        if k > 0 and w[:1].isupper() and w.lower() not in FUNCTION_WORDS
    }


def _overhang(op: tuple[str, int, int, int, int]) -> bool:
    """An edit at either end that only shows one quote running further (a partial quote)."""
    tag, i1, i2, j1, j2 = op
    return tag != "equal" and (i1 == i2 or j1 == j2 or max(i2 - i1, j2 - j1) > 3)


def compare_wording(
    a: _Quote, b: _Quote, variants: Variants = frozenset(), limits: Thresholds = DEFAULT_LIMITS
) -> _Diff:
    """Word diff of two quotes over the part both report (a partial quote is no difference)."""
    ops = SequenceMatcher(None, a.tokens, b.tokens, autojunk=False).get_opcodes()
    while ops and _overhang(ops[0]):
        ops.pop(0)
    while ops and _overhang(ops[-1]):
        ops.pop()
    coverage, _ = _coverage(a.tokens, b.tokens)
    worst, parts, at = "none", [], None
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            parts.append(_context(a.words[i1:i2]))
            continue
        if (a.elided or b.elided) and (i1 == i2 or j1 == j2):
            continue  # words left out behind an ellipsis are not a rewording
        severity = _change_severity(
            a.tokens[i1:i2], b.tokens[j1:j2], _names(a, i1, i2), _names(b, j1, j2), variants
        )
        worst = max(worst, severity, key=SEVERITY.__getitem__)
        at = at or (i1, j1)
        old = f"~~{' '.join(a.words[i1:i2])}~~" if i2 > i1 else ""
        new = f"**{' '.join(b.words[j1:j2])}**" if j2 > j1 else ""
        parts.append(" ".join(p for p in (old, new) if p))
    if worst == "error" and coverage < limits["quote-close-coverage"]:
        worst = "warning"
    if "term" in (a.role, b.role) and worst != "none":
        worst = "info"
    return _Diff(worst, " ".join(parts), coverage, at or (0, 0))


def _context(words: list[str], keep: int = 3) -> str:
    """Unchanged words between edits, shortened to a few on each side."""
    if len(words) <= 2 * keep + 1:
        return " ".join(words)
    return " ".join(words[:keep]) + " … " + " ".join(words[-keep:])


def _wordings(group: list[_Quote]) -> dict[tuple[str, ...], list[_Quote]]:
    wordings: dict[tuple[str, ...], list[_Quote]] = {}
    for quote in group:
        if quote.role != "paraphrase":
            wordings.setdefault(tuple(quote.tokens), []).append(quote)
    return wordings


def _excerpt(quote: _Quote, at: int = 0, before: int = 5, after: int = 6) -> str:
    """A few words of a quote around word ``at`` (where it differs), for messages."""
    start, end = max(0, at - before), min(len(quote.words), at + after)
    text = " ".join(quote.words[start:end])
    return f"“{'… ' if start else ''}{text}{' …' if end < len(quote.words) else ''}”"


def wording_finding(
    group: list[_Quote],
    weight: dict[str, float] | None = None,
    variants: Variants = frozenset(),
    limits: Thresholds = DEFAULT_LIMITS,
) -> Finding | None:
    """One finding when a statement is quoted in different words."""
    wordings = _wordings(group)
    if len(wordings) < 2:
        return None
    diffs = []
    for ka, kb in combinations(sorted(wordings, key=lambda k: (-len(wordings[k]), k)), 2):
        a, b = wordings[ka][0], wordings[kb][0]
        if not _same_statement(a, b, weight or {}, limits):
            continue  # joined only through a third quote (two parts of one longer quote)
        diff = compare_wording(a, b, variants, limits)
        if diff.severity != "none":
            diffs.append((ka, kb, diff))
    if not diffs:
        return None
    involved = list(dict.fromkeys(k for ka, kb, _ in diffs for k in (ka, kb)))
    diffs.sort(key=lambda d: -SEVERITY[d[2].severity])
    severity = diffs[0][2].severity
    values = tuple(
        Value(
            text=wordings[k][0].fact.text,
            normalized=" ".join(k),
            mentions=tuple(mention(q.fact) for q in wordings[k]),
        )
        for k in involved
    )
    articles = {m.article for v in values for m in v.mentions}
    ka, kb, main = diffs[0]
    shown = " vs ".join(
        f"{_excerpt(wordings[k][0], at)} ({article_list(_articles(wordings[k]))})"
        for k, at in ((ka, main.at[0]), (kb, main.at[1]))
    )
    more = (
        f" (and {len(involved) - 2} more wording{'s' if len(involved) > 3 else ''})"
        if len(involved) > 2
        else ""
    )
    kind_of = {
        "error": "changes a number, negation, name or meaning",
        "warning": "is worded differently",
        "info": "differs only in spelling or style",
    }[severity]
    message = f"Quote{_speaker_label(group)} {kind_of}: {shown}{more}"
    detail = [("diff", main.text)]
    if len(diffs) > 1:
        detail.append(("diffs", " | ".join(d.text for _, _, d in diffs[:4])))
    return Finding(
        kind="quote",
        severity=severity,
        subject=_subject(group),
        message=message,
        values=values,
        internal=len(articles) == 1,
        rule="quote-wording",
        detail=tuple(detail),
    )


# ---------------------------------------------------------------- attribution


def _articles(quotes: list[_Quote]) -> list[str]:
    return list(dict.fromkeys(q.fact.article for q in quotes))


def _subject(group: list[_Quote]) -> str:
    longest = max(group, key=lambda q: (q.role != "paraphrase", len(q.tokens)))
    return longest.fact.subject


def _speaker_label(group: list[_Quote]) -> str:
    """ " by Ilya Ponomarev" for messages: a named speaker if any report names one."""
    other = [s for s in map(_speaker, group) if s]
    named = [s for q in group if q.fact.detail.get("speaker_source") == "named" and (s := _speaker(q))]
    names = named or other
    return f" by {max(names, key=len)}" if names else ""


def _speaker(quote: _Quote) -> str | None:
    """The canonical speaker (the facts table stores a missing one as NaN)."""
    speaker = quote.fact.speaker
    return speaker if isinstance(speaker, str) and speaker else None


def _name_key(name: str) -> frozenset[str]:
    return frozenset(
        w for w in re.findall(r"[a-z]+", name.lower()) if w not in ("the", "al", "mr", "mrs", "ms")
    )


def _speakers(group: list[_Quote]) -> list[list[_Quote]]:
    """Quotes of a statement grouped by who is named as saying it ("Kiir" = "Salva Kiir")."""
    clusters: list[tuple[frozenset[str], list[_Quote]]] = []
    for quote in group:
        speaker = _speaker(quote)
        if quote.fact.detail.get("speaker_source") != "named" or not speaker:
            continue
        if str(quote.fact.detail.get("speaker_phrase") or "").lower().startswith("the "):
            continue  # "said the Prime Minister": a role, which a name elsewhere may fill
        key = _name_key(speaker)
        for k, (known, members) in enumerate(clusters):
            if key <= known or known <= key or _spelt_alike(key, known):
                clusters[k] = (known | key, members + [quote])
                break
        else:
            clusters.append((key, [quote]))
    return _merge_speaking_for([members for _, members in clusters])


def _spelt_alike(a: frozenset[str], b: frozenset[str]) -> bool:
    """ "Paolo Brandi" and "Paolo Brandy": one person spelt two ways (an entity finding, not
    a second speaker)."""
    from rapidfuzz.distance import Levenshtein

    only_a, only_b = sorted(a - b), sorted(b - a)
    if len(only_a) != len(only_b) or not only_a or len(only_a) > 1 and not (a & b):
        return False
    return all(
        min(len(x), len(y)) >= 5
        and Levenshtein.distance(x, y) <= 2
        or a & b
        and Levenshtein.distance(x, y) <= 1
        for x, y in zip(only_a, only_b)
    )  # "Cory Honea" / "Kory Honea": one letter of a first name, the rest the same


def _merge_speaking_for(clusters: list[list[_Quote]]) -> list[list[_Quote]]:
    """ "UNHCR" and "UNHCR spokesman Adrian Edwards" are one voice: a spokesman speaks for it."""
    merged: list[list[_Quote]] = []
    for cluster in clusters:
        for other in merged:
            if _speaks_for(cluster, other) or _speaks_for(other, cluster):
                other.extend(cluster)
                break
        else:
            merged.append(list(cluster))
    return merged


def _speaks_for(a: list[_Quote], b: list[_Quote]) -> bool:
    """Whether a name of ``a`` is written in the phrase that introduces a speaker of ``b``."""
    phrases = [q.fact.detail.get("speaker_phrase") or "" for q in b]
    names = {_speaker(q) for q in a}
    return any(re.search(r"(?<!\w)" + re.escape(n) + r"(?!\w)", p, re.I) for n in names if n for p in phrases)


def attribution_finding(group: list[_Quote], limits: Thresholds = DEFAULT_LIMITS) -> Finding | None:
    """One finding when reports credit the same statement to different named speakers."""
    if max(len(q.tokens) for q in group) < limits["attribution-min-words"] or all(
        q.role == "term" for q in group
    ):
        return None
    clusters = [c for c in _speakers(group) if any(q.role != "term" for q in c)]
    if len(clusters) < 2:
        return None
    if len({a for c in clusters for a in _articles(c)}) < 2:
        return None
    if any(set(_articles(a)) == set(_articles(b)) for a, b in combinations(clusters, 2)):
        return None  # one report naming two speakers is not a disagreement between reports
    values = tuple(_speaker_value(c) for c in clusters)
    people = all(any(q.fact.detail.get("speaker_type") == "person" for q in c) for c in clusters)
    shown = " vs ".join(f"{v.text} ({article_list(v.articles)})" for v in values)
    quote = max(group, key=lambda q: len(q.tokens))
    message = f"The same statement {_excerpt(quote)} is attributed to different speakers: {shown}"
    return Finding(
        kind="attribution",
        severity="error" if people else "warning",
        subject=_subject(group),
        message=message,
        values=values,
        rule="quote-attribution",
    )


def _speaker_value(cluster: list[_Quote]) -> Value:
    # a cluster holds only quotes with a named speaker (see _speakers)
    written = max((str(q.fact.detail.get("speaker_text") or _speaker(q) or "") for q in cluster), key=len)
    canonical = max((_speaker(q) or "" for q in cluster), key=len)
    return Value(text=written, normalized=canonical.lower(), mentions=tuple(mention(q.fact) for q in cluster))


def _variant_pairs(groups: tuple[tuple[str, ...], ...]) -> Variants:
    """Configured spellings of one word ("judgement", "judgment") as lower-cased pairs."""
    return frozenset(frozenset((a.lower(), b.lower())) for group in groups for a, b in combinations(group, 2))


def check(story: Story) -> list[Finding]:
    """Quote wording and attribution findings for one story."""
    quotes = [_prepare(f) for f in story.of_kind("quote")]
    quotes = [q for q in quotes if q.tokens]
    limits = story.thresholds
    weight = topic_weights([a.text[a.body_start :] for a in story.articles.values()], limits)
    variants = _variant_pairs(getattr(story, "variants", ()))
    findings = []
    for group in statements(quotes, weight, limits):
        for finding in (wording_finding(group, weight, variants, limits), attribution_finding(group, limits)):
            if finding is not None:
                findings.append(finding)
    return findings
