"""inline_html skips Markdown for plain one-line texts: the shortcut must give exactly what Markdown gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from course_builder.markdown_ext import text

# The characters the shortcut accepts, and the ones Markdown or HTML give a meaning to.
ALPHABET = "aZé9 ,.;:'\"?()%$€£/’‘“”–—@-" + "*_`[]!<>&\\#+=|{}~^\n\t\u00a0"


def by_markdown(source: str) -> str:
    rendered = text._inline.reset().convert(source)
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        rendered = rendered[3:-4]
    return rendered


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_the_shortcut_gives_what_markdown_gives(source):
    assert text.inline_html(source) == by_markdown(source)


def test_the_shortcut_takes_ordinary_quiz_texts():
    for plain in (
        "The statement of account",
        "30 days past due, about $9,000 (a made-up figure).",
        "L’échéance est dépassée : appelez le client.",
        "Who pays? The customer’s AP clerk — not the buyer.",
    ):
        assert text._PLAIN_LINE.fullmatch(plain), plain
        assert text.inline_html(plain) == by_markdown(plain) == plain
    for marked in ("1. First", "**Bold**", "A <b>tag</b>", "R&D", "snake_case", "- a list", "Two  "):
        assert text.inline_html(marked) == by_markdown(marked)
