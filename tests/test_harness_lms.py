"""The browser-test harness itself: real Chromium, the scorm-again test LMS, its strict checks,
the static server and the network log. Uses the hand-written SCO in tests/fixtures/fake_sco."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest
from harness import Lms, StaticServer, external_requests, make_sco_zip, read_launch, resume_state
from harness import fixtures as harness_fixtures
from harness.lms import LmsError
from playwright.sync_api import Error as PlaywrightError

FAKE_SCO = Path(__file__).resolve().parent / "fixtures" / "fake_sco"

EDITIONS = ["scorm12", "scorm2004"]


def fake_zip(tmp_path: Path, edition: str, launch: str = "index.html", **kwargs) -> Path:
    return make_sco_zip(
        FAKE_SCO, tmp_path / f"fake-{edition}-{Path(launch).stem}.zip", edition, launch=launch, **kwargs
    )


@pytest.mark.parametrize("edition", EDITIONS)
def test_fake_sco_runs_clean_in_both_editions(lms, tmp_path, edition):
    session = lms.open(fake_zip(tmp_path, edition, mastery_score=80))
    assert session.edition == edition  # read from the manifest
    session.wait_for_initialize()
    sco = session.frame()
    assert sco.inner_text("#edition") == edition
    assert sco.inner_text("#status") == "started: Tester, Pat"

    # The SCO's nested iframe finds the API two levels up.
    inner = session.frame("#inner")
    inner.click("#bookmark")
    assert inner.inner_text("#status") == "bookmarked page-2"
    assert [f.url.rsplit("/", 1)[-1] for f in session.frames()] == ["index.html", "inner.html"]

    sco.click("#finish")
    session.wait_for_terminate()
    session.assert_clean()
    assert session.commits() == 2

    init, terminate, set_value = (
        ("LMSInitialize", "LMSFinish", "LMSSetValue")
        if edition == "scorm12"
        else ("Initialize", "Terminate", "SetValue")
    )
    assert session.log()[0] == {"method": init, "args": [""], "result": "true", "error": "0"}
    assert len(session.calls(init)) == 1 and len(session.calls(terminate)) == 1
    assert all(entry["result"] == "true" for entry in session.calls(set_value))

    stored = session.stored()
    if edition == "scorm12":
        assert session.value("cmi.core.lesson_status") == "passed"
        assert session.value("cmi.core.score.raw") == "80"
        assert session.value("cmi.core.lesson_location") == "page-2"
        assert session.value("cmi.student_data.mastery_score") == "80"  # from the manifest
        assert session.value("cmi.interactions.0.id") == "q1"
        assert stored["cmi"]["core"]["lesson_status"] == "passed"
        assert stored["cmi"]["core"]["total_time"]  # the terminate commit adds total_time
    else:
        assert session.value("cmi.completion_status") == "completed"
        assert session.value("cmi.success_status") == "passed"
        assert session.value("cmi.score.scaled") == "0.8"
        assert session.value("cmi.location") == "page-2"
        assert session.value("cmi.scaled_passing_score") == "0.8"  # from the manifest
        assert session.value("cmi.interactions.0.id") == "urn:course-builder:fake:q1"
        assert stored["cmi"]["success_status"] == "passed"
        assert stored["cmi"]["total_time"].startswith("PT")


@pytest.mark.parametrize("edition", EDITIONS)
def test_strict_checks_catch_a_bad_sco(lms, tmp_path, edition):
    session = lms.open(fake_zip(tmp_path, edition, launch="bad.html"))
    session.wait_for_initialize()
    session.frame().click("#finish")
    session.wait_for_terminate()

    expected = {
        "multiple-initialize",
        "multiple-terminate",
        "call-after-terminate",
        "bad-identifier",
        "bad-session-time",
        "error-code",  # the second Initialize and Terminate at least
    }
    if edition == "scorm12":
        expected.add("suspend-data-too-long")
    assert session.rules() == expected
    with pytest.raises(AssertionError, match="multiple-initialize"):
        session.assert_clean()

    by_rule = {}
    for violation in session.violations():
        by_rule.setdefault(violation["rule"], []).append(violation)
    session_time = "cmi.core.session_time" if edition == "scorm12" else "cmi.session_time"
    assert by_rule["bad-session-time"][0]["args"][0] == session_time
    assert by_rule["bad-identifier"][0]["args"] == ["cmi.interactions.0.id", "question one"]
    assert by_rule["call-after-terminate"][0]["method"] in ("LMSSetValue", "SetValue")

    if edition == "scorm12":
        # scorm-again is lenient: 1.2 accepts the identifier and the session time, only the
        # harness objects; as Moodle, it refuses suspend data over 4096 characters (405) and a
        # SetValue after LMSFinish (301).
        assert [(e["result"], e["error"]) for e in session.calls("LMSSetValue")] == [
            ("true", "0"),
            ("true", "0"),
            ("false", "405"),
            ("false", "301"),
        ]
        assert session.calls("LMSSetValue")[2]["strict"] == "suspend-data-too-long"
        assert session.value("cmi.suspend_data") == ""
        assert len(by_rule["suspend-data-too-long"]) == 1


def test_allowed_error_codes_are_not_violations(lms, tmp_path):
    session = lms.open(fake_zip(tmp_path, "scorm2004"), allow_errors=["403"])
    session.wait_for_initialize()
    sco = session.frame()
    # A SCO probing an element that has no value yet: error 403, allowed here.
    assert sco.evaluate("sco.get('cmi.score.raw')") == ""
    assert session.calls("GetValue")[-1]["error"] == "403"
    assert session.violations() == []
    # Any other error still counts.
    assert sco.evaluate("sco.set('cmi.completion_status', 'done')") == "false"
    assert session.rules() == {"error-code"}


@pytest.mark.parametrize("edition", EDITIONS)
def test_resume_from_stored_state(lms, tmp_path, edition):
    package = fake_zip(tmp_path, edition)
    first = lms.open(package)
    first.wait_for_initialize()
    first.frame("#inner").click("#bookmark")
    first.frame().click("#suspend")
    first.wait_for_terminate()
    first.assert_clean()

    state = first.resume_state()
    prefix = "cmi.core." if edition == "scorm12" else "cmi."
    assert state[prefix + "entry"] == "resume"
    assert state["cmi.suspend_data"] == "v1;page=2"
    assert prefix + "session_time" not in state and prefix + "exit" not in state

    second = lms.open(package, state=state)
    second.wait_for_initialize()
    assert second.frame().inner_text("#status") == "resumed: Tester, Pat at page-2 with v1;page=2"
    assert second.value(prefix + "entry") == "resume"
    assert second.violations() == []


def test_state_can_be_preloaded_nested_or_flattened(lms, tmp_path):
    package = fake_zip(tmp_path, "scorm12")
    nested = lms.open(package, state={"cmi": {"core": {"student_name": "Doe, Jo", "score": {"raw": 0}}}})
    assert nested.frame().inner_text("#status") == "started: Doe, Jo"
    assert nested.value("cmi.core.score.raw") == "0"
    flat = lms.open(package, state={"cmi.core.student_name": "Roe, Al", "cmi.launch_data": "x=1"})
    assert flat.frame().inner_text("#status") == "started: Roe, Al"
    assert flat.value("cmi.launch_data") == "x=1"


def test_network_log_sees_every_request(lms, tmp_path, network_log):
    session = lms.open(fake_zip(tmp_path, "scorm12"))
    session.wait_for_initialize()
    session.frame("#inner")
    paths = {url.split("/", 3)[-1] for url in network_log}
    for expected in ("lms/scorm-again.js", "lms/lms.js", "style.css", "sco.js", "inner.html"):
        assert any(p.endswith(expected) for p in paths), (expected, network_log)
    assert any("lms/lms.html?edition=scorm12" in url for url in network_log)
    assert external_requests(network_log) == []


def test_network_log_flags_and_blocks_external_requests(page, static_server, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        '<!DOCTYPE html><html><head><link rel="icon" href="data:,">'
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto"></head>'
        '<body><img src="local.svg" alt=""><img src="http://cdn.example.com/pixel.png" alt="">'
        '<script src="https://unpkg.com/iframe-worker/shim"></script></body></html>',
        encoding="utf-8",
    )
    (site / "local.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    base = static_server(site)
    page.goto(base + "/index.html")
    page.wait_for_load_state("load")
    assert page.network_log is not None
    assert base + "/local.svg" in page.network_log
    assert sorted(external_requests(page.network_log)) == [
        "http://cdn.example.com/pixel.png",
        "https://fonts.googleapis.com/css?family=Roboto",
        "https://unpkg.com/iframe-worker/shim",
    ]


def test_static_server_mime_types(tmp_path):
    files = {
        "a.js": "text/javascript",
        "a.json": "application/json",
        "a.svg": "image/svg+xml",
        "a.woff2": "font/woff2",
        "a.html": "text/html",
        "a.css": "text/css",
    }
    for name in files:
        (tmp_path / name).write_bytes(b"x")
    with StaticServer(tmp_path) as server:
        assert server.base_url.startswith("http://127.0.0.1:")
        for name, mime in files.items():
            with urllib.request.urlopen(server.url(name)) as response:
                assert response.headers["Content-Type"].split(";")[0] == mime, name
        assert sorted(server.requests) == sorted("/" + name for name in files)


def test_read_launch_follows_the_manifest(tmp_path):
    (tmp_path / "imsmanifest.xml").write_text(
        """<?xml version="1.0"?>
