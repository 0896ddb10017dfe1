"""Fill-in, numeric, matching and ordering questions: answered by keyboard in real Chromium, graded with
partial credit where the trainer allows it, kept across a reload, and reported to the LMS with their
SCORM interaction types and response patterns in both editions."""

from __future__ import annotations

from pathlib import Path

import pytest
from harness.courses import FIXTURES, build_fixture, copy_fixture

from course_builder.commands.cli import main
from course_builder.core.answer_key import entry_tokens, target_tokens
from course_builder.load.course import load_course

QUIZ = "#quiz-types-check"
EDITIONS = ["scorm12", "scorm2004"]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = copy_fixture("types_course", tmp_path_factory.mktemp("types-site"))
    assert main(["build", str(root), "--format", "scorm12"]) == 0
    return root / "site"


@pytest.fixture(scope="module")
def packages(tmp_path_factory) -> dict[str, Path]:
    return build_fixture("types_course", tmp_path_factory.mktemp("types-packages"))


def field(name: str) -> str:
    return f"{QUIZ}--{name}"


# The page knows matching targets and ordering entries by tokens, not letters (answer_key.tokens).
_QUESTIONS = {q.id: q for q in load_course(FIXTURES / "types_course").quizzes["types-check"].questions}
TARGET = target_tokens("types-check", _QUESTIONS["excuses"])
ENTRY = entry_tokens("types-check", _QUESTIONS["call-steps"])
LETTER = {token: letter for letter, token in ENTRY.items()}


def focused_label(page) -> str:
    return page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()")


def tab_to(page, element_id: str) -> None:
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} not reachable with Tab")


def pick(page, select_id: str, downs: int) -> None:
    """Choose a match by keyboard: options after "Choose a match" are sorted by their text."""
    tab_to(page, select_id)
    for _ in range(downs):
        page.keyboard.press("ArrowDown")


def move_up(page, item: str, times: int) -> None:
    button = f'{QUIZ} [data-cb-item="{ENTRY[item]}"] .cb-order__up'
    page.focus(button)
    for _ in range(times):
        page.keyboard.press("Enter")


def order(page) -> list[str]:
    return [
        LETTER[t] for t in page.eval_on_selector_all(f"{QUIZ} .cb-order__item", "els => els.map(e => e.dataset.cbItem)")
    ]


def answer_by_keyboard(page, *, fill_in: str, number: str, band: str, third_match_downs: int, prepare_ups: int):
    """Matches sorted by text: Ask for the check.. (1), Ask who approves.. (2), Resend.. (3), Threaten.. (4)."""
    page.focus(f"{QUIZ} .cb-quiz__title")
    tab_to(page, "quiz-types-check--dso-name--answer")
    page.keyboard.type(fill_in)
    tab_to(page, "quiz-types-check--dso-value--answer")
    page.keyboard.type(number)
    tab_to(page, "quiz-types-check--cei-band--answer")
    page.keyboard.type(band)
    pick(page, "quiz-types-check--excuses--a", 1)
    pick(page, "quiz-types-check--excuses--b", 3)
    pick(page, "quiz-types-check--excuses--c", third_match_downs)
    move_up(page, "a", prepare_ups)  # "Prepare" (a) is shown second: Ask, Prepare, Document (answer_key.shown_order)


def submit_by_keyboard(page):
    page.focus(f"{QUIZ} .cb-quiz__submit")
    page.keyboard.press("Enter")
    return page.inner_text(f"{QUIZ} .cb-quiz__result")


def test_every_type_answered_by_keyboard_and_graded_right(page, site):
    page.goto((site / "basics" / "second.html").as_uri())
    # Case and spacing do not matter; "$" and the unit may be typed.
    answer_by_keyboard(
        page, fill_in="  Days   SALES outstanding ", number="$40.3", band="85 %", third_match_downs=2, prepare_ups=1
    )
    assert order(page) == ["a", "b", "c"]
    assert "Passed. You earned 9 of 9 points (100%)" in submit_by_keyboard(page)
    for name in ("dso-name", "dso-value", "cei-band", "excuses", "call-steps"):
        assert page.inner_text(f'{QUIZ} [data-cb-question="{name}"] .cb-verdict') == "\u2714 Correct."
    # The figures a question needs are shown with it, as a table.
    assert page.locator(f'{QUIZ} [data-cb-question="dso-value"] .cb-question__context table').count() == 1
    # Graded answers are locked.
    assert page.is_disabled(field("excuses--a")) and page.is_disabled(
        f'{QUIZ} [data-cb-item="{ENTRY["a"]}"] .cb-order__up'
    )


def test_partial_credit_and_wrong_answers_explain_themselves(page, site):
    page.goto((site / "basics" / "second.html").as_uri())
    answer_by_keyboard(page, fill_in="DSOs", number="41", band="80", third_match_downs=4, prepare_ups=0)
    assert order(page) == ["b", "a", "c"]  # Ask, Prepare, Document: 2 of 3 pairs in order
    # 1 (range) + 2 of 3 (matching) + 2 of 3 (ordering) = 5 of 9.
    assert "Not passed yet. You earned 5 of 9 points (56%)" in submit_by_keyboard(page)

    def feedback(name: str) -> str:
        return page.inner_text(f'{QUIZ} [data-cb-question="{name}"] .cb-question__feedback')

    assert "\u2716 Incorrect." in feedback("dso-name")
    assert "Accepted answers: DSO; days sales outstanding." in feedback("dso-name")
    assert "Right answer: 40.3 days (anything from 40.2 to 40.4 counts)." in feedback("dso-value")
    assert "\u2714 Correct." in feedback("cei-band")
    matching = feedback("excuses")
    assert "\u25d0 Partly correct: 2 of 3 points." in matching
    assert "The approver is away \u2192 Ask who approves in their absence" in matching
    # Each premise says whether its match was right, in words, not colour alone.
    marks = page.locator(f"{QUIZ} .cb-match__mark").all_inner_texts()
    assert marks == ["\u2714 right", "\u2714 right", "\u2716 not right"]
    assert "\u25d0 Partly correct: 2 of 3 points." in feedback("call-steps")
    assert "Right order:\nPrepare\nAsk for payment\nDocument the call" in feedback("call-steps")


