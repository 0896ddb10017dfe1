"""Trainer text in the forms we need besides HTML pages.

Two kinds of trainer text reach the learner: Markdown (lessons, prompts, feedback: HTML written in it
is kept, as in any lesson) and plain text (course.yml titles and description, quiz and simulation
titles: shown exactly as written, never read as markup). `html_text` is the one way plain text
becomes HTML for templates that do not escape (MkDocs' theme); what goes to an LMS is `plain_text`.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown
from markupsafe import Markup, escape

# One converter each, reset before every use: building a Markdown instance costs more than
# converting one short quiz text, and a build converts about two thousand of them.
_inline = markdown.Markdown()
_block = markdown.Markdown(extensions=["tables"])

# Markdown code spans: a run of backticks up to the same run (`` a `b` c ``).
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)")
# What HTML reads as the start of a tag, a comment or a declaration: `<` then a letter, `/`, `!` or `?`.
_TAG_LIKE = re.compile(r"<([A-Za-z/!?][^<>]*)>")
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
# attr_list's `{ .class #id }` at the end of a heading: not part of its text.
_ATTR_LIST = re.compile(r"\s*\{\s*:?\s*[.#\w][^{}]*\}\s*$")


# Text that Markdown gives back unchanged: one line of letters, digits, spaces and punctuation that no
# Markdown or HTML syntax uses, not starting like a list ("1. "). Most quiz texts are like this, and
# skipping Markdown for them saves a build most of its 2,000 conversions (tests/test_text.py checks
# the shortcut against Markdown itself).
_PLAIN_LINE = re.compile(r"[^\W_](?:[^\W_]|[ ,.;:'\"?()%$€£/’‘“”–—@-])*(?<! )")
_LIST_START = re.compile(r"\d+\.\s")


def inline_html(text: str) -> str:
    """Inline Markdown (bold, links, code) as HTML without a wrapping <p>."""
    if _PLAIN_LINE.fullmatch(text) and not _LIST_START.match(text):
        return text
    rendered = _inline.reset().convert(text)
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        rendered = rendered[3:-4]
    return rendered


def block_html(text: str) -> str:
    """Block Markdown (paragraphs, lists, tables) as HTML, for case texts and tables beside a question."""
    return _block.reset().convert(text)


def html_text(text: str) -> Markup:
    """Plain text as HTML: escaped (quotes too, so it also fits in an attribute) and marked safe, so
    Jinja's `| e` and `escape()` leave it as it is instead of escaping it a second time."""
    return text if isinstance(text, Markup) else escape(str(text))


def text_of_html(fragment: str) -> str:
    """The words of an HTML fragment as a reader sees them: tags and comments dropped, with what is
    inside <script>, <style> and <template>; each character reference decoded once; spaces collapsed."""
    reader = _TextReader()
    reader.feed(fragment)
    reader.close()
    return " ".join("".join(reader.words).split())


def plain_text(text: str) -> str:
    """Markdown as plain words, for LMS reports (interaction descriptions).

    Markup is removed, and nothing in the result reads as markup even where a report shows it as HTML:
    text that looks like a tag once decoded (a prompt about `<ul>`, written in a code span or as
    `&lt;ul&gt;`) keeps its words with the angle brackets as ‹ and › ("‹ul›")."""
    words = text_of_html(inline_html(text))
    return _TAG_START.sub("‹", _TAG_LIKE.sub(r"‹\1›", words))


def literal_markup(line: str) -> str:
    """A line of Markdown whose HTML is shown as written rather than run: each `<` outside code spans
    becomes `&lt;`. Markdown formatting (emphasis, code, links) still applies. Used for the lesson
    title line (`# ...`), which is plain text wherever else it appears: navigation, browser tab, search."""
    parts, last = [], 0
    for span in _CODE_SPAN.finditer(line):
        parts += [line[last : span.start()].replace("<", "&lt;"), span.group(0)]
        last = span.end()
    parts.append(line[last:].replace("<", "&lt;"))
    return "".join(parts)


def heading_text(heading: str) -> str:
    """The text of a Markdown heading line's content (without `#`) as learners read it: formatting
    applied and removed, HTML in it shown as written (see `literal_markup`)."""
    return text_of_html(inline_html(literal_markup(_ATTR_LIST.sub("", heading))))


class _TextReader(HTMLParser):
    _HIDDEN = {"script", "style", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._HIDDEN:
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in self._HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.words.append(data)
