"""pytest fixtures for browser tests (imported by tests/conftest.py).

browser        session   Playwright Browser: Debian chromium, headless, flags for this machine.
                         Missing chromium: skip locally, fail under CI=true.
page           function  A fresh context + page. ``page.network_log`` lists every request URL
                         (all frames); requests leaving 127.0.0.1/localhost are aborted (and logged).
network_log    function  The same list as ``page.network_log``.
static_server  function  ``static_server(directory) -> base_url``: serve a folder on 127.0.0.1:<port>.
scorm_again    session   Path of npm scorm-again's dist/scorm-again.js (skip/fail if not installed).
lms            function  :class:`harness.lms.Lms` on ``page``: ``lms.open(zip, edition=None, state=...)``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .browser import CHROMIUM_ARGS, chromium_path, is_ci, is_local_url
from .lms import SCORM_AGAIN_DIST, Lms
from .server import StaticServer


def missing(reason: str) -> None:
    """Skip locally; fail under CI (browser tests must never be skipped on CI)."""
    if is_ci():
        pytest.fail(f"{reason} (CI=true: browser tests must not be skipped)", pytrace=False)
    pytest.skip(f"{reason}; run ./dev test to install it")


@pytest.fixture(scope="session")
def _playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - the test extra installs it
        missing(f"Python Playwright is not installed ({exc})")
    pw = sync_playwright().start()
    yield pw
    pw.stop()


@pytest.fixture(scope="session")
def browser(_playwright):
    executable = chromium_path()
    if not executable.exists():
        missing(f"Chromium not found at {executable} (Debian package 'chromium')")
    browser = _playwright.chromium.launch(executable_path=str(executable), headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    network_log: list[str] = []
    context.on("request", lambda request: network_log.append(request.url))
    # Nothing may leave the machine: abort such requests at once (they stay in the log).
    context.route(lambda url: not is_local_url(url), lambda route: route.abort("blockedbyclient"))
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.network_log = network_log
    yield page
    context.close()


@pytest.fixture
def network_log(page) -> list[str]:
    return page.network_log


@pytest.fixture
def static_server():
    servers: list[StaticServer] = []

    def serve(directory: str | Path) -> str:
        server = StaticServer(directory).start()
        servers.append(server)
        return server.base_url

    yield serve
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def scorm_again() -> Path:
    if not SCORM_AGAIN_DIST.exists():
        missing(f"npm scorm-again is not installed ({SCORM_AGAIN_DIST} missing; npm ci in tests/lms)")
    return SCORM_AGAIN_DIST


@pytest.fixture
def lms(page, scorm_again, tmp_path):
    root = tmp_path / "lms-root"
    root.mkdir()
    server = StaticServer(root).start()
    try:
        yield Lms(page, server, root, dist=scorm_again)
    finally:
        server.stop()
