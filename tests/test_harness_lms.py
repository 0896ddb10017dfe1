"""The browser-test harness itself: real Chromium, the scorm-again test LMS, its strict checks,
the static server and the network log. Uses the hand-written SCO in tests/fixtures/fake_sco."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest

from harness import StaticServer, external_requests, make_sco_zip, read_launch, resume_state
from harness import fixtures as harness_fixtures

FAKE_SCO = Path(__file__).resolve().parent / "fixtures" / "fake_sco"

EDITIONS = ["scorm12", "scorm2004"]


def fake_zip(tmp_path: Path, edition: str, launch: str = "index.html", **kwargs) -> Path:
    return make_sco_zip(FAKE_SCO, tmp_path / f"fake-{edition}-{Path(launch).stem}.zip", edition,
                        launch=launch, **kwargs)


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
        ("LMSInitialize", "LMSFinish", "LMSSetValue") if edition == "scorm12"
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
        # scorm-again is lenient: 1.2 accepts all of this, only the harness objects.
        assert [e["result"] for e in session.calls("LMSSetValue")] == ["true"] * 4
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
    stored = {"cmi": {
        "suspend_data": "s", "launch_data": "",
        "core": {"lesson_status": "incomplete", "exit": "suspend", "session_time": "00:01:00",
                 "total_time": "00:02:00", "score": {"raw": "", "min": "", "max": "100"}},
        "interactions": {"0": {"id": "q1", "student_response": "a"}},
    }}
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
