"""Read YAML and remember where every value came from.

PyYAML's `safe_load` forgets positions; trainers need "quizzes/x.yml:12:5". We compose the node
tree ourselves and build plain Python data next to a map from each value's path (a tuple of keys
and list indexes) to its line and column. Duplicate keys, which PyYAML silently lets win, are
reported: a trainer who writes `correct:` twice means something.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from course_builder.errors import CourseError, Problem

Path_ = tuple  # a path into the data: ("questions", 2, "choices", 0, "text")


@dataclass
class YamlDocument:
    file: Path
    data: Any
    marks: dict[tuple, tuple[int, int]] = field(default_factory=dict)   # path -> (line, column), 1-based
    key_marks: dict[tuple, tuple[int, int]] = field(default_factory=dict)  # path -> position of its key

    def where(self, path: tuple) -> tuple[int | None, int | None]:
        """Line and column of the value at `path`, or of its closest parent we know."""
        path = tuple(path)
        while path not in self.marks and path:
            path = path[:-1]
        return self.marks.get(path, (None, None))

    def where_key(self, path: tuple) -> tuple[int | None, int | None]:
        """Line and column of the key naming `path` (for "unknown key" messages)."""
        return self.key_marks.get(tuple(path)) or self.where(path)

    def problem(self, path: tuple, message: str, hint: str | None = None, *, at_key: bool = False) -> Problem:
        line, column = self.where_key(path) if at_key else self.where(path)
        return Problem(message, self.file, line, column, hint)


# libyaml's composer (about 100 times faster) gives nodes with the same tags and start marks; without
# libyaml, the pure-Python one. Its error messages are worded differently, so a file it refuses is
# composed again by the pure-Python loader, whose messages (and hints) are the ones trainers see.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


class _Scalars(yaml.constructor.SafeConstructor):
    """Turns scalar nodes into Python values with YAML's usual rules (ints, bools, strings)."""


def load_yaml(file: Path, display_name: str | Path | None = None) -> YamlDocument:
    name = display_name or file
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CourseError(Problem("the file is not UTF-8 text", name, hint=f"save it as UTF-8 ({exc.reason})"))
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        detail = exc.problem or "not valid YAML"
        hint = _syntax_hint(detail)
        raise CourseError(Problem(
            f"YAML syntax error: {detail}" + (f" ({exc.context})" if exc.context else ""),
            name, mark.line + 1 if mark else None, mark.column + 1 if mark else None, hint))
    doc = YamlDocument(Path(name), None)
    if node is None:
        doc.data = None
        return doc
    problems: list[Problem] = []
    doc.data = _build(node, (), doc, problems, _Scalars())
    if problems:
        raise CourseError(problems)
    return doc


def _compose(text: str):
    if _FAST_LOADER is not None:
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass  # reported (or accepted) as the pure-Python loader sees it, below
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _build(node, path: tuple, doc: YamlDocument, problems: list[Problem], scalars: _Scalars):
    doc.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(Problem("a key must be a plain word", doc.file,
                                        key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                                        "write `name: value`"))
                continue
            key = key_node.value  # keep keys as written: `true:` stays the string "true"
            if key in result:
                first = doc.key_marks[path + (key,)][0]
                problems.append(Problem(f"`{key}` appears twice (first on line {first})", doc.file,
                                        key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                                        "keep one of them"))
                continue
            doc.key_marks[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = _build(value_node, path + (key,), doc, problems, scalars)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (i,), doc, problems, scalars) for i, item in enumerate(node.value)]
    return scalars.construct_object(node, deep=True)


def _syntax_hint(detail: str) -> str:
    if "mapping values are not allowed" in detail:
        return "a text containing ': ' must be put in quotes, e.g. prompt: \"Net 30: what does it mean?\""
    if "found character '\\t'" in detail or "tab" in detail:
        return "indent with spaces, not tabs"
    if "expected <block end>" in detail or "did not find expected" in detail:
        return "check the indentation: items of one list or keys of one block must line up"
    return "check quotes and indentation on this line and the one before"
