"""Thin MkDocs adapter: everything course-specific lives in plain modules.

It loads the course, hands the quizzes to the Markdown extension, ships our browser assets and
the course data file, and marks each lesson page with its tracking id.

It is also where plain text meets the theme. Material prints the site name, page titles and
navigation titles into its templates unescaped (MkDocs themes run without autoescape, and treat
those values as HTML), except in a few places where it escapes them. So each of our plain-text
values reaches the theme HTML-escaped and marked safe (`text.html_text`), which is right in both
kinds of places; and a lesson's title line shows HTML in it as written (`text.literal_markup`).
"""

from __future__ import annotations

import html
import logging
import os
import re

from markupsafe import Markup
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File
from mkdocs.structure.nav import Section

from course_builder.core.template_cache import bytecode_cache
from course_builder.errors import CourseError, Problem
from course_builder.load.course import load_course
from course_builder.markdown_ext.calculator import CalculatorExtension
from course_builder.markdown_ext.quiz import QuizExtension
from course_builder.markdown_ext.simulation import SimulationExtension
from course_builder.markdown_ext.text import html_text, literal_markup
from course_builder.model import Course
from course_builder.runtime import files as assets
from course_builder.runtime import handout, home
from course_builder.site.config import CourseBuilderConfig
from course_builder.site.preview import IncrementalPreview, problem_banner
from course_builder.site.theme_assets import ThemeAssets, search_languages

log = logging.getLogger("mkdocs.plugins.course_builder")

# The title line of a page, as Python-Markdown reads it: the first `#` heading outside fenced code.
_TITLE_LINE = re.compile(r"^#(?!#)")
_FENCE = re.compile(r"^\s*(```|~~~)")


class CourseBuilderPlugin(BasePlugin[CourseBuilderConfig]):
    """Built with the course by `course-builder build` (site.render.build_site), which has loaded and
    checked it already; built by MkDocs from its entry point for `course-builder serve`, which loads the
    course again on every rebuild so that edits show."""

    course: Course
    problems: list[Problem]
    # Set for `course-builder serve`'s dirty rebuilds. Having on_startup makes MkDocs keep this
    # instance from one rebuild to the next, and the preview state with it.
    preview: IncrementalPreview | None = None

    def __init__(self, course: Course | None = None):
        super().__init__()
        self.given = course
        self.last_good: Course | None = None  # live preview: the last course that loaded cleanly
        self.theme_assets = ThemeAssets()
        self.handout_lessons: dict[str, tuple] = {}  # the pages the handout prints, as MkDocs rendered them
        self.handout_page: tuple[str, str, str] | None = None  # where print.html is, its page around the lessons
        self.activity_kinds: set[tuple[str, ...]] = set()  # the kinds of activity on a page, for each page that has any

    def on_startup(self, *, command, dirty):
        self.preview = IncrementalPreview() if command == "serve" and dirty else None

    def on_config(self, config):
        root = os.path.abspath(os.path.join(os.path.dirname(config.config_file_path or "."), self.config.course_root))
        self.problems = []
        try:
            self.course = self.given if self.given is not None else self._load(root)
            self.last_good = self.course
        except CourseError as error:
            if not self.config.live_preview or self.last_good is None:
                raise
            # A trainer mid-edit: keep previewing the last good course, and say what is wrong
            # in the terminal and on every page until it is fixed.
            self.course = self.last_good
            self.problems = error.problems
            for problem in self.problems:
                log.error(str(problem))
        if self.preview:
            self.preview.start_build(self.course, self.problems)
        config.markdown_extensions.append(QuizExtension(quizzes=self.course.quizzes, messages=self.course.messages))
        config.markdown_extensions.append(
            SimulationExtension(simulations=self.course.simulations, messages=self.course.messages)
        )
        config.markdown_extensions.append(CalculatorExtension(messages=self.course.messages))
        self.storage_guard = assets.storage_guard()  # read once per build, inlined on every page
        config.extra_css.append(assets.STYLESHEET)
        config.extra_javascript.extend(assets.SCRIPTS)
        # The course title and description, plain text, as the theme prints them: see the module's doc.
        config["site_name"] = html_text(config["site_name"])
        if config["site_description"]:
            config["site_description"] = html_text(config["site_description"])
        return config

    def on_files(self, files, config):
        # The theme's files are in by now (MkDocs adds them before this event): keep what learners load.
        self.theme_assets.trim(files, config, search_languages(config))
        for path, content in assets.site_files(self.course).items():
            files.append(File.generated(config, path, content=content))
        if self.course.handout:
            files.append(File.generated(config, handout.HANDOUT_PAGE, content=handout.handout_markdown(self.course)))
        files.append(
            File.generated(config, handout.CERTIFICATE_PAGE, content=handout.certificate_markdown(self.course))
        )
        if self.preview:
            self.preview.on_files(files, config)
        return files

    def on_page_markdown(self, markdown, page, config, files):
        return _title_as_text(markdown)

    def on_page_content(self, html, page, config, files):
        # The course home: a cover (title, time, Start, module cards) above the trainer's welcome page.
        if page.file.src_uri == home.HOME_PAGE:
            return home.home_content(self.course, html)
        return html

    def on_nav(self, nav, config, files):
        if self.preview:
            self.preview.on_nav(nav)
        # Module and resource group titles: plain text from course.yml.
        for item in _sections(nav.items):
            item.title = html_text(item.title)
        self.nav = nav
        return nav

    def on_env(self, env, config, files):
        env.bytecode_cache = bytecode_cache()  # before any template is compiled: Material's are kept compiled
        env.filters["collapse_spaces"] = collapse_spaces  # theme/main.html
        # Every page has been read and rendered, no template yet: each title is final, and the theme
        # prints the titles of all pages (navigation) into each one.
        for page in self.nav.pages:
            _escape_title(page)
        if self.preview:
            self.preview.on_env(env)
        return env

    def on_page_context(self, context, page, config, nav):
        # Every page has been rendered by now (MkDocs renders all content before any template).
        if page.file.src_uri == handout.HANDOUT_PAGE:
            # The lessons go in after the page is written (on_post_build), a lesson at a time: the handout
            # of a large course is tens of MB, and as one text it went through the theme several times.
            self.handout_lessons = {p.file.src_uri: (p.url, p.content or "", p.title) for p in nav.pages}
            page.content = _HANDOUT_MARK
            contents = [handout.without_key_blocks(content) for _, content, _ in self.handout_lessons.values()]
        else:
            contents = [page.content or ""]
        # What theme/main.html adds to every page: see its blocks.
        uri = page.file.src_uri
        context["course_builder"] = {
            "page": uri[:-3] if uri.endswith(".md") else uri,  # the lesson's tracking id (runtime/js/page.js)
            "storage_guard": self.storage_guard,
            "problems": problem_banner(self.problems) if self.problems else "",
            "scripts": [],
        }
        kinds = assets.page_activities(contents)
        if kinds:  # the page's one activity script, written once the pages are (on_post_build)
            self.activity_kinds.add(kinds)
            context["course_builder"]["scripts"].append(assets.activity_script(kinds))
        return context

    def on_build_error(self, error):
        if self.preview:
            self.preview.build_failed()

    def on_post_page(self, output, page, config):
        if self.preview:
            self.preview.remember(page)
        output = self._with_direction(output)
        if page.file.src_uri == handout.HANDOUT_PAGE:
            if _HANDOUT_MARK not in output:  # a theme that does not print page.content: say so, not an empty page
                raise CourseError(Problem("the theme left the handout's lessons out of print.html"))
            before, after = output.split(_HANDOUT_MARK, 1)
            self.handout_page = (page.file.abs_dest_path, before, after)
        return output

    def on_post_template(self, output_content, template_name, config):
        # The theme's own pages (404.html) need the page's direction as much as the lessons do.
        return self._with_direction(output_content) if template_name.endswith(".html") else output_content

    @event_priority(-110)  # after the offline plugin (-100) has made the search index a script
    def on_post_build(self, *, config):
        self.theme_assets.after_build(config.site_dir)
        for kinds in sorted(self.activity_kinds):
            path = os.path.join(config.site_dir, assets.activity_script(kinds))
            with open(path, "w", encoding="utf-8", newline="") as out:
                out.write(assets.activity_bundle(kinds))
        if self.handout_page is not None:
            self._write_handout(*self.handout_page)
            self.handout_page = None

    def _write_handout(self, path: str, before: str, after: str) -> None:
        # As MkDocs writes a page: UTF-8, a character it cannot encode as a character reference.
        with open(path, "w", encoding="utf-8", errors="xmlcharrefreplace", newline="") as out:
            out.write(before)
            for number, part in enumerate(handout.handout_parts(self.course, self.handout_lessons)):
                out.write("\n" + part if number else part)
            out.write(after)
        self.handout_lessons = {}

    def _with_direction(self, output: str) -> str:
        # Material sets `dir` on <body> only: <html> says it too, so the page as a whole (and anything
        # outside <body>) reads right to left in Arabic.
        return _HTML_START.sub(rf'\g<0> dir="{self.course.messages.direction}"', output, count=1)

    def _load(self, root: str) -> Course:
        return self.preview.load(root) if self.preview else load_course(root)


