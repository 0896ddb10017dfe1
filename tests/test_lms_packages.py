"""Each package launched by a real LMS runtime (scorm-again) in Chromium, with strict checks on top.

A scripted learner visits every page and passes the quiz; the tests assert what the LMS then
holds and that the SCO behaved: one Initialize, one Terminate, no error code, nothing remote.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from harness.browser import external_requests
from harness.courses import build_fixture

QUIZ = "#quiz-basics-check"
EDITIONS = ["scorm12", "scorm2004"]


@pytest.fixture(scope="module")
def packages(tmp_path_factory) -> dict[str, Path]:
    return build_fixture("mini_course", tmp_path_factory.mktemp("lms-course"))


def course_frame(session):
    return session.frame("#cb-content")


def go_next(session, expected_title: str):
    frame = course_frame(session)
    frame.click("a.md-footer__link--next")
    frame = course_frame(session)
    frame.wait_for_function("t => document.title.startsWith(t)", arg=expected_title)
    return frame


def take_quiz(frame, right: bool = True) -> None:
    frame.check(f"{QUIZ}--dso-meaning--a")
    frame.check(f"{QUIZ}--call-when--a")
    if right:
        frame.check(f"{QUIZ}--call-when--b")
    frame.check(f"{QUIZ}--fdcpa-b2b--{'f' if right else 't'}")
    frame.click(f"{QUIZ} .cb-quiz__submit")
    frame.wait_for_selector(f"{QUIZ} .cb-quiz__summary")


def walk_the_course(session, right: bool = True):
    frame = course_frame(session)
    assert frame.title().startswith("Mini")
    go_next(session, "First lesson")
    frame = go_next(session, "Second lesson")
    take_quiz(frame, right)
    return frame


def exit_course(session):
    course_frame(session).click("button.cb-exit")
    session.wait_for_terminate()


def data(session, edition: str) -> dict[str, str]:
    """The tracking results as the LMS holds them, named the same for both editions."""
    if edition == "scorm12":
        return {"status": session.value("cmi.core.lesson_status"), "score": session.value("cmi.core.score.raw")}
    return {
        "completion": session.value("cmi.completion_status"),
        "success": session.value("cmi.success_status"),
        "scaled": session.value("cmi.score.scaled"),
    }


def init_and_terminate_counts(session, edition: str) -> tuple[int, int]:
    names = ("LMSInitialize", "LMSFinish") if edition == "scorm12" else ("Initialize", "Terminate")
    return len(session.calls(names[0])), len(session.calls(names[1]))


@pytest.mark.parametrize("edition", EDITIONS)
def test_learner_passes_and_the_lms_records_it(lms, packages, edition, page):
    session = lms.open(packages[edition], edition)
    session.wait_for_initialize()
    walk_the_course(session)
    # The result reaches the LMS within a few seconds of the quiz, without waiting for the exit.
    stored_status = (
        "window.lmsStored && window.lmsStored.cmi.core.lesson_status"
        if edition == "scorm12"
        else "window.lmsStored && window.lmsStored.cmi.success_status"
    )
    session.wait_for(f"{stored_status} === 'passed'", timeout=6000)
    assert not session.terminated
    exit_course(session)

    expected = (
        {"status": "passed", "score": "100"}
        if edition == "scorm12"
        else {"completion": "completed", "success": "passed", "scaled": "1"}
    )
    assert data(session, edition) == expected
    assert init_and_terminate_counts(session, edition) == (1, 1)
    session.assert_clean()
    assert all(entry["error"] in ("0", 0, "") for entry in session.log()), session.log()
    assert external_requests(page.network_log) == []
    assert "You have left the course" in session.frame().inner_text("body")


@pytest.mark.parametrize("edition", EDITIONS)
def test_failed_quiz_is_reported_as_failed(lms, packages, edition):
    session = lms.open(packages[edition], edition)
    walk_the_course(session, right=False)
    exit_course(session)
    # 1 of 3 points (33.33%) against the course pass mark of 80%; the quiz (pass mark 50%) is not
    # passed either, so the course is not complete.
    if edition == "scorm12":
        # The course's default reporting is passed/failed: all scored quizzes taken, below the mark.
        assert session.set_values()["cmi.core.lesson_status"] == "failed"
        assert data(session, edition) == {"status": "failed", "score": "33.33"}
        assert session.value("cmi.core.exit") == "suspend"
    else:
        assert data(session, edition) == {"completion": "incomplete", "success": "failed", "scaled": "0.3333"}
        assert session.value("cmi.exit") == "suspend"
    session.assert_clean()


@pytest.mark.parametrize("edition", EDITIONS)
def test_closing_the_window_terminates_once(lms, packages, edition):
    session = lms.open(packages[edition], edition)
    go_next(session, "First lesson")
    # The learner closes the course: the LMS removes the SCO's frame.
    session.page.evaluate("document.getElementById('sco').remove()")
    session.wait_for_terminate()
    assert init_and_terminate_counts(session, edition) == (1, 1)
    session.assert_clean()
    status = "cmi.core.lesson_status" if edition == "scorm12" else "cmi.completion_status"
    assert session.value(status) == "incomplete"
    time_element = "cmi.core.session_time" if edition == "scorm12" else "cmi.session_time"
    assert session.set_values()[time_element]


@pytest.mark.parametrize("edition", EDITIONS)
def test_one_session_across_pages_and_progress_is_resumed(lms, packages, edition):
    first = lms.open(packages[edition], edition)
    go_next(first, "First lesson")
    exit_course(first)
    assert init_and_terminate_counts(first, edition) == (1, 1)  # two pages, still one session
    first.assert_clean()

    second = lms.open(packages[edition], edition, state=first.resume_state())
    launcher = second.frame()
    assert "You were at: First lesson" in launcher.inner_text("#cb-resume")
    assert launcher.evaluate("document.activeElement.id") == "cb-resume-continue"
    second.page.keyboard.press("Enter")
    frame = course_frame(second)
    frame.wait_for_function("() => document.title.startsWith('First lesson')")  # back where they left off
    frame = go_next(second, "Second lesson")
    take_quiz(frame)
    exit_course(second)
    # Visits from the first session count towards completion in the second.
    if edition == "scorm12":
        assert second.value("cmi.core.lesson_status") == "passed"
    else:
        assert second.value("cmi.completion_status") == "completed"
    second.assert_clean()


def test_without_an_lms_the_launcher_says_so_and_the_course_still_works(page, packages, static_server, tmp_path):
    import zipfile

    folder = tmp_path / "unzipped"
    zipfile.ZipFile(packages["scorm12"]).extractall(folder)
    base = static_server(folder)
    page.goto(f"{base}/scorm_launch.html")
    # It looks for an LMS for a moment (one may add its API late), then says there is none.
    page.wait_for_function(
        "document.getElementById('cb-launch-status').textContent.includes('No LMS connection was found')"
    )
    frame = page.frame_locator("#cb-content")
    assert frame.locator("h1").first.inner_text().startswith("Mini")
