"""Python-Markdown extension: `::calculator[name]` on a line of its own becomes a KPI calculator.

Like `::quiz[...]`, a plain Markdown extension, so it works under any Python-Markdown host. The form is
rendered on the server (a heading, the formula in words, labelled inputs with their units), so it reads
correctly to screen readers and prints with the formula even before JavaScript runs; calculator.js does
the arithmetic from the JSON block each form carries (calculators.py, the one place formulas live).

Options:
    calculators     dict of name -> course_builder.render.calculators.Calculator (default: all of them)
"""
from __future__ import annotations

import html
import json
import re

import markdown
from jinja2 import Environment, PackageLoader, select_autoescape
from markdown.preprocessors import Preprocessor

from course_builder.render.calculators import CALCULATORS, MONTH_FIELDS, MONTH_ROWS, spec

EMBED = re.compile(r"^::calculator\[([^\]]*)\]\s*$")

_templates = Environment(loader=PackageLoader("course_builder.render", "templates"),
                         autoescape=select_autoescape(["html"]), keep_trailing_newline=False)


class CalculatorExtension(markdown.Extension):
    def __init__(self, **kwargs):
        self.config = {"calculators": [CALCULATORS, "Calculators by name (course_builder.render.calculators)"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # Below fenced code (25), as for quizzes: an example of the syntax inside ``` fences stays text.
        md.preprocessors.register(CalculatorPreprocessor(md, self.getConfig("calculators")),
                                  "course_builder_calculator", 20)


class CalculatorPreprocessor(Preprocessor):
    def __init__(self, md, calculators):
        super().__init__(md)
        self.calculators = calculators

    def run(self, lines: list[str]) -> list[str]:
        out, seen = [], {}
        for line in lines:
            match = EMBED.match(line)
            if not match:
                out.append(line)
                continue
            name = match.group(1).strip()
            calculator = self.calculators.get(name)
            if calculator is None:
                # `course-builder check` reports this with file and line; the page says it plainly too.
                rendered = f'<p class="cb-missing"><strong>Missing calculator: {html.escape(name)}</strong></p>'
            else:
                # The same calculator twice on a page needs ids of its own (labels point at ids).
                seen[name] = seen.get(name, 0) + 1
                rendered = render_calculator(calculator, f"calc-{name}" + (f"-{seen[name]}" if seen[name] > 1 else ""))
            out += ["", self.md.htmlStash.store(rendered), ""]
        return out


def render_calculator(calculator, prefix: str) -> str:
    data = json.dumps(spec(calculator), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # "</" cannot appear inside a <script> block; JSON allows the escaped form.
    data = data.replace("</", "<\\/")
    rows = max(MONTH_ROWS, len(calculator.months)) if calculator.months else 0
    return _templates.get_template("calculator.html").render(
        calc=calculator, prefix=prefix, spec=data, month_fields=MONTH_FIELDS, month_rows=rows)
