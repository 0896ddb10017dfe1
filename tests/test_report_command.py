"""`course-builder report`: a cohort's export in, a page and figures a trainer can act on out.

The cohort here is scripted in a generic CSV (SCORM 1.2 letters) so that every figure is known:
10 learners take the bundled course's final assessment and its pre-assessment.
- calls-or-correspondence: three final questions; learners 0-4 get all three right (100 %), learners
  5-9 only the first (33.3 %): half of them master it (80 % needed). In the pre-assessment everyone
  misses its two questions (0 %), so the gain is g = (66.7 - 0) / (100 - 0) = 0.667.
- prioritize: everyone picks the same wrong choice of one question (difficulty 0: too hard, and a
  distractor beats the key) and gets the other two right: 66.7 % each, nobody masters it.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from course_builder.commands.cli import main
from course_builder.load.course import load_course

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "report"
CALLS = ["cc-pod-request", "cc-stuck-invoice-call", "cc-rule-of-thumb"]
PRIORITIZE = ["pr-new-large-account", "pr-new-old-small-account", "pr-rank-last"]
PRE_CALLS = ["pre-cc-statement-request", "pre-cc-approver-away"]


@pytest.fixture(scope="module")
def course():
    return load_course(REPO)


def _letters(course, quiz: str, question: str) -> tuple[str, str]:
    q = next(q for q in course.quizzes[quiz].questions if q.id == question)
    return next(c.id for c in q.choices if c.correct), next(c.id for c in q.choices if not c.correct)


def cohort_csv(course, path: Path) -> Path:
    rows = []

    def answer(n: int, quiz: str, question: str, right: bool, sequence: int) -> None:
        letter = _letters(course, quiz, question)[0 if right else 1]
        result = "correct" if right else "wrong"
        rows.append([f"Learner Name {n}", f"person{n}@example.com", 1, f"{quiz}.{question}", letter, result, sequence])

    for n in range(10):
        for i, question in enumerate(PRE_CALLS):
            answer(n, "pre-assessment", question, False, i)
        for i, question in enumerate(CALLS):
            answer(n, "final-assessment", question, n < 5 or i == 0, 10 + i)
        for i, question in enumerate(PRIORITIZE):
            answer(n, "final-assessment", question, i != 0, 20 + i)
    rows.append(["Learner Name 0", "person0@example.com", 1, "retired-quiz.old-question", "b", "correct", 99])
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["learner", "email", "attempt", "interaction", "response", "result", "sequence"])
        writer.writerows(rows)
    return path


def run_report(*args: str) -> int:
    return main(["report", *args, "--course", str(REPO)])


def test_the_scripted_cohort_gives_the_figures_it_was_scripted_to(course, tmp_path, capsys):
    export = cohort_csv(course, tmp_path / "cohort.csv")
    out = tmp_path / "out" / "report.html"
    assert run_report(str(export), "-o", str(out)) == 0
    assert "10 learners, 8 questions, 1 ids not in this course" in capsys.readouterr().out
    figures = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    objectives = {o["id"]: o for o in figures["objectives"]}
    assert objectives["calls-or-correspondence"]["mastered"] == 0.5
    assert objectives["prioritize"]["mastered"] == 0.0
    learners, before, after, gain = objectives["calls-or-correspondence"]["gain"]
    assert (learners, before) == (10, 0.0) and after == pytest.approx(200 / 3) and gain == pytest.approx(2 / 3)
    items = {i["info"]["interaction"]: i["stats"] for i in figures["items"]}
    missed = items["final-assessment." + PRIORITIZE[0]]
    assert missed["difficulty"] == 0.0 and {"too-hard", "distractor-beats-key"} <= set(missed["flags"])
    assert items["final-assessment." + CALLS[1]]["difficulty"] == 0.5
    assert figures["unknown"] == {"retired-quiz.old-question": 1}
    page = out.read_text(encoding="utf-8")
    prompt = next(q for q in course.quizzes["final-assessment"].questions if q.id == PRIORITIZE[0]).prompt
    assert prompt.split("\n")[0][:40] in page  # the question in the course's words, not an id
    assert "a wrong choice beats the right one" in page and "retired-quiz.old-question" in page
    assert "Learner Name 3" in page
    questions = list(csv.DictReader(open(out.with_name("report-questions.csv"), encoding="utf-8")))
    assert len(questions) == 8 and {"difficulty", "discrimination", "flags", "prompt"} <= set(questions[0])
    learners = list(csv.DictReader(open(out.with_name("report-learners.csv"), encoding="utf-8")))
    assert len(learners) == 10 and learners[0]["learner"].startswith("Learner Name")
    assert sorted(float(row["calls-or-correspondence"]) >= 80 for row in learners) == [False] * 5 + [True] * 5


def test_a_cohort_too_large_to_list_points_at_the_learners_file(course, tmp_path, monkeypatch):
    from course_builder.report import page

    monkeypatch.setattr(page, "LEARNER_ROWS", 9)
    out = tmp_path / "report.html"
    assert run_report(str(cohort_csv(course, tmp_path / "cohort.csv")), "-o", str(out)) == 0
    text = out.read_text(encoding="utf-8")
    assert "10 learners: too many to list on a page" in text and "report-learners.csv" in text
    assert "Learner Name 3" not in text


def test_pseudonyms_leave_no_name_or_email_in_any_file_and_the_same_input_gives_the_same_bytes(course, tmp_path):
    export = cohort_csv(course, tmp_path / "cohort.csv")
    outputs = []
    for run in ("first", "second"):
        out = tmp_path / run / "report.html"
        assert run_report(str(export), "-o", str(out), "--pseudonymise") == 0
        outputs.append({p.name: p.read_bytes() for p in sorted(out.parent.iterdir())})
    assert outputs[0] == outputs[1] and len(outputs[0]) == 4
    for data in outputs[0].values():
        text = data.decode("utf-8")
        assert "Learner Name" not in text and "example.com" not in text
    assert "Learner 10" in outputs[0]["report.html"].decode()


def test_another_report_is_refused_with_where_and_how_and_the_previous_report_is_untouched(course, tmp_path, capsys):
    out = tmp_path / "report.html"
    assert run_report(str(cohort_csv(course, tmp_path / "cohort.csv")), "-o", str(out)) == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("report")}
    other = tmp_path / "grades.csv"
    other.write_text("Student,Grade\nAna,B\n", encoding="utf-8")
    capsys.readouterr()
    assert run_report(str(other), "-o", str(out)) == 1
    err = capsys.readouterr().err
    assert "grades.csv" in err and "fix:" in err and "Traceback" not in err
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("report")} == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_the_charts_are_static_svg_named_for_screen_readers_and_left_out_plainly_without_the_extra(
    course, tmp_path, capsys, monkeypatch
):
    from course_builder.report import charts

    export = cohort_csv(course, tmp_path / "cohort.csv")
    out = tmp_path / "with" / "report.html"
    assert run_report(str(export), "-o", str(out)) == 0
    page = out.read_text(encoding="utf-8")
    assert page.count('<svg role="img" aria-label="') == 3  # mastery, before and after, the questions
    assert "<script" not in page and "http" not in page.replace("http://www.w3.org", "")  # offline, inert
    monkeypatch.setattr(charts, "available", lambda: False)
    capsys.readouterr()
    out = tmp_path / "without" / "report.html"
    assert run_report(str(export), "-o", str(out)) == 0
    assert "charts left out" in capsys.readouterr().out
    page = out.read_text(encoding="utf-8")
    assert "<svg" not in page and "course-builder[report]" in page and "50%" in page


def test_a_moodle_download_reads_in_the_course_words(tmp_path, capsys):
    out = tmp_path / "report.html"
    assert run_report(str(FIXTURES / "moodle-4.5.6-scorm12-interactions.txt"), "-o", str(out)) == 0
    assert "learners" in capsys.readouterr().out
    figures = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert figures["items"] and all(item["info"]["prompt"] for item in figures["items"])


def test_a_missing_file_and_a_bad_column_mapping_are_clear(tmp_path, capsys):
    assert run_report(str(tmp_path / "nowhere.csv")) == 1
    assert "nowhere.csv: no such file" in capsys.readouterr().err
    (tmp_path / "x.csv").write_text("learner,interaction,result\n", encoding="utf-8")
    assert run_report(str(tmp_path / "x.csv"), "--column", "learner") == 1
    assert "FIELD=HEADER" in capsys.readouterr().err
