"""Course objects built in memory, for tests of the packager that need no files."""

from __future__ import annotations

import io
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from course_builder.model import Completion, Course, Lesson, Module, Objective


def make_course(**changes) -> Course:
    """A small valid Course; keyword arguments replace its fields."""
    values = dict(
        root=Path("/courses/credit-collections"),
        id="credit-collections",
        title="Credit & Collections Training",
        version="1.0.0",
        language="en-US",
        description="Practical training for collections staff.",
        objectives=(
            Objective("prioritize", "Prioritize collection activities."),
            Objective("quick-wins", "Recognize three things to do today."),
        ),
        passing_score=80,
        completion=Completion(),
        modules=(
            Module(
                "introduction",
                "Introduction",
                (Lesson("introduction/order-to-cash", "Order to cash", "introduction/order-to-cash.md"),),
            ),
        ),
    )
    values.update(changes)
    return Course(**values)


FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
EDITIONS = ("scorm12", "scorm2004")


def copy_fixture(name: str, parent: Path) -> Path:
    """A fresh copy of tests/fixtures/<name> (a course folder) under `parent`, to edit or build."""
    root = Path(parent) / "course"
    shutil.copytree(FIXTURES / name, root)
    return root


def build_fixture(name: str, parent: Path) -> dict[str, Path]:
    """Build a fixture course; its two packages by edition."""
    from course_builder.commands.build import build

    result = build(copy_fixture(name, parent))
    return {edition: next(p for p in result.packages if p.name.endswith(f"-{edition}.zip")) for edition in EDITIONS}


def run_main(args: list[str]) -> tuple[int, str, str]:
    """`course-builder ARGS` in this process: its exit code and what it printed on stdout and on stderr
    (caught as capsys catches them, at sys.stdout and sys.stderr), for fixtures, which cannot use capsys."""
    from course_builder.commands.cli import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(args)
    return code, out.getvalue(), err.getvalue()
