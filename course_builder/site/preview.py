"""Incremental live preview: `course-builder serve` runs MkDocs' dirty rebuild, which reads and
renders only the Markdown files saved since the last build. This keeps what that needs between
rebuilds, so saving one lesson costs about one page, not a whole site:

- the course: a save that touched no YAML file (course.yml, quizzes/, simulations/) re-reads only
  course.yml and the lessons, reusing the quizzes and simulations already loaded and checked;
- when the course itself changed (a quiz or simulation edited, a lesson title, a new problem or
  one fixed), every page is rebuilt, so a lesson embedding an edited quiz shows it, and the
  problem banner appears on (or leaves) every page;
- the pages not rebuilt keep their title (for the navigation of the pages that are) and their
  content (for the printable handout, which is rebuilt each time);
- the theme's templates, compiled once: each rebuild has a new Jinja environment (kept in the user's
  cache folder, core/template_cache.py, or here where there is none).

`course-builder build` never uses this: it makes whole sites only.
"""

from __future__ import annotations

import os
import re
from html import escape
from pathlib import Path

import jinja2

from course_builder.core.wording import counted
from course_builder.errors import Problem
from course_builder.load.course import load_course, reload_lessons
from course_builder.model import Course


def problem_banner(problems: list[Problem]) -> str:
    """What the preview shows above every page while the course has problems: each with its file and line,
    what is wrong and the fix, in words a trainer reads at a glance (an alert, so a screen reader says it)."""
    items = "".join(_problem_item(problem) for problem in problems)
    return (
        '<div class="cb-preview-problems" role="alert" aria-labelledby="cb-preview-problems-title" tabindex="0">'
        f'<h2 id="cb-preview-problems-title"><span aria-hidden="true">\u26a0\ufe0f</span> '
        f"The course has {counted(len(problems), 'problem')}</h2>"
        "<p>This preview shows the last version that built. Fix the files below and save: "
        "the page reloads by itself.</p>"
        f"<ol>{items}</ol></div>"
    )


def _problem_item(problem: Problem) -> str:
    where = ""
    if problem.file is not None:
        where = str(problem.file) + "".join(f":{n}" for n in (problem.line, problem.column) if n is not None)
        where = f'<span class="cb-preview-problems__where">{escape(where)}</span> '
    fix = (
        f'<span class="cb-preview-problems__fix"><strong>Fix:</strong> {_text(problem.hint)}</span>'
        if problem.hint
        else ""
    )
    return f"<li>{where}<span>{_text(problem.message)}</span>{fix}</li>"


def _text(text: str) -> str:
    """Plain text, with the `names` messages quote shown as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escape(text))


class IncrementalPreview:
    def __init__(self) -> None:
        self._fingerprint: tuple | None = None  # the YAML files of the last course loaded cleanly
        self._loaded: Course | None = None
        self._shown: tuple | None = None  # the course and problems the site on disk shows
        self._pages: dict[str, tuple] = {}  # src_uri -> title, content, meta as last rendered
        self._templates = _CompiledTemplates()
        self.full = True

    def load(self, root: str) -> Course:
        """load_course(root), reading only course.yml and the lessons when no YAML file changed."""
        fingerprint = _yaml_fingerprint(Path(root))
        if self._loaded is not None and fingerprint == self._fingerprint:
            return reload_lessons(self._loaded)
        course = load_course(root)
        self._fingerprint, self._loaded = fingerprint, course
        return course

    def start_build(self, course: Course, problems: list[Problem]) -> None:
        shown = (course, [str(problem) for problem in problems])
        self.full = shown != self._shown
        self._shown = shown

    def build_failed(self) -> None:
        self._shown = None  # pages may be half done: rebuild them all next time

    def on_files(self, files, config) -> None:
        if not self.full:
            return
        for file in files.documentation_pages():
            file.is_modified = _modified  # the dirty build then renders every page
        # Material's search merges the index of a dirty rebuild into the previous one, assuming
        # one page changed: with every page rebuilt, start the index afresh.
        for plugin in config.plugins.values():
            if hasattr(plugin, "search_index_prev"):
                plugin.search_index_prev = None

    def on_nav(self, nav) -> None:
        """Pages the dirty build skips are never read: give them what they had last time."""
        for page in nav.pages:
            kept = self._pages.get(page.file.src_uri)
            if kept is not None and not page.file.is_modified():
                page.title, page.content, page.meta = kept

    def on_env(self, env: jinja2.Environment) -> None:
        # The user's cache folder keeps compiled templates (the plugin sets it); without one, memory does.
        if env.bytecode_cache is None:
            env.bytecode_cache = self._templates

    def remember(self, page) -> None:
        self._pages[page.file.src_uri] = (page.title, page.content, page.meta)


class _CompiledTemplates(jinja2.BytecodeCache):
    """In memory; Jinja keys each template by name and checks its source has not changed."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


def _modified() -> bool:
    return True


def _yaml_fingerprint(root: Path) -> tuple:
    found = []
    for top in (root / "course.yml", root / "quizzes", root / "simulations"):
        if top.is_file():
            found.append(_stat(top))
        for folder, _, names in os.walk(top):
            found += [_stat(Path(folder) / name) for name in names]
    return tuple(sorted(found))


def _stat(path: Path) -> tuple:
    try:
        status = path.stat()
    except OSError:
        return (str(path), None, None)
    return (str(path), status.st_mtime_ns, status.st_size)
