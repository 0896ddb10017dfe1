"""`course-builder serve`: the preview follows a trainer's edits to quizzes, and survives mistakes."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_until(condition, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def start_serve(root: Path, tmp_path: Path):
    """`course-builder serve` on `root` in a process of its own: (base URL, log file, process)."""
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "course_builder", "serve", str(root), "--dev-addr", f"127.0.0.1:{port}"],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return f"http://127.0.0.1:{port}", log, process


@pytest.fixture
def served(tmp_path):
    root = tmp_path / "course"
    shutil.copytree(FIXTURES / "mini_course", root)
    base, log, process = start_serve(root, tmp_path)
    try:
        yield root, base, log, process
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_preview_rebuilds_when_a_quiz_changes_and_waits_out_a_mistake(served):
    root, base, log, process = served
    page = f"{base}/basics/second.html"
    assert wait_until(lambda: "Basics check" in fetch(page)), log.read_text()
    assert "livereload" in fetch(page)  # the browser reloads itself on change

    quiz = root / "quizzes" / "basics-check.yml"
    quiz.write_text(quiz.read_text().replace("title: Basics check", "title: Basics check, revised"))
    assert wait_until(lambda: "Basics check, revised" in fetch(page)), log.read_text()

    quiz.write_text(quiz.read_text().replace("type: single", "type: singel"))
    assert wait_until(lambda: "did you mean `single`?" in log.read_text()), log.read_text()
    assert "Traceback" not in log.read_text()
    assert process.poll() is None  # still serving, waiting for a fix
    shown = fetch(page)
    assert 'class="cb-preview-problems" role="alert"' in shown and "did you mean <code>single</code>?" in shown
    assert "Basics check, revised" in shown  # the last good version stays on show

    quiz.write_text(quiz.read_text().replace("type: singel", "type: single").replace(", revised", ", fixed"))
    assert wait_until(lambda: "Basics check, fixed" in fetch(page)), log.read_text()
    assert "cb-preview-problems" not in fetch(page)


def test_serve_refuses_to_start_on_a_broken_course(tmp_path):
    root = tmp_path / "course"
    shutil.copytree(FIXTURES / "mini_course", root)
    (root / "course.yml").write_text((root / "course.yml").read_text().replace("title: Mini", "titel: Mini"))
    result = subprocess.run(
        [sys.executable, "-m", "course_builder", "serve", str(root), "--dev-addr", f"127.0.0.1:{free_port()}"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 1
    assert "course.yml:2:1: unknown key `titel`" in result.stderr
    assert "Traceback" not in result.stderr


def test_preview_rebuilds_the_saved_lesson_and_the_lesson_embedding_a_saved_quiz(served):
    # Saves rebuild only what changed (MkDocs' dirty rebuild): the rest of the site must stay whole.
    root, base, log, process = served
    first, second, handout = f"{base}/basics/first.html", f"{base}/basics/second.html", f"{base}/print.html"
    assert wait_until(lambda: "Basics check" in fetch(second)), log.read_text()

    lesson = root / "content" / "basics" / "first.md"
    lesson.write_text(lesson.read_text().replace("Some text with", "Some revised text with"))
    assert wait_until(lambda: "Some revised text with" in fetch(first)), log.read_text()
    shown = fetch(first)
    assert "Second lesson" in shown and "Basics" in shown  # the navigation still names the other lesson
    assert wait_until(lambda: "Some revised text with" in fetch(handout)), log.read_text()
    assert "Check what you learned." in fetch(handout)  # the handout keeps the lessons not rebuilt
    assert "Basics check" in fetch(second)

    quiz = root / "quizzes" / "basics-check.yml"
    quiz.write_text(quiz.read_text().replace("title: Basics check", "title: Basics check, revised"))
    assert wait_until(lambda: "Basics check, revised" in fetch(second)), log.read_text()

    lesson.write_text(lesson.read_text().replace("# First lesson", "# First lesson, renamed"))
    assert wait_until(lambda: "First lesson, renamed" in fetch(second)), log.read_text()  # others' navigation too
    assert "Traceback" not in log.read_text() and process.poll() is None


@pytest.mark.parametrize(
    "folder, source, problem",
    [
        (
            "simulations",
            FIXTURES / "sim_course" / "simulations" / "late-payment.yml",
            "simulation <code>late-payment</code>",
        ),
        ("quizzes", FIXTURES / "mini_course" / "quizzes" / "basics-check.yml", "quiz <code>basics-check</code>"),
    ],
)
def test_preview_watches_a_folder_created_after_it_started(tmp_path, folder, source, problem):
    # A new course has no simulations/ (and may have no quizzes/ yet): the first file saved into the
    # new folder must show, and so must later saves there, without restarting `serve`.
    root = tmp_path / "course"
    shutil.copytree(FIXTURES / "mini_course", root)
    shutil.rmtree(root / "quizzes")
    lesson = root / "content" / "basics" / "second.md"
    lesson.write_text(lesson.read_text().replace("::quiz[basics-check]", ""))
    base, log, process = start_serve(root, tmp_path)
    page = f"{base}/basics/first.html"
    try:
        assert wait_until(lambda: "First lesson" in fetch(page)), log.read_text()
        assert not (root / folder).exists()

        (root / folder).mkdir()
        shutil.copy(source, root / folder / source.name)  # at once, as an editor's "save as" does
        assert wait_until(lambda: "is not embedded in any lesson" in fetch(page)), log.read_text()
        assert problem in fetch(page)

        (root / folder / source.name).unlink()  # a later change in the new folder is seen too
        assert wait_until(lambda: "cb-preview-problems" not in fetch(page)), log.read_text()
        assert "Traceback" not in log.read_text() and process.poll() is None
    finally:
        process.terminate()
        process.wait(timeout=10)


AXE = Path(__file__).parent / "lms" / "node_modules" / "axe-core" / "axe.min.js"


def test_preview_banner_is_a_readable_alert_naming_each_problem_and_its_fix(served, page):
    root, base, log, process = served
    url = f"{base}/basics/second.html"
    assert wait_until(lambda: "Basics check" in fetch(url)), log.read_text()
    quiz = root / "quizzes" / "basics-check.yml"
    quiz.write_text(quiz.read_text().replace("type: single", "type: singel"))
    assert wait_until(lambda: "cb-preview-problems" in fetch(url)), log.read_text()

    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(url)
        banner = page.get_by_role("alert")
        heading = banner.get_by_role("heading", name="The course has 1 problem")
        assert heading.is_visible()
        item = banner.get_by_role("listitem")
        assert item.count() == 1
        text = item.inner_text()
        assert "quizzes/basics-check.yml:" in text and "Fix: did you mean single?" in text, text
        style = item.evaluate("e => { const s = getComputedStyle(e); return [s.fontFamily, s.fontSize] }")
        assert "mono" not in style[0].lower() and float(style[1].removesuffix("px")) >= 16, style
        box = banner.bounding_box()
        assert box is not None and box["y"] == 0 and box["width"] <= width  # first thing on the page
        assert banner.evaluate("e => e.scrollWidth <= e.clientWidth")  # nothing cut off at phone width
        page.mouse.wheel(0, 2000)
        assert banner.evaluate("e => e.getBoundingClientRect().top") == 0  # stays in view
        page.screenshot(path=f"/tmp/preview-banner-{width}.png")
        if AXE.exists():
            page.add_script_tag(path=str(AXE))
            found = page.evaluate(
                """() => axe.run(".cb-preview-problems", {runOnly: {type: "tag",
                    values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}).then(r => r.violations.map(v => v.id))"""
            )
            assert found == [], found

    quiz.write_text(quiz.read_text().replace("type: singel", "type: single"))
    page.get_by_role("alert").wait_for(state="detached", timeout=20_000)  # livereload: gone once fixed