# Where the handout's lessons go in its page (on_post_build).
# It holds "<h1" because the theme adds a title heading to a page without one, and the handout has its own.
_HANDOUT_MARK = "<!-- course-builder: the handout's lessons, under its own <h1> -->"

# Material's opening tag, up to its lang: `dir` goes after it (`<html lang="ar" dir="rtl" ...>`).
_HTML_START = re.compile(r'<html lang="[^"]*"(?![^>]*\sdir=)')


def _title_as_text(markdown: str) -> str:
    """The page's title line with its HTML shown as written, not run (Markdown formatting still applies)."""
    lines = markdown.split("\n")
    in_fence = False
    for index, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and _TITLE_LINE.match(line):
            lines[index] = literal_markup(line)
            break
    return "\n".join(lines)


def _sections(items):
    for item in items:
        if isinstance(item, Section):
            yield item
            yield from _sections(item.children)


def _escape_title(page) -> None:
    """A page's title as the theme's templates expect it. MkDocs takes it from the front matter (plain
    text), from the navigation (ours: plain words, with nothing to escape), or from the first heading as
    rendered with its tags removed: HTML text, which is decoded first, so `&amp;` is not escaped twice."""
    if "title" in page.meta:
        page.meta["title"] = html_text(str(page.meta["title"]))
    if page.title is not None:
        page.title = html_text(html.unescape(str(page.title)))


def collapse_spaces(html: str) -> Markup:
    """Each run of spaces and line breaks as one space: how a browser shows it anyway, outside <pre>.
    Material indents its navigation deeply; on a large course that was half of each page's sidebar."""
    return Markup(_SPACES.sub(" ", str(html)))


_SPACES = re.compile(r"\s+")
