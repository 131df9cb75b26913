"""One self-contained HTML page: the articles of each story side by side, every
conflicting span highlighted and linked to its finding (and back).

Every piece of article text, and every message quoting it, is escaped: an article may
hold markup (even ``<script>``) and the page must show it as text.
"""
from __future__ import annotations

from html import escape

from ..model import Article, Finding, Mention, Report
from .anchors import one_line

STYLE = """
body{font:15px/1.5 system-ui,sans-serif;margin:1.5em;color:#222}
h1{margin:0 0 .3em}h2{margin-top:1.6em;border-bottom:1px solid #ccc}
.grid{display:grid;gap:1em;overflow-x:auto}
article{border:1px solid #ddd;border-radius:6px;padding:.6em .8em;min-width:20em}
article.draft{border:2px solid #246}
article h3{margin:.2em 0;font-size:1em;font-family:monospace}
.meta{color:#666;font-size:.85em;margin:0 0 .5em}
.text{white-space:pre-wrap;font-family:Georgia,serif;font-size:.95em}
a.hl{text-decoration:none;color:inherit;border-radius:3px;padding:0 1px}
a.hl.error,li.error>.badge{background:#f8c4c4}
a.hl.warning,li.warning>.badge{background:#fbe3a6}
a.hl.info,li.info>.badge{background:#cfe3f7}
:target{outline:3px solid #246}
.badge{font-size:.75em;font-weight:bold;padding:0 .4em;border-radius:3px}
.badge.draft{background:#246;color:#fff}
a.hl.context{background:none;border-bottom:2px dashed #999}
.values{margin:.2em 0 .6em 1em;font-size:.9em}
.notes{color:#555}
code{font-size:.9em}
"""


Span = tuple[int, int, Finding, str]


def _span_marks(findings: list[Finding]) -> tuple[dict[str, list[Span]], dict[int, str]]:
    """Per article, the highlighted spans (start, end, finding, anchor id), without
    overlaps; and the anchor id of each highlighted mention (keyed by ``id(mention)``)."""
    spans: dict[str, list[tuple[int, int, Finding, str, Mention]]] = {}
    for finding in findings:
        for value in finding.values:
            for m in value.mentions:
                if m.end > m.start:
                    spans.setdefault(m.article, []).append((m.start, m.end, finding, "", m))
    marks: dict[str, list[Span]] = {}
    anchors: dict[int, str] = {}
    for article, found in spans.items():
        found.sort(key=lambda s: (s[0], -s[1]))
        end = -1
        for start, stop, finding, _, m in found:
            if start >= end:
                anchor = f"m{len(anchors) + 1}"
                anchors[id(m)] = anchor
                marks.setdefault(article, []).append((start, stop, finding, anchor))
                end = stop
    return marks, anchors


def _article_html(article: Article, spans: list[Span], draft: bool, context: set[str]) -> str:
    text, out, at = article.text, [], 0
    for start, end, finding, anchor in spans:
        out.append(escape(text[at:start]))
        title = escape(one_line(f"{finding.severity} {finding.kind}: {finding.message}"))
        style = f"{finding.severity} context" if finding.id in context else finding.severity
        out.append(f'<a class="hl {style}" id="{anchor}" href="#{escape(finding.id)}" '
                   f'title="{title}">{escape(text[start:end])}</a>')
        at = end
    out.append(escape(text[at:]))
    meta = [escape(article.path)]
    if article.published:
        meta.append(f"published {escape(article.published)}")
    if article.title:
        meta.append(escape(article.title))
    kind = ' class="draft"' if draft else ""
    label = ' <span class="badge draft">DRAFT</span>' if draft else ""
    return (f'<article{kind}><h3>{escape(article.id)}{label}</h3><p class="meta">{" · ".join(meta)}</p>'
            f'<div class="text">{"".join(out)}</div></article>')


def _finding_html(finding: Finding, anchors: dict[int, str]) -> str:
    values = []
    for value in finding.values:
        places = [f'<a href="#{anchors[id(m)]}">{escape(m.article)}:{m.line}:{m.column}</a>'
                  if id(m) in anchors else f"{escape(m.article)}:{m.line}:{m.column}"
                  for m in value.mentions]
        values.append(f"<li>“{escape(value.text)}” <code>{escape(value.normalized)}</code> — "
                      f"{', '.join(places)}</li>")
    where = "inside one article" if finding.internal else f"{len(finding.articles)} articles"
    return (f'<li id="{escape(finding.id)}" class="{finding.severity}"><span class="badge">'
            f'{finding.severity.upper()}</span> {escape(finding.kind)} · <b>{escape(finding.subject)}</b> — '
            f'{escape(finding.message)} <small><code>{escape(finding.id)}</code> · {where}</small>'
            f'<ul class="values">{"".join(values)}</ul></li>')


def _findings_list(title: str, findings: list[Finding], anchors: dict[int, str]) -> list[str]:
    if not findings:
        return []
    return [f"<h2>{escape(title)}</h2>", "<ol>"] + [_finding_html(f, anchors) for f in findings] + ["</ol>"]


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def render(report: Report) -> str:
    """The whole page as one string (no external resources)."""
    shown = report.findings + report.context
    marks, anchors = _span_marks(shown)
    context = {f.id for f in report.context}
    counts = ", ".join(f"{n} {s}" for s, n in report.counts().items())
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             "<title>Discrepancy report</title>", f"<style>{STYLE}</style></head><body>",
             "<h1>Discrepancy report</h1>",
             f"<p>{_count(len(report.findings), 'finding')} ({counts}) in "
             f"{_count(len(report.articles), 'article')}"
             f"{', ' + _count(len(report.stories), 'story', 'stories') if report.stories else ''}.</p>"]
    if report.notes:
        parts += ['<ul class="notes">'] + [f"<li>{escape(n)}</li>" for n in report.notes] + ["</ul>"]
    parts += _findings_list("Findings", report.findings, anchors)
    if not report.findings:
        parts.append("<p>No disagreements found.</p>")
    parts += _findings_list("Context: the references disagree among themselves", report.context, anchors)
    articles = {a.id: a for a in report.articles}
    groups = [(g.id, g.articles, g.reason) for g in report.stories] or [("story", tuple(articles), "")]
    for story_id, ids, reason in groups:
        ids = sorted(ids, key=lambda i: i != report.draft)
        parts.append(f'<h2 id="{escape(story_id)}">{escape(story_id)}: {len(ids)} article(s)</h2>')
        if reason:
            parts.append(f"<p class=\"meta\">{escape(reason)}</p>")
        columns = f"repeat({len(ids)},minmax(20em,1fr))"
        parts.append(f'<div class="grid" style="grid-template-columns:{columns}">')
        parts += [_article_html(articles[i], marks.get(i, []), i == report.draft, context)
                  for i in ids if i in articles]
        parts.append("</div>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
