"""Counts read right for one: "1 module", "1 problem", never "1 modules" or "1 problem(s)"."""

from __future__ import annotations

import shutil
from pathlib import Path

from course_builder.commands.cli import main
from course_builder.core.wording import counted
from course_builder.errors import Problem
from course_builder.site.preview import problem_banner

FIXTURES = Path(__file__).parent / "fixtures"


def test_counted_agrees_with_its_number():
    assert counted(1, "module") == "1 module"
    assert counted(2, "module") == "2 modules"
    assert counted(0, "simulation") == "0 simulations"
    assert counted(1, "quiz", "quizzes") == "1 quiz"
    assert counted(3, "quiz", "quizzes") == "3 quizzes"


def test_check_and_its_problems_count_in_words(tmp_path, capsys):
    root = tmp_path / "course"
    shutil.copytree(FIXTURES / "mini_course", root)
    assert main(["check", str(root)]) == 0
    assert "(2 lessons, 1 quiz, 3 questions, 0 simulations)" in capsys.readouterr().out

    (root / "course.yml").write_text(
        (root / "course.yml").read_text().replace("passing_score: 80", "passing_score: 800")
    )
    assert main(["check", str(root)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("1 problem found:\ncourse.yml:"), err


def test_preview_banner_counts_and_locates_each_problem():
    one = problem_banner([Problem("unknown key `explenation`", "quizzes/a.yml", 16, 5, "did you mean `explanation`?")])
    assert "The course has 1 problem</h2>" in one
    assert '<span class="cb-preview-problems__where">quizzes/a.yml:16:5</span>' in one
    assert "unknown key <code>explenation</code>" in one and "<strong>Fix:</strong> did you mean" in one
    two = problem_banner([Problem("a <b>", "x.yml"), Problem("b")])
    assert "The course has 2 problems</h2>" in two
    assert "a &lt;b&gt;" in two  # the trainer's text is shown, not run
