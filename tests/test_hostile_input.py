"""Hostile or damaged input gets a located message and exit code 1: never a traceback, never a hang,
and a failed build leaves the previous site/ and dist/ as they were.

One test per case: alias bombs and self-referring aliases, control characters and NUL, custom YAML
tags, very deep nesting, `answer: "yes"`, lessons and YAML saved as Windows-1252, UTF-16 or UTF-32,
with a UTF-8 byte-order mark (accepted), ids with a trailing line break in each kind of id, and files
far too large to be course files.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course_builder.commands.cli import main
from course_builder.load.course import load_course

FIXTURES = Path(__file__).parent / "fixtures"
HANG_TIMEOUT = 60  # seconds; before the fix, the alias bomb ran past 300 s and 3 GB

ALIAS_BOMB = (
    "\n".join(
        ['a: &a ["x","x","x","x","x","x","x","x","x"]']
        + [
            f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]"
            for previous, name in zip("abcdefgh", "bcdefghi")
        ]
    )
    + "\n"
)


def make_full_course(root: Path) -> Path:
    """mini_course with a bank, a quiz drawing from it and a simulation: every kind of course file."""
    shutil.copytree(FIXTURES / "mini_course", root)
    (root / "quizzes" / "banks").mkdir()
    shutil.copy(FIXTURES / "assessment_course" / "quizzes" / "banks" / "call-bank.yml", root / "quizzes" / "banks")
    (root / "quizzes" / "final.yml").write_text(
        "id: final\ntitle: Final\nkind: final-assessment\ndraw:\n  - bank: call-bank\n    count: 2\n", encoding="utf-8"
    )
    (root / "simulations").mkdir()
    shutil.copy(FIXTURES / "sim_course" / "simulations" / "late-payment.yml", root / "simulations")
    second = root / "content" / "basics" / "second.md"
    second.write_text(
        second.read_text(encoding="utf-8") + "\n::quiz[final]\n\n::simulation[late-payment]\n", encoding="utf-8"
    )
    return root


@pytest.fixture
def course(tmp_path) -> Path:
    return make_full_course(tmp_path / "course")


def check(course: Path, capsys) -> tuple[int, str]:
    code = main(["check", str(course)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def assert_refused(course: Path, capsys, *expected: str) -> str:
    code, output = check(course, capsys)
    assert code == 1, output
    for text in expected:
        assert text in output, output
    assert "Traceback" not in output
    assert "\n  fix: " in output
    return output


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """The real command in its own process, for the cases that used to hang."""
    return subprocess.run(
        [sys.executable, "-m", "course_builder", *args],
        capture_output=True,
        text=True,
        timeout=HANG_TIMEOUT,
        cwd=Path(__file__).parent.parent,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- YAML that explodes, loops or nests ----------------------------------------------------------


def test_alias_bomb_is_refused_quickly_at_the_alias(course):
    (course / "quizzes" / "bomb.yml").write_text(ALIAS_BOMB, encoding="utf-8")
    result = run_cli("check", str(course))
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "quizzes/bomb.yml:6:8: the alias `*e` makes the file stand for more than 100,000 values" in output
    assert "never needs anchors and aliases at that scale" in output
    assert "Traceback" not in output


def test_an_alias_inside_its_own_anchor_is_refused(course, capsys):
    (course / "quizzes" / "loop.yml").write_text("id: loop\ntitle: &t [a, *t]\n", encoding="utf-8")
    assert_refused(course, capsys, "quizzes/loop.yml:2:15: the alias `*t` is inside its own anchor `&t`")


def test_an_alias_to_nothing_is_refused(course, capsys):
    (course / "quizzes" / "alias.yml").write_text("id: alias\ntitle: *missing\n", encoding="utf-8")
    assert_refused(course, capsys, "quizzes/alias.yml:2:8: the alias `*missing` refers to no anchor")


def test_modest_anchors_and_aliases_still_work(course, capsys):
    quiz = course / "quizzes" / "basics-check.yml"
    edit(quiz, "explanation: DSO is days sales outstanding.", "explanation: &same DSO is days sales outstanding.")
    edit(quiz, "explanation: Calls find the blocker; letters document.", "explanation: *same")
    code, output = check(course, capsys)
    assert code == 0, output


def test_very_deep_nesting_is_refused_without_hanging(course):
    (course / "quizzes" / "deep.yml").write_text(
        "id: deep\ntitle: " + "[" * 10_000 + "]" * 10_000 + "\n", encoding="utf-8"
    )
    result = run_cli("check", str(course))
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "quizzes/deep.yml:2:" in output and "nested more than 32 levels deep" in output
    assert "Traceback" not in output


def test_deep_block_nesting_is_refused(course, capsys):
    text = "id: deep\ntitle:\n" + "".join("  " * (level + 1) + "a:\n" for level in range(40))
    (course / "simulations" / "deep.yml").write_text(text, encoding="utf-8")
    assert_refused(course, capsys, "simulations/deep.yml:", "nested more than 32 levels deep")


def test_a_second_document_is_refused(course, capsys):
    quiz = course / "quizzes" / "basics-check.yml"
    quiz.write_text(quiz.read_text(encoding="utf-8") + "---\nid: other\n", encoding="utf-8")
    assert_refused(course, capsys, "quizzes/basics-check.yml:40:1: the file holds a second YAML document")


# --- characters YAML refuses ---------------------------------------------------------------------


def test_a_control_character_in_yaml_is_located(course, capsys):
    edit(course / "quizzes" / "basics-check.yml", "title: Basics check", "title: Basics\x07 check")
    assert_refused(course, capsys, "quizzes/basics-check.yml:2:14: an invisible control character U+0007 (BEL)")


def test_a_nul_in_yaml_is_located(course, capsys):
    edit(course / "quizzes" / "banks" / "call-bank.yml", "title: Calls", "title: Ca\x00lls")
    assert_refused(course, capsys, "quizzes/banks/call-bank.yml:2:10: the file holds a NUL byte")


def test_a_control_character_in_course_yml_is_located(course, capsys):
    edit(course / "course.yml", "title: Basics", "title: Ba\x1bsics")
    assert_refused(course, capsys, "course.yml:14:14: an invisible control character U+001B (escape)")


@pytest.mark.parametrize("value", ["!foo x", "!foo [a, b]", "!!binary aGVsbG8=", "!!python/object:os.system x"])
def test_a_custom_tag_is_refused(course, capsys, value):
    edit(course / "quizzes" / "basics-check.yml", "title: Basics check", f"title: {value}")
    tag = value.split()[0].replace("!!", "tag:yaml.org,2002:")
    assert_refused(course, capsys, f"quizzes/basics-check.yml:2:8: the YAML tag `{tag}` is not supported")


def test_a_value_its_tag_cannot_build_is_located(course, capsys):
    edit(course / "quizzes" / "basics-check.yml", "passing_score: 50", "passing_score: !!int fifty")
    assert_refused(course, capsys, "quizzes/basics-check.yml:3:16: `fifty` is not a valid whole number")


def test_an_impossible_date_is_located(course, capsys):
    edit(course / "quizzes" / "basics-check.yml", "title: Basics check", "title: 2024-13-45")
    assert_refused(course, capsys, "quizzes/basics-check.yml:2:8: `2024-13-45` is not a valid date")


# --- meaning ---------------------------------------------------------------------------------------


def test_a_quoted_yes_on_a_true_false_question(course, capsys):
    edit(course / "quizzes" / "basics-check.yml", "answer: false", 'answer: "yes"')
    assert_refused(
        course,
        capsys,
        "quizzes/basics-check.yml:35:13: the answer of a true-false question is `true` or `false`, not `yes`",
        "write `answer: true` or `answer: false`",
    )


# --- encodings ------------------------------------------------------------------------------------


def test_a_windows_1252_lesson_is_located_with_the_character(course, capsys):
    (course / "content" / "basics" / "first.md").write_bytes(b"# First lesson\n\nIt\x92s [next](second.md).\n")
    assert_refused(
        course,
        capsys,
        "content/basics/first.md:3:3: byte 0x92 (at byte offset 18) is not UTF-8",
        "Windows-1252",
        "a curly apostrophe",
        "Save with Encoding > UTF-8",
    )


def test_a_windows_1252_page_not_in_course_yml_is_located(course, capsys):
    (course / "content" / "index.md").write_bytes(b"# Welcome\n\n\x93Quoted\x94 [start](basics/first.md)\n")
    assert_refused(course, capsys, "content/index.md:3:1: byte 0x93", "a left curly double quote")


def test_a_lesson_with_a_utf8_bom_keeps_its_title(course, capsys):
    first = course / "content" / "basics" / "first.md"
    first.write_bytes(b"\xef\xbb\xbf" + first.read_bytes())
    code, output = check(course, capsys)
    assert code == 0, output
    assert load_course(course).lessons[0].title == "First lesson"


def test_a_control_character_in_a_lesson_is_located(course, capsys):
    edit(course / "content" / "basics" / "first.md", "Some text", "Some\x0b text")
    assert_refused(course, capsys, "content/basics/first.md:3:5: an invisible control character U+000B")


def test_a_windows_1252_quiz_is_located(course, capsys):
    quiz = course / "quizzes" / "basics-check.yml"
    quiz.write_bytes(quiz.read_bytes().replace(b"Right, it is", b"Right, it\x92s"))
    assert_refused(
        course,
        capsys,
        "quizzes/basics-check.yml:13:28: byte 0x92 (at byte offset",
        "0x92 is \u2019 (a curly apostrophe)",
    )


def test_one_windows_1252_character_in_a_utf8_file(course, capsys):
    quiz = course / "quizzes" / "basics-check.yml"
    quiz.write_bytes(
        "title: Café check".encode()
        .join(quiz.read_bytes().split(b"title: Basics check"))
        .replace(b"Right, it is", b"Right, it\x92s")
    )
    assert_refused(course, capsys, "quizzes/basics-check.yml:13:28:", "pasted in the Windows-1252", "type \u2019 again")


def test_a_windows_1252_course_yml_is_located(course, capsys):
    config = course / "course.yml"
    config.write_bytes(config.read_bytes().replace(b"Make calls.", b"Make calls \x96 politely."))
    assert_refused(course, capsys, "course.yml:10:23: byte 0x96", "an en dash")


@pytest.mark.parametrize(
    "encoding, named", [("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16"), ("utf-32", "UTF-32")]
)
def test_utf16_and_utf32_yaml_are_named(course, capsys, encoding, named):
    quiz = course / "quizzes" / "basics-check.yml"
    quiz.write_bytes(quiz.read_text(encoding="utf-8").encode(encoding))
    assert_refused(course, capsys, f"quizzes/basics-check.yml:1:1: the file is saved as {named}; save it as UTF-8")


def test_a_utf16_lesson_is_named(course, capsys):
    first = course / "content" / "basics" / "first.md"
    first.write_bytes(first.read_text(encoding="utf-8").encode("utf-16"))
    assert_refused(course, capsys, "content/basics/first.md:1:1: the file is saved as UTF-16")


def test_yaml_with_a_utf8_bom_is_accepted(course, capsys):
    for file in (course / "course.yml", course / "quizzes" / "basics-check.yml"):
        file.write_bytes(b"\xef\xbb\xbf" + file.read_bytes())
    code, output = check(course, capsys)
    assert code == 0, output


def test_a_byte_order_mark_in_the_middle_is_located(course, capsys):
    edit(course / "quizzes" / "basics-check.yml", "shuffle: false", "\ufeffshuffle: false")
    assert_refused(course, capsys, "quizzes/basics-check.yml:4:1: an invisible byte-order mark (U+FEFF)")


# --- ids with a line break ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "file, old, new, expected",
    [
        ("course.yml", "id: mini-course", 'id: "mini-course\\n"', "course.yml:1:5: `id` contains a line break"),
        ("course.yml", "id: mini-course", "id: |\n  mini-course", "course.yml:1:5: `id` contains a line break"),
        (
            "course.yml",
            "  - id: measure",
            '  - id: "measure\\n"',
            "course.yml:7:9: `objectives[1].id` contains a line break",
        ),
        (
            "course.yml",
            "  - id: basics",
            '  - id: "basics\\n"',
            "course.yml:13:9: `modules[1].id` contains a line break",
        ),
        (
            "course.yml",
            "      - basics/first.md",
            '      - "basics/first.md\\n"',
            "course.yml:16:9: `modules[1].lessons[1]` contains a line break",
        ),
        ("course.yml", "version: 0.1.0", 'version: "0.1.0\\n"', "course.yml:3:10: `version` contains a line break"),
        (
            "quizzes/basics-check.yml",
            "id: basics-check",
            'id: "basics-check\\n"',
            "quizzes/basics-check.yml:1:5: `id` contains a line break",
        ),
        (
            "quizzes/basics-check.yml",
            "  - id: dso-meaning",
            '  - id: "dso-meaning\\n"',
            "quizzes/basics-check.yml:6:9: `questions[1].id` contains a line break",
        ),
        (
            "quizzes/basics-check.yml",
            "      - text: Direct sales order",
            '      - id: "wrong\\n"\n        text: Direct sales order',
            "quizzes/basics-check.yml:14:13: `questions[1].choices[2].id` contains a line break",
        ),
        (
            "quizzes/basics-check.yml",
            "    objective: measure",
            '    objective: "measure\\n"',
            "quizzes/basics-check.yml:8:16: `questions[1].objective` contains a line break",
        ),
        (
            "quizzes/banks/call-bank.yml",
            "id: call-bank",
            'id: "call-bank\\n"',
            "quizzes/banks/call-bank.yml:1:5: `id` contains a line break",
        ),
        (
            "quizzes/banks/call-bank.yml",
            "- id: call-q1",
            '- id: "call-q1\\t"',
            "quizzes/banks/call-bank.yml:4:7: `questions[1].id` contains a tab",
        ),
        (
            "quizzes/final.yml",
            "  - bank: call-bank",
            '  - bank: "call-bank\\n"',
            "quizzes/final.yml:5:11: `draw[1].bank` contains a line break",
        ),
        (
            "simulations/late-payment.yml",
            "id: late-payment",
            'id: "late-payment\\n"',
            "simulations/late-payment.yml:1:5: `id` contains a line break",
        ),
        (
            "simulations/late-payment.yml",
            "start: opening",
            'start: "opening\\n"',
            "simulations/late-payment.yml:13:8: `start` contains a line break",
        ),
        (
            "simulations/late-payment.yml",
            "  opening:",
            '  "opening\\n":',
            "simulations/late-payment.yml:15:3: the key `opening\\n` in `steps` contains a line break",
        ),
        (
            "simulations/late-payment.yml",
            "      - id: open-clearly",
            '      - id: "open-clearly\\r"',
            "simulations/late-payment.yml:19:13: `steps.opening.choices[1].id` contains a line break",
        ),
    ],
)
def test_an_id_with_a_line_break_is_refused(course, capsys, file, old, new, expected):
    edit(course / file, old, new)
    output = assert_refused(course, capsys, expected)
    assert "one word on one line" in output


# --- size -----------------------------------------------------------------------------------------


def test_a_huge_quiz_is_refused_without_reading_it(course, capsys):
    with open(course / "quizzes" / "huge.yml", "w", encoding="utf-8") as file:
        file.write("id: huge\ntitle: Huge\n" + "# a long comment line, over and over\n" * 60_000)
    assert_refused(course, capsys, "quizzes/huge.yml: the file is 2.2 MB, more than the 1.0 MB a course file may have")


def test_a_huge_lesson_is_refused(course, capsys):
    with open(course / "content" / "basics" / "first.md", "w", encoding="utf-8") as file:
        file.write("# First lesson\n\n" + "A very long paragraph of text. " * 200_000)
    assert_refused(course, capsys, "content/basics/first.md: the file is 6.2 MB, more than the 5.0 MB")


def test_many_values_without_aliases_are_refused(course, capsys):
    (course / "quizzes" / "many.yml").write_text("id: many\ntitle: [" + "1," * 100_001 + "]\n", encoding="utf-8")
    assert_refused(course, capsys, "quizzes/many.yml:2:", "the file holds more than 100,000 values")


def test_a_folder_named_like_a_quiz(course, capsys):
    (course / "quizzes" / "folder.yml").mkdir()
    assert_refused(course, capsys, "quizzes/folder.yml")


# --- a failed build leaves the previous outputs untouched -----------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The full course, built once: site/ and dist/ as a trainer had them before breaking a file."""
    root = make_full_course(tmp_path_factory.mktemp("built") / "course")
    assert main(["build", str(root)]) == 0
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for folder in ("site", "dist")
        for path in sorted((root / folder).rglob("*"))
        if path.is_file()
    }


