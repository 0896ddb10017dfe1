"""Load quizzes/*.yml: shape checked by quiz.schema.json, meaning checked here."""
from __future__ import annotations

import re
from pathlib import Path

from course_builder.errors import CourseError, Problem
from course_builder.load.schema_check import schema_problems
from course_builder.load.yaml_source import YamlDocument, load_yaml
from course_builder.model import Choice, Course, Question, Quiz

CHOICE_IDS = "abcdefghijklmnopqrstuvwxyz"


def load_quizzes(course: Course) -> tuple[dict[str, Quiz], set[str], list[Problem]]:
    """Every quiz file in quizzes/, the names of those that failed to load, and all problems found."""
    quizzes: dict[str, Quiz] = {}
    broken: set[str] = set()
    problems: list[Problem] = []
    folder = course.quizzes_dir
    if not folder.is_dir():
        return quizzes, broken, problems
    for file in sorted(folder.iterdir()):
        if file.suffix == ".yaml":
            problems.append(Problem("quiz files end in `.yml`", f"quizzes/{file.name}", hint=f"rename it to {file.stem}.yml"))
            continue
        if file.suffix != ".yml":
            continue
        try:
            quiz = load_quiz(file, course)
        except CourseError as error:
            problems += error.problems
            broken.add(file.stem)
            continue
        quizzes[quiz.id] = quiz
    return quizzes, broken, problems


def load_quiz(file: Path, course: Course) -> Quiz:
    shown = f"quizzes/{file.name}"
    doc = load_yaml(file, shown)
    if not isinstance(doc.data, dict):
        raise CourseError(Problem("a quiz file must be a block of `key: value` lines", shown, 1, 1,
                                  "start from the example in docs/authoring.md"))
    problems = schema_problems(doc, "quiz")
    if problems:
        raise CourseError(problems)
    data = doc.data
    if data["id"] != file.stem:
        problems.append(doc.problem(("id",), f"the quiz id `{data['id']}` differs from the file name `{file.stem}`",
                                    f"set `id: {file.stem}` or rename the file to {data['id']}.yml"))
    objective_ids = {o.id for o in course.objectives}
    questions = []
    seen: dict[str, int] = {}
    for n, q in enumerate(data["questions"]):
        path = ("questions", n)
        if q["id"] in seen:
            problems.append(doc.problem(path + ("id",), f"question id `{q['id']}` is used twice "
                                        f"(first on line {doc.where(('questions', seen[q['id']], 'id'))[0]})",
                                        "give each question its own id"))
        seen.setdefault(q["id"], n)
        if q["objective"] not in objective_ids:
            import difflib
            close = difflib.get_close_matches(q["objective"], sorted(objective_ids), n=1)
            problems.append(doc.problem(path + ("objective",), f"objective `{q['objective']}` is not in course.yml",
                                        f"did you mean `{close[0]}`?" if close else
                                        "use one of: " + ", ".join(sorted(objective_ids))))
        question = _question(doc, path, q, problems)
        if question:
            questions.append(question)
    if problems:
        raise CourseError(problems)
    scored = data.get("scored", True)
    return Quiz(
        id=data["id"], title=data["title"].strip(), source=Path(shown),
        passing_score=data.get("passing_score", course.passing_score), scored=scored,
        required=data.get("required", scored), shuffle=data.get("shuffle", True), questions=tuple(questions),
    )


def _question(doc: YamlDocument, path: tuple, q: dict, problems: list[Problem]) -> Question | None:
    kind = q["type"]
    start = len(problems)
    if kind == "true-false":
        for key in ("answer", "feedback"):
            if key not in q:
                problems.append(doc.problem(path, f"true-false question `{q['id']}` is missing `{key}`",
                                            "add `answer: true` or `answer: false`" if key == "answer"
                                            else "add `feedback:` with a `true:` and a `false:` line"))
        if "choices" in q:
            problems.append(doc.problem(path + ("choices",), "a true-false question has no `choices`",
                                        "remove `choices` and use `answer:` and `feedback:`", at_key=True))
        if len(problems) > start:
            return None
        choices = (Choice("t", "True", q["answer"] is True, q["feedback"]["true"].strip(), "true"),
                   Choice("f", "False", q["answer"] is False, q["feedback"]["false"].strip(), "false"))
    else:
        for key in ("answer", "feedback"):
            if key in q:
                problems.append(doc.problem(path + (key,), f"`{key}` belongs to true-false questions",
                                            "put feedback on each choice, and mark the right one(s) with `correct: true`",
                                            at_key=True))
        if "choices" not in q:
            problems.append(doc.problem(path, f"question `{q['id']}` has no `choices`",
                                        "add `choices:` with at least two items"))
            return None
        if len(q["choices"]) > len(CHOICE_IDS):
            problems.append(doc.problem(path + ("choices",), "more than 26 choices", "keep it to a readable few"))
            return None
        right = sum(1 for c in q["choices"] if c.get("correct") is True)
        if kind == "single" and right != 1:
            problems.append(doc.problem(path + ("choices",),
                                        f"a single-choice question needs exactly one `correct: true`; this one has {right}",
                                        "mark one choice right, or use `type: multiple`"))
        if kind == "multiple" and right == 0:
            problems.append(doc.problem(path + ("choices",), "a multiple-choice question needs at least one `correct: true`",
                                        "mark the right choice(s) with `correct: true`"))
        texts: dict[str, int] = {}
        for i, c in enumerate(q["choices"]):
            text = c["text"].strip()
            if text in texts:
                problems.append(doc.problem(path + ("choices", i, "text"),
                                            f"choice `{text}` appears twice in this question", "reword or remove one"))
            texts[text] = i
        if len(problems) > start:
            return None
        names = _choice_names(doc, path, q["choices"], problems)
        if len(problems) > start:
            return None
        choices = tuple(Choice(CHOICE_IDS[i], str(c["text"]).strip(), c.get("correct") is True, c["feedback"].strip(),
                               names[i])
                        for i, c in enumerate(q["choices"]))
    return Question(id=q["id"], type=kind, objective=q["objective"], prompt=q["prompt"].strip(),
                    choices=choices, explanation=q["explanation"].strip(), points=q.get("points", 1))


def _choice_names(doc: YamlDocument, path: tuple, choices: list[dict], problems: list[Problem]) -> list[str]:
    """How each choice reads in an LMS report: its `id`, or the first words of its text."""
    names: list[str] = []
    for i, choice in enumerate(choices):
        name = choice.get("id") or _slug(choice["text"])
        if name in names:
            if "id" in choice:
                problems.append(doc.problem(path + ("choices", i, "id"), f"choice id `{name}` is used twice in this question",
                                            "give each choice its own id"))
            suffix = 2
            while f"{name}-{suffix}" in names:
                suffix += 1
            name = f"{name}-{suffix}"
        names.append(name)
    return names


def _slug(text: str, limit: int = 40) -> str:
    words = re.findall(r"[a-z0-9]+", str(text).lower())
    slug = ""
    for word in words:
        if slug and len(slug) + 1 + len(word) > limit:
            break
        slug = f"{slug}-{word}" if slug else word[:limit]
    return slug or "choice"
