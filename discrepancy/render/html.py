"""One self-contained HTML page: the articles of each story side by side, every
conflicting span highlighted and linked to its finding (and back).

Every piece of article text, and every message quoting it, is escaped: an article may
hold markup (even ``<script>``) and the page must show it as text. The page needs no
script: the filter that hides info findings is a checkbox and CSS. Article columns scroll
sideways under sticky headers, each line carries its number in the file, and front matter,
``date`` lines and datelines are shown as metadata, not as body text.
"""

from __future__ import annotations

import re
from html import escape

from ..articles import REPORT_MARKER
from ..model import SEVERITIES, Article, Finding, Mention, Report
from .anchors import one_line, suppressed

STYLE = """
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#222}
main{margin:1.5em}
h1{margin:0 0 .3em}h2{margin-top:1.6em;border-bottom:1px solid #ccc}
.toolbar{position:sticky;top:0;z-index:3;background:#f4f4f4;border-bottom:1px solid #ccc;
 padding:.4em 1.5em;display:flex;gap:1.5em;align-items:center;flex-wrap:wrap;font-size:.9em}
.legend{display:flex;gap:.8em;align-items:center;flex-wrap:wrap;margin:0;padding:0;list-style:none}
.legend .sw{display:inline-block;padding:0 .4em;border-radius:3px}
#hide-info{position:absolute;left:1.5em;top:.75em;z-index:4;margin:0}
.toolbar label{padding-left:1.6em;cursor:pointer}
#hide-info:checked~main li.info{display:none}
#hide-info:checked~main a.hl.info{background:none}
.grid{display:grid;gap:1em;overflow:auto;max-height:85vh;border:1px solid #eee;padding:0 .3em .3em}
article{border:1px solid #ddd;border-radius:6px;min-width:22em;background:#fff}
article.draft{border:2px solid #246}
.head{position:sticky;top:0;z-index:2;background:#fafafa;border-bottom:1px solid #ddd;padding:.4em .8em}
.head h3{margin:0;font-size:1em;font-family:monospace}
.meta{color:#666;font-size:.85em;margin:0}
.text{font-family:Georgia,serif;font-size:.95em;padding:.4em .8em .6em 0;margin:0}
.ln{display:grid;grid-template-columns:3.2em 1fr;white-space:pre-wrap;word-break:break-word}
.ln::before{content:attr(data-n);color:#999;font:12px/1.9 monospace;text-align:right;padding-right:.8em;
 user-select:none}
.ln.metaline{color:#777;font-family:monospace;font-size:.85em;background:#f6f6f6}
.ln.gap::before{content:"⋮"}
a.hl{text-decoration:none;color:inherit;border-radius:3px;padding:0 1px}
.error{--c:#f8c4c4}.warning{--c:#fbe3a6}.info{--c:#cfe3f7}
a.hl,li>.badge,.legend .sw{background:var(--c)}
:target{outline:3px solid #246}
.badge{font-size:.75em;font-weight:bold;padding:0 .4em;border-radius:3px}
.badge.draft{background:#246;color:#fff}
a.hl.context{background:none;border-bottom:2px dashed #999}
.legend .sw.context{background:none;border-bottom:2px dashed #999}
.values{margin:.2em 0 .6em 1em;font-size:.9em}
.notes{color:#555}
code{font-size:.9em}
"""

# A saved web page's text keeps the page's offsets, so its markup is blanked to long runs of spaces.
_BLANK_RUN = re.compile(r"[ \t]{4,}")

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


def _metadata_ranges(article: Article) -> list[tuple[int, int]]:
    """Offsets of what the loader read as metadata: front matter or a ``date`` line, a dateline."""
    ranges = [(0, article.body_start)] if article.body_start else []
    if article.dateline:
        ranges.append(article.dateline)
    return ranges


def _segment(text: str, page: bool) -> str:
    return escape(_BLANK_RUN.sub("  ", text) if page else text)


def _line_html(
    article: Article, start: int, end: int, spans: list[Span], context: set[str], page: bool
) -> str:
    """One line of the article, its highlighted spans linked to their findings."""
    text, out, at = article.text, [], start
    for s, e, finding, anchor in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(_segment(text[at:s], page))
        title = escape(one_line(f"{finding.severity} {finding.kind}: {finding.message}"))
        style = f"{finding.severity} context" if finding.id in context else finding.severity
        out.append(
            f'<a class="hl {style}" id="{anchor}" href="#{escape(finding.id)}" '
            f'title="{title}">{escape(text[s:e])}</a>'
        )
        at = e
    out.append(_segment(text[at:end], page))
    return "".join(out)


