"""The library behind the CLI: load -> normalize -> compare, returning a ``Report``."""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from fnmatch import fnmatch
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from . import config, normalize, stories, suppress
from .articles import InputError, find_article_files, load_articles, load_text
from .compare import compare
from .compare.base import Story
from .model import SEVERITIES, Article, Fact, Finding, Mention, Report, Value
from .parallel import extract_all
from .rules import Policy
from .stories import StoryGroup
from .story_cache import StoryCache
from .thresholds import Thresholds

if TYPE_CHECKING:
    from .engines.store import FactStore, StoredFacts
    from .engines.texts import TextSpill

log = logging.getLogger(__name__)

#: Wraps the list of articles being read, e.g. to show a progress bar.
Progress = Callable[[list[Article]], Iterable[Article]]


def analyse(
    articles: Sequence[Article],
    skip_kinds: Iterable[str] = (),
    notes: Sequence[str] = (),
    *,
    group: str = "auto",
    draft: str | None = None,
    variants: Sequence[Sequence[str]] = (),
    tolerances: Mapping[str, float] | None = None,
    baseline: Collection[str] = (),
    progress: Progress | None = None,
    jobs: int | None = 1,
    select: Iterable[str] = (),
    severities: Mapping[str, str] | None = None,
    thresholds: Thresholds | None = None,
    engine: Any = None,
    on_story: StorySink | None = None,
    keep: bool = True,
    texts: TextSpill | None = None,
) -> Report:
    """Extract facts from loaded articles, group them into stories and compare each story.

    Facts are never compared across stories. With ``draft`` (an article id), findings are
    those touching the draft; disagreements among the other articles alone become
    ``Report.context``. Findings whose id is in ``baseline`` or that an inline
    ``discrepancy-ignore`` comment covers go to ``Report.accepted``. ``jobs`` processes
    read the articles (None: as many as the input keeps busy); the report is the same whatever it is.
    ``select``/``skip_kinds`` name rules or kinds (see ``discrepancy.rules``), ``severities``
    maps a rule or kind to a severity or "off", ``thresholds`` overrides cut-offs.
    ``engine`` runs the extraction and the comparisons (``discrepancy.engines``; default: this
    machine); ``on_story`` receives each story's final findings as soon as it is compared.
    With ``keep=False`` they go only there (an archive run, which must not hold them all):
    the report's findings, context and accepted are empty and its ``tally`` counts them.
    ``texts`` (with ``keep=False``) holds the texts of ``articles`` given without them
    (``engines.texts``); the report's articles are then those, without their text.
    """
    if not keep and on_story is None:
        raise ValueError("keep=False needs on_story: the findings would go nowhere")
    if keep and texts is not None:
        raise ValueError("texts (articles without their text) needs keep=False: a report shows the text")
    notes = list(notes)
    if len(articles) == 1:
        notes.append(
            f"{articles[0].path}: only one article, so only disagreements inside it can be found; "
            "give more reports of the same story"
        )
    try:
        policy = Policy.build(select, skip_kinds, severities)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    limits = thresholds or Thresholds()
    if engine is None:
        from .engines.local import LocalEngine

        engine = LocalEngine(jobs)
    from .engines.grouping import StoryGrouper
    from .engines.store import HOLD_FACTS, FactStore, StoredFacts
    from .engines.texts import FullArticles

    # Only the incident profiles the grouping still needs stay in memory; each article's facts
    # wait on disk until its story is compared (all of them at once would be ~140 KB an article),
    # and with ``texts`` each article's text waits there too.
    full: Callable[[Article], Article] = texts.full if texts is not None else _whole
    by_id = {a.id: a for a in articles}
    hold = HOLD_FACTS if keep else 0  # a report kept whole holds a run's worth of findings anyway
    store = FactStore(article_of=lambda i: full(by_id[i])) if texts is not None else FactStore(hold=hold)
    earlier = StoryCache(store.kinds)  # what an earlier run built from the same articles
    grouper = StoryGrouper(articles, group, limits["story-link"])
    # light articles are read back whole one at a time; the progress only counts them
    ticks = iter(progress(list(articles)) if progress and texts is not None else ())
    next(ticks, None)
    read = FullArticles(articles, texts) if texts is not None else articles
    for article, found in _extract_each(engine, read, None if texts is not None else progress):
        article = full(article)
        found = sorted(found, key=lambda f: (f.start, f.end, f.kind))
        grouper.add(article, _profile(article, found, earlier.note(article, found)))
        store.put(article, found)
        next(ticks, None)
    for _ in ticks:
        pass
    del read
    groups = grouper.groups()
    mismatch: list[Finding] = []
    if draft is not None:
        groups, mismatch = _draft_story(
            groups, draft, notes, articles, by_incident=group == "auto", full=full
        )
    variants = config.house_variants(variants)
    settings = StorySettings(policy, limits, variants, tuple((tolerances or {}).items()), draft)
    earlier.use(settings)
    # stories an earlier run compared are read back one at a time, never all held at once
    known = {i for i, g in enumerate(groups) if earlier.has(g)}

    def lookup() -> Mapping[str, Article]:
        """One story's articles: read back whole for it alone when texts wait on disk."""
        return _Whole(by_id, full) if texts is not None else by_id

    work = (story_work(index, g, lookup(), store) for index, g in enumerate(groups) if index not in known)

    def served() -> Iterator[tuple[int, list[Finding]]]:
        for index in sorted(known):
            kept = earlier.load(groups[index])
            if kept is None:  # unreadable after all: compared again, and the entry written anew
                [(_, kept)] = list(
                    engine.compare([story_work(index, groups[index], lookup(), store)], settings)
                )
                earlier.store(groups[index], kept)
            yield index, kept

    per_story: list[list[Finding]] = [[] for _ in groups] if keep else []
    finisher = _StoryFinisher(articles, store, baseline, settings, mismatch, full) if on_story else None
    compared = getattr(progress, "compared", None)
    results = chain(served(), engine.compare(work, settings))
    for done, (index, found) in enumerate(results, start=1):
        if keep:
            per_story[index] = found
        if index not in known:
            earlier.store(groups[index], found)
        if finisher is not None and on_story is not None:
            on_story(groups[index], *finisher(groups[index], found))
        del found  # with keep=False no finding outlives its story's line
        if compared is not None:
            compared(done, len(groups))
    if not keep and finisher is not None:
        return finisher.report(articles, StoredFacts(store), notes, groups)
    findings = [f for found in per_story for f in found] + mismatch
    return _finish(articles, StoredFacts(store), findings, notes, groups, settings, baseline)


