"""The library behind the CLI: load -> normalize -> compare, returning a ``Report``."""
from __future__ import annotations

import logging
from dataclasses import replace
from fnmatch import fnmatch
from pathlib import Path
from typing import Any, Callable, Collection, Iterable, Mapping, Sequence

from . import normalize, stories, suppress
from .articles import InputError, find_article_files, load_articles, load_text
from .compare import compare
from .compare.base import Story
from .facts import facts_frame
from .model import Article, Fact, Finding, Mention, Report, Value
from .parallel import extract_all
from .stories import StoryGroup

log = logging.getLogger(__name__)

#: Wraps the list of articles being read, e.g. to show a progress bar.
Progress = Callable[[list[Article]], Iterable[Article]]


def analyse(articles: Sequence[Article], skip_kinds: Iterable[str] = (), notes: Sequence[str] = (), *,
            group: str = "auto", draft: str | None = None, variants: Sequence[Sequence[str]] = (),
            tolerances: Mapping[str, float] | None = None,
            baseline: Collection[str] = (), progress: Progress | None = None, jobs: int | None = 1) -> Report:
    """Extract facts from loaded articles, group them into stories and compare each story.

    Facts are never compared across stories. With ``draft`` (an article id), findings are
    those touching the draft; disagreements among the other articles alone become
    ``Report.context``. Findings whose id is in ``baseline`` or that an inline
    ``discrepancy-ignore`` comment covers go to ``Report.accepted``. ``jobs`` processes
    read the articles (None: every core); the report is the same whatever it is.
    """
    notes = list(notes)
    if len(articles) == 1:
        notes.append(f"{articles[0].path}: only one article, so only disagreements inside it can be found; "
                     "give more reports of the same story")
    skip = frozenset(skip_kinds)
    extracted = extract_all(articles, jobs, extract=normalize.extract, progress=progress)
    facts = facts_frame(extracted)
    facts_of: dict[str, list[Fact]] = {a.id: [] for a in articles}
    for fact in extracted:
        facts_of[fact.article].append(fact)
    groups = stories.group(articles, group, facts=facts_of)
    mismatch: list[Finding] = []
    if draft is not None:
        groups, mismatch = _draft_story(groups, draft, notes, articles, by_incident=group == "auto")
    by_id = {a.id: a for a in articles}
    variants = tuple(tuple(v) for v in variants)
    findings: list[Finding] = []
    rows_of = facts.groupby("article", sort=False).indices if not facts.empty else {}
    for story_group in groups:
        members = {i: by_id[i] for i in story_group.articles}
        rows = sorted(r for i in members for r in rows_of.get(i, ()))   # a story's rows, not a scan of all
        story_facts = facts.iloc[rows].reset_index(drop=True)
        if story_group.elsewhere and not story_facts.empty:    # sentences about another story's incident
            where = list(zip(story_facts["article"], story_facts["sentence_index"]))
            story_facts = story_facts[[w not in set(story_group.elsewhere) for w in where]].reset_index(drop=True)
        story = Story(articles=members, facts=story_facts, variants=variants,
                      tolerances=dict(tolerances or {}), draft=draft)
        findings.extend(compare(story, skip_kinds=skip))
    findings.extend(mismatch)
    context: list[Finding] = []
    if draft is not None:
        context = [f for f in findings if draft not in f.articles]
        findings = [f for f in findings if draft in f.articles]
    findings, accepted = _accept(articles, findings, frozenset(baseline), notes)
    return Report(articles=list(articles), facts=facts, findings=findings, notes=notes,
                  stories=groups, draft=draft, context=context, accepted=accepted)


def _draft_story(groups: list[StoryGroup], draft: str, notes: list[str], articles: Sequence[Article],
                 by_incident: bool = True) -> tuple[list[StoryGroup], list[Finding]]:
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
        notes.append(f"not about the draft's story, so not compared: {', '.join(left_out)} "
                     "(use --group none to compare them anyway)")
        return [own], []
    finding = _other_incident(own, others, {a.id: a for a in articles})
    log.warning("%s", finding.message)
    return [own], [finding]


def _other_incident(own: StoryGroup, others: list[StoryGroup], by_id: Mapping[str, Article]) -> Finding:
    """The warning that a draft reports another incident than its references."""
    def first_line(article_id: str) -> Mention:
        article = by_id[article_id]
        body = article.text[article.body_start:]
        start = article.body_start + len(body) - len(body.lstrip())
        line, column = article.position(start)
        text = body.strip().splitlines()[0] if body.strip() else ""
        return Mention(article=article_id, line=line, column=column, sentence=text)

    main = max(others, key=lambda g: len(g.articles))
    references = "; ".join(f"{g.describe()} ({len(g.articles)} reference(s))" for g in others)
    message = (f"the draft {own.articles[0]} reports {own.describe()}, but the references report "
               f"another incident: {references}; check the draft against references of its own incident "
               "(or use --group none)")
    values = (Value(text=own.describe(), normalized=f"draft: {own.describe()}", mentions=(first_line(own.articles[0]),)),
              Value(text=main.describe(), normalized=f"references: {main.describe()}",
                    mentions=tuple(first_line(a) for g in others for a in g.articles)))
    return Finding(kind="story", severity="warning", subject="incident", message=message, values=values,
                   rule="draft-other-incident")


