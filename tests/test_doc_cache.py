"""Parsed documents are kept on disk and read back with the annotations they were parsed with."""

from __future__ import annotations

import numpy as np
import pytest
from spacy.attrs import DEP, HEAD, LEMMA, LIKE_NUM, MORPH, ORTH, POS, SENT_START, SPACY, TAG

from discrepancy import doc as documents
from discrepancy.articles import load_articles

ATTRS = [ORTH, TAG, HEAD, DEP, LEMMA, POS, MORPH, SENT_START, SPACY, LIKE_NUM]


@pytest.fixture()
def article():
    found, _ = load_articles(["fixtures/seeds"])
    return found[0]


def _annotations(parsed):
    return {
        i: (d.text, d.to_array(ATTRS).tolist(), [str(t.morph) for t in d], [s.text for s in d.sents])
        for i, d in parsed.items()
    }


def test_a_parsed_article_is_read_back_from_the_cache_as_parsed(article, tmp_path, monkeypatch):
    monkeypatch.setenv("DISCREPANCY_CACHE_DIR", str(tmp_path))
    fresh = documents.parse(article)
    assert fresh.parsed and list((tmp_path / "docs").iterdir())

    def no_model():
        raise AssertionError("the model was asked for an article in the cache")

    monkeypatch.setattr(documents, "nlp", no_model)
    cached = documents.parse(article)
    assert _annotations(cached.parsed) == _annotations(fresh.parsed)
    assert all(
        np.array_equal(d.to_array(ATTRS), fresh.parsed[i].to_array(ATTRS)) for i, d in cached.parsed.items()
    )


def test_a_damaged_entry_is_parsed_again_and_rewritten(article, tmp_path, monkeypatch):
    monkeypatch.setenv("DISCREPANCY_CACHE_DIR", str(tmp_path))
    fresh = documents.parse(article)
    (entry,) = (tmp_path / "docs").iterdir()
    entry.write_bytes(b"not a cache entry")
    again = documents.parse(article)
    assert _annotations(again.parsed) == _annotations(fresh.parsed)
    assert entry.read_bytes() != b"not a cache entry"


def test_the_cached_strings_are_every_tokens_own(monkeypatch):
    from discrepancy.doc import _attrs, _strings, parse_many
    from discrepancy.text import article_sentences

    monkeypatch.setenv("DISCREPANCY_CACHE_DIR", "")
    articles, _ = load_articles(["fixtures/seeds"])
    for document in parse_many(articles, [article_sentences(a) for a in articles]):
        docs = list(document.parsed.values())
        by_token = {s for doc in docs for t in doc for s in (t.text, t.tag_, t.lemma_, str(t.morph), t.dep_)}
        assert _strings(docs, [doc.to_array(_attrs()) for doc in docs]) == by_token
        assert "" in by_token  # words without morphology


def test_a_cache_folder_removed_during_a_run_is_made_again(tmp_path):
    import shutil

    from discrepancy import facts_cache

    entry = tmp_path / "facts" / "one.pickle"
    facts_cache.write(entry, [1, 2])
    shutil.rmtree(tmp_path / "facts")  # the process made it once and remembers so
    facts_cache.write(entry, [3])
    assert facts_cache.read(entry) == [3]
    assert [p.name for p in entry.parent.iterdir()] == ["one.pickle"]  # no temporary file left


def test_the_model_files_are_checked_against_their_hashes_but_for_left_out_components(tmp_path):
    import json
    import shutil

    from discrepancy.doc import DISABLED, MODEL_PACKAGES, ModelError, _model_dir, verify

    for name in MODEL_PACKAGES:
        try:
            installed = _model_dir(__import__(name))
            break
        except ImportError:
            continue
    else:
        pytest.skip("no language model installed")
    recorded = json.loads(documents._HASHES.read_text(encoding="utf-8"))["files"]
    copy = tmp_path / "model"
    for file in recorded:
        (copy / file).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(installed / file, copy / file)
    verify(copy, skip=DISABLED)
    (copy / "ner" / "model").write_bytes(b"damaged")  # left out of the pipeline: not read
    verify(copy, skip=DISABLED)
    with pytest.raises(ModelError, match="do not match"):
        verify(copy)
    (copy / "parser" / "model").write_bytes(b"damaged")
    with pytest.raises(ModelError, match="do not match"):
        verify(copy, skip=DISABLED)
    (copy / "tagger" / "model").unlink()
    with pytest.raises(ModelError, match="missing"):
        verify(copy, skip=DISABLED)
