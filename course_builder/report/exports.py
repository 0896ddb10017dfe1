"""Read an LMS's interactions export into plain rows, streaming: one `ExportRow` per learner attempt and
interaction, read line by line, so a 5-million-row export runs in bounded memory.

Two formats:

- **Moodle 4.5's SCORM Interactions report**, "Download in text format" (`report.php?mode=interactions
  &download=CSV`). Facts from Moodle 4.5.6's source (mod/scorm/report/interactions/classes/report.php):
  tab-separated, UTF-8 without a BOM, PHP's fputcsv (a field with a space, tab, quote or newline is in
  double quotes); header `Name`, the site's identity fields (by default `Email address`), `Attempt`,
  `Started on`, `Last accessed on`, `Score`, the SCO's title, then per interaction N, from 0, whichever of
  `Question N` (the interaction id), `Response N`, `Right answer N` (every correct pattern joined by
  ",") and `Result N` the downloading user ticked in the report's options (by default only Response).
  Interaction cells and identity fields are HTML-escaped (`&amp;`); a learner without an attempt has
  `-` four times and `Not attempted`. Dates are in the downloading user's time zone, in their language.
  Moodle 4.5 shows SCORM 1.2 interactions only: SCORM 2004 attempts get one set of empty columns.
- **A generic CSV** for other LMSs, long format, one row per learner and interaction, comma-, semicolon-
  or tab-separated, UTF-8, with a header naming `GENERIC_FIELDS` (another LMS's names can be mapped:
  `read_generic_interactions(path, columns={"learner": "User name"})`):

      learner,email,attempt,started,last_accessed,score,status,interaction,response,right_answer,result,sequence
      Ana Lima,ana@example.com,1,2025-12-03T11:00:00,2025-12-03T11:41:00,,incomplete,intro-check.acme-add,b,a,wrong,2

  Required: learner, interaction, and response or result. Dates are ISO 8601; `sequence` orders a
  learner's answers within an attempt (default: the line number). A row with an empty interaction
  stands for an attempt, or an enrolled learner, without answers.

Excel and ODS downloads are refused with a message: they hold the same rows as the text download, and
reading them would need a spreadsheet library the builder does not otherwise depend on.
"""

from __future__ import annotations

import csv
import html
import math
import operator
import re
from collections.abc import Generator, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from course_builder.errors import CourseError, Problem

MAX_LINE_BYTES = (
    1 << 20
)  # a line of a real export is a few KB; a longer one is not an export (and memory stays bounded)
RESULT_WORDS = ("correct", "wrong", "incorrect", "unanticipated", "neutral")  # SCORM 1.2 and 2004 vocabularies
GENERIC_FIELDS = (
    "learner",
    "email",
    "attempt",
    "started",
    "last_accessed",
    "score",
    "status",
    "interaction",
    "response",
    "right_answer",
    "result",
    "sequence",
)
MOODLE_DATE_FORMAT = "%A, %d %B %Y, %I:%M %p"  # langconfig strftimedaydatetime, English

_DOWNLOAD_AGAIN = "download the report again from the LMS and read that file, unchanged"
_TICK_OPTIONS = (
    "in Moodle, open the SCORM activity's Reports > Interactions report, tick 'Summary of question', "
    "'Summary of responses', 'Summary of right answer' and 'Summary of result' in its options, press "
    "'Apply', then Download > 'Download in text format'"
)


@dataclass(frozen=True)
class ExportRow:
    """One interaction of one learner attempt, as the LMS stored it (`interaction` "" for an attempt, or an
    enrolled learner, with none)."""

    file: str
    line: int  # 1-based line of the export where the row starts
    learner: str  # the name as the LMS gave it
    email: str  # "" when the export has none
    attempt: int | None  # the LMS's attempt number; None: never started
    score: float | None  # the attempt's score, 0-100, when the SCO reported one
    status: str  # "passed", "completed", "failed", "incomplete", "not attempted", "browsed", or "" when unknown
    started: datetime | None  # naive, in the time zone of whoever downloaded the export
    last_accessed: datetime | None
    interaction: str  # "quizId.questionId"
    response: str  # as stored: "a,b" (SCORM 1.2), "accounts_payable[,]x" (2004), text or a number
    right_answer: str
    result: str  # a RESULT_WORDS word, a number (partial credit), or "" when not stored
    sequence: int  # place among the attempt's interactions (Moodle's N), to tell a first try from a retake

    @property
    def learner_key(self) -> str:
        """Who the learner is across rows and files: the email when there is one, else the name."""
        return self.email.casefold() or self.learner

    @property
    def credit(self) -> float | None:
        """The share of the question earned, 0 to 1; None when the result does not grade (neutral,
        unanticipated, not stored)."""
        if self.result == "correct":
            return 1.0
        if self.result in ("wrong", "incorrect"):
            return 0.0
        try:
            return max(0.0, min(1.0, float(self.result)))
        except ValueError:
            return None


