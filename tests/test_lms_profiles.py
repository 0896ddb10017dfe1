"""The course in the LMSs HR uses, as far as their documented behaviour goes (harness.lms.PROFILES).

Each profile runs the small fixture course in both editions: the learner passes the quiz, leaves,
and comes back. What the LMS stored and how the course resumes must be right in every one of them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from harness.courses import EDITIONS, build_fixture, copy_fixture
from harness.learner import follow_next
from harness.lms import PROFILES

from course_builder.commands.build import build

QUIZ = "#quiz-basics-check"
ANSWERS = ("dso-meaning--a", "call-when--a", "call-when--b", "fdcpa-b2b--f")
INTERACTIONS = ["basics-check.dso-meaning", "basics-check.call-when", "basics-check.fdcpa-b2b"]
EXIT = {"scorm12": "LMSFinish", "scorm2004": "Terminate"}
ENTRY = {"scorm12": "cmi.core.entry", "scorm2004": "cmi.entry"}


@pytest.fixture(scope="module")
def packages(tmp_path_factory) -> dict[str, Path]:
    return build_fixture("mini_course", tmp_path_factory.mktemp("profiles-course"))


@pytest.fixture(scope="module")
def variant(tmp_path_factory):
    """variant(id=..., version=...): the fixture course under another id or version, built once."""

    @cache
    def build_variant(id: str = "mini-course", version: str = "0.1.0") -> dict[str, Path]:
        root = copy_fixture("mini_course", tmp_path_factory.mktemp(f"{id}-{version}"))
        course = root / "course.yml"
        text = course.read_text(encoding="utf-8")
        text = text.replace("id: mini-course\n", f"id: {id}\n").replace("version: 0.1.0\n", f"version: {version}\n")
        course.write_text(text, encoding="utf-8")
        result = build(root)
        return {edition: next(p for p in result.packages if p.name.endswith(f"-{edition}.zip")) for edition in EDITIONS}

    return build_variant


def to_the_quiz(session):
    return follow_next(lambda: session.frame("#cb-content"), "First lesson", "Second lesson")


def pass_the_quiz(session):
    frame = to_the_quiz(session)
    for choice in ANSWERS:
        frame.check(f"{QUIZ}--{choice}")
    frame.click(f"{QUIZ} .cb-quiz__submit")
    return frame


def pass_and_exit(session):
    pass_the_quiz(session).click("button.cb-exit")
    session.wait_for_terminate()


def assert_passed_and_recorded(session, edition, answers=True):
    """What the LMS persisted: status, score, the three answers (``answers``) and the objectives."""
    cmi = session.stored()["cmi"]
    if edition == "scorm12":
        assert (cmi["core"]["lesson_status"], cmi["core"]["score"]["raw"]) == ("passed", "100")
        objectives = ["measure", "call"]
    else:
        assert (cmi["completion_status"], cmi["success_status"], cmi["score"]["scaled"]) == ("completed", "passed", "1")
        objectives = ["mini-course", "measure", "call"]  # the manifest's, in its order
    if answers:
        stored = session.interactions("stored")
        assert [i["id"] for i in stored] == INTERACTIONS
        assert {i["result"] for i in stored} == {"correct"}
    assert [o["id"] for o in session.objectives("stored")] == objectives
    assert {o["status"] if edition == "scorm12" else o["success_status"] for o in session.objectives("stored")} == {
        "passed"
    }


def assert_resumes_passed(session):
    """The course offers to go on where the learner left, and shows the quiz passed."""
    launcher = session.frame()
    launcher.wait_for_selector("#cb-resume:not([hidden])")
    launcher.click("#cb-resume-continue")
    session.frame("#cb-content").wait_for_selector(f"{QUIZ} >> text=Passed. You earned 3 of 3 points (100%)")


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_a_learner_passes_leaves_and_comes_back(lms, packages, profile, edition):
    session = lms.open(packages[edition], profile=profile)
    assert session.page.evaluate("window.lmsProfile") == profile  # the LMS page was launched as that LMS
    pass_and_exit(session)
    session.assert_clean()
    assert_passed_and_recorded(session, edition)

    again = lms.open(packages[edition], profile=profile, resume=True)
    assert again.resumed and again.value(ENTRY[edition]) == "resume"
    assert_resumes_passed(again)
    again.frame("#cb-content").click("button.cb-exit")
    again.wait_for_terminate()
    again.assert_clean()
    # 2004 hands the interactions back on resume; 1.2 ones are write-only, and none were answered again.
    assert_passed_and_recorded(again, edition, answers=edition == "scorm2004")


@pytest.mark.parametrize("edition", EDITIONS)
def test_moodle_starts_ab_initio_and_the_course_starts_fresh(lms, packages, edition):
    session = lms.open(packages[edition], profile="moodle")
    assert session.value(ENTRY[edition]) == "ab-initio"
    assert session.frame().is_hidden("#cb-resume")
    pass_and_exit(session)
    session.assert_clean()


def test_no_lesson_mode_a_scorm12_course_still_tracks(lms, packages):
    """The LMS never sets cmi.core.lesson_mode or credit: the course takes normal mode, with credit."""
    session = lms.open(packages["scorm12"], profile="no-lesson-mode")
    session.wait_for_initialize()
    reads = {e["args"][0]: e["result"] for e in session.calls("LMSGetValue")}
    assert reads.get("cmi.core.lesson_mode", "") == "" and reads.get("cmi.core.credit", "") == ""
    pass_and_exit(session)
    session.assert_clean()
    assert_passed_and_recorded(session, "scorm12")


@pytest.mark.parametrize("edition", EDITIONS)
def test_cornerstone_closing_the_tab_right_after_the_quiz_keeps_everything(lms, packages, edition):
    """Cornerstone's Commit returns null during unload: what the course still had to send must
    reach the LMS anyway (here through Terminate), and the course must end the session."""
    session = lms.open(packages[edition], profile="cornerstone")
    pass_the_quiz(session)
    session.close()  # at once: no time for a commit before the tab goes
    assert session.terminated and [e["method"] for e in session.log()].count(EXIT[edition]) == 1
    assert session.violations() == []
    assert_passed_and_recorded(session, edition)
    again = lms.open(packages[edition], profile="cornerstone", resume=True)
    assert_resumes_passed(again)


@pytest.mark.parametrize("edition", EDITIONS)
def test_slow_commit_answers_reach_the_lms_within_half_a_second(lms, packages, edition):
    """Commit is a synchronous request that takes 150 ms: the answers still arrive within 0.5 s."""
    session = lms.open(packages[edition], profile="slow-commit")
    frame = to_the_quiz(session)
    for choice in ANSWERS:
        frame.check(f"{QUIZ}--{choice}")
    submit = f"{QUIZ} .cb-quiz__submit"
    # The browser's clock, on both sides: when the learner clicked, when the LMS stored.
    frame.eval_on_selector(submit, "b => b.addEventListener('click', () => { top.submittedAt = Date.now(); }, true)")
    frame.click(submit)
    session.wait_for("window.lmsStores.some(s => s.interactions >= 3)")
    stored = next(s for s in session.stores() if s["interactions"] >= 3)
    assert stored["time"] - session.page.evaluate("window.submittedAt") < 500
    assert [i["id"] for i in session.interactions("stored")] == INTERACTIONS


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("version", ["0.1.1", "0.2.0", "1.0.0"])
def test_successfactors_a_new_version_resumes_the_learners_progress(lms, packages, variant, edition, version):
    """SuccessFactors knows a course by the first 15 characters of the manifest identifier: a new
    version of the course must land on the same course, with the learner's progress."""
    first = lms.open(packages[edition], profile="successfactors")
    pass_and_exit(first)
    update = lms.open(variant(version=version)[edition], profile="successfactors", resume=True)
    assert update.course_key == first.course_key, "SuccessFactors would import it as another course"
    assert update.resumed
    assert_resumes_passed(update)


@pytest.mark.parametrize("edition", EDITIONS)
def test_successfactors_keeps_two_courses_apart(lms, variant, edition):
    """Two courses of one series (the same long prefix) must not be one course to SuccessFactors."""
    managers = variant(id="harassment-prevention-managers")
    staff = variant(id="harassment-prevention-staff")
    first = lms.open(managers[edition], profile="successfactors")
    pass_and_exit(first)
    other = lms.open(staff[edition], profile="successfactors", resume=True)
    assert other.course_key != first.course_key, "SuccessFactors would take one for the other"
    assert not other.resumed and other.frame().is_hidden("#cb-resume")
