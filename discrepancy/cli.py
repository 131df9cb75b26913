"""The ``discrepancy`` command: a thin layer over ``discrepancy.api``.

Exit status: 0 no finding at or above ``--fail-on``; 1 findings at or above it;
2 a usage or input error (one line on stderr naming the file); 3 an internal error.
"""
from __future__ import annotations

import logging
import os
import sys
import tempfile
from pathlib import Path

import click

from . import __version__
from .model import KINDS, SEVERITIES
from .render import FORMATS

EXIT_CLEAN, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


def write_output(text: str, output: str | None) -> None:
    """Print ``text`` or write it to ``output`` atomically (temp file + rename)."""
    if not output or output == "-":
        click.echo(text, nl=False)
        return
    target = Path(output)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise click.UsageError(f"-o {output}: folder {directory} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def fail(message: str, status: int = EXIT_INPUT) -> None:
    click.echo(f"discrepancy: error: {message}", err=True)
    sys.exit(status)


def run_guarded(action):
    """Run ``action``; input errors become one line and exit 2, bugs one line and exit 3."""
    from .articles import InputError
    try:
        return action()
    except InputError as exc:
        fail(str(exc))
    except (click.ClickException, click.exceptions.Exit, KeyboardInterrupt):
        raise
    except Exception as exc:  # a bug: still one line for the user, the traceback with --debug
        if logging.getLogger().isEnabledFor(logging.DEBUG):
            raise
        fail(f"internal error: {type(exc).__name__}: {exc} (rerun with --debug for details)", EXIT_INTERNAL)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="discrepancy")
@click.option("--debug", is_flag=True, help="Log progress and show tracebacks of internal errors.")
def main(debug: bool) -> None:
    """Find where news reports about one event disagree.

    \b
    Examples:
      discrepancy check fixtures/seeds
      discrepancy check fixtures/seeds --format json -o report.json
      discrepancy extract fixtures/seeds --format csv
    """
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING,
                        format="discrepancy: %(levelname)s: %(message)s")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-f", "--format", "fmt", type=click.Choice(list(FORMATS)), default="markdown",
              show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to this file (atomically) instead of stdout.")
@click.option("--fail-on", type=click.Choice(list(SEVERITIES)), default="error", show_default=True,
              help="Exit 1 when a finding has this severity or worse.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings (input errors still exit 2).")
@click.option("--skip", "skip_kinds", multiple=True, type=click.Choice(list(KINDS)),
              help="Do not report this kind of finding (repeatable).")
def check(paths, fmt, output, fail_on, exit_zero, skip_kinds):
    """Compare the articles in PATHS (files or folders) and report where they disagree.

    Folders are read recursively (.txt and .md files, sorted). Each finding names the
    articles, the line and column, and quotes the sentence.

    \b
    Exit status:
      0  no finding at or above --fail-on
      1  findings at or above --fail-on
      2  usage or input error (missing path, empty folder, undecodable file...)
      3  internal error

    \b
    Examples:
      discrepancy check fixtures/seeds
      discrepancy check drafts/ --format json -o report.json
      discrepancy check a.txt b.txt --fail-on warning
    """
    from .api import check as run_check
    from .model import severity_rank
    from .render import renderer

    report = run_guarded(lambda: run_check(list(paths), skip_kinds=skip_kinds))
    for note in report.notes:
        click.echo(f"discrepancy: note: {note}", err=True)
    write_output(renderer(fmt)(report), output)
    worst = report.worst()
    if not exit_zero and worst is not None and severity_rank(worst) >= severity_rank(fail_on):
        sys.exit(EXIT_FINDINGS)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-f", "--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True,
              help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file (atomically) instead of stdout.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(["number", "date", "entity", "quote"]),
              help="Only facts of this kind (repeatable).")
def extract(paths, fmt, output, kinds):
    """Print every fact extracted from the articles in PATHS, one row each.

    The columns are those of the facts table (see the README): article, kind, subject,
    text, normalized, low, high, unit, qualifier, scope, speaker, start, end, line,
    column, sentence, sentence_index, detail.

    \b
    Examples:
      discrepancy extract fixtures/seeds
      discrepancy extract fixtures/seeds --kind number --format json
    """
    from .api import extract_facts

    frame = run_guarded(lambda: extract_facts(list(paths)))
    if kinds:
        frame = frame[frame["kind"].isin(kinds)]
    if fmt == "csv":
        text = frame.to_csv(index=False)
    else:
        text = frame.to_json(orient="records", force_ascii=False, indent=2) + "\n"
    write_output(text, output)


if __name__ == "__main__":
    main()
