"""The printable handout (print.html) as a learner reads it: a contents list that names each module once,
with its lessons under it, and quizzes that can be read and printed but not answered (nothing there is
checked), each pointing to its lesson page, where it can be."""

from __future__ import annotations

import re

import pytest
from harness.courses import copy_fixture, make_course
from harness.server import StaticServer

from course_builder.commands.build import build
from course_builder.model import Lesson, Module
from course_builder.runtime.handout import handout_html

CONTROLS = ".cb-quiz input, .cb-quiz select, .cb-quiz textarea, .cb-quiz button"


def test_the_contents_name_each_module_once_with_its_lessons_under_it():
    course = make_course(
        modules=(
            Module(
                "start",
                "Before you start",
                (Lesson("start/check", "Before you start: skills check", "start/check.md"),),
            ),
            Module(
                "intro",
                "Introduction",
                (
                    Lesson("intro/one", "What collections involve", "intro/one.md"),
                    Lesson("intro/two", "Order to cash", "intro/two.md"),
                ),
            ),
        )
    )
    rendered = {
        lesson.path: (lesson.path[:-3] + ".html", f"<h1 id='t'>{lesson.title}</h1><p>Text.</p>", lesson.title)
        for lesson in course.lessons
    }
    html = handout_html(course, rendered)
    contents = re.search(r'<nav class="cb-print-toc".*?</nav>', html, re.S).group(0)
    links = re.findall(r"<a [^>]*>([^<]*)</a>", contents)
    assert links == [
        "Before you start",
        "Before you start: skills check",
        "Introduction",
        "What collections involve",
        "Order to cash",
    ]
    # Each module links to its part of the handout, and its lessons are a list inside its item.
    assert '<li><a href="#print-section-2">Introduction</a><ol><li><a href="#print-intro--one">' in contents


@pytest.fixture(scope="module")
def served_types(tmp_path_factory):
    """The course with every kind of question that is not a choice (typed, numeric, matching, ordering)."""
    root = copy_fixture("types_course", tmp_path_factory.mktemp("handout"))
    build(root)
    server = StaticServer(root / "site").start()
    yield server.base_url
    server.stop()


def test_quizzes_in_the_handout_are_readable_but_cannot_be_answered(page, served_types):
    page.goto(f"{served_types}/print.html")
    quiz = page.locator(".cb-quiz")
    assert quiz.count() == 1
    assert "Question 1 of" in quiz.inner_text()
    kinds = page.eval_on_selector_all(CONTROLS, "els => els.map(e => e.tagName.toLowerCase() + ':' + e.type)")
    assert {"input:text", "select:select-one"} <= set(kinds)
    assert page.eval_on_selector_all(CONTROLS, "els => els.filter(e => !e.disabled).length") == 0
    # Nothing to reorder with: the ordering question's entries are a plain list.
    assert page.locator(".cb-order__item").count() >= 3 and page.locator(".cb-order button").count() == 0
    first_field = page.locator(".cb-quiz input[type=text]").first
    first_field.click(force=True)
    page.keyboard.type("42")
    assert first_field.input_value() == ""
    # Where to answer it: the lesson page, whose quiz still takes answers.
    page.click("text=Answer this quiz on its lesson page")
    page.wait_for_url("**/basics/second.html")
    assert page.eval_on_selector_all(CONTROLS, "els => els.filter(e => e.disabled).length") == 0
    page.locator(".cb-quiz input[type=text]").first.fill("42")
