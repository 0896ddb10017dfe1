"""The embed syntax (`::quiz[id]`, `::simulation[id]`, `::calculator[name]`): one definition, which the
loader and the Markdown extensions both follow, so `check` and the page agree on what is embedded.
Which lines are embed lines is in the golden vectors (tests/golden/vectors.json, tests/test_golden.py)."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from harness.courses import copy_fixture

from course_builder.commands.cli import main
from course_builder.load.course import load_course
from course_builder.markdown_ext.calculator import CalculatorExtension

FIXTURES = Path(__file__).parent / "fixtures"

CALCULATOR = 'class="cb-calculator"'


def render(text: str, *extensions) -> str:
    return markdown.markdown(text, extensions=[*extensions, CalculatorExtension()])


def test_an_embed_renders_at_the_top_of_a_page_and_splits_a_paragraph_it_sits_in():
    html = render("Before.\n::calculator[cei]\nAfter.")
    assert html.count(CALCULATOR) == 1
    assert html.index("<p>Before.</p>") < html.index(CALCULATOR) < html.index("<p>After.</p>")


@pytest.mark.parametrize(
    "text, extensions",
    [
        ('!!! tip "Try it"\n    Work it out:\n\n    ::calculator[cei]\n', ["admonition"]),
        ('=== "Calculator"\n\n    ::calculator[cei]\n', ["pymdownx.tabbed"]),
        ("1. Open the aging report.\n\n    ::calculator[cei]\n", []),
        ('??? note "Open"\n    ::calculator[cei]\n', ["pymdownx.details"]),
    ],
)
def test_an_embed_renders_inside_admonitions_tabs_details_and_lists(text, extensions):
    html = render(text, *extensions)
    assert html.count(CALCULATOR) == 1 and "::calculator" not in html
    container = {"admonition": "admonition", "pymdownx.tabbed": "tabbed-content", "pymdownx.details": "<details"}.get(
        extensions[0] if extensions else "", "<li>"
    )
    assert html.index(container) < html.index(CALCULATOR)  # inside it, not after it


def test_inside_fenced_code_the_syntax_is_shown_as_written():
    html = render("```\n::calculator[cei]\n```\n", "fenced_code")
    assert "::calculator[cei]" in html and CALCULATOR not in html


def test_a_quiz_inside_an_admonition_is_embedded_where_check_says_it_is(tmp_path, capsys):
    root = copy_fixture("mini_course", tmp_path)
    lesson = root / "content" / "basics" / "second.md"
    lesson.write_text(
        lesson.read_text().replace("::quiz[basics-check]", '!!! tip "Check yourself"\n    ::quiz[basics-check]')
    )
    assert main(["check", str(root)]) == 0, capsys.readouterr()
    assert main(["build", str(root)]) == 0, capsys.readouterr()
    page = (root / "site" / "basics" / "second.html").read_text()
    assert 'data-cb-quiz="basics-check"' in page and "::quiz[" not in page
    assert page.index('class="admonition tip"') < page.index('data-cb-quiz="basics-check"')


@pytest.mark.parametrize(
    "fixture, kind, name, option",
    [
        ("mini_course", "quiz", "basics-check", "quizzes"),
        ("sim_course", "simulation", "late-payment", "simulations"),
    ],
)
def test_each_extension_loads_by_its_module_name_under_plain_markdown(fixture, kind, name, option):
    # As any Python-Markdown host would load it: by module name, through makeExtension, no MkDocs.
    course = load_course(FIXTURES / fixture)
    module = f"course_builder.markdown_ext.{kind}"
    items = course.quizzes if kind == "quiz" else course.simulations
    html = markdown.markdown(
        f'!!! note "Practice"\n    ::{kind}[{name}]\n',
        extensions=["admonition", module],
        extension_configs={module: {option: items}},
    )
    assert f'data-cb-{kind}="{name}"' in html and f"::{kind}[" not in html
    assert html.index('class="admonition note"') < html.index(f'data-cb-{kind}="{name}"')
