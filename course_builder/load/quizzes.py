"""Load quizzes/*.yml: shape checked by quiz.schema.json, meaning checked here."""

from __future__ import annotations

import dataclasses
import math
import re
from pathlib import Path

from course_builder.core.wording import GUIDE, counted
from course_builder.errors import CourseError, Problem
from course_builder.load.schema_check import schema_problems
from course_builder.load.yaml_source import YamlDocument, load_yaml
from course_builder.model import FILL_IN_MAX_LENGTH, Bank, Choice, Course, Draw, Item, Question, Quiz

CHOICE_IDS = "abcdefghijklmnopqrstuvwxyz"


def load_quizzes(course: Course) -> tuple[dict[str, Quiz], dict[str, Bank], set[str], list[Problem]]:
    """Every quiz in quizzes/ and bank in quizzes/banks/, the names of those that failed to load,
    and all problems found."""
    quizzes: dict[str, Quiz] = {}
    broken: set[str] = set()
    problems: list[Problem] = []
    banks = _load_banks(course, broken, problems)
    folder = course.quizzes_dir
    if not folder.is_dir():
        return quizzes, banks, broken, problems
    for file in _yml_files(folder, "quizzes", problems):
        try:
            quiz = load_quiz(file, course, banks)
        except CourseError as error:
            problems += error.problems
            broken.add(file.stem)
            continue
        quizzes[quiz.id] = quiz
    drawn = {d.bank for quiz in quizzes.values() for d in quiz.draws}
    for bank in banks.values():
        # With a quiz that failed to load, its banks would look unused: one problem at a time.
        if bank.id not in drawn and not broken:
            problems.append(
                Problem(
                    f"bank `{bank.id}` is not drawn from by any quiz",
                    str(bank.source),
                    hint=f"add `- bank: {bank.id}` with a `count` to a quiz's `draw:`, or delete the file",
                )
            )
    return quizzes, banks, broken, problems


def _yml_files(folder: Path, shown: str, problems: list[Problem]) -> list[Path]:
    files = []
    for file in sorted(folder.iterdir()):
        if file.suffix == ".yaml":
            problems.append(
                Problem("quiz files end in `.yml`", f"{shown}/{file.name}", hint=f"rename it to {file.stem}.yml")
            )
        elif file.suffix == ".yml":
            files.append(file)
    return files


def _load_banks(course: Course, broken: set[str], problems: list[Problem]) -> dict[str, Bank]:
    banks: dict[str, Bank] = {}
    folder = course.quizzes_dir / "banks"
    if not folder.is_dir():
        return banks
    for file in _yml_files(folder, "quizzes/banks", problems):
        shown = f"quizzes/banks/{file.name}"
        try:
            doc = _document(file, shown, "bank")
            local: list[Problem] = []
            _check_id_matches_file(doc, file, "bank", local)
            questions = _load_questions(doc, doc.data["questions"], course, local, bank=doc.data["id"])
            if local:
                raise CourseError(local)
        except CourseError as error:
            problems += error.problems
            broken.add(file.stem)
            continue
        banks[doc.data["id"]] = Bank(
            doc.data["id"], str(doc.data.get("title", doc.data["id"])), Path(shown), tuple(questions)
        )
    return banks


def _document(file: Path, shown: str, schema: str) -> YamlDocument:
    doc = load_yaml(file, shown)
    if not isinstance(doc.data, dict):
        raise CourseError(
            Problem(
                f"a {schema} file must be a block of `key: value` lines",
                shown,
                1,
                1,
                f"start from the example in {GUIDE}",
            )
        )
    problems = schema_problems(doc, schema)
    if problems:
        raise CourseError(problems)
    return doc


def _check_id_matches_file(doc: YamlDocument, file: Path, what: str, problems: list[Problem]) -> None:
    if doc.data["id"] != file.stem:
        problems.append(
            doc.problem(
                ("id",),
                f"the {what} id `{doc.data['id']}` differs from the file name `{file.stem}`",
                f"set `id: {file.stem}` or rename the file to {doc.data['id']}.yml",
            )
        )


