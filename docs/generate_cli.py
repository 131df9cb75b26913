"""Write docs/cli.md, the CLI reference, from the real ``discrepancy --help`` output.

    python docs/generate_cli.py            # rewrite docs/cli.md
    python docs/generate_cli.py --check    # exit 1 if docs/cli.md is out of date

tests/test_cli_draft.py runs the check, so the reference cannot drift from the code.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET = HERE / "cli.md"
INTRO = """# Command-line reference

Generated from `discrepancy --help` by `python docs/generate_cli.py`; do not edit by hand
(a test fails when this file and the real help differ).

See [copy-desk.md](copy-desk.md) for draft mode and reading the report, and [ci.md](ci.md)
for CI, exit codes and baselines.
"""


def _exe() -> str:
    return shutil.which("discrepancy", path=str(Path(sys.executable).parent)) or "discrepancy"


def help_text(*command: str) -> str:
    """The help of ``discrepancy COMMAND`` exactly as a user sees it on a 100-column terminal."""
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1", "LC_ALL": "C.UTF-8"}
    result = subprocess.run(
        [_exe(), *command, "--help"], capture_output=True, text=True, env=env, check=True, timeout=60
    )
    return result.stdout.rstrip() + "\n"


def commands() -> list[str]:
    """Sub-commands, in the order ``discrepancy --help`` lists them."""
    from click import Context

    from discrepancy.cli import main

    return list(main.list_commands(Context(main)))


def render() -> str:
    """The whole reference as markdown."""
    parts = [INTRO, "## discrepancy", "", "```text", help_text().rstrip(), "```", ""]
    for name in commands():
        parts += [f"## discrepancy {name}", "", "```text", help_text(name).rstrip(), "```", ""]
    return "\n".join(parts)


def main(argv: list[str]) -> int:
    """Rewrite the reference, or with ``--check`` report whether it is current."""
    text = render()
    if "--check" in argv:
        if not TARGET.exists() or TARGET.read_text(encoding="utf-8") != text:
            print(f"{TARGET} is out of date: run python docs/generate_cli.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
