"""Lesson files: their titles, and the links and images in them that must resolve."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from course_builder.core.calculators import CALCULATORS
from course_builder.core.embeds import parse as parse_embed
from course_builder.errors import CourseError, Problem
from course_builder.load.text_file import LESSON_LIMIT, read_course_text

_FENCE = re.compile(r"^\s*(```|~~~)")
# Inline links and images: [text](target "title") / ![alt](target). Reference-style links are
# resolved by Markdown itself and reported by MkDocs; inline ones are what trainers write. Neither the
# text nor the target holds a bracket, so each `[` is scanned only to the next one: with them allowed,
# a line of 10,000 `[` or `![x](` took minutes; nor does a `\[` start one. A link with brackets in
# its text is left to MkDocs.
_LINK = re.compile(r"(!?)(?<!\\)\[(?:[^\[\]\\]|\\.)*+\]\(\s*+<?([^()\[\]\s<>]++)>?(?:\s++\"[^\"\[]*+\")?\s*+\)")


def read_lesson(file: Path, shown: str | None = None) -> str:
    """The lesson's text; CourseError (file, line, column, fix) when it is not UTF-8 text, holds a
    control character or is far too large. Every read of a lesson goes through here, so what MkDocs
    would choke on at build time (it reads lessons as strict UTF-8) is reported by `check` first."""
    return read_course_text(file, shown or _shown(file), LESSON_LIMIT)


def _shown(file: Path) -> str:
    """content/basics/first.md, as trainers see it."""
    for parent in file.parents:
        if parent.name == "content":
            return file.relative_to(parent.parent).as_posix()
    return file.name


def _lines(text: str) -> list[str]:
    # Only CR LF, LF and CR end a line, as in editors (str.splitlines also splits at U+2028, form feeds...).
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def read_lesson_title(file: Path, shown: str | None = None) -> str | None:
    """The first level-1 heading, outside code blocks. Raises CourseError for an unreadable lesson."""
    in_fence = False
    for line in _lines(read_lesson(file, shown)):
        if _FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and (title := _heading(line)):
            return title
    return None


def _heading(line: str) -> str | None:
    """The text of a `# Title` line (closing hashes, as in `# Title #`, removed), else None.
    Written out rather than as a regular expression: `^#\\s+(.+?)\\s*#*\\s*$` took minutes on a
    heading followed by thousands of spaces."""
    if len(line) < 2 or line[0] != "#" or not line[1].isspace():
        return None
    title = line[1:].strip()
    if title.endswith("#"):
        bare = title.rstrip("#")
        if not bare or bare[-1].isspace():  # `# C#` keeps its hash, as Markdown shows it
            title = bare.rstrip()
    return _without_attributes(title) or None


def _without_attributes(title: str) -> str:
    """`Title {#anchor}` -> `Title`: attributes (Python-Markdown's attr_list, which MkDocs and a
    translated course's headings use) are not part of the title a learner reads."""
    start = title.rfind("{")
    if (
        title.endswith("}")
        and start > 0
        and title[start + 1 : start + 2] in (":", "#", ".")
        and title[start - 1].isspace()
    ):
        return title[:start].rstrip()
    return title


def lesson_lines(file: Path):
    """(line number, text) of each line outside fenced code blocks; none for a lesson that cannot be
    read (`link_problems`, which every lesson goes through, reports why)."""
    yield from _outside_fences(_readable_text(file))


def _readable_text(file: Path) -> str:
    """The lesson's text, or "" for one that cannot be read (link_problems reports it)."""
    try:
        return read_lesson(file)
    except CourseError:
        return ""


@functools.lru_cache(maxsize=256)  # the checks and the home page go through each lesson's lines often
def _outside_fences(text: str) -> tuple[tuple[int, str], ...]:
    found, in_fence = [], False
    for number, line in enumerate(_lines(text), start=1):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if not in_fence:
            found.append((number, line))
    return tuple(found)


def quiz_embeds(file: Path):
    """(line number, quiz id) for every `::quiz[id]` line."""
    return ((number, embed.name) for number, embed in embeds(file, "quiz"))


def simulation_embeds(file: Path):
    """(line number, simulation id) for every `::simulation[id]` line."""
    return ((number, embed.name) for number, embed in embeds(file, "simulation"))


def calculator_embeds(file: Path):
    """(line number, column of the name, name) for every `::calculator[name]` line."""
    return ((number, embed.column, embed.name) for number, embed in embeds(file, "calculator"))


def embeds(file: Path, kind: str):
    """(line number, Embed) for every embed line of this kind outside fenced code (core.embeds)."""
    yield from ((number, embed) for number, embed in _embeds_in(_readable_text(file)) if embed.kind == kind)


@functools.lru_cache(maxsize=256)
def _embeds_in(text: str) -> tuple:
    return tuple((number, embed) for number, line in _outside_fences(text) if (embed := parse_embed(line)))


def calculator_problems(file: Path, shown: str) -> list[Problem]:
    """Embeds of calculators that do not exist (the page would show "Missing calculator")."""
    import difflib

    problems = []
    for line, column, name in calculator_embeds(file):
        if name not in CALCULATORS:
            close = difflib.get_close_matches(name, sorted(CALCULATORS), n=1)
            problems.append(
                Problem(
                    f"calculator `{name}` does not exist",
                    shown,
                    line,
                    column,
                    f"did you mean `{close[0]}`?"
                    if close
                    else "use one of: " + ", ".join(f"`{known}`" for known in CALCULATORS),
                )
            )
    return problems


def link_problems(content_dir: Path, file: Path) -> list[Problem]:
    """Relative links and images that point at nothing. External links are left alone: checking them
    would need the network, which builds never use."""
    problems = []
    shown = file.relative_to(content_dir.parent).as_posix()
    try:
        read_lesson(file, shown)
    except CourseError as error:
        return error.problems
    problems += _bracket_problems(file, shown)
    for number, line in lesson_lines(file):
        for match in _LINK.finditer(line):
            is_image, target = match.group(1) == "!", match.group(2)
            parts = urlsplit(target)
            if parts.scheme or target.startswith(("#", "//", "mailto:")):
                continue
            path = unquote(parts.path)
            if not path:
                continue
            if path.startswith("/"):
                problems.append(
                    Problem(
                        f"link `{target}` starts with `/`",
                        shown,
                        number,
                        match.start() + 1,
                        "use a path relative to this file: absolute links break inside an LMS",
                    )
                )
                continue
            resolved = (file.parent / path).resolve()
            if not resolved.is_relative_to(content_dir.resolve()):
                problems.append(
                    Problem(
                        f"{'image' if is_image else 'link'} `{target}` points outside content/",
                        shown,
                        number,
                        match.start() + 1,
                        "keep lessons and images inside content/",
                    )
                )
            elif not resolved.exists():
                what = "image" if is_image else "link"
                problems.append(
                    Problem(
                        f"broken {what}: `{target}` does not exist",
                        shown,
                        number,
                        match.start() + 1,
                        _suggest(file.parent, path),
                    )
                )
    return problems


# Markdown matches each `[` of a paragraph against what follows it: 1,000 take it half a second,
# 20,000 (a pasted dump, a stuck key) minutes, and the build would seem to hang.
MAX_BRACKETS = 1000
_UNESCAPED_BRACKET = re.compile(r"(?<!\\)\[")


def _bracket_problems(file: Path, shown: str) -> list[Problem]:
    problems, start, count, previous = [], None, 0, None
    for number, line in [*lesson_lines(file), (None, "")]:
        if not line.strip() or (previous is not None and number != previous + 1):  # a paragraph ends
            if count > MAX_BRACKETS:
                problems.append(
                    Problem(
                        f"this paragraph holds {count:,} `[`: Markdown would take minutes to make a page of it",
                        shown,
                        start,
                        1,
                        f"keep it under {MAX_BRACKETS:,}: split it with blank lines, or write the "
                        "brackets that are not links as `\\[`",
                    )
                )
            start, count = None, 0
        if line.strip():
            start = start or number
            count += len(_UNESCAPED_BRACKET.findall(line))
        previous = number
    return problems


def _suggest(folder: Path, path: str) -> str:
    import difflib

    target = folder / path
    siblings = [p.name for p in target.parent.iterdir()] if target.parent.is_dir() else []
    close = difflib.get_close_matches(target.name, siblings, n=1)
    if close:
        return f"did you mean `{close[0]}`?"
    return "fix the path (relative to this lesson) or add the file"


_SOURCES_HEADING = re.compile(r"^#{2,3}\s+Sources\s*$", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\S")


def has_sources(file: Path) -> bool:
    """A `## Sources` heading followed by at least one list item."""
    in_sources = False
    for _, line in lesson_lines(file):
        if _SOURCES_HEADING.match(line):
            in_sources = True
        elif in_sources and line.startswith("#"):
            in_sources = False
        elif in_sources and _LIST_ITEM.match(line):
            return True
    return False
