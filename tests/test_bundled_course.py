"""The bundled course as its reviewers read it: what the assessments measure, and the slips not to repeat.

These check the course (content/, quizzes/), not the builder: each one is a finding of a subject-matter
review (issue 13) that a later edit could bring back.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from course_builder.commands.cli import main
from course_builder.load.course import load_course

REPO = Path(__file__).parent.parent
# The brief's four main objectives, plus law and ethics: without it no score shows anyone knows Reg F.
FINAL_OBJECTIVES = ["calls-or-correspondence", "prioritize", "agencies-attorneys", "quick-wins", "law-ethics"]


@pytest.fixture(scope="module")
def course():
    return load_course(REPO)


def lessons_text() -> dict[str, str]:
    """Everything a learner reads: lessons, quizzes, banks and simulations."""
    files = [
        *(REPO / "content").rglob("*.md"),
        *(REPO / "quizzes").rglob("*.yml"),
        *(REPO / "simulations").glob("*.yml"),
    ]
    return {str(p.relative_to(REPO)): p.read_text(encoding="utf-8") for p in sorted(files)}


def test_the_bundled_course_checks_clean(capsys):
    assert main(["check", str(REPO)]) == 0, capsys.readouterr()


def test_the_final_scores_each_objective_from_its_own_bank_and_a_retake_draws_new_questions(course):
    final = course.quizzes["final-assessment"]
    assert final.scored
    by_bank = {draw.bank: draw.count for draw in final.draws}
    objectives = {}
    for bank, count in by_bank.items():
        questions = [q for q in final.questions if q.bank == bank]
        assert len(questions) >= 2 * count, f"{bank}: a retake could not draw {count} questions not asked before"
        assert len({q.objective for q in questions}) == 1, f"{bank} mixes objectives"
        objectives[questions[0].objective] = count
    assert objectives == {objective: 5 for objective in FINAL_OBJECTIVES}


def test_the_pre_assessment_asks_five_questions_per_objective_of_the_final(course):
    pre = course.quizzes["pre-assessment"]
    assert Counter(q.objective for q in pre.questions) == {objective: 5 for objective in FINAL_OBJECTIVES}


def test_not_legal_advice_is_said_once_plainly():
    said = {path: len(re.findall(r"not legal advice", text, re.IGNORECASE)) for path, text in lessons_text().items()}
    assert {path: n for path, n in said.items() if n} == {"content/index.md": 1}


def test_the_home_page_outlines_every_module(course):
    home = (REPO / "content" / "index.md").read_text(encoding="utf-8")
    missing = [module.title for module in course.modules if module.title not in home]
    assert not missing and "Further modules follow" not in home


@pytest.mark.parametrize(
    "slip, why",
    [
        (r"no one may sue", "the time-barred rule binds debt collectors; a creditor faces a limitations defense"),
        (
            r"calls? (that|which) do(es)? not connect\b(?! to the (dialed|number))(?! \(busy)",
            "only calls that do not connect to the dialed number are excluded from 7-in-7; voicemail counts",
        ),
        (
            r"fail(ing|ure)? to report (that )?(a|the) debt (is )?disputed",
            "there is no duty to report; what is reported must say disputed",
        ),
    ],
)
def test_legal_slips_found_in_review_stay_fixed(slip, why):
    lessons = {
        path: text for path, text in lessons_text().items() if path.endswith(".md")
    }  # quizzes offer slips as wrong choices
    found = [path for path, text in lessons.items() if re.search(slip, " ".join(text.split()), re.IGNORECASE)]
    assert not found, f"{why}: {found}"


def test_every_mention_of_revoke_all_gives_the_postponed_date():
    for path, text in lessons_text().items():
        for paragraph in re.split(r"\n\s*\n", text):
            if re.search(r"revoke-all", paragraph, re.IGNORECASE):
                assert "January 31, 2027" in " ".join(paragraph.split()), (path, paragraph[:200])