def read_export(path: str | Path, columns: Mapping[str, str] | None = None) -> Iterator[ExportRow]:
    """Rows of either format, told apart by the header: Moodle's starts with `Name`, tab, and has `Attempt`."""
    path = Path(path)
    lines = _text_lines(path)
    first = next(lines, ("", 1))[0]
    lines.close()
    if columns is None and first.startswith("Name\t") and "\tAttempt\t" in first:
        return read_moodle_interactions(path)
    return read_generic_interactions(path, columns)


def read_moodle_interactions(path: str | Path) -> Iterator[ExportRow]:
    """Moodle 4.5's Interactions report download ("Download in text format"), row by row."""
    path = Path(path)
    records = _records(path, "\t")
    header_line, header = next(records, (1, []))
    layout = _MoodleLayout(header, str(path))
    attempts = answered = 0
    for line, row in records:
        rows = list(layout.rows(row, line))  # one line's worth
        attempts += any(out.attempt is not None for out in rows)
        answered += any(out.interaction for out in rows)
        yield from rows
    if attempts and not answered:
        raise _error(
            path,
            header_line,
            f"none of the {attempts} attempts in this Interactions report has an interaction: the package is "
            "SCORM 2004, whose interactions Moodle 4.5's Interactions report does not show (it reads the "
            "SCORM 1.2 names cmi.interactions_N.*, and a SCORM 2004 attempt stores cmi.interactions.N.*)",
            "upload the course's SCORM 1.2 package (dist/*-scorm12.zip) to Moodle for item analysis, or export "
            "the interactions another way into the generic CSV format (see course_builder/report/exports.py)",
        )


def read_generic_interactions(path: str | Path, columns: Mapping[str, str] | None = None) -> Iterator[ExportRow]:
    """The generic long CSV; `columns` maps our field names (GENERIC_FIELDS) to the file's headers."""
    path = Path(path)
    names = {field: field for field in GENERIC_FIELDS}
    for field, theirs in (columns or {}).items():
        if field not in names:
            raise _error(path, None, f"`{field}` is not a field of the generic format", _fields_hint())
        names[field] = theirs
    delimiter, _, header = _generic_header(path, names)
    # The file's columns in GENERIC_FIELDS' order (an absent field reads from an empty last cell): one
    # C-level pick per row, as a large export has millions.
    positions = [header.index(names[field]) if names[field] in header else len(header) for field in GENERIC_FIELDS]
    pick = operator.itemgetter(*positions)
    records = _records(path, delimiter)
    next(records, None)
    for line, row in records:
        if not any(row):
            continue
        if len(row) != len(header):
            raise _error(path, line, f"this line has {len(row)} fields, the header has {len(header)}", _DOWNLOAD_AGAIN)
        row.append("")
        learner, email, attempt, started, last, score, status, interaction, response, right, result, sequence = map(
            str.strip, pick(row)
        )
        yield ExportRow(
            str(path),
            line,
            learner,
            email,
            _number(attempt, int, path, line, "attempt"),
            _number(score, float, path, line, "score"),
            _status(status),
            _iso_time(started, path, line),
            _iso_time(last, path, line),
            interaction,
            response,
            right,
            _result(result, path, line),
            _number(sequence, int, path, line, "sequence") or line,
        )