def _profile(article: Article, facts: list[Fact], name: str | None) -> stories.Profile:
    """The article's incident profile, from the cache when it was built from these very facts
    (``name``: the article with its facts, as ``facts_cache.signature`` names it)."""
    from . import facts_cache

    path = facts_cache.entry("profiles", name) if name is not None else None
    cached = facts_cache.read(path)
    if isinstance(cached, stories.Profile):
        return stories.interned(cached)
    built = stories.profile(article, facts)
    if path is not None:
        facts_cache.write(path, built)
    return built


def _extract_each(
    engine: Any, articles: Sequence[Article], progress: Progress | None
) -> Iterable[tuple[Article, list[Fact]]]:
    """Each article with its facts, from ``engine.extract_each`` or else its ``extract``."""
    each = getattr(engine, "extract_each", None)
    if each is not None:
        return each(articles, progress)
    facts_of: dict[str, list[Fact]] = {a.id: [] for a in articles}
    for fact in engine.extract(articles, progress):
        facts_of[fact.article].append(fact)
    return ((a, facts_of[a.id]) for a in articles)


def _whole(article: Article) -> Article:
    return article


class _Whole(Mapping[str, Article]):
    """Articles by id read back whole (``engines.texts``) as they are asked for; each is kept
    only as long as this mapping (one story's)."""

    def __init__(self, by_id: Mapping[str, Article], full: Callable[[Article], Article]) -> None:
        self.by_id, self.full = by_id, full
        self.read: dict[str, Article] = {}

    def __getitem__(self, article_id: str) -> Article:
        if article_id not in self.read:
            self.read[article_id] = self.full(self.by_id[article_id])
        return self.read[article_id]

    def __contains__(self, article_id: object) -> bool:
        return article_id in self.by_id

    def __iter__(self) -> Iterator[str]:
        return iter(self.by_id)

    def __len__(self) -> int:
        return len(self.by_id)


