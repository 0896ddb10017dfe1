"""Trainer text in the forms we need besides HTML pages."""
from __future__ import annotations

import html
import re

import markdown

# One converter each, reset before every use: building a Markdown instance costs more than
# converting one short quiz text, and a build converts about two thousand of them.
_inline = markdown.Markdown()
_block = markdown.Markdown(extensions=["tables"])


def inline_html(text: str) -> str:
    """Inline Markdown (bold, links, code) as HTML without a wrapping <p>."""
    rendered = _inline.reset().convert(text)
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        rendered = rendered[3:-4]
    return rendered


def plain_text(text: str) -> str:
    """Markdown as plain words, for LMS reports (interaction descriptions)."""
    without_tags = re.sub(r"<[^>]+>", "", inline_html(text))
    return " ".join(html.unescape(without_tags).split())


def block_html(text: str) -> str:
    """Block Markdown (paragraphs, lists, tables) as HTML, for case texts and tables beside a question."""
    return _block.reset().convert(text)
