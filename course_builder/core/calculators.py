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


@dataclass(frozen=True)
class Field:
    id: str  # names the value in calculator.js; lower-case with underscores
    label: str
    hint: str  # unit and meaning, read with the input (aria-describedby)
    unit: str  # "$" or "days": shown beside the box
    example: float = 0
    positive: bool = False  # must be more than zero: a formula divides by it
    max: float | None = None


@dataclass(frozen=True)
class Calculator:
    name: str
    title: str
    result: str  # what the result is called: "CEI"
    unit: str  # of the result: "%" or "days"
    formula: str  # in words, as the lessons teach it
    fields: tuple[Field, ...]
    example: str  # where the example figures come from
    months: tuple[tuple[float, float], ...] = ()  # count-back only: example (sales, days), newest first


def _money(id: str, label: str, hint: str, example: float, positive: bool = False) -> Field:
    return Field(id, label, f"{hint}, in dollars.", "$", example, positive)


_DAYS = Field(
    "days",
    "Days in the period",
    "Days the credit sales cover: 30 for a month, 90 for a quarter.",
    "days",
    90,
    positive=True,
)
_QUARTER_SALES = _money("credit_sales", "Credit sales", "Credit sales over the period", 1_050_000, positive=True)
_TOTAL = _money("ending_total_ar", "Ending total AR", "All receivables at the end of the period", 470_000)
_CURRENT = _money("ending_current_ar", "Ending current AR", "The part of ending AR not yet due", 410_000)
_QUARTER = "Acme Supply's first quarter (made-up figures from the lessons)."
_MARCH = "Acme Supply's March (made-up figures from the lessons)."

# One row of the count-back calculator's month list.
MONTH_FIELDS = (
    Field("sales", "Credit sales", "Credit sales of that month, in dollars.", "$"),
    Field("days", "Days in the month", "Days in that month, 28 to 31.", "days", positive=True, max=31),
)
MONTH_ROWS = 3  # rows shown before the learner adds more
MONTH_LIMIT = 24  # "Add a month" stops here

CALCULATORS: dict[str, Calculator] = {
    c.name: c
    for c in (
        Calculator(
            "cei",
            "Collection effectiveness index (CEI)",
            "CEI",
            "%",
            "CEI = (beginning AR + credit sales − ending total AR) ÷ (beginning AR + credit sales − ending current AR) × 100",
            (
                _money("beginning_ar", "Beginning AR", "Receivables at the start of the month", 400_000),
                _money("credit_sales", "Credit sales", "Credit sales during the month", 450_000),
                _TOTAL,
                _CURRENT,
            ),
            _MARCH,
        ),
        Calculator(
            "dso",
            "Days sales outstanding (DSO), simple method",
            "DSO",
            "days",
            "DSO = ending AR ÷ credit sales × days in the period",
            (
                _money("ending_ar", "Ending AR", "All receivables at the end of the period", 470_000),
                _QUARTER_SALES,
                _DAYS,
            ),
            _QUARTER,
        ),
        Calculator(
            "dso-count-back",
            "DSO, count-back method",
            "DSO (count-back)",
            "days",
            "From ending AR, subtract each month's credit sales, newest month first, counting its full days; "
            "for the month where the AR runs out, add (what is left ÷ that month's sales) × its days",
            (_money("ending_ar", "Ending AR", "All receivables at the end of the newest month", 470_000),),
            "Acme Supply's first quarter (made-up figures from the lessons): March, February, January.",
            months=((450_000, 31), (300_000, 28), (300_000, 31)),
        ),
        Calculator(
            "best-possible-dso",
            "Best possible DSO",
            "Best possible DSO",
            "days",
            "Best possible DSO = ending current AR ÷ credit sales × days in the period",
            (_CURRENT, _QUARTER_SALES, _DAYS),
            _QUARTER,
        ),
        Calculator(
            "add",
            "Average days delinquent (ADD)",
            "ADD",
            "days",
            "ADD = DSO − best possible DSO, where DSO = ending total AR ÷ credit sales × days and "
            "best possible DSO = ending current AR ÷ credit sales × days",
            (_TOTAL, _CURRENT, _QUARTER_SALES, _DAYS),
            _QUARTER,
        ),
        Calculator(
            "collected-vs-goal",
            "Collected against goal",
            "Collected against goal",
            "%",
            "Collected against goal = amount collected ÷ collection goal × 100",
            (
                _money("collected", "Amount collected", "What the team collected in the period", 380_000),
                _money(
                    "goal", "Collection goal", "What the team set out to collect in the period", 400_000, positive=True
                ),
            ),
            _MARCH,
        ),
    )
}


def spec(calculator: Calculator) -> dict:
    """What calculator.js needs: the fields with their rules and example figures, the formula in words."""

    def field(f: Field) -> dict:
        return {
            "id": f.id,
            "label": f.label,
            "unit": f.unit,
            "example": f.example,
            "positive": f.positive,
            "max": f.max,
        }

    data: dict[str, Any] = {
        "name": calculator.name,
        "result": calculator.result,
        "unit": calculator.unit,
        "formula": calculator.formula,
        "fields": [field(f) for f in calculator.fields],
    }
    if calculator.months:
        data["months"] = {
            "fields": [field(f) for f in MONTH_FIELDS],
            "example": [list(m) for m in calculator.months],
            "limit": MONTH_LIMIT,
        }
    return data
