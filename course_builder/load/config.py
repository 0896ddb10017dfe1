"""Load course.yml: the course's identity, objectives, scoring and its modules and lessons."""

from __future__ import annotations

from pathlib import Path

from course_builder.core.wording import GUIDE
from course_builder.errors import CourseError, Problem
from course_builder.load.lessons import read_lesson_title
from course_builder.load.messages import load_messages
from course_builder.load.schema_check import schema_problems
from course_builder.load.yaml_source import load_yaml
from course_builder.model import Completion, Course, Lesson, Module, Objective, Resources

CONFIG_NAME = "course.yml"


def load_config(root: Path) -> Course:
    file = root / CONFIG_NAME
    if not file.is_file():
        raise CourseError(
            Problem(
                f"no {CONFIG_NAME} in {root}",
                CONFIG_NAME,
                hint="run course-builder in the course folder, or pass it: course-builder build PATH",
            )
        )
    doc = load_yaml(file, CONFIG_NAME)
    if not isinstance(doc.data, dict):
        raise CourseError(
            Problem(
                "course.yml must be a block of `key: value` lines",
                CONFIG_NAME,
                1,
                1,
                f"start from the example in {GUIDE}",
            )
        )
    problems = schema_problems(doc, "course")
    if problems:
        raise CourseError(problems)
    data = doc.data

    objectives = tuple(Objective(o["id"], o["title"].strip()) for o in data["objectives"])
    problems += _duplicates(doc, [("objectives", i, "id") for i in range(len(objectives))], "objective id")
    problems += _duplicates(doc, [("modules", i, "id") for i in range(len(data["modules"]))], "module id")

    modules = []
    lesson_paths = []
    for m, module in enumerate(data["modules"]):
        lessons = []
        for n, rel in enumerate(module["lessons"]):
            path = ("modules", m, "lessons", n)
            lesson_paths.append(path)
            source = root / "content" / rel
            if not source.is_file():
                problems.append(
                    doc.problem(path, f"lesson file content/{rel} does not exist", _missing_lesson_hint(root, rel))
                )
                continue
            try:
                title = read_lesson_title(source, f"content/{rel}")
            except CourseError as error:  # not UTF-8, a control character: located in the lesson
                problems += error.problems
                continue
            lessons.append(Lesson(id=rel[:-3], title=title or module["title"], path=rel))
        modules.append(Module(module["id"], module["title"].strip(), tuple(lessons)))
    resources = []
    for r, group in enumerate(data.get("resources", [])):
        pages = []
        for n, rel in enumerate(group["pages"]):
            path = ("resources", r, "pages", n)
            lesson_paths.append(path)
            source = root / "content" / rel
            if not source.is_file():
                problems.append(
                    doc.problem(path, f"page content/{rel} does not exist", _missing_lesson_hint(root, rel))
                )
                continue
            try:
                title = read_lesson_title(source, f"content/{rel}")
            except CourseError as error:
                problems += error.problems
                continue
            pages.append(Lesson(id=rel[:-3], title=title or group["title"], path=rel))
        resources.append(Resources(group["title"].strip(), tuple(pages)))
    problems += _duplicates(doc, lesson_paths, "lesson")
    if problems:
        raise CourseError(list({str(p): p for p in problems}.values()))  # a lesson listed twice: once

    messages = load_messages(root, data["language"], data.get("messages", {}), doc, data.get("currency", "USD"))

    completion = data.get("completion", {})
    return Course(
        root=root,
        id=data["id"],
        title=data["title"].strip(),
        version=str(data["version"]),
        language=data["language"],
        description=" ".join(data["description"].split()),
        objectives=objectives,
        passing_score=data.get("passing_score", 80),
        completion=Completion(completion.get("visit_all_lessons", True), completion.get("pass_required_quizzes", True)),
        modules=tuple(modules),
        reporting=data.get("reporting", "passed-failed"),
        require_sources=data.get("require_sources", False),
        handout=data.get("handout", True),
        resources=tuple(resources),
        messages=messages,
    )


def _duplicates(doc, paths, what) -> list[Problem]:
    seen: dict[str, tuple] = {}
    problems = []
    for path in paths:
        value = _get(doc.data, path)
        if value in seen:
            first_line = doc.where(seen[value])[0]
            problems.append(
                doc.problem(
                    path,
                    f"{what} `{value}` is listed twice (first on line {first_line})",
                    f"each {what} must be unique: rename or remove one",
                )
            )
        else:
            seen[value] = path
    return problems


def _get(data, path):
    for part in path:
        data = data[part]
    return data


def _missing_lesson_hint(root: Path, rel: str) -> str:
    import difflib

    existing = sorted(p.relative_to(root / "content").as_posix() for p in (root / "content").rglob("*.md"))
    close = difflib.get_close_matches(rel, existing, n=1)
    if close:
        return f"did you mean `{close[0]}`?"
    return "create the file, or fix the path (it is relative to content/)"
