"""What a translation must keep of its source: the parts of the text that are not words.

A translator rewrites the words; the build needs the rest exactly as it was: inline code, link and
image targets, attribute lists (`{: .class }`), HTML tags, `{placeholders}` of interface messages, the
pipes of a table cell. A piece of Markdown stays one block: a translation that starts with `# ` or
`- ` (unless its source did) or holds a blank line would turn a paragraph into a heading, a list or two
paragraphs. An embed (`::quiz[id]`) is never inside a segment, so none may appear in a translation.
"""

from __future__ import annotations

import re
from collections import Counter

# What must come back unchanged, and which group of the match is it (0: all of it).
_KEPT = {
    "inline code": (re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL), 0),
    "link or image target": (re.compile(r"\]\(\s*<?([^()\s<>]+)>?(?:\s+\"[^\"]*\")?\s*\)"), 1),
    "attribute list": (re.compile(r"\{:?[ \t]*[#.][^{}]*\}|\{:[^{}]*\}"), 0),
    "HTML tag": (re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>"), 0),
    "placeholder": (re.compile(r"\{[A-Za-z_][\w-]*\}"), 0),
}
_EMBED = re.compile(r"::(?:quiz|simulation|calculator)\[[^\]\n]*\]")
_BLOCK_START = re.compile(r"(#{1,6}[ \t]|>|[-*+][ \t]|\d{1,9}[.)][ \t]|\||!!!|\?\?\?|===|```|~~~)")
_PIPE = re.compile(r"(?<!\\)\|")
# What course files may not hold (load/text_file.py refuses them): invisible in most editors.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ufeff]")


def target_problems(source: str, target: str, kind: str) -> list[str]:
    """What is wrong with `target` as a translation of `source` (a piece of kind `kind`, such as
    "table cell"), in words a translator understands; [] when nothing is."""
    problems = []
    if control := _CONTROL.search(target):
        problems.append(f"it holds an invisible control character U+{ord(control.group()):04X}: delete it")
    if embed := _EMBED.search(target):
        problems.append(f"it holds an embed `{embed.group()}`: embeds stay on their own line in the lesson")
    for what, (pattern, group) in _KEPT.items():
        kept = Counter(match.group(group) for match in pattern.finditer(source))
        written = Counter(match.group(group) for match in pattern.finditer(target))
        if kept != written:
            lost = ", ".join(f"`{t}`" for t in sorted((kept - written).elements()))
            added = ", ".join(f"`{t}`" for t in sorted((written - kept).elements()))
            said = "; ".join(part for part in (lost and f"{lost} is missing", added and f"{added} is new") if part)
            problems.append(f"the {what}s differ from the source's: {said}")
    if "\n\n" in target.strip() and "\n\n" not in source.strip():
        problems.append("it holds a blank line, which would split the text into two blocks")
    start = _BLOCK_START.match(target.lstrip())
    if start and not _BLOCK_START.match(source.lstrip()):
        problems.append(
            f"it starts with `{start.group().strip()}`, which would make it a heading, list, quote or table "
            "instead of text"
        )
    if kind.endswith("table cell") and len(_PIPE.findall(target)) != len(_PIPE.findall(source)):
        problems.append("it holds a `|`, which would add a column to the table (write `\\|` for a pipe)")
    return problems
