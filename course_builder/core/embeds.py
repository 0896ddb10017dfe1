"""The embed syntax, defined once: a line `::<kind>[<name>]` of its own puts a quiz, a simulation or a
calculator in a lesson.

The line may be indented (inside an admonition, a tab or a list item) and may end in spaces; the name is
everything between the brackets, trimmed. Inside fenced code (``` or ~~~) it is shown as written, not
embedded. The loader (which checks every embed names something) and the Markdown extensions (which
render it) both ask `parse`, so `check` and the page always agree on what is embedded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = ("quiz", "simulation", "calculator")
_LINE = re.compile(r"^[ \t]*::(quiz|simulation|calculator)\[([^\]\n]*)\][ \t]*$")


@dataclass(frozen=True)
class Embed:
    kind: str  # "quiz", "simulation" or "calculator"
    name: str  # the quiz or simulation id, or the calculator's name, trimmed
    column: int  # 1-based column where the name starts on its line (for error messages)


def parse(line: str) -> Embed | None:
    """The embed on this line, or None when the line is not an embed line."""
    match = _LINE.match(line)
    if not match:
        return None
    raw = match.group(2)
    column = match.start(2) + 1 + (len(raw) - len(raw.lstrip()))
    return Embed(match.group(1), raw.strip(), column)