<manifest identifier="m" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 3rd Edition</schemaversion></metadata>
  <organizations default="b">
    <organization identifier="a"><title>A</title>
      <item identifier="ia" identifierref="ra"><title>A</title></item></organization>
    <organization identifier="b"><title>B</title>
      <item identifier="parent"><title>Module</title>
        <item identifier="ib" identifierref="rb" parameters="?start=2"><title>B1</title>
          <adlcp:dataFromLMS>hello</adlcp:dataFromLMS>
          <adlcp:completionThreshold minProgressMeasure="0.75"/></item></item></organization>
  </organizations>
  <resources xml:base="content/">
    <resource identifier="ra" type="webcontent" adlcp:scormType="sco" href="a.html"/>
    <resource identifier="rb" type="webcontent" adlcp:scormType="sco" xml:base="b/" href="b.html?x=1"/>
  </resources>
</manifest>""",
        encoding="utf-8",
    )
    launch = read_launch(tmp_path)
    assert launch.edition == "scorm2004"
    assert launch.href == "content/b/b.html?x=1&start=2"
    assert launch.scorm_type == "sco"
    assert launch.item_identifier == "ib"
    assert launch.cmi == {"cmi.launch_data": "hello", "cmi.completion_threshold": "0.75"}


def test_resume_state_keeps_only_what_an_lms_keeps():
    stored = {
        "cmi": {
            "suspend_data": "s",
            "launch_data": "",
            "core": {
                "lesson_status": "incomplete",
                "exit": "suspend",
                "session_time": "00:01:00",
                "total_time": "00:02:00",
                "score": {"raw": "", "min": "", "max": "100"},
            },
            "interactions": {"0": {"id": "q1", "student_response": "a"}},
        }
    }
    assert resume_state(stored, "scorm12") == {
        "cmi.suspend_data": "s",
        "cmi.core.lesson_status": "incomplete",
        "cmi.core.total_time": "00:02:00",
        "cmi.core.score.max": "100",
        "cmi.core.entry": "resume",
    }


def test_missing_browser_fails_under_ci_and_skips_locally(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="must not be skipped"):
        harness_fixtures.missing("Chromium not found")
    monkeypatch.setenv("CI", "")
    with pytest.raises(pytest.skip.Exception, match="Chromium not found"):
        harness_fixtures.missing("Chromium not found")


# --------------------------------------------------------------------------------------------
# A struggling LMS, attempt modes, interactions / objectives, call counts.
# tests/fixtures/fake_sco/resilient.html retries what fails and loses nothing; index.html does not.
# --------------------------------------------------------------------------------------------

NAMES = {
    "scorm12": {
        "init": "LMSInitialize",
        "terminate": "LMSFinish",
        "get": "LMSGetValue",
        "set": "LMSSetValue",
        "commit": "LMSCommit",
        "status": "cmi.core.lesson_status",
        "location": "cmi.core.lesson_location",
        "mode": "cmi.core.lesson_mode",
        "credit": "cmi.core.credit",
        "entry": "cmi.core.entry",
        "exit": "cmi.core.exit",
        "session_time": "cmi.core.session_time",
        "api": "API",
        "commit_error": "101",
        "commit_error_string": "General Exception",
        "set_error": "101",
        "set_error_string": "General Exception",
        "unset_status": "not attempted",
    },
    "scorm2004": {
        "init": "Initialize",
        "terminate": "Terminate",
        "get": "GetValue",
        "set": "SetValue",
        "commit": "Commit",
        "status": "cmi.completion_status",
        "location": "cmi.location",
        "mode": "cmi.mode",
        "credit": "cmi.credit",
        "entry": "cmi.entry",
        "exit": "cmi.exit",
        "session_time": "cmi.session_time",
        "api": "API_1484_11",
        "commit_error": "391",
        "commit_error_string": "General Commit Failure",
        "set_error": "351",
        "set_error_string": "General Set Failure",
        "unset_status": "unknown",
    },
}

#: What resilient.html records in normal mode, as LmsSession.interactions() / objectives() give it.
EXPECTED_INTERACTIONS = {
    "scorm12": [
        {
            "index": 0,
            "id": "q1",
            "type": "choice",
            "learner_response": "b",
            "correct_responses": ["b"],
            "result": "correct",
            "latency": "00:00:12",
            "timestamp": "10:15:00",
            "weighting": "1",
            "objectives": ["obj-basics"],
            "description": None,
        },
        {
            "index": 1,
            "id": "q2",
            "type": "fill-in",
            "learner_response": "green",
            "correct_responses": ["blue", "azure"],
            "result": "wrong",
            "latency": "00:00:30.5",
            "timestamp": "10:16:00",
            "weighting": "1",
            "objectives": ["obj-basics", "obj-extra"],
            "description": None,
        },
    ],
    "scorm2004": [
        {
            "index": 0,
            "id": "urn:course-builder:fake:q1",
            "type": "choice",
            "learner_response": "b",
            "correct_responses": ["b"],
            "result": "correct",
            "latency": "PT12S",
            "timestamp": "2026-01-02T10:15:00",
            "weighting": "1",
            "objectives": ["obj-basics"],
            "description": "Which letter comes second?",
        },
        {
            "index": 1,
            "id": "urn:course-builder:fake:q2",
            "type": "fill-in",
            "learner_response": "green",
            "correct_responses": ["blue", "{case_matters=true}azure"],
            "result": "incorrect",
            "latency": "PT30.5S",
            "timestamp": "2026-01-02T10:16:00",
            "weighting": "1",
            "objectives": ["obj-basics", "obj-extra"],
            "description": "Name the colour of the sky",
        },
    ],
}
EXPECTED_OBJECTIVES = {
    "scorm12": [
        {
            "index": 0,
            "id": "obj-basics",
            "score": {"raw": "50", "min": "0", "max": "100", "scaled": None},
            "status": "failed",
            "success_status": None,
            "completion_status": None,
            "progress_measure": None,
            "description": None,
        },
        # scorm-again's 1.2 model defaults score.max to "100".
        {
            "index": 1,
            "id": "obj-extra",
            "score": {"raw": "", "min": "", "max": "100", "scaled": None},
            "status": "incomplete",
            "success_status": None,
            "completion_status": None,
            "progress_measure": None,
            "description": None,
        },
    ],
    "scorm2004": [
        {
            "index": 0,
            "id": "obj-basics",
            "score": {"raw": "50", "min": "0", "max": "100", "scaled": "0.5"},
            "status": None,
            "success_status": "failed",
            "completion_status": "completed",
            "progress_measure": "1",
            "description": "The basics",
        },
        {
            "index": 1,
            "id": "obj-extra",
            "score": {"raw": "", "min": "", "max": "", "scaled": ""},
            "status": None,
            "success_status": "unknown",
            "completion_status": "incomplete",
            "progress_measure": "",
            "description": "",
        },
    ],
}
#: SetValue calls resilient.html makes in normal mode (its quiz data, then exit and session time).
RESILIENT_SETS = {"scorm12": 33 + 2, "scorm2004": 41 + 2}


def run_resilient(lms, tmp_path, edition, timeout=20_000, **options):
    """Launch resilient.html and wait until it has finished (it terminates by itself)."""
    session = lms.open(fake_zip(tmp_path, edition, launch="resilient.html"), **options)
    session.frame().wait_for_function("window.done === true", timeout=timeout)
    session.wait_for_terminate()
    return session, session.frame().evaluate("window.trace")


def step(trace, label):
    return next(s for s in trace if s["label"] == label)


def assert_everything_stored(session, edition):
    """The whole quiz is in what the LMS persisted, not only in its memory."""
    names = NAMES[edition]
    stored = resume_state(session.stored(), edition)
    assert stored[names["location"]] == "page-3"
    assert stored["cmi.suspend_data"] == "v2;q1=b;q2=green"
    assert stored[names["status"]] in ("failed", "completed")
    assert session.objectives("stored") == EXPECTED_OBJECTIVES[edition]
    assert session.interactions("stored") == EXPECTED_INTERACTIONS[edition]


@pytest.mark.parametrize("edition", EDITIONS)
def test_resilient_sco_on_a_healthy_lms_interactions_objectives_and_counts(lms, tmp_path, edition):
    names = NAMES[edition]
    session, trace = run_resilient(lms, tmp_path, edition)
    session.assert_clean()
    assert session.injected() == []
    assert all(s["tries"] == 1 and not s.get("gaveUp") for s in trace), trace
    assert session.frame().inner_text("#status") == "recorded"

    # Edition-agnostic keys, raw values, index order; the model, the persisted data and the
    # replayed SetValue log agree (1.2 interactions are write-only to the SCO, not to the LMS).
    assert session.interactions() == EXPECTED_INTERACTIONS[edition]
    assert session.interactions("stored") == EXPECTED_INTERACTIONS[edition]
    assert session.interactions("log") == EXPECTED_INTERACTIONS[edition]
    assert session.objectives() == EXPECTED_OBJECTIVES[edition]
    assert_everything_stored(session, edition)

    counts = session.call_counts()
    assert counts == {
        names["init"]: 1,
        names["get"]: 3,
        names["set"]: RESILIENT_SETS[edition],
        names["commit"]: 1,
        names["terminate"]: 1,
    }
    assert counts["GetDiagnostic"] == 0  # a Counter: methods never called count 0
    assert sum(counts.values()) == len(session.log())
    assert session.call_counts(roles=True) == {
        "initialize": 1,
        "get": 3,
        "set": RESILIENT_SETS[edition],
        "commit": 1,
        "terminate": 1,
    }


@pytest.mark.parametrize("edition", EDITIONS)
def test_commit_failures_are_logged_as_injected_not_violations(lms, tmp_path, edition):
    names = NAMES[edition]
    session, trace = run_resilient(lms, tmp_path, edition, commit_failures=2)
    assert "commitFailures=2" in session.url

    # The SCO saw two refusals with the right error, then success.
    commit = step(trace, "commit")
    assert commit["tries"] == 3
    assert commit["errors"] == [f"{names['commit_error']} {names['commit_error_string']}"] * 2

    injected = session.injected()
    assert [(e["method"], e["result"], e["error"], e["fault"]) for e in injected] == [
        (names["commit"], "false", names["commit_error"], "commit-failure")
    ] * 2
    assert all(e["injected"] is True for e in injected)
    assert session.violations() == []
    session.assert_clean()
    assert session.commits() == 1  # only the accepted one
    assert session.faults()["commitFailuresLeft"] == 0
    assert session.call_counts()[names["commit"]] == 3
    assert session.call_counts(include_injected=False)[names["commit"]] == 1
    assert_everything_stored(session, edition)


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_failed_commit_stores_nothing(lms, tmp_path, edition):
    """index.html commits once at start and does not retry: with that commit refused, the data is
    in the LMS's memory but was never persisted; the next accepted commit persists everything."""
    names = NAMES[edition]
    session = lms.open(fake_zip(tmp_path, edition), commit_failures=1)
    session.wait_for_call(names["commit"])
    assert session.value("cmi.suspend_data") == "v1;page=1"  # set, in memory ...
    assert session.stored() is None  # ... but not persisted
    assert session.commits() == 0
    assert [e["fault"] for e in session.injected()] == ["commit-failure"]

    session.frame().click("#finish")
    session.wait_for_terminate()
    session.assert_clean()
    assert session.commits() == 1
    assert resume_state(session.stored(), edition)["cmi.suspend_data"] == "v1;page=1"


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_refused_value_is_not_kept(lms, tmp_path, edition):
    """index.html's first SetValue (the status) is refused; it does not retry, so the LMS never has it."""
    names = NAMES[edition]
    session = lms.open(fake_zip(tmp_path, edition), setvalue_failures=1)
    session.wait_for_call(names["commit"])
    [refused] = session.injected()
    assert refused == {
        "method": names["set"],
        "args": [names["status"], "incomplete"],
        "result": "false",
        "error": names["set_error"],
        "injected": True,
        "fault": "setvalue-failure",
    }
    assert session.value(names["status"]) == names["unset_status"]
    assert resume_state(session.stored(), edition).get(names["status"]) in (None, names["unset_status"])
    assert names["status"] not in session.accepted_values()
    assert session.set_values()[names["status"]] == "incomplete"  # what the SCO tried
    assert session.value(names["location"]) == "page-1"  # later values arrive
    assert session.violations() == []


