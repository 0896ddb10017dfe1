"""Interaction ids and stored responses of the bundled course in its own words
(course_builder/report/answers.py), as the SCORM 1.2 and 2004 packages write them."""

from __future__ import annotations

from pathlib import Path

import pytest

from course_builder.load.course import load_course
from course_builder.report.answers import course_questions, question_for, read_response
from course_builder.report.exports import read_export
from course_builder.runtime.files import report_words

ROOT = Path(__file__).resolve().parent.parent
MOODLE_12 = ROOT / "tests" / "fixtures" / "report" / "moodle-4.5.6-scorm12-interactions.txt"


@pytest.fixture(scope="module")
def course():
    return load_course(ROOT)


@pytest.fixture(scope="module")
def questions(course):
    return course_questions(course)


def test_a_question_in_the_course_words(questions):
    info = question_for(questions, "pre-assessment.pre-cc-statement-request")
    assert info.known and info.is_pre_assessment and info.activity_title
    assert info.prompt.startswith("A customer's AP clerk phones and asks for a statement of all open invoices")
    assert (info.objective, info.type, info.key) == ("calls-or-correspondence", "single", ("a",))
    assert info.objective_title == "Identify when a call should be made and when correspondence should be sent instead."
    final = question_for(questions, "final-assessment.cc-phone-tasks")
    assert (final.kind, final.bank, final.scored, final.is_pre_assessment) == (
        "final-assessment",
        "bank-calls-or-correspondence",
        True,
        False,
    )


def test_choices_both_editions(questions):
    info = questions["intro-check.promise-to-pay-parts"]
    scorm12 = read_response(info, "a,b")
    scorm2004 = read_response(info, "a_specific_amount_and_a_specific_date[,]the_payment_method")
    assert scorm12 == scorm2004
    assert scorm12.chosen == ("a", "b")
    assert scorm12.words == "A specific amount and a specific date; The payment method"
    true_false = questions["intro-check.fdcpa-business-debts"]
    assert read_response(true_false, "t").words == read_response(true_false, "true").words == "True"
    assert true_false.key == ("f",)


def test_matching_both_editions(questions):
    info = questions["calls-check.excuse-responses"]
    scorm12 = read_response(info, "a.a,d.f")
    scorm2004 = read_response(info, "check_in_mail[.]check_specifics[,]dispute[.]attorney_today")
    assert scorm12 == scorm2004
    assert scorm12.chosen == ("a.a", "d.f")
    assert scorm12.words.startswith('"The check is in the mail." → Ask for the check number')
    assert scorm12.words.endswith('"We have a dispute." → Tell the customer the account goes to an attorney today')


def test_ordering_both_editions(questions):
    info = questions["calls-check.call-steps-order"]
    assert read_response(info, "b,a") == read_response(info, "open[,]prepare")
    assert read_response(info, "b,a").words.startswith("Give your name, company, invoice, amount and due date > Review")


def test_typed_answers_are_kept_as_typed(questions):
    assert read_response(questions["intro-check.add-name"], "ADD, the days").words == "ADD, the days"
    assert read_response(questions["intro-check.acme-simple-dso-value"], "40.3").words == "40.3"


def test_a_simulation_step(questions):
    step = questions["missing-invoice.opening"]
    assert (step.kind, step.type, step.objective, step.key) == ("simulation", "step", "collection-call", ("a",))
    assert read_response(step, "b") == read_response(step, "open_vague")


def test_unknown_ids_and_choices_are_kept(questions):
    retired = question_for(questions, "intro-check.retired-question")
    assert (retired.known, retired.activity, retired.question) == (False, "intro-check", "retired-question")
    assert read_response(retired, "b").unknown == ("b",)
    odd = read_response(questions["intro-check.acme-add"], "a,z")
    assert (odd.chosen, odd.unknown) == (("a",), ("z",))


def test_names_are_the_ones_the_packages_send(course, questions):
    """The 2004 words read here are the words the launch page reports (runtime/files.py report_words)."""
    words = report_words(course)
    for quiz_id, by_question in words.items():
        for question_id, shipped in by_question.items():
            info = questions[f"{quiz_id}.{question_id}"]
            if info.type not in ("matching", "ordering"):
                assert shipped["choices"] == {c.letter: c.name for c in info.choices}, info.interaction


def test_every_id_of_the_moodle_fixture_is_found_but_the_retired_one(questions):
    ids = {row.interaction for row in read_export(MOODLE_12) if row.interaction}
    assert {i for i in ids if not question_for(questions, i).known} == {"intro-check.retired-question"}
