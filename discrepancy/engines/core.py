"""What every engine shares: the plan of a check, one story's work, progress, the report.

An engine decides only *where* the work runs. The work itself is the same everywhere:
``check_story`` extracts the facts of one story's articles (``discrepancy.normalize.extract``)
and compares them (``discrepancy.compare.compare``), and ``assemble`` turns the stories'
results, in whatever order they finish, into the same ``Report``. Facts travel as
``Fact`` records; the pandas table is built once, for ``Report.facts``, by
``discrepancy.facts.facts_frame``.
"""
from __future__ import annotations

import json
import logging
import os
import sys
import time
from dataclasses import dataclass, field, replace
from typing import IO, Callable, Iterable, Sequence

from .. import suppress
from ..model import Article, Fact, Finding, Report
from ..stories import StoryGroup

log = logging.getLogger(__name__)

#: Seconds between two progress lines (``DISCREPANCY_PROGRESS_EVERY`` overrides it).
PROGRESS_EVERY = 5.0


@dataclass(frozen=True)
class Plan:
    """What to check and how to compare, whatever engine runs it (picklable, sent to workers)."""

    skip_kinds: frozenset[str] = frozenset()
    group: str = "auto"
    draft: str | None = None
    variants: tuple[tuple[str, ...], ...] = ()
    tolerances: tuple[tuple[str, float], ...] = ()
    baseline: frozenset[str] = frozenset()
    keep_facts: bool = True          # False: an archive run, facts are dropped once compared


@dataclass
class StoryResult:
    """One story's outcome: its index in the story list, its findings, (when kept) the
    facts of each of its articles, and the articles when a worker read them."""

    index: int
    findings: list[Finding]
    facts: dict[str, list[Fact]] = field(default_factory=dict)
    articles: list[Article] = field(default_factory=list)     # as read by a worker, when the client has none


def _fact_order(fact: Fact) -> tuple:
    return fact.article, fact.start, fact.end, fact.kind


def _as_table_values(fact: Fact) -> Fact:
    """The values a rule would see after the facts table: bounds as floats, NaN as None."""
    for name in ("low", "high"):
        value = getattr(fact, name)
        if value is not None and (value != value):
            setattr(fact, name, None)
        elif type(value) is int:
            setattr(fact, name, float(value))
    return fact


def compare_story(articles: Sequence[Article], facts: Iterable[Fact], plan: Plan) -> list[Finding]:
    """The findings of one story from its articles and their facts."""
    from ..compare import compare
    from ..compare.base import Story
    ordered = sorted((_as_table_values(f) for f in facts), key=_fact_order)   # stable: as the table
    story = Story(articles={a.id: a for a in articles}, facts=ordered, variants=plan.variants,
                  tolerances=dict(plan.tolerances), draft=plan.draft)
    return compare(story, skip_kinds=plan.skip_kinds)


def extract(article: Article) -> list[Fact]:
    """The facts of one article (the normalizers load their libraries on first use, once per process)."""
    from ..normalize import extract as normalize_extract
    return normalize_extract(article)


def check_story(index: int, articles: Sequence[Article], plan: Plan) -> StoryResult:
    """Extract and compare one story in this process."""
    facts = {a.id: extract(a) for a in articles}
    findings = compare_story(articles, (f for a in articles for f in facts[a.id]), plan)
    return StoryResult(index, findings, facts if plan.keep_facts else {})


def light(article: Article, keep_text: bool) -> Article:
    """The article for the report of an archive run: without its text (unless kept, or it
    holds discrepancy-ignore comments, which are applied later)."""
    if keep_text:
        return article
    found, problems = suppress.find(article)
    return article if found or problems else replace(article, text="", line_starts=(0,))


def draft_story(groups: list[StoryGroup], draft: str, notes: list[str]) -> list[StoryGroup]:
    """Only the draft's story is checked; references about something else are left out."""
    own = next(g for g in groups if draft in g.articles)
    others = [a for g in groups if g is not own for a in g.articles]
    if others:
        notes.append(f"not about the draft's story, so not compared: {', '.join(others)} "
                     "(use --group none to compare them anyway)")
    return [own]