class _MoodleLayout:
    """Where each value is in a Moodle Interactions report, found from its header."""

    _INTERACTION = re.compile(r"(Question|Response|Right answer|Result) (\d+)")

    def __init__(self, header: list[str], file: str):
        self.file, self.width = file, len(header)
        path = Path(file)
        if "Attempt" not in header or not header or header[0] != "Name":
            raise _error(path, 1, *_not_moodle(header))
        attempt = header.index("Attempt")
        self.email = header.index("Email address") if "Email address" in header[:attempt] else None
        missing = [name for name in ("Started on", "Last accessed on", "Score") if name not in header]
        if missing:
            raise _error(path, 1, f"the header has no {_quoted(missing)} column", _TICK_OPTIONS)
        self.attempt, self.started, self.last = attempt, header.index("Started on"), header.index("Last accessed on")
        score = header.index("Score")
        found = [(i, self._INTERACTION.fullmatch(name)) for i, name in enumerate(header)]
        cells = [(i, m) for i, m in found if m and i > score]
        first = cells[0][0] if cells else len(header)
        sco_columns = header[score + 1 : first]
        if not cells:
            raise _error(path, 1, *_no_interaction_columns(sco_columns))
        if len(sco_columns) != 1:
            raise _error(
                path,
                1,
                f"this report has {len(sco_columns)} SCO columns ({_quoted(sco_columns)}): Moodle writes every "
                "SCO's interactions under one set of headers, so they do not line up with a package of several SCOs",
                "report on a course-builder package (one SCO), or use the generic CSV format",
            )
        self.sco = score + 1
        by_number: dict[int, dict[str, int]] = {}
        for i, m in cells:
            by_number.setdefault(int(m.group(2)), {})[m.group(1)] = i
        self.questions = [(n, by_number[n]) for n in sorted(by_number)]
        no_id = [n for n, kinds in self.questions if "Question" not in kinds]
        if no_id:
            raise _error(
                path,
                1,
                f"this report has no 'Question {no_id[0]}' column, so it does not say which question each "
                "response answers (Moodle's default options show responses only)",
                _TICK_OPTIONS,
            )
        if all(set(kinds) == {"Question"} for _, kinds in self.questions):
            raise _error(path, 1, "this report names the questions but holds no response or result", _TICK_OPTIONS)

    def rows(self, row: list[str], line: int) -> Iterator[ExportRow]:
        path = Path(self.file)
        if not row:
            return
        if len(row) != self.width:
            raise _error(path, line, f"this line has {len(row)} fields, the header has {self.width}", _DOWNLOAD_AGAIN)
        attempt_text = row[self.attempt].strip()
        attempt = None if attempt_text == "-" else _number(attempt_text, int, path, line, "Attempt")
        sco = row[self.sco].strip()
        score = _sco_score(sco)
        base = ExportRow(
            file=self.file,
            line=line,
            learner=row[0].strip(),
            email=html.unescape(row[self.email]).strip() if self.email is not None else "",
            attempt=attempt,
            # Moodle's own Score column says 0 when the SCO sent no score: the SCO's column tells.
            score=score,
            status="" if score is not None else _status(sco),
            started=_moodle_time(row[self.started]),
            last_accessed=_moodle_time(row[self.last]),
            interaction="",
            response="",
            right_answer="",
            result="",
            sequence=0,
        )
        sequence = 0
        for n, kinds in self.questions:
            values = {kind: html.unescape(row[i]).strip() for kind, i in kinds.items()}
            if not values["Question"]:
                if any(values.values()):
                    raise _error(
                        path,
                        line,
                        f"'Question {n}' is empty but other cells of interaction {n} are not",
                        _DOWNLOAD_AGAIN,
                    )
                continue
            yield replace(
                base,
                interaction=values["Question"],
                response=values.get("Response", ""),
                right_answer=values.get("Right answer", ""),
                result=_result(values.get("Result", ""), path, line),
                sequence=n,
            )
            sequence += 1
        if not sequence:
            yield base


def _not_moodle(header: list[str]) -> tuple[str, str]:
    joined = "\t".join(header)
    if {"learner", "interaction"} <= {h.strip().lower() for h in header} or (len(header) == 1 and "," in joined):
        return (
            "this is not a Moodle Interactions report: it is comma-separated, like the generic CSV format",
            "read it as the generic format, or download Moodle's report again (its text download is tab-separated)",
        )
    shown = ", ".join(f"'{h}'" for h in header[:4]) or "nothing"
    return (
        f"this is not Moodle's Interactions report: its header starts with {shown}, not 'Name' ... 'Attempt'",
        "download it from Moodle with your language set to English (the report's headers are in the downloading "
        f"user's language), or use the generic CSV format; {_TICK_OPTIONS}",
    )


def _no_interaction_columns(after_score: list[str]) -> tuple[str, str]:
    if any(name.endswith((" status", " score")) for name in after_score):
        return ("this is Moodle's Objectives report, not the Interactions report", _TICK_OPTIONS)
    return (
        "this CSV has no 'Question 0' column: it looks like Moodle's Basic report (or an Interactions report "
        "with every option unticked, or of an activity nobody has answered yet)",
        _TICK_OPTIONS,
    )


def _generic_header(path: Path, names: dict[str, str]) -> tuple[str, int, list[str]]:
    """The delimiter whose split of the first line holds the required headers."""
    lines = _text_lines(path)
    first, line = next(lines, ("", 1))
    lines.close()
    for delimiter in (",", ";", "\t"):
        header = [h.strip() for h in next(csv.reader([first], delimiter=delimiter), [])]
        if names["learner"] in header and names["interaction"] in header:
            if names["response"] not in header and names["result"] not in header:
                raise _error(
                    path, line, f"the header has neither '{names['response']}' nor '{names['result']}'", _fields_hint()
                )
            return delimiter, line, header
    if first.startswith("Name\t"):
        raise _error(
            path, line, "this looks like a Moodle report, not the generic format", "read it as a Moodle export"
        )
    wanted = [names["learner"], names["interaction"]]
    raise _error(
        path, line, f"the header ({first.strip()[:120]!r}) has no {_quoted(wanted)} column", _fields_hint(columns=True)
    )


