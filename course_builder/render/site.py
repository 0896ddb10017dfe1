"""Render the learner site with MkDocs + Material, configured for offline and LMS use."""
from __future__ import annotations

import io
import logging
from pathlib import Path

import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from course_builder.errors import CourseError, Problem
from course_builder.model import Course
from course_builder.render import assets


def mkdocs_settings(course: Course, site_dir: Path) -> dict:
    nav = [{"Welcome": "index.md"}]
    nav += [{module.title: [lesson.path for lesson in module.lessons]} for module in course.modules]
    nav += [{group.title: [page.path for page in group.pages]} for group in course.resources]
    return {
        "site_name": course.title,
        "site_description": course.description,
        "docs_dir": str(course.content_dir),
        "site_dir": str(site_dir),
        # file:// and LMS sub-paths need plain .html links (field notes: offline / LMS use).
        "use_directory_urls": False,
        "nav": nav,
        "theme": {
            "name": "material",
            "language": course.language.split("-")[0].lower(),
            "font": False,          # no Google Fonts request
            "features": ["navigation.footer", "navigation.prune", "content.code.copy"],
            "palette": {"primary": "indigo", "accent": "indigo"},
        },
        "plugins": ["search", "offline", {"course-builder": {"course_root": str(course.root)}}],
        # The offline plugin would add a CDN URL for this shim; naming our local copy stops it.
        "extra": {"polyfills": [assets.IFRAME_WORKER_SHIM], "generator": False},
        "markdown_extensions": [
            "admonition", "attr_list", "md_in_html", "tables", "footnotes", "def_list", "toc",
            "pymdownx.details", "pymdownx.superfences", "pymdownx.tabbed",
        ],
        "strict": False,
    }


def build_site(course: Course, site_dir: Path) -> None:
    settings = mkdocs_settings(course, site_dir)
    config_text = yaml.safe_dump(settings, sort_keys=False)
    # MkDocs resolves relative paths against the config file's folder: pretend it sits in the course root.
    stream = io.StringIO(config_text)
    stream.name = str(course.root / "mkdocs.yml")
    warnings = _CollectWarnings()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(warnings)
    try:
        config = load_config(config_file=stream)
        mkdocs_build(config)
    except MkDocsException as exc:
        raise CourseError(Problem(f"the site could not be built: {exc}", hint="fix the lesson named above"))
    finally:
        logger.removeHandler(warnings)
    if warnings.messages:
        raise CourseError([Problem(f"MkDocs: {message}") for message in warnings.messages])


class _CollectWarnings(logging.Handler):
    """MkDocs reports broken links and similar as warnings; a course build treats them as errors."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())