#: Receives one story's (group, findings, context, accepted) as soon as it is compared.
StorySink = Callable[[StoryGroup, "list[Finding]", "list[Finding]", "list[Finding]"], None]


@dataclass(frozen=True)
class StorySettings:
    """What comparing a story needs besides its articles and facts (picklable: sent to workers)."""

    policy: Policy
    thresholds: Thresholds
    variants: tuple[tuple[str, ...], ...] = ()
    tolerances: tuple[tuple[str, float], ...] = ()
    draft: str | None = None


#: One story's work: (its index, its articles by id, its facts).
StoryWork = tuple[int, dict[str, Article], list[Fact]]


def story_work(
    index: int,
    story_group: StoryGroup,
    by_id: Mapping[str, Article],
    facts_of: Mapping[str, list[Fact]] | FactStore,
) -> StoryWork:
    """A story's articles and facts (not a scan of all), without sentences about another story's
    incident; ``facts_of`` maps article ids to facts, or is the ``FactStore`` they wait in."""
    members = {i: by_id[i] for i in story_group.articles}
    story_facts = [f for i in members for f in _facts_of(facts_of, i)]
    if story_group.elsewhere:
        elsewhere = set(story_group.elsewhere)
        story_facts = [f for f in story_facts if (f.article, f.sentence_index) not in elsewhere]
    return index, members, story_facts


def _facts_of(facts_of: Mapping[str, list[Fact]] | FactStore, article_id: str) -> list[Fact]:
    if isinstance(facts_of, Mapping):
        return list(facts_of.get(article_id, ()))
    return facts_of.facts(article_id)


def compare_story(
    articles: Mapping[str, Article], facts: list[Fact], settings: StorySettings
) -> list[Finding]:
    """The findings of one story: the one comparison every engine runs, wherever it runs."""
    story = Story(
        articles=dict(articles),
        facts=facts,
        variants=settings.variants,
        tolerances=dict(settings.tolerances),
        draft=settings.draft,
        thresholds=settings.thresholds,
    )
    return compare(story, policy=settings.policy)


def _finish(
    articles: Sequence[Article],
    facts: StoredFacts,
    findings: list[Finding],
    notes: list[str],
    groups: list[StoryGroup],
    settings: StorySettings,
    baseline: Collection[str],
) -> Report:
    """The report: the draft's context apart, each mention in its own words, accepted findings apart."""
    draft = settings.draft
    by_id = {a.id: a for a in articles}
    context: list[Finding] = []
    if draft is not None:
        context = [f for f in findings if draft not in f.articles]
        findings = [f for f in findings if draft in f.articles]
    quoted = _quoted(findings + context, facts.store)
    findings = with_own_words(findings, by_id, quoted)
    context = with_own_words(context, by_id, quoted)
    findings, accepted = _accept(articles, findings, frozenset(baseline), notes, settings.variants, draft)
    return Report(
        articles=list(articles),
        records=facts,
        findings=findings,
        notes=notes,
        stories=groups,
        draft=draft,
        context=context,
        accepted=accepted,
    )


def _quoted(findings: Iterable[Finding], store: FactStore) -> list[Fact]:
    """The facts ``with_own_words`` needs for ``findings``: the quotes of the articles an
    attribution finding cites (the speakers are read from them), no others."""
    cited = {m.article for f in findings if f.kind == "attribution" for v in f.values for m in v.mentions}
    return [fact for article_id in sorted(cited) for fact in store.facts(article_id) if fact.kind == "quote"]


