"""Chromium location, launch flags and network-log helpers."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

#: Debian's chromium (apt package ``chromium``); never a Playwright-downloaded browser.
DEFAULT_CHROMIUM = "/usr/bin/chromium"

#: Flags needed on these machines: root (no sandbox), no GPU, and no background connections
#: (the closed network refuses them, many at a time, and slows every start).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
LOCAL_SCHEMES = {"file", "data", "blob", "about"}


def is_ci() -> bool:
    """True when running under CI (CI=true/1/yes): missing browsers are failures, not skips."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}


def chromium_path() -> Path:
    """The Chromium executable: $COURSE_BUILDER_CHROMIUM or /usr/bin/chromium."""
    return Path(os.environ.get("COURSE_BUILDER_CHROMIUM") or DEFAULT_CHROMIUM)


def is_local_url(url: str) -> bool:
    """True for file:, data:, blob:, about: and http(s)/ws(s) to 127.0.0.1, localhost or ::1."""
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    return (parts.hostname or "") in LOCAL_HOSTS


def external_requests(urls: Iterable[str]) -> list[str]:
    """The URLs in ``urls`` that would leave the machine."""
    return [url for url in urls if not is_local_url(url)]
