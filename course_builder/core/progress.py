"""The learner state a package stores in the LMS (`cmi.suspend_data`), and its size budget.

SCORM 1.2 gives us 4,096 characters, so the state is a compact string, not JSON:

    2~<location>~<visited>~<quiz>;<quiz>;...

    location   key of the lesson the learner was on ("" = welcome page)
    visited    keys of the lessons visited, concatenated
    quiz       <key>:<best points>:<attempts>:<s|p>:<best answers>:<current answers>[:<drawn>]
               best points "" until first submitted; s = current answers submitted, p = in progress;
               answers = <question key><answer>, joined by ","; current "=" when equal to best;
               drawn = keys of the questions drawn for the current attempt (quizzes that draw from banks)

    answer     choice letters ("ac"); for matching, the target letter per premise ("ba_");
               for ordering, the entries' letters in the learner's order ("cab"); for a simulation
               step, the letters chosen there in visit order; typed text (fill-in, numeric) with
               "%", "~", ":", ";" and "," escaped as %XX
    points     a number, with up to two decimals where partial credit applies

Simulations are stored as quizzes (their steps as questions): one key space for both.

Keys are 4 base-36 characters hashed from the trainer's ids (lesson path, quiz id, question id),
never positions: adding, removing or reordering lessons and questions keeps a stored attempt valid.
`state.js` reads and writes the same format in the browser; the tests check the two agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypedDict

from course_builder.errors import CourseError, Problem
from course_builder.model import FILL_IN_MAX_LENGTH, NUMERIC_MAX_LENGTH, STEP_VISIT_LIMIT, Course, Question, Simulation

FORMAT_VERSION = "2"
KEY_LENGTH = 4
SCORM12_SUSPEND_LIMIT = 4096
MAX_ATTEMPTS_STORED = 99  # the counter stops there, so its width is bounded
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def fnv1a_32(name: str) -> int:
    value = 0x811C9DC5
    for byte in name.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def short_key(name: str) -> str:
    """FNV-1a (32 bit) of the UTF-8 name, as 4 base-36 characters."""
    value = fnv1a_32(name) % 36**KEY_LENGTH
    text = ""
    for _ in range(KEY_LENGTH):
        value, digit = divmod(value, 36)
        text = _DIGITS[digit] + text
    return text


@dataclass
class QuizRecord:
    best: float | None = None
    attempts: int = 0
    submitted: bool = False
    best_answers: dict[str, str] = field(default_factory=dict)  # question key -> letters
    current_answers: dict[str, str] = field(default_factory=dict)
    drawn: list[str] = field(default_factory=list)  # question keys of this attempt's draw


@dataclass
class LearnerState:
    location: str = ""
    visited: list[str] = field(default_factory=list)  # lesson keys
    quizzes: dict[str, QuizRecord] = field(default_factory=dict)  # quiz key -> record


def encode_state(state: LearnerState) -> str:
    quizzes = []
    for key, record in state.quizzes.items():
        best_answers = _answers(record.best_answers)
        current = _answers(record.current_answers)
        if current == best_answers and record.best_answers:
            current = "="
        best = "" if record.best is None else _number(record.best)
        attempts = min(record.attempts, MAX_ATTEMPTS_STORED)
        fields = [key, best, str(attempts), "s" if record.submitted else "p", best_answers, current]
        if record.drawn:
            fields.append("".join(record.drawn))
        quizzes.append(":".join(fields))
    return "~".join([FORMAT_VERSION, state.location, "".join(state.visited), ";".join(quizzes)])


def _number(value: float) -> str:
    """As JavaScript's String() writes it: 3, 2.5, 0.67."""
    value = round(value, 2)
    return str(int(value)) if value == int(value) else repr(value)


def escape_answer(text: str) -> str:
    return "".join(f"%{ord(c):02X}" if c in "%~:;," else c for c in text)


def _answers(answers: dict[str, str]) -> str:
    return ",".join(key + escape_answer(answer) for key, answer in answers.items())


