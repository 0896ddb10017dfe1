"""What `course-builder build` tells the trainer: each stage as it starts, and a summary at the end.

The summary is what a trainer checks before uploading: how many pages and activities went in, which
objectives the questions and simulation decisions cover (an objective nothing covers reports no score
in the LMS), how big the zips are, and how close saved progress can come to SCORM 1.2's limit.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from course_builder.core.wording import counted
from course_builder.model import Course

STAGES = {
    "load": "load: reading and checking the course",
    "site": "site: rendering the pages",
    "scorm12": "scorm12: packaging and validating the SCORM 1.2 zip",
    "scorm2004": "scorm2004: packaging and validating the SCORM 2004 zip",
}
SUSPEND_WARNING_SHARE = 0.9  # warn when the worst case uses more than this share of the limit


def progress_printer(stream: TextIO | None = None) -> Callable[[str], None]:
    """A `progress` callback for build(): `[  1.2 s] site: rendering the pages`, elapsed since the first stage,
    on `stream` (default: sys.stderr as it is when a stage starts)."""
    started = time.monotonic()

    def show(stage: str) -> None:
        print(
            f"[{time.monotonic() - started:5.1f} s] {STAGES.get(stage, stage)}", file=stream or sys.stderr, flush=True
        )

    return show


def objective_coverage(course: Course) -> list[tuple[str, int, int]]:
    """(objective id, questions, simulation decisions) for each objective of course.yml, in its order.
    A bank question counts once, however many quizzes draw from its bank."""
    questions: dict[str, set[tuple[str, str]]] = {objective.id: set() for objective in course.objectives}
    for quiz in course.quizzes.values():
        for question in quiz.questions:
            questions.setdefault(question.objective, set()).add((question.bank or quiz.id, question.id))
    decisions = {objective.id: 0 for objective in course.objectives}
    for simulation in course.simulations.values():
        decisions[simulation.objective] = decisions.get(simulation.objective, 0) + len(simulation.steps)
    return [(objective.id, len(questions[objective.id]), decisions[objective.id]) for objective in course.objectives]


def build_warnings(course: Course, suspend=None) -> list[str]:
    """Things that build fine but a trainer probably wants to know. A lesson without an activity is not one."""
    warnings = [
        f"objective `{objective}` has no questions and no simulation decisions: the LMS will report it "
        f"without a score (add a question naming it, or remove it from course.yml)"
        for objective, questions, decisions in objective_coverage(course)
        if not questions and not decisions
    ]
    if suspend is not None and suspend.worst_case > SUSPEND_WARNING_SHARE * suspend.limit:
        warnings.append(
            f"saved progress can reach {suspend.worst_case} of the {suspend.limit} characters SCORM 1.2 "
            f"allows: a few more questions may not fit (fewer questions per quiz, or shorter fill-in answers)"
        )
    return warnings


def summary_lines(result, shown: Callable[[Path], str] = str) -> list[str]:
    """The lines `course-builder build` ends with, for a BuildResult."""
    course = result.course
    reference = sum(len(group.pages) for group in course.resources)
    questions = sum(len(q.questions) for q in course.quizzes.values())
    simulations = len(course.simulations)
    lines = [
        f"Built {course.title} {course.version} in {result.seconds:.1f} s",
        f"  {counted(len(course.lessons), 'lesson')} in {counted(len(course.modules), 'module')}, "
        f"{counted(len(course.quizzes), 'quiz', 'quizzes')}, {counted(questions, 'question')}, "
        f"{counted(simulations, 'simulation')}",
        f"  pages:   {1 + len(course.lessons) + reference} (the welcome page, {counted(len(course.lessons), 'lesson')}, "
        f"{counted(reference, 'reference page')})",
    ]
    if result.site_dir:
        lines.append(f"  site:    {shown(result.site_dir)}/ (open index.html)")
    for package in result.packages:
        lines.append(f"  package: {shown(package)} ({package.stat().st_size / 1024:.0f} KiB)")
    budget = result.suspend
    if budget is not None:
        lines.append(
            f"  saved progress (suspend_data): {budget.completed} characters after the whole course, "
            f"{budget.worst_case} at worst; SCORM 1.2 allows {budget.limit}"
        )
    coverage = objective_coverage(course)
    width = max([len("objective")] + [len(objective) for objective, _, _ in coverage])
    lines.append("  questions per objective:")
    lines.append(f"    {'objective':<{width}}  questions  simulation decisions")
    for objective, count, decisions in coverage:
        lines.append(f"    {objective:<{width}}  {count:>9}  {decisions:>20}")
    warnings = build_warnings(course, budget)
    lines.append(f"  warnings: {len(warnings) or 'none'}")
    lines += [f"  warning: {warning}" for warning in warnings]
    return lines