class _StoryFinisher:
    """One story's findings as the report will hold them (as ``_finish`` does for all), so they
    can be written out as soon as the story is compared."""

    def __init__(
        self,
        articles: Sequence[Article],
        store: FactStore,
        baseline: Collection[str],
        settings: StorySettings,
        mismatch: list[Finding],
        full: Callable[[Article], Article] = _whole,
    ) -> None:
        self.by_id = {a.id: a for a in articles}
        self.full = full
        self.store, self.baseline, self.settings, self.mismatch = (
            store,
            frozenset(baseline),
            settings,
            mismatch,
        )
        self.rules: list[suppress.Suppression] = []
        self.problems: list[str] = []
        for article in articles:
            rules, problems = suppress.find(full(article))
            self.rules.extend(rules)
            self.problems.extend(problems)
        # what was found, for a report that does not hold the findings (analyse(keep=False))
        self.tally: dict[str, int] = dict.fromkeys(reversed(SEVERITIES), 0)
        self.accepted = {"suppressed": 0, "partly": 0, "house": 0, "known": 0}

    def __call__(
        self, story_group: StoryGroup, found: list[Finding]
    ) -> tuple[list[Finding], list[Finding], list[Finding]]:
        draft = self.settings.draft
        if draft is not None and draft in story_group.articles:
            found = found + self.mismatch
        facts = _quoted(found, self.store)
        context = [f for f in found if draft is not None and draft not in f.articles]
        by_id = self.by_id if self.full is _whole else _Whole(self.by_id, self.full)
        found = with_own_words([f for f in found if draft is None or draft in f.articles], by_id, facts)
        context = with_own_words(context, by_id, facts)
        kept, suppressed = suppress.split(found, self.rules, draft=draft)
        house = [f for f in kept if config.is_house_spelling(f, self.settings.variants)]
        kept = [f for f in kept if f not in house]
        known = [f for f in kept if f.id in self.baseline]
        kept = [f for f in kept if f.id not in self.baseline]
        for finding in kept:
            self.tally[finding.severity] += 1
        self.accepted["suppressed"] += len(suppressed)
        self.accepted["partly"] += sum(1 for f in kept if suppress.SUPPRESSED in dict(f.detail))
        self.accepted["house"] += len(house)
        self.accepted["known"] += len(known)
        return kept, context, suppressed + house + known

    def report(
        self, articles: Sequence[Article], facts: StoredFacts, notes: list[str], groups: list[StoryGroup]
    ) -> Report:
        """The report of a run whose findings all went to ``on_story``: their counts, no findings."""
        notes.extend(self.problems)
        _acceptance_notes(notes, **self.accepted)
        return Report(
            articles=list(articles),
            records=facts,
            findings=[],
            notes=notes,
            stories=groups,
            draft=self.settings.draft,
            tally={**self.tally, "accepted": sum(self.accepted[k] for k in ("suppressed", "house", "known"))},
        )


def _draft_story(
    groups: list[StoryGroup],
    draft: str,
    notes: list[str],
    articles: Sequence[Article],
    by_incident: bool = True,
    full: Callable[[Article], Article] = _whole,
) -> tuple[list[StoryGroup], list[Finding]]:
    """Only the draft's story is checked; references about something else are left out.

    A draft that shares its story with no reference is about another incident than all of
    them: that is a ``story`` finding of severity warning (so ``--fail-on warning`` exits 1),
    also logged as a warning, since nothing in the draft could be checked."""
    own = next(g for g in groups if draft in g.articles)
    others = [g for g in groups if g is not own]
    left_out = [a for g in others for a in g.articles]
    if not left_out:
        return [own], []
    if len(own.articles) > 1 or not by_incident:
        notes.append(
            f"not about the draft's story, so not compared: {', '.join(left_out)} "
            "(use --group none to compare them anyway)"
        )
        return [own], []
    finding = _other_incident(own, others, _Whole({a.id: a for a in articles}, full))
    log.warning("%s", finding.message)
    return [own], [finding]


def _other_incident(own: StoryGroup, others: list[StoryGroup], by_id: Mapping[str, Article]) -> Finding:
    """The warning that a draft reports another incident than its references."""

    def first_line(article_id: str) -> Mention:
        article = by_id[article_id]
        body = article.text[article.body_start :]
        start = article.body_start + len(body) - len(body.lstrip())
        line, column = article.position(start)
        text = body.strip().splitlines()[0] if body.strip() else ""
        return Mention(article=article_id, line=line, column=column, sentence=text)

    main = max(others, key=lambda g: len(g.articles))
    references = "; ".join(f"{g.describe()} ({len(g.articles)} reference(s))" for g in others)
    message = (
        f"the draft {own.articles[0]} reports {own.describe()}, but the references report "
        f"another incident: {references}; check the draft against references of its own incident "
        "(or use --group none)"
    )
    values = (
        Value(
            text=own.describe(),
            normalized=f"draft: {own.describe()}",
            mentions=(first_line(own.articles[0]),),
        ),
        Value(
            text=main.describe(),
            normalized=f"references: {main.describe()}",
            mentions=tuple(first_line(a) for g in others for a in g.articles),
        ),
    )
    return Finding(
        kind="story",
        severity="warning",
        subject="incident",
        message=message,
        values=values,
        rule="draft-other-incident",
    )


