"""An LMS that stumbles: refused commits, refused values, an API that vanishes. Nothing is lost.

Faults are injected on the LMS page around scorm-again's API object, as a flaky LMS or network
would produce them; the strict checks still watch every call that reaches the LMS.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from harness.courses import build_fixture
from harness.learner import follow_next

QUIZ = "#quiz-basics-check"
EDITIONS = ["scorm12", "scorm2004"]
NAMES = {
    "scorm12": {
        "api": "API",
        "commit": "LMSCommit",
        "set": "LMSSetValue",
        "error": "LMSGetLastError",
        "terminate": "LMSFinish",
    },
    "scorm2004": {
        "api": "API_1484_11",
        "commit": "Commit",
        "set": "SetValue",
        "error": "GetLastError",
        "terminate": "Terminate",
    },
}

# Wraps one API method so its next `count` calls fail as a struggling LMS's would ("false" and an
# error code), without reaching scorm-again; GetLastError reports the code for those calls.
INJECT = """([api, method, errorMethod, count, code]) => {
    const target = window[api], real = target[method], realError = target[errorMethod];
    let left = count, injected = false;
    window.injectedFailures = window.injectedFailures || 0;
    target[method] = function (...args) {
        if (left > 0) { left--; injected = true; window.injectedFailures++; return "false"; }
        injected = false;
        return real.apply(this, args);
    };
    target[errorMethod] = function (...args) { return injected ? String(code) : realError.apply(this, args); };
}"""

# The API object stops answering (every method throws, window.API is gone) for `ms` milliseconds.
VANISH = """([api, ms]) => {
    const target = window[api], saved = {};
    for (const name of Object.keys(target).concat(Object.getOwnPropertyNames(Object.getPrototypeOf(target)))) {
        if (typeof target[name] === "function" && /^(LMS|Initialize|Terminate|GetValue|SetValue|Commit|GetLast|GetError|GetDiag)/.test(name)) {
            saved[name] = target[name];
            target[name] = () => { throw new Error("LMS connection lost"); };
        }
    }
    delete window[api];
    window.apiGone = true;
    setTimeout(() => { Object.assign(target, saved); window[api] = target; window.apiGone = false; }, ms);
}"""


@pytest.fixture(scope="module")
def packages(tmp_path_factory) -> dict[str, Path]:
    return build_fixture("mini_course", tmp_path_factory.mktemp("faults-course"))


def to_the_quiz(session):
    return follow_next(lambda: session.frame("#cb-content"), "First lesson", "Second lesson")


def walk_and_pass(session):
    frame = to_the_quiz(session)
    for choice in ("dso-meaning--a", "call-when--a", "call-when--b", "fdcpa-b2b--f"):
        frame.check(f"{QUIZ}--{choice}")
    frame.click(f"{QUIZ} .cb-quiz__submit")
    return frame


def exit_and_check(session, edition, timeout: float = 10_000):
    """The learner leaves; the session ended cleanly with everything in the LMS."""
    session.frame("#cb-content").click("button.cb-exit")
    session.wait_for_terminate(timeout=timeout)
    session.assert_clean()
    assert_everything_recorded(session, edition)


def assert_everything_recorded(session, edition):
    stored = session.stored()["cmi"]
    if edition == "scorm12":
        assert (stored["core"]["lesson_status"], stored["core"]["score"]["raw"]) == ("passed", "100")
    else:
        assert (stored["completion_status"], stored["success_status"], stored["score"]["scaled"]) == (
            "completed",
            "passed",
            "1",
        )
        assert sorted(i["id"] for i in stored["interactions"].values()) == [
            "basics-check.call-when",
            "basics-check.dso-meaning",
            "basics-check.fdcpa-b2b",
        ]
    sent = session.set_values()
    assert sent["cmi.suspend_data"].startswith("2~") and stored["suspend_data"] == sent["cmi.suspend_data"]
    ids = {
        v for k, v in sent.items() if k.endswith(".id") and k.startswith("cmi.interactions.") and "objectives" not in k
    }
    assert ids == {"basics-check.dso-meaning", "basics-check.call-when", "basics-check.fdcpa-b2b"}


@pytest.mark.parametrize("edition", EDITIONS)
def test_refused_commits_are_retried_and_the_learner_is_told(lms, packages, edition):
    names = NAMES[edition]
    session = lms.open(packages[edition], edition)
    session.wait_for("window.lmsCommits >= 1")
    session.page.evaluate(
        INJECT, [names["api"], names["commit"], names["error"], 4, 391 if edition == "scorm2004" else 101]
    )
    walk_and_pass(session)
    launcher = session.frame()
    launcher.wait_for_selector("#cb-launch-warning:not([hidden])", timeout=10_000)
    assert "Keep this window open" in launcher.inner_text("#cb-launch-warning")
    launcher.wait_for_selector("#cb-launch-warning", state="hidden", timeout=15_000)  # accepted at last
    assert session.page.evaluate("window.injectedFailures") == 4
    exit_and_check(session, edition)


@pytest.mark.parametrize("edition", EDITIONS)
def test_refused_values_are_sent_again(lms, packages, edition):
    names = NAMES[edition]
    session = lms.open(packages[edition], edition)
    session.wait_for("window.lmsCommits >= 1")
    session.page.evaluate(
        INJECT, [names["api"], names["set"], names["error"], 3, 351 if edition == "scorm2004" else 101]
    )
    walk_and_pass(session)
    session.wait_for("window.injectedFailures === 3 && window.lmsCommits >= 2", timeout=15_000)
    exit_and_check(session, edition)


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_api_vanishing_mid_session_loses_nothing(lms, packages, edition):
    names = NAMES[edition]
    session = lms.open(packages[edition], edition)
    session.wait_for("window.lmsCommits >= 1")
    session.page.evaluate(VANISH, [names["api"], 10_000])  # long enough for a loaded machine
    frame = walk_and_pass(session)
    frame.click("button.cb-exit")  # the learner leaves while the LMS is away ...
    assert session.page.evaluate("window.apiGone") is True
    assert not session.terminated  # ... so the exit waits until the data is in
    session.wait_for_terminate(timeout=30_000)
    assert len(session.calls(names["terminate"])) == 1
    session.assert_clean()
    assert_everything_recorded(session, edition)


# --- faults that used to lose a learner's data -------------------------------------------------

RELAUNCH = "open the course again from the learning system"
REFUSED = {"scorm12": 405, "scorm2004": 406}  # each edition's "wrong type" for a refused value


def launcher_warning(session) -> str:
    launcher = session.frame()
    launcher.wait_for_selector("#cb-launch-warning:not([hidden])", timeout=15_000)
    return launcher.inner_text("#cb-launch-warning")


def stored_state(session, edition) -> str:
    return session.stored()["cmi"]["suspend_data"]


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_reloaded_launcher_tells_the_learner_to_relaunch(lms, packages, edition):
    """F5 in the SCO frame ends the session (pagehide -> Terminate); a strict LMS then refuses the
    new Initialize. The course must not go on as if it were tracked."""
    session = lms.open(packages[edition], edition)
    walk_and_pass(session)
    session.wait_for("window.lmsStored && window.lmsStored.cmi.suspend_data.length > 0")
    session.reload_sco()
    assert RELAUNCH in launcher_warning(session)
    assert "reloaded" in launcher_warning(session) or "did not accept" in launcher_warning(session)
    # Nothing was sent after the refused Initialize, and nothing of before was lost.
    after = session.log()[[e["method"] for e in session.log()].index(NAMES[edition]["terminate"]) + 1 :]
    assert {e["method"] for e in after} <= {"Initialize", "LMSInitialize", "GetLastError", "LMSGetLastError"}
    assert_everything_recorded(session, edition)
    session.assert_clean(allow=["initialize-after-terminate"])


def test_a_reloaded_launcher_keeps_tracking_where_the_lms_lets_it_start_again(lms, packages):
    """Moodle's SCORM 1.2 player accepts LMSInitialize again after LMSFinish: carry on tracking,
    with the progress the LMS holds (it still says entry "ab-initio")."""
    session = lms.open(packages["scorm12"], "scorm12", profile="moodle")
    frame = session.frame("#cb-content")
    frame.click("a.md-footer__link--next")  # First lesson
    session.wait_for("window.lmsStored && window.lmsStored.cmi.core.lesson_location !== ''")
    session.reload_sco()
    session.wait_for_initialize()
    launcher = session.frame()
    launcher.wait_for_selector("#cb-resume:not([hidden])")  # it knows where the learner was
    assert launcher.is_hidden("#cb-launch-warning")
    launcher.click("#cb-resume-continue")
    frame = session.frame("#cb-content")
    frame.click("a.md-footer__link--next")  # Second lesson
    session.wait_for(
        "window.lmsStored && window.lmsStored.cmi.core.lesson_location.length > 0 && "
        "window.lmsStored.cmi.suspend_data !== ''"
    )
    assert session.sessions == 2
    frame = session.frame("#cb-content")
    for choice in ("dso-meaning--a", "call-when--a", "call-when--b", "fdcpa-b2b--f"):
        frame.check(f"{QUIZ}--{choice}")
    frame.click(f"{QUIZ} .cb-quiz__submit")
    assert "Progress: 2 of 2 lessons" in frame.inner_text(".cb-progress")  # the first visit too
    frame.click("button.cb-exit")
    session.wait_for("window.lmsTerminated && window.lmsStored.cmi.core.lesson_status === 'passed'")


@pytest.mark.parametrize("edition", EDITIONS)
def test_an_initialize_refused_once_is_tried_again(lms, packages, edition):
    session = lms.open(packages[edition], edition, initialize_failures=1)
    session.wait_for_initialize()
    initialize = session.calls("LMSInitialize" if edition == "scorm12" else "Initialize")
    assert [bool(e.get("injected")) for e in initialize] == [True, False]  # refused, then accepted
    walk_and_pass(session)
    assert session.frame().is_hidden("#cb-launch-warning")
    exit_and_check(session, edition)


@pytest.mark.parametrize("edition", EDITIONS)
def test_an_lms_that_keeps_refusing_initialize_is_told_plainly(lms, packages, edition):
    session = lms.open(packages[edition], edition, initialize_failures=100)
    assert RELAUNCH in launcher_warning(session)
    assert "nothing you do here is recorded" in launcher_warning(session)
    assert not session.initialized


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_refused_interaction_id_drops_that_record_and_no_other(lms, packages, edition):
    """The id of the second interaction is refused once: its fields must not land in the slot
    (an interaction with an empty id), and the next interaction takes the slot."""
    session = lms.open(packages[edition], edition, refuse=[(r"cmi\.interactions\.1\.id", REFUSED[edition], 1)])
    walk_and_pass(session)
    session.frame("#cb-content").click("button.cb-exit")
    session.wait_for_terminate()
    stored = session.interactions("stored")
    assert [i["id"] for i in stored] == ["basics-check.dso-meaning", "basics-check.fdcpa-b2b"]
    for interaction in stored:
        assert interaction["result"] == "correct" and interaction["type"] in ("choice", "true-false")
    session.assert_clean()


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_refused_suspend_data_is_sent_again(lms, packages, edition):
    """suspend_data refused twice: the latest state still reaches the LMS, so a relaunch shows
    the quiz passed."""
    session = lms.open(packages[edition], edition, refuse=[(r"cmi\.suspend_data", REFUSED[edition], 2)])
    walk_and_pass(session)
    session.frame("#cb-content").click("button.cb-exit")
    session.wait_for_terminate()
    assert len(session.injected()) == 2
    assert stored_state(session, edition) == session.set_values()["cmi.suspend_data"]
    session.assert_clean()
    again = lms.open(packages[edition], edition, state=session.resume_state())
    again.frame().click("#cb-resume-continue")
    quiz = again.frame("#cb-content").inner_text(QUIZ)
    assert "Passed. You earned 3 of 3 points (100%)" in quiz


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("profile", ["strict", "slow-commit", "cornerstone", "sync-xhr"])
def test_an_answer_reaches_the_lms_before_the_tab_closes(lms, packages, edition, profile):
    """The learner ticks an answer and closes the tab half a second later. Also with a Commit that
    is a slow synchronous request, one that returns null during page unload, and an LMS where
    nothing can be saved once the page is going."""
    session = lms.open(packages[edition], edition, profile=profile)
    frame = to_the_quiz(session)
    session.wait_for("window.lmsCommits >= 1")
    frame.check(f"{QUIZ}--call-when--b")
    session.page.wait_for_timeout(500)
    session.close()
    again = lms.open(packages[edition], edition, state=session.resume_state(), profile=profile)
    again.frame().click("#cb-resume-continue")
    assert again.frame("#cb-content").is_checked(f"{QUIZ}--call-when--b")


# The API object stops working with an error that says nothing of a connection, and the LMS puts a
# new API object (onto the same data) in its place: the SCO must notice by the object.
REPLACE_API = """([api, ms]) => {
    const old = window[api], real = {};
    const methods = Object.getOwnPropertyNames(Object.getPrototypeOf(old)).concat(Object.keys(old))
        .filter(n => typeof old[n] === "function" && /^(LMS|Initialize|Terminate|GetValue|SetValue|Commit|GetLast|GetError|GetDiag)/.test(n));
    for (const name of methods) {
        real[name] = old[name].bind(old);
        old[name] = () => { throw new TypeError("Permission denied to access property"); };
    }
    delete window[api];
    setTimeout(() => {
        const fresh = {};
        for (const name of methods) fresh[name] = real[name];
        window[api] = fresh;
        window.apiReplaced = true;
    }, ms);
}"""


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_replaced_api_object_is_found_again(lms, packages, edition):
    names = NAMES[edition]
    session = lms.open(packages[edition], edition)
    session.wait_for("window.lmsCommits >= 1")
    session.page.evaluate(REPLACE_API, [names["api"], 1500])
    frame = walk_and_pass(session)
    session.wait_for("window.apiReplaced === true")
    frame.click("button.cb-exit")
    session.wait_for_terminate(timeout=20_000)
    session.assert_clean()
    assert_everything_recorded(session, edition)
