"""The ``discrepancy`` command: a thin layer over ``discrepancy.api``.

Exit status: 0 no finding at or above ``--fail-on``; 1 findings at or above it;
2 a usage or input error (one line on stderr naming the file); 3 an internal error.
"""
from __future__ import annotations

import logging
import os
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

import click

from . import __version__
from .model import FACT_KINDS, KINDS, SEVERITIES, Report, severity_rank
from .render import FORMATS
from .stories import MODES as STORY_MODES

EXIT_CLEAN, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


def check_output_path(output: str | None, inputs: list[str]) -> None:
    """Refuse, before any work, an output file that is missing its folder or is an input."""
    if not output or output == "-":
        return
    target = Path(output)
    if not target.resolve().parent.is_dir():
        fail(f"-o {output}: folder {target.parent} does not exist")
    from .articles import InputError, find_article_files
    try:
        files, _ = find_article_files(inputs)
    except InputError:
        return      # the run itself reports bad input, with its own message
    if target.resolve() in {f.resolve() for f in files}:
        fail(f"{output}: is one of the input articles; write the report somewhere else "
             "(input files are never overwritten)")


def write_output(text: str, output: str | None) -> None:
    """Print ``text`` or write it to ``output`` atomically (temp file + rename)."""
    if not output or output == "-":
        click.echo(text, nl=False)
        return
    target = Path(output)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.resolve().parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)          # as an ordinary new file, not mkstemp's 0600
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
        fail(f"internal error: {type(exc).__name__}: {exc} (rerun as 'discrepancy --debug ...' "
             "for the traceback)", EXIT_INTERNAL)


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


def exit_status(report: Report, fail_on: str, exit_zero: bool = False) -> int:
    """0 when no reported finding is at or above ``fail_on`` (or ``exit_zero``), else 1."""
    worst = report.worst()
    if exit_zero or worst is None or severity_rank(worst) < severity_rank(fail_on):
        return EXIT_CLEAN
    return EXIT_FINDINGS


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("--against", multiple=True, type=click.Path(), metavar="REF",
              help="Draft mode: check the one DRAFT given in PATHS (a file, or - for standard input) "
                   "against these reference files or folders (repeatable).")
@click.option("-f", "--format", "fmt", type=click.Choice(list(FORMATS)), default=None,
              help="Output format.  [default: markdown]")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to this file (atomically) instead of stdout.")
@click.option("--fail-on", type=click.Choice(list(SEVERITIES)), default=None,
              help="Exit 1 when a finding has this severity or worse.  [default: error]")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings (input errors still exit 2).")
@click.option("--skip", "skip_kinds", multiple=True, type=click.Choice(list(KINDS)),
              help="Do not report this kind of finding (repeatable).")
@click.option("--group", type=click.Choice(list(STORY_MODES)), default=None,
              help="How to split articles into stories; facts are compared only within a story: "
                   "auto (by shared distinctive words), none (all one story), by-folder.  [default: auto]")
@click.option("--config", "config_file", type=click.Path(dir_okay=False),
              help="Read settings from this file instead of the nearest .discrepancy.toml or "
                   "pyproject.toml [tool.discrepancy].")
@click.option("--baseline", type=click.Path(dir_okay=False),
              help="Accept the findings recorded in this file; report and fail only on new ones.")
@click.option("--write-baseline", type=click.Path(dir_okay=False),
              help="Record every current finding in this file (then exit 0).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Read articles in N processes (default: every core; 1: no worker processes). "
                   "The report is the same whatever N is.")
@click.option("--engine", type=click.Choice(["local", "pool", "dask"]), default=None,
              help="Where the work runs: local (this process), pool (worker processes, when the input "
                   "is big enough to pay), dask (a Dask cluster; see --scheduler). The report is the same.  "
                   "[default: pool, or local with --jobs 1]")
@click.option("--scheduler", metavar="ADDRESS",
              help="With --engine dask: the scheduler's address (tcp://host:8786); without it a local "
                   "cluster of 2 worker processes is started.")
@click.option("--jsonl", type=click.Path(dir_okay=False, allow_dash=True), metavar="PATH",
              help="Archive runs: write each story's findings to PATH as one JSON line as soon as the "
                   "story is compared, keeping none in memory (no other report is written).")
