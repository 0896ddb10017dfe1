"""One LMS report across languages: the bundled course translated into French (a scripted translation
of every segment, as in test_translate_round_trip.py), and the same learner taking the English and the
French package, with the same random draws. What the LMS stores must line up: the same interaction ids,
types, correct responses, learner responses, results and objectives, in scorm-again (both editions) and
in Moodle 4.5.6 (SCORM 2004, the edition that reports answers in words). Only the question's words
(SCORM 2004's interaction description) are French.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from harness.learner import take_the_whole_course
from harness.lms import interactions_from_flat, objectives_from_flat
from test_moodle_tracking import Player, collection
from test_translate_round_trip import copy_course, run, translate_xliff

from course_builder.load.course import load_course
from course_builder.translate.variant import load_variant

EDITIONS = ["scorm12", "scorm2004"]

# The same "random" draws in both runs (the final assessment's questions, the order of choices and
# of simulation answers): each page and frame starts one seeded generator (mulberry32).
SEEDED_RANDOM = """(() => {
  let seed = 20261202;
  Math.random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
})();"""

# What an LMS report shows of an answer, apart from when it was given and the question's words.
REPORTED = ("id", "type", "learner_response", "correct_responses", "result", "weighting", "objectives")


@pytest.fixture(scope="module")
def two_languages(tmp_path_factory):
    """The bundled course built in English and, from a full translation, in French."""
    folder = tmp_path_factory.mktemp("languages")
    root = copy_course(folder)
    exported, done = folder / "fr.xlf", folder / "fr-done.xlf"
    assert run("translate", "export", "--lang", "fr", root, "-o", exported)[0] == 0
    translate_xliff(exported, done)
    assert run("translate", "import", done, root)[0] == 0
    assert run("build", root)[0] == 0
    code, _, err = run("build", "--lang", "fr", root)
    assert code == 0, err
    english = load_course(root)
    french = load_variant(root / "translations" / "fr", english)
    assert french.language == "fr" and french.title != english.title
    return {"en": english, "fr": french}, root / "dist"


def package(dist: Path, course, edition: str, language: str = "") -> Path:
    label = f"-{language}" if language else ""
    return dist / f"{course.id}-{course.version}{label}-{edition}.zip"


def reported(interactions: list[dict]) -> list[dict]:
    """What must be the same in both languages. A typed answer is the exception: a French learner types
    French words, and the accepted answers are the translator's."""
    return [{key: i[key] for key in REPORTED if i["type"] != "fill-in" or "response" not in key} for i in interactions]


def full_run_in_scorm_again(lms, course, zip_path: Path, edition: str):
    session = lms.open(zip_path, edition)
    take_the_whole_course(lambda: session.frame("#cb-content"), course, wrong_in_final=2)
    session.frame("#cb-content").click("button.cb-exit")
    session.wait_for_terminate()
    session.assert_clean()
    values = session.set_values()
    return interactions_from_flat(values, edition), objectives_from_flat(values, edition), values


@pytest.mark.parametrize("edition", EDITIONS)
def test_english_and_french_packages_report_the_same_answers_under_the_same_ids(
    lms, page, two_languages, edition, capsys
):
    courses, dist = two_languages
    page.add_init_script(SEEDED_RANDOM)
    runs = {
        language: full_run_in_scorm_again(
            lms,
            courses[language],
            package(dist, courses["en"], edition, "" if language == "en" else "fr"),
            edition,
        )
        for language in ("en", "fr")
    }
    (en_answers, en_objectives, en_values), (fr_answers, fr_objectives, fr_values) = runs["en"], runs["fr"]
    questions = sum(q.question_count for q in courses["en"].quizzes.values())
    assert len(en_answers) > questions  # every question, and every decision in the simulations
    assert reported(fr_answers) == reported(en_answers)
    assert sum(1 for i in en_answers if i["result"] in ("wrong", "incorrect")) == 2  # the comparison saw wrong ones
    typed = [(e, f) for e, f in zip(en_answers, fr_answers) if e["type"] == "fill-in"]
    assert typed and all(f["learner_response"] == f"«FR: {e['learner_response']}»" for e, f in typed), typed[:2]
    assert [(o["id"], o["score"], o["status"] or o["success_status"]) for o in fr_objectives] == [
        (o["id"], o["score"], o["status"] or o["success_status"]) for o in en_objectives
    ]
    score = "cmi.core.score.raw" if edition == "scorm12" else "cmi.score.raw"
    assert fr_values[score] == en_values[score]
    if edition == "scorm2004":
        # The question's words travel in the learner's language: the report reads French.
        described = [(e["description"], f["description"]) for e, f in zip(en_answers, fr_answers) if e["description"]]
        assert described and all(fr != en and fr.startswith("«FR:") for en, fr in described), described[:3]
    with capsys.disabled():
        print(
            f"\n[{edition}] English and French runs: {len(fr_answers)} interactions, "
            f"{len(fr_objectives)} objectives, score {fr_values[score]}: identical reports"
        )


@pytest.fixture
def moodle_page(page):
    page.set_default_timeout(60_000)
    return page


def test_moodle_stores_the_french_package_under_the_english_ids(moodle, lms, moodle_page, two_languages, capsys):
    """The French SCORM 2004 package in Moodle, against the English one in scorm-again, same learner
    and draws: Moodle's stored interactions are the English run's, id for id."""
    page = moodle_page
    courses, dist = two_languages
    page.add_init_script(SEEDED_RANDOM)
    english, _, _ = full_run_in_scorm_again(lms, courses["en"], package(dist, courses["en"], "scorm2004"), "scorm2004")

    course = moodle.create_course()
    activity = moodle.import_package(course, package(dist, courses["en"], "scorm2004", "fr"))
    learner = moodle.create_learner(course=course)
    moodle.login(page, learner.username, learner.password)
    player = Player(moodle, page, activity, "scorm2004").launch()
    take_the_whole_course(player.content, courses["fr"], wrong_in_final=2)
    player.assert_clean(player.exit())

    tracks = moodle.tracks(activity, learner)
    stored = [found for _, found in sorted(collection(tracks, "interactions").items())]

    def shown(i):  # a typed answer is in the learner's language (see reported)
        return (i["id"], i["type"], i["result"], i["learner_response"] if i["type"] != "fill-in" else "")

    assert [shown(i) for i in stored] == [shown(i) for i in english]
    assert (tracks["cmi.completion_status"], tracks["cmi.success_status"]) == ("completed", "passed")
    with capsys.disabled():
        print(
            f"\n[moodle scorm2004] French package: {len(stored)} interactions stored under the English ids, "
            f"score {tracks['cmi.score.raw']}"
        )
