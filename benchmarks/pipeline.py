"""The end-to-end run the benchmark times while ``discrepancy check`` has no ``--jobs`` option.

It does what ``discrepancy check FOLDER --group by-folder`` does, with the facts extracted
by ``discrepancy.parallel.extract_all`` in ``--jobs`` processes, then the rest of the
pipeline (grouping, comparing, the markdown report) exactly as the CLI runs it.

    python benchmarks/pipeline.py /tmp/corpus --jobs 2
"""
from __future__ import annotations

import argparse
from collections import defaultdict

from discrepancy import api
from discrepancy.parallel import extract_all
from discrepancy.render import renderer


def run(folder: str, jobs: int | None) -> str:
    """The markdown report for ``folder``, extracting in ``jobs`` processes."""
    articles, notes = api.load([folder])
    by_article = defaultdict(list)
    for fact in extract_all(articles, jobs):
        by_article[fact.article].append(fact)
    # analyse() extracts article by article through api.extract: hand it the facts read above.
    api.extract = lambda article, kinds=None: by_article[article.id]
    report = api.analyse(articles, notes=notes, group="by-folder")
    return renderer("markdown")(report)


def main() -> None:
    """Command line: run the pipeline on one folder and discard the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    run(args.folder, args.jobs)


if __name__ == "__main__":
    main()
