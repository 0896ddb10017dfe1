"""What a learner reads after Check, in Chromium at 1280 and 375 px: the result first (and focused), each
choice marked right or wrong on itself, every question not answered yet marked in place, the
pre-assessment as a starting point (never "not passed"), and the final assessment's before/now table.
Each state is checked with axe (WCAG 2.1 A/AA) and photographed."""

from __future__ import annotations

from pathlib import Path

import pytest
from harness.courses import copy_fixture
from test_accessibility import assert_clean, axe_violations

from course_builder.commands.build import build

QUIZ = "#quiz-basics-check"
PRE = "#quiz-pre-assessment"
FINAL = "#quiz-final-assessment"
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}
MINUS = "\u2212"


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """The mini course (one quiz of single, multiple and true-false questions; a calculator added), the
    types course and the assessment course (a pre-assessment and a final assessment drawn from banks), built."""
    roots = {
        name: copy_fixture(name, tmp_path_factory.mktemp(name))
        for name in ("mini_course", "types_course", "assessment_course", "sim_course")
    }
    first = roots["mini_course"] / "content" / "basics" / "first.md"
    first.write_text(first.read_text() + "\n::calculator[cei]\n")
    # A table of figures wider than a phone, as some questions of the bundled course have.
    quiz = next((roots["types_course"] / "quizzes").glob("*.yml"))
    quiz.write_text(
        quiz.read_text().replace(
            "      | Ending AR | Credit sales | Days |\n      |---|---|---|\n      | $470,000 | $1,050,000 | 90 |\n",
            "      | Ending AR | Credit sales | Days | Current AR | Past due AR | Disputed AR |\n"
            "      |---|---|---|---|---|---|\n"
            "      | $470,000 | $1,050,000 | 90 | $410,000 | $60,000 | $12,500 |\n",
        )
    )
    return {name: build(root, editions=()).site_dir for name, root in roots.items()}


@pytest.fixture(params=list(WIDTHS))
def width(request, page) -> str:
    page.set_viewport_size(WIDTHS[request.param])
    return request.param


def open_page(page, site: Path, path: str) -> None:
    page.goto((site / path).as_uri())
    page.evaluate("localStorage.clear()")  # a fresh learner
    page.reload()


def fits(page, width: str) -> None:
    """Nothing needs scrolling sideways: the page is no wider than the window."""
    wide = page.evaluate("document.scrollingElement.scrollWidth")
    assert wide <= WIDTHS[width]["width"], f"{wide} px wide at {WIDTHS[width]['width']} px"


def shoot(page, tmp_path: Path, name: str, selector: str) -> None:
    path = tmp_path / f"{name}.png"
    page.locator(selector).screenshot(path=str(path))
    assert path.stat().st_size > 1000


def marks(page, question: str, quiz: str = QUIZ) -> dict[str, str]:
    """Each choice's mark as shown (choice id -> text; "" for no mark)."""
    return page.eval_on_selector_all(
        f'{quiz} [data-cb-question="{question}"] .cb-choice',
        "els => Object.fromEntries(els.map(e => [e.dataset.cbChoice, e.querySelector('.cb-choice__mark').innerText]))",
    )


def focused(page) -> str:
    return page.evaluate("document.activeElement.id || document.activeElement.className")


