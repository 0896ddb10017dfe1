"""The bundled course, start to finish, in the test LMS: what a full run costs and stores."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from course_builder.cli import main
from course_builder.load.course import load_course
from course_builder.render.tracking import ideal_run, suspend_budget
from harness.learner import answer_rightly, play_best_run

REPO = Path(__file__).parent.parent
EDITIONS = ["scorm12", "scorm2004"]


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    root = tmp_path_factory.mktemp("bundled") / "course"
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(".git", ".venv", "node_modules", "site", "dist", "tests"))
    assert main(["build", str(root)]) == 0
    return load_course(root), root / "dist"


def take_the_whole_course(session, course):
    frame = session.frame("#cb-content")
    for lesson in course.lessons:
        frame.click("a.md-footer__link--next")
        frame = session.frame("#cb-content")
        frame.wait_for_function("t => document.title.startsWith(t)", arg=lesson.title)
        for section in frame.query_selector_all("[data-cb-quiz]"):
            quiz = course.quizzes[section.get_attribute("data-cb-quiz")]
            shown = set(frame.eval_on_selector_all(f"#quiz-{quiz.id} .cb-question:not([hidden])",
                                                   "els => els.map(e => e.dataset.cbQuestion)"))
            for question in (q for q in quiz.questions if q.id in shown):
                answer_rightly(frame, quiz, question)
            frame.click(f"#quiz-{quiz.id} .cb-quiz__submit")
            assert "Passed." in frame.inner_text(f"#quiz-{quiz.id} .cb-quiz__result")
        for section in frame.query_selector_all("[data-cb-simulation]"):
            sim = course.simulations[section.get_attribute("data-cb-simulation")]
            play_best_run(frame, sim)
            assert "Passed." in frame.inner_text(f"#sim-{sim.id} .cb-sim__score")
    frame.click("button.cb-exit")
    session.wait_for_terminate()


@pytest.mark.parametrize("edition", EDITIONS)
def test_full_run_of_the_bundled_course(lms, bundled, edition, capsys):
    course, dist = bundled
    session = lms.open(dist / f"{course.id}-{course.version}-{edition}.zip", edition)
    take_the_whole_course(session, course)
    session.assert_clean()

    values = session.set_values()
    suspend = values["cmi.suspend_data"]
    budget = suspend_budget(course)
    # What the build predicted, give or take which questions were drawn (their answers differ in length).
    assert abs(len(suspend) - budget.completed) <= 40 and len(suspend) <= budget.worst_case
    if edition == "scorm12":
        assert session.value("cmi.core.lesson_status") == "passed"
    else:
        assert (session.value("cmi.completion_status"), session.value("cmi.success_status")) == ("completed", "passed")
    # One interaction per question answered and per decision taken in a simulation.
    questions = sum(q.question_count for q in course.quizzes.values())
    decisions = sum(len(ideal_run(sim)) for sim in course.simulations.values())
    ids = [v for k, v in values.items() if re.fullmatch(r"cmi\.interactions\.\d+\.id", k)]
    assert len(ids) == questions + decisions
    with capsys.disabled():
        print(f"\n[{edition}] full run: suspend_data {len(suspend)} characters, "
              f"(predicted {budget.completed}, worst case {budget.worst_case}), "
              f"{len(session.log())} LMS calls, {session.commits()} commits, {len(ids)} interactions")
