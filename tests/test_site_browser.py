"""A learner on the static site, in real headless Chromium: from a file and from a local server."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from harness.browser import external_requests

from course_builder.commands.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
QUIZ = "#quiz-basics-check"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("site-course") / "course"
    shutil.copytree(FIXTURES / "mini_course", root)
    assert main(["build", str(root), "--format", "scorm12"]) == 0
    return root / "site"


def answer(page, question: str, *choices: str) -> None:
    for choice in choices:
        page.check(f"{QUIZ}--{question}--{choice}")


def pass_the_quiz(page) -> None:
    answer(page, "dso-meaning", "a")
    answer(page, "call-when", "a", "b")
    answer(page, "fdcpa-b2b", "f")
    page.click(f"{QUIZ} .cb-quiz__submit")


def test_quiz_from_a_file_gives_feedback_and_fetches_nothing_remote(page, site):
    page.goto((site / "basics" / "second.html").as_uri())
    # First try: one wrong answer on a multiple-choice question.
    answer(page, "dso-meaning", "a")
    answer(page, "call-when", "a")
    answer(page, "fdcpa-b2b", "t")
    page.click(f"{QUIZ} .cb-quiz__submit")
    result = page.locator(f"{QUIZ} .cb-quiz__result")
    assert "Not passed yet. You earned 1 of 3 points (33%)" in result.inner_text()
    wrong = page.locator('[data-cb-question="call-when"]')
    assert "Incorrect." in wrong.inner_text()
    assert "Right answers: A large invoice is past due; A promise was broken." in wrong.inner_text()
    assert "Yes, large amounts deserve a call." in wrong.inner_text()  # feedback on the chosen answer
    assert "Calls find the blocker" in wrong.inner_text()  # the explanation
    assert "Correct." in page.locator('[data-cb-question="dso-meaning"]').inner_text()
    # Second try passes.
    page.click(f"{QUIZ} .cb-quiz__retry")
    pass_the_quiz(page)
    assert "Passed. You earned 3 of 3 points (100%)" in result.inner_text()
    assert all(url.startswith("file://") for url in page.network_log), page.network_log
    assert external_requests(page.network_log) == []


def test_search_works_offline_from_a_file(page, site):
    page.goto((site / "index.html").as_uri())
    page.click(".md-search__input")
    # The search worker starts when search opens; a query typed before it is ready is not rerun.
    for _ in range(20):
        page.fill(".md-search__input", "")
        page.keyboard.type("lesson")
        if page.locator(".md-search-result__item").count():
            break
        page.wait_for_timeout(250)
    assert "Second lesson" in page.locator(".md-search-result").inner_text()
    assert external_requests(page.network_log) == []


def test_quiz_from_a_server_sub_path_and_progress_kept(page, site, static_server, tmp_path):
    root = tmp_path / "www"
    shutil.copytree(site, root / "training" / "courses" / "mini")
    base = static_server(root)
    url = f"{base}/training/courses/mini/basics/second.html"
    page.goto(url)
    pass_the_quiz(page)
    assert "Passed." in page.locator(f"{QUIZ} .cb-quiz__result").inner_text()
    page.reload()
    assert "Your best result so far: 100% (passed)" in page.locator(QUIZ).inner_text()
    page.goto(f"{base}/training/courses/mini/index.html")
    assert page.title().startswith("Mini")
    assert external_requests(page.network_log) == []
    assert all("/training/courses/mini/" in url for url in page.network_log if url.startswith(base))


def test_quiz_by_keyboard_only(page, site):
    page.goto((site / "basics" / "second.html").as_uri())
    page.focus(f"{QUIZ}--dso-meaning--a")
    page.keyboard.press("Space")  # choose "Days sales outstanding"
    page.keyboard.press("Tab")  # to the first checkbox of the next question
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # both right checkboxes
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # past the wrong one, to the true/false radios
    page.keyboard.press("ArrowDown")  # radio group: arrow moves to and selects "False"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the submit button
    assert "Passed." in page.locator(f"{QUIZ} .cb-quiz__result").inner_text()
    assert page.is_checked(f"{QUIZ}--fdcpa-b2b--f")


def test_unanswered_questions_are_named_and_focused(page, site):
    page.goto((site / "basics" / "second.html").as_uri())
    answer(page, "dso-meaning", "a")
    page.click(f"{QUIZ} .cb-quiz__submit")
    status = page.locator(f"{QUIZ} .cb-quiz__status")  # under the Check button, announced
    assert status.get_attribute("role") == "status"
    assert "Not answered yet: questions 2 and 3." in status.inner_text()
    assert page.evaluate("document.activeElement.id") == "quiz-basics-check--call-when--a"


def test_course_works_in_an_iframe_sandboxed_without_same_origin(page, site, static_server, tmp_path):
    """Some LMSs frame content with sandbox="allow-scripts": storage then throws on access."""
    root = tmp_path / "www"
    shutil.copytree(site, root / "course")
    (root / "host.html").write_text(
        "<!doctype html><title>LMS</title>"
        '<iframe id="content" sandbox="allow-scripts allow-forms" src="course/basics/second.html"'
        ' style="width:1000px;height:900px"></iframe>'
    )
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{static_server(root)}/host.html")
    frame = page.frame_locator("#content")
    frame.locator(f"{QUIZ}--dso-meaning--a").check()
    frame.locator(f"{QUIZ}--call-when--a").check()
    frame.locator(f"{QUIZ}--call-when--b").check()
    frame.locator(f"{QUIZ}--fdcpa-b2b--f").check()
    frame.locator(f"{QUIZ} .cb-quiz__submit").click()
    assert "Passed." in frame.locator(f"{QUIZ} .cb-quiz__result").inner_text()
    assert errors == []
    # Material reads storage unguarded in its features (palette, tabs, announce): they must not throw.
    content = next(f for f in page.frames if f.url.endswith("second.html"))
    assert content.evaluate(
        "() => { __md_get('__palette'); __md_set('__tabs', ['x']); return __md_get('__tabs') }"
    ) == ["x"]
