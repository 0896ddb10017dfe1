"""The course home and the navigation's progress marks, as a learner meets them in Chromium at 1280 and
375 px: on the static site opened from a file, and in the test LMS's frame. The bundled course for what
it shows and for axe; the mini course where a quiz is passed."""

from __future__ import annotations

from pathlib import Path

import pytest
from harness.courses import build_fixture
from test_accessibility import assert_clean, axe_violations
from test_lms_full_course import bundled  # noqa: F401  (the bundled course, built once per module)

from course_builder.core.estimate import duration_text
from course_builder.markdown_ext.text import heading_text
from course_builder.runtime.home import course_minutes

WIDTHS = [1280, 375]
START = ".cb-home__start"
QUIZ = "#quiz-basics-check"


@pytest.fixture(scope="module")
def site(bundled):  # noqa: F811
    course, dist = bundled
    return course, dist.parent / "site"


@pytest.fixture(scope="module")
def mini_packages(tmp_path_factory) -> dict[str, Path]:
    return build_fixture("mini_course", tmp_path_factory.mktemp("home-mini"))


@pytest.fixture(scope="module")
def mini_site(mini_packages) -> Path:
    return mini_packages["scorm12"].parent.parent / "site"  # built beside its packages (course/dist, course/site)


def at_width(page, width: int):
    page.set_viewport_size({"width": width, "height": 800 if width < 600 else 900})
    return page


def cards(page) -> dict[str, str]:
    """Each module card's text, by module id."""
    return {
        card.get_attribute("data-cb-module"): " ".join(card.inner_text().split())
        for card in page.query_selector_all("[data-cb-module]")
    }


def title_of(course, lesson_id: str) -> str:
    return heading_text(next(lesson for lesson in course.lessons if lesson.id == lesson_id).title)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_first_visit_shows_the_cover_with_start(page, site, width):
    course, root = site
    at_width(page, width).goto((root / "index.html").as_uri())
    cover = page.locator(".cb-home__cover")
    assert page.locator("h1").first.inner_text() == course.title
    assert page.locator("h1", has_text=course.title).count() == 1  # the trainer's own title line gave way
    text = " ".join(cover.inner_text().split())
    assert course.description.split(":")[0] in text
    assert f"Estimated time: {duration_text(course_minutes(course))}" in text
    assert "9 modules, 35 lessons" in text
    assert page.locator(".cb-home__objectives li").all_inner_texts() == [o.title for o in course.objectives]
    assert page.locator(".cb-home h2").all_inner_texts() == ["Course objectives", "Modules"]
    assert page.locator(".cb-home h3").all_inner_texts() == [m.title for m in course.modules]
    start = page.locator(START)
    assert start.inner_text() == "Start the course" and start.is_visible()
    assert start.get_attribute("href") == "assessment/pre-assessment.html"
    assert page.locator(".cb-progress").is_hidden()  # "0 of 35 lessons" would say nothing yet
    # One card per module, each linking to its first lesson, nothing visited yet.
    shown = cards(page)
    assert list(shown) == [m.id for m in course.modules]
    assert shown["introduction"] == "Introduction 0 of 5 lessons visited Quiz not passed yet"
    assert shown["before-you-start"] == "Before you start 0 of 1 lesson visited Skills check not taken yet"
    links = page.eval_on_selector_all("[data-cb-module] h3 a", "links => links.map(a => a.getAttribute('href'))")
    assert links == [m.lessons[0].path[:-3] + ".html" for m in course.modules]
    # The trainer's welcome page follows, whole.
    assert "Meet Acme Supply" in page.inner_text(".md-content")
    # Printed, the cover keeps its facts but not the button, which paper cannot follow.
    page.emulate_media(media="print")
    assert start.is_hidden() and cover.is_visible()
    page.emulate_media(media="screen")
    # By keyboard: the button is a link that Enter follows.
    page.focus(START)
    page.keyboard.press("Enter")
    page.wait_for_url("**/assessment/pre-assessment.html")


@pytest.mark.parametrize("width", WIDTHS)
def test_after_a_lesson_the_home_continues_where_the_learner_left_off(page, site, width):
    course, root = site
    at_width(page, width).goto((root / "introduction" / "what-collections-involve.html").as_uri())
    page.goto((root / "introduction" / "b2b-collections.html").as_uri())
    page.goto((root / "index.html").as_uri())
    start = page.locator(START)
    lesson = title_of(course, "introduction/b2b-collections")
    assert start.inner_text() == f"Continue where you left off: {lesson}"
    assert start.get_attribute("href") == "introduction/b2b-collections.html"
    shown = cards(page)
    assert shown["introduction"] == "Introduction 2 of 5 lessons visited Quiz not passed yet"
    assert shown["correspondence"] == "Collection correspondence 0 of 4 lessons visited Quiz not passed yet"
    # The course's progress line sits on the cover, under the button.
    assert "Progress: 2 of 35 lessons" in page.inner_text(".cb-home__cover")
    start.click()
    page.wait_for_url("**/introduction/b2b-collections.html")