@pytest.mark.parametrize("edition", EDITIONS)
def test_setvalue_failures_retried_by_the_sco_lose_nothing(lms, tmp_path, edition):
    names = NAMES[edition]
    session, trace = run_resilient(lms, tmp_path, edition, setvalue_failures=3)
    # The first three SetValue calls are the location and its two retries.
    [refused] = [s for s in trace if s["errors"]]
    assert (refused["label"], refused["tries"]) == (f"set {names['location']}", 4)
    assert refused["errors"] == [f"{names['set_error']} {names['set_error_string']}"] * 3
    assert [(e["args"][0], e["fault"]) for e in session.injected()] == [(names["location"], "setvalue-failure")] * 3
    assert session.faults()["setValueFailuresLeft"] == 0
    session.assert_clean()
    assert_everything_stored(session, edition)


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_api_vanishes_after_n_calls_and_returns_with_its_data(lms, tmp_path, edition):
    names = NAMES[edition]
    package = fake_zip(tmp_path, edition, launch="resilient.html")
    # Initialize, 3 GetValue, 2 SetValue (location, suspend data), then the LMS is gone for 1.5 s.
    # (That window.API really goes is checked deterministically in test_vanish_and_restore_on_demand.)
    session = lms.open(package, vanish_after=6, return_after_ms=1500)
    assert "vanishAfter=6" in session.url and "returnAfterMs=1500" in session.url
    session.frame().wait_for_function("window.done === true", timeout=20_000)
    session.wait_for_terminate()
    trace = session.frame().evaluate("window.trace")
    stalled = step(trace, "set cmi.interactions.0.id")  # the 7th call: thrown until the API returned
    assert stalled["tries"] > 1 and set(stalled["errors"]) == {"LMS connection lost"}

    injected = session.injected()
    assert len(injected) == stalled["tries"] - 1
    assert {(e["method"], e["fault"], e["exception"], e["result"], e["error"]) for e in injected} == {
        (names["set"], "vanished", "Error: LMS connection lost", None, None)
    }
    vanish, restore = session.faults()["events"]
    assert (vanish["event"], vanish["reason"], vanish["successfulCalls"]) == ("vanish", "after 6 successful calls", 6)
    assert (restore["event"], restore["reason"]) == ("restore", "after 1500 ms")
    assert restore["time"] - vanish["time"] >= 1500 - 20  # timer and clock granularity
    assert not session.vanished
    session.assert_clean()
    assert len(session.calls(names["init"])) == 1 and len(session.calls(names["terminate"])) == 1
    assert_everything_stored(session, edition)  # location and suspend data were set before it went


