"""What the learner sees around the lessons: the progress indicator, the certificate, the printable
handout (print.html and `course-builder pdf`), and the pages at phone width (375 px), in Chromium."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from harness.browser import is_ci
from harness.courses import copy_fixture
from harness.learner import play_best_run

from course_builder.commands.build import build
from course_builder.commands.cli import main
from course_builder.commands.pdf import find_chromium, page_count

QUIZ = "#quiz-basics-check"
PHONE = {"width": 375, "height": 812}
JOB_AID = """# Call checklist

Before calling, read [the first lesson](../basics/first.md) and the
[supplier's guide](https://example.com/guide).

| Step | What to check | Why it matters |
|---|---|---|
| 1 | The invoice number, the amount and the due date | So the customer finds it at once |
| 2 | Earlier promises and who made them | A broken promise changes the call |
"""


@pytest.fixture(scope="module")
def course_root(tmp_path_factory) -> Path:
    """The mini course with a page of job aids, built: site/ and the SCORM 1.2 package."""
    root = copy_fixture("mini_course", tmp_path_factory.mktemp("learner-view"))
    (root / "content" / "job-aids").mkdir()
    (root / "content" / "job-aids" / "checklist.md").write_text(JOB_AID)
    with open(root / "course.yml", "a") as course_yml:
        course_yml.write("resources:\n  - title: Job aids\n    pages:\n      - job-aids/checklist.md\n")
    assert main(["build", str(root), "--format", "scorm12"]) == 0
    return root


@pytest.fixture(scope="module")
def site(course_root) -> Path:
    return course_root / "site"


@pytest.fixture
def served(site, static_server) -> str:
    return static_server(site)


def progress(page) -> str:
    return page.locator(".cb-progress__text").inner_text()


def pass_the_quiz(page) -> None:
    for choice in ("dso-meaning--a", "call-when--a", "call-when--b", "fdcpa-b2b--f"):
        page.check(f"{QUIZ}--{choice}")
    page.click(f"{QUIZ} .cb-quiz__submit")
    assert "Passed." in page.locator(f"{QUIZ} .cb-quiz__result").inner_text()


def no_horizontal_overflow(page) -> None:
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url}: {width} px wide at {PHONE['width']} px"


def test_progress_indicator_counts_lessons_visited_and_quizzes_passed(page, served):
    page.goto(f"{served}/index.html")
    assert progress(page) == "Progress: 0 of 2 lessons, 0 of 1 quiz passed"
    bar = page.locator("progress.cb-progress__bar")
    assert bar.get_attribute("aria-labelledby") == "cb-progress-text"
    assert page.evaluate("[document.querySelector('progress').value, document.querySelector('progress').max]") == [0, 3]
    page.goto(f"{served}/basics/first.html")
    assert progress(page) == "Progress: 1 of 2 lessons, 0 of 1 quiz passed"
    page.goto(f"{served}/basics/second.html")
    assert progress(page) == "Progress: 2 of 2 lessons, 0 of 1 quiz passed"
    pass_the_quiz(page)  # updated at once, without a reload
    assert progress(page) == "Progress: 2 of 2 lessons, 1 of 1 quiz passed. Course complete."
    assert page.evaluate("document.querySelector('progress').value") == 3
    page.goto(f"{served}/job-aids/checklist.html")  # every page shows it, reference pages too
    assert progress(page).endswith("Course complete.")


def test_certificate_only_once_complete_then_printable(page, served, tmp_path):
    page.goto(f"{served}/certificate.html")
    area = page.locator("[data-cb-certificate]")
    assert "once you have finished the course" in area.inner_text()
    assert page.locator("[data-cb-certificate] .cb-certificate__todo a").all_inner_texts() == [
        "First lesson",
        "Second lesson",
    ]
    assert "Pass 1 more required quiz." in area.inner_text()
    assert page.locator(".cb-certificate").count() == 0

    page.click(".cb-certificate__todo a:has-text('First lesson')")
    page.wait_for_url("**/basics/first.html")
    page.goto(f"{served}/basics/second.html")
    page.goto(f"{served}/certificate.html")
    assert page.locator(".cb-certificate__todo a").all_inner_texts() == []
    assert page.locator(".cb-certificate").count() == 0
    page.goto(f"{served}/basics/second.html")
    pass_the_quiz(page)

    page.goto(f"{served}/certificate.html")
    sheet = page.locator(".cb-certificate")
    assert sheet.is_visible()
    page.fill("#cb-certificate-name", "Ada Lovelace")
    text = sheet.inner_text()
    assert "CERTIFICATE OF COMPLETION" in text  # (shown in capitals)
    for expected in ("Ada Lovelace", "Mini & Test Course", "with a score of 100%", "Measure things.", "Make calls."):
        assert expected in text
    assert re.search(r"on \w+ \d{1,2}, \d{4}", text)
    page.reload()  # the name is remembered
    assert page.input_value("#cb-certificate-name") == "Ada Lovelace"

    page.emulate_media(media="print")
    assert sheet.is_visible()
    assert "Ada Lovelace" in sheet.inner_text()
    for hidden in (
        ".md-header",
        ".md-sidebar--primary",
        ".md-footer",
        ".cb-progress",
        ".cb-certificate__form",
        "h1",
        ".cb-certificate__print",
    ):
        assert not page.locator(hidden).first.is_visible(), hidden
    pdf = tmp_path / "certificate.pdf"
    page.pdf(path=str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF") and page_count(pdf.read_bytes()) == 1


def test_print_html_has_every_lesson_in_order_then_job_aids(page, site, served):
    html = (site / "print.html").read_text()
    order = [
        html.index(f'id="{anchor}"')
        for anchor in ("print-basics--first", "print-basics--second", "print-job-aids--checklist")
    ]
    assert order == sorted(order)
    assert 'href="#print-basics--first"' in html  # links between pages stay inside the handout
    assert 'href="https://example.com/guide"' in html
    assert "Printable handout" in (site / "index.html").read_text()  # in the navigation of every page

    page.goto(f"{served}/index.html")
    page.click("a:has-text('Printable handout')")
    page.wait_for_url("**/print.html")
    page.wait_for_load_state()
    assert page.locator(".cb-print-lesson").count() == 3
    assert page.locator("#quiz-basics-check .cb-choice").count() == 7  # the quiz, choices listed
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible()
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert not page.locator(f"{QUIZ} .cb-quiz__submit").is_visible()
    assert page.locator(f"{QUIZ}--dso-meaning--a").is_visible()
    assert not page.locator(f"{QUIZ} .cb-question__feedback").first.is_visible()  # no answer keys
    after = page.evaluate("getComputedStyle(document.querySelector('a[href^=\"https\"]'), '::after').content")
    assert "https://example.com/guide" in after
    breaks = page.eval_on_selector_all(
        ".cb-print-lesson, .cb-print-module", "els => els.map(e => getComputedStyle(e).breakBefore)"
    )
    assert breaks == ["page", "auto", "page", "page", "auto"]  # module, lesson, lesson, module, job aid
    assert page.evaluate("getComputedStyle(document.querySelector('table')).display") == "table"


@pytest.mark.browser  # runs Chromium itself, through `course-builder pdf`
def test_pdf_command_prints_the_handout(course_root, tmp_path, capsys):
    if not find_chromium():
        if is_ci():
            pytest.fail("Chromium is needed for `course-builder pdf` (CI=true)")
        pytest.skip("Chromium is not installed")
    out = tmp_path / "handout.pdf"
    assert main(["pdf", str(course_root), "-o", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    assert page_count(data) > 1
    assert "handout.pdf" in capsys.readouterr().out


@pytest.mark.browser
def test_pdf_command_prints_the_handout_of_a_course_without_one_in_its_site(tmp_path, capsys):
    """handout: false keeps print.html out of the site and the packages, not out of the PDF."""
    if not find_chromium():
        if is_ci():
            pytest.fail("Chromium is needed for `course-builder pdf` (CI=true)")
        pytest.skip("Chromium is not installed")
    root = copy_fixture("mini_course", tmp_path)
    with open(root / "course.yml", "a") as course_yml:
        course_yml.write("handout: false\n")
    out = tmp_path / "handout.pdf"
    assert main(["pdf", str(root), "-o", str(out)]) == 0
    assert page_count(out.read_bytes()) > 1


def test_pdf_command_without_chromium_says_how_to_install_it(tmp_path, monkeypatch, capsys):
    # Chromium is looked for before the course is built (a build would be wasted): any course folder will do.
    root = copy_fixture("mini_course", tmp_path)
    monkeypatch.setenv("COURSE_BUILDER_CHROMIUM", str(tmp_path / "no-such-chromium"))
    assert main(["pdf", str(root), "-o", str(tmp_path / "x.pdf")]) == 1
    err = capsys.readouterr().err
    assert "Chromium" in err and "apt-get install chromium" in err
    assert not (tmp_path / "x.pdf").exists()


@pytest.fixture(scope="module")
def sim_site(tmp_path_factory) -> Path:
    root = copy_fixture("sim_course", tmp_path_factory.mktemp("learner-view-sim"))
    result = build(root, editions=())
    return result.site_dir


def test_phone_width_screenshots(page, served, sim_site, static_server, tmp_path):
    page.set_viewport_size(PHONE)
    shots = tmp_path / "screenshots"
    page.goto(f"{served}/basics/first.html")
    assert page.locator(".cb-progress").is_visible()
    no_horizontal_overflow(page)
    page.screenshot(path=str(shots / "lesson.png"), full_page=True)

    page.goto(f"{served}/basics/second.html")
    page.check(f"{QUIZ}--dso-meaning--b")
    page.check(f"{QUIZ}--call-when--a")
    page.check(f"{QUIZ}--fdcpa-b2b--t")
    page.click(f"{QUIZ} .cb-quiz__submit")
    assert "Not passed yet" in page.locator(f"{QUIZ} .cb-quiz__result").inner_text()
    no_horizontal_overflow(page)
    page.screenshot(path=str(shots / "quiz-feedback.png"), full_page=True)

    page.click(f"{QUIZ} .cb-quiz__retry")
    pass_the_quiz(page)
    page.goto(f"{served}/basics/first.html")
    page.goto(f"{served}/certificate.html")
    page.fill("#cb-certificate-name", "Grace Hopper")
    no_horizontal_overflow(page)
    page.screenshot(path=str(shots / "certificate.png"), full_page=True)
    page.emulate_media(media="print")
    no_horizontal_overflow(page)
    page.screenshot(path=str(shots / "certificate-print.png"), full_page=True)
    page.emulate_media(media="screen")

    page.goto(f"{served}/print.html")
    no_horizontal_overflow(page)
    page.goto(f"{served}/job-aids/checklist.html")  # a table
    no_horizontal_overflow(page)

    from course_builder.load.course import load_course

    sim = load_course(sim_site.parent).simulations["late-payment"]
    page.goto(f"{static_server(sim_site)}/calls/practice.html")
    no_horizontal_overflow(page)
    page.screenshot(path=str(shots / "simulation.png"), full_page=True)
    play_best_run(page, sim)
    no_horizontal_overflow(page)
    page.screenshot(path=str(shots / "simulation-end.png"), full_page=True)

    for name in ("lesson", "quiz-feedback", "certificate", "certificate-print", "simulation", "simulation-end"):
        assert (shots / f"{name}.png").stat().st_size > 1000


def test_exit_course_is_visible_at_phone_width_in_the_lms(page, lms, course_root, tmp_path):
    page.set_viewport_size(PHONE)
    package = next((course_root / "dist").glob("*-scorm12.zip"))
    session = lms.open(package, "scorm12")
    content = session.frame("#cb-content")
    button = content.locator("button.cb-exit")
    button.wait_for()
    assert button.is_visible() and button.inner_text() == "Exit course"
    box = button.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    assert box["width"] >= 44 or box["height"] >= 24, box  # a target a thumb can hit
    page.screenshot(path=str(tmp_path / "lms-exit-375.png"))
    assert "Progress: 0 of 2 lessons" in content.locator(".cb-progress__text").inner_text()
    content.goto(content.url.rsplit("/", 1)[0] + "/certificate.html")  # the LMS issues certificates
    assert "certificates for this course come from your LMS" in content.locator("[data-cb-certificate]").inner_text()
    content.locator("button.cb-exit").click()
    session.wait_for_terminate()