def check(paths, against, fmt, output, fail_on, exit_zero, skip_kinds, group, config_file, baseline,
          write_baseline, jobs, engine, scheduler, jsonl):
    """Compare the articles in PATHS (files or folders) and report where they disagree.

    Folders are read recursively (.txt and .md files, sorted). Articles are grouped into
    stories first, and facts are compared only within a story. Each finding names the
    articles, the line and column, and quotes the sentence.

    With --against, PATHS is one draft (or - for standard input): findings are where the
    draft disagrees with the references or with itself; disagreements among the
    references alone are listed separately as context.

    Settings come from --config, else the nearest .discrepancy.toml or pyproject.toml
    with [tool.discrepancy] (keys: fail-on, skip, language, variants, tolerance, ignore,
    group, format; see docs/ci.md); options given here override them.

    \b
    Exit status:
      0  no finding at or above --fail-on
      1  findings at or above --fail-on
      2  usage or input error (missing path, empty folder, undecodable file, bad config...)
      3  internal error

    \b
    Examples:
      discrepancy check fixtures/seeds
      discrepancy check drafts/ --format json -o report.json
      discrepancy check a.txt b.txt --fail-on warning
      discrepancy check draft.md --against wires/ --format line
      discrepancy check stories/ --format github --baseline .discrepancy-baseline.json
    """
    from . import config
    from .api import check as run_check
    from .baseline import dumps as baseline_text, load as load_baseline
    from .render import renderer
    from .render.github import step_summary

    for target in (output, write_baseline, jsonl):
        check_output_path(target, list(paths) + list(against))
    if scheduler and engine != "dask":
        fail("--scheduler needs --engine dask")
    if jsonl and (write_baseline or output):
        fail("--jsonl is the report of an archive run; it does not go with -o or --write-baseline")
    from .engines import Tracker
    from .engines.core import JsonLines
    stack = ExitStack()
    try:
        sink = JsonLines(stack.enter_context(click.open_file(jsonl, "w", encoding="utf-8"))) if jsonl else None
    except OSError as exc:
        fail(f"--jsonl {jsonl}: cannot write ({exc.strerror})")

    def run():
        from .articles import decode
        settings = config.load(config_file).override(
            fail_on=fail_on, skip=tuple(skip_kinds), group=group, format=fmt)
        draft_text = decode(click.get_binary_stream("stdin").read(), "-") \
            if against and list(paths) == ["-"] else None
        accepted = load_baseline(baseline) if baseline else ()
        report = run_check(list(paths), against=list(against) or None, draft_text=draft_text,
                           skip_kinds=settings.skip, group=settings.group, ignore=settings.ignore,
                           variants=settings.variants, tolerances=settings.tolerance,
                           baseline=accepted, tracker=Tracker(stream=sys.stderr),
                           jobs=jobs, engine=engine, scheduler=scheduler, sink=sink)
        return settings, report

    with stack:
        settings, report = run_guarded(run)
    for note in report.notes:
        click.echo(f"discrepancy: note: {note}", err=True)
    if sink is not None:
        click.echo(f"discrepancy: note: wrote {sink.stories} stories with "
                   f"{sum(sink.counts.values())} finding(s) to {jsonl}", err=True)
        sys.exit(exit_status(report, settings.fail_on, exit_zero))
    write_output(renderer(settings.format)(report), output)
    if settings.format == "github":
        step_summary(renderer("markdown")(report))
    if write_baseline:
        write_output(baseline_text(report.findings + report.accepted), write_baseline)
        click.echo(f"discrepancy: note: wrote {len(report.findings) + len(report.accepted)} finding(s) "
                   f"to {write_baseline}", err=True)
        return
    sys.exit(exit_status(report, settings.fail_on, exit_zero))


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-f", "--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True,
              help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file (atomically) instead of stdout.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(list(FACT_KINDS)),
              help="Only facts of this kind (repeatable).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Read articles in N processes (default: every core; 1: no worker processes). "
                   "The report is the same whatever N is.")
def extract(paths, fmt, output, kinds, jobs):
    """Print every fact extracted from the articles in PATHS, one row each.

    The columns are those of the facts table (see the README): article, kind, subject,
    text, normalized, low, high, unit, qualifier, scope, speaker, start, end, line,
    column, sentence, sentence_index, detail.

    \b
    Examples:
      discrepancy extract fixtures/seeds
      discrepancy extract fixtures/seeds --kind number --format json
    """
    from . import config
    from .api import extract_facts
    from .facts import facts_text

    check_output_path(output, list(paths))
    frame, notes = run_guarded(lambda: extract_facts(list(paths), kinds, jobs=jobs,
                                                     ignore=config.load(None).ignore))
    for note in notes:
        click.echo(f"discrepancy: note: {note}", err=True)
    write_output(facts_text(frame, fmt), output)


if __name__ == "__main__":
    main()
