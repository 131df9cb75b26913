"""Test options shared by the suite: tests marked ``slow`` run only with ``--run-slow``; the
place-index cache lives in a folder of the test run, not in the user's cache."""

from __future__ import annotations

import os
import tempfile

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--run-slow",
        action="store_true",
        default=False,
        help="also run tests marked slow (big inputs, minutes each)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: big-input tests, skipped unless --run-slow is given")
    # subprocess runs of the CLI inherit this too
    os.environ.setdefault("DISCREPANCY_CACHE_DIR", tempfile.mkdtemp(prefix="discrepancy-test-cache-"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--run-slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --run-slow")
    for item in items:
        if item.get_closest_marker("slow") is not None:
            item.add_marker(skip)


@pytest.fixture()
def articles():
    """The articles of the wildfire fixture cluster, as loaded from disk."""
    from discrepancy.articles import load_articles

    found, _ = load_articles(["fixtures/clusters/wildfire"])
    return found
