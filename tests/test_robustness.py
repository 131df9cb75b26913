"""Hostile and arbitrary input: the loader and every normalizer never raise, every fact points
at the right place, runs are repeatable; the guard stops slow or failing library calls."""

from __future__ import annotations

import logging
import re
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from discrepancy import normalize
from discrepancy.articles import line_starts, load_text, parse_article
from discrepancy.guard import guarded
from discrepancy.text import article_sentences

ROOT = Path(__file__).resolve().parent.parent
BREAK = re.compile(r"\r\n|\r|\n")

# Pieces of news copy and of hostile text; hypothesis strings them together with noise.
FRAGMENTS = [
    "date 2024-03-30\n",
    "---\ntitle: Quake\ndate: 2024-03-30\n---\n",
    "Tue Jul 2, 2013 1:28PM GMT\n",
    "At least 143 people were killed",
    "about 1,500 were hurt",
    "a 7.1-magnitude quake",
    "$2.5 billion",
    "10 kilometres (6 miles)",
    "12.5%",
    "on Friday, March 22, 2024",
    "last Tuesday",
    "3 p.m.",
    "in 2019",
    "two days later",
    "in Lisbon, Portugal",
    "Crocus City Hall",
    "President Ana Ribeiro",
    "U.S.",
    "Dr. Okafor",
    "“We will rebuild,” said Ana Ribeiro.",
    '"It was chaos", he told reporters.',
    "«Non», a-t-elle dit.",
    "“unclosed quote",
    "”",
    "'",
    ". ",
    "? ",
    "! ",
    ", ",
    " ",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    "\t",
    "\u200b",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u200f",
    "\u202e",
    "\u2028",
    "\x85",
    "\x0b",
    "\x0c",
    "\x00",
    "\x07",
    "\x1b[31m",
    "שלושה בני אדם נהרגו",
    "قتل 14 شخصا",
    "٣٤",
    "１２",
    "⅔",
    "²",
    "🙂",
    "e\u0301",
    "A" * 40,
    "9" * 30,
    "1e308",
    "-0",
    "0.0.0.0",
    "1/2/3",
    "—",
    "…",
    "(",
    ")",
    "[",
    "]",
]
news_like = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=40).map("".join)
any_text = st.one_of(st.text(max_size=400), news_like)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def expected_position(text: str, offset: int) -> tuple[int, int]:
    """(line, column) counted independently: CRLF, CR and LF each end a line; columns are code points."""
    ends = [m.end() for m in BREAK.finditer(text) if m.end() <= offset]
    return len(ends) + 1, offset - (ends[-1] if ends else 0) + 1


def assert_facts_point_into(article, facts) -> None:
    text = article.text
    for fact in facts:
        where = f"{fact.kind} {fact.text!r} at {fact.start}"
        assert article.body_start <= fact.start <= fact.end <= len(text), where
        assert fact.text == text[fact.start : fact.end], where
        assert (fact.line, fact.column) == expected_position(text, fact.start), where
        assert (fact.line, fact.column) == article.position(fact.start), where
        assert fact.article == article.id


def run(name: str, article, sentences=None):
    return normalize.load(name)(article, article_sentences(article) if sentences is None else sentences)


@pytest.mark.parametrize("name", normalize.NORMALIZERS)
@FAST
@given(text=any_text)
def test_normalizer_never_raises_and_points_right(name, text):
    article = load_text(text, article_id="fuzz")
    facts = run(name, article)
    assert_facts_point_into(article, facts)
    assert run(name, load_text(text, article_id="fuzz")) == facts, "same text, same facts"


@FAST
@given(text=any_text, data=st.data())
def test_loader_never_raises_and_positions_round_trip(text, data):
    article = parse_article(text, Path("fuzz.txt"), "fuzz")
    assert 0 <= article.body_start <= len(text)
    assert article.line_starts == line_starts(text)
    if article.published is not None:
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", article.published)
    if article.dateline is not None:
        assert 0 <= article.dateline[0] <= article.dateline[1] <= len(text)
    offset = data.draw(st.integers(0, len(text)))
    assert article.position(offset) == expected_position(text, offset)
    line, column = article.position(offset)
    assert article.line_starts[line - 1] + column - 1 == offset
    assert parse_article(text, Path("fuzz.txt"), "fuzz") == article


