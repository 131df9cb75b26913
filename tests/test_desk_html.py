"""The HTML report as a desk reads it: a legend, a filter that hides info findings, article
columns under sticky headers that scroll sideways, line numbers from the file, and front
matter and date lines shown as metadata. The last tests open it in a real headless Chromium
(skipped with a message where none is installed; ``make browser-test`` installs Debian's)."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from desk import SEEDS, STORIES

from discrepancy.api import check
from discrepancy.render import renderer

DRAFT = STORIES / "draft" / "draft.md"
REFS = STORIES / "draft" / "refs"


@pytest.fixture(scope="module")
def seeds_page() -> str:
    return renderer("html")(check([SEEDS]))


@pytest.fixture(scope="module")
def draft_page() -> str:
    return renderer("html")(check([DRAFT], against=[REFS]))


def test_the_page_has_a_legend_and_an_info_filter(seeds_page):
    assert 'class="legend"' in seeds_page and "Legend:" in seeds_page
    for severity in ("error", "warning", "info"):
        assert f'<span class="sw {severity}">{severity}</span>' in seeds_page
    assert '<input type="checkbox" id="hide-info"' in seeds_page
    assert "#hide-info:checked~main li.info{display:none}" in seeds_page
    assert "<script" not in seeds_page


def test_columns_scroll_sideways_under_sticky_headers(seeds_page):
    assert ".head{position:sticky;top:0" in seeds_page
    assert re.search(r"\.grid\{[^}]*overflow:auto", seeds_page)
    assert seeds_page.count('<div class="head">') == 5


def test_lines_carry_their_numbers_in_the_file(seeds_page):
    seed = sorted(SEEDS.glob("*.txt"))[0]
    lines = seed.read_text(encoding="utf-8").splitlines()
    column = seeds_page.split(f"<h3>{seed.stem}</h3>")[1].split("</article>")[0]
    rows = re.findall(r'<div class="ln[^"]*" data-n="(\d+)">(.*?)</div>', column)
    assert [int(n) for n, _ in rows] == list(range(1, len(lines) + 1))
    for number, row in rows[:10]:
        shown = html.unescape(re.sub(r"<[^>]+>", "", row))
        assert shown == lines[int(number) - 1]


def test_front_matter_is_metadata_not_body(draft_page):
    column = draft_page.split("DRAFT</span></h3>")[1].split("</article>")[0]
    meta = re.findall(r'<div class="ln metaline" data-n="(\d+)">(.*?)</div>', column)
    assert [n for n, _ in meta] == ["1", "2", "3", "4"]
    assert "date: 2025-09-03" in " ".join(text for _, text in meta)
    body = re.findall(r'<div class="ln" data-n="(\d+)">', column)
    assert body and int(body[0]) >= 5
    assert "published 2025-09-03 (front-matter)" in column


def test_a_date_line_is_metadata_too():
    wire = REFS / "wire_a.txt"
    page = renderer("html")(check([REFS]))
    assert wire.read_text().startswith("date 2025-09-02")
    assert re.search(r'<div class="ln metaline" data-n="1">date 2025-09-02', page)


# --- in a real browser ------------------------------------------------------------------------

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars=false",
]
PROBE = """<script>
(function () {
  var out = {}, grid = document.querySelector('.grid');
  var heads = grid.querySelectorAll('.head');
  out.heads = heads.length;
  out.scrolls_sideways = grid.scrollWidth > grid.clientWidth + 50;
  grid.scrollTop = 400;
  out.head_offset = heads[0].getBoundingClientRect().top - grid.getBoundingClientRect().top;
  out.article_offset = heads[0].parentNode.getBoundingClientRect().top - grid.getBoundingClientRect().top;
  grid.scrollLeft = grid.scrollWidth;
  var last = heads[heads.length - 1].getBoundingClientRect(), box = grid.getBoundingClientRect();
  out.last_head_visible = last.left >= box.left - 1 && last.right <= box.right + 1;
  function visible(sel) { return Array.prototype.filter.call(document.querySelectorAll(sel),
      function (e) { return e.offsetParent !== null; }).length; }
  out.info_before = visible('li.info');
  out.text = document.body.innerText;
  document.getElementById('hide-info').checked = true;
  out.info_after = visible('li.info');
  out.errors_after = visible('li.error');
  var pre = document.createElement('pre'); pre.id = 'probe'; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>"""


def _browser() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


@pytest.fixture(scope="module")
def browser():
    found = _browser()
    if found is None:
        pytest.skip(
            "no Chromium installed: run `make browser-test` (installs Debian's chromium) to "
            "check the HTML report in a real browser"
        )
    return found


def _chromium(browser: str, tmp: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp / f"profile-{len(list(tmp.iterdir()))}"
    profile.mkdir()
    return subprocess.run(
        [browser, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True, text=True, timeout=120
    )


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_chromium_renders_the_report(browser, seeds_page, tmp_path):
    report = tmp_path / "report.html"
    report.write_text(seeds_page, encoding="utf-8")
    shot = tmp_path / "report.png"
    result = _chromium(browser, tmp_path, "--window-size=1400,900", f"--screenshot={shot}", report.as_uri())
    assert shot.is_file(), result.stderr[-2000:]
    assert _png_size(shot) == (1400, 900)
    assert shot.stat().st_size > 20_000, "a blank page compresses to almost nothing"


def test_chromium_shows_legend_filter_sticky_headers_and_every_column(browser, seeds_page, tmp_path):
    probed = tmp_path / "probed.html"
    probed.write_text(seeds_page.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    result = _chromium(
        browser,
        tmp_path,
        "--window-size=1400,900",
        "--virtual-time-budget=3000",
        "--dump-dom",
        probed.as_uri(),
    )
    match = re.search(r'<pre id="probe">(.*?)</pre>', result.stdout, re.S)
    assert match, result.stderr[-2000:]
    out = json.loads(html.unescape(match.group(1)))
    assert "Legend:" in out["text"] and "hide info findings" in out["text"]
    assert "Discrepancy report" in out["text"] and "People killed differs" in out["text"]
    assert out["heads"] == 5 and out["scrolls_sideways"] and out["last_head_visible"]
    assert abs(out["head_offset"]) <= 2 and out["article_offset"] < -100  # the header stuck
    assert out["info_before"] > 0 and out["info_after"] == 0 and out["errors_after"] > 0