def _bomb(root: Path) -> None:
    (root / "quizzes" / "bomb.yml").write_text(ALIAS_BOMB, encoding="utf-8")


def _cp1252_lesson(root: Path) -> None:
    (root / "content" / "basics" / "first.md").write_bytes(b"# First lesson\n\nIt\x92s [next](second.md).\n")


def _utf16_quiz(root: Path) -> None:
    quiz = root / "quizzes" / "basics-check.yml"
    quiz.write_bytes(quiz.read_text(encoding="utf-8").encode("utf-16"))


def _id_with_line_break(root: Path) -> None:
    edit(root / "quizzes" / "basics-check.yml", "  - id: dso-meaning", '  - id: "dso-meaning\\n"')


@pytest.mark.parametrize(
    "breaking, expected, own_process",
    [
        # The bomb used to hang: the real command in its own process, with a time limit.
        (_bomb, "quizzes/bomb.yml:6:8: the alias `*e`", True),
        (_cp1252_lesson, "content/basics/first.md:3:3: byte 0x92", False),
        (_utf16_quiz, "quizzes/basics-check.yml:1:1: the file is saved as UTF-16", False),
        (_id_with_line_break, "quizzes/basics-check.yml:6:9: `questions[1].id` contains a line break", False),
    ],
    ids=["bomb", "cp1252_lesson", "utf16_quiz", "id_with_line_break"],
)
def test_a_refused_build_leaves_site_and_dist_untouched(built, tmp_path, capsys, breaking, expected, own_process):
    root = tmp_path / "course"
    shutil.copytree(built, root)
    before = snapshot(root)
    assert any(name.startswith("dist/") for name in before) and "site/index.html" in before
    breaking(root)
    if own_process:
        result = run_cli("build", str(root))
        code, output = result.returncode, result.stdout + result.stderr
    else:
        code = main(["build", str(root)])
        captured = capsys.readouterr()
        output = captured.out + captured.err
    assert code == 1, output
    assert expected in output
    assert "the previous site/ and dist/ are unchanged" in output
    assert "Traceback" not in output
    assert snapshot(root) == before