@FAST
@given(text=any_text)
def test_sentences_are_exact_spans_of_the_body(text):
    article = load_text(text)
    for sentence in article_sentences(article):
        assert article.body_start <= sentence.start < sentence.end <= len(text)
        assert text[sentence.start : sentence.end] == sentence.text


# ---------------------------------------------------------------- hostile text, by hand


def facts_of(text: str):
    article = load_text(text, article_id="hostile")
    sentences = article_sentences(article)
    facts = [f for name in normalize.NORMALIZERS for f in run(name, article, sentences)]
    assert_facts_point_into(article, facts)
    return facts


def find(facts, kind: str, snippet: str):
    return next((f for f in facts if f.kind == kind and snippet in f.text), None)


def test_mixed_newlines_give_the_line_an_editor_shows():
    text = (
        "date 2024-03-30\r\nRescuers said on Friday that they were still searching.\r"
        "At least 14 people were killed in the blast.\nOfficials said 3 people were hurt.\r\n"
    )
    facts = facts_of(text)
    killed = find(facts, "number", "14")
    assert killed is not None and (killed.line, killed.column) == (3, 1)
    hurt = find(facts, "number", "3")
    assert hurt is not None and (hurt.line, hurt.column) == (4, 16)


def test_control_and_zero_width_characters_are_counted_as_written():
    text = (
        "date 2024-03-30\n\x07\u200b\ufeffOfficials\u200d said\x0c at least 14 people\x1b[0m were "
        "killed.\x00\nAt least 12\u200b people were hurt on Friday.\n"
    )
    facts = facts_of(text)
    assert facts, "the sentences still hold facts"
    for fact in facts:
        assert fact.line in (2, 3)


def test_right_to_left_text_keeps_offsets():
    text = (
        "date 2024-03-30\nقال مسؤولون إن 14 شخصا قتلوا. At least 14 people were killed in Lisbon.\n"
        "\u202eAt least 12 people were hurt,\u202c said the mayor, \u05de\u05e9\u05d4.\n"
    )
    facts = facts_of(text)
    killed = find(facts, "number", "14 people") or find(facts, "number", "At least 14")
    assert killed is not None and killed.line == 2
    assert killed.column == text.split("\n")[1].index("At least 14") + 1


def test_astral_characters_count_as_one_column():
    text = "date 2024-03-30\n🙂🙂 At least 14 people were killed on Friday.\n"
    killed = find(facts_of(text), "number", "14")
    assert killed is not None and (killed.line, killed.column) == (2, 4)


