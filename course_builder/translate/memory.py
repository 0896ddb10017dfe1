"""The translation memory of one language, `translations/<lang>.po`, and what it says of each segment.

One gettext entry per segment: msgctxt = the segment id, msgid = the SOURCE text as it was when it
was translated, msgstr = the translation. Comparing the stored msgid with the course's text today
tells what changed since: a segment is
- translated: stored, and its source is unchanged;
- stale: stored, but its source has changed since (the translation may say something else now);
- missing: never translated.
Written with Babel (a well-kept PO library), so Poedit and translation tools open it too.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from babel.core import UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from course_builder.errors import CourseError, Problem
from course_builder.translate.segments import Segment

TRANSLATIONS_DIR = "translations"
# Same input, same bytes out: the header's dates are fixed (the build's zips use the same moment).
_FIXED_DATE = datetime(1980, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Stored:
    source: str  # the source text the translation was made from
    target: str


def memory_path(root: Path, language: str) -> Path:
    return Path(root) / TRANSLATIONS_DIR / f"{language}.po"


def read_memory(root: Path, language: str) -> dict[str, Stored]:
    """The stored translations by segment id ({} when there is no memory yet)."""
    path = memory_path(root, language)
    if not path.is_file():
        return {}
    return {entry_id: Stored(source, target) for entry_id, source, target, _ in read_po_entries(path)[1]}


def read_po_entries(path: Path) -> tuple[str | None, list[tuple[str, str, str, int]]]:
    """The file's language (its `Language:` header), and (msgctxt, msgid, msgstr, line) of every
    entry with a context, as Babel reads them (a fuzzy entry's msgstr counts as none)."""
    shown = path.as_posix()
    try:
        with open(path, "rb") as handle:
            catalog = read_po(handle, abort_invalid=True)
    except Exception as error:  # Babel's PoFileError, a decoding error: the file is not a PO file
        raise CourseError(
            Problem(f"not a readable PO file: {error}", shown, hint="open it in Poedit and save it again")
        ) from None
    entries = []
    for message in catalog:
        if message.context and isinstance(message.id, str):
            target = message.string if isinstance(message.string, str) else ""
            entries.append((message.context, message.id, "" if message.fuzzy else target, message.lineno or 0))
    language = dict(catalog.mime_headers).get("Language") or None
    return language, entries


def write_memory(root: Path, language: str, source_language: str, memory: dict[str, Stored], order: list[Segment]):
    """Write the memory: the course's segments first, in course order, then entries of segments
    that are gone (kept: the text may come back), by id."""
    where = {segment.id: segment for segment in order}
    ids = [s.id for s in order if s.id in memory] + sorted(set(memory) - set(where))
    path = memory_path(root, language)
    path.parent.mkdir(parents=True, exist_ok=True)
    entries = [(i, memory[i].source, memory[i].target, where.get(i), False) for i in ids]
    path.write_bytes(po_bytes(entries, language, source_language, "translation memory"))
    return path


def po_bytes(entries, language: str, source_language: str, what: str) -> bytes:
    """A PO file of (id, source, target, segment or None, fuzzy) entries: msgctxt = id,
    `#:` file:line, `#.` what the segment is."""
    try:
        catalog = Catalog(locale=language, creation_date=_FIXED_DATE, revision_date=_FIXED_DATE)
    except (UnknownLocaleError, ValueError):  # a tag Babel does not know (a pseudo-locale): no plural rules
        catalog = Catalog(creation_date=_FIXED_DATE, revision_date=_FIXED_DATE)
    catalog.project = f"course-builder {what}"
    catalog.version = f"{source_language} to {language}"
    catalog.language_team = language
    catalog.fuzzy = False
    catalog.header_comment = (
        f"# A course-builder {what}, {source_language} to {language}.\n"
        "# msgctxt: the segment's id; msgid: the source text; msgstr: its translation.\n"
        "# #: where the text is in the course; #. what it is."
    )
    for entry_id, source, target, segment, fuzzy in entries:
        catalog.add(
            source,
            target,
            locations=[(segment.file, segment.line)] if segment else [],
            auto_comments=[segment.note] if segment else ["no longer in the course"],
            flags=["fuzzy"] if fuzzy else [],
            context=entry_id,
        )
    out = io.BytesIO()
    write_po(out, catalog, width=100, include_previous=False, sort_output=False)
    return out.getvalue()


@dataclass(frozen=True)
class Status:
    translated: dict[str, str]  # segment id -> translation, for segments whose source is unchanged
    stale: list[Segment]
    missing: list[Segment]


def status(segments: list[Segment], memory: dict[str, Stored]) -> Status:
    translated, stale, missing = {}, [], []
    for segment in segments:
        stored = memory.get(segment.id)
        if stored is None or not stored.target:
            missing.append(segment)
        elif stored.source != segment.source:
            stale.append(segment)
        else:
            translated[segment.id] = stored.target
    return Status(translated, stale, missing)


def gap_problems(state: Status, language: str) -> list[Problem]:
    """One located problem per stale or missing segment (where the SOURCE is), stale ones first."""
    problems = [
        Problem(
            f"stale: the text changed since it was translated into {language} ({segment.id})",
            segment.file,
            segment.line,
            hint=None,
        )
        for segment in state.stale
    ]
    problems += [
        Problem(f"missing: not translated into {language} ({segment.id})", segment.file, segment.line)
        for segment in state.missing
    ]
    return problems
