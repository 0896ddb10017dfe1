"""The trainer's guide travels with the tool: a new course holds a copy (GUIDE.md) that its files point to,
and `course-builder docs` says where the guide is or writes a copy. tests/test_trainer_install.py does the
same from an installed wheel."""

from __future__ import annotations

from pathlib import Path

from course_builder.commands import paths
from course_builder.commands.cli import main

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "authoring.md"


def test_a_new_course_holds_the_guide_its_files_point_to(tmp_path, capsys):
    assert main(["new", "course", str(tmp_path / "c")]) == 0
    assert "GUIDE.md" in capsys.readouterr().out
    course = tmp_path / "c"
    assert (course / "GUIDE.md").read_text(encoding="utf-8") == GUIDE.read_text(encoding="utf-8")
    for file in ("course.yml", "quizzes/getting-started-check.yml", "content/getting-started/welcome.md"):
        text = (course / file).read_text()
        assert "GUIDE.md" in text and "docs/authoring.md" not in text, file
    assert main(["check", str(course)]) == 0  # the guide beside course.yml is no lesson


def test_docs_says_where_the_guide_is_and_writes_a_copy_once(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["docs"]) == 0
    assert str(GUIDE) in capsys.readouterr().out
    assert main(["docs", "--write", "GUIDE.md"]) == 0
    assert (tmp_path / "GUIDE.md").read_text(encoding="utf-8") == GUIDE.read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["docs", "--write", "GUIDE.md"]) == 1  # never over a file
    assert "GUIDE.md: the file already exists; nothing was written" in capsys.readouterr().err


def test_without_a_course_here_or_beside_the_package_the_current_folder_is_the_course(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(paths, "BUNDLED_COURSE", tmp_path / "installed-package-has-no-course")
    assert main(["check"]) == 1
    assert f"no course.yml in {tmp_path}" in capsys.readouterr().err
