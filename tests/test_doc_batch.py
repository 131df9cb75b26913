"""The parse in batches and the indexed attribute ruler annotate exactly as the stock pipeline."""

from __future__ import annotations

import importlib

import numpy as np
import pytest
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, ORTH, POS, SENT_START, TAG

from discrepancy import normalize
from discrepancy.articles import load_articles, load_text
from discrepancy.doc import DISABLED, MODEL_PACKAGES, nlp
from discrepancy.doc.ruler import FastMatch, speed_up

ATTRS = [ORTH, TAG, HEAD, DEP, LEMMA, POS, MORPH, SENT_START]
#: Sentences that reach the ruler's exceptions: contractions, "gonna", "y'all", auxiliaries,
#: expletive "there", pronoun case by dependency, whitespace tokens.
ODD = [
    "I ain't gonna say that y'all got ta see it, c'm on.",
    "Let's go   now; nothin' is  here, it is.",
    "There are 5 dogs.  I said it and you did it to me.",
    "He gets 3 and got 4 because   it was cold, but he has had enough.",
    "What did she do? Whether or not, that is it.\n\t \n",
    '"Hi," she said. You have 3 things to do, which ones did they choose?',
    "She'd have been 40 on Monday if it weren't for the crash, they're saying.",
]


def _stock():
    """The pipeline as its package loads it, with spaCy's own attribute ruler."""
    for name in MODEL_PACKAGES:
        try:
            return importlib.import_module(name).load(exclude=list(DISABLED))
        except ImportError:
            continue
    pytest.skip("no language model installed")


@pytest.fixture(scope="module")
def seed_sentences():
    from discrepancy.text import article_sentences

    articles, _ = load_articles(["fixtures/seeds", "fixtures/clusters"])
    return [s.text for a in articles for s in article_sentences(a)] + ODD


def test_the_indexed_ruler_annotates_as_the_stock_one(seed_sentences):
    stock, fast = _stock(), _stock()
    speed_up(fast)
    assert isinstance(fast.get_pipe("attribute_ruler").match, FastMatch)
    for a, b in zip(stock.pipe(seed_sentences), fast.pipe(seed_sentences)):
        assert np.array_equal(a.to_array(ATTRS), b.to_array(ATTRS)), a.text
        assert [str(t.morph) for t in a] == [str(t.morph) for t in b], a.text


def test_the_indexed_ruler_finds_the_stock_matches():
    model = _stock()
    ruler = model.get_pipe("attribute_ruler")
    fast = FastMatch(ruler, ruler.patterns)
    with model.select_pipes(disable=["attribute_ruler", "lemmatizer"]):
        docs = list(model.pipe(ODD))
    for doc in docs:
        stock = sorted(set(ruler.match(doc)))
        assert fast(doc) == stock, doc.text
        assert any(order > 100 for order, _, _, _ in stock), "the exceptions are exercised"


def test_a_rule_of_another_form_leaves_the_ruler_as_it_is():
    import spacy

    blank = spacy.blank("en")
    ruler = blank.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "a", "OP": "+"}]], {"LEMMA": "x"})
    speed_up(blank)
    assert "match" not in vars(ruler)


def test_the_process_pipeline_has_the_indexed_ruler():
    assert isinstance(nlp().get_pipe("attribute_ruler").match, FastMatch)


def test_articles_read_together_give_the_facts_of_each_alone(monkeypatch):
    monkeypatch.setenv("DISCREPANCY_CACHE_DIR", "")  # every article parsed, none served
    articles, _ = load_articles(["fixtures/seeds"])
    articles.append(load_text("No figure here at all.", article_id="plain"))
    together = normalize.extract_many(articles)
    assert [len(f) for f in together][-1] == 0
    assert together == [normalize.extract(a) for a in articles]
    assert sum(map(len, together)) > 50


def test_a_sentence_written_in_several_articles_is_parsed_once(monkeypatch):
    from discrepancy.doc import parse, parse_many

    monkeypatch.setenv("DISCREPANCY_CACHE_DIR", "")
    shared = "The quake killed 12 people on Monday, officials said."
    first = load_text(f"{shared} It struck at 3 am near the coast.", article_id="a")
    second = load_text(f"Rescuers searched through Tuesday for 40 more. {shared}", article_id="b")
    pipeline, sent = nlp(), []
    original = pipeline.pipe

    def spy(texts, **kwargs):
        texts = list(texts)
        sent.extend(texts)
        return original(texts, **kwargs)

    monkeypatch.setattr(pipeline, "pipe", spy)
    together = parse_many([first, second])
    assert sent.count(shared) == 1 and len(sent) == 3
    alone = [parse(first), parse(second)]
    for joint, single in zip(together, alone):
        assert joint.parsed.keys() == single.parsed.keys()
        for index, doc in joint.parsed.items():
            assert np.array_equal(doc.to_array(ATTRS), single.parsed[index].to_array(ATTRS)), doc.text
    assert [d.text for d in together[0].parsed.values()].count(shared) == 1


def test_leaving_out_the_disabled_sentence_recogniser_changes_no_annotation(seed_sentences):
    for name in MODEL_PACKAGES:
        try:
            package = importlib.import_module(name)
            break
        except ImportError:
            continue
    else:
        pytest.skip("no language model installed")
    assert "senter" in DISABLED and "senter" in package.load(exclude=["ner"]).disabled
    loaded, lean = package.load(exclude=["ner"]), package.load(exclude=list(DISABLED))
    assert "senter" not in lean.component_names
    for a, b in zip(loaded.pipe(seed_sentences), lean.pipe(seed_sentences)):
        assert np.array_equal(a.to_array(ATTRS), b.to_array(ATTRS)), a.text


def test_the_parse_multiplies_with_numpy_blas_on_one_thread():
    """thinc's numpy backend without BLIS, and one BLAS thread while parsing (see ``doc.nlp``)."""
    from threadpoolctl import threadpool_info

    from discrepancy import doc

    models = [p.model for _, p in doc.nlp().pipeline if hasattr(getattr(p, "model", None), "walk")]
    ops = [node.ops for model in models for node in model.walk()]
    assert ops and all(type(o).__name__ == "NumpyOps" and not o.use_blis for o in ops)
    with doc.one_blas_thread():
        blas = [i for i in threadpool_info() if i["user_api"] == "blas"]
        assert blas and all(i["num_threads"] == 1 for i in blas)
