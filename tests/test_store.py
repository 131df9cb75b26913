"""Facts wait on disk between extraction and comparison: the report is the same, the
records read back are the extracted facts, and a run's spill folder does not outlive it."""

from __future__ import annotations

import gc
from pathlib import Path

from discrepancy import api, facts_cache
from discrepancy.engines.store import FactStore, StoredFacts
from discrepancy.parallel import extract_all, extract_each


def _sorted(facts):
    return sorted(facts, key=lambda f: (f.article, f.start, f.end, f.kind))


def test_records_read_back_are_the_extracted_facts(articles, tmp_path, monkeypatch):
    monkeypatch.setenv("DISCREPANCY_CACHE_DIR", str(tmp_path))
    report = api.analyse(articles)
    expected = _sorted(extract_all(articles, jobs=1))
    assert expected and isinstance(report.records, StoredFacts)
    assert len(report.records) == len(expected)
    assert list(report.records) == expected
    assert report.records[3] == expected[3] and report.records[-2:] == expected[-2:]
    assert len(report.facts) == len(expected)  # the table too


def test_without_a_cache_the_report_is_the_same(articles, tmp_path, monkeypatch):
    monkeypatch.setenv("DISCREPANCY_CACHE_DIR", str(tmp_path))
    cached = api.analyse(articles)
    monkeypatch.setenv("DISCREPANCY_CACHE_DIR", "")
    spilled = api.analyse(articles)
    assert [f.to_dict() for f in spilled.findings] == [f.to_dict() for f in cached.findings]
    assert spilled.findings, "the cluster disagrees somewhere"
    assert list(spilled.records) == list(cached.records)
    assert [g.to_dict() for g in spilled.stories] == [g.to_dict() for g in cached.stories]


def test_without_a_cache_facts_spill_to_a_folder_deleted_with_the_store(articles, monkeypatch):
    monkeypatch.setenv("DISCREPANCY_CACHE_DIR", "")
    store = FactStore()
    extracted = {a.id: facts for a, facts in extract_each(articles, jobs=1)}
    for article in articles:
        store.put(article, list(reversed(extracted[article.id])))
    assert store._spill is not None
    folder = Path(store._spill.name)
    assert len(list(folder.iterdir())) == sum(1 for facts in extracted.values() if facts)
    first = articles[0].id
    assert store.facts(first) == _sorted(extracted[first])
    records = StoredFacts(store)
    del store
    gc.collect()
    assert folder.exists(), "the report's records still need them"
    assert list(records) == _sorted(f for facts in extracted.values() for f in facts)
    records.store.close()
    assert not folder.exists()


def test_with_a_cache_nothing_is_spilled_and_a_lost_entry_is_read_again(articles, tmp_path, monkeypatch):
    monkeypatch.setenv("DISCREPANCY_CACHE_DIR", str(tmp_path))
    store = FactStore()
    article, facts = next(iter(extract_each(articles[:1], jobs=1)))
    store.put(article, facts)
    assert store._spill is None
    path = facts_cache._path(article, store.kinds)
    assert path is not None and path.is_file()
    path.unlink()
    assert store.facts(article.id) == _sorted(facts)


class _ListEngine:
    """An engine with only ``extract`` (every fact in one list), as engines before ``extract_each``."""

    def __init__(self) -> None:
        from discrepancy.engines.local import LocalEngine

        self.inner = LocalEngine(1)

    def extract(self, articles, progress=None):
        return self.inner.extract(articles, progress)

    def compare(self, work, settings):
        return self.inner.compare(work, settings)


def test_an_engine_without_extract_each_gives_the_same_report(articles, tmp_path, monkeypatch):
    monkeypatch.setenv("DISCREPANCY_CACHE_DIR", str(tmp_path))
    expected = api.analyse(articles)
    report = api.analyse(articles, engine=_ListEngine())
    assert [f.to_dict() for f in report.findings] == [f.to_dict() for f in expected.findings]
    assert list(report.records) == list(expected.records)
