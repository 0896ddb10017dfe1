"""Calculators embedded with `::calculator[name]`: the worked examples of the domain facts typed in by
keyboard in real Chromium, bad figures answered with a message naming the box (never NaN), unknown names
reported at load time with file, line and column."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from harness.browser import external_requests
from harness.courses import copy_fixture

from course_builder.commands.cli import main
from course_builder.core.calculators import CALCULATORS
from course_builder.markdown_ext.calculator import CalculatorExtension
from course_builder.messages import Messages

# Domain facts, section 1 (Acme Supply): what each calculator shows for the example figures.
RESULTS = {
    "cei": "CEI: 86.4%",
    "dso": "DSO: 40.3 days",
    "dso-count-back": "DSO (count-back): 32.9 days",
    "best-possible-dso": "Best possible DSO: 35.1 days",
    "add": "ADD: 5.1 days",
    "collected-vs-goal": "Collected against goal: 95%",
}
# The same figures as a learner might type them: commas, a leading $, a "k", or bare digits.
TYPED = {
    "cei": ["$400,000", "450000", "470,000", "$410k"],
    "dso": ["470,000", "$1,050,000", "90"],
    "dso-count-back": ["470,000", "450,000", "31", "300,000", "28", "300,000", "31"],
    "best-possible-dso": ["410000", "1,050,000", "90"],
    "add": ["470,000", "410,000", "1,050,000", "90"],
    "collected-vs-goal": ["380,000", "400,000"],
}
LESSON_LINE = 9  # where the unknown calculator goes in the load-error test


@pytest.fixture(scope="module")
def lesson(tmp_path_factory):
    root = copy_fixture("mini_course", tmp_path_factory.mktemp("calculators"))
    first = root / "content" / "basics" / "first.md"
    embeds = "".join(f"\n::calculator[{name}]\n" for name in CALCULATORS)
    first.write_text(first.read_text() + embeds + "\n```markdown\n::calculator[not-a-calculator-inside-code]\n```\n")
    assert main(["build", str(root), "--format", "scorm12"]) == 0
    return (root / "site" / "basics" / "first.html").as_uri()


def section(name: str) -> str:
    return f"#calc-{name}"


def no_nan_on_the_page(page) -> None:
    text = page.inner_text("body")
    values = " ".join(page.eval_on_selector_all(".cb-calculator input", "els => els.map(e => e.value)"))
    assert "NaN" not in text + values and "Infinity" not in text + values


def test_figures_are_read_as_people_write_them(page, lesson):
    page.goto(lesson)
    parsed = page.evaluate("""() => ['1,050,000', '$1,050,000', ' 450000 ', '$400k', '1.05m', '31', '1,05,000', 'abc', '']
        .map(text => CourseBuilder.calculators.parse(text))""")
    assert parsed == [1_050_000, 1_050_000, 450_000, 400_000, 1_050_000, 31, None, None, None]


@pytest.mark.parametrize("name", list(CALCULATORS))
def test_typing_the_example_by_keyboard_shows_result_formula_and_steps(page, lesson, name):
    page.goto(lesson)
    page.focus(f"{section(name)} input")
    for i, text in enumerate(TYPED[name]):
        if i:
            page.keyboard.press("Tab")
        page.keyboard.type(text)
    page.keyboard.press("Enter")
    result = page.locator(f"{section(name)} .cb-calculator__result")
    assert RESULTS[name] in result.inner_text()
    assert "Formula: " + Messages("en").say(CALCULATORS[name].formula) in result.inner_text()
    assert result.locator(".cb-calculator__steps li").count() >= 1
    no_nan_on_the_page(page)
    assert external_requests(page.network_log) == []


def test_worked_steps_use_the_learners_figures(page, lesson):
    page.goto(lesson)
    page.focus(f"{section('dso-count-back')} .cb-calculator__example")
    page.keyboard.press("Enter")
    steps = page.locator(f"{section('dso-count-back')} .cb-calculator__steps").inner_text()
    assert "$470,000 − $450,000 = $20,000 left, so count all 31 days" in steps
    assert "$20,000 ÷ $300,000 × 28 days = 1.87 days" in steps
    assert "31 + 1.87 = 32.87 days, or 32.9 days" in steps
    page.focus(f"{section('add')} .cb-calculator__example")
    page.keyboard.press("Enter")
    steps = page.locator(f"{section('add')} .cb-calculator__steps").inner_text()
    assert "40.286 − 35.143 = 5.143 days, or 5.1 days" in steps
    assert "the rounded 40.3 − 35.1 would give 5.2" in steps


def test_every_example_button_fills_the_form(page, lesson):
    page.goto(lesson)
    for name in CALCULATORS:
        page.focus(f"{section(name)} .cb-calculator__example")
        page.keyboard.press("Enter")
        assert RESULTS[name] in page.inner_text(f"{section(name)} .cb-calculator__result")
    assert page.input_value(f"{section('cei')}--beginning_ar") == "400,000"


@pytest.mark.parametrize(
    "name, box, typed, message",
    [
        ("dso", "credit_sales", "", "“Credit sales” is empty: enter a number, such as $1,050,000."),
        ("dso", "credit_sales", "0", "“Credit sales” must be more than zero: the formula divides by it."),
        ("dso", "ending_ar", "-470000", "“Ending AR” cannot be negative"),
        ("dso", "days", "ninety", "“Days in the period” is not a number"),
        ("dso", "days", "9" * 20, "“Days in the period” is too large"),
        ("collected-vs-goal", "goal", "$0", "“Collection goal” must be more than zero"),
        (
            "cei",
            "ending_current_ar",
            "480,000",
            "“Ending current AR” ($480,000) cannot be more than “Ending total AR” ($470,000)",
        ),
        ("add", "ending_current_ar", "500,000", "“Ending current AR” ($500,000) cannot be more than “Ending total AR”"),
    ],
)
def test_bad_figures_get_a_message_naming_the_box(page, lesson, name, box, typed, message):
    page.goto(lesson)
    page.focus(f"{section(name)} .cb-calculator__example")
    page.keyboard.press("Enter")
    field = f"{section(name)}--{box}"
    page.fill(field, typed)
    page.focus(field)
    page.keyboard.press("Enter")
    result = page.locator(f"{section(name)} .cb-calculator__result")
    assert "Check your figures: " + message in result.inner_text()
    assert page.evaluate("document.activeElement.id") == field[1:]
    assert page.get_attribute(field, "aria-invalid") == "true"
    assert f"calc-{name}-result" in page.get_attribute(field, "aria-describedby")
    no_nan_on_the_page(page)
    # Typing a fix clears the mark.
    page.keyboard.type("1")
    assert page.get_attribute(field, "aria-invalid") is None


def test_count_back_months_can_be_added_and_must_reach_back_far_enough(page, lesson):
    page.goto(lesson)
    calc = section("dso-count-back")
    page.focus(f"{calc}--ending_ar")
    page.keyboard.type("1,500,000")
    for box in ("month-1-sales", "month-1-days", "month-2-sales", "month-2-days", "month-3-sales", "month-3-days"):
        page.fill(f"{calc}--{box}", {"sales": "450,000", "days": "30"}[box.rsplit("-", 1)[1]])
    page.focus(f"{calc}--ending_ar")
    page.keyboard.press("Enter")
    assert "enter the month before them" in page.inner_text(f"{calc} .cb-calculator__result")
    assert "cb-calculator__add-month" in page.evaluate("document.activeElement.className").split()
    page.keyboard.press("Enter")  # Add a month: focus goes to its first box
    assert page.evaluate("document.activeElement.id") == "calc-dso-count-back--month-4-sales"
    assert page.inner_text(f"{calc} [data-cb-month='4'] legend") == "Month 4"
    page.keyboard.type("300,000")
    page.keyboard.press("Tab")
    page.keyboard.type("31")
    page.keyboard.press("Enter")
    # 3 full months of 30 days, then 150,000 ÷ 300,000 × 31 = 15.5 days.
    assert "DSO (count-back): 105.5 days" in page.inner_text(f"{calc} .cb-calculator__result")
    # A gap in the months is named.
    page.fill(f"{calc}--month-2-sales", "")
    page.keyboard.press("Enter")
    assert "“Month 2: credit sales” is empty" in page.inner_text(f"{calc} .cb-calculator__result")
    no_nan_on_the_page(page)


def test_every_box_is_labelled_and_described(page, lesson):
    page.goto(lesson)
    problems = page.evaluate("""() => Array.from(document.querySelectorAll('.cb-calculator input')).filter(input =>
        input.labels.length !== 1 || input.inputMode !== 'decimal' ||
        !input.getAttribute('aria-describedby').split(' ').every(id => document.getElementById(id))
    ).map(input => input.id)""")
    assert problems == []
    assert page.locator(".cb-calculator__result[role=status][aria-live=polite]").count() == len(CALCULATORS)


def test_fits_a_narrow_phone_screen(page, lesson):
    page.set_viewport_size({"width": 375, "height": 700})
    page.goto(lesson)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    overflowing = page.evaluate("""() => Array.from(document.querySelectorAll('.cb-calculator *'))
        .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1).length""")
    assert overflowing == 0


def test_syntax_inside_code_is_shown_and_unknown_names_say_so():
    html = markdown.markdown(
        "::calculator[nope]\n\n```\n::calculator[cei]\n```\n", extensions=["fenced_code", CalculatorExtension()]
    )
    assert "Missing calculator: nope" in html
    assert "::calculator[cei]" in html and 'class="cb-calculator"' not in html


def test_two_of_the_same_calculator_get_their_own_ids():
    html = markdown.markdown("::calculator[dso]\n\n::calculator[dso]\n", extensions=[CalculatorExtension()])
    assert 'id="calc-dso"' in html and 'id="calc-dso-2"' in html
    assert 'for="calc-dso-2--ending_ar"' in html


def test_an_unknown_calculator_is_a_load_error_with_file_line_and_column(tmp_path, capsys):
    root = copy_fixture("mini_course", tmp_path)
    first = root / "content" / "basics" / "first.md"
    lines = first.read_text().splitlines()
    lines += [""] * (LESSON_LINE - 1 - len(lines)) + ["::calculator[dso-countback]", "", "::calculator[xyz]"]
    first.write_text("\n".join(lines) + "\n")
    assert main(["check", str(root)]) == 1
    out = capsys.readouterr()
    output = out.out + out.err
    assert f"content/basics/first.md:{LESSON_LINE}:14: calculator `dso-countback` does not exist" in output
    assert "fix: did you mean `dso-count-back`?" in output
    assert f"content/basics/first.md:{LESSON_LINE + 2}:14: calculator `xyz` does not exist" in output
    assert "fix: use one of: `cei`, `dso`" in output


def test_the_authoring_guide_names_every_calculator():
    guide = (Path(__file__).parent.parent / "docs" / "authoring.md").read_text()
    for name in CALCULATORS:
        assert f"`{name}`" in guide


@pytest.mark.parametrize(
    "language, currency, before, after, words",
    [("en-US", "USD", "$", "", "in US dollars."), ("fr", "EUR", "", "€", "en euros."), ("en-GB", "GBP", "£", "", "in British pounds.")],
)  # fmt: skip
def test_amount_boxes_show_the_courses_currency_where_its_language_writes_it(language, currency, before, after, words):
    from course_builder.load.messages import shipped_table

    messages = Messages(language, shipped_table(language), currency)
    html = markdown.markdown("::calculator[cei]\n", extensions=[CalculatorExtension(messages=messages)])
    box = html[html.index('for="calc-cei--beginning_ar"') :].split("</div>")[0]
    # No empty slot before the box where the symbol comes after: it would indent every box.
    assert (f'unit--before" aria-hidden="true">{before}</span>' in box) == bool(before)
    assert ("unit--before" in html) == bool(before)
    assert (f'<span class="cb-calculator__unit" aria-hidden="true">{after}</span>' in box) == bool(after)
    assert words in html and "dollars" not in html.replace("US dollars", "")