def _accept(
    articles: Sequence[Article],
    findings: list[Finding],
    baseline: frozenset[str],
    notes: list[str],
    variants: tuple[tuple[str, ...], ...] = (),
    draft: str | None = None,
) -> tuple[list[Finding], list[Finding]]:
    """(reported, accepted): accepted findings are in the baseline, are the desk's own house
    spellings, or have every place they are reported at suppressed inline. A suppression
    covers the mention it annotates: the finding is still reported at the other articles."""
    rules: list[suppress.Suppression] = []
    for article in articles:
        found, problems = suppress.find(article)
        rules.extend(found)
        notes.extend(problems)
    kept, suppressed = suppress.split(findings, rules, draft=draft)
    house = [f for f in kept if config.is_house_spelling(f, variants)]
    kept = [f for f in kept if f not in house]
    known = [f for f in kept if f.id in baseline]
    kept = [f for f in kept if f.id not in baseline]
    partly = sum(1 for f in kept if suppress.SUPPRESSED in dict(f.detail))
    _acceptance_notes(notes, len(suppressed), partly, len(house), len(known))
    return kept, suppressed + house + known


def _acceptance_notes(notes: list[str], suppressed: int, partly: int, house: int, known: int) -> None:
    """The notes saying how many findings were accepted, and why."""
    if suppressed or partly:
        notes.append(
            f"discrepancy-ignore comments: {suppressed} finding(s) suppressed"
            + (f", {partly} reported only where no comment covers them" if partly else "")
        )
    if house:
        notes.append(f"{house} finding(s) are house spellings from the variants setting, not reported")
    if known:
        notes.append(f"{known} finding(s) already in the baseline, not reported")


def with_own_words(
    findings: Iterable[Finding], articles: Mapping[str, Article], facts: Any = None
) -> list[Finding]:
    """Every mention carrying its own words: taken from its article where a rule left them
    out, and for an attribution the speaker as that article names them (its mention is the
    quote, but the value is who said it)."""
    speakers = _speakers(facts) if facts is not None else {}
    out = []
    for finding in findings:
        values = []
        for value in finding.values:
            mentions = []
            for m in value.mentions:
                if finding.kind == "attribution":
                    m = replace(m, text=speakers.get((m.article, m.start, m.end), ""))
                elif not m.text and m.article in articles and m.end > m.start:
                    m = replace(m, text=articles[m.article].text[m.start : m.end])
                mentions.append(m)
            values.append(replace(value, mentions=tuple(mentions)))
        out.append(replace(finding, values=tuple(values)))
    return out


def _speakers(facts: Iterable[Fact]) -> dict[tuple[str, int, int], str]:
    """(article, start, end) of each quote -> its speaker as written there."""
    out = {}
    for fact in facts:
        if fact.kind != "quote":
            continue
        written = fact.detail.get("speaker_text") if isinstance(fact.detail, dict) else None
        name = written or (fact.speaker if isinstance(fact.speaker, str) else "")
        if name:
            out[(fact.article, int(fact.start), int(fact.end))] = name
    return out


#: What a path may be given as: a string or any os.PathLike.
PathArg = Union[str, "os.PathLike[str]"]


def as_paths(value: PathArg | Iterable[PathArg], name: str = "paths") -> list[str]:
    """One path or an iterable of paths, as strings; anything else is a TypeError naming ``name``."""
    if isinstance(value, (str, os.PathLike)):
        return [os.fspath(value)]
    if isinstance(value, bytes) or not isinstance(value, Iterable):
        raise TypeError(
            f"{name}: expected a path (str or os.PathLike) or an iterable of paths, "
            f"got {type(value).__name__}"
        )
    out = []
    for item in value:
        if not isinstance(item, (str, os.PathLike)):
            raise TypeError(
                f"{name}: every item must be a path (str or os.PathLike), got {type(item).__name__}"
            )
        out.append(os.fspath(item))
    return out


