"""Browser-test harness for course-builder: real headless Chromium (Python Playwright), a local
static server, and a test LMS page running npm scorm-again with strict checks on top.

The pytest fixtures live in :mod:`harness.fixtures` (imported by ``tests/conftest.py``).
"""

from .browser import (
    CHROMIUM_ARGS,
    chromium_path,
    external_requests,
    is_ci,
    is_local_url,
)
from .lms import (
    Launch,
    Lms,
    LmsSession,
    flatten_cmi,
    interactions_from_flat,
    make_sco_zip,
    objectives_from_flat,
    read_launch,
    resume_state,
)
from .server import StaticServer

__all__ = [
    "CHROMIUM_ARGS",
    "Launch",
    "Lms",
    "LmsSession",
    "StaticServer",
    "chromium_path",
    "external_requests",
    "flatten_cmi",
    "interactions_from_flat",
    "is_ci",
    "is_local_url",
    "make_sco_zip",
    "objectives_from_flat",
    "read_launch",
    "resume_state",
]