def test_a_checked_quiz_marks_each_choice_and_says_the_result_first(page, sites, width, tmp_path):
    open_page(page, sites["mini_course"], "basics/second.html")
    page.check(f"{QUIZ}--dso-meaning--a")  # right
    page.check(f"{QUIZ}--call-when--a")  # one of the two right ones: not right
    page.check(f"{QUIZ}--fdcpa-b2b--t")  # wrong
    page.click(f"{QUIZ} .cb-quiz__submit")

    # The result comes first and takes focus, so a screen reader says it next.
    result = page.locator(f"{QUIZ} .cb-quiz__result")
    assert result.inner_text().split("\n")[0] == (
        "\u2716 Not passed yet. You earned 1 of 3 points (33%). The pass mark is 50%."
    )
    assert "1 of 3 questions right. Each question below shows your answer, the right one and why." in (
        result.inner_text()
    )
    assert focused(page) == "quiz-basics-check-result" and result.get_attribute("tabindex") == "-1"
    assert result.get_attribute("role") == "status"  # and announced
    first_question = page.locator(f'{QUIZ} [data-cb-question="dso-meaning"]')
    assert result.bounding_box()["y"] + result.bounding_box()["height"] <= first_question.bounding_box()["y"]
    assert result.is_visible() and page.evaluate(
        "(() => { const r = document.activeElement.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight })()"
    ), "the focused result is in view"

    # The learner's own choice says right or not right on itself; a right one missed says so too.
    assert marks(page, "dso-meaning") == {"a": "\u2714 Your answer: right", "b": ""}
    assert marks(page, "call-when") == {"a": "\u2714 Your answer: right", "b": "\u2714 Right answer", "c": ""}
    assert marks(page, "fdcpa-b2b") == {"t": "\u2716 Your answer: not right", "f": "\u2714 Right answer"}
    wrong = page.locator(f'{QUIZ} [data-cb-choice="t"]')
    assert "cb-choice--wrong" in wrong.get_attribute("class")
    mark_box, choice_box = wrong.locator(".cb-choice__mark").bounding_box(), wrong.bounding_box()
    assert (
        choice_box["y"] <= mark_box["y"]
        and mark_box["y"] + mark_box["height"] <= choice_box["y"] + choice_box["height"]
    )
    # The icon is decoration; the words are what a screen reader reads.
    assert wrong.locator(".cb-choice__mark [aria-hidden=true]").inner_text().strip() == "\u2716"
    assert "\u2716 Incorrect." in page.inner_text(f'{QUIZ} [data-cb-question="fdcpa-b2b"] .cb-verdict')
    fits(page, width)
    assert_clean(axe_violations(page, f"checked quiz at {width}", served=False))
    shoot(page, tmp_path, f"quiz-checked-{width}", QUIZ)

    # Coming back: the same marks and result, but focus stays where the browser puts it.
    page.reload()
    assert marks(page, "fdcpa-b2b") == {"t": "\u2716 Your answer: not right", "f": "\u2714 Right answer"}
    assert "Not passed yet." in page.inner_text(f"{QUIZ} .cb-quiz__result")
    assert page.evaluate("document.activeElement === document.body")

    # Trying again clears every mark.
    page.click(f"{QUIZ} .cb-quiz__retry")
    assert marks(page, "fdcpa-b2b") == {"t": "", "f": ""}
    assert page.locator(f"{QUIZ} .cb-choice--wrong, {QUIZ} .cb-choice--right, {QUIZ} .cb-choice--missed").count() == 0
    assert page.inner_text(f"{QUIZ} .cb-quiz__result") == ""


def test_a_passed_quiz_says_so_first(page, sites, width):
    open_page(page, sites["mini_course"], "basics/second.html")
    for choice in ("dso-meaning--a", "call-when--a", "call-when--b", "fdcpa-b2b--f"):
        page.check(f"{QUIZ}--{choice}")
    page.click(f"{QUIZ} .cb-quiz__submit")
    summary = page.inner_text(f"{QUIZ} .cb-quiz__summary")
    assert summary == "\u2714 Passed. You earned 3 of 3 points (100%). The pass mark is 50%."
    assert focused(page) == "quiz-basics-check-result"
    assert marks(page, "call-when") == {"a": "\u2714 Your answer: right", "b": "\u2714 Your answer: right", "c": ""}


def missing_state(page, question: str) -> dict:
    return page.eval_on_selector(
        f'{QUIZ} [data-cb-question="{question}"]',
        """f => {
          const note = f.querySelector('.cb-question__missing');
          return {
            marked: f.classList.contains('cb-question--missing'),
            note: note.hidden ? '' : note.innerText,
            described: f.getAttribute('aria-describedby') === note.id,
            invalid: [...f.querySelectorAll('input, select')].map(i => i.getAttribute('aria-invalid')),
            outline: getComputedStyle(f).outlineStyle + ' ' + getComputedStyle(f).outlineWidth,
            icon: getComputedStyle(note, '::before').content,
          };
        }""",
    )


def test_checking_too_early_marks_each_question_not_answered_until_it_is(page, sites, width, tmp_path):
    open_page(page, sites["mini_course"], "basics/second.html")
    page.check(f"{QUIZ}--dso-meaning--a")
    page.click(f"{QUIZ} .cb-quiz__submit")

    status = page.locator(f"{QUIZ} .cb-quiz__status")
    assert status.get_attribute("role") == "status"
    assert status.inner_text() == (
        "Answer every question before checking. Not answered yet: questions 2 and 3. Each one is marked above."
    )
    for question in ("call-when", "fdcpa-b2b"):
        state = missing_state(page, question)
        assert state["marked"] and state["described"], state
        assert state["note"] == "Not answered yet." and "\u26a0" in state["icon"], state
        assert set(state["invalid"]) == {"true"}, state
        assert state["outline"] == "solid 2px", state
    answered = missing_state(page, "dso-meaning")
    assert not answered["marked"] and answered["note"] == "" and set(answered["invalid"]) == {None}
    assert focused(page) == "quiz-basics-check--call-when--a"  # the first one to answer
    assert page.inner_text(f"{QUIZ} .cb-quiz__result") == ""  # nothing graded
    fits(page, width)
    assert_clean(axe_violations(page, f"early check at {width}", served=False))
    shoot(page, tmp_path, f"quiz-early-{width}", QUIZ)

    # Answering a question clears its mark at once; the others stay marked.
    page.check(f"{QUIZ}--call-when--b")
    cleared = missing_state(page, "call-when")
    assert not cleared["marked"] and cleared["note"] == "" and not cleared["described"], cleared
    assert set(cleared["invalid"]) == {None}, cleared
    assert missing_state(page, "fdcpa-b2b")["marked"]
    assert (
        status.inner_text()
        == "Answer every question before checking. Not answered yet: question 3. It is marked above."
    )
    page.check(f"{QUIZ}--fdcpa-b2b--f")
    assert not missing_state(page, "fdcpa-b2b")["marked"]
    assert status.inner_text() == ""
    page.click(f"{QUIZ} .cb-quiz__submit")
    assert "Passed." in page.inner_text(f"{QUIZ} .cb-quiz__result")


