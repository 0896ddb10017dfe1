"""The learner state a package stores in the LMS (`cmi.suspend_data`), and its size budget.

SCORM 1.2 gives us 4,096 characters, so the state is a compact string, not JSON:

    2~<location>~<visited>~<quiz>;<quiz>;...

    location   key of the lesson the learner was on ("" = welcome page)
    visited    keys of the lessons visited, concatenated
    quiz       <key>:<best points>:<attempts>:<s|p>:<best answers>:<current answers>[:<drawn>]
               best points "" until first submitted; s = current answers submitted, p = in progress;
               answers = <question key><chosen letters>, joined by ","; current "=" when equal to best;
               drawn = keys of the questions drawn for the current attempt (quizzes that draw from banks)

Keys are 4 base-36 characters hashed from the trainer's ids (lesson path, quiz id, question id),
never positions: adding, removing or reordering lessons and questions keeps a stored attempt valid.
`state.js` reads and writes the same format in the browser; the tests check the two agree.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from course_builder.errors import CourseError, Problem
from course_builder.model import Course

FORMAT_VERSION = "2"
KEY_LENGTH = 4
SCORM12_SUSPEND_LIMIT = 4096
MAX_ATTEMPTS_STORED = 99   # the counter stops there, so its width is bounded
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def fnv1a_32(name: str) -> int:
    value = 0x811C9DC5
    for byte in name.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def short_key(name: str) -> str:
    """FNV-1a (32 bit) of the UTF-8 name, as 4 base-36 characters."""
    value = fnv1a_32(name) % 36 ** KEY_LENGTH
    text = ""
    for _ in range(KEY_LENGTH):
        value, digit = divmod(value, 36)
        text = _DIGITS[digit] + text
    return text


@dataclass
class QuizRecord:
    best: int | None = None
    attempts: int = 0
    submitted: bool = False
    best_answers: dict[str, str] = field(default_factory=dict)      # question key -> letters
    current_answers: dict[str, str] = field(default_factory=dict)
    drawn: list[str] = field(default_factory=list)                  # question keys of this attempt's draw


@dataclass
class LearnerState:
    location: str = ""
    visited: list[str] = field(default_factory=list)                # lesson keys
    quizzes: dict[str, QuizRecord] = field(default_factory=dict)   # quiz key -> record


def encode_state(state: LearnerState) -> str:
    quizzes = []
    for key, record in state.quizzes.items():
        best_answers = _answers(record.best_answers)
        current = _answers(record.current_answers)
        if current == best_answers and record.best_answers:
            current = "="
        best = "" if record.best is None else str(record.best)
        attempts = min(record.attempts, MAX_ATTEMPTS_STORED)
        fields = [key, best, str(attempts), "s" if record.submitted else "p", best_answers, current]
        if record.drawn:
            fields.append("".join(record.drawn))
        quizzes.append(":".join(fields))
    return "~".join([FORMAT_VERSION, state.location, "".join(state.visited), ";".join(quizzes)])


def _answers(answers: dict[str, str]) -> str:
    return ",".join(key + letters for key, letters in answers.items())


def tracking_keys(course: Course) -> dict[str, dict[str, str]]:
    """Keys for lessons, quizzes and each quiz's questions; a clash (very rare) is a build error."""
    problems: list[Problem] = []
    lessons = _keys({lesson.id: lesson.path for lesson in course.lessons}, "lesson", problems)
    quizzes = _keys({quiz.id: str(quiz.source) for quiz in course.quizzes.values()}, "quiz", problems)
    questions = {quiz.id: _keys({q.id: str(quiz.source) for q in quiz.questions}, "question", problems)
                 for quiz in course.quizzes.values()}
    if problems:
        raise CourseError(problems)
    return {"lessons": lessons, "quizzes": quizzes, "questions": questions}


def _keys(ids: dict[str, str], what: str, problems: list[Problem]) -> dict[str, str]:
    keys: dict[str, str] = {}
    owner: dict[str, str] = {}
    for name, where in ids.items():
        key = short_key(name)
        if key in owner:
            problems.append(Problem(f"the {what} ids `{owner[key]}` and `{name}` share the tracking key `{key}`",
                                    where, hint="rename one of them (any change to the id will do)"))
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
        chosen += pool[:draw.count]
    return chosen


def worst_case_state(course: Course) -> LearnerState:
    """The longest state this course can produce: everything visited, every quiz half-retaken
    with every choice ticked, the largest scores and attempt counts."""
    keys = tracking_keys(course)
    state = LearnerState(location=next(iter(keys["lessons"].values()), ""),
                         visited=list(keys["lessons"].values()))
    for quiz in course.quizzes.values():
        questions = keys["questions"][quiz.id]
        attempt = _attempt_questions(quiz, longest=True)
        # Best and current answers differ (so "=" does not apply), each as long as it can be.
        best = {questions[q.id]: "".join(c.id for c in q.choices) for q in attempt}
        current = {questions[q.id]: "".join(c.id for c in q.choices)[:-1] or "x" for q in attempt}
        drawn = [questions[q.id] for q in attempt] if quiz.draws else []
        state.quizzes[keys["quizzes"][quiz.id]] = QuizRecord(quiz.max_points, MAX_ATTEMPTS_STORED, False, best,
                                                             current, drawn)
    return state


def completed_state(course: Course) -> LearnerState:
    """A learner who visited every lesson and passed every quiz at the first attempt."""
    keys = tracking_keys(course)
    state = LearnerState(location=next(reversed(keys["lessons"].values()), ""),
                         visited=list(keys["lessons"].values()))
    for quiz in course.quizzes.values():
        questions = keys["questions"][quiz.id]
        attempt = _attempt_questions(quiz, longest=False)
        right = {questions[q.id]: "".join(c.id for c in q.choices if c.correct) for q in attempt}
        drawn = [questions[q.id] for q in attempt] if quiz.draws else []
        points = sum(q.points for q in attempt)
        state.quizzes[keys["quizzes"][quiz.id]] = QuizRecord(points, 1, True, right, dict(right), drawn)
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
        raise CourseError(Problem(
            f"a learner's saved progress could reach {budget.worst_case} characters, over SCORM 1.2's "
            f"limit of {budget.limit} (cmi.suspend_data)", "course.yml",
            hint="split the course into smaller courses, or build only SCORM 2004 (--format scorm2004), "
                 "which allows 64,000"))
    return budget
