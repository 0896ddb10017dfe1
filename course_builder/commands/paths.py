"""Where a command finds the course, and how it names paths in what it prints."""

from __future__ import annotations

from pathlib import Path

from course_builder.errors import CourseError, Problem

# The repository checkout this package lives in, when it is one (an installed wheel has no course beside it).
BUNDLED_COURSE = Path(__file__).resolve().parents[2]


def course_root(given: str | None) -> Path:
    """The folder named on the command line, else the current folder if it holds a course.yml, else the
    bundled course of a checkout, else the current folder (whose missing course.yml is then the message).
    A translated course that `translate import` wrote is refused: it is built from its source, with --lang."""
    from course_builder.translate.variant import translated_copy

    root = _given_or_found(given)
    copy = translated_copy(root)
    if copy:
        source, language = copy
        raise CourseError(
            Problem(
                f"this folder is the course translated into {language}, written by course-builder from "
                f"{shown(source)}; on its own it would be another course, with its own tracking ids",
                file=shown(root.resolve()),
                hint=f"give the source course and the language: course-builder build {shown(source)} --lang {language}",
            )
        )
    return root


def _given_or_found(given: str | None) -> Path:
    if given:
        return Path(given)
    if (Path.cwd() / "course.yml").is_file() or not (BUNDLED_COURSE / "course.yml").is_file():
        return Path.cwd()
    return BUNDLED_COURSE


def shown(path: Path) -> str:
    """A path as the user typed it: relative to the current folder when it is inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