def test_typed_and_matching_answers_not_ready_are_marked_too(page, sites, width):
    types = "#quiz-types-check"
    open_page(page, sites["types_course"], "basics/second.html")
    # A question's wide table of figures scrolls in its own box (in the tab order then), not the page.
    fits(page, width)
    scrolls = page.eval_on_selector(
        f'{types} [data-cb-question="dso-value"] .md-typeset__scrollwrap',
        "box => [box.scrollWidth > box.clientWidth, box.tabIndex]",
    )
    assert scrolls == ([True, 0] if width == "phone" else [False, -1]), scrolls
    page.fill(f"{types}--dso-name--answer", "DSO")
    page.fill(f"{types}--dso-value--answer", "forty")
    first_select = page.locator(f'{types} [data-cb-question="excuses"] select').first
    first_select.select_option(index=1)
    page.click(f"{types} .cb-quiz__submit")

    def note(question: str) -> str:
        return page.inner_text(f'{types} [data-cb-question="{question}"] .cb-question__missing')

    assert "Not answered yet: the answer is not a number." in note("dso-value")
    assert "Not answered yet." in note("cei-band")
    assert "Not answered yet: not every item has a match." in note("excuses")
    # Only the matches still to choose are invalid, not the one chosen.
    invalid = page.eval_on_selector_all(
        f'{types} [data-cb-question="excuses"] select', "els => els.map(e => e.getAttribute('aria-invalid'))"
    )
    assert invalid == [None, "true", "true"]
    # Typing a number clears the mark as the learner types, before the box loses focus.
    page.locator(f"{types}--dso-value--answer").fill("40.3")
    assert page.locator(f'{types} [data-cb-question="dso-value"] .cb-question__missing').is_hidden()
    assert page.get_attribute(f"{types}--dso-value--answer", "aria-invalid") is None
    assert page.locator(f'{types} [data-cb-question="cei-band"] .cb-question__missing').is_visible()


STARTING_POINT = "This is your starting point: the final assessment shows what you have gained, objective by objective."


def assert_a_starting_point(text: str) -> None:
    assert STARTING_POINT in text, text
    for never in ("not passed", "passed", "try again", "pass mark is", "best result so far"):
        assert never not in text.lower(), (never, text)


def take_pre_assessment(page, site: Path, right: dict[str, bool]) -> None:
    """A fresh learner takes the pre-assessment, each question right or wrong as `right` says."""
    open_page(page, site, "basics/first.html")
    for question, ok in right.items():
        page.check(f"{PRE}--{question}--{'a' if ok else 'b'}")
    page.click(f"{PRE} .cb-quiz__submit")


def test_the_pre_assessment_is_a_starting_point_when_taken_and_when_come_back_to(page, sites, width, tmp_path):
    take_pre_assessment(page, sites["assessment_course"], {"measure-q9": False, "call-q8": True})
    assert_a_starting_point(page.inner_text(PRE))
    assert "Done. You earned 1 of 2 points (50%)." in page.inner_text(f"{PRE} .cb-quiz__result")
    assert focused(page) == "quiz-pre-assessment-result"
    assert page.locator(f"{PRE} .cb-quiz__retry").is_hidden()
    assert marks(page, "measure-q9", PRE) == {"a": "\u2714 Right answer", "b": "\u2716 Your answer: not right"}
    fits(page, width)
    assert_clean(axe_violations(page, f"pre-assessment at {width}", served=False))
    shoot(page, tmp_path, f"pre-assessment-{width}", PRE)

    page.reload()  # coming back to the page: the same words, nothing about passing
    assert_a_starting_point(page.inner_text(PRE))
    assert "Done. You earned 1 of 2 points (50%)." in page.inner_text(f"{PRE} .cb-quiz__result")
    assert page.locator(f"{PRE} .cb-quiz__retry").is_hidden()


