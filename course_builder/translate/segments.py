"""Every translatable text of a course, as segments with stable ids, their file and line, and the
exact span a translation replaces.

Ids (docs/translating.md, "Segment ids"): the file, `#`, then where in it:
- lessons: `content/calls/attitude.md#<heading-slug>/p2` (markdown_blocks.py);
- quizzes and banks: `quizzes/calls-check.yml#<question-id>/prompt`, `#<question-id>/choices/<choice>/text`;
- simulations: `simulations/x.yml#steps/<step-id>/choices/<choice>/text`, `#endings/<id>/debrief`;
- course.yml: `course.yml#title`, `#objectives/<id>/title`, `#modules/<id>/title`, `#resources/1/title`.
A list entry is named by its `id:` where it has one, else by its position (1, 2, ...). Markdown that
spans several blocks in a YAML value (a table in a question's `context`) is split like a lesson:
`#<question-id>/context/table1/r2c1`.

The YAML files are read again here with PyYAML's composer (after `load_course` has checked them: no
alias bombs, no unknown tags) because its marks carry each scalar's offsets, start and end.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from course_builder.load.lessons import read_lesson
from course_builder.load.text_file import read_course_text
from course_builder.model import Course, Lesson
from course_builder.translate.markdown_blocks import blocks

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Segment:
    id: str  # "quizzes/calls-check.yml#opening-line/prompt"
    source: str  # the text in the course's language
    file: str  # "quizzes/calls-check.yml", relative to the course folder
    line: int  # 1-based, in the source file
    note: str  # what it is, for the translator: "quiz question prompt", "table cell"
    start: int  # the span in the file's text: a lesson's piece, or a YAML value (quoted, block...)
    end: int
    inner: tuple[int, int] | None = None  # for YAML: the piece's span inside the value
    value: str | None = field(default=None, compare=False, repr=False)  # for YAML: the whole value
    anchor: str = field(default="", compare=False, repr=False)  # what keeps a heading's id (markdown_blocks)


# What is translatable in each kind of YAML file: paths with "*" for any list index or mapping key.
_QUESTION = {
    ("prompt",): "quiz question prompt",
    ("context",): "quiz question context",
    ("explanation",): "quiz question explanation",
    ("choices", "*", "text"): "quiz choice",
    ("choices", "*", "feedback"): "quiz choice feedback",
    ("feedback", "true"): "quiz feedback when the learner answers true",
    ("feedback", "false"): "quiz feedback when the learner answers false",
    ("feedback", "correct"): "quiz feedback for a right answer",
    ("feedback", "incorrect"): "quiz feedback for a wrong answer",
    ("accept", "*"): "fill-in answer the quiz accepts (the learner types it)",
    ("unit",): "unit shown after a numeric answer box",
    ("pairs", "*", "item"): "matching question: a premise",
    ("pairs", "*", "item", "text"): "matching question: a premise",
    ("pairs", "*", "match"): "matching question: the premise's match",
    ("pairs", "*", "match", "text"): "matching question: the premise's match",
    ("distractors", "*"): "matching question: a match that fits no premise",
    ("distractors", "*", "text"): "matching question: a match that fits no premise",
    ("items", "*"): "ordering question: an entry",
    ("items", "*", "text"): "ordering question: an entry",
}
_RULES: dict[str, dict[tuple, str]] = {
    "quiz": {("title",): "quiz title", **{("questions", "*", *k): v for k, v in _QUESTION.items()}},
    "bank": {("title",): "question bank title", **{("questions", "*", *k): v for k, v in _QUESTION.items()}},
    "simulation": {
        ("title",): "simulation title",
        ("party",): "simulation: who the learner talks or writes to",
        ("briefing",): "simulation briefing",
        ("steps", "*", "says"): "simulation: what the other party says",
        ("steps", "*", "situation"): "simulation: narration",
        ("steps", "*", "choices", "*", "text"): "simulation: what the learner can say or write",
        ("steps", "*", "choices", "*", "feedback"): "simulation: feedback on the learner's choice",
        ("endings", "*", "title"): "simulation ending title",
        ("endings", "*", "debrief"): "simulation ending debrief",
    },
    "course": {
        ("title",): "course title",
        ("description",): "course description (LMS catalogue)",
        ("objectives", "*", "title"): "course objective",
        ("modules", "*", "title"): "module title",
        ("resources", "*", "title"): "title of a group of reference pages",
        ("messages", "*"): "the course's own wording of an interface message",
        **{
            ("messages", "*", form): f"the course's own wording of an interface message (plural form `{form}`)"
            for form in ("zero", "one", "two", "few", "many", "other")
        },
    },
}


def course_files(course: Course) -> list[tuple[str, str]]:
    """(file relative to the course folder, kind) of every file with translatable text, in a fixed order."""
    files = [("course.yml", "course")]
    files += [(f"content/{lesson.path}", "lesson") for lesson in _pages(course)]
    files += [(_relative(course, quiz.source), "quiz") for _, quiz in sorted(course.quizzes.items())]
    files += [(_relative(course, bank.source), "bank") for _, bank in sorted(course.banks.items())]
    files += [(_relative(course, sim.source), "simulation") for _, sim in sorted(course.simulations.items())]
    return files


def _pages(course: Course):
    index = [] if any(lesson.path == "index.md" for lesson in course.lessons) else ["index.md"]
    pages = [Lesson("index", "", path) for path in index] + course.lessons
    return pages + [page for group in course.resources for page in group.pages]


def _relative(course: Course, source: Path) -> str:
    source = Path(source)
    return (source if not source.is_absolute() else source.relative_to(course.root)).as_posix()


def segments(course: Course) -> list[Segment]:
    """Every translatable text of the course, in file order (course.yml, lessons, quizzes, banks,
    simulations). Ids are unique."""
    found: list[Segment] = []
    for file, kind in course_files(course):
        found += file_segments(course, file, kind)
    return found


def file_segments(course: Course, file: str, kind: str) -> list[Segment]:
    """The segments of one file, in order."""
    path = course.root / file
    if kind == "lesson":
        text = read_lesson(path, file)
        return [
            Segment(f"{file}#{b.key}", b.text, file, b.line, b.kind, b.start, b.end, anchor=b.anchor)
            for b in blocks(text)
        ]
    return _yaml_segments(file, kind, source_text(course, file))


def source_text(course: Course, file: str) -> str:
    """The file's text exactly as the segments' offsets count it (a byte-order mark dropped)."""
    return read_course_text(course.root / file, file, 10**8)


def _yaml_segments(file: str, kind: str, text: str) -> list[Segment]:
    root = yaml.compose(text, Loader=_LOADER)
    rules = _RULES[kind]
    found: list[Segment] = []
    seen: set[tuple[int, int]] = set()  # a scalar reached twice through an alias is one segment
    for path, readable, node in _walk(root, (), ()):
        shape = tuple("*" if _wild(path, i, kind) else part for i, part in enumerate(path))
        note = rules.get(shape)  # type: ignore[call-overload]
        if note is None or not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:str":
            continue
        span = (node.start_mark.index, _end_without_breaks(text, node))
        if span in seen:
            continue
        seen.add(span)
        value = node.value
        ident = "/".join(readable[1:] if readable[0] == "questions" else readable)
        base_line = node.start_mark.line + 1 + (1 if node.style in ("|", ">") else 0)
        found += _value_segments(f"{file}#{ident}", value, file, base_line, note, span, node.start_mark.line + 1)
    return found


def _value_segments(
    ident: str, value: str, file: str, base_line: int, note: str, span: tuple[int, int], line: int
) -> list[Segment]:
    start, end = span
    stripped = value.strip()
    if not any(char.isalpha() for char in stripped):
        return []  # "30", "%", "—": nothing to translate
    if "\n" not in stripped:
        first = len(value) - len(value.lstrip())
        return [Segment(ident, stripped, file, line, note, start, end, (first, first + len(stripped)), value)]
    pieces = blocks(value, top="")
    if len(pieces) == 1 and pieces[0].kind == "paragraph":
        piece = pieces[0]
        return [Segment(ident, piece.text, file, line, note, start, end, (piece.start, piece.end), value)]
    return [
        Segment(
            f"{ident}/{p.key}",
            p.text,
            file,
            base_line + p.line - 1,
            f"{note}: {p.kind}",
            *span,
            (p.start, p.end),
            value,
        )
        for p in pieces
    ]


def _wild(path: tuple, i: int, kind: str) -> bool:
    """Whether path[i] is a list index or a key named by the trainer (a step id, a message key)."""
    part = path[i]
    return isinstance(part, int) or (i == 1 and path[0] in ("steps", "endings", "messages"))


def _end_without_breaks(text: str, node) -> int:
    """A block scalar's end mark is past the line breaks after it; those stay in the file."""
    end = node.end_mark.index
    if node.style in ("|", ">"):
        while end > node.start_mark.index and text[end - 1] in "\r\n \t":
            end -= 1
    return end


def _walk(node, path: tuple, readable: tuple) -> Iterator[tuple[tuple, tuple, yaml.Node]]:
    """(data path, readable path, node) of every node under `node`."""
    yield path, readable, node
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                yield from _walk(value, path + (key.value,), readable + (key.value,))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _walk(item, path + (index,), readable + (_id_of(item) or str(index + 1),))


def _id_of(node) -> str | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "id" and isinstance(value, yaml.ScalarNode):
                return str(value.value)
    return None
