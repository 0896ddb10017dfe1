"""A simulation inside an LMS (scorm-again), both editions: each decision is an interaction, the run's
score is the course score, and a relaunch mid-call resumes the transcript without re-sending anything."""

from __future__ import annotations

from pathlib import Path

import pytest
from harness.courses import build_fixture
from test_lms_tracking import EDITIONS, exit_course, interactions, open_lesson

SIM = "#sim-late-payment"


@pytest.fixture(scope="module")
def packages(tmp_path_factory) -> dict[str, Path]:
    return build_fixture("sim_course", tmp_path_factory.mktemp("sim-lms-course"))


def choose(frame, *letters: str) -> None:
    for letter in letters:
        frame.click(f'{SIM} .cb-sim__choice[data-cb-choice="{letter}"]')


@pytest.mark.parametrize("edition", EDITIONS)
def test_each_decision_is_an_interaction_and_the_run_is_the_score(lms, packages, edition):
    session = lms.open(packages[edition], edition)
    frame = open_lesson(session, "Practice call")  # through "Before the call": every lesson visited
    choose(frame, "b", "a")  # acceptable (1 of 2), then best (2 of 2): 75%, the pass mark
    assert "Passed. You earned 3 of 4 points (75%). Pass mark 75%." in frame.inner_text(SIM)
    exit_course(session)
    session.assert_clean()

    got = interactions(session)
    assert sorted(got) == [0, 1]
    opening, when_paid = got[0], got[1]
    assert (opening["id"], opening["objectives.0.id"], opening["type"]) == ("late-payment.opening", "call", "choice")
    assert (when_paid["id"], when_paid["result"]) == ("late-payment.when-paid", "correct")
    assert opening["result"] == "0.5"  # half the best points at that step
    if edition == "scorm12":
        assert (opening["student_response"], opening["correct_responses.0.pattern"]) == ("b", "a")
        assert session.value("cmi.core.score.raw") == "75"
        assert session.value("cmi.core.lesson_status") == "failed"  # course pass mark 80%
    else:
        assert opening["learner_response"] == "hi_dana_how_are_things_just_calling"
        assert opening["correct_responses.0.pattern"] == "open_clearly"
        assert opening["description"] == "Accounts payable, Dana speaking."
        assert session.value("cmi.score.raw") == "75"
        assert session.value("cmi.completion_status") == "completed"  # required simulation passed


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_relaunch_mid_call_resumes_the_transcript_and_sends_nothing_again(lms, packages, edition):
    first = lms.open(packages[edition], edition)
    frame = open_lesson(first, "Practice call")
    choose(frame, "c")  # weak: Dana gets defensive
    transcript = frame.inner_text(f"{SIM} .cb-sim__transcript")
    assert "Dana Ruiz: I don't need the attitude." in transcript
    exit_course(first)
    first.assert_clean()
    assert interactions(first) == {}  # no interaction before the run ends

    second = lms.open(packages[edition], edition, state=first.resume_state())
    frame = open_lesson(second, "Practice call")
    assert frame.inner_text(f"{SIM} .cb-sim__transcript") == transcript
    assert frame.inner_text(f"{SIM} .cb-sim__prompt") == "Turn 2: what do you say?"
    choose(frame, "a", "a")  # recover (2 of 2), then a date (2 of 2): 4 of 6
    assert "You earned 4 of 6 points (67%)" in frame.inner_text(SIM)
    exit_course(second)
    second.assert_clean()
    got = interactions(second)
    assert [got[n]["id"] for n in sorted(got)] == [
        "late-payment.opening",
        "late-payment.defensive",
        "late-payment.when-paid",
    ]
    assert [got[n]["result"] for n in sorted(got)] == [
        "wrong" if edition == "scorm12" else "incorrect",
        "correct",
        "correct",
    ]
