"""The trainer's guide and `course-builder new`: what a newcomer follows must work as written.

The guide's examples are built as one course, so they cannot rot. Every ```yaml and ```markdown block in
docs/authoring.md is preceded by an HTML comment (invisible on the rendered page) saying what it is:

    <!-- example: PATH -->           the whole file PATH of the course (replacing the scaffold's, if any)
    <!-- example: PATH append -->    more of PATH: added to the end of what the blocks above gave it
    <!-- example: part of PATH -->   a snippet shown for reading: it must appear, as written, in PATH

The course starts as `course-builder new course` writes it; the examples are laid over it in the order of
the guide; then `check` and `build` must succeed. A block without a comment fails the test, so a new
example cannot be added untested.
"""

from __future__ import annotations

import re
from pathlib import Path

from course_builder.commands.cli import main

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "authoring.md"
_BLOCK = re.compile(
    r"(?:<!-- example: (?P<mark>[^>]*?) -->\n)?```(?P<lang>yaml|markdown)\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL
)


def guide_examples() -> list[tuple[str, str, str]]:
    """(how, path, text) for every yaml and markdown block of the guide, in order; how is
    "file", "append" or "part"."""
    examples = []
    for match in _BLOCK.finditer(GUIDE.read_text(encoding="utf-8")):
        line = GUIDE.read_text(encoding="utf-8")[: match.start("lang")].count("\n") + 1
        mark = match.group("mark")
        assert mark, (
            f"docs/authoring.md:{line}: the ```{match.group('lang')} block has no <!-- example: PATH --> comment"
        )
        if mark.startswith("part of "):
            examples.append(("part", mark.removeprefix("part of "), match.group("body")))
        elif mark.endswith(" append"):
            examples.append(("append", mark.removesuffix(" append"), match.group("body")))
        else:
            assert " " not in mark, f"docs/authoring.md:{line}: unknown example comment `{mark}`"
            examples.append(("file", mark, match.group("body")))
    return examples


def new_course(folder: Path, capsys) -> Path:
    assert main(["new", "course", str(folder)]) == 0
    capsys.readouterr()
    return folder