@pytest.mark.parametrize("edition", EDITIONS)
def test_vanish_and_restore_on_demand(lms, tmp_path, edition):
    names = NAMES[edition]
    session = lms.open(fake_zip(tmp_path, edition))
    session.wait_for_call(names["commit"])
    sco = session.frame()
    session.vanish()
    assert session.vanished
    assert sco.evaluate(f"'{names['api']}' in window.parent") is False
    with pytest.raises(PlaywrightError, match="LMS connection lost"):
        sco.evaluate(f"sco.get('{names['location']}')")  # the SCO's kept reference throws
    assert session.injected()[-1]["fault"] == "vanished"
    assert session.injected()[-1]["args"] == [names["location"]]

    session.restore()
    assert sco.evaluate(f"window.parent.{names['api']} === window.parent.lmsApi") is True
    assert sco.evaluate(f"sco.get('{names['location']}')") == "page-1"  # data set before is kept

    session.vanish(return_after_ms=600)
    assert session.vanished
    session.wait_for("!window.lmsVanished")
    assert [(e["event"], e["reason"]) for e in session.faults()["events"]] == [
        ("vanish", "on demand"),
        ("restore", "on demand"),
        ("vanish", "on demand"),
        ("restore", "after 600 ms"),
    ]
    sco.click("#finish")
    session.wait_for_terminate()
    session.assert_clean()


@pytest.mark.parametrize("edition", EDITIONS)
def test_vanish_after_zero_means_no_api_at_launch(lms, tmp_path, edition):
    names = NAMES[edition]
    session = lms.open(fake_zip(tmp_path, edition, launch="resilient.html"), vanish_after=0)
    sco = session.frame()
    sco.wait_for_function("window.trace.length && window.trace[0].tries >= 2")  # it looked, twice
    assert sco.evaluate(f"'{names['api']}' in window.parent") is False
    session.restore()  # the LMS injects its API late
    sco.wait_for_function("window.done === true", timeout=20_000)
    initialize = step(sco.evaluate("window.trace"), "initialize")
    assert initialize["tries"] > 1 and set(initialize["errors"]) == {"no LMS API found"}
    assert session.injected() == []  # no call reached the LMS while it was away
    assert [(e["event"], e["reason"]) for e in session.faults()["events"]] == [
        ("vanish", "at launch"),
        ("restore", "on demand"),
    ]
    session.assert_clean()
    assert_everything_stored(session, edition)


@pytest.mark.parametrize("edition", EDITIONS)
def test_all_faults_at_once_lose_nothing(lms, tmp_path, edition):
    session, trace = run_resilient(
        lms, tmp_path, edition, commit_failures=2, setvalue_failures=2, vanish_after=12, return_after_ms=300
    )
    assert {e["fault"] for e in session.injected()} == {"commit-failure", "setvalue-failure", "vanished"}
    assert not any(s.get("gaveUp") for s in trace)
    session.assert_clean()
    assert_everything_stored(session, edition)
    assert session.interactions() == EXPECTED_INTERACTIONS[edition]


def test_injection_spares_the_scos_own_mistakes(lms, tmp_path):
    """Refusals are injected only into a live session: a Commit after Terminate still reaches
    scorm-again and is the SCO's violation, and does not use up an injected failure."""
    session = lms.open(fake_zip(tmp_path, "scorm2004"), commit_failures=5)
    sco = session.frame()
    sco.click("#finish")
    session.wait_for_terminate()
    assert session.faults()["commitFailuresLeft"] == 3  # the two commits of the session
    assert sco.evaluate("sco.commit()") == "false"
    assert session.calls("Commit")[-1]["error"] == "143"  # Commit After Termination
    assert "injected" not in session.calls("Commit")[-1]
    assert session.faults()["commitFailuresLeft"] == 3
    assert session.rules() == {"call-after-terminate", "error-code"}


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("mode", ["review", "browse"])
def test_review_and_browse_modes_are_launched_and_a_careful_sco_passes(lms, tmp_path, edition, mode):
    names = NAMES[edition]
    session, trace = run_resilient(lms, tmp_path, edition, mode=mode, credit="no-credit", entry="resume")
    for query in (f"mode={mode}", "credit=no-credit", "entry=resume"):
        assert query in session.url
    assert session.mode == mode
    assert session.frame().evaluate("window.seen") == {"mode": mode, "credit": "no-credit", "entry": "resume"}
    assert (session.value(names["mode"]), session.value(names["credit"]), session.value(names["entry"])) == (
        mode,
        "no-credit",
        "resume",
    )
    # It only said how it left and for how long: nothing else was written.
    assert [e["args"][0] for e in session.calls(names["set"])] == [names["exit"], names["session_time"]]
    session.assert_clean()