class TrackingKeys(TypedDict):
    """Short keys by id: of each lesson, of each quiz or simulation, and of each one's questions or steps."""

    lessons: dict[str, str]
    quizzes: dict[str, str]
    questions: dict[str, dict[str, str]]


def tracking_keys(course: Course) -> TrackingKeys:
    """Keys for lessons, quizzes and each quiz's questions; a clash (very rare) is a build error."""
    problems: list[Problem] = []
    lessons = _keys({lesson.id: lesson.path for lesson in course.lessons}, "lesson", problems)
    activities = list(course.quizzes.values()) + list(course.simulations.values())
    quizzes = _keys({a.id: str(a.source) for a in activities}, "quiz or simulation", problems)
    questions = {
        quiz.id: _keys({q.id: str(quiz.source) for q in quiz.questions}, "question", problems)
        for quiz in course.quizzes.values()
    }
    questions.update(
        {
            sim.id: _keys({step.id: str(sim.source) for step in sim.steps}, "step", problems)
            for sim in course.simulations.values()
        }
    )
    if problems:
        raise CourseError(problems)
    return {"lessons": lessons, "quizzes": quizzes, "questions": questions}


def _keys(ids: dict[str, str], what: str, problems: list[Problem]) -> dict[str, str]:
    keys: dict[str, str] = {}
    owner: dict[str, str] = {}
    for name, where in ids.items():
        key = short_key(name)
        if key in owner:
            problems.append(
                Problem(
                    f"the {what} ids `{owner[key]}` and `{name}` share the tracking key `{key}`",
                    where,
                    hint="rename one of them (any change to the id will do)",
                )
            )
        owner[key] = name
        keys[name] = key
    return keys


def _attempt_questions(quiz, longest: bool):
    """The questions of one attempt: all of them, or for a quiz that draws, `count` per bank
    (the ones with the most choices when `longest`, for the worst case)."""
    if not quiz.draws:
        return list(quiz.questions)
    chosen = []
    for draw in quiz.draws:
        pool = [q for q in quiz.questions if q.bank == draw.bank]
        if longest:
            pool.sort(key=lambda q: len(q.choices), reverse=True)
        chosen += pool[: draw.count]
    return chosen


def worst_case_state(course: Course) -> LearnerState:
    """The longest state this course can produce: everything visited, every quiz half-retaken
    with every box ticked (one radio button), the largest scores and attempt counts."""
    keys = tracking_keys(course)
    state = LearnerState(location=next(iter(keys["lessons"].values()), ""), visited=list(keys["lessons"].values()))
    for quiz in course.quizzes.values():
        questions = keys["questions"][quiz.id]
        attempt = _attempt_questions(quiz, longest=True)
        # Best and current answers differ (so "=" does not apply), each as long as it can be.
        best = {questions[q.id]: _longest_answer(q) for q in attempt}
        current = {questions[q.id]: _longest_answer(q)[:-1] or "x" for q in attempt}
        drawn = [questions[q.id] for q in attempt] if quiz.draws else []
        state.quizzes[keys["quizzes"][quiz.id]] = QuizRecord(
            quiz.max_points, MAX_ATTEMPTS_STORED, False, best, current, drawn
        )
    for sim in course.simulations.values():
        steps = keys["questions"][sim.id]
        # Every step visited as often as a run can (two runs: best and current).
        visits = most_visits(sim)
        best = {steps[step.id]: "z" * visits[step.id] for step in sim.steps}
        current = {steps[step.id]: "y" * visits[step.id] for step in sim.steps}
        state.quizzes[keys["quizzes"][sim.id]] = QuizRecord(99.99, MAX_ATTEMPTS_STORED, False, best, current)
    return state


