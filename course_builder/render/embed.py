"""What the `::quiz[...]`, `::simulation[...]` and `::calculator[...]` Markdown extensions share: the
embed line turned into server-rendered HTML, the templates, and data for the browser in a script block."""
from __future__ import annotations

import html
import json
import re

from jinja2 import Environment, PackageLoader, select_autoescape
from markdown.preprocessors import Preprocessor

templates = Environment(loader=PackageLoader("course_builder.render", "templates"),
                        autoescape=select_autoescape(["html"]), keep_trailing_newline=False)

# Below fenced code (25) and superfences: code blocks are stashed by then, so an example of the
# syntax inside ``` fences is shown, not turned into an activity.
PRIORITY = 20


def script_json(data) -> str:
    """`data` as JSON for a <script type="application/json"> block."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # "</" cannot appear inside a <script> block; JSON allows the escaped form.
    return text.replace("</", "<\\/")


class EmbedPreprocessor(Preprocessor):
    """A line `::<kind>[name]` of its own becomes what `render(name, item)` returns for the item of that
    name, or a plain "Missing <kind>" note (`course-builder check` reports it with file and line)."""
    kind = ""
    pattern: re.Pattern

    def __init__(self, md, items: dict):
        super().__init__(md)
        self.items = items

    def render(self, name: str, item) -> str:
        raise NotImplementedError

    def run(self, lines: list[str]) -> list[str]:
        out = []
        for line in lines:
            match = self.pattern.match(line)
            if not match:
                out.append(line)
                continue
            name = match.group(1).strip()
            item = self.items.get(name)
            if item is None:
                rendered = f'<p class="cb-missing"><strong>Missing {self.kind}: {html.escape(name)}</strong></p>'
            else:
                rendered = self.render(name, item)
            out += ["", self.md.htmlStash.store(rendered), ""]
        return out
