"""The course in another language, as a learner sees it in Chromium: an Arabic course reads right to
left (the page's direction, our bars and tables mirrored) with the interface in Arabic; a French one
writes its numbers and money the French way. Screenshots at 1280 and 375 px in /tmp for a human look."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from course_builder.commands.cli import main
from course_builder.load.course import load_course

REPO = Path(__file__).resolve().parent.parent


def build_in(tmp_path_factory, language: str, currency: str | None = None):
    root = tmp_path_factory.mktemp(f"lang-{language}") / "course"
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(".git", ".venv", "node_modules", "site", "dist", "tests"))
    config = root / "course.yml"
    text = config.read_text(encoding="utf-8").replace("language: en-US", f"language: {language}")
    if currency:
        text = text.replace(f"language: {language}", f"language: {language}\ncurrency: {currency}")
    config.write_text(text, encoding="utf-8")
    assert main(["build", str(root)]) == 0
    return load_course(root), root / "site"


@pytest.fixture(scope="module")
def arabic(tmp_path_factory):
    return build_in(tmp_path_factory, "ar")


@pytest.fixture(scope="module")
def french(tmp_path_factory):
    return build_in(tmp_path_factory, "fr", "EUR")


@pytest.mark.parametrize("width", [1280, 375])
def test_an_arabic_course_reads_right_to_left(page, arabic, width):
    course, site = arabic
    page.set_viewport_size({"width": width, "height": 900})
    page.goto((site / "assessment" / "final-assessment.html").as_uri())
    assert page.evaluate("document.documentElement.lang") == "ar"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    question = page.locator(".cb-question:not([hidden])").first
    # The quiz's bar stands on the reading side: the right.
    widths = question.evaluate("e => [getComputedStyle(e).borderRightWidth, getComputedStyle(e).borderLeftWidth]")
    assert widths == ["4px", "0px"]
    box, article = question.bounding_box(), page.locator("article.md-content__inner").bounding_box()
    assert box and article and box["x"] + box["width"] > article["x"] + article["width"] - 40
    # Our words are Arabic: the check button and the question count.
    submit = page.locator(".cb-quiz__submit").first.inner_text()
    assert any("\u0600" <= c <= "\u06ff" for c in submit), submit
    page.screenshot(path=f"/tmp/rtl-quiz-{width}.png", full_page=False)
    page.goto((site / "index.html").as_uri())
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    start = page.locator(".cb-home__start").inner_text()
    assert any("\u0600" <= c <= "\u06ff" for c in start), start
    page.screenshot(path=f"/tmp/rtl-home-{width}.png", full_page=False)


def test_the_printable_pages_of_an_arabic_course_are_right_to_left(page, arabic):
    _, site = arabic
    for name in ("print.html", "certificate.html"):
        page.goto((site / name).as_uri())
        assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"], name
    # And the theme's page for a wrong address (read as written: it links its assets from the server's root).
    assert '<html lang="ar" dir="rtl"' in (site / "404.html").read_text(encoding="utf-8")


def test_a_french_calculator_reads_and_writes_numbers_the_french_way(page, french):
    course, site = french
    lesson = next(p for p in site.rglob("*.html") if "data-cb-calculator" in p.read_text(encoding="utf-8"))
    page.goto(lesson.as_uri())
    calculator = page.locator("[data-cb-calculator]").first
    inputs = calculator.locator("input:visible")
    for i in range(inputs.count()):
        inputs.nth(i).fill("1 234,5" if i == 0 else "2")
    calculator.locator(".cb-calculator__calculate").click()
    result = calculator.locator(".cb-calculator__result").inner_text()
    page.screenshot(path="/tmp/fr-calculator.png", full_page=False)
    # 1 234,5 was read as one thousand two hundred and thirty-four and a half, and the working writes
    # it back with a decimal comma, a narrow space between thousands and the euro sign after it.
    assert re.search(r"1\u202f234,5", result) or re.search(r"1\u00a0234,5", result), result
    assert "€" in result and "$" not in result, result
    assert not re.search(r"\d\.\d", result), result
    # Beside each amount box: the euro sign after it, as French writes money; the hint says euros.
    assert calculator.locator(".cb-calculator__unit--before").count() == 0
    assert "€" in calculator.locator(".cb-calculator__box").first.inner_text()
    assert "euros" in calculator.locator(".cb-calculator__hint").first.inner_text()
