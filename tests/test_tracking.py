"""What a package stores in the LMS: the compact suspend_data format, its budget, and stable ids."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from course_builder.commands.cli import main
from course_builder.core.progress import fnv1a_32, short_key, suspend_budget, tracking_keys, worst_case_state
from course_builder.load.course import load_course

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def course_dir(tmp_path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(FIXTURES / "mini_course", root)
    return root


def test_keys_are_short_stable_hashes_of_names():
    assert len(short_key("basics/first")) == 4
    assert short_key("basics/first") != short_key("basics/second")
    # Published FNV-1a test vectors: stored keys must never drift between releases.
    assert fnv1a_32("a") == 0xE40C292C and fnv1a_32("foobar") == 0xBF9CF968
    assert short_key("a") == format_base36(0xE40C292C % 36**4)


def format_base36(value: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    return "".join(digits[(value // 36**p) % 36] for p in (3, 2, 1, 0))


def test_budget_of_the_bundled_course_is_far_below_the_scorm12_limit():
    course = load_course(Path(__file__).parent.parent)
    budget = suspend_budget(course)
    assert budget.completed <= budget.worst_case < 4096


def test_the_worst_case_counts_one_letter_for_a_radio_question_and_every_letter_for_a_multiple_one(course_dir):
    course = load_course(course_dir)
    state = worst_case_state(course)
    keys = tracking_keys(course)
    seen = set()
    for quiz in course.quizzes.values():
        best = state.quizzes[keys["quizzes"][quiz.id]].best_answers
        for q in quiz.questions:
            answer = best[keys["questions"][quiz.id][q.id]]
            if q.type in ("single", "true-false"):  # a radio group holds one choice
                assert len(answer) == 1, q.id
            elif q.type == "multiple":  # every box ticked
                assert answer == "".join(c.id for c in q.choices), q.id
            seen.add(q.type)
    assert {"single", "multiple"} <= seen


def big_quiz(quiz_id: str, questions: int) -> dict:
    return {
        "id": quiz_id,
        "title": quiz_id,
        "questions": [
            {
                "id": f"q{i}",
                "type": "multiple",
                "objective": "measure",
                "prompt": "Which?",
                "explanation": "Because.",
                "choices": [{"text": f"choice {c}", "correct": c < 3, "feedback": "ok"} for c in range(8)],
            }
            for i in range(questions)
        ],
    }


def test_a_course_that_could_overflow_scorm12_is_refused_but_builds_for_2004(course_dir, capsys):
    lesson = course_dir / "content" / "basics" / "second.md"
    for n in range(12):
        (course_dir / "quizzes" / f"big-{n}.yml").write_text(yaml.safe_dump(big_quiz(f"big-{n}", 25)))
        lesson.write_text(lesson.read_text() + f"\n::quiz[big-{n}]\n")
    assert main(["build", str(course_dir)]) == 1
    err = capsys.readouterr().err
    assert "could reach" in err and "over SCORM 1.2's limit of 4096 (cmi.suspend_data)" in err
    assert "--format scorm2004" in err
    assert not (course_dir / "dist").exists()  # refused before anything was written
    assert main(["build", str(course_dir), "--format", "scorm2004"]) == 0


def test_build_summary_reports_the_budget(course_dir, capsys):
    # Counted by hand for the mini course (2 lessons; 1 quiz: a single, a multiple of 3 choices, a true-false),
    # keys 4 characters each. Completed, 47: "2~" + last lesson + "~" + both lessons + "~"
    # + "quiz:3:1:s:" + "q1a,q2ab,q3f" + ":=". Worst, 66: "2~" + first lesson + "~" + both lessons + "~"
    # + "quiz:3:99:p:" + "q1b,q2abc,q3f" + ":" + "q1x,q2ab,q3x".
    assert main(["build", str(course_dir)]) == 0
    out = capsys.readouterr().out
    assert (
        "saved progress (suspend_data): 47 characters after the whole course, 66 at worst; SCORM 1.2 allows 4096"
    ) in out


def test_editing_adding_and_reordering_keeps_every_key(course_dir):
    before = tracking_keys(load_course(course_dir))
    config = course_dir / "course.yml"
    text = config.read_text()
    # Reorder the lessons, add one, and reword a question.
    text = text.replace(
        "      - basics/first.md\n      - basics/second.md\n",
        "      - basics/second.md\n      - basics/new.md\n      - basics/first.md\n",
    )
    config.write_text(text)
    (course_dir / "content" / "basics" / "new.md").write_text("# New lesson\n")
    quiz = course_dir / "quizzes" / "basics-check.yml"
    quiz.write_text(quiz.read_text().replace("What does **DSO** measure?", "What does DSO stand for?"))
    after = tracking_keys(load_course(course_dir))
    assert {k: v for k, v in after["lessons"].items() if k in before["lessons"]} == before["lessons"]
    assert after["quizzes"] == before["quizzes"] and after["questions"] == before["questions"]
