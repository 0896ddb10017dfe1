"""The translatable pieces of a Markdown text, each with its exact span, so that a translation can
replace the piece and leave every other character (markers, indentation, embeds, code) as it was.

Python-Markdown's own parser keeps no positions, so this reads the text line by line the way the
lessons are written (docs/authoring.md): ATX headings, paragraphs, list items, tables (one piece per
cell), blockquotes, admonition and tab titles. Never pieces: fenced code, embed lines
(`::quiz[id]`), raw HTML blocks, link reference definitions, attribute lists, horizontal rules.

Each piece has a key that names it by the section it is in (the slug of the heading above it) and
its place in that section: `why-attitude-decides-the-result/p2` (second paragraph), `.../li3` (third
list item), `.../table1/r2c1` (first table, second row, first cell), `.../admonition1` (an
admonition's title), `.../tab1`; a heading's key is its slug. Inserting a paragraph renumbers only
the paragraphs after it in its own section.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from course_builder.core.embeds import parse as parse_embed


@dataclass(frozen=True)
class Block:
    key: str  # "why-attitude-decides-the-result/p2"
    text: str  # the piece, its lines joined by single spaces
    start: int  # offsets of the piece in the text: text[start:end] is what a translation replaces
    end: int
    line: int  # 1-based line where the piece starts
    kind: str  # "heading", "paragraph", "list item", "table cell", "admonition title", "tab title"
    # What follows a heading's translation so that it keeps its id on the page (links `page.md#id`
    # land on it): ` {#id}`, or the heading's own attribute list with the id in it. Empty otherwise.
    anchor: str = ""


_PREFIX = re.compile(r"(?:[ \t]*>[ \t]?)*[ \t]*")  # indentation and blockquote markers
_FENCE = re.compile(r"(`{3,}|~{3,})")
_HEADING = re.compile(r"(#{1,6})[ \t]+")
_HEADING_END = re.compile(r"(?:[ \t]+#+)?(?:[ \t]*\{[^{}]*\})?[ \t]*$")  # closing hashes, `{#id .class}`
_RULE = re.compile(r"([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_ADMONITION = re.compile(r'(?:!!!|\?\?\?\+?)[ \t]+[\w-]+(?:[ \t]+[\w-]+)*(?:[ \t]+"(.*)")?[ \t]*$')
_TAB = re.compile(r'===\+?[ \t]+"(.*)"[ \t]*$')
_ATTRIBUTE_LIST = re.compile(r"\{:?[^{}]*\}[ \t]*$")
_REFERENCE = re.compile(r"""\[[^\]]+\]:[ \t]*\S+(?:[ \t]+(?:"[^"]*"|'[^']*'|\([^)]*\)))?[ \t]*$""")
_HTML = re.compile(r"</?[A-Za-z][\w-]*(?:[\s/>]|$)|<!--")
_LIST_ITEM = re.compile(r"(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?")
_TABLE_DELIMITER = re.compile(r"\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_CELL_BORDER = re.compile(r"(?<!\\)\|")


def _anchor(title: str, taken: set[str]) -> str:
    """The id Python-Markdown's toc gives a heading: the slug of its text (link targets dropped), made
    unique as toc does (`slug`, `slug_1`, `slug_2`)."""
    base = slug(re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", title))
    anchor, number = base, 0
    while anchor in taken:
        number += 1
        anchor = f"{base}_{number}"
    taken.add(anchor)
    return anchor


def slug(text: str) -> str:
    """A heading's slug, as Python-Markdown's toc makes it: lower case ASCII words joined by `-`."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text) or "section"


def _has_words(text: str) -> bool:
    """A cell of only "$3,000", "100" or "—" is not translated: numbers and signs stay as written."""
    return any(char.isalpha() for char in text)


def _lines(text: str):
    """(offset of the line's start, offset of its end, without the line break) of every line."""
    start = 0
    for match in re.finditer(r"\r\n|\n|\r", text):
        yield start, match.start()
        start = match.end()
    yield start, len(text)


def blocks(text: str, top: str = "top") -> list[Block]:
    """Every translatable piece of `text`, in order. `top` names the section before the first heading
    ("" for none: keys are then `p1`, `table1/r1c1`, as for Markdown inside a quiz's YAML)."""
    found: list[Block] = []
    section, seen_slugs = top, {}  # type: ignore[var-annotated]
    anchors: set[str] = set()
    counters: dict[str, int] = {}
    fence: str | None = None
    html = False
    paragraph: list[tuple[int, int, int, str]] | None = None  # (start, end, line, text) of its lines
    paragraph_kind = "paragraph"
    table_rows = 0  # rows of the current table, delimiter excluded; 0 when not in a table

    def key(kind: str) -> str:
        counters[kind] = counters.get(kind, 0) + 1
        name = f"{kind}{counters[kind]}"
        return f"{section}/{name}" if section else name

    def close_paragraph() -> None:
        nonlocal paragraph
        if paragraph:
            short = "li" if paragraph_kind == "list item" else "p"
            joined = " ".join(part for _, _, _, part in paragraph)
            if _has_words(joined):
                found.append(
                    Block(key(short), joined, paragraph[0][0], paragraph[-1][1], paragraph[0][2], paragraph_kind)
                )
        paragraph = None

    def add(kind: str, name: str, start: int, end: int, number: int, anchor: str = "") -> None:
        piece = text[start:end]
        if _has_words(piece):
            found.append(Block(name, piece, start, end, number, kind, anchor))

    for number, (line_start, line_end) in enumerate(_lines(text), start=1):
        line = text[line_start:line_end]
        prefix = _PREFIX.match(line).group()  # type: ignore[union-attr]
        offset = line_start + len(prefix)
        content = line[len(prefix) :].rstrip()
        content_end = offset + len(content)
        if fence is not None:
            if content.startswith(fence) and not content[len(fence) :].strip(fence[0]).strip():
                fence = None
            continue
        if match := _FENCE.match(content):
            close_paragraph()
            fence, table_rows, html = match.group(1), 0, False
            continue
        if not content:
            close_paragraph()
            table_rows, html = 0, False
            continue
        if html:
            continue
        if content.startswith("|") or (table_rows and "|" in content):
            close_paragraph()
            if _TABLE_DELIMITER.match(content):
                continue
            if not table_rows:
                counters["table"] = counters.get("table", 0) + 1
            table_rows += 1
            table = f"table{counters['table']}"
            borders = [m.start() for m in _CELL_BORDER.finditer(content)]
            edges = ([-1] if not content.startswith("|") else []) + borders
            if not content.endswith("|") or content.endswith("\\|"):
                edges.append(len(content))
            for column, (left, right) in enumerate(zip(edges, edges[1:]), start=1):
                cell = content[left + 1 : right]
                inner_start = left + 1 + len(cell) - len(cell.lstrip())
                inner_end = right - (len(cell) - len(cell.rstrip()))
                if inner_end > inner_start:
                    name = f"{table}/r{table_rows}c{column}"
                    add(
                        "table cell",
                        f"{section}/{name}" if section else name,
                        offset + inner_start,
                        offset + inner_end,
                        number,
                    )
            continue
        table_rows = 0
        if parse_embed(line) or _ATTRIBUTE_LIST.match(content) or _RULE.match(content):
            close_paragraph()
            continue
        if match := _HEADING.match(content):
            close_paragraph()
            end = _HEADING_END.search(content, match.end()).start()  # type: ignore[union-attr]
            title = content[match.end() : end]
            base = slug(title)
            seen_slugs[base] = seen_slugs.get(base, 0) + 1
            section = base if seen_slugs[base] == 1 else f"{base}-{seen_slugs[base]}"
            counters = {}
            anchor, tail = _anchor(title, anchors), content[end:]
            if re.search(r"\{[^{}]*#", tail) or not _has_words(title):  # it names its own id
                add("heading", section, offset + match.end(), offset + end, number)
            elif attributes := re.search(r"\{:?[ \t]*", tail):  # `## Title {: .big }`: the id goes in
                cut = attributes.end()
                after = f"{tail[:cut]}#{anchor} {tail[cut:]}"
                found.append(Block(section, title, offset + match.end(), content_end, number, "heading", after))
            else:
                add("heading", section, offset + match.end(), offset + end, number, f" {{#{anchor}}}")
            continue
        if match := _ADMONITION.match(content) or _TAB.match(content):
            close_paragraph()
            kind, short = ("tab title", "tab") if content.startswith("=") else ("admonition title", "admonition")
            counters[short] = counters.get(short, 0) + 1
            name = f"{short}{counters[short]}"
            if match.group(1):
                add(
                    kind,
                    f"{section}/{name}" if section else name,
                    offset + match.start(1),
                    offset + match.end(1),
                    number,
                )
            continue
        if paragraph is None and (_REFERENCE.match(content) or _HTML.match(content)):
            html = not _REFERENCE.match(content)
            continue
        if match := _LIST_ITEM.match(content):
            close_paragraph()
            paragraph, paragraph_kind = [], "list item"
            offset += match.end()
            content = content[match.end() :]
        if paragraph is None:
            paragraph, paragraph_kind = [], "paragraph"
        paragraph.append((offset, content_end, number, content.strip()))
    close_paragraph()
    return found
