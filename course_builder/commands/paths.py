"""Where a command finds the course, and how it names paths in what it prints."""

from __future__ import annotations

from pathlib import Path

# The repository checkout this package lives in, when it is one (an installed wheel has no course beside it).
BUNDLED_COURSE = Path(__file__).resolve().parents[2]


def course_root(given: str | None) -> Path:
    """The folder named on the command line, else the current folder if it holds a course.yml, else the
    bundled course of a checkout, else the current folder (whose missing course.yml is then the message)."""
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
