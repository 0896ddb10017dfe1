"""The certificate a learner prints from the static site fits one page, A4 or Letter, with the course's
objectives on it: the bundled course (7 objectives) and a course with 12 long ones (fixtures/long_objectives,
about 180 characters each, the most the printed sheet's densest type is measured for plus some room).
The learner arrives with the course complete (the state core/progress.py writes, in this browser's storage)."""

from __future__ import annotations

from pathlib import Path

import pytest
from harness.courses import FIXTURES, copy_fixture
from harness.server import StaticServer
from test_lms_full_course import bundled  # noqa: F401  (the bundled course, built once per module)

from course_builder.commands.build import build
from course_builder.commands.pdf import page_count
from course_builder.core.progress import completed_state, encode_state
from course_builder.load.course import load_course

REPO = Path(__file__).resolve().parent.parent
PAPERS = ["A4", "Letter"]
LEARNER = "Alexandra Montgomery-Fitzwilliam"
SEED = """([key, state, name]) => {
  localStorage.setItem(key, JSON.stringify(state));
  localStorage.setItem(key + ":certificate-name", JSON.stringify(name));
}"""


@pytest.fixture(scope="module")
def long_objectives(tmp_path_factory):
    root = copy_fixture("long_objectives", tmp_path_factory.mktemp("long-objectives"))
    build(root)
    return load_course(root), root / "site"


@pytest.fixture(scope="module", params=["bundled", "long_objectives"])
def course_site(request):
    if request.param == "bundled":
        course, dist = request.getfixturevalue("bundled")
        return course, dist.parent / "site"
    return request.getfixturevalue("long_objectives")


@pytest.fixture
def certificate(page, course_site):
    """The certificate page of a finished course, the learner's name typed in, as it prints."""
    course, site = course_site
    server = StaticServer(site).start()
    try:
        page.goto(f"{server.base_url}/certificate.html")
        page.evaluate(SEED, [f"course-builder:{course.id}", encode_state(completed_state(course)), LEARNER])
        page.reload()
        page.wait_for_selector(".cb-certificate")
        page.emulate_media(media="print")
        yield course, page
    finally:
        server.stop()


def test_the_bundled_course_has_seven_objectives_and_the_fixture_twelve_long_ones():
    # Read from the two course folders, as the builds below load them: no need to build either to count.
    assert len(load_course(REPO).objectives) == 7
    course = load_course(FIXTURES / "long_objectives")
    assert len(course.objectives) == 12 and min(len(o.title) for o in course.objectives) >= 170


@pytest.mark.parametrize("paper", PAPERS)
def test_the_certificate_prints_on_one_page(certificate, paper):
    course, page = certificate
    sheet = page.locator(".cb-certificate")
    text = sheet.inner_text()
    assert LEARNER in text and course.title in text
    assert page.locator(".cb-certificate__objectives li").all_inner_texts() == [o.title for o in course.objectives]
    assert not page.locator(".cb-certificate__form").is_visible()
    assert page_count(page.pdf(format=paper)) == 1
