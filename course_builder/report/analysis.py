"""A cohort's results, from the rows of LMS exports to what the report shows: one pass over the rows.

Each question is analysed within its own quiz (its discrimination is against the rest of that quiz, the
test it belongs to); each learner's first answer to a question counts (a retake comes after feedback).
Objective mastery is over the scored quizzes, as the SCO reports objectives; the gain per objective
compares the pre-assessment with the final assessment, for the learners who took both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from course_builder.model import Course
from course_builder.report.answers import (
    CHOICE_TYPES,
    Option,
    QuestionInfo,
    course_questions,
    question_for,
    read_response,
)
from course_builder.report.exports import ExportRow
from course_builder.report.first_answers import FirstAnswers, option_mask
from course_builder.report.statistics import (
    AttemptFacts,
    AttemptSummary,
    ItemStatistics,
    attempt_summary,
    item_statistics,
    mastery,
    objective_gains,
    objective_scores,
    score_bins,
)


@dataclass(frozen=True)
class ItemResult:
    info: QuestionInfo
    stats: ItemStatistics
    options: tuple[tuple[Option, float], ...]  # each choice with the share of learners choosing it


@dataclass(frozen=True)
class ObjectiveResult:
    id: str
    title: str
    learners: int  # with a score on it from the scored quizzes
    mastered: float | None  # share of them at or above the course's passing score
    bins: tuple[int, ...]  # their scores in 10-point bins
    gain: tuple[int, float, float, float | None] | None  # (learners, mean pre, mean post, g), if measured


@dataclass(frozen=True)
class Analysis:
    course_title: str
    course_version: str
    rows: int
    attempts: AttemptSummary
    items: tuple[ItemResult, ...]  # by quiz, in the course's order of questions
    objectives: tuple[ObjectiveResult, ...]
    unknown: dict[str, int] = field(default_factory=dict)  # interaction ids the course does not have -> answers
    learner_mastery: dict[str, dict[str, float]] = field(default_factory=dict)  # learner -> objective -> score
    learner_names: dict[str, str] = field(default_factory=dict)  # learner (ExportRow.learner_key) -> name


# Responses read once each: a cohort gives the same few responses to a choice question over and over.
_RESPONSES_KEPT = 100_000  # (question, response) pairs; free-text answers are all different, so the cache is bounded


def analyse(rows: Iterable[ExportRow], course: Course) -> Analysis:
    questions = course_questions(course)
    letters = {i: tuple(o.letter for o in info.choices) for i, info in questions.items() if info.type in CHOICE_TYPES}
    attempts: dict[tuple[str, int | None], AttemptFacts] = {}
    answers = FirstAnswers()
    masks: dict[tuple[str, str], int] = {}
    unknown: dict[str, int] = {}
    names: dict[str, str] = {}
    count = 0
    for row in rows:
        count += 1
        learner = row.learner_key
        names.setdefault(learner, row.learner)
        attempts[learner, row.attempt] = AttemptFacts(
            learner, row.attempt, row.score, row.status, row.started, row.last_accessed
        )
        if not row.interaction:
            continue
        info = question_for(questions, row.interaction)
        if not info.known:
            unknown[row.interaction] = unknown.get(row.interaction, 0) + 1
            continue
        credit = row.credit
        if credit is None:  # a simulation step where every choice is worth the same, or no result stored
            continue
        mask = 0
        if row.interaction in letters:
            mask = masks.get((row.interaction, row.response), -1)
            if mask < 0:
                if len(masks) >= _RESPONSES_KEPT:
                    masks.clear()
                chosen = read_response(info, row.response).chosen
                mask = masks[row.interaction, row.response] = option_mask(chosen, letters[row.interaction])
        answers.add(learner, row.interaction, credit, (row.attempt or 0, row.sequence), mask)
    scored = _objective_scores(questions, answers, lambda info: info.scored)
    return Analysis(
        course_title=course.title,
        course_version=course.version,
        rows=count,
        attempts=attempt_summary(attempts.values(), course.passing_score),
        items=_items(questions, answers),
        objectives=_objectives(course, questions, answers, scored),
        unknown=dict(sorted(unknown.items())),
        learner_mastery=scored,
        learner_names=names,
    )


def _items(questions: dict[str, QuestionInfo], answers: FirstAnswers) -> tuple[ItemResult, ...]:
    """Each question's statistics within its quiz, in the course's order."""
    out = []
    by_activity: dict[str, list[QuestionInfo]] = {}
    for info in questions.values():
        by_activity.setdefault(info.activity, []).append(info)
    for infos in by_activity.values():
        ids = [info.interaction for info in infos]
        keys = {info.interaction: info.key for info in infos}
        chosen = {
            info.interaction: answers.chosen(info.interaction, [c.letter for c in info.choices]) for info in infos
        }
        stats = {s.item: s for s in item_statistics(answers.table(ids), chosen, keys)}
        for info in infos:
            if info.interaction in stats:
                s = stats[info.interaction]
                # Shares per choice where an answer is a set of choices (a match or an order is not).
                shown = info.choices if info.type in CHOICE_TYPES else ()
                options = tuple((option, s.option_shares.get(option.letter, 0.0)) for option in shown)
                out.append(ItemResult(info, s, options))
    return tuple(out)


def _objective_scores(questions, answers: FirstAnswers, keep) -> dict[str, dict[str, float]]:
    ids = [i for i, info in questions.items() if keep(info)]
    objective_of = {i: questions[i].objective for i in ids}
    points = {i: questions[i].points for i in ids}
    return objective_scores(answers.table(ids), objective_of, points)


def _objectives(course: Course, questions, answers: FirstAnswers, scored) -> tuple[ObjectiveResult, ...]:
    shares = mastery(scored, course.passing_score)
    gains = objective_gains(
        _objective_scores(questions, answers, lambda info: info.kind == "pre-assessment"),
        _objective_scores(questions, answers, lambda info: info.kind == "final-assessment"),
    )
    out = []
    for objective in course.objectives:
        values = [by[objective.id] for by in scored.values() if objective.id in by]
        out.append(
            ObjectiveResult(
                objective.id,
                objective.title,
                len(values),
                shares.get(objective.id),
                tuple(score_bins(values)),
                gains.get(objective.id),
            )
        )
    return tuple(out)
