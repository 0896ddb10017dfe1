"""Reading LMS interactions exports (course_builder/report/exports.py): Moodle 4.5.6's Interactions report
download as its code writes it (tests/fixtures/report/make_moodle_exports.php mirrors that code), the
generic CSV, bad input with located messages, and bounded memory on a large export."""

from __future__ import annotations

import tracemalloc
from datetime import datetime
from pathlib import Path

import pytest

from course_builder.errors import CourseError
from course_builder.report.exports import read_export, read_generic_interactions, read_moodle_interactions

FIXTURES = Path(__file__).parent / "fixtures" / "report"
MOODLE_12 = FIXTURES / "moodle-4.5.6-scorm12-interactions.txt"
MOODLE_2004 = FIXTURES / "moodle-4.5.6-scorm2004-interactions.txt"
# The header Moodle 4.5.6 writes with all four report options on: PHP's fputcsv quotes every field holding
# a space; the SCO title is HTML-escaped; interactions are numbered from 0.
MOODLE_HEADER_START = (
    'Name\t"Email address"\tAttempt\t"Started on"\t"Last accessed on"\tScore\t'
    '"Credit &amp; Collections Training"\t"Question 0"\t"Response 0"\t"Right answer 0"\t"Result 0"\t"Question 1"'
)


def problem(excinfo) -> str:
    return str(excinfo.value)


def test_the_fixture_is_what_moodle_writes():
    data = MOODLE_12.read_bytes()
    assert data.startswith(MOODLE_HEADER_START.encode())  # no BOM, tab-separated
    assert b"\r" not in data and data.endswith(b"\n")
    assert "Chloé".encode() in data  # UTF-8
    assert b'"Eve Martin"\teve.martin@example.com\t-\t-\t-\t-\t"Not attempted"\t\t' in data


def test_moodle_scorm12_rows():
    rows = list(read_export(MOODLE_12))
    assert len(rows) == 12 + 12 + 3 + 12 + 12 + 1
    first = rows[0]
    assert (first.file, first.line, first.learner, first.email) == (
        str(MOODLE_12),
        2,
        "Ana Lima",
        "ana.lima@example.com",
    )
    assert (first.attempt, first.interaction, first.response, first.right_answer, first.result, first.sequence) == (
        1,
        "intro-check.acme-march-cei",
        "a",
        "a",
        "correct",
        0,
    )
    assert first.started == datetime(2025, 12, 3, 11, 0) and first.last_accessed == datetime(2025, 12, 3, 11, 41)
    # Moodle's Score column says 0 when the SCO sent no score; the SCO's column shows the status instead.
    assert (first.score, first.status) == (None, "incomplete")


def test_moodle_html_escaping_is_undone():
    bruno = [r for r in read_moodle_interactions(MOODLE_12) if r.learner == "Bruno O'Neil"]
    assert bruno[0].email == "bruno.o'neil@example.com"  # written bruno.o&#039;neil@example.com
    assert bruno[-1].response == 'ADD & DSO "days"'  # written "ADD &amp; DSO &quot;days&quot;"
    assert bruno[-1].right_answer == "average days delinquent,ADD"  # two correct patterns, joined by ","
    assert bruno[9].response == "" and bruno[9].result == "wrong"  # unanswered: no response stored
    assert bruno[0].score == 66.67 and bruno[0].last_accessed == datetime(2025, 12, 4, 11, 50)


def test_moodle_partial_credit_attempts_and_no_attempt():
    rows = list(read_moodle_interactions(MOODLE_12))
    chloe = [r for r in rows if r.learner == "Chloé Durand"]
    assert [(r.interaction, r.response, r.credit) for r in chloe] == [
        ("calls-check.excuse-responses", "a.a,b.b,c.c,d.f,e.e", 0.8),
        ("calls-check.call-steps-order", "a,b,c,d,f,e", 0.0),
        ("intro-check.retired-question", "b", 0.0),
    ]
    dev = [r for r in rows if r.learner == "Dev Patel"]
    assert [r.attempt for r in dev] == [1] * 12 + [2] * 12
    assert dev[-1].score == 84 and dev[-1].line == 6
    eve = [r for r in rows if r.learner == "Eve Martin"]
    assert [(r.attempt, r.status, r.interaction, r.started) for r in eve] == [(None, "not attempted", "", None)]


def test_moodle_scorm2004_report_holds_no_interactions():
    with pytest.raises(CourseError) as excinfo:
        list(read_export(MOODLE_2004))
    message = problem(excinfo)
    assert message.startswith(f"{MOODLE_2004}:1: none of the 2 attempts")
    assert "SCORM 2004" in message and "fix: upload the course's SCORM 1.2 package" in message


# Bad input: each message names the file and the line, and says how to fix it.


