"""Load a whole course and check it: the one entry point `check`, `build` and `serve` share."""

from __future__ import annotations

import dataclasses
from collections.abc import Set
from pathlib import Path

from course_builder.errors import CourseError, Problem
from course_builder.load.config import load_config
from course_builder.load.course_files import check_course_files
from course_builder.load.lessons import (
    calculator_problems,
    has_sources,
    link_problems,
    quiz_embeds,
    read_lesson,
    read_lesson_title,
    simulation_embeds,
)
from course_builder.load.offline import offline_problems
from course_builder.load.quizzes import load_quizzes
from course_builder.load.simulations import load_simulations
from course_builder.load.text_file import one_read_each
from course_builder.model import Course


def load_course(root: str | Path) -> Course:
    """Load and validate everything; raise CourseError listing every problem found."""
    with one_read_each():
        return _load_course(Path(root).resolve())


def _load_course(root: Path) -> Course:
    check_course_files(root)  # before anything is read: nothing from outside the course gets in
    course = load_config(root)
    quizzes, banks, broken, problems = load_quizzes(course)
    course = dataclasses.replace(course, quizzes=quizzes, banks=banks)
    simulations, broken_simulations, simulation_problems = load_simulations(course)
    course = dataclasses.replace(course, simulations=simulations)
    problems += simulation_problems
    problems += _lesson_problems(course, broken, broken_simulations)
    if problems:
        raise CourseError(problems)
    return course


def reload_lessons(previous: Course) -> Course:
    """`load_course` after only lessons changed: course.yml and the lessons are read and checked again,
    the quizzes and simulations are `previous`'s (loaded cleanly, their files unchanged since).
    Live preview calls this on each lesson save, skipping the costly part (YAML and schema checks)."""
    with one_read_each():
        return _reload_lessons(previous)


def _reload_lessons(previous: Course) -> Course:
    check_course_files(previous.root)
    course = dataclasses.replace(
        load_config(previous.root), quizzes=previous.quizzes, banks=previous.banks, simulations=previous.simulations
    )
    problems = _lesson_problems(course, set(), set())
    if problems:
        raise CourseError(problems)
    return course


_OTHER_MARKDOWN_SUFFIXES = {".markdown", ".mdown", ".mkdn", ".mkd"}  # MkDocs' page suffixes besides .md
# Pages the site makes itself at the top of content/ (runtime/handout.py: HANDOUT_PAGE, CERTIFICATE_PAGE):
# a trainer's file of the same name would replace one or the other, or be replaced.
GENERATED_PAGES = {"print": "the printable handout", "certificate": "the completion certificate"}


def _lesson_problems(
    course: Course, broken_quizzes: Set[str], broken_simulations: Set[str] = frozenset()
) -> list[Problem]:
    """Problems in lessons; embeds of quizzes and simulations whose file has errors are not reported again."""
    problems: list[Problem] = []
    content = course.content_dir
    index = content / "index.md"
    if not index.is_file():
        problems.append(
            Problem(
                "content/index.md is missing",
                "content/index.md",
                hint="add a welcome page: it is the first page learners see",
            )
        )
    listed = {lesson.path for lesson in course.lessons}
    reference = {page.path for group in course.resources for page in group.pages}
    embedded: dict[tuple[str, str], str] = {}  # (kind, id) -> the lesson embedding it
    clashing = _generated_page_problems(content, course.root)
    problems += clashing
    for file in sorted(content.rglob("*")):
        if file.suffix.lower() in _OTHER_MARKDOWN_SUFFIXES and file.is_file():
            # MkDocs would publish it as a page, unchecked and unlisted.
            problems.append(
                Problem(
                    f"lessons end in .md, not {file.suffix}",
                    file.relative_to(course.root).as_posix(),
                    hint=f"rename it to {file.stem}.md and list it in course.yml, or delete it",
                )
            )
    for file in sorted(content.rglob("*.md")):
        rel = file.relative_to(content).as_posix()
        shown = f"content/{rel}"
        if rel != "index.md" and rel not in listed | reference and shown not in {p.file for p in clashing}:
            problems.append(
                Problem(
                    "this page is not listed in course.yml, so learners cannot reach it",
                    shown,
                    hint="add it to a module's `lessons:` (or to `resources:`) in course.yml, or delete it",
                )
            )
        if rel in listed | reference and read_lesson_title(file) is None:
            problems.append(Problem("the lesson has no title", shown, 1, hint="start the file with a line `# Title`"))
        if rel in listed | reference and course.require_sources and not has_sources(file):
            problems.append(
                Problem(
                    "the lesson lists no sources",
                    shown,
                    hint="end it with a `## Sources` list naming where its facts, figures and law "
                    "come from (course.yml sets `require_sources: true`)",
                )
            )
        problems += link_problems(content, file)
        problems += offline_problems(read_lesson(file, shown), shown)
        problems += calculator_problems(file, shown)
        for kind, folder, embeds, known, broken in _embeddable(course, broken_quizzes, broken_simulations):
            for line, item_id in embeds(file):
                if item_id in broken:
                    embedded[kind, item_id] = shown
                elif item_id not in known:
                    import difflib

                    close = difflib.get_close_matches(item_id, sorted(known), n=1)
                    problems.append(
                        Problem(
                            f"{kind} `{item_id}` does not exist",
                            shown,
                            line,
                            1,
                            f"did you mean `{close[0]}`?"
                            if close
                            else f"create {folder}/{item_id}.yml, or fix the name",
                        )
                    )
                elif (kind, item_id) in embedded:
                    problems.append(
                        Problem(
                            f"{kind} `{item_id}` is already embedded in {embedded[kind, item_id]}",
                            shown,
                            line,
                            1,
                            f"embed each {kind} once, so its result is tracked in one place",
                        )
                    )
                else:
                    embedded[kind, item_id] = shown
    for kind, _, _, known, _ in _embeddable(course, broken_quizzes, broken_simulations):
        for item_id, item in sorted(known.items()):
            if (kind, item_id) not in embedded:
                problems.append(
                    Problem(
                        f"{kind} `{item_id}` is not embedded in any lesson",
                        str(item.source),
                        hint=f"add a line `::{kind}[{item_id}]` to a lesson, or delete the file",
                    )
                )
    return problems


def _generated_page_problems(content: Path, root: Path) -> list[Problem]:
    """content/print.md, certificate.md (or .html, in any case: Print.md clashes on macOS and Windows)."""
    problems = []
    for file in sorted(content.iterdir()) if content.is_dir() else []:
        stem, suffix = file.stem.lower(), file.suffix.lower()
        if stem in GENERATED_PAGES and suffix in {".md", ".html"} | _OTHER_MARKDOWN_SUFFIXES:
            problems.append(
                Problem(
                    f"the name {file.name} is taken: the course makes {stem}.html itself, "
                    f"{GENERATED_PAGES[stem]}, and this file would clash with it",
                    file.relative_to(root).as_posix(),
                    hint=f"rename it, for example to content/{stem}-notes{suffix} (and its line in course.yml, "
                    "if it is listed there)",
                )
            )
    return problems


def _embeddable(course: Course, broken_quizzes: Set[str], broken_simulations: Set[str]):
    """What lessons embed: kind, folder, the lesson scanner, the loaded ones by id, those that failed to load."""
    return (
        ("quiz", "quizzes", quiz_embeds, course.quizzes, broken_quizzes),
        ("simulation", "simulations", simulation_embeds, course.simulations, broken_simulations),
    )