class Tracker:
    """Counts articles read and stories compared, and writes a progress line every few
    seconds to ``stream`` (a terminal or a CI log alike); a short run prints nothing."""

    def __init__(self, stream: IO[str] | None = None, every: float | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if every is None:
            every = float(os.environ.get("DISCREPANCY_PROGRESS_EVERY") or PROGRESS_EVERY)
        self.stream, self.every, self.clock = stream, every, clock
        self.articles = self.total_articles = self.stories = self.total_stories = 0
        self.started = self.last = clock()
        self.lines = 0

    def expect(self, articles: int | None = None, stories: int | None = None) -> None:
        if articles is not None:
            self.total_articles = articles
        if stories is not None:
            self.total_stories = stories

    def loaded(self, done: int, total: int) -> None:
        """Files read from disk so far, before the check starts (a line every few seconds)."""
        if self.stream is not None and self.clock() - self.last >= self.every:
            self.last = self.clock()
            print(f"discrepancy: progress: {done:,}/{total:,} files loaded ({self.last - self.started:.0f} s)",
                  file=self.stream, flush=True)
            self.lines += 1

    def read(self, count: int = 1) -> None:
        self.articles += count
        self._maybe_show()

    def compared(self, count: int = 1) -> None:
        self.stories += count
        self._maybe_show()

    def _maybe_show(self) -> None:
        if self.stream is not None and self.clock() - self.last >= self.every:
            self.show()

    def show(self) -> None:
        """Write the progress line now."""
        self.last = self.clock()
        stories = f"{self.stories:,}/{self.total_stories:,}" if self.total_stories else f"{self.stories:,}"
        line = (f"discrepancy: progress: {self.articles:,}/{self.total_articles:,} articles read, "
                f"{stories} stories compared ({self.last - self.started:.0f} s)")
        print(line, file=self.stream or sys.stderr, flush=True)
        self.lines += 1


class JsonLines:
    """Writes one story's findings per line as the story completes, and counts them;
    the findings are not kept."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.counts: dict[str, int] = {}
        self.stories = 0

    def __call__(self, story: StoryGroup, findings: list[Finding], context: list[Finding],
                 accepted: list[Finding]) -> None:
        line = {"story": story.id, "articles": list(story.articles), "terms": list(story.terms),
                "findings": [dict(f.to_dict(), story=story.id) for f in findings]}
        if context:
            line["context"] = [dict(f.to_dict(), story=story.id) for f in context]
        if accepted:
            line["accepted"] = [f.id for f in accepted]
        self.stream.write(json.dumps(line, ensure_ascii=False) + "\n")
        self.stream.flush()
        self.stories += 1
        for finding in findings:
            self.counts[finding.severity] = self.counts.get(finding.severity, 0) + 1


#: Receives each compared story (story, findings, context, accepted) as it completes.
Sink = Callable[[StoryGroup, "list[Finding]", "list[Finding]", "list[Finding]"], None]


def assemble(articles: Sequence[Article], groups: list[StoryGroup], results: Iterable[StoryResult],
             plan: Plan, notes: Sequence[str] | Callable[[list[Article]], list[str]],
             tracker: Tracker | None = None, sink: Sink | None = None,
             extra_facts: dict[str, list[Fact]] | None = None) -> Report:
    """The report from the stories' results (in any order): findings in story order, the
    draft's context apart, accepted findings apart; with ``sink``, each story is handed
    over as it completes and nothing of it is kept. Articles a result carries (read by a
    worker) replace the placeholders in ``articles``; ``notes`` may be a function of the
    final articles."""
    by_id = {a.id: a for a in articles}
    rules: dict[str, tuple[list[suppress.Suppression], list[str]]] = {}

    def rules_of(article_id: str) -> list[suppress.Suppression]:
        if article_id not in rules:
            rules[article_id] = suppress.find(by_id[article_id])
        return rules[article_id][0]

    per_story: dict[int, list[Finding]] = {}
    facts: dict[str, list[Fact]] = dict(extra_facts or {})
    streamed: dict[str, int] = {}
    for result in results:
        if tracker:
            tracker.compared()
        for article in result.articles:
            by_id[article.id] = article
        if sink is None:
            per_story[result.index] = result.findings
            facts.update(result.facts)
            continue
        story = groups[result.index]
        context, findings = _split_draft(result.findings, plan.draft)
        kept, accepted = _accept(findings, [r for a in story.articles for r in rules_of(a)], plan.baseline)
        sink(story, kept, context, accepted)
        for finding in kept:
            streamed[finding.severity] = streamed.get(finding.severity, 0) + 1
    if tracker and tracker.lines:
        tracker.show()      # the last word: everything read and compared
    final = [by_id[a.id] for a in articles]
    every_rule = [r for a in final for r in rules_of(a.id)]
    notes = notes(final) if callable(notes) else list(notes)
    notes.extend(problem for a in final for problem in rules[a.id][1])
    if sink is not None:
        report = Report(articles=final, facts=_frame([]), findings=[], notes=notes, stories=groups,
                        draft=plan.draft)
        report.streamed = streamed
        return report
    findings = [f for i in range(len(groups)) for f in per_story.get(i, [])]
    context, findings = _split_draft(findings, plan.draft)
    kept, suppressed = suppress.split(findings, every_rule)
    known = [f for f in kept if f.id in plan.baseline]
    kept = [f for f in kept if f.id not in plan.baseline]
    if suppressed:
        notes.append(f"{len(suppressed)} finding(s) suppressed by discrepancy-ignore comments")
    if known:
        notes.append(f"{len(known)} finding(s) already in the baseline, not reported")
    table = _frame(f for a in final for f in facts.get(a.id, ()))
    return Report(articles=final, facts=table, findings=kept, notes=notes, stories=groups,
                  draft=plan.draft, context=context, accepted=suppressed + known)


def _frame(facts: Iterable[Fact]):
    from ..facts import facts_frame
    return facts_frame(facts)


def _split_draft(findings: list[Finding], draft: str | None) -> tuple[list[Finding], list[Finding]]:
    """(context, findings): in draft mode, disagreements among the references are context."""
    if draft is None:
        return [], findings
    return [f for f in findings if draft not in f.articles], [f for f in findings if draft in f.articles]


def _accept(findings: list[Finding], rules: list[suppress.Suppression],
            baseline: frozenset[str]) -> tuple[list[Finding], list[Finding]]:
    kept, suppressed = suppress.split(findings, rules)
    known = [f for f in kept if f.id in baseline]
    return [f for f in kept if f.id not in baseline], suppressed + known


