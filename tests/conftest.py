"""Shared pytest configuration. Browser-test fixtures come from tests/harness (see
harness/fixtures.py): browser, page, network_log, static_server, scorm_again, lms."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import sys
from dataclasses import dataclass
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


@dataclass(frozen=True)
class BuiltCourse:
    """A course folder after `course-builder build` (site/ and both packages in dist/), and what it printed."""

    root: Path
    out: str
    err: str


@pytest.fixture(scope="session")
def built_mini_course(tmp_path_factory) -> BuiltCourse:
    """tests/fixtures/mini_course built by `course-builder build` (in-process, both packages) once per run,
    for the tests that read a plain build: under xdist the first worker to need it builds it while the
    others wait on a lock, then all read the same folder. Read it only: a test that changes the course or
    its outputs works on a copy (shutil.copytree(built.root, ..., symlinks=True))."""
    from harness.courses import copy_fixture, run_main

    run_folder = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        run_folder = run_folder.parent  # this run's folder, which its workers share
    folder, printed = run_folder / "built-mini-course", run_folder / "built-mini-course.json"
    with open(run_folder / "built-mini-course.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not printed.is_file():
            shutil.rmtree(folder, ignore_errors=True)  # what a failed attempt left
            code, out, err = run_main(["build", str(copy_fixture("mini_course", folder))])
            assert code == 0, out + err
            printed.write_text(json.dumps({"out": out, "err": err}))
    what = json.loads(printed.read_text())
    return BuiltCourse(folder / "course", what["out"], what["err"])


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