@pytest.mark.parametrize("edition", EDITIONS)
def test_writes_in_review_mode_are_violations(lms, tmp_path, edition):
    names = NAMES[edition]
    session = lms.open(fake_zip(tmp_path, edition), mode="review")
    session.wait_for_call(names["commit"])
    # index.html ignores the mode: status, location and suspend data at start.
    assert [v["args"][0] for v in session.violations()] == [names["status"], names["location"], "cmi.suspend_data"]
    assert session.rules() == {"write-in-review"}
    session.frame().click("#suspend")  # suspend data again; exit and session time are allowed
    session.wait_for_terminate()
    assert [v["args"][0] for v in session.violations()][3:] == ["cmi.suspend_data"]
    with pytest.raises(AssertionError, match="write-in-review: the attempt was launched in review mode"):
        session.assert_clean()


@pytest.mark.parametrize("edition", EDITIONS)
def test_review_mode_from_the_state_is_checked_and_mode_overrides_it(lms, tmp_path, edition):
    names = NAMES[edition]
    package = fake_zip(tmp_path, edition)
    browsing = lms.open(package, state={names["mode"]: "browse"})
    browsing.wait_for_call(names["commit"])
    assert browsing.mode == "browse"
    assert browsing.rules() == {"write-in-review"}

    normal = lms.open(package, state={names["mode"]: "browse"}, mode="normal")
    normal.wait_for_call(names["commit"])
    assert normal.mode == "normal" and normal.value(names["mode"]) == "normal"
    assert normal.violations() == []


@pytest.mark.parametrize("edition", EDITIONS)
def test_entry_and_credit_override_the_state(lms, tmp_path, edition):
    names = NAMES[edition]
    package = fake_zip(tmp_path, edition)
    saved = {names["entry"]: "resume", names["location"]: "page-2", "cmi.suspend_data": "v1;page=2"}

    resumed = lms.open(package, state=saved)
    assert resumed.frame().inner_text("#status").startswith("resumed:")
    assert resumed.value(names["credit"]) == "credit" and resumed.mode == "normal"  # the defaults

    for entry in ("ab-initio", ""):
        fresh = lms.open(package, state=saved, entry=entry, credit="no-credit")
        assert fresh.frame().inner_text("#status") == "started: Tester, Pat"
        assert fresh.value(names["entry"]) == entry
        assert fresh.value(names["credit"]) == "no-credit"
        assert fresh.frame().evaluate(f"sco.get('{names['credit']}')") == "no-credit"
        assert fresh.violations() == []


def test_bad_attempt_and_fault_options_are_refused(tmp_path, scorm_again):
    lms = Lms(page=None, server=None, root=tmp_path / "root", dist=scorm_again)  # refused before any browser use
    package = fake_zip(tmp_path, "scorm12")
    for options, message in [
        ({"mode": "preview"}, "mode must be one of"),
        ({"credit": "yes"}, "credit must be one of"),
        ({"entry": "resumed"}, "entry must be one of"),
        ({"commit_failures": -1}, "commit_failures must be a non-negative int"),
        ({"setvalue_failures": "2"}, "setvalue_failures must be a non-negative int"),
        ({"return_after_ms": 100}, "return_after_ms needs vanish_after"),
    ]:
        with pytest.raises(ValueError, match=message):
            lms.open(package, **options)


def test_bad_query_parameters_stop_the_lms_page(lms, tmp_path):
    session = lms.open(fake_zip(tmp_path, "scorm2004"), mode="review")
    for good, bad, message in [
        ("mode=review", "mode=preview", '?mode= must be one of ["normal","review","browse"], not "preview"'),
        ("mode=review", "mode=review&credit=yes", '?credit= must be one of ["credit","no-credit"]'),
        ("mode=review", "mode=review&commitFailures=x", "?commitFailures= must be a non-negative integer"),
        ("mode=review", "mode=review&returnAfterMs=5", "?returnAfterMs= needs ?vanishAfter="),
    ]:
        session.page.goto(session.url.replace(good, bad))
        session.page.wait_for_function("window.lmsReady || window.lmsError")
        assert session.page.evaluate("window.lmsReady") is False
        assert message in session.page.evaluate("window.lmsError")


def test_scorm12_interactions_are_write_only_to_the_sco_but_held_by_the_lms(lms, tmp_path):
    session = lms.open(fake_zip(tmp_path, "scorm12"), allow_errors=["404"])
    session.wait_for_initialize()
    sco = session.frame()
    for element, value in [
        ("cmi.interactions.0.id", "q9"),
        ("cmi.interactions.0.type", "true-false"),
        ("cmi.interactions.0.student_response", "t"),
        ("cmi.interactions.0.result", "correct"),
    ]:
        assert sco.evaluate(f"sco.set('{element}', '{value}')") == "true"
    assert sco.evaluate("sco.get('cmi.interactions.0.id')") == ""  # write-only: "" ...
    assert sco.evaluate("sco.lastError()") == "404"  # ... and 404
    assert sco.evaluate("sco.get('cmi.interactions._count')") == "1"
    [interaction] = session.interactions()
    assert (interaction["id"], interaction["type"], interaction["learner_response"], interaction["result"]) == (
        "q9",
        "true-false",
        "t",
        "correct",
    )
    assert session.interactions("log") == [interaction]
    assert session.violations() == []


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_refused_value_leaves_an_empty_entry_in_scorm_agains_model(lms, tmp_path, edition):
    """scorm-again creates the collection entry before it validates the value: a refused SetValue
    leaves an entry with an empty id in the model (and in what it commits). "log" does not."""
    session = lms.open(fake_zip(tmp_path, edition))
    session.wait_for_initialize()
    sco = session.frame()
    if edition == "scorm12":
        assert sco.evaluate("sco.set('cmi.interactions.0.result', 'bogus')") == "false"  # 405
        assert sco.evaluate("sco.set('cmi.interactions.1.id', 'q2')") == "true"  # lands at 1
        assert [(i["index"], i["id"]) for i in session.interactions()] == [(0, ""), (1, "q2")]
        assert [(i["index"], i["id"]) for i in session.interactions("log")] == [(1, "q2")]
    else:
        assert sco.evaluate("sco.set('cmi.objectives.0.id', 'obj-a')") == "true"
        assert sco.evaluate("sco.set('cmi.objectives.1.id', 'obj-a')") == "false"  # 351: not unique
        assert [(o["index"], o["id"], o["success_status"]) for o in session.objectives()] == [
            (0, "obj-a", "unknown"),
            (1, "", "unknown"),
        ]
        assert [o["id"] for o in session.objectives("log")] == ["obj-a"]
    assert session.rules() == {"error-code"}


