"""Read a course file (course.yml, a lesson, a quiz, a bank, a simulation) as text, or say why not.

Trainers' files come from Notepad, Word, Excel exports and colleagues' machines. What they get:
- UTF-8, with or without the byte-order mark Notepad writes (the mark is dropped silently);
- for UTF-16 or UTF-32 (found by their byte-order mark or by the NUL bytes between letters):
  "saved as UTF-16; save it as UTF-8";
- for bytes that are not UTF-8: the line, column and byte offset of the first one, and when the
  file reads as Windows-1252 ("ANSI"), which character it probably is (0x92 is ’) and how to re-save;
- for control characters (NUL, BEL, form feed, ...: invisible in most editors): line and column;
- for a file far larger than any lesson or quiz: its size and the limit, without reading it all.
Each of these is a CourseError with one located Problem; nothing else is raised.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import os
import re
import unicodedata
from pathlib import Path

from course_builder.errors import CourseError, Problem

# A quiz with two hundred questions is about 100 KB; a long lesson 50 KB. Far past that is a
# mistake (a pasted export, a log file renamed), and reading it would only slow everything down.
YAML_LIMIT = 1_000_000
LESSON_LIMIT = 5_000_000

_SAVE_AS_UTF8 = (
    "in Notepad: File > Save as, Encoding: UTF-8; in VS Code: click the encoding in the "
    "status bar, then Save with Encoding > UTF-8"
)

# Allowed: tab, line feed, carriage return. Refused: the other C0 controls, DEL, the C1 controls
# (U+0080..U+009F: mostly Windows-1252 text decoded twice), the non-characters U+FFFE/U+FFFF, and a
# byte-order mark after the start (two files pasted together). YAML refuses all of them too.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ufeff]")
_CONTROL_NAMES = {
    "\x00": "NUL",
    "\x07": "BEL",
    "\x08": "backspace",
    "\x0b": "vertical tab",
    "\x0c": "form feed",
    "\x1b": "escape",
    "\x7f": "DEL",
    "\x85": "next line (NEL)",
    "\ufeff": "byte-order mark",
    "\ufffe": "non-character",
    "\uffff": "non-character",
}

# What the Windows-1252 bytes trainers' files most often hold are, in words.
_CP1252_WORDS = {
    0x91: "a left curly quote",
    0x92: "a curly apostrophe",
    0x93: "a left curly double quote",
    0x94: "a right curly double quote",
    0x96: "an en dash",
    0x97: "an em dash",
    0x85: "an ellipsis",
    0x80: "a euro sign",
    0x95: "a bullet",
    0xA0: "a non-breaking space",
    0x99: "a trademark sign",
    0xA9: "a copyright sign",
    0xAE: "a registered sign",
    0xB0: "a degree sign",
    0xA7: "a section sign",
    0xB7: "a middle dot",
    0xBD: "a one-half sign",
    0xD7: "a multiplication sign",
}


def read_course_text(file: Path, shown: str | Path, limit: int = YAML_LIMIT) -> str:
    """The text of `file` (shown to the trainer as `shown`), its UTF-8 byte-order mark removed."""
    return _checked_text(_read_bytes(file, shown, limit), shown)


@functools.lru_cache(maxsize=512)  # a build reads each lesson about ten times: decode and check it once
def _checked_text(data: bytes, shown: str | Path) -> str:
    text = decode_course_text(data, shown)
    if match := _CONTROL.search(text):
        raise CourseError(_control_problem(text, match, shown))
    return text


def _read_bytes(file: Path, shown, limit: int) -> bytes:
    """The file's bytes; inside `one_read_each()`, a file read before is not read again."""
    if _this_load is None:
        return _read_uncached(file, shown, limit)
    key = (os.fspath(file), limit)
    if key not in _this_load:
        _this_load[key] = _read_uncached(file, shown, limit)
    return _this_load[key]


_this_load: dict[tuple, bytes] | None = None


@contextlib.contextmanager
def one_read_each():
    """While a course loads, each file is read once: a load asks for each lesson about ten times (titles,
    embeds of each kind, links), 458 reads for the bundled course's 44 lessons. Only for the one load:
    the next load (a preview's rebuild after an edit) reads every file again."""
    global _this_load
    outer, _this_load = _this_load, _this_load if _this_load is not None else {}
    try:
        yield
    finally:
        _this_load = outer


