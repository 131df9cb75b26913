"""Facts wait on disk between extraction and comparison: the report is the same, the
records read back are the extracted facts, and a run's spill folder does not outlive it."""

from __future__ import annotations

import gc
from pathlib import Path

from discrepancy import api, facts_cache
from discrepancy.engines.store import HOLD_FACTS, FactStore, StoredFacts
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


def test_held_facts_are_not_read_back_and_past_the_limit_they_wait_on_disk(articles, monkeypatch):
    monkeypatch.setenv("DISCREPANCY_CACHE_DIR", "")
    extracted = [(a, facts) for a, facts in extract_each(articles, jobs=1) if facts]
    first, second = extracted[0], extracted[1]
    store = FactStore(hold=len(first[1]))  # room for the first article's facts only
    store.put(*first)
    assert store._spill is None, "held in memory, not written"
    store.put(*second)
    assert store._spill is not None and len(list(Path(store._spill.name).iterdir())) == 1
    monkeypatch.setattr(facts_cache, "load", lambda *a: (_ for _ in ()).throw(AssertionError("read back")))
    assert store.facts(first[0].id) == _sorted(first[1])
    assert store.facts(second[0].id) == _sorted(second[1])  # from the spill folder
    store.close()


def test_an_archive_run_holds_no_facts_in_memory(articles, tmp_path, monkeypatch):
    monkeypatch.setenv("DISCREPANCY_CACHE_DIR", str(tmp_path))
    stores = []
    real = FactStore.__init__

    def spy(self, *args, **kwargs):
        real(self, *args, **kwargs)
        stores.append(self)

    monkeypatch.setattr(FactStore, "__init__", spy)
    api.analyse(articles, keep=False, on_story=lambda *a: None)
    api.analyse(articles)
    assert [s.hold for s in stores] == [0, HOLD_FACTS]
    assert not stores[0]._held and stores[1]._held
