"""Trainers' mistakes get a message naming the file, line and column, what is wrong and how to fix it.

Each file in fixtures/broken_quizzes/ and fixtures/broken_simulations/ is one mistake; its first lines say
what `course-builder check` must print (`# expect:` the located message, `# expect-fix:` part of the fix).
Add a file to add a case.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from course_builder.commands.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
BROKEN_QUIZZES = sorted((FIXTURES / "broken_quizzes").glob("*.yml"))
BROKEN_SIMULATIONS = sorted((FIXTURES / "broken_simulations").glob("*.yml"))


@pytest.fixture
def course(tmp_path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(FIXTURES / "mini_course", root)
    return root


def check(course: Path, capsys) -> tuple[int, str]:
    code = main(["check", str(course)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def expectations(file: Path) -> tuple[str, str]:
    lines = file.read_text().splitlines()
    expect = lines[0].removeprefix("# expect: ")
    fix = lines[1].removeprefix("# expect-fix: ")
    return expect, fix


def test_the_corpus_is_large_enough():
    assert len(BROKEN_QUIZZES) >= 10
    assert len(BROKEN_SIMULATIONS) >= 15


@pytest.mark.parametrize("broken", BROKEN_QUIZZES, ids=lambda p: p.stem)
def test_broken_quiz_is_reported_with_file_line_and_fix(broken, course, capsys):
    assert_reported(broken, course / "quizzes", course, capsys)


@pytest.mark.parametrize("broken", BROKEN_SIMULATIONS, ids=lambda p: p.stem)
def test_broken_simulation_is_reported_with_file_line_and_fix(broken, course, capsys):
    assert_reported(broken, course / "simulations", course, capsys)


def assert_reported(broken: Path, folder: Path, course: Path, capsys) -> None:
    """Copied into the course's `folder`, the file makes `check` print its `# expect:` line, then its fix."""
    folder.mkdir(exist_ok=True)
    shutil.copy(broken, folder / broken.name)
    code, output = check(course, capsys)
    expect, fix = expectations(broken)
    expect = f"{folder.name}/{expect}"
    assert code == 1
    assert expect in output
    message_line = next(line for line in output.splitlines() if expect in line)
    fix_line = output.splitlines()[output.splitlines().index(message_line) + 1]
    assert fix_line.strip().startswith("fix:") and fix in fix_line
    assert "Traceback" not in output


def test_valid_course_checks_clean(course, capsys):
    code, output = check(course, capsys)
    assert code == 0, output
    assert "no problems found (2 lessons, 1 quiz, 3 questions, 0 simulations)" in output


def test_every_problem_is_reported_in_one_pass(course, capsys):
    for name in ("typo-key.yml", "bad-type.yml", "id-mismatch.yml"):
        shutil.copy(FIXTURES / "broken_quizzes" / name, course / "quizzes" / name)
    code, output = check(course, capsys)
    assert code == 1
    assert "3 problems found" not in output  # also the quizzes not embedded anywhere
    for name in ("typo-key.yml:16:5", "bad-type.yml:7:11", "id-mismatch.yml:3:5"):
        assert f"quizzes/{name}" in output


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text()
    assert old in text, f"{old!r} not in {file}"
    file.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize(
    "old, new, expected, fix",
    [
        (
            "      - basics/second.md",
            "      - basics/secnd.md",
            "course.yml:17:9: lesson file content/basics/secnd.md does not exist",
            "did you mean `basics/second.md`?",
        ),
        (
            "passing_score: 80",
            "pasing_score: 80",
            "course.yml:11:1: unknown key `pasing_score` in the file",
            "did you mean `passing_score`?",
        ),
        (
            "id: mini-course",
            "id: Mini Course",
            "course.yml:1:5: `id` `Mini Course` is not a valid identifier",
            "lower-case letters",
        ),
        (
            "  - id: call\n",
            "  - id: measure\n",
            "course.yml:9:9: objective id `measure` is listed twice (first on line 7)",
            "must be unique",
        ),
        ("version: 0.1.0", "version:", "course.yml:3:9: `version` must be a text, not empty", "write a text"),
    ],
)
def test_course_config_errors(course, capsys, old, new, expected, fix):
    edit(course / "course.yml", old, new)
    code, output = check(course, capsys)
    assert code == 1
    assert expected in output
    assert fix in output


@pytest.mark.parametrize(
    "lesson, old, new, expected, fix",
    [
        (
            "basics/first.md",
            "(second.md)",
            "(secnd.md)",
            "content/basics/first.md:3:18: broken link: `secnd.md` does not exist",
            "did you mean `second.md`?",
        ),
        (
            "basics/first.md",
            "Some text",
            "![chart](img/chart.png) Some text",
            "content/basics/first.md:3:1: broken image: `img/chart.png` does not exist",
            "fix the path",
        ),
        (
            "basics/first.md",
            "(second.md)",
            "(/basics/second.md)",
            "content/basics/first.md:3:18: link `/basics/second.md` starts with `/`",
            "relative to this file",
        ),
        (
            "basics/second.md",
            "::quiz[basics-check]",
            "::quiz[basic-check]",
            "content/basics/second.md:5:1: quiz `basic-check` does not exist",
            "did you mean `basics-check`?",
        ),
        (
            "basics/second.md",
            "::quiz[basics-check]",
            "No quiz here.",
            "quizzes/basics-check.yml: quiz `basics-check` is not embedded in any lesson",
            "::quiz[basics-check]",
        ),
        (
            "basics/first.md",
            "# First lesson",
            "First lesson without heading",
            "content/basics/first.md:1: the lesson has no title",
            "# Title",
        ),
    ],
)
def test_lesson_errors(course, capsys, lesson, old, new, expected, fix):
    edit(course / "content" / lesson, old, new)
    code, output = check(course, capsys)
    assert code == 1
    assert expected in output
    assert fix in output


def test_unlisted_lesson_is_reported(course, capsys):
    (course / "content" / "basics" / "orphan.md").write_text("# Orphan\n")
    code, output = check(course, capsys)
    assert code == 1
    assert "content/basics/orphan.md: this page is not listed in course.yml" in output


def test_missing_config_is_explained(tmp_path, capsys):
    code, output = check(tmp_path, capsys)
    assert code == 1
    assert "no course.yml in" in output and "fix:" in output


def test_a_broken_embedded_quiz_is_reported_once(course, capsys):
    edit(course / "quizzes" / "basics-check.yml", "type: single", "type: singel")
    code, output = check(course, capsys)
    assert code == 1
    assert output.startswith("1 problem found")  # not also "quiz does not exist" in the lesson
    assert "quizzes/basics-check.yml:7:11:" in output


def test_lessons_without_sources_are_reported_when_the_course_requires_them(course, capsys):
    config = course / "course.yml"
    config.write_text(config.read_text() + "require_sources: true\n")
    second = course / "content" / "basics" / "second.md"
    second.write_text(second.read_text() + "\n## Sources\n\n- [A source](https://example.org/a)\n")
    code, output = check(course, capsys)
    assert code == 1
    assert "content/basics/first.md: the lesson lists no sources" in output
    assert "second.md: the lesson lists no sources" not in output
    assert "`require_sources: true`" in output