# --------------------------------------------------------------------------------------------
# Strict refusals: what a real LMS (Moodle 4.5.6) refuses, the test LMS refuses too.
# --------------------------------------------------------------------------------------------


def test_read_launch_seeds_objectives_and_the_passing_score_as_moodle(tmp_path):
    # Every objective in turn; one without minNormalizedMeasure counts as 1, the last one wins;
    # only objectives with an objectiveID get a slot.
    package = fake_zip(tmp_path, "scorm2004", objectives=[("course", 0.8), ("measure", None), (None, 0.6)])
    assert read_launch(package).cmi == {
        "cmi.objectives.0.id": "course",
        "cmi.objectives.1.id": "measure",
        "cmi.scaled_passing_score": "0.6",
    }
    last_has_none = make_sco_zip(
        FAKE_SCO, tmp_path / "b.zip", "scorm2004", objectives=[("course", 0.8), ("call", None)]
    )
    assert read_launch(last_has_none).cmi["cmi.scaled_passing_score"] == "1"
    assert "cmi.scaled_passing_score" not in read_launch(fake_zip(tmp_path, "scorm12", mastery_score=80)).cmi


def test_objectives_come_from_the_manifest_and_their_ids_cannot_change(lms, tmp_path):
    package = fake_zip(tmp_path, "scorm2004", objectives=[("course", 0.8), ("measure", None)])
    # The manifest's ids go over a stored record's, as Moodle sets them at every attempt's start.
    session = lms.open(package, state={"cmi.objectives.0.id": "old", "cmi.objectives.0.success_status": "passed"})
    session.wait_for_initialize()
    sco = session.frame()
    assert sco.evaluate("sco.get('cmi.objectives._count')") == "2"
    assert sco.evaluate("[0, 1].map(n => sco.get('cmi.objectives.' + n + '.id'))") == ["course", "measure"]
    assert sco.evaluate("sco.get('cmi.scaled_passing_score')") == "1"  # "measure" has none: 1 wins
    assert session.violations() == []

    assert sco.evaluate("sco.set('cmi.objectives.1.id', 'measure')") == "true"  # the same id: fine
    assert sco.evaluate("sco.set('cmi.objectives.1.success_status', 'passed')") == "true"
    assert sco.evaluate("sco.set('cmi.objectives.0.id', 'measure-2')") == "false"
    assert sco.evaluate("sco.lastError()") == "351"
    assert sco.evaluate("sco.set('cmi.objectives.2.id', 'call')") == "true"  # a new slot
    assert [o["id"] for o in session.objectives()] == ["course", "measure", "call"]
    [refused] = session.violations()
    assert (refused["rule"], refused["args"]) == ("objective-id-changed", ["cmi.objectives.0.id", "measure-2"])
    assert "already" not in refused["message"] and '"course"' in refused["message"]
    assert [e["args"][0] for e in session.calls("SetValue") if e.get("strict")] == ["cmi.objectives.0.id"]
    assert session.rules() == {"objective-id-changed"}  # not also "error-code"


#: (interaction type, element under cmi.interactions.0., value, refused?) as Moodle's scorm_13.js judges.
SHORT_IDENTIFIER_CASES = [
    ("choice", "learner_response", "accounts_payable[,]dso.meaning", False),
    ("choice", "learner_response", "accounts-payable", True),
    ("choice", "learner_response", "a[,]b c", True),
    ("choice", "correct_responses.0.pattern", "call-when--a", True),
    ("sequencing", "learner_response", "step_1[,]step-2", True),
    ("sequencing", "correct_responses.0.pattern", "step_1[,]step_2", False),
    ("matching", "learner_response", "term_1[.]def_1[,]term_2[.]def_2", False),
    ("matching", "learner_response", "term_1[.]def-1", True),
    ("matching", "correct_responses.0.pattern", "term-1[.]def_1", True),
    ("matching", "learner_response", "term_1", True),  # not a pair
    ("likert", "learner_response", "strongly_agree", False),
    ("likert", "learner_response", "strongly-agree", True),
    ("performance", "learner_response", "step_1[.]42[,]step_2[.]done", False),
    ("performance", "learner_response", "step-1[.]42", True),
    ("performance", "correct_responses.0.pattern", "{order_matters=false}step_1[.]42", False),
    # Not identifier types. (The ids urn:cb:q-N are long identifiers: '-' is fine there.)
    ("fill-in", "learner_response", "accounts-payable", False),
    ("other", "learner_response", "any-thing at all", False),
]


def test_short_identifiers_in_responses_are_refused_as_moodle_refuses_them(lms, tmp_path):
    session = lms.open(fake_zip(tmp_path, "scorm2004"))
    session.wait_for_initialize()
    sco = session.frame()
    for index, (kind, element, value, refused) in enumerate(SHORT_IDENTIFIER_CASES):
        prefix = f"cmi.interactions.{index}."
        assert sco.evaluate("a => sco.set(a[0], a[1])", [prefix + "id", f"urn:cb:q-{index}"]) == "true"
        assert sco.evaluate("a => sco.set(a[0], a[1])", [prefix + "type", kind]) == "true"
        result = sco.evaluate("a => [sco.set(a[0], a[1]), sco.lastError()]", [prefix + element, value])
        assert result == (["false", "406"] if refused else ["true", "0"]), (kind, element, value)
    rules = [v["args"][1] for v in session.violations() if v["rule"] == "short-identifier"]
    assert rules == [value for _, _, value, refused in SHORT_IDENTIFIER_CASES if refused]
    assert session.rules() == {"short-identifier"}
    refused = next(e for e in session.calls("SetValue") if e.get("strict"))
    assert refused["error"] == "406" and "accounts-payable" in session.violations()[0]["message"]
    assert session.interactions()[1]["learner_response"] == ""  # the refused value was not kept


def test_scorm12_suspend_data_over_4096_characters_is_refused(lms, tmp_path):
    session = lms.open(fake_zip(tmp_path, "scorm12"))
    session.wait_for_call("LMSCommit")
    sco = session.frame()
    assert sco.evaluate("sco.set('cmi.suspend_data', 'x'.repeat(4096))") == "true"
    assert sco.evaluate("[sco.set('cmi.suspend_data', 'y'.repeat(4097)), sco.lastError()]") == ["false", "405"]
    assert session.value("cmi.suspend_data") == "x" * 4096  # the refused value is not kept
    [violation] = session.violations()
    assert violation["rule"] == "suspend-data-too-long" and "got 4097" in violation["message"]
    # 2004 holds 64,000 characters.
    other = lms.open(fake_zip(tmp_path, "scorm2004"))
    assert other.frame().evaluate("sco.set('cmi.suspend_data', 'x'.repeat(5000))") == "true"
    assert other.violations() == []


