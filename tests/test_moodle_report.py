"""Issue 18 from a real LMS: a scripted cohort takes the bundled course's assessments in Moodle 4.5.6's
player, a teacher downloads the SCORM Interactions report as Moodle gives it, and `course-builder report`
(report/exports.py read_export, then report/analysis.py analyse, then the command itself) reads it back into
the figures the learners were scripted to give.

Ten learners, SCORM 1.2 package, Moodle's own player and the course's own pages (the course frame goes
straight to the assessment pages). Learners 0-4 ("low") answer the pre-assessment wrongly, 5-9 ("high")
rightly, except three questions: one everyone gets wrong with the same distractor, one learners 0-5 get
wrong with a distractor (chosen more often than the key) and one everyone gets right. In the final
assessment (25 questions drawn at random from five banks) the low half answer every law-and-ethics question
wrongly, and learner 0 the first two quick-wins questions shown too; every other answer is right. So:
law-ethics is mastered by half, quick-wins by 9 of 10, the rest by all, and the pre/post gains follow.

SCORM 2004: Moodle 4.5.6's Interactions report looks up `cmi.interactions_N.*` (SCORM 1.2's storage) and
a 2004 attempt stores `cmi.interactions.N.*`, so the report of the 2004 package holds no answers; the
reader says so, with the file and line.
"""

from __future__ import annotations

import json
import re
from contextlib import contextmanager
from pathlib import Path

import pytest
from harness.browser import is_local_url
from test_lms_full_course import bundled  # noqa: F401  (the bundled course, built once per module)
from test_moodle_tracking import Player

from course_builder.commands.cli import main
from course_builder.errors import CourseError
from course_builder.report.analysis import analyse
from course_builder.report.exports import read_export

LEARNERS = 10
LOW = range(5)  # learners 0-4
PRE_PAGE, FINAL_PAGE = "assessment/pre-assessment.html", "assessment/final-assessment.html"
ALL_WRONG = "pre-le-arrest-threat"  # every learner picks the same wrong choice
DISTRACTOR = "pre-cc-approver-away"  # learners 0-5 pick a wrong choice, 6-9 the key
ALL_RIGHT = "pre-pr-score"  # every learner gets it right
ORDINARY = "pre-aa-net"  # low wrong, high right: one of the 22 such questions
REPO = Path(__file__).resolve().parent.parent
REPORT_COLUMNS = {f"scorm_report_interactions_{c}": 1 for c in ("qtext", "resp", "right", "result")}


def right_on_pre(learner: int, question: str) -> bool:
    if question == ALL_WRONG:
        return False
    if question == DISTRACTOR:
        return learner > 5
    if question == ALL_RIGHT:
        return True
    return learner not in LOW


def right_on_final(learner: int, question, quick_wins_seen: int) -> bool:
    if question.objective == "law-ethics":
        return learner not in LOW
    if question.objective == "quick-wins" and learner == 0:
        return quick_wins_seen >= 2  # the first two quick-wins questions shown: wrong
    return True


@contextmanager
def fresh_page(browser):
    """A page in its own context (its own Moodle session), as the `page` fixture makes one."""
    context = browser.new_context()
    context.route(lambda url: not is_local_url(url), lambda route: route.abort("blockedbyclient"))
    try:
        page = context.new_page()
        page.set_default_timeout(60_000)
        yield page
    finally:
        context.close()


def open_quiz(player: Player, page_path: str, quiz):
    """The course frame on the quiz's page, once the quiz script has drawn and shown this attempt's questions."""
    root = player.launcher().url.rsplit("/", 1)[0]
    player.content().goto(f"{root}/{page_path}")
    frame = player.content()
    frame.wait_for_function(
        """([quiz, count]) => document.readyState === "complete" &&
            document.querySelectorAll(`#quiz-${quiz} .cb-question:not([hidden])`).length === count""",
        arg=[quiz.id, quiz.question_count],
    )
    return frame


def answer(frame, quiz, right) -> dict[str, tuple[float, tuple[str, ...]]]:
    """Answer each question shown, rightly when `right(question)` says so, else with its first wrong choice;
    submit. Returns question id -> (score, choice letters), what the report should give back."""
    shown = frame.eval_on_selector_all(
        f"#quiz-{quiz.id} .cb-question:not([hidden])", "els => els.map(e => e.dataset.cbQuestion)"
    )
    given = {}
    for question in (q for q in quiz.questions if q.id in shown):
        assert question.type in ("single", "multiple", "true-false"), question  # both assessments are choices
        rightly = right(question)  # once: the final's verdict counts the questions seen
        if rightly:
            letters = tuple(c.id for c in question.choices if c.correct)
        else:
            letters = (next(c.id for c in question.choices if not c.correct),)
        for letter in letters:
            frame.check(f"#quiz-{quiz.id}--{question.id}--{letter}")
        given[question.id] = (1.0 if rightly else 0.0, letters)
    frame.click(f"#quiz-{quiz.id} .cb-quiz__submit")
    frame.wait_for_selector(f"#quiz-{quiz.id} .cb-quiz__result:not(:empty)")
    return given


