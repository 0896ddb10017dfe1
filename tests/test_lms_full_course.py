"""The bundled course, start to finish, in the test LMS: what a full run costs and stores."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from harness.learner import take_the_whole_course

from course_builder.commands.cli import main
from course_builder.core.progress import ideal_run, suspend_budget
from course_builder.load.course import load_course

REPO = Path(__file__).parent.parent
EDITIONS = ["scorm12", "scorm2004"]


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    root = tmp_path_factory.mktemp("bundled") / "course"
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(".git", ".venv", "node_modules", "site", "dist", "tests"))
    assert main(["build", str(root)]) == 0
    return load_course(root), root / "dist"


@pytest.mark.parametrize("edition", EDITIONS)
def test_full_run_of_the_bundled_course(lms, bundled, edition, capsys):
    course, dist = bundled
    session = lms.open(dist / f"{course.id}-{course.version}-{edition}.zip", edition)
    take_the_whole_course(lambda: session.frame("#cb-content"), course)
    session.frame("#cb-content").click("button.cb-exit")
    session.wait_for_terminate()
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
        print(
            f"\n[{edition}] full run: suspend_data {len(suspend)} characters, "
            f"(predicted {budget.completed}, worst case {budget.worst_case}), "
            f"{len(session.log())} LMS calls, {session.commits()} commits, {len(ids)} interactions"
        )