@pytest.mark.parametrize("edition", EDITIONS)
def test_initialize_after_terminate_is_refused_and_reported_once(lms, tmp_path, edition):
    names = NAMES[edition]
    session = lms.open(fake_zip(tmp_path, edition))
    sco = session.frame()
    sco.click("#finish")
    session.wait_for_terminate()
    refused_with = "104" if edition == "scorm2004" else "101"
    assert sco.evaluate("[sco.initialize(), sco.lastError()]") == ["false", refused_with]
    assert session.rules() == {"initialize-after-terminate"}  # not also multiple-initialize / error-code
    assert "refused it with error " + refused_with in session.violations()[0]["message"]
    with pytest.raises(AssertionError, match="initialize-after-terminate"):
        session.assert_clean()
    session.assert_clean(allow=["initialize-after-terminate"])
    assert session.sessions == 1 and session.calls(names["init"])[-1]["result"] == "false"


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_reloaded_sco_frame_cannot_initialize_again(lms, tmp_path, edition):
    names = NAMES[edition]
    session = lms.open(fake_zip(tmp_path, edition))
    session.frame().click("#finish")
    session.wait_for_terminate()
    session.reload_sco()  # the learner presses F5 in the course
    second = session.calls(names["init"])[-1]
    assert (len(session.calls(names["init"])), second["result"]) == (2, "false")
    assert second["error"] == ("104" if edition == "scorm2004" else "101")
    assert "initialize-after-terminate" in session.rules()
    assert session.sessions == 1 and session.terminated


def test_moodle_scorm12_starts_a_new_session_on_the_launch_data_after_lmsfinish(lms, tmp_path):
    """scorm_12.js: LMSFinish sets Initialized = false, and LMSInitialize reloads the data model
    from what the player page was given, not from what the SCO set since."""
    session = lms.open(fake_zip(tmp_path, "scorm12"), profile="moodle")
    assert "reinitialize=1" in session.url and "profile=moodle" in session.url
    session.frame("#inner").click("#bookmark")
    session.frame().click("#suspend")  # suspend data v1;page=2, exit suspend
    session.wait_for_terminate()
    session.reload_sco()
    # The fresh page saw the launch data (entry ab-initio, no suspend data), not its own suspend.
    assert session.frame().inner_text("#status") == "started: Tester, Pat"
    assert session.sessions == 2 and not session.terminated
    session.frame().click("#finish")
    session.wait_for_terminate()
    session.assert_clean(allow=["initialize-after-terminate"])
    assert "started a new session" in session.violations()[0]["message"]
    moodle_2004 = lms.open(fake_zip(tmp_path, "scorm2004"), profile="moodle")
    assert "reinitialize" not in moodle_2004.url  # 2004: Moodle refuses (104)


# --------------------------------------------------------------------------------------------
# More faults and LMS behaviours: refused initializations and values, Commit answering null
# while the page unloads, a slow Commit, closing the tab, and the LMS's records of a course.
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("edition", EDITIONS)
def test_initialize_failures_are_injected_and_a_retrying_sco_gets_in(lms, tmp_path, edition):
    names = NAMES[edition]
    session, trace = run_resilient(lms, tmp_path, edition, initialize_failures=2)
    assert "initializeFailures=2" in session.url
    code, text = ("102", "General Initialization Failure") if edition == "scorm2004" else ("101", "General Exception")
    initialize = step(trace, "initialize")
    assert (initialize["tries"], initialize["errors"]) == (3, [f"{code} {text}"] * 2)
    assert [(e["method"], e["result"], e["error"], e["fault"]) for e in session.injected()] == [
        (names["init"], "false", code, "initialize-failure")
    ] * 2
    assert session.faults()["initializeFailuresLeft"] == 0
    session.assert_clean()  # retrying a refused Initialize is not a second Initialize
    assert_everything_stored(session, edition)


@pytest.mark.parametrize("edition", EDITIONS)
def test_refuse_rules_refuse_matching_elements_a_number_of_times(lms, tmp_path, edition):
    code = 351 if edition == "scorm2004" else 101
    session, trace = run_resilient(lms, tmp_path, edition, refuse=[(r"cmi\.interactions\.\d+\.result", code, 3)])
    refused = session.injected()
    assert [(e["args"][0], e["error"], e["fault"]) for e in refused] == [
        ("cmi.interactions.0.result", str(code), "refused")
    ] * 3  # all three on the first one
    assert step(trace, "set cmi.interactions.0.result")["tries"] == 4
    assert session.faults()["refusals"] == [
        {"element": r"cmi\.interactions\.\d+\.result", "code": code, "count": 3, "left": 0, "refused": 3}
    ]
    session.assert_clean()
    assert_everything_stored(session, edition)


def test_a_refuse_rule_without_count_refuses_always(lms, tmp_path):
    session = lms.open(fake_zip(tmp_path, "scorm2004"), refuse={r"cmi\.suspend_data|cmi\.location": 405})
    assert "refuse=405%3Acmi" in session.url
    session.wait_for_call("Commit")
    assert [e["args"][0] for e in session.injected()] == ["cmi.location", "cmi.suspend_data"]
    session.frame().click("#suspend")
    session.wait_for_terminate()
    assert [e["args"][0] for e in session.injected()][2:] == ["cmi.suspend_data"]
    assert all(e["error"] == "405" for e in session.injected())
    assert "suspend_data" not in session.stored()["cmi"] or session.stored()["cmi"]["suspend_data"] == ""
    session.assert_clean()


def test_bad_refuse_options_are_refused(tmp_path, scorm_again):
    lms = Lms(page=None, server=None, root=tmp_path / "root", dist=scorm_again)
    package = fake_zip(tmp_path, "scorm12")
    for refuse, message in [
        ([("cmi.suspend_data",)], r"refuse rules are \(regex, code\)"),
        ({"": 405}, "non-empty regex"),
        ({"cmi.suspend_data": "405"}, "SCORM error number"),
        ([("cmi.suspend_data", 405, 0)], "positive int or None"),
    ]:
        with pytest.raises(ValueError, match=message):
            lms.open(package, refuse=refuse)
    for options, message in [
        ({"profile": "blackboard"}, "profile must be one of"),
        ({"initialize_failures": -1}, "initialize_failures must be"),
        ({"commit_delay_ms": 1.5}, "commit_delay_ms must be"),
    ]:
        with pytest.raises(ValueError, match=message):
            lms.open(package, **options)


def test_a_bad_refuse_parameter_stops_the_lms_page(lms, tmp_path):
    session = lms.open(fake_zip(tmp_path, "scorm12"))
    for bad, message in [
        ("refuse=cmi.suspend_data", "?refuse= must be CODE[xCOUNT]:REGEX"),
        ("refuse=405:cmi.(", "Invalid regular expression"),
    ]:
        session.page.goto(session.url + "&" + bad)
        session.page.wait_for_function("window.lmsReady || window.lmsError")
        assert message in session.page.evaluate("window.lmsError")


# A SCO that saves on its way out, as real ones do: set, Commit, Terminate in pagehide; what it
# got back goes to the LMS page (which outlives a reload of the SCO frame).
SAVE_ON_PAGEHIDE = """() => window.addEventListener("pagehide", () => {
    sco.set("cmi.suspend_data", "saved on the way out");
    const committed = sco.commit();
    window.parent.unloadResults = [committed === null ? null : String(committed), String(sco.terminate())];
})"""