def take_assessments(moodle, browser, activity, edition, learner, number, course_model, pre=True):
    """One learner in Moodle's player: the pre-assessment (when `pre`), then the final assessment, then
    the course's exit button. Returns "quizId.questionId" -> (score, letters) for every answer given."""
    given = {}
    with fresh_page(browser) as page:
        moodle.login(page, learner.username, learner.password)
        player = Player(moodle, page, activity, edition).launch()
        if pre:
            quiz = course_model.quizzes["pre-assessment"]
            answers = answer(open_quiz(player, PRE_PAGE, quiz), quiz, lambda q: right_on_pre(number, q.id))
            given |= {f"{quiz.id}.{q}": a for q, a in answers.items()}
        quiz = course_model.quizzes["final-assessment"]
        seen = {"quick-wins": 0}

        def right(question):
            verdict = right_on_final(number, question, seen["quick-wins"])
            seen["quick-wins"] += question.objective == "quick-wins"
            return verdict

        answers = answer(open_quiz(player, FINAL_PAGE, quiz), quiz, right)
        given |= {f"{quiz.id}.{q}": a for q, a in answers.items()}
        player.assert_clean(player.exit())
    return given


def download(moodle, page, activity, path: Path, kind: str = "CSV") -> Path:
    response = moodle.download_report(page, activity, kind)
    assert response.status == 200, (response.status, response.text()[:500])
    path.write_bytes(response.body())
    return path


@pytest.fixture(scope="module")
def cohort_run(moodle, browser, bundled, tmp_path_factory):  # noqa: F811
    """The cohort's attempts in Moodle, and the reports a teacher downloaded."""
    course_model, dist = bundled
    out = tmp_path_factory.mktemp("moodle-report")
    course = moodle.create_course()
    packages = {e: dist / f"{course_model.id}-{course_model.version}-{e}.zip" for e in ("scorm12", "scorm2004")}
    activities = {e: moodle.import_package(course, zip_path) for e, zip_path in packages.items()}
    learners = [moodle.create_learner(f"cohort{n}", course=course) for n in range(LEARNERS)]
    scripted = {
        learner.id: take_assessments(moodle, browser, activities["scorm12"], "scorm12", learner, n, course_model)
        for n, learner in enumerate(learners)
    }
    # SCORM 2004: one learner, the final assessment only.
    scripted_2004 = take_assessments(
        moodle, browser, activities["scorm2004"], "scorm2004", learners[5], 5, course_model, pre=False
    )

    teacher = moodle.create_teacher(course, "cohortteacher")
    files = {}
    with fresh_page(browser) as page:
        moodle.login(page, teacher.username, teacher.password)
        # First with Moodle's defaults (the teacher never opened the report's options): responses only.
        files["default"] = download(moodle, page, activities["scorm12"], out / "scorm12-default-options.txt")
        assert moodle.set_preferences(teacher, **REPORT_COLUMNS) == {k: "1" for k in REPORT_COLUMNS}
        files["scorm12"] = download(moodle, page, activities["scorm12"], out / "scorm12-interactions.txt")
        files["scorm2004"] = download(moodle, page, activities["scorm2004"], out / "scorm2004-interactions.txt")
    return {
        "course": course_model,
        "activities": activities,
        "learners": learners,
        "scripted": scripted,
        "scripted_2004": scripted_2004,
        "files": files,
    }


def scripted_answers(run) -> dict[str, dict[str, tuple[float, tuple[str, ...]]]]:
    """learner (the report's key: the email) -> item -> (score, letters), as the script gave them."""
    return {f"{learner.username}@example.invalid": run["scripted"][learner.id] for learner in run["learners"]}


def run_report(*args: str) -> int:
    return main(["report", *args, "--course", str(REPO)])


