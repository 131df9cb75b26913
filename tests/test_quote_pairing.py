"""Quote pairing by wording: the same statements as linking every pair of quotes, in time
that grows with the distinct wordings, not with the square of the quotes."""

from __future__ import annotations

import random

from discrepancy.compare import quotes
from discrepancy.model import Fact

VOCAB = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima".split()


def _fact(k: int, text: str, article: str, quotation: int, role: str) -> Fact:
    return Fact(
        article=article,
        kind="quote",
        subject="",
        text=text,
        normalized=text,
        start=k,
        end=k + 1,
        line=1,
        column=1,
        sentence=text,
        sentence_index=k,
        detail={"quotation": quotation, "role": role},
    )


def _pairwise(found: list[quotes._Quote]) -> list[list[int]]:
    """The definition: link every candidate pair of quotes that align, earlier quote first."""
    parent = list(range(len(found)))

    def root(k: int) -> int:
        while parent[k] != k:
            k = parent[k]
        return k

    for k, a in enumerate(found):
        for o in range(k + 1, len(found)):
            b = found[o]
            shared = len(set(a.content) & set(b.content))
            candidate = shared >= 2 or (shared >= 1 and min(len(a.content), len(b.content)) <= 1)
            if candidate and quotes._same_statement(a, b, {}):
                parent[root(o)] = root(k)
    groups: dict[int, list[int]] = {}
    for k, q in enumerate(found):
        groups.setdefault(root(k), []).append(q.fact.start)
    return [g for g in groups.values() if len(g) > 1]


def test_grouping_by_wording_links_what_pairwise_linking_links():
    rng = random.Random(5)
    grouped = 0
    for _ in range(400):
        texts = [
            " ".join(rng.choice(VOCAB) for _ in range(rng.randint(1, 8))) for _ in range(rng.randint(1, 5))
        ]
        facts = []
        for k in range(rng.randint(2, 30)):
            text = rng.choice(texts)
            if rng.random() < 0.3:
                words = text.split()
                words[rng.randrange(len(words))] = rng.choice(VOCAB)
                text = " ".join(words)
            role = rng.choice(["statement"] * 4 + ["paraphrase", "term"])
            facts.append(_fact(k, text, rng.choice("ab"), rng.randint(0, 3), role))
        found = [quotes._prepare(f) for f in facts]
        expected = _pairwise(found)
        assert [[q.fact.start for q in g] for g in quotes.statements(found, {})] == expected
        grouped += bool(expected)
    assert grouped > 300  # the cases are not trivial


def test_a_repeated_quote_is_aligned_once_per_pair_of_wordings(monkeypatch):
    calls = []
    aligned = quotes._aligned
    monkeypatch.setattr(quotes, "_aligned", lambda *args: calls.append(1) or aligned(*args))
    said = ["alpha bravo charlie delta", "alpha bravo charlie echo", "golf hotel india juliet"]
    facts = [_fact(k, said[k % 3], f"a{k % 50}", k, "statement") for k in range(3000)]
    groups = quotes.statements([quotes._prepare(f) for f in facts], {})
    assert sorted(len(g) for g in groups) == [1000, 2000]
    assert len(calls) <= 6  # each ordered pair of the three wordings at most, never per quote