@pytest.mark.parametrize("edition", EDITIONS)
def test_commit_returns_null_while_the_sco_unloads(lms, tmp_path, edition):
    names = NAMES[edition]
    session = lms.open(fake_zip(tmp_path, edition), commit_returns_null_on_unload=True)
    assert "commitNullOnUnload=1" in session.url
    session.wait_for_call(names["commit"])
    assert session.commits() == 1  # a Commit outside unload works
    session.frame().evaluate(SAVE_ON_PAGEHIDE)
    session.reload_sco()
    assert session.page.evaluate("window.unloadResults") == [None, "true"]  # null, then Terminate
    [null] = session.injected()
    assert null == {
        "method": names["commit"],
        "args": [""],
        "result": None,
        "error": "0",
        "injected": True,
        "fault": "null-on-unload",
    }
    assert session.commits() == 1
    # Terminate still stores what was set: nothing is lost here, but a SCO that took null for
    # "true" and never terminated would lose it.
    assert session.stored()["cmi"]["suspend_data"] == "saved on the way out"


@pytest.mark.parametrize("edition", EDITIONS)
def test_closing_the_tab_runs_the_scos_unload_and_the_record_survives(lms, tmp_path, edition):
    names = NAMES[edition]
    package = fake_zip(tmp_path, edition)
    session = lms.open(package, profile="cornerstone")
    session.wait_for_call(names["commit"])
    session.frame().evaluate(SAVE_ON_PAGEHIDE)
    session.close()
    assert session.closed and session.terminated
    assert [e["method"] for e in session.log()][-3:] == [names["set"], names["commit"], names["terminate"]]
    assert session.log()[-2]["fault"] == "null-on-unload"  # the LMS page was unloading too
    assert session.stored()["cmi"]["suspend_data"] == "saved on the way out"
    assert session.violations() == []
    with pytest.raises(LmsError, match="closed"):
        session.value("cmi.suspend_data")
    # The LMS goes on in a new tab, and remembers the course.
    assert lms.record(session.course_key)["cmi"]["suspend_data"] == "saved on the way out"
    again = lms.open(package)
    assert again.page is not session.page and again.frame().inner_text("#status") == "started: Tester, Pat"


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_slow_commit_blocks_the_sco(lms, tmp_path, edition):
    session = lms.open(fake_zip(tmp_path, edition), commit_delay_ms=150)
    assert "commitDelayMs=150" in session.url and session.faults()["commitDelayMs"] == 150
    sco = session.frame()
    took = sco.evaluate("() => { const t = performance.now(); sco.commit(); return performance.now() - t; }")
    assert took >= 149  # performance.now() is coarsened (and jittered) by the browser: 149.9 has been seen
    slow = lms.open(fake_zip(tmp_path, edition), profile="slow-commit")
    assert slow.faults()["commitDelayMs"] == 150  # the profile sets the delay


def test_a_scorm12_lms_without_lesson_mode_leaves_it_and_credit_empty(lms, tmp_path):
    session = lms.open(fake_zip(tmp_path, "scorm12"), profile="no-lesson-mode")
    sco = session.frame()
    assert sco.evaluate("[sco.get('cmi.core.lesson_mode'), sco.lastError()]") == ["", "0"]
    assert sco.evaluate("[sco.get('cmi.core.credit'), sco.lastError()]") == ["", "0"]
    assert session.mode == "normal"  # what a SCO should take it for
    review = lms.open(fake_zip(tmp_path, "scorm12"), profile="no-lesson-mode", mode="review")
    assert review.frame().evaluate("sco.get('cmi.core.lesson_mode')") == "review"
    v2004 = lms.open(fake_zip(tmp_path, "scorm2004"), profile="no-lesson-mode")
    assert v2004.frame().evaluate("[sco.get('cmi.mode'), sco.get('cmi.credit')]") == ["normal", "credit"]


def test_moodle_sets_entry_and_credit_as_moodle_does(lms, tmp_path):
    first = lms.open(fake_zip(tmp_path, "scorm2004"), profile="moodle")
    assert first.value("cmi.entry") == "ab-initio"
    review = lms.open(fake_zip(tmp_path, "scorm12"), profile="moodle", mode="review")
    assert (review.value("cmi.core.entry"), review.value("cmi.core.credit")) == ("ab-initio", "no-credit")


def test_resume_state_sets_entry_as_moodle_does():
    def entry(edition, profile, **core):
        key = "core" if edition == "scorm12" else None
        stored = {"cmi": {key: core} if key else core}
        return resume_state(stored, edition, profile).get("cmi.core.entry" if key else "cmi.entry")

    assert entry("scorm12", "moodle", lesson_status="incomplete", exit="suspend") == "resume"
    assert entry("scorm12", "moodle", lesson_status="passed", exit="") == ""
    assert entry("scorm12", "moodle", lesson_status="not attempted", exit="") == "ab-initio"
    assert entry("scorm12", "strict", lesson_status="passed", exit="") is None
    for exit, expected in [("suspend", "resume"), ("logout", "resume"), ("normal", "ab-initio"), ("", "ab-initio")]:
        assert entry("scorm2004", "moodle", exit=exit) == expected
    assert entry("scorm2004", "strict", exit="logout") is None
    with pytest.raises(ValueError, match="profile must be one of"):
        resume_state({}, "scorm12", "moodle-3")


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_lms_keeps_records_by_course_key_and_resumes_from_them(lms, tmp_path, edition):
    def package(identifier):
        return make_sco_zip(FAKE_SCO, tmp_path / f"{identifier}.zip", edition, identifier=identifier)

    v1, v2, other = (package(i) for i in ("credit-collect-1.0.0", "credit-collect-2.0.0", "dunning-basics-1.0.0"))
    first = lms.open(v1)
    first.frame("#inner").click("#bookmark")
    first.frame().click("#suspend")
    first.wait_for_terminate()
    assert first.course_key == "credit-collect-1.0.0"
    assert lms.record("credit-collect-1.0.0") == first.stored()

    again = lms.open(v1, resume=True)  # the learner comes back to the same package
    assert again.resumed and again.frame().inner_text("#status").startswith("resumed: Tester, Pat at page-2")
    assert not lms.open(v2, resume=True).resumed  # by default a new identifier is a new course
    # SuccessFactors keeps 15 characters: "credit-collect-" for both versions, not for the other.
    sf_first = lms.open(v1, profile="successfactors", resume=True)
    assert sf_first.course_key == "credit-collect-" and sf_first.resumed is False  # no record under it yet
    sf_first.frame("#inner").click("#bookmark")
    sf_first.frame().click("#suspend")
    sf_first.wait_for_terminate()
    sf_second = lms.open(v2, profile="successfactors", resume=True)
    assert sf_second.resumed and sf_second.frame().inner_text("#status").startswith("resumed:")
    sf_other = lms.open(other, profile="successfactors", resume=True)
    assert sf_other.course_key == "dunning-basics-" and not sf_other.resumed
