"""An LMS that stumbles: refused commits, refused values, an API that vanishes. Nothing is lost.

Faults are injected on the LMS page around scorm-again's API object, as a flaky LMS or network
would produce them; the strict checks still watch every call that reaches the LMS.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from harness.courses import build_fixture

QUIZ = "#quiz-basics-check"
EDITIONS = ["scorm12", "scorm2004"]
NAMES = {
    "scorm12": {"api": "API", "commit": "LMSCommit", "set": "LMSSetValue", "error": "LMSGetLastError",
                "terminate": "LMSFinish"},
    "scorm2004": {"api": "API_1484_11", "commit": "Commit", "set": "SetValue", "error": "GetLastError",
                  "terminate": "Terminate"},
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


def walk_and_pass(session):
    frame = session.frame("#cb-content")
    for title in ("First lesson", "Second lesson"):
        frame.click("a.md-footer__link--next")
        frame = session.frame("#cb-content")
        frame.wait_for_function("t => document.title.startsWith(t)", arg=title)
    for choice in ("dso-meaning--a", "call-when--a", "call-when--b", "fdcpa-b2b--f"):
        frame.check(f"{QUIZ}--{choice}")
    frame.click(f"{QUIZ} .cb-quiz__submit")
    return frame


def assert_everything_recorded(session, edition):
    stored = session.stored()["cmi"]
    if edition == "scorm12":
        assert (stored["core"]["lesson_status"], stored["core"]["score"]["raw"]) == ("passed", "100")
    else:
        assert (stored["completion_status"], stored["success_status"], stored["score"]["scaled"]) == \
               ("completed", "passed", "1")
        assert sorted(i["id"] for i in stored["interactions"].values()) == [
            "basics-check.call-when", "basics-check.dso-meaning", "basics-check.fdcpa-b2b"]
    sent = session.set_values()
    assert sent["cmi.suspend_data"].startswith("2~") and stored["suspend_data"] == sent["cmi.suspend_data"]
    ids = {v for k, v in sent.items() if k.endswith(".id") and k.startswith("cmi.interactions.") and "objectives" not in k}
    assert ids == {"basics-check.dso-meaning", "basics-check.call-when", "basics-check.fdcpa-b2b"}


@pytest.mark.parametrize("edition", EDITIONS)
def test_refused_commits_are_retried_and_the_learner_is_told(lms, packages, edition):
    names = NAMES[edition]
    session = lms.open(packages[edition], edition)
    session.wait_for("window.lmsCommits >= 1")
    session.page.evaluate(INJECT, [names["api"], names["commit"], names["error"], 4, 391 if edition == "scorm2004" else 101])
    walk_and_pass(session)
    launcher = session.frame()
    launcher.wait_for_selector("#cb-launch-warning:not([hidden])", timeout=10_000)
    assert "Keep this window open" in launcher.inner_text("#cb-launch-warning")
    launcher.wait_for_selector("#cb-launch-warning", state="hidden", timeout=15_000)   # accepted at last
    assert session.page.evaluate("window.injectedFailures") == 4
    session.frame("#cb-content").click("button.cb-exit")
    session.wait_for_terminate()
    session.assert_clean()
    assert_everything_recorded(session, edition)


@pytest.mark.parametrize("edition", EDITIONS)
def test_refused_values_are_sent_again(lms, packages, edition):
    names = NAMES[edition]
    session = lms.open(packages[edition], edition)
    session.wait_for("window.lmsCommits >= 1")
    session.page.evaluate(INJECT, [names["api"], names["set"], names["error"], 3, 351 if edition == "scorm2004" else 101])
    walk_and_pass(session)
    session.wait_for("window.injectedFailures === 3 && window.lmsCommits >= 2", timeout=15_000)
    session.frame("#cb-content").click("button.cb-exit")
    session.wait_for_terminate()
    session.assert_clean()
    assert_everything_recorded(session, edition)


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_api_vanishing_mid_session_loses_nothing(lms, packages, edition):
    names = NAMES[edition]
    session = lms.open(packages[edition], edition)
    session.wait_for("window.lmsCommits >= 1")
    session.page.evaluate(VANISH, [names["api"], 4000])
    frame = walk_and_pass(session)
    frame.click("button.cb-exit")      # the learner leaves while the LMS is away ...
    assert session.page.evaluate("window.apiGone") is True
    assert not session.terminated      # ... so the exit waits until the data is in
    session.wait_for_terminate(timeout=20_000)
    assert len(session.calls(names["terminate"])) == 1
    session.assert_clean()
    assert_everything_recorded(session, edition)
