"""Python-Markdown extension: `::calculator[name]` on a line of its own becomes a KPI calculator.

Like `::quiz[...]`, a plain Markdown extension, so it works under any Python-Markdown host. The form is
rendered on the server (a heading, the formula in words, labelled inputs with their units), so it reads
correctly to screen readers and prints with the formula even before JavaScript runs; calculator.js does
the arithmetic from the JSON block each form carries (calculators.py, the one place formulas live).

Options:
    calculators     dict of name -> course_builder.core.calculators.Calculator (default: all of them)
    messages        course_builder.messages.Messages: the interface's words (default English)
"""

from __future__ import annotations

import markdown

from course_builder.core.calculators import CALCULATORS, MONTH_FIELDS, MONTH_ROWS, spec
from course_builder.markdown_ext.embed import PRIORITY, EmbedBlockProcessor, script_json, templates
from course_builder.messages import Messages


class CalculatorExtension(markdown.Extension):
    def __init__(self, **kwargs):
        self.config = {
            "calculators": [CALCULATORS, "Calculators by name (course_builder.core.calculators)"],
            "messages": [Messages("en"), "The interface's words (course_builder.messages.Messages)"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        self.processor = CalculatorProcessor(md, self.getConfig("calculators"), self.getConfig("messages"))
        md.parser.blockprocessors.register(self.processor, "course_builder_calculator", PRIORITY)
        md.registerExtension(self)  # so that md.reset() calls reset() below

    def reset(self) -> None:
        self.processor.seen.clear()  # ids are per page


def makeExtension(**kwargs):  # noqa: N802 (the name Python-Markdown looks for)
    return CalculatorExtension(**kwargs)


class CalculatorProcessor(EmbedBlockProcessor):
    kind = "calculator"

    def __init__(self, md, items: dict, messages: Messages | None = None):
        super().__init__(md, items, messages)
        self.seen: dict[str, int] = {}

    def render(self, name, calculator):
        # The same calculator twice on a page needs ids of its own (labels point at ids).
        self.seen[name] = self.seen.get(name, 0) + 1
        prefix = f"calc-{name}" + (f"-{self.seen[name]}" if self.seen[name] > 1 else "")
        return render_calculator(calculator, prefix, self.messages)


def render_calculator(calculator, prefix: str, messages: Messages | None = None) -> str:
    messages = messages or Messages("en")
    rows = max(MONTH_ROWS, len(calculator.months)) if calculator.months else 0
    return templates.get_template("calculator.html").render(
        t=messages.t,
        tn=messages.tn,
        calc=calculator,
        prefix=prefix,
        say=messages.say,
        number=messages.number,
        currency_symbol=messages.currency_symbol,
        currency_name=messages.currency_name,
        symbol_first=messages.symbol_first,
        spec=script_json(spec(calculator, messages)),
        month_fields=MONTH_FIELDS,
        month_rows=rows,
    )