def write(tmp_path: Path, text: str | bytes, name: str = "export.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


BASIC_HEADER = 'Name\t"Email address"\tAttempt\t"Started on"\t"Last accessed on"\tScore\t"Credit course"\n'
ROW_START = '"Ana Lima"\tana@example.com\t1\t"Wednesday, 3 December 2025, 11:00 AM"\t"Wednesday, 3 December 2025, 11:41 AM"\t0\tIncomplete'


def test_moodle_basic_report(tmp_path):
    path = write(tmp_path, BASIC_HEADER + ROW_START + "\n")
    with pytest.raises(CourseError) as excinfo:
        list(read_export(path))
    message = problem(excinfo)
    assert message.startswith(f"{path}:1: this CSV has no 'Question 0' column: it looks like Moodle's Basic report")
    assert (
        "fix: in Moodle, open the SCORM activity's Reports > Interactions report, tick 'Summary of question'" in message
    )


def test_moodle_default_options_give_responses_only(tmp_path):
    path = write(tmp_path, BASIC_HEADER.rstrip("\n") + '\t"Response 0"\t"Response 1"\n' + ROW_START + "\ta\tb\n")
    with pytest.raises(CourseError) as excinfo:
        list(read_export(path))
    assert problem(excinfo).startswith(f"{path}:1: this report has no 'Question 0' column")
    assert "tick 'Summary of question'" in problem(excinfo)


def test_moodle_objectives_report(tmp_path):
    header = BASIC_HEADER.rstrip("\n") + '\t"law-ethics status"\t"law-ethics score"\n'
    with pytest.raises(CourseError) as excinfo:
        list(read_export(write(tmp_path, header)))
    assert "this is Moodle's Objectives report, not the Interactions report" in problem(excinfo)


def test_another_lms_csv_read_as_moodle(tmp_path):
    path = write(tmp_path, "User;Course;Grade\nana;credit;80\n")
    with pytest.raises(CourseError) as excinfo:
        list(read_moodle_interactions(path))
    assert problem(excinfo).startswith(
        f"{path}:1: this is not Moodle's Interactions report: its header starts with 'User;Course;Grade'"
    )
    assert "fix: download it from Moodle with your language set to English" in problem(excinfo)


def test_empty_file(tmp_path):
    path = write(tmp_path, b"")
    with pytest.raises(CourseError) as excinfo:
        list(read_export(path))
    assert (
        problem(excinfo)
        == f"{path}: the file is empty\n  fix: download the report again from the LMS and read that file, unchanged"
    )


def test_wrong_encoding_is_located(tmp_path):
    text = MOODLE_12.read_text(encoding="utf-8").replace("Chloé", "Chlo\udce9")  # é as Windows-1252 saves it
    path = write(tmp_path, text.encode("utf-8", "surrogateescape"))
    with pytest.raises(CourseError) as excinfo:
        list(read_export(path))
    assert problem(excinfo).startswith(f"{path}:4: column 6: byte 0xE9 is not UTF-8")
    assert "fix: read the file the LMS downloaded, or save it again as 'CSV UTF-8'" in problem(excinfo)


def test_utf16_spreadsheet_and_web_page(tmp_path):
    for data, words in [
        (MOODLE_12.read_text(encoding="utf-8").encode("utf-16"), "the file is UTF-16"),
        (b"PK\x03\x04rest of a zip", "this is a spreadsheet (Moodle's Excel or ODS download)"),
        (b"<!DOCTYPE html><html>You are not logged in</html>\n", "this is a web page, not the report's download"),
    ]:
        path = write(tmp_path, data)
        with pytest.raises(CourseError) as excinfo:
            list(read_export(path))
        assert problem(excinfo).startswith(f"{path}:1: {words}")
        assert "\n  fix: " in problem(excinfo)


def test_a_line_cut_short(tmp_path):
    lines = MOODLE_12.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].rsplit("\t", 3)[0] + "\n"  # Bruno's line loses its last three fields
    path = write(tmp_path, "".join(lines))
    with pytest.raises(CourseError) as excinfo:
        list(read_export(path))
    assert problem(excinfo).startswith(f"{path}:3: this line has 52 fields, the header has 55")


def test_a_result_that_is_not_scorm(tmp_path):
    path = write(tmp_path, "learner,interaction,result\nana,intro-check.acme-add,maybe\n", "generic.csv")
    with pytest.raises(CourseError) as excinfo:
        list(read_export(path))
    assert problem(excinfo).startswith(f"{path}:2: result 'maybe' is neither correct, wrong, incorrect")
    # A number that is no share (NaN would count as full credit once clamped to 0..1).
    for word in ("nan", "inf"):
        path = write(tmp_path, f"learner,interaction,result\nana,intro-check.acme-add,{word}\n", "generic.csv")
        with pytest.raises(CourseError) as excinfo:
            list(read_export(path))
        assert problem(excinfo).startswith(f"{path}:2: result '{word}' is neither")