def _read_uncached(file: Path, shown, limit: int) -> bytes:
    try:
        with open(file, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limit:
                raise CourseError(_too_large(shown, size, limit))
            data = handle.read(limit + 1)  # the size may have grown since
    except IsADirectoryError:
        raise CourseError(
            Problem("this is a folder, not a file", shown, hint="rename the folder or move it away")
        ) from None
    except OSError as exc:
        raise CourseError(
            Problem(
                f"the file cannot be read: {exc.strerror or exc}",
                shown,
                hint="check that it exists and that you may read it",
            )
        ) from exc
    if len(data) > limit:
        raise CourseError(_too_large(shown, len(data), limit))
    return data


def _too_large(shown, size: int, limit: int) -> Problem:
    return Problem(
        f"the file is {_size(size)}, more than the {_size(limit)} a course file may have",
        shown,
        hint="is it the right file? Split a long lesson in several; keep pictures in their own files "
        "next to the lesson; a quiz or simulation is a few kilobytes",
    )


def _size(count: int) -> str:
    return f"{count / 1_000_000:.1f} MB" if count >= 100_000 else f"{count / 1000:.0f} KB"


def decode_course_text(data: bytes, shown) -> str:
    """UTF-8 text (a leading byte-order mark dropped), or a CourseError saying where and why not."""
    wide = _wide_encoding(data)
    if wide:
        raise CourseError(Problem(f"the file is saved as {wide}; save it as UTF-8", shown, 1, 1, _SAVE_AS_UTF8))
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CourseError(_not_utf8(data, exc.start, shown)) from None


def _wide_encoding(data: bytes) -> str | None:
    """ "UTF-16" or "UTF-32" when the bytes are that: by byte-order mark, or by where the NULs are
    (ASCII letters in UTF-16 are each followed, or preceded, by a NUL byte)."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "UTF-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "UTF-16"
    sample = data[:4000]
    if len(sample) < 4 or sample.count(0) < len(sample) // 4:
        return None
    by_4 = [sample[i::4].count(0) for i in range(4)]
    quarter = len(sample) // 4
    if sum(1 for n in by_4 if n >= quarter * 0.9) == 3:
        return "UTF-32"
    for parity in (0, 1):
        half = sample[parity::2]
        if half.count(0) >= len(half) * 0.6 and sample[1 - parity :: 2].count(0) <= len(half) * 0.1:
            return "UTF-16"
    return None


def _not_utf8(data: bytes, start: int, shown) -> Problem:
    line_start = max(data.rfind(b"\n", 0, start), data.rfind(b"\r", 0, start)) + 1
    line = _line_of(data[:line_start])
    column = len(data[line_start:start].decode("utf-8")) + 1  # all valid: the first bad byte is at `start`
    byte = data[start]
    where = f"byte 0x{byte:02x} (at byte offset {start}) is not UTF-8"
    try:
        data.decode("cp1252")
        char = bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return Problem(
            f"{where}: the file is not saved as UTF-8 text", shown, line, column, f"save it as UTF-8 ({_SAVE_AS_UTF8})"
        )
    words = _CP1252_WORDS.get(byte) or unicodedata.name(char, "a special character").lower()
    if not data[:start].isascii():
        # UTF-8 up to here: one pasted character is Windows-1252; re-saving the whole file would garble the rest.
        return Problem(
            f'{where}: it is probably {char} ({words}) pasted in the Windows-1252 ("ANSI") encoding into a UTF-8 file',
            shown,
            line,
            column,
            f"delete the character and type {char} again",
        )
    return Problem(
        f'{where}: the file looks saved as Windows-1252 ("ANSI"), where 0x{byte:02x} is {char} ({words})',
        shown,
        line,
        column,
        "re-save it as UTF-8: in Notepad: File > Save as, Encoding: UTF-8; in VS Code: click the "
        "encoding in the status bar, Reopen with Encoding > Windows 1252, then Save with Encoding > UTF-8",
    )


def _line_of(before: bytes | str) -> int:
    """1-based number of the line that starts after `before` (CR LF, LF and a lone CR each end a line)."""
    if isinstance(before, str):
        return before.count("\n") + before.count("\r") - before.count("\r\n") + 1
    return before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1


def _control_problem(text: str, match: re.Match, shown) -> Problem:
    before = text[: match.start()]
    line_start = max(before.rfind("\n"), before.rfind("\r")) + 1
    line, column = _line_of(before[:line_start]), match.start() - line_start + 1
    char = match.group()
    name = _CONTROL_NAMES.get(char) or unicodedata.name(char, "control character")
    others = len(_CONTROL.findall(text)) - 1
    more = f" (and {others} more in the file)" if others else ""
    if char == "\x00":
        return Problem(
            f"the file holds a NUL byte (U+0000){more}: it is not plain text",
            shown,
            line,
            column,
            "save it again as plain UTF-8 text; a NUL usually means the file is binary or got damaged",
        )
    if char == "\ufeff":
        return Problem(
            f"an invisible byte-order mark (U+FEFF) in the middle of the text{more}",
            shown,
            line,
            column,
            "delete it: it is left where two files were pasted together (VS Code highlights it)",
        )
    return Problem(
        f"an invisible control character U+{ord(char):04X} ({name}){more}",
        shown,
        line,
        column,
        "delete it (and retype the character next to it): control characters usually come from "
        "text copied out of a PDF, a word processor or a terminal",
    )
