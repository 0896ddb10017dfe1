"""The pseudo-locale `qps-ploc`: every interface message accented and bracketed, placeholders kept.

Built with it, a page shows at a glance which words are ours but not from the catalogue (they stay
plain English) and where a longer language would overflow (each message is a third longer).
The browser test of issue 16 builds the course with it and finds every plain word left.
"""

from __future__ import annotations

import re

from course_builder.messages import Entry

PSEUDO_LANGUAGE = "qps-ploc"

# Each ASCII letter to an accented look-alike outside ASCII: no plain English letter survives.
_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçđéƒĝĥîĵķĺɱñöþǫŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
_KEEP = re.compile(r"(\{[a-zA-Z_][a-zA-Z0-9_]*\}|<[^>]*>|&[a-z]+;)")  # placeholders, markup, entities


def pseudo(text: str) -> str:
    parts = _KEEP.split(text)
    accented = "".join(part if _KEEP.fullmatch(part) else part.translate(_ACCENTED) for part in parts)
    padding = "~" * max(1, len(text) // 3)
    return f"⟦{accented}{padding}⟧"


def pseudo_table(english: dict[str, Entry]) -> dict[str, Entry]:
    return {
        key: pseudo(text) if isinstance(text, str) else {category: pseudo(form) for category, form in text.items()}
        for key, text in english.items()
    }