def menu_as_read(page, width: int) -> str:
    """The primary navigation as a screen reader gets it (the accessibility tree), where the learner sees
    it: the left menu at 1280 px, the open drawer at 375 px."""
    if width < 1220:
        page.click(".md-header label.md-header__button[for=__drawer]")
        page.wait_for_function("document.getElementById('__drawer').checked")
    return page.locator(".md-nav--primary").aria_snapshot()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_navigation_marks_visited_lessons_in_words_and_counts_each_module(page, site, width):
    course, root = site
    at_width(page, width).goto((root / "introduction" / "what-collections-involve.html").as_uri())
    page.goto((root / "introduction" / "order-to-cash.html").as_uri())
    menu = menu_as_read(page, width)
    involve, here = (
        title_of(course, "introduction/what-collections-involve"),
        title_of(course, "introduction/order-to-cash"),
    )
    teamwork = title_of(course, "introduction/teamwork")
    assert f'link "{involve} (visited)"' in menu
    assert f'link "{teamwork}"' in menu  # not visited: no mark
    # The current page (a link at 1280 px; at 375 px the label that opens its contents) is marked too.
    assert f"{here} (visited)" in menu
    # The module's count, shown as "2/5" (hidden from screen readers) and read as words.
    assert "Introduction (2 of 5 lessons visited)" in menu
    assert "2/5" not in menu
    counts = page.locator(".md-nav--primary .cb-nav-mark__count").filter(visible=True).all_inner_texts()
    assert "2/5" in counts
    # The current page is named as such, and drawn in bold beside the theme's colour.
    current = page.locator('.md-nav--primary [aria-current="page"]').filter(visible=True)
    assert current.count() == 1 and here in current.inner_text()
    assert current.evaluate("el => getComputedStyle(el).fontWeight") == "700"
    # The icon is drawn, and hidden from screen readers (the words say it).
    icon = current.locator(".cb-nav-mark svg")
    assert icon.is_visible() and icon.get_attribute("aria-hidden") == "true"
    if width >= 1220:
        # Closed modules show their count too: Before you start, Collection correspondence.
        assert counts[:3] == ["0/1", "2/5", "0/4"]
        assert 'link "Collection correspondence (0 of 4 lessons visited)"' in menu


def pass_the_quiz(page) -> None:
    for choice in ("dso-meaning--a", "call-when--a", "call-when--b", "fdcpa-b2b--f"):
        page.check(f"{QUIZ}--{choice}")
    page.click(f"{QUIZ} .cb-quiz__submit")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_passed_quiz_is_marked_in_the_menu_and_on_the_card(page, mini_site, width):
    at_width(page, width).goto((mini_site / "basics" / "first.html").as_uri())
    page.goto((mini_site / "basics" / "second.html").as_uri())
    pass_the_quiz(page)
    page.wait_for_selector(f"{QUIZ} .cb-quiz__result")
    menu = menu_as_read(page, width)  # marked at once, without leaving the page
    assert "Second lesson (visited, quiz passed)" in menu
    assert 'link "First lesson (visited)"' in menu
    assert "Basics (all done)" in menu
    page.goto((mini_site / "index.html").as_uri())
    assert cards(page)["basics"] == "Basics All 2 lessons visited Quiz passed"
    assert page.locator("[data-cb-module=basics]").evaluate("el => el.classList.contains('cb-module-card--done')")


@pytest.mark.parametrize("edition", ["scorm12", "scorm2004"])
def test_in_the_lms_frame_start_becomes_continue_and_survives_a_relaunch(lms, mini_packages, edition):
    first = lms.open(mini_packages[edition], edition)
    frame = first.frame("#cb-content")
    frame.wait_for_selector(START)
    assert frame.inner_text(START) == "Start the course"
    frame.click(START)
    first.frame("#cb-content").wait_for_url("**/basics/first.html")
    frame = first.frame("#cb-content")
    frame.wait_for_load_state()
    if frame.is_visible(".md-header label.md-header__button[for=__drawer]"):
        frame.click(".md-header label.md-header__button[for=__drawer]")
    frame.click(".md-nav--primary a.md-nav__link[href$='index.html'] >> visible=true")
    frame = first.frame("#cb-content")
    frame.wait_for_url("**/index.html")
    frame.wait_for_selector(START)
    assert frame.inner_text(START) == "Continue where you left off: First lesson"
    assert frame.get_attribute(START, "href") == "basics/first.html"
    assert (
        " ".join(frame.inner_text("[data-cb-module=basics]").split())
        == "Basics 1 of 2 lessons visited Quiz not passed yet"
    )
    frame.click("button.cb-exit")
    first.wait_for_terminate()
    first.assert_clean()

    # Relaunched, from the LMS's record: the launcher offers to continue; the learner starts from the home.
    second = lms.open(mini_packages[edition], edition, state=first.resume_state())
    launcher = second.frame()
    launcher.wait_for_selector("#cb-resume-start")
    launcher.click("#cb-resume-start")
    frame = second.frame("#cb-content")
    frame.wait_for_selector(START)
    assert frame.inner_text(START) == "Continue where you left off: First lesson"
    frame.click("button.cb-exit")
    second.wait_for_terminate()
    second.assert_clean()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_home_passes_axe_fresh_and_begun(page, site, width):
    _, root = site
    at_width(page, width).goto((root / "index.html").as_uri())
    found = axe_violations(page, f"home, fresh, {width} px", served=False)
    page.goto((root / "introduction" / "order-to-cash.html").as_uri())
    found += axe_violations(page, f"lesson with marks, {width} px", served=False)
    page.goto((root / "index.html").as_uri())
    page.wait_for_function("document.querySelector('.cb-home__start').textContent.startsWith('Continue')")
    found += axe_violations(page, f"home, begun, {width} px", served=False)
    assert_clean(found)
