"""The ``discrepancy`` command: a thin layer over ``discrepancy.api``.

Exit status: 0 no finding at or above ``--fail-on``; 1 findings at or above it;
2 a usage or input error (one line on stderr naming the file); 3 an internal error.
"""

from __future__ import annotations

import gc
import logging
import os
import stat
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from . import __version__, rules
from .engines.progress import ProgressLine
from .model import FACT_KINDS, SEVERITIES, Report, severity_rank
from .render import FORMATS
from .stories import MODES as STORY_MODES

EXIT_CLEAN, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
#: Seconds of reading before a progress bar appears (short runs stay quiet).
PROGRESS_AFTER = 2.0


EXIT_INTERRUPTED = 130


class OutputError(Exception):
    """A report or baseline that cannot be written; the message names the file."""


def refuse_target(output: str, option: str = "-o") -> None:
    """Refuse a target that a write would destroy or cannot reach: one line, exit 2."""
    problem = target_problem(output)
    if problem:
        fail(f"{option} {output}: {problem}")


def target_problem(output: str) -> str | None:
    """Why ``output`` cannot be written as a report file, or None when it can."""
    target = Path(output)
    try:
        info = target.lstat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        return f"cannot be checked ({exc.strerror})"
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            return "is a symbolic link; give the real file's path (-o - writes to standard output)"
        if stat.S_ISDIR(info.st_mode):
            return "is a folder; give a file name inside it"
        if not stat.S_ISREG(info.st_mode):
            kind = "a FIFO" if stat.S_ISFIFO(info.st_mode) else "a device or socket"
            return f"is {kind}, not a regular file; give a file path, or -o - for standard output"
    folder = target.parent
    if not folder.is_dir():
        return f"folder {folder} does not exist"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"folder {folder} is not writable; choose another place"
    return None


def check_output_path(output: str | None, inputs: list[str], option: str = "-o") -> None:
    """Refuse, before any work, an output that cannot be written safely or that would replace
    one of the input articles (an earlier report in a scanned folder is skipped instead)."""
    if not output or output == "-":
        return
    refuse_target(output, option)
    from .articles import InputError, find_article_files

    try:
        files, _ = find_article_files([p for p in inputs if p != "-"], keep_going=True)
    except InputError:
        return  # the run itself reports bad input, with its own message
    if Path(output).resolve() in {f.resolve() for f in files}:
        fail(
            f"{output}: is one of the input articles; write the report somewhere else "
            "(input files are never overwritten)"
        )


def write_output(text: str, output: str | None, option: str = "-o") -> None:
    """Print ``text`` or write it to ``output`` through a temporary file in the same folder,
    renamed into place only onto a regular file or a new path. Raises ``OutputError``."""
    if not output or output == "-":
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except OSError as exc:
            raise OutputError(f"standard output: cannot write the report ({exc.strerror or exc})") from None
        return
    problem = target_problem(output)  # checked again: the path may have changed meanwhile
    if problem:
        raise OutputError(f"{option} {output}: {problem}")
    target = Path(output)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            mode = stat.S_IMODE(target.stat().st_mode)  # keep a replaced file's permissions
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask  # as an ordinary new file, not mkstemp's 0600
        os.chmod(tmp, mode)
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        raise OutputError(
            f"{option} {output}: cannot write ({exc.strerror or exc}); "
            "check the folder's permissions and free space"
        ) from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def write_or_fail(text: str, output: str | None, option: str = "-o") -> None:
    """``write_output``, a failure being one line and exit 2 whatever --exit-zero says."""
    try:
        write_output(text, output, option)
    except OutputError as exc:
        fail(str(exc))


class Colours:
    """ANSI colour for a stream that is a terminal, unless NO_COLOR is set."""

    STYLES: dict[str, dict[str, Any]] = {
        "error": {"fg": "red", "bold": True},
        "warning": {"fg": "yellow", "bold": True},
        "info": {"fg": "cyan"},
        "note": {"fg": "bright_black"},
    }

    def __init__(self, stream) -> None:
        self.on = stream_is_tty(stream) and not os.environ.get("NO_COLOR")

    def __call__(self, text: str, style: str) -> str:
        return click.style(text, **self.STYLES[style]) if self.on else text


