"""Simulations as loaded: the conversation graph, its defaults and names, and how lessons embed them.

The validator's single mistakes (one per file, with line, column and fix) are the corpus in
fixtures/broken_simulations/, run by test_load_errors.py; here are the rest.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from harness.courses import copy_fixture

from course_builder.commands.cli import main
from course_builder.errors import CourseError
from course_builder.load.course import load_course


@pytest.fixture
def course(tmp_path) -> Path:
    return copy_fixture("sim_course", tmp_path)


def check(course: Path, capsys) -> tuple[int, str]:
    code = main(["check", str(course)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text()
    assert old in text, f"{old!r} not in {file}"
    file.write_text(text.replace(old, new, 1))


def test_a_simulation_loads_as_written(course):
    sim = load_course(course).simulations["late-payment"]
    assert (sim.title, sim.kind, sim.objective, sim.start) == ("Call: a late payment", "call", "call", "opening")
    assert sim.party == "Dana Ruiz, accounts payable at Northwind Supply (a made-up company)"
    assert sim.briefing.startswith("Invoice **4471**") and not sim.briefing.endswith("\n")
    assert (sim.passing_score, sim.scored, sim.required) == (75, True, True)
    assert str(sim.source) == "simulations/late-payment.yml"
    # Steps and endings in written order; choices lettered in written order.
    assert [s.id for s in sim.steps] == ["opening", "defensive", "when-paid"]
    assert [e.id for e in sim.endings] == ["promise", "no-promise"]
    opening = sim.steps[0]
    assert opening.situation == "You call Northwind Supply. Accounts payable picks up."
    assert opening.says == "Accounts payable, Dana speaking."
    assert [(c.id, c.points, c.next) for c in opening.choices] == [
        ("a", 2, "when-paid"),
        ("b", 1, "when-paid"),
        ("c", 0, "defensive"),
    ]
    # Names for LMS reports: the trainer's `id`, else the first words of the text.
    assert [c.name for c in opening.choices] == ["open_clearly", "hi_dana_how_are_things_just_calling", "accuse"]
    assert opening.max_points == 2
    assert sim.endings[0].title == "A promise with a date"
    assert sim.endings[0].debrief.startswith("**What went well.**")


def test_defaults_come_from_the_course(course):
    file = course / "simulations" / "late-payment.yml"
    for line in ("passing_score: 75\n", "scored: true\n", "required: true\n"):
        edit(file, line, "")
    sim = load_course(course).simulations["late-payment"]
    assert (sim.passing_score, sim.scored, sim.required) == (80, False, False)


def test_a_course_without_a_simulations_folder_loads(tmp_path):
    course = copy_fixture("mini_course", tmp_path)
    assert load_course(course).simulations == {}


def test_a_loop_with_a_way_out_is_allowed(course):
    """`keep-arguing` leads back to its own step; the visit limit ends such a run in the browser."""
    sim = load_course(course).simulations["late-payment"]
    defensive = next(s for s in sim.steps if s.id == "defensive")
    assert defensive.choices[1].next == "defensive"


def test_a_step_that_only_leads_back_to_itself_is_a_loop_with_no_way_out(course, capsys):
    file = course / "simulations" / "late-payment.yml"
    edit(file, "        next: when-paid\n      - id: keep-arguing", "        next: defensive\n      - id: keep-arguing")
    code, output = check(course, capsys)
    assert code == 1
    assert (
        "simulations/late-payment.yml:33:3: step `defensive` is a loop with no way out: every choice leads "
        "back to it, so no ending can be reached"
    ) in output


def test_every_problem_of_a_file_is_reported_in_one_pass_top_to_bottom(course, capsys):
    file = course / "simulations" / "late-payment.yml"
    edit(file, "objective: call", "objective: cal")
    edit(file, "next: promise", "next: promis")
    edit(file, '    says: "I don\'t need the attitude."\n', "")
    code, output = check(course, capsys)
    assert code == 1
    located = [line.split(": ")[0] for line in output.splitlines() if line.startswith("simulations/")]
    assert located == [
        "simulations/late-payment.yml:4:12",
        "simulations/late-payment.yml:33:3",
        "simulations/late-payment.yml:52:15",
    ]
    # A broken simulation's embed is not reported again as "does not exist".
    assert "content/" not in output


def test_an_extension_other_than_yml_is_named(course, capsys):
    (course / "simulations" / "late-payment.yml").rename(course / "simulations" / "late-payment.yaml")
    code, output = check(course, capsys)
    assert code == 1
    assert "simulations/late-payment.yaml: simulation files end in `.yml`" in output
    assert "rename it to late-payment.yml" in output
    assert output.startswith("1 problem found")


@pytest.mark.parametrize(
    "old, new, expected, fix",
    [
        (
            "::simulation[late-payment]",
            "::simulation[late-paymnt]",
            "content/calls/practice.md:5:1: simulation `late-paymnt` does not exist",
            "did you mean `late-payment`?",
        ),
        (
            "::simulation[late-payment]",
            "::simulation[voicemail]",
            "content/calls/practice.md:5:1: simulation `voicemail` does not exist",
            "create simulations/voicemail.yml, or fix the name",
        ),
        (
            "::simulation[late-payment]",
            "::simulation[late-payment]\n\n::simulation[late-payment]",
            "content/calls/practice.md:7:1: simulation `late-payment` is already embedded in content/calls/practice.md",
            "embed each simulation once",
        ),
        (
            "::simulation[late-payment]",
            "No call here.",
            "simulations/late-payment.yml: simulation `late-payment` is not embedded in any lesson",
            "add a line `::simulation[late-payment]` to a lesson, or delete the file",
        ),
        (
            "::simulation[late-payment]",
            "::quiz[late-payment]",
            "content/calls/practice.md:5:1: quiz `late-payment` does not exist",
            "create quizzes/late-payment.yml",
        ),
    ],
)
def test_embed_errors(course, capsys, old, new, expected, fix):
    edit(course / "content" / "calls" / "practice.md", old, new)
    code, output = check(course, capsys)
    assert code == 1
    assert expected in output
    assert fix in output


def test_load_errors_are_course_errors(course):
    edit(course / "simulations" / "late-payment.yml", "start: opening", "start: nowhere")
    with pytest.raises(CourseError) as error:
        load_course(course)
    assert "`start` names no step: `nowhere`" in str(error.value)
