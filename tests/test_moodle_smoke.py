"""The Moodle fixture works end to end: the bundled course's two packages imported into a real Moodle 4.5.6
(harness/moodle.py), launched by an enrolled learner in Chromium, and the SCO's first data stored by Moodle.

Only what works today: SCORM 2004 tracking in Moodle is still being fixed, so nothing beyond the launch.
"""

from __future__ import annotations

import zipfile

import pytest
from harness.browser import external_requests
from harness.moodle import PackageRejected
from test_lms_full_course import bundled  # noqa: F401  (the bundled course, built once per module)

# edition -> (Moodle's version name, the API object the player page holds, what the SCO sets on launch)
EDITIONS = {
    "scorm12": ("SCORM_1.2", "API", "cmi.core.lesson_status"),
    "scorm2004": ("SCORM_1.3", "API_1484_11", "cmi.completion_status"),
}


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_learner_launches_the_package_in_moodle(moodle, bundled, page, edition):  # noqa: F811
    course_model, dist = bundled
    version, api, element = EDITIONS[edition]
    course, learner = moodle.new_course_with_learner()
    activity = moodle.import_package(course, dist / f"{course_model.id}-{course_model.version}-{edition}.zip")
    assert activity.version == version
    assert len(activity.sco_ids) == 1 and activity.sco["launch"] == "scorm_launch.html"

    moodle.login(page, learner.username, learner.password)
    page.goto(moodle.player_url(activity), wait_until="domcontentloaded", timeout=60_000)
    launcher = page.wait_for_selector("#scorm_object", state="attached").content_frame()
    launcher.wait_for_function("window.CourseBuilderSCO && window.CourseBuilderSCO.initialized", timeout=60_000)
    assert launcher.url.endswith("/scorm_launch.html")
    assert page.evaluate(f"typeof window.{api}") == "object"  # the player page's, which the launcher found
    assert launcher.inner_text("#cb-launch-status") == ""  # not "No LMS connection was found..."

    tracks = moodle.wait_for_track(activity, learner, element, page)
    assert tracks.get(element) == "incomplete", tracks
    assert moodle.attempts(activity, learner) == [1]
    assert not external_requests(page.network_log)


def test_moodle_refuses_a_zip_without_a_manifest(moodle, tmp_path):
    course = moodle.create_course()
    bad = tmp_path / "no-manifest.zip"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("index.html", "<p>no imsmanifest.xml here</p>")
    with pytest.raises(PackageRejected, match="imsmanifest.xml"):
        moodle.import_package(course, bad)