def test_incomplete_answers_are_named_before_grading(page, site):
    page.goto((site / "basics" / "second.html").as_uri())
    page.fill(field("dso-name--answer"), "DSO")
    page.fill(field("dso-value--answer"), "forty")
    page.select_option(field("excuses--a"), TARGET["a"])
    submit_by_keyboard(page)
    assert page.inner_text(f"{QUIZ} .cb-quiz__status") == (
        "Answer every question before checking. Not answered yet: question 3. "
        "Question 2: the answer is not a number. Question 4: not every item has a match. Each one is marked above."
    )
    assert page.inner_text(f"{QUIZ} .cb-quiz__result") == ""  # nothing graded
    assert focused_label(page) == "quiz-types-check--dso-value--answer"
    assert page.is_visible(f"{QUIZ} .cb-quiz__submit")


def test_moving_an_entry_is_announced_and_focus_stays_on_it(page, site):
    page.goto((site / "basics" / "second.html").as_uri())
    move_up(page, "c", 1)
    assert page.inner_text(f"{QUIZ} .cb-order__status") == "Document the call: position 2 of 3."
    assert page.get_attribute(f"{QUIZ} .cb-order__status", "aria-live") == "polite"
    page.keyboard.press("Enter")
    # At the top, Up can do no more: focus goes to the entry's Down button, still on the same entry.
    assert page.evaluate("document.activeElement.closest('[data-cb-item]').dataset.cbItem") == ENTRY["c"]
    assert page.evaluate("document.activeElement.classList.contains('cb-order__down')")


def test_answers_in_progress_survive_a_reload(page, site):
    page.goto((site / "basics" / "second.html").as_uri())
    page.fill(field("dso-name--answer"), "Days, sales: outstanding")  # separators of saved progress
    page.fill(field("dso-value--answer"), "1,050,000")
    page.keyboard.press("Tab")
    page.select_option(field("excuses--b"), TARGET["c"])
    move_up(page, "a", 1)
    page.reload()
    assert page.input_value(field("dso-name--answer")) == "Days, sales: outstanding"
    assert page.input_value(field("dso-value--answer")) == "1050000"
    assert page.input_value(field("excuses--a")) == ""
    assert page.input_value(field("excuses--b")) == TARGET["c"]
    assert order(page) == ["a", "b", "c"]


# What the LMS gets for the answers of test_partial_credit_and_wrong_answers_explain_themselves.
EXPECTED = {
    "scorm12": {
        "dso-name": ("fill-in", ["DSO", "days sales outstanding"], "DSOs", "wrong"),
        "dso-value": ("numeric", ["40.3"], "41", "wrong"),
        "cei-band": ("numeric", ["85"], "80", "correct"),
        "excuses": ("matching", ["a.a,b.b,c.c"], "a.a,b.b,c.d", "0.67"),
        "call-steps": ("sequencing", ["a,b,c"], "b,a,c", "0.67"),
    },
    "scorm2004": {
        "dso-name": (
            "fill-in",
            ["{case_matters=false}DSO", "{case_matters=false}days sales outstanding"],
            "DSOs",
            "incorrect",
        ),
        "dso-value": ("numeric", ["40.2[:]40.4"], "41", "incorrect"),
        "cei-band": ("numeric", ["80[:]90"], "80", "correct"),
        "excuses": (
            "matching",
            ["in_the_mail[.]check_details[,]no_invoice[.]resend_now[,]approver_away[.]who_else"],
            "in_the_mail[.]check_details[,]no_invoice[.]resend_now[,]approver_away[.]threaten_legal_action",
            "0.67",
        ),
        "call-steps": ("sequencing", ["prepare[,]ask[,]document"], "ask[,]prepare[,]document", "0.67"),
    },
}


@pytest.mark.parametrize("edition", EDITIONS)
def test_each_type_is_reported_with_its_interaction_type_and_patterns(lms, packages, edition):
    session = lms.open(packages[edition], edition)
    frame = session.frame("#cb-content")
    frame.click("a.md-footer__link--next")
    frame = session.frame("#cb-content")
    frame.fill(field("dso-name--answer"), "DSOs")
    frame.fill(field("dso-value--answer"), "41")
    frame.fill(field("cei-band--answer"), "80")
    for premise, target in (("a", "a"), ("b", "b"), ("c", "d")):
        frame.select_option(field(f"excuses--{premise}"), TARGET[target])
    # Shown as Ask, Prepare, Document (answer_key.shown_order): left as it is.
    frame.click(f"{QUIZ} .cb-quiz__submit")
    assert "You earned 5 of 9 points" in frame.inner_text(f"{QUIZ} .cb-quiz__result")
    frame.click("button.cb-exit")
    session.wait_for_terminate()
    session.assert_clean()  # every value passed scorm-again's own type and pattern checks

    reported = {i["id"].removeprefix("types-check."): i for i in session.interactions()}
    assert set(reported) == set(EXPECTED[edition])
    for name, (kind, patterns, response, result) in EXPECTED[edition].items():
        got = reported[name]
        assert (got["type"], got["correct_responses"], got["learner_response"], got["result"]) == (
            kind,
            patterns,
            response,
            result,
        ), name
    assert reported["excuses"]["weighting"] == "3"
    assert reported["excuses"]["objectives"] == ["call"]
