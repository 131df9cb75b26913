"""Write docs/rules.md, the rule and threshold reference, from the catalog in the code.

    python docs/generate_rules.py            # rewrite docs/rules.md
    python docs/generate_rules.py --check    # exit 1 if docs/rules.md is out of date

``make lint`` and tests/test_rules.py run the check, so the reference cannot drift.
"""

from __future__ import annotations

import sys
from pathlib import Path

from discrepancy.rules import CATALOG, KINDS
from discrepancy.thresholds import TABLE

TARGET = Path(__file__).resolve().parent / "rules.md"
INTRO = """# Rules

Generated from `discrepancy/rules.py` and `discrepancy/thresholds.py` by
`python docs/generate_rules.py`; do not edit by hand (a test fails when this file and the
code differ). `discrepancy rules` prints the same list (`--format json` for tools).

Every finding carries the id of the rule that made it. A rule id, or a kind for every rule
of that kind, is accepted by:

- `--select RULE|KIND` and `--skip RULE|KIND` (repeatable), and the config's `select` and `skip`;
- the config's `[tool.discrepancy.rules]`, which sets a rule's severity or turns it off:

  ```toml
  [tool.discrepancy.rules]
  entity-role = "off"
  time-conflict = "warning"
  quote = "info"            # a kind: all its rules (a rule's own entry wins)
  ```

- an inline `<!-- discrepancy-ignore: RULE reason -->` before a paragraph.

The severity below is the rule's default; some findings of a rule are softer, as its
summary says. An override sets the severity of every finding of the rule.
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render() -> str:
    """The whole reference as markdown."""
    lines = [INTRO, "## The rules", "", "| rule | kind | severity | summary |", "|---|---|---|---|"]
    lines += [f"| [`{r.id}`](#{r.id}) | {r.kind} | {r.severity} | {_cell(r.summary)} |" for r in CATALOG]
    lines.append("")
    for kind in KINDS:
        for rule in (r for r in CATALOG if r.kind == kind):
            lines += [
                f"### {rule.id}",
                "",
                f"Kind `{rule.kind}`, default severity **{rule.severity}**; compares "
                f"{', '.join(f'`{k}`' for k in rule.reads)} facts.",
                "",
                rule.summary,
                "",
                f"What to do: {rule.advice}",
                "",
            ]
    lines += [
        "## Thresholds",
        "",
        "Cut-offs that decide what a desk sees, set in `[tool.discrepancy.thresholds]` "
        "(a value outside its range stops the run with exit 2, naming the file and the key):",
        "",
        "```toml",
        "[tool.discrepancy.thresholds]",
        "story-link = 0.2",
        "attribution-min-words = 8",
        "```",
        "",
        "| key | default | range | read by | what it decides |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| `{t.key}` | {t.default:g} | {t.low:g}–{t.high:g}{' (whole)' if t.integer else ''} "
        f"| {t.used_by} | {_cell(t.summary)} |"
        for t in TABLE
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    """Rewrite the reference, or with ``--check`` report whether it is current."""
    text = render()
    if "--check" in argv:
        if not TARGET.exists() or TARGET.read_text(encoding="utf-8") != text:
            print(f"{TARGET} is out of date: run python docs/generate_rules.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
