"""The files a translation vendor gets and sends back: XLIFF 2.0 (translate-toolkit) or PO (Babel).

XLIFF: one <file> per course file (`original` = its path), one <unit> per segment. XLIFF ids are
XML name tokens (no `/` or `#`), so a unit's `id` is the segment id made one (`attitude.md#a/p2` ->
`a.p2`) and its `name` carries the segment id itself, which import reads. <notes> say where the
text is (file:line) and what it is; a segment already translated has its <target>
(state="translated"), a stale one its old translation (state="initial") and a note saying so.
PO: msgctxt = segment id, `#:` file:line, `#.` what it is; a stale entry is fuzzy.
Same course and memory, same bytes out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from translate.storage.xliff2 import Xliff2File, Xliff2Unit

from course_builder.errors import CourseError, Problem
from course_builder.translate.memory import Stored, po_bytes, read_po_entries
from course_builder.translate.segments import Segment

FORMATS = ("xliff", "po")
_NOT_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Returned:
    """One translated text in a file a translator sent back."""

    id: str
    source: str  # the source text the translator saw
    target: str
    line: int  # in the returned file


def export_bytes(
    segments: list[Segment], memory: dict[str, Stored], source_language: str, language: str, form: str
) -> bytes:
    if form == "po":
        entries = []
        for segment in segments:
            stored = memory.get(segment.id)
            stale = stored is not None and stored.source != segment.source
            entries.append((segment.id, segment.source, stored.target if stored else "", segment, stale))
        return po_bytes(entries, language, source_language, "translation")
    return _xliff(segments, memory, source_language, language)


def _xliff(segments: list[Segment], memory: dict[str, Stored], source_language: str, language: str) -> bytes:
    store = Xliff2File(sourcelanguage=source_language, targetlanguage=language)
    root = store.document.getroot()
    for skeleton_file in list(root):  # the library's empty <file id="f1">
        root.remove(skeleton_file)
    file_ids: set[str] = set()
    current, unit_ids = None, set()  # type: ignore[var-annotated]
    for segment in segments:
        if segment.file != current:
            current, unit_ids = segment.file, set()
            file_node = store.createfilenode(_unique(_name_token(segment.file), file_ids))
            file_node.set("original", segment.file)
            root.append(file_node)
            store.body = file_node
        unit = Xliff2Unit(segment.source)
        unit.setid(_unique(_name_token(segment.id.partition("#")[2]), unit_ids))
        element = unit.getunitelement()
        element.set("name", segment.id)
        # XLIFF 2.0 allows xml:space on <unit>, not on <segment>, where the library puts it.
        space = "{http://www.w3.org/XML/1998/namespace}space"
        element.set(space, unit.xmlelement.attrib.pop(space, "preserve"))
        # <notes> belong in <unit> before its <segment> (the library's addnote puts them in the segment).
        notes = etree.Element(store.namespaced("notes"))
        _note(store, notes, "location", f"{segment.file}:{segment.line}")
        _note(store, notes, "description", segment.note)
        stored = memory.get(segment.id)
        if stored is not None and stored.target:
            unit.target = stored.target
            if stored.source != segment.source:
                unit.markfuzzy(True)  # state="initial": to be checked
                _note(store, notes, "stale", f"The source changed since this was translated. It was: {stored.source}")
            else:
                unit.marktranslated()
        element.insert(0, notes)
        store.addunit(unit)
    return bytes(store)


def _note(store, notes, category: str, text: str) -> None:
    note = etree.SubElement(notes, store.namespaced("note"))
    note.set("category", category)
    note.text = text


def _name_token(text: str) -> str:
    return _NOT_NAME.sub(".", text).strip(".") or "x"


def _unique(name: str, taken: set[str]) -> str:
    candidate, number = name, 2
    while candidate in taken:
        candidate, number = f"{name}.{number}", number + 1
    taken.add(candidate)
    return candidate


def read_returned(path: Path) -> tuple[str | None, list[Returned]]:
    """The target language (when the file says it) and every unit with a translation, from an
    XLIFF 2 or PO file (told apart by content, not by name)."""
    shown = path.as_posix()
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CourseError(Problem(f"cannot read it: {error.strerror or error}", shown)) from None
    head = data[:400].lstrip().lower()
    if head.startswith(b"<?xml") or head.startswith(b"<xliff"):
        return _read_xliff(data, shown)
    if b'msgid "' in data[:20000] or path.suffix.lower() in (".po", ".pot"):
        language, entries = read_po_entries(path)
        return language, [Returned(i, source, target, line) for i, source, target, line in entries if target]
    raise CourseError(
        Problem(
            "neither an XLIFF 2 nor a PO file",
            shown,
            hint="import the .xlf or .po file that `course-builder translate export` wrote, once translated",
        )
    )


def _read_xliff(data: bytes, shown: str) -> tuple[str | None, list[Returned]]:
    try:
        store = Xliff2File.parsestring(data)
    except Exception as error:  # lxml's XMLSyntaxError, the library's ValueError for XLIFF 1.x
        raise CourseError(
            Problem(
                f"not a readable XLIFF 2 file: {error}",
                shown,
                hint="export XLIFF 2.0 from the translation tool (not XLIFF 1.2), or send the PO file instead",
            )
        ) from None
    returned, problems = [], []
    for unit in store.units:
        element = unit.getunitelement()
        segment_id = element.get("name")
        line = unit.xmlelement.sourceline or 0
        if not segment_id:
            problems.append(
                Problem(
                    f"unit `{element.get('id')}` has no `name`, so its segment is unknown",
                    shown,
                    line,
                    hint="the translation tool must keep the units' `name` attributes as exported",
                )
            )
            continue
        target = str(unit.target or "")
        # state="initial" is how the export marks a stale text's old translation: taken only once the
        # translator has confirmed or changed it (the tool then marks it translated).
        if target and unit.xmlelement.get("state") != "initial":
            returned.append(Returned(segment_id, str(unit.source or ""), target, line))
    if problems:
        raise CourseError(problems)
    return store.gettargetlanguage(), returned
