"""What the `::quiz[...]`, `::simulation[...]` and `::calculator[...]` Markdown extensions share: the
embed line turned into server-rendered HTML, the templates, and data for the browser in a script block."""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as etree

from jinja2 import Environment, PackageLoader
from markdown.blockprocessors import BlockProcessor

from course_builder.core.embeds import parse as parse_embed
from course_builder.core.template_cache import bytecode_cache
from course_builder.messages import Messages

# Autoescape on: titles and other plain text are escaped; Markdown rendered to HTML is passed `| safe`.
templates = Environment(
    loader=PackageLoader("course_builder.markdown_ext", "templates"),
    autoescape=True,
    keep_trailing_newline=False,
    bytecode_cache=bytecode_cache(),
)

# Above the indented-code (80) and paragraph (10) processors, so an embed line is one at any
# indentation, as core.embeds defines it; below list items (90) and admonitions and tabs (105), which
# take their indented blocks first and give us their content. Fenced code was stashed before any block
# processor runs, so an example of the syntax inside ``` fences is shown, not turned into an activity.
PRIORITY = 85


# Characters that could end a <script> block early ("</script>") or change how HTML reads its text
# ("<!--" followed by "<script>" keeps the block open past its own end tag): JSON has \u escapes for them.
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_SCRIPT_UNSAFE_RE = re.compile("[<>&\u2028\u2029]")


def script_json(data) -> str:
    """`data` as JSON for a <script type="application/json"> block: whatever the strings in it hold,
    the block ends at its own end tag, and JSON.parse() of its text gives `data` back."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return _SCRIPT_UNSAFE_RE.sub(lambda match: _SCRIPT_UNSAFE[match.group(0)], text)


class EmbedBlockProcessor(BlockProcessor):
    """A line `::<kind>[name]` of its own (core.embeds) becomes what `render(name, item)` returns for
    the item of that name, or a plain "Missing <kind>" note (`course-builder check` reports it with file
    and line). A block processor, so the line works wherever Markdown parses blocks: at the top of a
    lesson, and inside admonitions, tabs and list items, which hand their dedented content back here."""

    kind = ""

    def __init__(self, md, items: dict, messages: Messages | None = None):
        super().__init__(md.parser)
        self.md = md
        self.items = items
        self.messages = messages or Messages("en")  # the interface's words in the course's language

    def render(self, name: str, item) -> str:
        raise NotImplementedError

    def missing(self, name: str) -> str:
        """The note shown where a lesson embeds something that does not exist."""
        if self.kind == "quiz":
            return self.messages.t("quiz.missing", "Missing quiz: {name}", name=name)
        if self.kind == "simulation":
            return self.messages.t("simulation.missing", "Missing simulation: {name}", name=name)
        return self.messages.t("calculator.missing", "Missing calculator: {name}", name=name)

    def _embed(self, line: str):
        embed = parse_embed(line)
        return embed if embed and embed.kind == self.kind else None

    def test(self, parent, block) -> bool:
        return any(self._embed(line) for line in block.split("\n"))

    def run(self, parent, blocks) -> None:
        lines = blocks.pop(0).split("\n")
        at = next(i for i, line in enumerate(lines) if self._embed(line))
        embed = self._embed(lines[at])
        if lines[at + 1 :]:  # the rest of the block is parsed after the embed
            blocks.insert(0, "\n".join(lines[at + 1 :]))
        if lines[:at]:  # and what came before it, before
            self.parser.parseBlocks(parent, ["\n".join(lines[:at])])
        item = self.items.get(embed.name)
        if item is None:
            rendered = f'<p class="cb-missing"><strong>{html.escape(self.missing(embed.name))}</strong></p>'
        else:
            rendered = self.render(embed.name, item)
        # A paragraph holding only the stash placeholder: Markdown puts the HTML in its place.
        etree.SubElement(parent, "p").text = self.md.htmlStash.store(rendered)
