"""Final assessments drawn from question banks: loading rules, and draws in the browser and the LMS."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from course_builder.commands.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
FINAL = "#quiz-final-assessment"


@pytest.fixture
def course(tmp_path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(FIXTURES / "assessment_course", root)
    return root


def check(course: Path, capsys) -> tuple[int, str]:
    code = main(["check", str(course)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def rewrite(file: Path, change) -> None:
    data = yaml.safe_load(file.read_text())
    change(data)
    file.write_text(yaml.safe_dump(data, sort_keys=False))


def test_the_assessment_course_checks_clean(course, capsys):
    code, output = check(course, capsys)
    assert code == 0, output


@pytest.mark.parametrize(
    "change, expected, fix",
    [
        (
            lambda d: d["draw"][0].update(bank="mesure-bank"),
            "quizzes/final-assessment.yml:7:9: bank `mesure-bank` does not exist",
            "did you mean `measure-bank`?",
        ),
        (
            lambda d: d["draw"][1].update(count=5),
            "quizzes/final-assessment.yml:10:10: draws 5 questions from bank `call-bank`, which has only 3",
            "add questions to the bank, or draw fewer",
        ),
        (
            lambda d: d.pop("draw"),
            "quizzes/final-assessment.yml:1:1: a quiz needs either `questions:` or `draw:`",
            "draw them from banks",
        ),
    ],
)
def test_draw_mistakes_are_explained(course, capsys, change, expected, fix):
    rewrite(course / "quizzes" / "final-assessment.yml", change)
    code, output = check(course, capsys)
    assert code == 1
    assert output.startswith("1 problem found")  # not also "bank not drawn from" for its banks
    assert expected in output and fix in output


def test_a_bank_may_be_called_questions(course, capsys):
    # One dict once held both the bank ids and the key "questions": a traceback or a false "drawn twice".
    banks = course / "quizzes" / "banks"
    (banks / "call-bank.yml").rename(banks / "questions.yml")
    rewrite(banks / "questions.yml", lambda d: d.update(id="questions"))
    rewrite(course / "quizzes" / "final-assessment.yml", lambda d: d["draw"][1].update(bank="questions"))
    code, output = check(course, capsys)
    assert code == 0, output


def test_an_unused_bank_is_reported(course, capsys):
    rewrite(course / "quizzes" / "final-assessment.yml", lambda d: d["draw"].pop())
    code, output = check(course, capsys)
    assert code == 1
    assert "quizzes/banks/call-bank.yml: bank `call-bank` is not drawn from by any quiz" in output


def test_question_ids_must_differ_across_the_banks_of_a_quiz(course, capsys):
    rewrite(course / "quizzes" / "banks" / "call-bank.yml", lambda d: d["questions"][0].update(id="measure-q1"))
    code, output = check(course, capsys)
    assert code == 1
    assert "question id `measure-q1` is in both bank `measure-bank` and bank `call-bank`" in output


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("assessment") / "course"
    shutil.copytree(FIXTURES / "assessment_course", root)
    assert main(["build", str(root)]) == 0
    return root


def shown_questions(frame) -> list[str]:
    return frame.eval_on_selector_all(
        f"{FINAL} .cb-question:not([hidden])", "els => els.map(e => e.dataset.cbQuestion)"
    )


def answer_shown(frame, right: bool = True) -> None:
    for question in shown_questions(frame):
        frame.check(f"{FINAL}--{question}--{'a' if right else 'b'}")
    frame.click(f"{FINAL} .cb-quiz__submit")


def test_a_draw_is_kept_on_reload_and_a_retake_draws_other_questions(page, built):
    page.goto((built / "site" / "basics" / "final.html").as_uri())
    first = shown_questions(page)
    assert len(first) == 4
    assert sum(q.startswith("measure-") for q in first) == 2 and sum(q.startswith("call-") for q in first) == 2
    assert page.inner_text(f"{FINAL} .cb-question:not([hidden]) .cb-question__number") == "Question 1 of 4."
    assert "4 questions. Pass mark: 75%." in page.inner_text(f"{FINAL} .cb-quiz__meta")
    page.reload()
    assert shown_questions(page) == first  # stable within an attempt
    answer_shown(page, right=False)
    assert "You earned 0 of 4 points" in page.inner_text(f"{FINAL} .cb-quiz__result")
    page.click(f"{FINAL} .cb-quiz__retry")
    second = shown_questions(page)
    assert len(second) == 4
    measure_first = {q for q in first if q.startswith("measure-")}
    measure_second = {q for q in second if q.startswith("measure-")}
    assert measure_first.isdisjoint(measure_second)  # 4 in the bank, 2 drawn: the other two
    call_unseen = {"call-q1", "call-q2", "call-q3"} - set(first)
    assert call_unseen <= set(second)  # the one not asked before comes first
    answer_shown(page, right=True)
    assert "Passed. You earned 4 of 4 points" in page.inner_text(f"{FINAL} .cb-quiz__result")


@pytest.mark.parametrize("edition", ["scorm12", "scorm2004"])
def test_the_lms_sees_the_drawn_questions_and_a_relaunch_shows_them_again(lms, built, edition):
    package = built / "dist" / f"assessment-course-0.1.0-{edition}.zip"
    first = lms.open(package, edition)
    frame = first.frame("#cb-content")
    while not frame.title().startswith("Final assessment"):
        frame.click("a.md-footer__link--next")
        frame = first.frame("#cb-content")
        frame.wait_for_load_state()
    drawn = shown_questions(frame)
    frame.check(f"{FINAL}--{drawn[0]}--a")  # one answer, then the window closes
    first.wait_for("window.lmsCommits >= 2", timeout=8000)
    first.page.evaluate("document.getElementById('sco').remove()")
    first.wait_for_terminate()
    first.assert_clean()

    second = lms.open(package, edition, state=first.resume_state())
    second.frame().click("#cb-resume-continue")
    frame = second.frame("#cb-content")
    frame.wait_for_function("() => document.title.startsWith('Final assessment')")
    assert shown_questions(frame) == drawn
    assert frame.is_checked(f"{FINAL}--{drawn[0]}--a")
    answer_shown(frame, right=True)
    frame.click("button.cb-exit")
    second.wait_for_terminate()
    second.assert_clean()
    sent = second.set_values()
    ids = sorted(
        v
        for k, v in sent.items()
        if k.startswith("cmi.interactions.") and k.endswith(".id") and ".objectives." not in k
    )
    assert ids == sorted(f"final-assessment.{q}" for q in drawn)


def take_pre_assessment(frame, right: dict[str, bool]) -> None:
    for question, ok in right.items():
        frame.check(f"#quiz-pre-assessment--{question}--{'a' if ok else 'b'}")
    frame.click("#quiz-pre-assessment .cb-quiz__submit")


def test_the_final_assessment_shows_the_gain_per_objective(page, built):
    page.goto((built / "site" / "basics" / "first.html").as_uri())
    take_pre_assessment(page, {"measure-q9": False, "call-q8": True})
    # A starting point, not a test: no pass mark, no "not passed yet", no "try again".
    pre = page.locator("#quiz-pre-assessment").inner_text()
    assert "No pass mark: it shows where you start." in pre
    assert "Done. You earned 1 of 2 points (50%). This is your starting point" in pre
    assert page.locator("#quiz-pre-assessment .cb-quiz__retry").is_hidden()  # the first attempt is the start
    assert "pass mark is" not in pre.lower() and "passed" not in pre.lower() and "try again" not in pre.lower()
    page.goto((built / "site" / "basics" / "final.html").as_uri())
    answer_shown(page, right=True)
    table = page.locator(f"{FINAL} table.cb-gain")
    assert table.locator("caption").inner_text().startswith("Your progress per objective")
    rows = table.locator("tbody tr").all_inner_texts()
    assert [r.split("\t") for r in rows] == [
        ["Measure things.", "0%", "100%", "+100 percentage points"],
        ["Make calls.", "100%", "100%", "no change"],
    ]


@pytest.mark.parametrize("edition", ["scorm12", "scorm2004"])
def test_pre_assessment_results_reach_the_lms_beside_the_objectives(lms, built, edition):
    session = lms.open(built / "dist" / f"assessment-course-0.1.0-{edition}.zip", edition)
    frame = session.frame("#cb-content")
    frame.click("a.md-footer__link--next")
    frame = session.frame("#cb-content")
    frame.wait_for_function("() => document.title.startsWith('First lesson')")
    take_pre_assessment(frame, {"measure-q9": False, "call-q8": True})
    frame.click("button.cb-exit")
    session.wait_for_terminate()
    session.assert_clean()
    sent = session.set_values()
    objectives = {sent[k]: k[: -len(".id")] for k in sent if k.startswith("cmi.objectives.") and k.endswith(".id")}
    assert set(objectives) == {"pre-assessment.measure", "pre-assessment.call"}  # the course objectives: not yet
    assert sent[objectives["pre-assessment.measure"] + ".score.raw"] == "0"
    assert sent[objectives["pre-assessment.call"] + ".score.raw"] == "100"
    status = ".status" if edition == "scorm12" else ".completion_status"
    assert sent[objectives["pre-assessment.call"] + status] == "completed"


def test_the_final_assessment_is_the_primary_objective_in_scorm2004(built):
    import zipfile

    from lxml import etree

    manifest = etree.fromstring(
        zipfile.ZipFile(built / "dist" / "assessment-course-0.1.0-scorm2004.zip").read("imsmanifest.xml")
    )
    ns = {"imsss": "http://www.imsglobal.org/xsd/imsss"}
    primary = manifest.find(".//imsss:primaryObjective", ns)
    assert primary.get("objectiveID") == "final-assessment"
    assert primary.findtext("imsss:minNormalizedMeasure", namespaces=ns) == "0.75"
    assert [o.get("objectiveID") for o in manifest.findall(".//imsss:objective", ns)] == ["measure", "call"]