def load_quiz(file: Path, course: Course, banks: dict[str, Bank] | None = None) -> Quiz:
    shown = f"quizzes/{file.name}"
    doc = _document(file, shown, "quiz")
    data = doc.data
    problems: list[Problem] = []
    _check_id_matches_file(doc, file, "quiz", problems)
    if ("questions" in data) == ("draw" in data):
        problems.append(
            doc.problem(
                (),
                "a quiz needs either `questions:` or `draw:` (and not both)",
                "list its questions, or draw them from banks in quizzes/banks/",
            )
        )
        raise CourseError(problems)
    draws: tuple[Draw, ...] = ()
    if "questions" in data:
        questions = _load_questions(doc, data["questions"], course, problems)
    else:
        draws, questions = _draws(doc, data["draw"], banks or {}, problems)
    if problems:
        raise CourseError(problems)
    scored = data.get("scored", True)
    return Quiz(
        id=data["id"],
        title=data["title"].strip(),
        source=Path(shown),
        passing_score=data.get("passing_score", course.passing_score),
        scored=scored,
        required=data.get("required", scored),
        shuffle=data.get("shuffle", True),
        questions=tuple(questions),
        kind=data.get("kind", "check"),
        draws=draws,
    )


def _draws(doc: YamlDocument, items: list[dict], banks: dict[str, Bank], problems: list[Problem]):
    draws: list[Draw] = []
    questions: list[Question] = []
    drawn_banks: set[str] = set()
    bank_of_question: dict[str, str] = {}  # question id -> the bank it came from
    for n, item in enumerate(items):
        path = ("draw", n)
        bank = banks.get(item["bank"])
        if bank is None:
            import difflib

            close = difflib.get_close_matches(item["bank"], sorted(banks), n=1)
            problems.append(
                doc.problem(
                    path + ("bank",),
                    f"bank `{item['bank']}` does not exist",
                    f"did you mean `{close[0]}`?"
                    if close
                    else f"create quizzes/banks/{item['bank']}.yml, or fix the name",
                )
            )
            continue
        if item["bank"] in drawn_banks:
            problems.append(
                doc.problem(
                    path + ("bank",),
                    f"bank `{bank.id}` is drawn from twice in this quiz",
                    "draw from it once, with the total count",
                )
            )
            continue
        if item["count"] > len(bank.questions):
            problems.append(
                doc.problem(
                    path + ("count",),
                    f"draws {counted(item['count'], 'question')} from bank `{bank.id}`, which has only {len(bank.questions)}",
                    "add questions to the bank, or draw fewer",
                )
            )
        for question in bank.questions:
            if question.id in bank_of_question:
                problems.append(
                    doc.problem(
                        path + ("bank",),
                        f"question id `{question.id}` is in both bank "
                        f"`{bank_of_question[question.id]}` and bank `{bank.id}`",
                        "question ids must be unique across the banks a quiz draws from",
                    )
                )
            bank_of_question[question.id] = bank.id
        drawn_banks.add(item["bank"])
        draws.append(Draw(bank.id, item["count"]))
        questions += bank.questions
    return tuple(draws), questions


def _load_questions(
    doc: YamlDocument, items: list[dict], course: Course, problems: list[Problem], bank: str = ""
) -> list[Question]:
    objective_ids = {o.id for o in course.objectives}
    questions = []
    seen: dict[str, int] = {}
    for n, q in enumerate(items):
        path = ("questions", n)
        if q["id"] in seen:
            problems.append(
                doc.problem(
                    path + ("id",),
                    f"question id `{q['id']}` is used twice "
                    f"(first on line {doc.where(('questions', seen[q['id']], 'id'))[0]})",
                    "give each question its own id",
                )
            )
        seen.setdefault(q["id"], n)
        if q["objective"] not in objective_ids:
            import difflib

            close = difflib.get_close_matches(q["objective"], sorted(objective_ids), n=1)
            problems.append(
                doc.problem(
                    path + ("objective",),
                    f"objective `{q['objective']}` is not in course.yml",
                    f"did you mean `{close[0]}`?" if close else "use one of: " + ", ".join(sorted(objective_ids)),
                )
            )
        question = _question(doc, path, q, problems)
        if question:
            questions.append(dataclasses.replace(question, bank=bank) if bank else question)
    return questions


# Keys that only some question types take; the rest of a question's keys apply to every type.
TYPE_KEYS = {
    "single": {"choices"},
    "multiple": {"choices"},
    "true-false": {"answer", "feedback"},
    "fill-in": {"accept", "case_sensitive", "feedback"},
    "numeric": {"answer", "tolerance", "range", "unit", "feedback"},
    "matching": {"pairs", "distractors", "partial_credit", "feedback"},
    "ordering": {"items", "partial_credit", "feedback"},
}
_TYPED_KEYS = set().union(*TYPE_KEYS.values())