def stream_is_tty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


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
        fail(
            f"internal error: {type(exc).__name__}: {exc} (rerun as 'discrepancy --debug ...' "
            "for the traceback)",
            EXIT_INTERNAL,
        )


class Command(click.Group):
    """The command group: Ctrl-C exits 130 with one line (a report being written is left
    untouched: it is renamed into place only once complete)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("\ndiscrepancy: interrupted; nothing was written", err=True)
            ctx.exit(EXIT_INTERRUPTED)

    def main(
        self,
        args: Any = None,
        prog_name: Any = None,
        complete_var: Any = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """As click's, but a usage error is one line naming what to do, exit 2."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            done = super().main(args, prog_name, complete_var, False, **extra)
        except click.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx is not None else "discrepancy"
            fail(f"{exc.format_message()} (see '{where} --help')", EXIT_INPUT)
        except click.ClickException as exc:  # exit 1 means findings: any other refusal is input's
            fail(exc.format_message(), EXIT_INPUT)
        except click.Abort:  # a prompt left with Ctrl-C or Ctrl-D
            click.echo("\ndiscrepancy: interrupted; nothing was written", err=True)
            sys.exit(EXIT_INTERRUPTED)
        sys.exit(done if isinstance(done, int) else 0)


@click.group(cls=Command, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING, format="discrepancy: %(levelname)s: %(message)s"
    )
    # A run makes millions of small objects that form no cycles (facts, tokens, profiles); at the
    # default thresholds the collector rescans the place index and the model every few thousand.
    gc.set_threshold(10_000, 10, 10)


def exit_status(report: Report, fail_on: str, exit_zero: bool = False) -> int:
    """0 when no reported finding is at or above ``fail_on`` (or ``exit_zero``), else 1."""
    worst = report.worst()
    if exit_zero or worst is None or severity_rank(worst) < severity_rank(fail_on):
        return EXIT_CLEAN
    return EXIT_FINDINGS


def progress_bar(articles: list) -> Iterator:
    """Articles as they are read, with a progress bar on a terminal once a run takes a while."""
    if not sys.stderr.isatty():
        yield from articles
        return
    started, bar = time.monotonic(), None
    with ExitStack() as stack:
        for done, article in enumerate(articles):
            if bar is None and time.monotonic() - started > PROGRESS_AFTER:
                bar = stack.enter_context(
                    click.progressbar(length=len(articles), label="reading articles", file=sys.stderr)
                )
                bar.update(done)
            yield article
            if bar is not None:
                bar.update(1)


def shown(report: Report, min_severity: str) -> Report:
    """The report with only findings at or above ``min_severity`` (what is displayed)."""
    floor = severity_rank(min_severity)
    if floor == 0:
        return report
    keep = [f for f in report.findings if severity_rank(f.severity) >= floor]
    context = [f for f in report.context if severity_rank(f.severity) >= floor]
    return replace(report, findings=keep, context=context)


def summary_line(report: Report, displayed: Report, where: str, colours: Colours) -> str:
    """'discrepancy: 2 error, 1 warning, 50 info in 5 articles; report on standard output'."""
    counts = report.counts()
    parts = ", ".join(colours(f"{n} {s}", s) if n else f"{n} {s}" for s, n in counts.items())
    line = f"discrepancy: {parts} in {len(report.articles)} article(s)"
    hidden = len(report.findings) - len(displayed.findings)
    if hidden:
        line += f" ({hidden} below --min-severity not shown)"
    accepted = len(report.accepted) if report.tally is None else report.tally.get("accepted", 0)
    if accepted:
        line += f"; {accepted} accepted"
    return f"{line}; {where}"