def test_the_scorm12_report_gives_back_what_the_cohort_did(cohort_run, tmp_path, capsys):
    course_model, path = cohort_run["course"], cohort_run["files"]["scorm12"]
    text = path.read_text(encoding="utf-8")
    header, first = text.splitlines()[:2]
    with capsys.disabled():
        print(f"\n[moodle report scorm12] {path}\n  header: {header[:400]}\n  row: {first[:400]}")
    assert header.startswith('Name\t"Email address"\tAttempt\t"Started on"\t"Last accessed on"\tScore\t')
    assert '\t"Question 0"\t"Response 0"\t"Right answer 0"\t"Result 0"\t' in header
    assert header.endswith('\t"Question 49"\t"Response 49"\t"Right answer 49"\t"Result 49"')  # 25 + 25 answers

    scripted = scripted_answers(cohort_run)
    rows = list(read_export(path))
    for key, given in scripted.items():
        answered = [r for r in rows if r.learner_key == key and r.interaction]
        # Every answer, in the order given: the pre-assessment's 25 (interactions 0-24), then the final's.
        assert [r.sequence for r in answered] == list(range(50))
        assert [r.interaction.split(".")[0] for r in answered] == ["pre-assessment"] * 25 + ["final-assessment"] * 25
        assert {r.attempt for r in answered} == {1}
        assert {r.interaction: (r.credit, tuple(r.response.split(","))) for r in answered} == given

    analysis = analyse(rows, course_model)
    assert analysis.unknown == {}
    # Each question's learners and difficulty, as the script makes them.
    items = {i.info.interaction: i for i in analysis.items}
    by_item: dict[str, list[float]] = {}
    for given in scripted.values():
        for item, (score, _) in given.items():
            by_item.setdefault(item, []).append(score)
    assert {k: (i.stats.n, i.stats.difficulty) for k, i in items.items()} == {
        k: (len(v), sum(v) / len(v)) for k, v in by_item.items()
    }

    def stats(question):
        return items[f"pre-assessment.{question}"].stats

    questions = course_model.quizzes["pre-assessment"].questions
    first_wrong = {q.id: next(c.id for c in q.choices if not c.correct) for q in questions}
    keys = {q.id: next(c.id for c in q.choices if c.correct) for q in questions}
    assert (stats(ALL_WRONG).n, stats(ALL_WRONG).difficulty, stats(ALL_WRONG).discrimination) == (10, 0.0, None)
    assert stats(ALL_WRONG).option_shares == {first_wrong[ALL_WRONG]: 1.0}
    assert stats(ALL_WRONG).flags == ("too-hard", "distractor-beats-key")
    assert stats(DISTRACTOR).difficulty == pytest.approx(0.4)
    assert stats(DISTRACTOR).option_shares == {first_wrong[DISTRACTOR]: 0.6, keys[DISTRACTOR]: 0.4}
    assert stats(DISTRACTOR).discrimination > 0.5  # the better learners get it right
    assert stats(DISTRACTOR).flags == ("distractor-beats-key",)
    assert (stats(ALL_RIGHT).difficulty, stats(ALL_RIGHT).discrimination) == (1.0, None)
    assert stats(ALL_RIGHT).flags == ("too-easy",)
    assert (stats(ORDINARY).difficulty, stats(ORDINARY).flags) == (0.5, ())
    assert stats(ORDINARY).discrimination > 0.9
    # The final's questions are drawn at random, 25 of 90: none reaches 10 learners, so none gets a verdict.
    final = [i.stats for i in analysis.items if i.info.kind == "final-assessment"]
    assert sum(s.n for s in final) == LEARNERS * 25
    assert {s.flags for s in final} == {("too-few-learners",)}

    # Each learner's objective scores: the share of their final questions on it that they got right.
    objective_of = {q.id: q.objective for q in course_model.quizzes["final-assessment"].questions}
    expected_scores: dict[str, dict[str, float]] = {}
    for key, given in scripted.items():
        per: dict[str, list[float]] = {}
        for item, (score, _) in given.items():
            if item.startswith("final-assessment."):
                per.setdefault(objective_of[item.split(".", 1)[1]], []).append(score)
        expected_scores[key] = {o: 100 * sum(v) / len(v) for o, v in per.items()}
    assert {k: analysis.learner_mastery[k] for k in scripted} == expected_scores
    objectives = {o.id: o for o in analysis.objectives}
    assert {o.id: o.mastered for o in analysis.objectives if o.learners} == {
        "agencies-attorneys": 1.0,
        "calls-or-correspondence": 1.0,
        "law-ethics": 0.5,
        "prioritize": 1.0,
        "quick-wins": 0.9,
    }
    expected_gains = {  # (learners, mean pre, mean post, g), worked out by hand from the script
        "agencies-attorneys": (10, 50.0, 100.0, 1.0),
        "calls-or-correspondence": (10, 48.0, 100.0, 1.0),  # learner 5: 4 of 5 before
        "law-ethics": (10, 40.0, 50.0, 1 / 6),  # nobody got the arrest threat right before
        "prioritize": (10, 60.0, 100.0, 1.0),  # everyone got the score question right before
        "quick-wins": (10, 50.0, 96.0, 0.92),  # learner 0: 3 of 5 after
    }
    assert {o.id for o in analysis.objectives if o.gain} == set(expected_gains)
    for objective, (n, pre, post, g) in expected_gains.items():
        assert objectives[objective].gain[0] == n
        assert objectives[objective].gain[1:] == pytest.approx((pre, post, g)), objective

    # The SCO's score is the final assessment's: low 20/25, learner 0 18/25, high 25/25.
    scores = {(r.learner_key, r.score) for r in rows if r.learner_key in scripted}
    assert scores == {
        (f"cohort{n}@example.invalid", 72.0 if n == 0 else 80.0 if n in LOW else 100.0) for n in range(10)
    }
    # The report lists everyone who may save a track, the editing teacher too ("Not attempted"): 11 people,
    # 10 started; 9 reached the pass mark (learner 0 has 72).
    teacher = [r for r in rows if r.learner_key == "cohortteacher@example.invalid"]
    assert [(r.attempt, r.status, r.interaction) for r in teacher] == [(None, "not attempted", "")]
    summary = analysis.attempts
    assert (summary.learners, summary.started, summary.passed) == (11, 10 / 11, 9 / 11)

    # And the command a trainer runs on the downloaded file.
    out = tmp_path / "report.html"
    capsys.readouterr()
    assert run_report(str(path), "-o", str(out)) == 0
    assert f"11 learners, {len(items)} questions" in capsys.readouterr().out
    figures = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert {o["id"]: o["mastered"] for o in figures["objectives"] if o["learners"]}["law-ethics"] == 0.5
    with capsys.disabled():
        print(
            f"  learners {summary.learners}, started {summary.started:.2f}, passed {summary.passed:.2f}; mastery "
            f"{ {o.id: o.mastered for o in analysis.objectives if o.learners} }; {ALL_WRONG} p="
            f"{stats(ALL_WRONG).difficulty} {stats(ALL_WRONG).flags}; {DISTRACTOR} p={stats(DISTRACTOR).difficulty} "
            f"r={stats(DISTRACTOR).discrimination:.3f} {stats(DISTRACTOR).flags}; report: {out}"
        )


