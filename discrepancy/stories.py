"""Grouping articles into stories, so facts are only ever compared within one story.

A CI folder may hold reports of several unrelated events. Articles are linked when the
content words they use are similar enough (cosine of weighted word counts, names
weighted up, common news words left out) and a story is a connected set of links. It
is cheap, deterministic and independent of the normalizers.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Sequence

from .model import Article, unique

MODES = ("auto", "none", "by-folder")

#: Two articles whose word vectors are at least this similar tell the same story. Reports
#: of one event in very different wording score 0.35-0.9 (halves of them still 0.15+);
#: unrelated news, even of the same type (two attacks), stays at or under about 0.11.
#: Splitting one story loses its conflicts, so the cut leans towards linking.
LINK_THRESHOLD = 0.15
#: Above this similarity two articles link even without a name in common.
STRONG_LINK = 0.35
#: Capitalised words that every kind of story uses: time zones, news agencies and outlets.
NOT_STORY_NAMES = frozenset("""
gmt utc est edt cst cdt pst pdt bst cet cest ist eat wib jst aest local
reuter afp ap associated press agence france-presse france presse xinhua bloomberg cnn bbc
sky nbc abc cbs fox guardian time new york washington post wire agency
""".split())
#: Capitalised words inside a sentence (places, people, organisations) say most about
#: which event an article reports, so they weigh this much more than common words.
NAME_WEIGHT = 4.0
_NAME = "^"

_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]{3,}")
# Where a sentence (or a line, a quotation) starts: a capital there is not a name.
_SENTENCE_START = re.compile(r"(?:\A|[.!?\"“:\n\r])[ \t]*")
# Words any news report uses, whatever it is about: they say nothing about the story.
STOPWORDS = frozenset("""
a about above after again against all almost also although am among an and another any are
around as at away back be because been before being below between both but by can could
did do does doing done down during each either else even ever every few for from further
had has have having he her here hers herself him himself his how however i if in into is it
its itself just least less like made make many may me might more most much must my near
nearly never new no nor not now of off often on once one only or other others our ours out
over own per perhaps rather same several she should since so some still such than that the
their theirs them then there these they this those though through thus to too toward towards
under until up upon us very via was we were what when where whether which while who whom
whose why will with within without would yet you your
said says say saying told tell according reported reports report reporting news added
adding statement told asked including include includes later earlier early last next first
second third today yesterday tomorrow week weeks month months year years day days time
times monday tuesday wednesday thursday friday saturday sunday morning afternoon evening
night people person official officials local state number
january february march april june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
mr mrs ms dr per cent percent well got get go going went come came take took know known
""".split())


@dataclass(frozen=True)
class StoryGroup:
    """Articles judged to report one event, and why (the distinctive words they share)."""

    id: str
    articles: tuple[str, ...]
    terms: tuple[str, ...] = ()
    reason: str = ""

    def to_dict(self) -> dict:
        """Plain data for the JSON report's ``stories``."""
        return {"id": self.id, "articles": list(self.articles), "terms": list(self.terms),
                "reason": self.reason}


def tokens(text: str) -> list[str]:
    """Content words of ``text``, lower-cased, with a light plural/possessive strip;
    capitalised words inside a sentence are marked as names."""
    starts = {m.end() for m in _SENTENCE_START.finditer(text)}
    out = []
    for match in _WORD.finditer(text):
        word = match.group().lower().replace("’", "'")
        if word.endswith("'s"):
            word = word[:-2]
        if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
        if len(word) < 3 or word in STOPWORDS:
            continue
        name = match.group()[0].isupper() and match.start() not in starts
        out.append(_NAME + word if name else word)
    return out