def as_collection(value: Any, name: str, example: str) -> tuple[Any, ...]:
    """A collection argument as a tuple; a bare string (read letter by letter otherwise) is a TypeError."""
    if value is None:
        return ()
    if isinstance(value, (str, bytes)):
        raise TypeError(
            f"{name}: expected a collection such as {example}, got the bare string {value!r} "
            f"(write ({value!r},))"
        )
    if not isinstance(value, Iterable):
        raise TypeError(f"{name}: expected a collection such as {example}, got {type(value).__name__}")
    return tuple(value)


def load(
    paths: Sequence[str],
    ignore: Sequence[str] = (),
    *,
    keep_going: bool = False,
    exclude: Iterable[str | os.PathLike[str]] = (),
    fields: str | Mapping[str, str] | None = None,
    each: Callable[[Article], Article] | None = None,
) -> tuple[list[Article], list[str]]:
    """Load the articles under ``paths``, leaving out files matching an ``ignore`` glob.
    URLs (``s3://bucket/archive/``) are read through fsspec (``discrepancy.engines.files``).
    ``each``, if given, is what is kept of every article as it is read."""
    if paths and all("://" in p for p in paths):
        from .engines.files import load_urls

        return load_urls(list(paths), each)
    if not ignore:
        return load_articles(list(paths), keep_going=keep_going, exclude=exclude, fields=fields, each=each)
    files, notes = find_article_files(list(paths), keep_going=keep_going, exclude=exclude)
    kept = [f for f in files if not any(f.match(p) or fnmatch(str(f), p) for p in ignore)]
    if not kept:
        raise InputError(f"{', '.join(paths)}: every article matches an ignore pattern ({', '.join(ignore)})")
    articles, more = load_articles(
        [str(f) for f in kept], keep_going=keep_going, exclude=exclude, fields=fields, each=each
    )
    return articles, notes + more