def most_visits(sim: Simulation) -> dict[str, int]:
    """How often one run can pass each step: up to the visit limit on a loop, else once."""
    following = {step.id: {c.next for c in step.choices} for step in sim.steps}

    def reaches(origin: str, target: str) -> bool:
        seen, todo = set(), list(following.get(origin, ()))
        while todo:
            at = todo.pop()
            if at == target:
                return True
            if at not in seen:
                seen.add(at)
                todo += following.get(at, ())
        return False

    return {step.id: STEP_VISIT_LIMIT if reaches(step.id, step.id) else 1 for step in sim.steps}


def _longest_answer(q: Question) -> str:
    if q.type == "fill-in":
        return "%25" * FILL_IN_MAX_LENGTH  # every character escaped
    if q.type == "numeric":
        return "%2C" * NUMERIC_MAX_LENGTH  # stored as digits, ".", "-" and "," only (quiz.js)
    if q.type in ("matching", "ordering"):
        return "z" * len(q.items)
    if q.type in ("single", "true-false"):
        return q.choices[-1].id  # radio buttons: one letter at most
    return "".join(c.id for c in q.choices)


def right_answer(q: Question) -> str:
    """An answer that earns full marks."""
    if q.type == "fill-in":
        return q.accept[0]
    if q.type == "numeric":
        return _number(q.low)
    if q.type == "matching":
        return "".join(q.matches)
    if q.type == "ordering":
        return "".join(item.id for item in q.items)
    return "".join(c.id for c in q.choices if c.correct)


def ideal_run(sim: Simulation) -> list[tuple[str, str]]:
    """(step id, letter) of the run that takes the first best choice at every step."""
    steps = {step.id: step for step in sim.steps}
    at = sim.start
    run: list[tuple[str, str]] = []
    visits: dict[str, int] = {}
    while at in steps and visits.get(at, 0) < STEP_VISIT_LIMIT:
        visits[at] = visits.get(at, 0) + 1
        step = steps[at]
        choice = next(c for c in step.choices if c.points == step.max_points)
        run.append((at, choice.id))
        at = choice.next
    return run


def completed_state(course: Course) -> LearnerState:
    """A learner who visited every lesson and passed every quiz at the first attempt."""
    keys = tracking_keys(course)
    state = LearnerState(location=next(reversed(keys["lessons"].values()), ""), visited=list(keys["lessons"].values()))
    for quiz in course.quizzes.values():
        questions = keys["questions"][quiz.id]
        attempt = _attempt_questions(quiz, longest=False)
        right = {questions[q.id]: right_answer(q) for q in attempt}
        drawn = [questions[q.id] for q in attempt] if quiz.draws else []
        points = sum(q.points for q in attempt)
        state.quizzes[keys["quizzes"][quiz.id]] = QuizRecord(points, 1, True, right, dict(right), drawn)
    for sim in course.simulations.values():
        steps = keys["questions"][sim.id]
        run, by_id = ideal_run(sim), {step.id: step for step in sim.steps}
        path: dict[str, str] = {}
        for step_id, letter in run:
            path[steps[step_id]] = path.get(steps[step_id], "") + letter
        points = sum(by_id[step_id].max_points for step_id, _ in run)
        state.quizzes[keys["quizzes"][sim.id]] = QuizRecord(points, 1, True, path, dict(path))
    return state


@dataclass(frozen=True)
class SuspendBudget:
    worst_case: int
    completed: int
    limit: int = SCORM12_SUSPEND_LIMIT


def suspend_budget(course: Course) -> SuspendBudget:
    return SuspendBudget(len(encode_state(worst_case_state(course))), len(encode_state(completed_state(course))))


def check_suspend_budget(course: Course) -> SuspendBudget:
    """SCORM 1.2 LMSs truncate or refuse suspend_data over 4,096 characters: refuse to build it."""
    budget = suspend_budget(course)
    if budget.worst_case > budget.limit:
        raise CourseError(
            Problem(
                f"a learner's saved progress could reach {budget.worst_case} characters, over SCORM 1.2's "
                f"limit of {budget.limit} (cmi.suspend_data)",
                "course.yml",
                hint="split the course into smaller courses, or build only SCORM 2004 (--format scorm2004), "
                "which allows 64,000",
            )
        )
    return budget