def answer_final(page, right_for: str) -> None:
    """Every drawn question of objective `right_for` right, the others wrong."""
    shown = page.eval_on_selector_all(
        f"{FINAL} .cb-question:not([hidden])", "els => els.map(e => e.dataset.cbQuestion)"
    )
    for question in shown:
        page.check(f"{FINAL}--{question}--{'a' if question.startswith(right_for) else 'b'}")
    page.click(f"{FINAL} .cb-quiz__submit")


def test_the_final_assessment_table_before_and_now(page, sites, width, tmp_path):
    take_pre_assessment(page, sites["assessment_course"], {"measure-q9": True, "call-q8": False})
    page.goto((sites["assessment_course"] / "basics" / "final.html").as_uri())
    answer_final(page, right_for="call-")
    table = page.locator(f"{FINAL} table.cb-gain")
    assert table.locator("caption").inner_text() == (
        "Your progress per objective: before the course (the pre-assessment) and now (this assessment)"
    )
    cells = table.locator("tbody tr").evaluate_all("rows => rows.map(r => [...r.cells].map(c => c.innerText))")
    assert cells == [
        ["Measure things.", "100%", "0%", f"{MINUS}100 percentage points"],
        ["Make calls.", "0%", "100%", "+100 percentage points"],
    ]
    # Table semantics: headers for the columns and for each row, whatever the layout.
    assert table.locator("thead th[scope=col]").all_inner_texts() == ["Objective", "Before", "Now", "Change"]
    assert table.locator("tbody th[scope=row][role=rowheader]").count() == 2
    assert table.locator("tbody td[role=cell]").count() == 6
    figures = table.locator("tbody td").evaluate_all("els => els.map(e => getComputedStyle(e).fontVariantNumeric)")
    assert set(figures) == {"tabular-nums"}
    # The table is the result's, which comes first.
    assert page.evaluate("document.querySelector('.cb-gain').closest('.cb-quiz__result') === document.activeElement")
    fits(page, width)
    assert page.evaluate("(t => t.scrollWidth <= t.clientWidth)(document.querySelector('.cb-gain'))")
    if width == "desktop":
        # Numbers right-aligned in their columns: a column's figures and its header end at the same place.
        ends = table.locator("tr").evaluate_all(
            """rows => rows.map(r => [...r.cells].slice(1).map(c => {
                 const range = document.createRange(); range.selectNodeContents(c);
                 return Math.round(range.getBoundingClientRect().right) }))"""
        )
        assert ends[0] == ends[1] == ends[2], ends
        heights = table.locator("tr").evaluate_all("rows => rows.map(r => r.getBoundingClientRect().height)")
        assert max(heights) < 2 * min(heights), heights  # one line each: nothing wraps at this width
    else:
        # On a phone the objective takes the row's full width and each figure is labelled where it is.
        objective, table_box = table.locator("tbody th").first.bounding_box(), table.bounding_box()
        assert objective["width"] >= 0.9 * table_box["width"], (objective, table_box)
        labels = (
            table.locator("tbody tr")
            .first.locator("td")
            .evaluate_all("els => els.map(e => getComputedStyle(e, '::before').content)")
        )
        # Shown, with empty alternative text: screen readers have the column headers instead.
        assert labels == ['"Before" / ""', '"Now" / ""', '"Change" / ""'], labels
        # Each figure reads on its own lines, not a letter to a line: its cell is wider than its label.
        narrow = table.locator("tbody td").evaluate_all(
            """cells => cells.filter(c => c.getBoundingClientRect().width < 3.5 * parseFloat(getComputedStyle(c).fontSize))
                             .map(c => c.textContent)"""
        )
        assert narrow == [], narrow
    assert_clean(axe_violations(page, f"final assessment table at {width}", served=False))
    shoot(page, tmp_path, f"final-table-{width}", f"{FINAL} .cb-quiz__result")


@pytest.mark.parametrize(
    "path, box, title",
    [
        ("basics/second.html", QUIZ, ".cb-quiz__title"),
        ("basics/first.html", ".cb-calculator", ".cb-calculator__title"),
        ("calls/practice.html", ".cb-sim", ".cb-sim__title"),
    ],
)
def test_no_empty_space_above_quiz_calculator_and_simulation_titles(page, sites, width, path, box, title):
    site = sites["sim_course" if box == ".cb-sim" else "mini_course"]
    page.goto((site / path).as_uri())
    gap = page.eval_on_selector(
        box,
        """(box, title) => {
          const style = getComputedStyle(box), heading = box.querySelector(title);
          const inside = box.getBoundingClientRect().top + parseFloat(style.borderTopWidth) + parseFloat(style.paddingTop);
          return heading.getBoundingClientRect().top - inside;
        }""",
        title,
    )
    assert abs(gap) <= 1, f"{gap:.1f} px between the box's padding and its title at {width}"