def colour_lines(text: str, colours: Colours) -> str:
    """Severity words of the line format coloured (only on a terminal)."""
    if not colours.on:
        return text
    import re

    return re.sub(
        r"^(\S+:\d+:\d+: )(error|warning|info)\b",
        lambda m: m.group(1) + colours(m.group(2), m.group(2)),
        text,
        flags=re.M,
    )


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option(
    "--against",
    multiple=True,
    type=click.Path(),
    metavar="REF",
    help="Draft mode: check the one DRAFT given in PATHS (a file, or - for standard input) "
    "against these reference files or folders (repeatable).",
)
@click.option(
    "--date",
    "draft_date",
    metavar="YYYY-MM-DD",
    help="Draft mode: the draft's publication date (for a draft on standard input without "
    "'date:' front matter), so its relative dates and weekdays are checked.",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(list(FORMATS)),
    default=None,
    help="Output format.  [default: markdown]",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    metavar="FILE",
    help="Write the report to FILE (through a temporary file, renamed when complete) "
    "instead of stdout; - is stdout. Devices, FIFOs, folders and symlinks are refused.",
)
@click.option(
    "--min-severity",
    type=click.Choice(list(SEVERITIES)),
    default="info",
    show_default=True,
    help="Show only findings of this severity or worse (the exit status still follows --fail-on).",
)
@click.option(
    "--fail-on",
    type=click.Choice(list(SEVERITIES)),
    default=None,
    help="Exit 1 when a finding has this severity or worse.  [default: error]",
)
@click.option(
    "--exit-zero",
    is_flag=True,
    help="Exit 0 even when there are findings (input and write errors still exit 2).",
)
@click.option("-q", "--quiet", is_flag=True, help="No notes on stderr; only errors and the one-line summary.")
@click.option(
    "--keep-going",
    is_flag=True,
    help="A file that cannot be read becomes a note and the rest is checked "
    "(exit 2 only if nothing could be read).",
)
@click.option(
    "--fields",
    metavar="NAME=COL,...",
    help="Column names of .jsonl/.csv exports (fields: id, title, date, body), "
    "e.g. id=slug,title=headline,date=published,body=text.",
)
@click.option(
    "--select",
    "select",
    multiple=True,
    type=click.Choice(list(rules.names())),
    metavar="RULE|KIND",
    help="Report only this rule, or every rule of this kind (repeatable; see 'discrepancy rules').",
)
@click.option(
    "--skip",
    "skip_kinds",
    multiple=True,
    type=click.Choice(list(rules.names())),
    metavar="RULE|KIND",
    help="Do not report this rule, or any rule of this kind (repeatable).",
)
@click.option(
    "--group",
    type=click.Choice(list(STORY_MODES)),
    default=None,
    help="How to split articles into stories; facts are compared only within a story: "
    "auto (by incident: event, date, places, names), none (all one story), by-folder.  [default: auto]",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False),
    help="Read settings from this file instead of the nearest .discrepancy.toml or "
    "pyproject.toml [tool.discrepancy].",
)
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False),
    help="Accept the findings recorded in this file; report and fail only on new ones.",
)
@click.option(
    "--write-baseline",
    type=click.Path(),
    metavar="FILE",
    help="Record every current finding in FILE (then exit 0).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Read articles in N processes (default: as many cores as the input keeps busy; "
    "1: no worker processes). The report is the same whatever N is.",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Where the work runs: local (this machine) or dask (a Dask cluster, see --scheduler). "
    "The report is the same.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="With --engine dask: the Dask scheduler's address (tcp://host:8786); without it a "
    "local cluster of 2 worker processes is started for the run.",
)
@click.option(
    "--jsonl",
    type=click.Path(dir_okay=False, allow_dash=True),
    metavar="PATH",
    help="Write each story's findings to PATH as one JSON line as soon as the story is compared "
    "(through a temporary file, renamed when complete); the report is then written only with -o.",
)
def check(
    paths,
    against,
    draft_date,
    fmt,
    output,
    min_severity,
    fail_on,
    exit_zero,
    quiet,
    keep_going,
    fields,
    select,
    skip_kinds,
    group,
    config_file,
    baseline,
    write_baseline,
    jobs,
    engine,
    scheduler,
    jsonl,
):
    """Compare the articles in PATHS (files or folders) and report where they disagree.

    Folders are read recursively (.txt, .md and .html files, sorted); .jsonl and .csv
    exports (one article per record) are read when named; @FILE stands for the paths
    listed in FILE, one a line. A saved web page is read through its main text, with its
    title and publication date from the page. Articles are grouped into stories first,
    and facts are compared only within a story. Each finding names the articles, the line
    and column, and quotes each article's own words. A report written with -o is never
    read back as an article.

    With --against, PATHS is one draft (or - for standard input): findings are where the
    draft disagrees with the references or with itself; disagreements among the
    references alone are listed separately as context.

    Settings come from --config, else the nearest .discrepancy.toml or pyproject.toml
    with [tool.discrepancy] (keys: fail-on, select, skip, rules, thresholds, language,
    variants, tolerance, ignore, group, format; see docs/ci.md); options given here
    override them.

    \b
    Exit status:
      0    no finding at or above --fail-on
      1    findings at or above --fail-on
      2    usage, input or write error (missing path, empty folder, undecodable file,
           bad config, unwritable -o...), whatever --exit-zero says
      3    internal error
      130  interrupted (Ctrl-C); no report is left half-written

    \b
    Examples:
      discrepancy check fixtures/seeds
      discrepancy check drafts/ --format json -o report.json
      discrepancy check a.txt b.txt --fail-on warning --min-severity warning
      discrepancy check draft.md --against wires/ --format line
      discrepancy check - --against wires/ --date 2024-05-02 < draft.txt
      discrepancy check export.jsonl --fields id=slug,body=text
      discrepancy check @articles.txt --keep-going
      discrepancy check stories/ --format github --baseline .discrepancy-baseline.json
      discrepancy check archive/ --engine dask --scheduler tcp://10.0.0.5:8786 --jsonl out.jsonl
    """
    from . import config
    from .api import check as run_check
    from .baseline import dumps as baseline_text
    from .baseline import load as load_baseline
    from .render import renderer
    from .render.github import step_summary
    from .thresholds import Thresholds

    check_output_path(output, list(paths) + list(against))
    check_output_path(write_baseline, list(paths) + list(against), "--write-baseline")
    check_output_path(jsonl, list(paths) + list(against), "--jsonl")
    if scheduler and engine != "dask":
        fail("--scheduler needs --engine dask")
    if jsonl == "-" and output == "-":
        fail("--jsonl - and -o - would both write to standard output; give one of them a file")
    err = Colours(sys.stderr)
    from .engines import make
    from .engines.jsonl import JsonLines

    try:
        lines = JsonLines(jsonl) if jsonl else None
    except OSError as exc:
        fail(f"--jsonl {jsonl}: cannot write ({exc.strerror or exc}); check the folder's permissions")

    def run():
        from .articles import decode

        settings = config.load(config_file).override(
            fail_on=fail_on, select=tuple(select), skip=tuple(skip_kinds), group=group, format=fmt
        )
        draft_text = decode(sys.stdin.buffer.read(), "-") if against and list(paths) == ["-"] else None
        accepted = load_baseline(baseline) if baseline else ()
        runner = make(engine, jobs=jobs, scheduler=scheduler)
        try:
            return settings, run_with(runner, settings, draft_text, accepted)
        finally:
            runner.close()

    def run_with(runner, settings, draft_text, accepted):
        if quiet:
            progress = None
        else:
            progress = progress_bar if stream_is_tty(sys.stderr) else ProgressLine(sys.stderr)
        return run_check(
            list(paths),
            against=list(against) or None,
            draft_text=draft_text,
            draft_date=draft_date,
            skip_kinds=settings.skip,
            group=settings.group,
            ignore=settings.ignore,
            variants=settings.variants,
            tolerances=settings.tolerance,
            baseline=accepted,
            progress=progress,
            jobs=jobs,
            keep_going=keep_going,
            exclude=[p for p in (output, write_baseline, jsonl) if p and p != "-"],
            fields=fields,
            select=settings.select,
            severities=settings.rules,
            thresholds=Thresholds(settings.thresholds),
            engine=runner,
            on_story=lines,
            # the lines are the report: an archive run must not hold every finding for nothing
            keep=lines is None or bool(output or write_baseline) or settings.format == "github",
        )

    try:
        settings, report = run_guarded(run)
        if lines is not None:
            lines.commit()
    except OSError as exc:
        fail(f"--jsonl {jsonl}: cannot write ({exc.strerror or exc}); check the folder's free space")
    finally:
        if lines is not None:
            lines.discard()
    only_lines = lines is not None and not output  # the lines are the report
    displayed = shown(report, min_severity)
    if not only_lines:
        text = renderer(settings.format)(displayed)
        if settings.format == "line" and (not output or output == "-"):
            text = colour_lines(text, Colours(sys.stdout))
        write_or_fail(text, output)
    if settings.format == "github":
        try:
            step_summary(renderer("markdown")(displayed))
        except OSError as exc:
            fail(
                f"$GITHUB_STEP_SUMMARY {os.environ.get('GITHUB_STEP_SUMMARY')}: cannot append the "
                f"job summary ({exc.strerror or exc})"
            )
    if write_baseline:
        write_or_fail(baseline_text(report.findings + report.accepted), write_baseline, "--write-baseline")
    if not quiet:
        for note in report.notes:
            click.echo(err(f"discrepancy: note: {note}", "note"), err=True)
    where = f"report written to {output}" if output and output != "-" else "report on standard output"
    if lines is not None:
        where = f"{lines.stories} stories written to {jsonl} as JSON lines" + (
            "" if only_lines else f"; {where}"
        )
    if write_baseline:
        where += f"; {len(report.findings) + len(report.accepted)} finding(s) recorded in {write_baseline}"
    click.echo(summary_line(report, displayed, where, err), err=True)
    if write_baseline:
        return
    sys.exit(exit_status(report, settings.fail_on, exit_zero))


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["csv", "json"]),
    default="csv",
    show_default=True,
    help="Output format.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    metavar="FILE",
    help="Write to FILE (through a temporary file, renamed when complete) instead of stdout.",
)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(list(FACT_KINDS)),
    help="Only facts of this kind (repeatable).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Read articles in N processes (default: every core; 1: no worker processes). "
    "The report is the same whatever N is.",
)
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
    frame, notes = run_guarded(
        lambda: extract_facts(list(paths), kinds, jobs=jobs, ignore=config.load(None).ignore)
    )
    write_or_fail(facts_text(frame, fmt), output)
    for note in notes:
        click.echo(f"discrepancy: note: {note}", err=True)


@main.command(name="rules")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)
def rules_command(fmt):
    """List every rule a finding can come from: id, kind, default severity and what it means.

    Each id (or a kind, for all its rules) can be given to --select and --skip, to the
    config's select, skip and [tool.discrepancy.rules] (a severity or "off" per rule), and
    to <!-- discrepancy-ignore: RULE reason --> comments. docs/rules.md says more.

    \b
    Examples:
      discrepancy rules
      discrepancy rules --format json
    """
    import json

    if fmt == "json":
        click.echo(json.dumps([r.to_dict() for r in rules.CATALOG], indent=2, ensure_ascii=False))
        return
    rows = [("RULE", "KIND", "SEVERITY", "SUMMARY")] + [
        (r.id, r.kind, r.severity, r.summary) for r in rules.CATALOG
    ]
    widths = [max(len(row[k]) for row in rows) for k in range(3)]
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[3])


if __name__ == "__main__":
    main()