def run(args: list[str], capsys) -> tuple[int, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_the_guide_examples_build_as_one_course(tmp_path, capsys):
    course = new_course(tmp_path / "guide-course", capsys)
    examples = guide_examples()
    assert len([e for e in examples if e[0] == "file"]) >= 6
    written: dict[str, str] = {}
    for how, path, text in examples:
        if how == "part":
            continue
        target = course / path
        if how == "append":
            assert path in written, f"`{path} append` comes before the example that starts {path}"
            text = written[path] + text
        written[path] = text
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    for how, path, text in examples:
        if how == "part":
            assert text in written.get(path, ""), f"the snippet {text!r} is not part of the example {path}"
    code, output = run(["check", str(course)], capsys)
    assert code == 0, output
    code, output = run(["build", str(course)], capsys)
    assert code == 0, output
    site = course / "site"
    first_call = (site / "calls" / "first-call.html").read_text()
    assert "data-cb-quiz" in first_call and "check-in-the-mail" in first_call
    assert (site / "job-aids" / "glossary.html").is_file()
    assert "  warnings: none" in output.splitlines()


def test_the_guide_documents_every_key_of_every_schema():
    import json

    guide = GUIDE.read_text(encoding="utf-8")
    schemas = Path(__file__).resolve().parent.parent / "course_builder" / "schemas"
    missing = []
    for schema_file in sorted(schemas.glob("*.schema.json")):
        for key in _keys(json.loads(schema_file.read_text())):
            if not re.search(f"`{re.escape(key)}[`:]", guide):
                missing.append(f"{schema_file.name}: {key}")
    assert missing == []


def _keys(schema) -> set[str]:
    keys = set()
    if isinstance(schema, dict):
        keys |= set(schema.get("properties", {}))
        for value in schema.values():
            keys |= _keys(value)
    elif isinstance(schema, list):
        for value in schema:
            keys |= _keys(value)
    return keys


# --- course-builder new ------------------------------------------------------------------------------------


def test_new_course_checks_and_builds_at_once(tmp_path, capsys):
    course = new_course(tmp_path / "Sales 101", capsys)
    assert re.search(r"^id: sales-101\s", (course / "course.yml").read_text(), re.MULTILINE)
    code, output = run(["check", str(course)], capsys)
    assert code == 0 and "2 lessons, 1 quiz, 3 questions" in output, output
    code, output = run(["build", str(course)], capsys)
    assert code == 0, output
    assert (course / "dist" / "sales-101-0.1.0-scorm12.zip").is_file()
    assert "  warnings: none" in output.splitlines()  # both objectives have questions
    quiz_page = (course / "site" / "getting-started" / "first-steps.html").read_text()
    assert quiz_page.count("<fieldset") == 3


def test_new_lesson_is_listed_in_its_module_and_keeps_comments(tmp_path, capsys):
    course = new_course(tmp_path / "course", capsys)
    config = course / "course.yml"
    before = config.read_text()
    code, output = run(["new", "lesson", "getting-started", "what-to-say", "--course", str(course)], capsys)
    assert code == 0, output
    lesson = course / "content" / "getting-started" / "what-to-say.md"
    assert lesson.read_text().startswith("# What to say\n") and "## Sources\n" in lesson.read_text()
    after = config.read_text()
    assert after == before.replace(
        "      - getting-started/first-steps.md\n",
        "      - getting-started/first-steps.md\n      - getting-started/what-to-say.md\n",
    )
    code, output = run(["build", str(course)], capsys)
    assert code == 0, output
    assert 'href="what-to-say.html"' in (course / "site" / "getting-started" / "first-steps.html").read_text()


def test_new_lesson_in_an_unknown_module_suggests_the_right_one(tmp_path, capsys):
    course = new_course(tmp_path / "course", capsys)
    before = (course / "course.yml").read_text()
    code, output = run(["new", "lesson", "getting-startd", "x", "--course", str(course)], capsys)
    assert code == 1
    assert re.search(r"course.yml:\d+: module `getting-startd` is not in course.yml", output), output
    assert "fix: did you mean `getting-started`?" in output
    assert (course / "course.yml").read_text() == before
    assert not (course / "content" / "getting-startd").exists()


def test_new_quiz_is_embedded_before_the_sources(tmp_path, capsys):
    course = new_course(tmp_path / "course", capsys)
    assert run(["new", "lesson", "getting-started", "second", "--course", str(course)], capsys)[0] == 0
    code, output = run(
        ["new", "quiz", "second-check", "--course", str(course), "--lesson", "content/getting-started/second.md"],
        capsys,
    )
    assert code == 0, output
    quiz = (course / "quizzes" / "second-check.yml").read_text()
    assert re.search(r"^id: second-check\s", quiz, re.MULTILINE) and "objective: explain-basics" in quiz
    assert all(f"type: {kind}\n" in quiz for kind in ("single", "multiple", "true-false"))
    lesson = (course / "content" / "getting-started" / "second.md").read_text()
    assert "\n::quiz[second-check]\n\n## Sources\n" in lesson
    code, output = run(["check", str(course)], capsys)
    assert code == 0 and "2 quizzes, 6 questions" in output, output


def test_new_never_overwrites(tmp_path, capsys):
    course = new_course(tmp_path / "course", capsys)
    welcome = course / "content" / "getting-started" / "welcome.md"
    welcome.write_text("# My own words\n")
    code, output = run(["new", "course", str(course)], capsys)
    assert code == 1 and "content/getting-started/welcome.md: the file already exists; nothing was written" in output
    assert welcome.read_text() == "# My own words\n"
    code, output = run(["new", "lesson", "getting-started", "welcome", "--course", str(course)], capsys)
    assert code == 1 and "already exists" in output
    assert welcome.read_text() == "# My own words\n"
    assert (course / "course.yml").read_text().count("getting-started/welcome.md") == 1
    code, output = run(["new", "quiz", "getting-started-check", "--course", str(course)], capsys)
    assert code == 1 and "quizzes/getting-started-check.yml: the file already exists" in output