def check(
    paths: PathArg | Iterable[PathArg],
    *,
    skip_kinds: Iterable[str] = (),
    group: str = "auto",
    against: PathArg | Iterable[PathArg] | None = None,
    draft_text: str | None = None,
    draft_date: str | None = None,
    ignore: Iterable[str] = (),
    variants: Iterable[Sequence[str]] = (),
    tolerances: Mapping[str, float] | None = None,
    baseline: Collection[str] = (),
    progress: Progress | None = None,
    jobs: int | None = 1,
    keep_going: bool = False,
    exclude: Iterable[PathArg] = (),
    fields: str | Mapping[str, str] | None = None,
    select: Iterable[str] = (),
    severities: Mapping[str, str] | None = None,
    thresholds: Thresholds | None = None,
    engine: Any = None,
    on_story: StorySink | None = None,
    keep: bool = True,
) -> Report:
    """Check the articles at ``paths`` (files or folders) against each other, story by story.

    With ``against`` (files or folders of references), ``paths`` is the one draft to check
    (``"-"`` with ``draft_text`` for text from standard input; ``draft_date`` YYYY-MM-DD
    gives it a publication date). ``keep_going`` turns unreadable files into notes;
    ``exclude`` paths are never read (the report being written); ``fields`` names the
    columns of ``.jsonl``/``.csv`` exports.
    ``select``, ``severities`` and ``thresholds`` choose rules, re-grade them and set the
    thresholds (see ``discrepancy.rules`` and ``discrepancy.thresholds``). ``engine``,
    ``on_story`` and ``keep`` are ``analyse``'s.

    >>> report = check(["fixtures/seeds"])            # doctest: +SKIP
    >>> [f.subject for f in report.findings if f.severity == "error"]   # doctest: +SKIP
    """
    paths = as_paths(paths)
    skip_kinds = as_collection(skip_kinds, "skip_kinds", "('entity',)")
    ignore = as_collection(ignore, "ignore", "('drafts/*',)")
    variants = as_collection(variants, "variants", "[('Kyiv', 'Kiev')]")
    if any(isinstance(v, str) for v in variants):
        raise TypeError("variants: expected groups of spellings such as [('Kyiv', 'Kiev')], not strings")
    baseline = frozenset(as_collection(baseline, "baseline", "discrepancy.baseline.load(path)"))
    if draft_date is not None:
        if against is None:
            raise InputError("--date gives the draft's publication date; it needs --against REF")
        _iso_date(draft_date)
    options: dict[str, Any] = {
        "variants": variants,
        "tolerances": tolerances,
        "baseline": baseline,
        "progress": progress,
        "jobs": jobs,
        "select": as_collection(select, "select", "('number-conflict',)"),
        "severities": severities,
        "thresholds": thresholds,
        "engine": engine,
        "on_story": on_story,
        "keep": keep,
    }
    loading: dict[str, Any] = {
        "keep_going": keep_going,
        "exclude": as_paths(exclude, "exclude") if exclude else (),
        "fields": fields,
    }
    if not keep:  # the findings are not kept for a report, so the texts need not be either
        from .engines.texts import TextSpill

        options["texts"] = TextSpill()
        loading["each"] = options["texts"].lighten
    if against is None:
        if "-" in paths:
            raise InputError("-: standard input is read only as the DRAFT of check - --against REF...")
        articles, notes = load(paths, ignore, **loading)
        return analyse(articles, skip_kinds=skip_kinds, notes=notes, group=group, **options)
    against = as_paths(against, "against")
    if len(paths) != 1:
        raise InputError("check --against takes exactly one DRAFT (a file, or - for standard input)")
    references, notes = load(against, ignore, **loading)
    draft, more = _load_draft(paths[0], draft_text, draft_date)
    notes = more + notes
    references = [a for a in references if Path(a.path).resolve() != Path(draft.path).resolve()]
    if not references:
        raise InputError(f"{', '.join(against)}: no reference articles besides the draft")
    if draft.id in {a.id for a in references}:
        draft = replace(draft, id=f"draft:{draft.id}")
    return analyse(
        [draft] + references, skip_kinds=skip_kinds, notes=notes, group=group, draft=draft.id, **options
    )


def _iso_date(value: str) -> str:
    try:
        return dt.date.fromisoformat(value).isoformat()
    except (TypeError, ValueError):
        raise InputError(f"--date {value}: not a date; write it as YYYY-MM-DD") from None


def _load_draft(path: str, text: str | None, date: str | None = None) -> tuple[Article, list[str]]:
    """The draft: a file, or ``-`` for ``text`` read from standard input; ``date`` (given by
    the user) is its publication date."""
    notes: list[str] = []
    if path == "-":
        if text is None or not text.strip():
            raise InputError("-: the draft on standard input is empty")
        draft = load_text(text, article_id="stdin", path="stdin")
    else:
        if Path(path).is_dir():
            raise InputError(
                f"{path}: the draft must be one file, not a folder (references go after --against)"
            )
        drafts, notes = load_articles([path])
        draft = drafts[0]
    if date is not None:
        draft = replace(draft, published=_iso_date(date), published_time=None, published_source="--date")
        notes = [n for n in notes if "no publication date found" not in n]
    elif draft.published is None and path == "-":
        notes.append(
            "stdin: the draft has no publication date, so its relative dates (yesterday, "
            "on Tuesday) are not checked; give one with --date YYYY-MM-DD or front matter 'date:'"
        )
    return draft, notes


def extract_facts(
    paths: Sequence[str], kinds: Iterable[str] = (), jobs: int | None = 1, ignore: Sequence[str] = ()
) -> tuple[Any, list[str]]:
    """The facts table (only ``kinds``, if given) for the articles at ``paths``, without
    comparing them, and the loader's notes."""
    articles, notes = load(paths, ignore)
    from .facts import facts_frame  # pandas only for the table

    frame = facts_frame(extract_all(articles, jobs, extract=normalize.extract))
    kinds = list(kinds)
    if kinds and not frame.empty:
        frame = frame[frame["kind"].isin(kinds)].reset_index(drop=True)
    return frame, notes
