"""The round trip as the commands run it: export for a translator, import what comes back, check a
language for gaps, and prepare a language's build."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from course_builder.errors import CourseError, Problem
from course_builder.load.course import load_course
from course_builder.model import Course
from course_builder.translate.exchange import export_bytes, read_returned
from course_builder.translate.memory import Status, Stored, gap_problems, read_memory, status, write_memory
from course_builder.translate.segments import Segment, segments
from course_builder.translate.targets import target_problems
from course_builder.translate.variant import variant_root, write_variant


def export_translation(root: Path, language: str, form: str) -> tuple[bytes, Course, Status]:
    """The XLIFF or PO file for a translator: every segment, with the translations already made."""
    course = load_course(root)
    found = segments(course)
    memory = read_memory(course.root, language)
    return export_bytes(found, memory, course.language, language, form), course, status(found, memory)


@dataclass
class Imported:
    language: str
    stored: int  # translations taken from the file
    unknown: list[str]  # ids of units that name no segment of the course (gone since the export)
    status: Status
    variant: Path
    memory: Path


def import_translation(root: Path, file: Path, language: str | None = None) -> Imported:
    """Check every translation in `file`; if one is wrong raise CourseError naming each (and write
    nothing), else merge them into the memory and write the translated course."""
    course = load_course(root)
    said, returned = read_returned(Path(file))
    language = language or said
    shown = Path(file).as_posix()
    if not language:
        raise CourseError(
            Problem(
                "the file does not say which language it is in",
                shown,
                hint="name it: course-builder translate import FILE --lang fr",
            )
        )
    found = segments(course)
    by_id = {segment.id: segment for segment in found}
    problems, unknown, accepted = [], [], {}
    for unit in returned:
        segment = by_id.get(unit.id)
        if segment is None:
            unknown.append(unit.id)
            continue
        for message in target_problems(unit.source or segment.source, unit.target, segment.note):
            problems.append(
                Problem(
                    f"{unit.id}: the translation is refused: {message}",
                    shown,
                    unit.line,
                    hint=f"correct the translation (the text is at {segment.file}:{segment.line}) and import again",
                )
            )
        accepted[unit.id] = Stored(unit.source or segment.source, unit.target)
    if problems:
        raise CourseError(problems)
    memory = read_memory(course.root, language) | accepted
    written = write_memory(course.root, language, course.language, memory, found)
    state = status(found, memory)
    variant = write_variant(course, language, found, state.translated)
    return Imported(language, len(accepted), unknown, state, variant, written)


def check_language(root: Path, language: str) -> tuple[Course, list[Segment], Status]:
    course = load_course(root)
    found = segments(course)
    return course, found, status(found, read_memory(course.root, language))


def prepare_language_build(root: Path, language: str, allow_fallback: bool) -> tuple[Path, Course, Status]:
    """Write translations/<language>/ for a build; CourseError listing the gaps unless they are allowed
    (then stale and missing segments stay in the source language)."""
    course, found, state = check_language(root, language)
    gaps = state.stale + state.missing
    if gaps and not allow_fallback:
        problems = gap_problems(state, language)
        problems.append(
            Problem(
                f"{len(state.stale)} stale and {len(state.missing)} missing of {len(found)} segments: "
                f"the {language} course is not complete",
                hint=f"send `course-builder translate export --lang {language}` to the translator and import "
                "the result, or build with --allow-fallback to show those segments in the source language",
            )
        )
        raise CourseError(problems)
    write_variant(course, language, found, state.translated)
    return variant_root(course.root, language), course, state