def _fields_hint(columns: bool = False) -> str:
    text = f"the generic format's columns are {', '.join(GENERIC_FIELDS)} (learner, interaction and response or result required)"
    if columns:
        text += "; map your LMS's names to them with the columns option, e.g. {'learner': 'User'}"
    return text


def _records(path: Path, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(line where the record starts, fields), one CSV record at a time."""
    lines = _text_lines(path)
    reader = csv.reader((text for text, _ in lines), delimiter=delimiter, strict=True)
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _error(
                path, reader.line_num or start, f"this line cannot be read as CSV ({exc})", _DOWNLOAD_AGAIN
            ) from None
        yield start, row


def _text_lines(path: Path) -> Generator[tuple[str, int], None, None]:
    """Each line of a UTF-8 file, decoded, with its 1-based number; a located error for anything else."""
    try:
        file = path.open("rb")
    except OSError as exc:
        raise _error(
            path, None, f"cannot open the export ({exc.strerror})", "check the file's name and location"
        ) from None
    with file:
        number = 0
        while True:
            raw = file.readline(MAX_LINE_BYTES + 1)
            if not raw:
                if number == 0:
                    raise _error(path, None, "the file is empty", _DOWNLOAD_AGAIN)
                return
            number += 1
            if number == 1:
                _check_start(raw, path)
                raw = raw.removeprefix(b"\xef\xbb\xbf")  # a spreadsheet that re-saved it as "CSV UTF-8" adds one
            if len(raw) > MAX_LINE_BYTES:
                raise _error(
                    path,
                    number,
                    f"this line is longer than {MAX_LINE_BYTES >> 20} MB: this is not an export",
                    _DOWNLOAD_AGAIN,
                )
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                column = len(raw[: exc.start].decode("utf-8", "replace")) + 1
                raise _error(
                    path,
                    number,
                    f"column {column}: byte 0x{raw[exc.start]:02X} is not UTF-8: the file was saved in another encoding "
                    "(Windows-1252 or Latin-1, as a spreadsheet saves 'CSV')",
                    "read the file the LMS downloaded, or save it again as 'CSV UTF-8'",
                ) from None
            yield text, number


def _check_start(raw: bytes, path: Path) -> None:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _error(
            path,
            1,
            "the file is UTF-16 (what a spreadsheet saves as 'Unicode Text'), not UTF-8",
            "read the file the LMS downloaded, or save it again as 'CSV UTF-8'",
        )
    if raw.startswith(b"PK\x03\x04"):
        raise _error(
            path,
            1,
            "this is a spreadsheet (Moodle's Excel or ODS download), not the text download",
            "in the report, choose Download > 'Download in text format'",
        )
    if raw.lstrip().startswith(b"<"):
        raise _error(
            path,
            1,
            "this is a web page, not the report's download (the LMS showed a page: a login, or 'no students yet')",
            "log in to the LMS and download the report from its Download menu",
        )


def _number(text: str, kind: type, path: Path, line: int, what: str):
    if text == "":
        return None
    try:
        return kind(text)
    except ValueError:
        raise _error(path, line, f"{what} '{text}' is not a number", _DOWNLOAD_AGAIN) from None


def _sco_score(text: str) -> float | None:
    """Moodle's SCO cell: the raw score ("84", or "84/100" where a maximum was stored), else a status."""
    try:
        return float(text.split("/")[0])
    except ValueError:
        return None


def _status(text: str) -> str:
    return text.strip().lower().replace("notattempted", "not attempted")


def _result(text: str, path: Path, line: int) -> str:
    word = text.strip().lower()
    if word == "" or word in RESULT_WORDS:
        return word
    try:
        finite = math.isfinite(float(word))
    except ValueError:
        finite = False
    if not finite:
        raise _error(
            path,
            line,
            f"result '{text}' is neither {', '.join(RESULT_WORDS)} nor a number",
            "map your LMS's words to SCORM's before reading, or check that the columns are the right ones",
        )
    return word


def _moodle_time(text: str) -> datetime | None:
    try:
        return datetime.strptime(text.strip(), MOODLE_DATE_FORMAT)
    except ValueError:
        return None  # "-", or a language other than English: the time is left unknown


def _iso_time(text: str, path: Path, line: int) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise _error(path, line, f"'{text}' is not an ISO 8601 date", "write dates as 2025-12-03T11:00:00") from None


def _quoted(names: list[str]) -> str:
    return ", ".join(f"'{n}'" for n in names)


def _error(path: Path, line: int | None, message: str, hint: str) -> CourseError:
    return CourseError(Problem(message, str(path), line, hint=hint))
