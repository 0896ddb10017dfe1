"""The calculators a lesson can embed with `::calculator[name]`: their inputs, formulas in words and
example figures, in this one place.

The form (calculator_markdown.py), the browser (calculator.js, which gets this as JSON) and the
load-time check of names all read from here, so a formula is written once. The arithmetic itself is in
calculator.js, which shows each step with the learner's own numbers.

Example figures are Acme Supply's, the made-up company of the course (domain facts, section 1): the
results are CEI 86.4%, DSO 40.3 days, count-back DSO 32.9, best possible DSO 35.1, ADD 5.1, 95%.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from course_builder.messages import Messages, Text, lazy_t


@dataclass(frozen=True)
class Field:
    id: str  # names the value in calculator.js; lower-case with underscores
    label: Text
    hint: Text  # unit and meaning, read with the input (aria-describedby); {currency}: the currency in words
    unit: str  # "$" (the course's currency) or "days": which unit goes beside the box (calculator.html)
    example: float = 0
    positive: bool = False  # must be more than zero: a formula divides by it
    max: float | None = None


@dataclass(frozen=True)
class Calculator:
    name: str
    title: Text
    result: Text  # what the result is called: "CEI"
    unit: str  # of the result: "%" or "days"
    formula: Text  # in words, as the lessons teach it
    fields: tuple[Field, ...]
    example: Text  # where the example figures come from
    months: tuple[tuple[float, float], ...] = ()  # count-back only: example (sales, days), newest first


def _money(id: str, label: Text, hint: Text, example: float, positive: bool = False) -> Field:
    return Field(id, label, hint, "$", example, positive)


_DAYS = Field(
    "days",
    lazy_t("calculator.field.days", "Days in the period"),
    lazy_t("calculator.hint.days", "Days the credit sales cover: 30 for a month, 90 for a quarter."),
    "days",
    90,
    positive=True,
)
_CREDIT_SALES = lazy_t("calculator.field.credit-sales", "Credit sales")
_ENDING_AR = lazy_t("calculator.field.ending-ar", "Ending AR")
_QUARTER_SALES = _money(
    "credit_sales",
    _CREDIT_SALES,
    lazy_t("calculator.hint.credit-sales-period", "Credit sales over the period, in {currency}."),
    1_050_000,
    positive=True,
)
_TOTAL = _money(
    "ending_total_ar",
    lazy_t("calculator.field.ending-total-ar", "Ending total AR"),
    lazy_t("calculator.hint.ending-total-ar", "All receivables at the end of the period, in {currency}."),
    470_000,
)
_CURRENT = _money(
    "ending_current_ar",
    lazy_t("calculator.field.ending-current-ar", "Ending current AR"),
    lazy_t("calculator.hint.ending-current-ar", "The part of ending AR not yet due, in {currency}."),
    410_000,
)
_QUARTER = lazy_t("calculator.example.quarter", "Acme Supply's first quarter (made-up figures from the lessons).")
_MARCH = lazy_t("calculator.example.march", "Acme Supply's March (made-up figures from the lessons).")

# One row of the count-back calculator's month list.
MONTH_FIELDS = (
    Field(
        "sales",
        _CREDIT_SALES,
        lazy_t("calculator.hint.month-sales", "Credit sales of that month, in {currency}."),
        "$",
    ),
    Field(
        "days",
        lazy_t("calculator.field.month-days", "Days in the month"),
        lazy_t("calculator.hint.month-days", "Days in that month, 28 to 31."),
        "days",
        positive=True,
        max=31,
    ),
)
MONTH_ROWS = 3  # rows shown before the learner adds more
MONTH_LIMIT = 24  # "Add a month" stops here

CALCULATORS: dict[str, Calculator] = {
    c.name: c
    for c in (
        Calculator(
            "cei",
            lazy_t("calculator.cei.title", "Collection effectiveness index (CEI)"),
            # TRANSLATORS: the abbreviation of collection effectiveness index, before the result
            lazy_t("calculator.cei.result", "CEI"),
            "%",
            lazy_t(
                "calculator.cei.formula",
                "CEI = (beginning AR + credit sales − ending total AR) ÷ (beginning AR + credit sales − ending current AR) × 100",
            ),
            (
                _money(
                    "beginning_ar",
                    lazy_t("calculator.field.beginning-ar", "Beginning AR"),
                    lazy_t("calculator.hint.beginning-ar", "Receivables at the start of the month, in {currency}."),
                    400_000,
                ),
                _money(
                    "credit_sales",
                    _CREDIT_SALES,
                    lazy_t("calculator.hint.credit-sales-month", "Credit sales during the month, in {currency}."),
                    450_000,
                ),
                _TOTAL,
                _CURRENT,
            ),
            _MARCH,
        ),
        Calculator(
            "dso",
            lazy_t("calculator.dso.title", "Days sales outstanding (DSO), simple method"),
            # TRANSLATORS: the abbreviation of days sales outstanding, before the result
            lazy_t("calculator.dso.result", "DSO"),
            "days",
            lazy_t("calculator.dso.formula", "DSO = ending AR ÷ credit sales × days in the period"),
            (
                _money(
                    "ending_ar",
                    _ENDING_AR,
                    lazy_t("calculator.hint.ending-ar", "All receivables at the end of the period, in {currency}."),
                    470_000,
                ),
                _QUARTER_SALES,
                _DAYS,
            ),
            _QUARTER,
        ),
        Calculator(
            "dso-count-back",
            lazy_t("calculator.dso-count-back.title", "DSO, count-back method"),
            lazy_t("calculator.dso-count-back.result", "DSO (count-back)"),
            "days",
            lazy_t(
                "calculator.dso-count-back.formula",
                "From ending AR, subtract each month's credit sales, newest month first, counting its full days; "
                "for the month where the AR runs out, add (what is left ÷ that month's sales) × its days",
            ),
            (
                _money(
                    "ending_ar",
                    _ENDING_AR,
                    lazy_t(
                        "calculator.hint.ending-ar-newest",
                        "All receivables at the end of the newest month, in {currency}.",
                    ),
                    470_000,
                ),
            ),
            lazy_t(
                "calculator.example.quarter-months",
                "Acme Supply's first quarter (made-up figures from the lessons): March, February, January.",
            ),
            months=((450_000, 31), (300_000, 28), (300_000, 31)),
        ),
        Calculator(
            "best-possible-dso",
            lazy_t("calculator.best-possible-dso.title", "Best possible DSO"),
            lazy_t("calculator.best-possible-dso.result", "Best possible DSO"),
            "days",
            lazy_t(
                "calculator.best-possible-dso.formula",
                "Best possible DSO = ending current AR ÷ credit sales × days in the period",
            ),
            (_CURRENT, _QUARTER_SALES, _DAYS),
            _QUARTER,
        ),
        Calculator(
            "add",
            lazy_t("calculator.add.title", "Average days delinquent (ADD)"),
            # TRANSLATORS: the abbreviation of average days delinquent, before the result
            lazy_t("calculator.add.result", "ADD"),
            "days",
            lazy_t(
                "calculator.add.formula",
                "ADD = DSO − best possible DSO, where DSO = ending total AR ÷ credit sales × days and "
                "best possible DSO = ending current AR ÷ credit sales × days",
            ),
            (_TOTAL, _CURRENT, _QUARTER_SALES, _DAYS),
            _QUARTER,
        ),
        Calculator(
            "collected-vs-goal",
            lazy_t("calculator.collected-vs-goal.title", "Collected against goal"),
            lazy_t("calculator.collected-vs-goal.result", "Collected against goal"),
            "%",
            lazy_t(
                "calculator.collected-vs-goal.formula",
                "Collected against goal = amount collected ÷ collection goal × 100",
            ),
            (
                _money(
                    "collected",
                    lazy_t("calculator.field.collected", "Amount collected"),
                    lazy_t("calculator.hint.collected", "What the team collected in the period, in {currency}."),
                    380_000,
                ),
                _money(
                    "goal",
                    lazy_t("calculator.field.goal", "Collection goal"),
                    lazy_t("calculator.hint.goal", "What the team set out to collect in the period, in {currency}."),
                    400_000,
                    positive=True,
                ),
            ),
            _MARCH,
        ),
    )
}


def spec(calculator: Calculator, messages: Messages | None = None) -> dict:
    """What calculator.js needs: the fields with their rules and example figures, the formula in words
    (in the course's language)."""
    say = (messages or Messages("en")).say

    def field(f: Field) -> dict:
        return {
            "id": f.id,
            "label": say(f.label),
            "unit": f.unit,
            "example": f.example,
            "positive": f.positive,
            "max": f.max,
        }

    data: dict[str, Any] = {
        "name": calculator.name,
        "result": say(calculator.result),
        "unit": calculator.unit,
        "formula": say(calculator.formula),
        "fields": [field(f) for f in calculator.fields],
    }
    if calculator.months:
        data["months"] = {
            "fields": [field(f) for f in MONTH_FIELDS],
            "example": [list(m) for m in calculator.months],
            "limit": MONTH_LIMIT,
        }
    return data
