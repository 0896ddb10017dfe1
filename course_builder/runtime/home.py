"""The course home: the cover above the trainer's welcome page (content/index.md).

Built once per build from the course: the title, description, estimated time (core/estimate.py), the
objectives, a Start button to the first lesson and one card per module. What depends on the learner
(Start or "Continue where you left off", each module's progress) is filled in by js/home.js; without
it the cover still reads right, with Start.
"""

from __future__ import annotations

import html
import re
from html import escape
from pathlib import Path

from course_builder.core import estimate
from course_builder.core.progress import ideal_run
from course_builder.load.lessons import embeds, read_lesson
from course_builder.messages import Messages
from course_builder.model import Course, Lesson, Module

HOME_PAGE = "index.md"
# The first level-1 heading of a rendered page, and the tags inside it.
_FIRST_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>\s*", re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")


def lesson_url(lesson: Lesson) -> str:
    """The lesson's page, relative to the site root (where the home page is)."""
    return lesson.path[:-3] + ".html"


def lesson_activities(course: Course) -> dict[str, list[str]]:
    """The quizzes and simulations each lesson embeds, by lesson id, in page order."""
    found: dict[str, list[str]] = {}
    for lesson in course.lessons:
        file = course.content_dir / lesson.path
        names = [embed.name for _, embed in _embeds(file) if embed.kind in ("quiz", "simulation")]
        found[lesson.id] = [name for name in names if name in course.quizzes or name in course.simulations]
    return found


def course_minutes(course: Course) -> int:
    """How long the lessons and their activities take, by core/estimate.py's formula."""
    words = questions = steps = calculators = 0
    for lesson in course.lessons:
        file = course.content_dir / lesson.path
        words += estimate.count_words(read_lesson(file))
        for _, embed in _embeds(file):
            if embed.kind == "quiz" and embed.name in course.quizzes:
                questions += course.quizzes[embed.name].question_count
            elif embed.kind == "simulation" and embed.name in course.simulations:
                steps += len(ideal_run(course.simulations[embed.name]))
            elif embed.kind == "calculator":
                calculators += 1
    return estimate.estimated_minutes(words, questions, steps, calculators)


def _embeds(file: Path):
    """Every quiz, simulation and calculator line of a lesson (outside fenced code), in page order."""
    return sorted(
        (found for kind in ("quiz", "simulation", "calculator") for found in embeds(file, kind)), key=lambda f: f[0]
    )


def cover_html(course: Course) -> str:
    """The cover, as HTML. Every course.yml value is plain text, escaped; lesson titles are headings'
    text (as the navigation shows them)."""
    lessons = course.lessons
    first = lessons[0] if lessons else None
    messages = course.messages
    start_words = messages.t("home.start", "Start the course")
    start = (
        f'<a class="md-button md-button--primary cb-home__start" href="{escape(lesson_url(first))}">'
        f'<span class="cb-home__start-text">{escape(start_words)}</span></a>'
        if first
        else ""
    )
    modules = messages.tn("home.modules", "{count} module", "{count} modules", len(course.modules))
    lessons_count = messages.tn("home.lessons", "{count} lesson", "{count} lessons", len(lessons))
    # TRANSLATORS: the course's size on its cover: "{modules}" is "9 modules", "{lessons}" is "31 lessons"
    size = messages.t("home.size", "{modules}, {lessons}", modules=modules, lessons=lessons_count)
    # TRANSLATORS: in bold before how long the course takes ("About 3 h 40 min")
    time_label = messages.t("home.estimated-time", "Estimated time:")
    objectives_heading = messages.t("home.objectives", "Course objectives")
    modules_heading = messages.t("home.modules-heading", "Modules")
    facts = [
        f"<li><strong>{escape(time_label)}</strong> {escape(estimate.duration_text(course_minutes(course), messages))}</li>",
        f"<li>{escape(size)}</li>",
    ]
    objectives = "".join(f"<li>{escape(o.title)}</li>" for o in course.objectives)
    cards = "".join(_module_card(module, messages) for module in course.modules if module.lessons)
    return (
        '<section class="cb-home" aria-labelledby="cb-home-title">'
        '<div class="cb-home__cover">'
        f'<h1 class="cb-home__title" id="cb-home-title">{escape(course.title)}</h1>'
        + (f'<p class="cb-home__description">{escape(course.description)}</p>' if course.description else "")
        + f'<ul class="cb-home__facts">{"".join(facts)}</ul>'
        f'<div class="cb-home__actions">{start}</div>'
        "</div>"
        + (
            f'<h2 class="cb-home__heading" id="cb-home-objectives">{escape(objectives_heading)}</h2>'
            f'<ul class="cb-home__objectives">{objectives}</ul>'
            if objectives
            else ""
        )
        + f'<h2 class="cb-home__heading" id="cb-home-modules">{escape(modules_heading)}</h2>'
        f'<div class="grid cards cb-home__modules"><ol>{cards}</ol></div>'
        "</section>"
    )


def home_content(course: Course, content: str) -> str:
    """The home page's content: the cover, then the trainer's page. The cover's title is the page's
    heading, so a first heading that repeats the course title (as the scaffold writes it) is dropped
    rather than read out twice; any other heading stays."""
    match = _FIRST_H1.search(content)
    if match and html.unescape(_TAGS.sub("", match.group(1))).strip() == course.title.strip():
        content = content[: match.start()] + content[match.end() :]
    return cover_html(course) + content


def _module_card(module: Module, messages: Messages) -> str:
    first = module.lessons[0]
    count = escape(messages.tn("home.lessons", "{count} lesson", "{count} lessons", len(module.lessons)))
    return (
        f'<li class="cb-module-card" data-cb-module="{escape(module.id)}">'
        f'<h3 class="cb-module-card__title"><a href="{escape(lesson_url(first))}">{escape(module.title)}</a></h3>'
        f'<p class="cb-module-card__count">{count}</p>'
        '<p class="cb-module-card__progress" hidden></p>'
        '<p class="cb-module-card__quiz" hidden></p>'
        "</li>"
    )