def test_with_moodles_default_options_the_report_names_no_question(cohort_run):
    path = cohort_run["files"]["default"]
    header = path.read_text(encoding="utf-8").splitlines()[0]
    assert '"Response 0"' in header and '"Question 0"' not in header and '"Result 0"' not in header
    with pytest.raises(CourseError) as excinfo:
        list(read_export(path))
    message = str(excinfo.value)
    assert message.startswith(f"{path}:1: this report has no 'Question 0' column")
    assert "tick 'Summary of question'" in message


def test_the_scorm2004_report_holds_no_answers_and_the_reader_says_why(moodle, cohort_run, tmp_path, capsys):
    activity, learner = cohort_run["activities"]["scorm2004"], cohort_run["learners"][5]
    # Moodle stored every answer, with 2004's dotted names...
    tracks = moodle.tracks(activity, learner)
    ids = {k: v for k, v in tracks.items() if re.fullmatch(r"cmi\.interactions\.\d+\.id", k)}
    assert sorted(ids.values()) == sorted(cohort_run["scripted_2004"])
    assert not [k for k in tracks if k.startswith("cmi.interactions_")]
    # ...but its report shows none of them: one set of interaction columns, empty.
    path = cohort_run["files"]["scorm2004"]
    lines = path.read_text(encoding="utf-8").splitlines()
    row = next(line for line in lines if line.startswith('"Learner cohort5"'))
    with capsys.disabled():
        print(f"\n[moodle report scorm2004] {path}\n  header: {lines[0]}\n  row: {row}")
    assert lines[0].endswith('\t"Question 0"\t"Response 0"\t"Right answer 0"\t"Result 0"')
    assert row.endswith("\t\t\t\t")
    with pytest.raises(CourseError) as excinfo:
        list(read_export(path))
    message = str(excinfo.value)
    assert message.startswith(f"{path}:1: none of the 1 attempts in this Interactions report has an interaction")
    assert "SCORM 2004" in message and "fix: upload the course's SCORM 1.2 package" in message
    capsys.readouterr()
    assert run_report(str(path), "-o", str(tmp_path / "report.html")) == 1
    assert message in capsys.readouterr().err
    assert not list(tmp_path.iterdir())  # nothing written


def test_a_learner_gets_no_report_and_the_reader_says_so(moodle, browser, cohort_run, tmp_path):
    """A learner who asks for the download gets one of Moodle's pages, not the file."""
    learner, activity = cohort_run["learners"][0], cohort_run["activities"]["scorm12"]
    with fresh_page(browser) as page:
        moodle.login(page, learner.username, learner.password)
        path = tmp_path / "learner.txt"
        path.write_bytes(moodle.download_report(page, activity).body())
    assert path.read_bytes().lstrip().startswith(b"<")
    with pytest.raises(CourseError) as excinfo:
        list(read_export(path))
    assert str(excinfo.value).startswith(f"{path}:1: this is a web page, not the report's download")
