"""Each simulation of the bundled course, played by keyboard only inside the test LMS: the score it
shows, and the interactions and objective the LMS receives, in both editions."""

from __future__ import annotations

import pytest
from harness.learner import play_best_run
from test_lms_full_course import bundled  # noqa: F401  (the bundled course, built once per module)

from course_builder.core.progress import ideal_run

EDITIONS = ["scorm12", "scorm2004"]


def lesson_with(course, sim_id: str):
    embed = f"::simulation[{sim_id}]"
    return next(
        lesson for lesson in course.lessons if embed in (course.content_dir / lesson.path).read_text(encoding="utf-8")
    )


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_simulation_played_by_keyboard_reaches_the_lms(lms, bundled, edition):  # noqa: F811
    course, dist = bundled
    session = lms.open(dist / f"{course.id}-{course.version}-{edition}.zip", edition)
    for sim in course.simulations.values():
        lesson = lesson_with(course, sim.id)
        session.frame().evaluate("url => document.getElementById('cb-content').src = url", lesson.path[:-3] + ".html")
        frame = session.frame("#cb-content")
        frame.wait_for_function("t => document.title.startsWith(t)", arg=lesson.title)
        frame.wait_for_selector(f"#sim-{sim.id} .cb-sim__choices button")
        play_best_run(frame, sim, keyboard=session.page.keyboard)
        run = ideal_run(sim)
        best = sum(next(s for s in sim.steps if s.id == step).max_points for step, _ in run)
        assert f"Passed. You earned {best} of {best} points (100%)" in frame.inner_text(f"#sim-{sim.id} .cb-sim__score")
    session.frame("#cb-content").click("button.cb-exit")
    session.wait_for_terminate()
    session.assert_clean()

    reported = session.interactions()
    for sim in course.simulations.values():
        decisions = [i for i in reported if i["id"].startswith(sim.id + ".")]
        # One interaction per decision, in the order taken, each the best choice, under the objective.
        assert [i["id"] for i in decisions] == [f"{sim.id}.{step}" for step, _ in ideal_run(sim)]
        assert {i["result"] for i in decisions} == {"correct"}
        assert {i["type"] for i in decisions} == {"choice"}
        assert all(i["objectives"] == [sim.objective] for i in decisions)