def vector(text: str) -> dict[str, float]:
    """A unit vector of word weights (sublinear counts, names weighted up).

    It depends on this text alone, so whether two articles match never depends on
    which other articles are in the folder."""
    vec = {w: (1 + math.log(c)) * (NAME_WEIGHT if w.startswith(_NAME) else 1.0)
           for w, c in Counter(tokens(text)).items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {w: v / norm for w, v in vec.items()}


def article_vectors(articles: Sequence[Article]) -> list[dict[str, float]]:
    """Word vectors of the article bodies."""
    return [vector(a.text[a.body_start:]) for a in articles]


def similarities(vectors: Sequence[dict[str, float]], threshold: float = 0.0) -> dict[tuple[int, int], float]:
    """Cosine similarity of the pairs ``(i, j)``, ``i < j``, that share a word and score at least ``threshold``."""
    return {(i, int(j)): float(score) for i, later, scores in _linked(vectors, threshold)
            for j, score in zip(later, scores)}


def _linked(vectors: Sequence[dict[str, float]], threshold: float) -> "Iterator[tuple[int, Any, Any]]":
    """Per article ``i``, the later articles sharing a word with it and scoring at least
    ``threshold``, and their scores (numpy arrays).

    Sparse, one article at a time: its dot products are summed over an inverted index of
    the words at least two articles use (a word in one article only adds nothing to any
    pair), so memory grows with the words, never with the square of the articles."""
    import numpy as np

    df = Counter(w for vec in vectors for w in vec)
    members: dict[str, list[int]] = {}
    weights: dict[str, list[float]] = {}
    for i, vec in enumerate(vectors):
        for word, weight in vec.items():
            if df[word] > 1:
                members.setdefault(word, []).append(i)
                weights.setdefault(word, []).append(weight)
    index = {w: (np.array(members[w], dtype=np.int64), np.array(weights[w])) for w in members}
    for i, vec in enumerate(vectors):
        hits = [(index[w], v) for w, v in vec.items() if w in index]
        if not hits:
            continue
        rows = np.concatenate([found for (found, _), _ in hits])
        products = np.concatenate([found_weights * v for (_, found_weights), v in hits])
        scores = np.bincount(rows, weights=products, minlength=len(vectors))[i + 1:]
        later = np.flatnonzero((scores >= threshold) & (scores > 0))
        yield i, later + (i + 1), scores[later]


def _components(vectors: Sequence[dict[str, float]], threshold: float) -> list[list[int]]:
    """Connected sets of linked articles (union-find on a numpy array, a row of links at a
    time), each sorted, in order of their first member."""
    import numpy as np

    parent = np.arange(len(vectors))
    names = [{w for w in vec if w.startswith(_NAME) and w[len(_NAME):] not in NOT_STORY_NAMES} for vec in vectors]
    for i, later, scores in _linked(vectors, threshold):
        # two reports of one event share a name (a place, a person); generic disaster words
        # alone ("fire", "killed", "regional chief") link only when the match is strong
        later = np.array([j for j, score in zip(later.tolist(), scores.tolist())
                          if score >= STRONG_LINK or names[i] & names[j]], dtype=np.int64)
        if len(later):
            roots = _roots(parent, np.append(later, i))
            parent[roots] = roots.min()
    groups: dict[int, list[int]] = {}
    for i, root in enumerate(_roots(parent, np.arange(len(vectors))).tolist()):
        groups.setdefault(root, []).append(i)
    return sorted(groups.values())


def _roots(parent: Any, nodes: Any) -> Any:
    """The root of each node, the nodes' paths compressed on the way."""
    import numpy as np

    found = nodes
    while True:
        up = parent[found]
        if np.array_equal(up, found):
            parent[nodes] = found
            return found
        found = up


def shared_terms(vectors: Sequence[dict[str, float]], limit: int = 8) -> tuple[str, ...]:
    """The words most of the articles use, weightiest first (to say why they were grouped)."""
    if len(vectors) < 2:
        return ()
    df = Counter(w for vec in vectors for w in vec)
    need = max(2, math.ceil(len(vectors) / 2))
    score = Counter()
    for vec in vectors:
        for w, v in vec.items():
            if df[w] >= need:
                score[w] += v
    ranked = sorted(score.items(), key=lambda kv: (-kv[1], kv[0]))
    return tuple(unique(w.lstrip(_NAME) for w, _ in ranked))[:limit]


def _by_folder(articles: Sequence[Article]) -> list[list[int]]:
    folders: dict[str, list[int]] = {}
    for i, article in enumerate(articles):
        folders.setdefault(str(Path(article.path).parent), []).append(i)
    return list(folders.values())


def group(articles: Sequence[Article], mode: str = "auto", threshold: float = LINK_THRESHOLD,
          vectors: Sequence[dict[str, float]] | None = None) -> list[StoryGroup]:
    """Split ``articles`` into stories; an article like no other stands alone. ``vectors``:
    the articles' ``vector``s when computed elsewhere (where the text is)."""
    if mode not in MODES:
        raise ValueError(f"unknown grouping mode {mode!r}; use one of {', '.join(MODES)}")
    if mode != "auto":
        vectors = []
    elif vectors is None:
        vectors = article_vectors(articles)
    if mode == "none" or len(articles) < 2:
        parts = [list(range(len(articles)))] if articles else []
    elif mode == "by-folder":
        parts = _by_folder(articles)
    else:
        parts = _components(vectors, threshold)
    return [_story(number, [articles[i] for i in part], [vectors[i] for i in part] if vectors else [],
                   mode, len(articles))
            for number, part in enumerate(parts, 1)]


def _story(number: int, members: list[Article], vectors: list[dict[str, float]], mode: str,
           total: int) -> StoryGroup:
    ids = tuple(a.id for a in members)
    terms = shared_terms(vectors) if mode == "auto" else ()
    if mode == "none":
        reason = "all articles compared as one story (--group none)"
    elif mode == "by-folder":
        reason = f"articles in folder {Path(members[0].path).parent}"
    elif len(members) == 1:
        reason = "shares too few distinctive words with any other article; reported alone" \
            if total > 1 else "the only article"
    else:
        reason = "share the words " + ", ".join(terms)
    return StoryGroup(id=f"story-{number}", articles=ids, terms=terms, reason=reason)
