"""The build command end to end on a small course: outputs, determinism, and failed builds.

The tests that only read a plain build of the mini course share one (conftest's built_mini_course);
the others build their own copy.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from harness.courses import copy_fixture, run_main

from course_builder.commands.cli import main
from course_builder.package.checks import check_package

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def course(tmp_path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(FIXTURES / "mini_course", root)
    return root


def digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def built(built_mini_course):
    return built_mini_course


def outputs(root: Path) -> dict[str, str]:
    return digest(root / "site") | {f"dist/{k}": v for k, v in digest(root / "dist").items()}


def test_build_writes_site_and_both_packages(built):
    course, out = built.root, built.out
    assert "2 lessons in 1 module, 1 quiz, 3 questions, 0 simulations" in out
    assert (course / "site" / "index.html").is_file()
    assert (course / "site" / "basics" / "second.html").is_file()  # plain .html links: file:// and LMS paths
    for edition in ("scorm12", "scorm2004"):
        package = course / "dist" / f"mini-course-0.1.0-{edition}.zip"
        assert check_package(package) == []
        names = zipfile.ZipFile(package).namelist()
        assert "imsmanifest.xml" in names and "scorm_launch.html" in names and "index.html" in names
        assert not any(name.startswith("site/") for name in names)  # no zipped parent folder


@pytest.fixture(scope="module")
def one_format(tmp_path_factory) -> tuple[Path, str]:
    """A copy of the mini course built with `--format scorm12 --progress`: its folder, and its stderr."""
    root = copy_fixture("mini_course", tmp_path_factory.mktemp("one-format"))
    code, out, err = run_main(["build", str(root), "--format", "scorm12", "--progress"])
    assert code == 0, out + err
    return root, err


def test_only_the_requested_format_is_packaged(one_format):
    root, _ = one_format
    assert [p.name for p in (root / "dist").iterdir()] == ["mini-course-0.1.0-scorm12.zip"]


def test_progress_shows_each_stage_on_stderr_only_when_asked(built, one_format):
    assert built.err == ""  # not a terminal, no --progress: output stays stable
    err = one_format[1].splitlines()
    assert [line.split("] ", 1)[1].split(":")[0] for line in err] == ["load", "site", "scorm12"]
    assert all(re.match(r"^\[ *\d+\.\d s\] ", line) for line in err)


def test_same_input_gives_same_bytes(built, course):
    # The same course in another folder, built again: neither the folder nor newer timestamps may leak in.
    for file in course.rglob("*.md"):
        file.touch()
    assert main(["build", str(course)]) == 0
    assert outputs(course) == outputs(built.root)


def test_failed_build_leaves_previous_outputs_untouched(built, tmp_path, capsys):
    course = tmp_path / "built"
    shutil.copytree(built.root, course, symlinks=True)
    before = digest(course / "site"), digest(course / "dist")
    quiz = course / "quizzes" / "basics-check.yml"
    quiz.write_text(quiz.read_text().replace("type: single", "type: singel"))
    (course / "content" / "index.md").write_text("# Changed\n")
    assert main(["build", str(course)]) == 1
    err = capsys.readouterr().err
    assert "quizzes/basics-check.yml:" in err and "did you mean `single`?" in err
    assert "the previous site/ and dist/ are unchanged" in err
    assert (digest(course / "site"), digest(course / "dist")) == before
    assert not [p for p in course.iterdir() if p.name.startswith(".course-builder-")]  # no staging left behind


def test_quiz_example_inside_code_is_shown_not_rendered(built):
    page = (built.root / "site" / "basics" / "first.html").read_text()
    assert "::quiz[not-a-quiz-inside-code]" in page
    assert "data-cb-quiz" not in page


def test_quiz_is_an_accessible_form(built):
    page = (built.root / "site" / "basics" / "second.html").read_text()
    assert page.count("<fieldset") == 3 and page.count("<legend") == 3
    assert 'role="status" aria-live="polite"' in page
    assert '<label for="quiz-basics-check--dso-meaning--a">Days sales outstanding</label>' in page
    assert '<meta name="course-builder-page" content="basics/second">' in page


def test_site_names_no_other_host(built):
    """Nothing in the pages loads from the internet (fonts, CDN shims): links in text are fine."""
    for page in (built.root / "site").rglob("*.html"):
        text = page.read_text()
        assert "fonts.googleapis" not in text and "unpkg.com" not in text, page
        assert 'src="http' not in text and 'href="https://fonts' not in text, page


def test_reference_pages_are_in_the_navigation_but_not_required(course, capsys):
    (course / "content" / "aids").mkdir()
    (course / "content" / "aids" / "card.md").write_text("# Pocket card\n\nThree things to do today.\n")
    config = course / "course.yml"
    config.write_text(config.read_text() + "resources:\n  - title: Job aids\n    pages:\n      - aids/card.md\n")
    assert main(["build", str(course)]) == 0
    index = (course / "site" / "index.html").read_text()
    assert "Job aids" in index and "aids/card.html" in index
    data = (course / "site" / "assets" / "course-builder" / "course-data.js").read_text()
    assert "aids/card" not in data  # not a lesson: visiting it is not needed to complete


def test_build_ends_with_a_summary(built):
    out = built.out.splitlines()
    assert "  pages:   3 (the welcome page, 2 lessons, 0 reference pages)" in out
    assert any(
        line.startswith("  package: ") and "mini-course-0.1.0-scorm12.zip (" in line and "KiB)" in line for line in out
    )
    assert any(line.startswith("  saved progress (suspend_data): ") and "SCORM 1.2 allows 4096" in line for line in out)
    table = out[out.index("  questions per objective:") + 1 :]
    assert table[0].split() == ["objective", "questions", "simulation", "decisions"]
    assert table[1].split() == ["measure", "1", "0"] and table[2].split() == ["call", "2", "0"]
    assert out[-1] == "  warnings: none"


def test_summary_warns_of_an_objective_nothing_covers_but_not_of_a_lesson_without_activity(course, capsys):
    config = course / "course.yml"
    config.write_text(
        config.read_text().replace("objectives:\n", "objectives:\n  - id: unused\n    title: Nothing asks.\n")
    )
    assert main(["build", str(course)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-2:] == [
        "  warnings: 1",
        "  warning: objective `unused` has no questions and no simulation decisions: "
        "the LMS will report it without a score (add a question naming it, or remove it from course.yml)",
    ]
    assert not any("first" in line for line in out if "warning" in line)  # basics/first.md has no activity: fine