def _accept(articles: Sequence[Article], findings: list[Finding], baseline: frozenset[str],
            notes: list[str]) -> tuple[list[Finding], list[Finding]]:
    """(reported, accepted): accepted findings are in the baseline or suppressed inline."""
    rules: list[suppress.Suppression] = []
    for article in articles:
        found, problems = suppress.find(article)
        rules.extend(found)
        notes.extend(problems)
    kept, suppressed = suppress.split(findings, rules)
    known = [f for f in kept if f.id in baseline]
    kept = [f for f in kept if f.id not in baseline]
    if suppressed:
        notes.append(f"{len(suppressed)} finding(s) suppressed by discrepancy-ignore comments")
    if known:
        notes.append(f"{len(known)} finding(s) already in the baseline, not reported")
    return kept, suppressed + known


def load(paths: Sequence[str], ignore: Sequence[str] = ()) -> tuple[list[Article], list[str]]:
    """Load the articles under ``paths``, leaving out files matching an ``ignore`` glob."""
    if not ignore:
        return load_articles(list(paths))
    files, notes = find_article_files(list(paths))
    kept = [f for f in files if not any(f.match(p) or fnmatch(str(f), p) for p in ignore)]
    if not kept:
        raise InputError(f"{', '.join(paths)}: every article matches an ignore pattern "
                         f"({', '.join(ignore)})")
    articles, more = load_articles([str(f) for f in kept])
    return articles, notes + more


def check(paths: Sequence[str] | str, *, skip_kinds: Iterable[str] = (), group: str = "auto",
          against: Sequence[str] | None = None, draft_text: str | None = None,
          ignore: Sequence[str] = (), **options: Any) -> Report:
    """Check the articles at ``paths`` (files or folders) against each other, story by story.

    With ``against`` (files or folders of references), ``paths`` is the one draft to check
    (``"-"`` with ``draft_text`` for text from standard input). ``options`` are passed to
    ``analyse`` (variants, tolerances, baseline, progress, jobs).

    >>> report = check(["fixtures/seeds"])            # doctest: +SKIP
    >>> [f.subject for f in report.findings if f.severity == "error"]   # doctest: +SKIP
    """
    if isinstance(paths, str):
        paths = [paths]
    if against is None:
        if "-" in paths:
            raise InputError("-: standard input is read only as the DRAFT of check - --against REF...")
        articles, notes = load(paths, ignore)
        return analyse(articles, skip_kinds=skip_kinds, notes=notes, group=group, **options)
    if len(paths) != 1:
        raise InputError("check --against takes exactly one DRAFT (a file, or - for standard input)")
    references, notes = load(against, ignore)
    draft, more = _load_draft(paths[0], draft_text)
    notes = more + notes
    references = [a for a in references if Path(a.path).resolve() != Path(draft.path).resolve()]
    if not references:
        raise InputError(f"{', '.join(against)}: no reference articles besides the draft")
    if draft.id in {a.id for a in references}:
        draft = replace(draft, id=f"draft:{draft.id}")
    return analyse([draft] + references, skip_kinds=skip_kinds, notes=notes, group=group,
                   draft=draft.id, **options)


def _load_draft(path: str, text: str | None) -> tuple[Article, list[str]]:
    """The draft: a file, or ``-`` for ``text`` read from standard input."""
    if path == "-":
        if not (text or "").strip():
            raise InputError("-: the draft on standard input is empty")
        return load_text(text, article_id="stdin", path="stdin"), []
    if Path(path).is_dir():
        raise InputError(f"{path}: the draft must be one file, not a folder (references go after --against)")
    drafts, notes = load_articles([path])
    return drafts[0], notes


def extract_facts(paths: Sequence[str], kinds: Iterable[str] = (), jobs: int | None = 1,
                  ignore: Sequence[str] = ()) -> tuple[Any, list[str]]:
    """The facts table (only ``kinds``, if given) for the articles at ``paths``, without
    comparing them, and the loader's notes."""
    articles, notes = load(paths, ignore)
    frame = facts_frame(extract_all(articles, jobs, extract=normalize.extract))
    kinds = list(kinds)
    if kinds and not frame.empty:
        frame = frame[frame["kind"].isin(kinds)].reset_index(drop=True)
    return frame, notes
