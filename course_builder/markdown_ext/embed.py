"""What the `::quiz[...]`, `::simulation[...]` and `::calculator[...]` Markdown extensions share: the
embed line turned into server-rendered HTML, the templates, and data for the browser in a script block."""
from __future__ import annotations

import html
import json
import re

from jinja2 import Environment, PackageLoader
from markdown.preprocessors import Preprocessor

# Autoescape on: titles and other plain text are escaped; Markdown rendered to HTML is passed `| safe`.
templates = Environment(loader=PackageLoader("course_builder.markdown_ext", "templates"),
                        autoescape=True, keep_trailing_newline=False)

# Below fenced code (25) and superfences: code blocks are stashed by then, so an example of the
# syntax inside ``` fences is shown, not turned into an activity.
PRIORITY = 20


# Characters that could end a <script> block early ("</script>") or change how HTML reads its text
# ("<!--" followed by "<script>" keeps the block open past its own end tag): JSON has \u escapes for them.
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_SCRIPT_UNSAFE_RE = re.compile("[<>&\u2028\u2029]")


def script_json(data) -> str:
    """`data` as JSON for a <script type="application/json"> block: whatever the strings in it hold,
    the block ends at its own end tag, and JSON.parse() of its text gives `data` back."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return _SCRIPT_UNSAFE_RE.sub(lambda match: _SCRIPT_UNSAFE[match.group(0)], text)


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
