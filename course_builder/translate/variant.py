"""The translated course: `translations/<lang>/`, a course folder of its own that mirrors the source.

It holds course.yml, content/, quizzes/ and simulations/ (and locales/ when the course has one),
each file the source file with every segment's span replaced by its translation and every other
character as it was: Markdown markers, indentation, embeds, code blocks and YAML comments survive by
construction; a translated heading gets its source's id (`{#why-speed-matters}`) so that links
to it still land. A YAML value that gets a translation is written as a double-quoted scalar (JSON's
string syntax, which YAML reads), so block scalars and the layout around it stay. course.yml gets
`language: <lang>` (the interface and the SCORM manifests follow it) and `require_sources: false`:
the `## Sources` heading is checked on the source course, and its translation is not "Sources".

The English build never sees this folder: it reads only course.yml, content/, quizzes/ and
simulations/ (load/course_files.py COURSE_PARTS) and MkDocs publishes only content/.
The folder is written again by each `translate import` and `build --lang`: edit translations
through the memory (`translations/<lang>.po`) or a new import, not here.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import yaml

from course_builder.load.course import load_course
from course_builder.model import Course, Question
from course_builder.translate.memory import TRANSLATIONS_DIR
from course_builder.translate.segments import Segment, course_files, source_text

_PARTS = ("course.yml", "content", "quizzes", "simulations", "locales")
_NOTICE = """This folder is the course translated into {language}, written by course-builder from the course
two folders up and translations/{language}.po (the translation memory). It is written again by every
`course-builder translate import` and `course-builder build --lang {language}`: edits here are lost.
Change a translation in translations/{language}.po (or import a corrected file) instead.
"""


NOTICE_FILE = "README.txt"  # what marks a folder as one this module wrote


def translated_copy(root: Path) -> tuple[Path, str] | None:
    """(the source course, the language) when `root` is a translated course written here, else None.
    Loaded on its own it would be a different course: its choice ids come from translated words."""
    root = Path(root).resolve()
    source = root.parent.parent
    if root.parent.name == TRANSLATIONS_DIR and (root / NOTICE_FILE).is_file() and (source / "course.yml").is_file():
        return source, root.name
    return None


def variant_root(root: Path, language: str) -> Path:
    return Path(root) / TRANSLATIONS_DIR / language


def write_variant(course: Course, language: str, segments: list[Segment], translations: dict[str, str]) -> Path:
    """Write translations/<language>/ from the course and the translations by segment id (a segment
    without one keeps its source text). The previous folder's course files are replaced whole."""
    target = variant_root(course.root, language)
    target.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".writing-", dir=target))
    try:
        for part in _PARTS[1:]:
            if (course.root / part).is_dir():
                shutil.copytree(course.root / part, staging / part)
        by_file: dict[str, list[Segment]] = {}
        for segment in segments:
            by_file.setdefault(segment.file, []).append(segment)
        for file, _ in course_files(course):
            text = translated_text(source_text(course, file), by_file.get(file, []), translations)
            if file == "course.yml":
                text = _retarget(text, language)
            (staging / file).write_text(text, encoding="utf-8", newline="")
        (staging / NOTICE_FILE).write_text(_NOTICE.format(language=language), encoding="utf-8")
        for part in (*_PARTS, NOTICE_FILE):
            old = target / part
            if old.is_dir():
                shutil.rmtree(old)
            elif old.exists():
                old.unlink()
            if (staging / part).exists():
                os.replace(staging / part, old)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def translated_text(text: str, segments: list[Segment], translations: dict[str, str]) -> str:
    """`text` with the span of each translated segment replaced; untranslated ones stay as they are."""
    edits: dict[tuple[int, int], str] = {}
    values: dict[tuple[int, int], list[tuple[tuple[int, int], str]]] = {}
    for segment in segments:
        translation = translations.get(segment.id)
        if translation is None:
            continue
        if segment.inner is None:
            # A heading keeps its source's id, so that links to `page.md#why-speed-matters` still land.
            edits[segment.start, segment.end] = one_line(translation) + segment.anchor
        else:
            values.setdefault((segment.start, segment.end), []).append((segment.inner, one_line(translation)))
    value_of = {(s.start, s.end): s.value for s in segments if s.value is not None}
    for span, pieces in values.items():
        value = value_of[span] or ""
        for (start, end), translation in sorted(pieces, reverse=True):
            value = value[:start] + translation + value[end:]
        edits[span] = json.dumps(value, ensure_ascii=False)
    for (start, end), replacement in sorted(edits.items(), reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def one_line(translation: str) -> str:
    """A piece is written on one line: a line break a tool added would otherwise start a new block."""
    return re.sub(r"[ \t]*(?:\r\n|\r|\n)[ \t]*", " ", translation.strip())


def _retarget(text: str, language: str) -> str:
    """course.yml with `language:` the target language and `require_sources: false`."""
    root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    edits = {}
    for key, value in root.value if root is not None else ():
        if key.value == "language":
            edits[value.start_mark.index, value.end_mark.index] = json.dumps(language)
        elif key.value == "require_sources":
            edits[value.start_mark.index, value.end_mark.index] = "false"
    for (start, end), replacement in sorted(edits.items(), reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def load_variant(root: Path, source: Course) -> Course:
    """Load translations/<lang>/ as a course, with the source course's names for LMS reports.

    A choice or entry without an `id:` is named in reports after the first words of its text
    ("call_first"); a translated text would rename it ("appeler_d_abord"), and two languages would
    report two answers. Questions, choices and steps line up by id and by position (the translated
    files have the same structure), so each takes its source's name."""
    course = load_course(root)
    quizzes = {
        i: dataclasses.replace(q, questions=_same_questions(q.questions, source.quizzes.get(i)))
        for i, q in course.quizzes.items()
    }
    banks = {
        i: dataclasses.replace(b, questions=_same_questions(b.questions, source.banks.get(i)))
        for i, b in course.banks.items()
    }
    simulations = {}
    for sim_id, sim in course.simulations.items():
        steps = {step.id: step for step in source.simulations[sim_id].steps} if sim_id in source.simulations else {}
        simulations[sim_id] = dataclasses.replace(
            sim,
            steps=tuple(
                dataclasses.replace(
                    step,
                    choices=tuple(
                        dataclasses.replace(choice, name=theirs.name)
                        for choice, theirs in zip(step.choices, steps[step.id].choices)
                    )
                    if step.id in steps
                    else step.choices,
                )
                for step in sim.steps
            ),
        )
    return dataclasses.replace(
        course, quizzes=quizzes, banks=banks, simulations=simulations, translated_from=source.language
    )


def _same_questions(questions: tuple[Question, ...], source) -> tuple[Question, ...]:
    theirs = {q.id: q for q in source.questions} if source is not None else {}
    same = []
    for question in questions:
        original = theirs.get(question.id)
        if original is not None:
            question = dataclasses.replace(
                question,
                choices=tuple(dataclasses.replace(c, name=o.name) for c, o in zip(question.choices, original.choices)),
                items=tuple(dataclasses.replace(i, name=o.name) for i, o in zip(question.items, original.items)),
            )
        same.append(question)
    return tuple(same)
