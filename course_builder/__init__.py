"""course-builder: a course in Markdown and YAML, built into a static site and SCORM packages."""

from __future__ import annotations

from importlib import metadata

try:
    __version__ = metadata.version("course-builder")
except metadata.PackageNotFoundError:  # run from a checkout that was never installed
    __version__ = "0+unknown"