# --- lessons that used to take minutes to scan ----------------------------------------------------


def test_pathological_lesson_lines_are_scanned_quickly(course):
    first = course / "content" / "basics" / "first.md"
    first.write_text(
        "# First lesson"
        + " " * 50_000
        + "!\n\n"
        + "[" * 50_000
        + "\n\n"
        + "![x](" * 20_000
        + "\n\n"
        + "\\[" * 50_000
        + "\n\n[broken](secnd.md)\n",
        encoding="utf-8",
    )
    result = run_cli("check", str(course))
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "content/basics/first.md:9:1: broken link: `secnd.md` does not exist" in output
    # Python-Markdown would take minutes on these two paragraphs at build time
    assert "content/basics/first.md:3:1: this paragraph holds 50,000 `[`: Markdown would take minutes" in output
    assert "content/basics/first.md:5:1: this paragraph holds 20,000 `[`" in output
    assert "first.md:7:" not in output  # escaped brackets are text to Markdown: no slower than letters
    assert "Traceback" not in output


def test_a_heading_ending_in_a_hash_keeps_it(course):
    edit(course / "content" / "basics" / "first.md", "# First lesson", "# Learn C#")
    assert load_course(course).lessons[0].title == "Learn C#"


def test_an_infinite_numeric_answer_is_refused(course, capsys):
    edit(
        course / "quizzes" / "basics-check.yml",
        "questions:\n",
        "questions:\n"
        "  - id: days\n    type: numeric\n    objective: measure\n    prompt: How many days?\n"
        "    answer: .inf\n    feedback:\n      correct: Yes.\n      incorrect: No.\n    explanation: Days.\n",
    )
    assert_refused(course, capsys, "quizzes/basics-check.yml:10:13: `answer` must be an ordinary number")
