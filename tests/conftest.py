"""Shared pytest configuration. Browser-test fixtures come from tests/harness (see
harness/fixtures.py): browser, page, network_log, static_server, scorm_again, lms."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

_TESTS = Path(__file__).resolve().parent
if str(_TESTS) not in sys.path:
    sys.path.insert(0, str(_TESTS))

from harness.browser import is_ci  # noqa: E402
from harness.fixtures import (  # noqa: E402,F401
    _playwright,
    browser,
    lms,
    network_log,
    page,
    scorm_again,
    static_server,
)

FIXTURES_DIR = _TESTS / "fixtures"

_BROWSER_FIXTURES = {"browser", "page", "network_log", "lms"}


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES_DIR


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "browser: uses Chromium, the test LMS or Moodle (the fast lane, "
        "`./dev test -m 'not browser'`, leaves these out)",
    )
    config.addinivalue_line("markers", "lms: runs a package in the test LMS (scorm-again) or Moodle (`-m lms`)")
    config.addinivalue_line(
        "markers", "slow: over 10 s without a browser; `./dev fast` leaves these out, `./dev test` runs them"
    )


def pytest_collection_modifyitems(items):
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if (_BROWSER_FIXTURES | {"moodle"}) & fixtures:
            item.add_marker(pytest.mark.browser)
        if {"lms", "moodle"} & fixtures:
            item.add_marker(pytest.mark.lms)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI=true a skipped browser test is a failure, whatever skipped it."""
    outcome = yield
    report = outcome.get_result()
    if (
        report.skipped
        and not hasattr(report, "wasxfail")
        and is_ci()
        and _BROWSER_FIXTURES & set(getattr(item, "fixturenames", ()))
    ):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"browser test skipped under CI=true: {reason}"


@pytest.fixture(scope="session")
def moodle(request):
    """A real Moodle 4.5.6, fresh for the session (harness/moodle.py; skips locally, fails on CI if unavailable)."""
    from harness.moodle import moodle_fixture

    yield from moodle_fixture(request)