def _article_html(article: Article, spans: list[Span], draft: bool, context: set[str]) -> str:
    starts = article.line_starts
    ends = starts[1:] + (len(article.text),)
    metadata = _metadata_ranges(article)
    page = article.path.lower().endswith((".html", ".htm"))
    rows, blank = [], False
    for number, (start, end) in enumerate(zip(starts, ends), 1):
        line = article.text[start:end].rstrip("\r\n")
        if not line.strip():
            if not blank:
                rows.append(
                    '<div class="ln gap" data-n=""></div>'
                    if page
                    else f'<div class="ln" data-n="{number}"></div>'
                )
            blank = page  # a saved page's blank lines are markup: show one gap for a run
            continue
        blank = False
        kind = "ln metaline" if any(a <= start < b for a, b in metadata) else "ln"
        rows.append(
            f'<div class="{kind}" data-n="{number}">'
            f"{_line_html(article, start, start + len(line), spans, context, page)}</div>"
        )
    meta = [escape(article.path)]
    if article.published:
        meta.append(f"published {escape(article.published)} ({escape(article.published_source)})")
    if article.title:
        meta.append(escape(article.title))
    kind = ' class="draft"' if draft else ""
    label = ' <span class="badge draft">DRAFT</span>' if draft else ""
    return (
        f'<article{kind}><div class="head"><h3>{escape(article.id)}{label}</h3>'
        f'<p class="meta">{" · ".join(meta)}</p></div>'
        f'<div class="text">{"".join(rows)}</div></article>'
    )


def _finding_html(finding: Finding, anchors: dict[int, str]) -> str:
    values = []
    covered = suppressed(finding)
    for value in finding.values:
        places = []
        for m in value.mentions:
            where = f"{escape(m.article)}:{m.line}:{m.column}"
            link = f'<a href="#{anchors[id(m)]}">{where}</a>' if id(m) in anchors else where
            note = " (accepted by a comment)" if f"{m.article}:{m.line}:{m.column}" in covered else ""
            words = m.words(value.text)
            # only when it differs: "3,000" is the value "3,000 people" as this report writes it
            own = (
                f" “{escape(words)}”"
                if words != value.text and not value.text.startswith(words + " ")
                else ""
            )
            places.append(f"{link}{own}{note}")
        values.append(
            f"<li>“{escape(value.text)}” <code>{escape(value.normalized)}</code> — {'; '.join(places)}</li>"
        )
    where = "inside one article" if finding.internal else f"{len(finding.articles)} articles"
    return (
        f'<li id="{escape(finding.id)}" class="{finding.severity}"><span class="badge">'
        f"{finding.severity.upper()}</span> {escape(finding.kind)} · <b>{escape(finding.subject)}</b> — "
        f"{escape(finding.message)} <small><code>{escape(finding.id)}</code> · {where}</small>"
        f'<ul class="values">{"".join(values)}</ul></li>'
    )


def _findings_list(title: str, findings: list[Finding], anchors: dict[int, str]) -> list[str]:
    if not findings:
        return []
    return [f"<h2>{escape(title)}</h2>", "<ol>"] + [_finding_html(f, anchors) for f in findings] + ["</ol>"]


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def _toolbar() -> list[str]:
    """The legend and the filter; the checkbox precedes <main> so CSS can hide info findings."""
    swatches = "".join(f'<li><span class="sw {s}">{s}</span></li>' for s in reversed(SEVERITIES))
    return [
        '<input type="checkbox" id="hide-info" aria-label="hide info findings">',
        '<div class="toolbar"><label for="hide-info">hide info findings</label>'
        f'<ul class="legend" aria-label="legend"><li><b>Legend:</b></li>{swatches}'
        '<li><span class="sw context">references only</span></li>'
        "<li>grey lines: metadata (front matter, date line, dateline)</li></ul></div>",
    ]


def render(report: Report) -> str:
    """The whole page as one string (no external resources)."""
    shown = report.findings + report.context
    marks, anchors = _span_marks(shown)
    context = {f.id for f in report.context}
    counts = ", ".join(f"{n} {s}" for s, n in report.counts().items())
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta name="generator" content="{REPORT_MARKER}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Discrepancy report</title>",
        f"<style>{STYLE}</style></head><body>",
    ]
    parts += _toolbar()
    parts += [
        "<main>",
        "<h1>Discrepancy report</h1>",
        f"<p>{_count(len(report.findings), 'finding')} ({counts}) in "
        f"{_count(len(report.articles), 'article')}"
        f"{', ' + _count(len(report.stories), 'story', 'stories') if report.stories else ''}.</p>",
    ]
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
            parts.append(f'<p class="meta">{escape(reason)}</p>')
        columns = f"repeat({len(ids)},minmax(22em,1fr))"
        parts.append(f'<div class="grid" style="grid-template-columns:{columns}">')
        parts += [
            _article_html(articles[i], marks.get(i, []), i == report.draft, context)
            for i in ids
            if i in articles
        ]
        parts.append("</div>")
    if report.notes:
        parts += (
            ["<h2>Notes</h2>", '<ul class="notes">']
            + [f"<li>{escape(n)}</li>" for n in report.notes]
            + ["</ul>"]
        )
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"