def _question(doc: YamlDocument, path: tuple, q: dict, problems: list[Problem]) -> Question | None:
    kind = q["type"]
    start = len(problems)
    for key in q:
        if key in _TYPED_KEYS and key not in TYPE_KEYS[kind]:
            problems.append(_misplaced_key(doc, path, key, kind))
    if len(problems) > start:
        return None
    build = {
        "true-false": _true_false,
        "single": _choice_question,
        "multiple": _choice_question,
        "fill-in": _fill_in,
        "numeric": _numeric,
        "matching": _matching,
        "ordering": _ordering,
    }[kind]
    fields = build(doc, path, q, problems)
    if fields is None or len(problems) > start:
        return None
    return Question(
        id=q["id"],
        type=kind,
        objective=q["objective"],
        prompt=q["prompt"].strip(),
        explanation=q["explanation"].strip(),
        points=q.get("points", 1),
        context=q.get("context", "").strip(),
        **fields,
    )


def _misplaced_key(doc: YamlDocument, path: tuple, key: str, kind: str) -> Problem:
    owners = [t for t, keys in TYPE_KEYS.items() if key in keys]
    if key == "choices" and kind == "true-false":
        return doc.problem(
            path + (key,),
            "a true-false question has no `choices`",
            "remove `choices` and use `answer:` and `feedback:`",
            at_key=True,
        )
    if key in ("answer", "feedback") and kind in ("single", "multiple"):
        return doc.problem(
            path + (key,),
            f"`{key}` belongs to true-false questions",
            "put feedback on each choice, and mark the right one(s) with `correct: true`",
            at_key=True,
        )
    return doc.problem(
        path + (key,),
        f"`{key}` does not apply to {_a(kind)} question",
        f"it belongs to {' and '.join(owners)} questions: remove it, or change `type:`",
        at_key=True,
    )


def _a(kind: str) -> str:
    return ("an " if kind[0] in "aeio" else "a ") + kind


def _require(
    doc: YamlDocument, path: tuple, q: dict, keys: tuple[str, ...], problems: list[Problem], hints: dict[str, str]
) -> bool:
    missing = [key for key in keys if key not in q]
    for key in missing:
        problems.append(doc.problem(path, f"{q['type']} question `{q['id']}` is missing `{key}`", hints[key]))
    return not missing


_RIGHT_WRONG = "add `feedback:` with a `correct:` and an `incorrect:` line"


def _right_wrong_feedback(doc: YamlDocument, path: tuple, q: dict, problems: list[Problem]) -> dict | None:
    feedback = q["feedback"]
    wrong = sorted(set(feedback) - {"correct", "incorrect"})
    if wrong:
        problems.append(
            doc.problem(
                path + ("feedback", wrong[0]),
                f"`feedback` of {_a(q['type'])} question takes `correct:` and `incorrect:`",
                "rename the line",
                at_key=True,
            )
        )
        return None
    missing = [key for key in ("correct", "incorrect") if key not in feedback]
    if missing:
        problems.append(doc.problem(path + ("feedback",), f"`feedback` is missing `{missing[0]}`", _RIGHT_WRONG))
        return None
    return {"feedback_correct": feedback["correct"].strip(), "feedback_incorrect": feedback["incorrect"].strip()}


def _true_false(doc, path, q, problems):
    if not _require(
        doc,
        path,
        q,
        ("answer", "feedback"),
        problems,
        {
            "answer": "add `answer: true` or `answer: false`",
            "feedback": "add `feedback:` with a `true:` and a `false:` line",
        },
    ):
        return None
    if not isinstance(q["answer"], bool):
        problems.append(
            doc.problem(
                path + ("answer",),
                "the answer of a true-false question is `true` or `false`",
                "write `answer: true` or `answer: false`",
            )
        )
        return None
    missing = [key for key in ("true", "false") if key not in q["feedback"]]
    if missing:
        problems.append(
            doc.problem(
                path + ("feedback",),
                f"`feedback` is missing `{missing[0]}`",
                "add `feedback:` with a `true:` and a `false:` line",
            )
        )
        return None
    return {
        "choices": (
            Choice("t", "True", q["answer"] is True, q["feedback"]["true"].strip(), "true"),
            Choice("f", "False", q["answer"] is False, q["feedback"]["false"].strip(), "false"),
        )
    }


