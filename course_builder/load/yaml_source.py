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
from course_builder.load.text_file import YAML_LIMIT, read_course_text

Path_ = tuple  # a path into the data: ("questions", 2, "choices", 0, "text")


@dataclass
class YamlDocument:
    file: Path
    data: Any
    marks: dict[tuple, tuple[int, int]] = field(default_factory=dict)  # path -> (line, column), 1-based
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


# libyaml's parser (about 100 times faster) gives the same events with the same marks; without
# libyaml, the pure-Python one. Its error messages are worded differently, so a file it refuses is
# parsed again by the pure-Python parser, whose messages (and hints) are the ones trainers see.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)

# Anchors (`&name`) and aliases (`*name`) repeat a value without copying it, so a few lines can stand
# for billions of values (the "billion laughs"): nine lines of nine aliases each are 9**9 values.
# PyYAML's composer shares the node, and walking it would never end. We compose from the parser's
# events ourselves, counting every value as the aliases expand it, and stop at these bounds: a quiz
# of two hundred questions has a few thousand values and a depth of eight.
MAX_VALUES = 100_000
MAX_DEPTH = 32
# Tags a trainer might write (`!!str 0123`); any other (`!foo`, `!!binary`, `!!python/...`) is refused.
_PLAIN_TAGS = {None, "!"} | {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null")}
_COLLECTION_TAGS = {None, "!", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}


class _Scalars(yaml.constructor.SafeConstructor):
    """Turns scalar nodes into Python values with YAML's usual rules (ints, bools, strings)."""


class _Refused(Exception):
    """The document is refused before it is built: too large, too deep, an alias to nothing."""

    def __init__(self, message: str, mark, hint: str):
        super().__init__(message)
        self.message, self.mark, self.hint = message, mark, hint


def load_yaml(file: Path, display_name: str | Path | None = None) -> YamlDocument:
    name = display_name or file
    text = read_course_text(file, name, YAML_LIMIT)
    try:
        node = _compose(text)
    except _Refused as refused:
        raise CourseError(Problem(refused.message, name, *_position(refused.mark), refused.hint)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        detail = exc.problem or "not valid YAML"
        hint = _syntax_hint(detail)
        raise CourseError(
            Problem(
                f"YAML syntax error: {detail}" + (f" ({exc.context})" if exc.context else ""),
                name,
                *_position(mark),
                hint,
            )
        ) from exc
    except yaml.YAMLError as exc:  # a reader error: read_course_text refuses what causes them first
        raise CourseError(
            Problem(f"YAML cannot read this file: {exc}", name, hint="save it as plain UTF-8 text")
        ) from exc
    doc = YamlDocument(Path(name), None)
    if node is None:
        doc.data = None
        return doc
    problems: list[Problem] = []
    doc.data = _build(node, (), doc, problems, _Scalars())
    if problems:
        raise CourseError(list({str(p): p for p in problems}.values()))  # repeated by an alias: once
    return doc


def _position(mark) -> tuple[int | None, int | None]:
    return (mark.line + 1, mark.column + 1) if mark else (None, None)


def _compose(text: str):
    if _FAST_LOADER is not None:
        try:
            return _compose_events(yaml.parse(text, Loader=_FAST_LOADER))
        except yaml.MarkedYAMLError as exc:
            if "maximum nesting depth" in str(exc.problem):
                # The pure-Python parser would take minutes on what libyaml stops at 1000 levels.
                raise _Refused(
                    f"the file is nested more than {MAX_DEPTH} levels deep", exc.problem_mark, _DEPTH_HINT
                ) from None
        except yaml.YAMLError:
            pass  # reported (or accepted) as the pure-Python parser sees it, below
    elif _flow_depth(text) > 1000:
        raise _Refused(f"the file is nested more than {MAX_DEPTH} levels deep", None, _DEPTH_HINT)
    return _compose_events(yaml.parse(text, Loader=yaml.SafeLoader))


_DEPTH_HINT = (
    "a quiz, bank or simulation is a few levels deep (questions, their choices, the choices' text): "
    "check the brackets `[` `{` and the indentation"
)


def _flow_depth(text: str) -> int:
    """How deep the brackets go, roughly (quotes not skipped): enough to spare the pure-Python parser
    what it would take minutes on."""
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(depth - 1, 0)
    return deepest


class _Open:
    """A sequence or mapping whose end event has not come yet."""

    __slots__ = ("node", "anchor", "key", "size", "height")

    def __init__(self, node, anchor):
        self.node, self.anchor, self.key, self.size, self.height = node, anchor, None, 1, 1


def _compose_events(events):
    """The node tree of the stream's one document (None for an empty stream), as PyYAML's composer
    makes it (an alias is its anchor's node, shared), refusing what would expand past the bounds."""
    resolver = yaml.resolver.Resolver()
    anchors: dict[str, tuple[yaml.Node, int, int]] = {}  # anchor -> (node, values, depth)
    stack: list[_Open] = []
    root = None
    total = documents = 0

    def attach(node, size: int, height: int) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        parent = stack[-1]
        parent.size += size
        parent.height = max(parent.height, height + 1)
        if isinstance(parent.node, yaml.SequenceNode):
            parent.node.value.append(node)
        elif parent.key is None:
            parent.key = node
        else:
            parent.node.value.append((parent.key, node))
            parent.key = None

    for event in events:
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _Refused(
                    "the file holds a second YAML document (after a `---` line)",
                    event.start_mark,
                    "a course file is one document: remove the `---` line and what follows, or "
                    "move it into its own file",
                )
        elif isinstance(event, yaml.AliasEvent):
            if any(frame.anchor == event.anchor for frame in stack):
                raise _Refused(
                    f"the alias `*{event.anchor}` is inside its own anchor `&{event.anchor}`, so "
                    "it would repeat forever",
                    event.start_mark,
                    f"write the value out instead of `*{event.anchor}`",
                )
            if event.anchor not in anchors:
                raise _Refused(
                    f"the alias `*{event.anchor}` refers to no anchor `&{event.anchor}` above it",
                    event.start_mark,
                    f"define `&{event.anchor}` before using it, or write the value out instead of `*{event.anchor}`",
                )
            node, size, height = anchors[event.anchor]
            total += size
            if total > MAX_VALUES:
                raise _Refused(
                    f"the alias `*{event.anchor}` makes the file stand for more than {MAX_VALUES:,} "
                    "values (aliases repeat what their anchor holds, and aliases of aliases multiply)",
                    event.start_mark,
                    "a course file never needs anchors and aliases at that scale: "
                    "write the values out, or use far fewer aliases",
                )
            if len(stack) + height > MAX_DEPTH:
                raise _Refused(
                    f"the alias `*{event.anchor}` nests the file more than {MAX_DEPTH} levels deep",
                    event.start_mark,
                    _DEPTH_HINT,
                )
            attach(node, size, height)
        elif isinstance(event, (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            total += 1
            if total > MAX_VALUES:
                raise _Refused(
                    f"the file holds more than {MAX_VALUES:,} values",
                    event.start_mark,
                    "a course file holds a few thousand at most: is it the right file?",
                )
            anchor = event.anchor
            if anchor is not None and (anchor in anchors or any(f.anchor == anchor for f in stack)):
                raise _Refused(
                    f"the anchor `&{anchor}` is defined twice", event.start_mark, "give each anchor its own name"
                )
            scalar = isinstance(event, yaml.ScalarEvent)
            if event.tag not in (_PLAIN_TAGS if scalar else _COLLECTION_TAGS):
                raise _Refused(
                    f"the YAML tag `{event.tag}` is not supported",
                    event.start_mark,
                    f"remove `{event.tag}`: course files hold only text, numbers, true/false, lists "
                    "and `key: value` blocks (put text that starts with `!` in quotes)",
                )
            if isinstance(event, yaml.ScalarEvent):  # as `scalar`, spelled so that mypy narrows event
                tag = event.tag
                if tag is None or tag == "!":
                    tag = resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
                # The ignores: types-PyYAML lets nodes hold only yaml.error.Mark, but the C parser's
                # events carry yaml._yaml.Mark (as they do in PyYAML's own C composer).
                node = yaml.ScalarNode(
                    tag,
                    event.value,
                    event.start_mark,  # type: ignore[arg-type]
                    event.end_mark,  # type: ignore[arg-type]
                    style=event.style,
                )
                if anchor is not None:
                    anchors[anchor] = (node, 1, 1)
                attach(node, 1, 1)
                continue
            if len(stack) >= MAX_DEPTH:
                raise _Refused(f"the file is nested more than {MAX_DEPTH} levels deep", event.start_mark, _DEPTH_HINT)
            kind = yaml.SequenceNode if isinstance(event, yaml.SequenceStartEvent) else yaml.MappingNode
            tag = "tag:yaml.org,2002:seq" if kind is yaml.SequenceNode else "tag:yaml.org,2002:map"
            stack.append(_Open(kind(tag, [], event.start_mark, None, flow_style=event.flow_style), anchor))  # type: ignore[arg-type]  # the Mark, as above
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            frame = stack.pop()
            frame.node.end_mark = event.end_mark
            if frame.anchor is not None:
                anchors[frame.anchor] = (frame.node, frame.size, frame.height)
            attach(frame.node, frame.size, frame.height)
    return root


def _build(node, path: tuple, doc: YamlDocument, problems: list[Problem], scalars: _Scalars):
    doc.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(
                    Problem(
                        "a key must be a plain word",
                        doc.file,
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        "write `name: value`",
                    )
                )
                continue
            key = key_node.value  # keep keys as written: `true:` stays the string "true"
            if key in result:
                first = doc.key_marks[path + (key,)][0]
                problems.append(
                    Problem(
                        f"`{key}` appears twice (first on line {first})",
                        doc.file,
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        "keep one of them",
                    )
                )
                continue
            doc.key_marks[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = _build(value_node, path + (key,), doc, problems, scalars)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (i,), doc, problems, scalars) for i, item in enumerate(node.value)]
    try:
        return scalars.construct_object(node, deep=True)
    except (ValueError, KeyError, OverflowError, yaml.YAMLError):
        # `!!int abc`, `!!bool maybe`, a date like 2024-13-45, a number of 5,000 digits
        what = _TAG_WORDS.get(node.tag.rsplit(":", 1)[-1], "value")
        problems.append(
            Problem(
                f"`{_shorten(node.value)}` is not a valid {what}",
                doc.file,
                node.start_mark.line + 1,
                node.start_mark.column + 1,
                "put it in quotes if it is text" if node.tag != "tag:yaml.org,2002:str" else "write it as text",
            )
        )
        return None


_TAG_WORDS = {"int": "whole number", "float": "number", "bool": "true or false", "timestamp": "date (YYYY-MM-DD)"}


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "..."


def _syntax_hint(detail: str) -> str:
    if "mapping values are not allowed" in detail:
        return "a text containing ': ' must be put in quotes, e.g. prompt: \"Net 30: what does it mean?\""
    if "found character '\\t'" in detail or "tab" in detail:
        return "indent with spaces, not tabs"
    if "expected <block end>" in detail or "did not find expected" in detail:
        return "check the indentation: items of one list or keys of one block must line up"
    return "check quotes and indentation on this line and the one before"