# The generic format.

GENERIC = """learner,email,attempt,started,last_accessed,score,status,interaction,response,right_answer,result,sequence
Ana Lima,ana@example.com,1,2025-12-03T11:00:00,2025-12-03T11:41:00,,incomplete,intro-check.acme-add,b,a,wrong,2
Ana Lima,ana@example.com,1,2025-12-03T11:00:00,2025-12-03T11:41:00,,incomplete,calls-check.excuse-responses,"check_in_mail[.]check_specifics[,]no_invoice[.]attorney_today",,0.5,3
"Dev Patel",dev@example.com,2,,,84,passed,intro-check.promise-to-pay-parts,"a_specific_amount_and_a_specific_date[,]the_payment_method",,incorrect,
Eve Martin,eve@example.com,,,,,not attempted,,,,,
"""


def test_generic_rows(tmp_path):
    rows = list(read_export(write(tmp_path, GENERIC, "generic.csv")))
    assert [(r.line, r.learner, r.attempt, r.interaction, r.credit, r.sequence) for r in rows] == [
        (2, "Ana Lima", 1, "intro-check.acme-add", 0.0, 2),
        (3, "Ana Lima", 1, "calls-check.excuse-responses", 0.5, 3),
        (4, "Dev Patel", 2, "intro-check.promise-to-pay-parts", 0.0, 4),  # no sequence: the line
        (5, "Eve Martin", None, "", None, 5),
    ]
    assert rows[0].started == datetime(2025, 12, 3, 11, 0) and rows[2].score == 84 and rows[2].status == "passed"
    assert rows[1].response == "check_in_mail[.]check_specifics[,]no_invoice[.]attorney_today"


def test_generic_columns_remapped_and_semicolons(tmp_path):
    path = write(tmp_path, "User;Question ID;Answer;Outcome\nana;intro-check.acme-add;b;incorrect\n", "other.csv")
    rows = list(
        read_generic_interactions(
            path, columns={"learner": "User", "interaction": "Question ID", "response": "Answer", "result": "Outcome"}
        )
    )
    assert [(r.learner, r.interaction, r.response, r.result, r.attempt, r.email) for r in rows] == [
        ("ana", "intro-check.acme-add", "b", "incorrect", None, "")
    ]


def test_generic_missing_columns(tmp_path):
    path = write(tmp_path, "learner,question,answer\nana,x,y\n", "generic.csv")
    with pytest.raises(CourseError) as excinfo:
        list(read_generic_interactions(path))
    assert problem(excinfo).startswith(
        f"{path}:1: the header ('learner,question,answer') has no 'learner', 'interaction' column"
    )
    assert "map your LMS's names to them with the columns option" in problem(excinfo)
    path = write(tmp_path, "learner,interaction,score\nana,x,80\n", "generic.csv")
    with pytest.raises(CourseError) as excinfo:
        list(read_generic_interactions(path))
    assert problem(excinfo).startswith(f"{path}:1: the header has neither 'response' nor 'result'")
    with pytest.raises(CourseError) as excinfo:
        list(read_generic_interactions(path, columns={"user": "learner"}))
    assert "`user` is not a field of the generic format" in problem(excinfo)


def test_generic_bad_values_are_located(tmp_path):
    path = write(tmp_path, "learner,interaction,result,started\nana,x,correct,2025-12-03\nbo,x,correct,yesterday\n")
    with pytest.raises(CourseError) as excinfo:
        list(read_generic_interactions(path))
    assert problem(excinfo).startswith(f"{path}:3: 'yesterday' is not an ISO 8601 date\n  fix: write dates as")


# Streaming: memory stays bounded whatever the size of the export.


def test_a_large_export_streams_in_bounded_memory(tmp_path):
    path = tmp_path / "large.csv"
    rows = 200_000
    with path.open("w", encoding="utf-8") as out:
        out.write("learner,email,attempt,interaction,response,result,sequence\n")
        for i in range(rows):
            out.write(f"Learner {i // 50},l{i // 50}@example.com,1,final-assessment.q{i % 50},a,correct,{i % 50}\n")
    size = path.stat().st_size
    tracemalloc.start()
    try:
        count = sum(1 for _ in read_export(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == rows
    # The file is about 13 MB; its rows held at once would take several times that in Python objects.
    assert size > 12_000_000
    assert peak < 2_000_000, f"peak {peak} bytes"


def test_an_endless_line_is_refused_without_reading_it_all(tmp_path):
    path = tmp_path / "one-line.csv"
    path.write_bytes(b"learner,interaction,result\n" + b"x" * (3 << 20))
    with pytest.raises(CourseError) as excinfo:
        list(read_export(path))
    assert problem(excinfo).startswith(f"{path}:2: this line is longer than 1 MB")