def _choice_question(doc, path, q, problems):
    kind, start = q["type"], len(problems)
    if "choices" not in q:
        problems.append(
            doc.problem(path, f"question `{q['id']}` has no `choices`", "add `choices:` with at least two items")
        )
        return None
    if len(q["choices"]) > len(CHOICE_IDS):
        problems.append(doc.problem(path + ("choices",), "more than 26 choices", "keep it to a readable few"))
        return None
    right = sum(1 for c in q["choices"] if c.get("correct") is True)
    if kind == "single" and right != 1:
        problems.append(
            doc.problem(
                path + ("choices",),
                f"a single-choice question needs exactly one `correct: true`; this one has {right}",
                "mark one choice right, or use `type: multiple`",
            )
        )
    if kind == "multiple" and right == 0:
        problems.append(
            doc.problem(
                path + ("choices",),
                "a multiple-choice question needs at least one `correct: true`",
                "mark the right choice(s) with `correct: true`",
            )
        )
    _unique_texts(doc, path + ("choices",), [c["text"] for c in q["choices"]], "choice", problems, suffix=("text",))
    if len(problems) > start:
        return None
    names = _choice_names(doc, path, q["choices"], problems)
    if len(problems) > start:
        return None
    return {
        "choices": tuple(
            Choice(CHOICE_IDS[i], str(c["text"]).strip(), c.get("correct") is True, c["feedback"].strip(), names[i])
            for i, c in enumerate(q["choices"])
        )
    }


def _unique_texts(doc, path, texts, what, problems, suffix=()):
    seen: set[str] = set()
    for i, text in enumerate(texts):
        text = str(text).strip()
        if text in seen:
            problems.append(
                doc.problem(
                    path + (i,) + suffix, f"{what} `{text}` appears twice in this question", "reword or remove one"
                )
            )
        seen.add(text)


def _fill_in(doc, path, q, problems):
    if not _require(
        doc,
        path,
        q,
        ("accept", "feedback"),
        problems,
        {"accept": "add `accept:` with the answer(s) to accept, such as `accept: [DSO]`", "feedback": _RIGHT_WRONG},
    ):
        return None
    accept = tuple(" ".join(str(a).split()) for a in q["accept"])
    for i, text in enumerate(accept):
        if not text:
            problems.append(doc.problem(path + ("accept", i), "an accepted answer is empty", "remove it"))
        elif len(text) > FILL_IN_MAX_LENGTH:
            problems.append(
                doc.problem(
                    path + ("accept", i),
                    f"an accepted answer is longer than {FILL_IN_MAX_LENGTH} characters",
                    "accept a shorter phrase",
                )
            )
    feedback = _right_wrong_feedback(doc, path, q, problems)
    if feedback is None:
        return None
    return {"choices": (), "accept": accept, "case_sensitive": q.get("case_sensitive", False), **feedback}


def _numeric(doc, path, q, problems):
    if not _require(doc, path, q, ("feedback",), problems, {"feedback": _RIGHT_WRONG}):
        return None
    if ("answer" in q) == ("range" in q):
        problems.append(
            doc.problem(
                path,
                f"numeric question `{q['id']}` needs either `answer:` or `range:`",
                "add `answer: 40.3` (with `tolerance: 0.1` if near is right), or `range: [40, 41]`",
            )
        )
        return None
    for key in ("answer", "tolerance", "range"):
        numbers = q.get(key, []) if key == "range" else [q.get(key, 0)]
        if any(isinstance(n, float) and not math.isfinite(n) for n in numbers):
            # `.inf` and `.nan` are numbers to YAML; no learner can type them, and JSON cannot hold them.
            problems.append(
                doc.problem(
                    path + (key,),
                    f"`{key}` must be an ordinary number, not infinity or not-a-number",
                    f"write the number, such as `{key}: 40.3`",
                )
            )
            return None
    if "range" in q:
        if "tolerance" in q:
            problems.append(
                doc.problem(
                    path + ("tolerance",),
                    "`tolerance` goes with `answer`, not with `range`",
                    "remove `tolerance`: the range already says what counts as right",
                    at_key=True,
                )
            )
            return None
        low, high = q["range"]
        if low > high:
            problems.append(
                doc.problem(
                    path + ("range",),
                    f"the range starts at {low}, above its end {high}",
                    f"write it lowest first: `range: [{high}, {low}]`",
                )
            )
            return None
    else:
        if isinstance(q["answer"], bool):
            problems.append(
                doc.problem(
                    path + ("answer",),
                    "the answer of a numeric question is a number",
                    "write the number, such as `answer: 40.3`",
                )
            )
            return None
        tolerance = q.get("tolerance", 0)
        low, high = q["answer"] - tolerance, q["answer"] + tolerance
    feedback = _right_wrong_feedback(doc, path, q, problems)
    if feedback is None:
        return None
    return {
        "choices": (),
        "low": round(float(low), 6),
        "high": round(float(high), 6),
        "unit": q.get("unit", "").strip(),
        **feedback,
    }