def test_a_100_kb_line():
    sentence = (
        "Rescuers in Lisbon said on Friday that at least 14 people were killed and 120 hurt, "
        "and Ana Ribeiro said: “We will rebuild.” "
    )
    line = (sentence * (100_000 // len(sentence) + 1))[:100_000]
    text = f"date 2024-03-30\nA short first paragraph about 3 people.\n{line}\nAt least 9 people died.\n"
    facts = facts_of(text)
    last = find([f for f in facts if f.line == 4], "number", "9")
    assert last is not None and last.column in (1, len("At least ") + 1)
    assert {f.line for f in facts} <= {2, 3, 4}
    assert sum(f.line == 3 for f in facts) > 100, "the long line is read, not skipped"


# ---------------------------------------------------------------- the guard


def slow(seconds: float) -> str:
    time.sleep(seconds)
    return "done"


def busy(seconds: float) -> str:
    """Pure Python work that also swallows ordinary exceptions, as some libraries do."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            sum(range(1000))
        except Exception:
            pass
    return "done"


def explode(span: str) -> None:
    raise ValueError(f"cannot read {span}")


GUARD_ARTICLE = load_text("date 2024-03-30\nFirst line.\nThe quake struck 10 km away.\n", article_id="quake")


def test_guard_returns_the_result_when_fast():
    assert guarded(slow, 0.0, limit=1.0) == "done"
    assert guarded(str.upper, "ok") == "OK"


def test_guard_captures_an_exception_and_names_the_place(caplog):
    at = GUARD_ARTICLE.text.index("10 km")
    with caplog.at_level(logging.WARNING, logger="discrepancy.guard"):
        assert guarded(explode, "10 km", article=GUARD_ARTICLE, at=at) is None
    message = caplog.records[-1].getMessage()
    assert "ValueError" in message and "article quake line 3" in message and "'10 km'" in message


@pytest.mark.parametrize("call", [slow, busy])
def test_guard_stops_a_slow_call(call, caplog):
    # a test timeout (pytest --timeout) may hold SIGALRM already: it is what must come back
    handler, (outer, _) = signal.getsignal(signal.SIGALRM), signal.getitimer(signal.ITIMER_REAL)
    began = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="discrepancy.guard"):
        assert guarded(call, 3.0, article=GUARD_ARTICLE, at=0, limit=0.2) is None
    took = time.monotonic() - began
    assert took < 2.0
    assert "gave up after 0.2 s" in caplog.records[-1].getMessage()
    left, _ = signal.getitimer(signal.ITIMER_REAL)
    if outer:
        assert 0 < left <= outer - took + 0.05, "the enclosing timer keeps running, not restarted"
    else:
        assert left == 0.0, "no timer left running"
    assert signal.getsignal(signal.SIGALRM) is handler, "the handler is restored"


def test_guard_stops_a_catastrophic_regex():
    began = time.monotonic()
    assert guarded(re.match, r"(a+)+$", "a" * 40 + "b", limit=0.2) is None
    assert time.monotonic() - began < 2.0


def test_guard_keeps_an_enclosing_timer():
    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *_: fired.append(True))
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.5)
        assert guarded(slow, 0.05, limit=5.0) == "done"
        assert 0 < signal.getitimer(signal.ITIMER_REAL)[0] < 0.5
        time.sleep(0.8)
        assert fired == [True]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_guard_nested_in_a_guard():
    assert guarded(lambda: guarded(slow, 3.0, limit=0.1), limit=2.0) is None
    assert guarded(lambda: guarded(slow, 0.0, limit=0.1), limit=2.0) == "done"


def test_guard_in_a_thread_captures_exceptions_only():
    results = {}

    def work():
        results["slow"] = guarded(slow, 0.3, limit=0.05)
        results["raises"] = guarded(explode, "x")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(10)
    assert results == {"slow": "done", "raises": None}


def _guarded_slow_in_worker(limit: float):
    return guarded(slow, 3.0, limit=limit)


def test_guard_works_in_a_pool_worker():
    with ProcessPoolExecutor(max_workers=1) as pool:
        began = time.monotonic()
        assert pool.submit(_guarded_slow_in_worker, 0.2).result(timeout=30) is None
        assert time.monotonic() - began < 10


# ---------------------------------------------------------------- big inputs (pytest --run-slow)


def _check_with_memory_limit(args: list[str], megabytes: int, timeout: float) -> subprocess.CompletedProcess:
    import resource

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (megabytes << 20, megabytes << 20))

    command = [str(Path(sys.executable).parent / "discrepancy"), "check", *args, "--exit-zero", "-f", "json"]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, preexec_fn=limit, cwd=ROOT
    )


@pytest.mark.slow
def test_a_10_mb_article_completes_in_bounded_memory(tmp_path):
    seeds = "".join(
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures" / "seeds").glob("*.txt"))
    )
    big = tmp_path / "big.txt"
    big.write_text("date 2024-03-30\n" + seeds * (10_000_000 // len(seeds.encode())), encoding="utf-8")
    done = _check_with_memory_limit([str(big)], 4096, timeout=1800)
    assert done.returncode == 0, done.stderr[-1000:]


@pytest.mark.slow
def test_5000_small_files_complete_in_bounded_memory(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import corpus

    corpus.generate(5000, 500, tmp_path / "small", lines=3)
    # a story per folder: the generated stories share their wording, so grouping by words would merge them
    done = _check_with_memory_limit([str(tmp_path / "small"), "--group", "by-folder"], 2048, timeout=1800)
    assert done.returncode == 0, done.stderr[-1000:]