def _items(doc, paths: list[tuple], entries: list, problems) -> tuple[Item, ...]:
    """Entries written as text or as {id, text}: lettered in order, named for LMS reports."""
    as_dicts = [e if isinstance(e, dict) else {"text": e} for e in entries]
    seen: set[str] = set()
    for where, entry, written in zip(paths, as_dicts, entries):
        text = str(entry["text"]).strip()
        if text in seen:
            problems.append(
                doc.problem(
                    where + (("text",) if isinstance(written, dict) else ()),
                    f"`{text}` appears twice in this question",
                    "reword or remove one",
                )
            )
        seen.add(text)
    names = _names(doc, paths, as_dicts, problems)
    return tuple(Item(CHOICE_IDS[i], str(e["text"]).strip(), names[i]) for i, e in enumerate(as_dicts))


def _matching(doc, path, q, problems):
    if not _require(
        doc,
        path,
        q,
        ("pairs", "feedback"),
        problems,
        {"pairs": "add `pairs:`, each with an `item:` and its `match:`", "feedback": _RIGHT_WRONG},
    ):
        return None
    start = len(problems)
    pairs, distractors = q["pairs"], q.get("distractors", [])
    premises = _items(
        doc, [path + ("pairs", i, "item") for i in range(len(pairs))], [p["item"] for p in pairs], problems
    )
    if len(pairs) + len(distractors) > len(CHOICE_IDS):
        problems.append(
            doc.problem(path + ("distractors",), "more than 26 matches and distractors", "keep it to a readable few")
        )
        return None
    targets = _items(
        doc,
        [path + ("pairs", i, "match") for i in range(len(pairs))]
        + [path + ("distractors", i) for i in range(len(distractors))],
        [p["match"] for p in pairs] + list(distractors),
        problems,
    )
    feedback = _right_wrong_feedback(doc, path, q, problems)
    if feedback is None or len(problems) > start:
        return None
    choices = tuple(Choice(t.id, t.text, i < len(premises), "", t.name) for i, t in enumerate(targets))
    return {
        "choices": choices,
        "items": premises,
        "matches": tuple(t.id for t in targets[: len(premises)]),
        "partial_credit": q.get("partial_credit", False),
        **feedback,
    }


def _ordering(doc, path, q, problems):
    if not _require(
        doc,
        path,
        q,
        ("items", "feedback"),
        problems,
        {"items": "add `items:`, listed in the right order", "feedback": _RIGHT_WRONG},
    ):
        return None
    start = len(problems)
    items = _items(doc, [path + ("items", i) for i in range(len(q["items"]))], q["items"], problems)
    feedback = _right_wrong_feedback(doc, path, q, problems)
    if feedback is None or len(problems) > start:
        return None
    return {"choices": (), "items": items, "partial_credit": q.get("partial_credit", False), **feedback}


def _choice_names(doc: YamlDocument, path: tuple, choices: list[dict], problems: list[Problem]) -> list[str]:
    return _names(doc, [path + ("choices", i) for i in range(len(choices))], choices, problems)


def _names(doc: YamlDocument, paths: list[tuple], entries: list[dict], problems: list[Problem]) -> list[str]:
    """How each choice or entry reads in an LMS report: its `id`, or the first words of its text.

    Words are joined by `_`: SCORM 2004 responses carry them as short identifiers, and Moodle
    refuses any character but letters, digits, `_` and `.` there (`accounts_payable`)."""
    names: list[str] = []
    for where, entry in zip(paths, entries):
        name = (entry.get("id") or _slug(entry["text"])).replace("-", "_")
        if name in names:
            if "id" in entry:
                problems.append(
                    doc.problem(
                        where + ("id",),
                        f"id `{entry['id']}` is used twice in this question",
                        "give each one its own id",
                    )
                )
            suffix = 2
            while f"{name}_{suffix}" in names:
                suffix += 1
            name = f"{name}_{suffix}"
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
