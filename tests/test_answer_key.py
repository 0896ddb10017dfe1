"""No answer key in plain text: a built site's quiz pages and course-data.js carry checks of the right
answers and sealed words, never the answers, feedback or explanations themselves (answer_key.py).
No browser: tests/js/ (run by test_js_units.py) shows the browser grades the same from the checks."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from harness.courses import copy_fixture

from course_builder.commands.cli import main
from course_builder.core import answer_key
from course_builder.load.course import load_course
from course_builder.markdown_ext.quiz import feedback_words, render_quiz
from course_builder.markdown_ext.text import inline_html
from course_builder.runtime import files as assets
from course_builder.runtime import launcher
from course_builder.runtime.files import course_data_js

REPO = Path(__file__).resolve().parent.parent
KEY_BLOCK = re.compile(r'<script type="application/json" class="cb-quiz__key">(.*?)</script>', re.S)
SECTION = re.compile(r'<section class="cb-quiz" id="quiz-([^"]+)".*?</section>', re.S)
SIM_SECTION = re.compile(r'<section class="cb-sim" id="sim-([^"]+)".*?</section>', re.S)
SIM_KEY_BLOCK = re.compile(r'<script type="application/json" class="cb-sim__key">(.*?)</script>', re.S)
DATA_PREFIX = "window.CourseBuilder.course = "
WORDS_PREFIX = "window.CourseBuilder.reportWords = "
# What a quiz question in course-data.js or a quiz page's key block may say about itself.
ALLOWED = {
    "id",
    "key",
    "type",
    "objective",
    "points",
    "bank",
    "caseSensitive",
    "entryCount",
    "partial",
    "answers",
    "exponents",
    "positions",
    "pairs",
    "sealedAnswer",
    "sealedFeedback",
}


@pytest.fixture(scope="module", params=["types_course", "assessment_course", "sim_course", "bundled"])
def built(request, tmp_path_factory):
    """(course, {quiz id: its section of the page}, {quiz id: its key block}, course-data.js, every site file's text)."""
    parent = tmp_path_factory.mktemp(request.param)
    root = REPO if request.param == "bundled" else copy_fixture(request.param, parent)
    site = parent / "site"
    assert (
        main(["build", str(root), "--format", "scorm12", "--site-dir", str(site), "--dist-dir", str(parent / "dist")])
        == 0
    )
    sections, keys, texts = {}, {}, {}
    for path in site.rglob("*"):
        if path.suffix in (".html", ".js", ".json"):
            texts[path] = path.read_text(encoding="utf-8")
    for path, text in texts.items():
        if path.suffix == ".html" and path.name != "print.html":
            for match in SIM_SECTION.finditer(text):
                sections["sim:" + match.group(1)] = match.group(0)
            for match in SECTION.finditer(text):
                sections[match.group(1)] = match.group(0)
                keys[match.group(1)] = json.loads(KEY_BLOCK.search(match.group(0)).group(1))
    data_js = texts[site / "assets" / "course-builder" / "course-data.js"]
    data = json.loads(data_js.split(DATA_PREFIX, 1)[1].rstrip().rstrip(";"))
    return load_course(root), sections, keys, data, texts


def _report_words(texts) -> dict:
    words_js = next(text for path, text in texts.items() if path.name == "report-words.js")
    return json.loads(words_js.split(WORDS_PREFIX, 1)[1].rstrip().rstrip(";"))


def _quiz_questions(course):
    for quiz in course.quizzes.values():
        for q in quiz.questions:
            yield quiz, q


def _words(q) -> list[str]:
    """Feedback and explanations as the page would show them, in the forms they could be found in."""
    texts = [q.explanation, q.feedback_correct, q.feedback_incorrect] + [c.feedback for c in q.choices]
    found = []
    for text in filter(None, texts):
        rendered = inline_html(text)
        found += [text, rendered, html.escape(rendered), json.dumps(rendered, ensure_ascii=False)[1:-1]]
    return found


def test_every_quiz_is_on_a_page_with_its_key_block(built):
    course, sections, keys, data, texts = built
    assert set(sections) == set(course.quizzes) | {f"sim:{s}" for s in course.simulations}
    assert set(keys) == set(course.quizzes)
    assert {q["id"] for q in data["quizzes"] if q["kind"] != "simulation"} == set(course.quizzes)


def test_questions_carry_checks_and_sealed_words_not_the_answer_key(built):
    course, sections, keys, data, texts = built
    for quiz in data["quizzes"]:
        if quiz["kind"] == "simulation":
            continue
        for q in quiz["questions"]:
            assert set(q) <= ALLOWED, (quiz["id"], q["id"], set(q) - ALLOWED)
            assert "sealedAnswer" in q
    for quiz_id, key in keys.items():
        for q in key["questions"]:
            assert set(q) == {"id", "type", "objective", "points", "sealedFeedback"}, (quiz_id, q)


def test_no_feedback_or_explanation_text_in_any_quiz_or_script(built):
    """Searched: every quiz as rendered (on its page and in the handout) and every script and data file
    but the search index: a lesson may well say in its own words what an explanation says."""
    course, sections, keys, data, texts = built
    places = {}
    for path, text in texts.items():
        if path.suffix == ".html":
            places.update({f"{path.name} #{n}": m.group(0) for n, m in enumerate(SECTION.finditer(text))})
        elif not path.name.startswith("search_index."):
            places[path.name] = text
    assert not course.quizzes or any(name.startswith("print.html") for name in places)
    for quiz, q in _quiz_questions(course):
        for words in _words(q):
            if len(words) < 12:  # too short to tell from other text ("Yes.")
                continue
            for name, text in places.items():
                assert words not in text, (quiz.id, q.id, words, name)


# Fields that are the trainer's words or ids, or checks and sealed text (opaque): anything else a
# question says in course-data.js or its page's key block is searched for its answer.
NOT_SEARCHED = {
    "description",
    "choices",
    "items",
    "id",
    "key",
    "objective",
    "bank",
    "type",
    "title",
    "answers",
    "positions",
    "pairs",
    "sealedAnswer",
    "sealedFeedback",
    "points",
    "exponents",
}


def _values(data):
    """The strings and numbers of `data`, outside the fields not searched."""
    if isinstance(data, dict):
        return [v for k, value in data.items() if k not in NOT_SEARCHED for v in _values(value)]
    if isinstance(data, list):
        return [v for value in data for v in _values(value)]
    return [] if isinstance(data, bool) else [data]


def test_no_accepted_answer_numeric_bound_or_right_letters_in_the_quiz_or_its_data(built):
    course, sections, keys, data, texts = built
    by_id = {quiz["id"]: {q["id"]: q for q in quiz["questions"]} for quiz in data["quizzes"]}
    for quiz, q in _quiz_questions(course):
        shipped = by_id[quiz.id][q.id], next(k for k in keys[quiz.id]["questions"] if k["id"] == q.id)
        values = _values(list(shipped))
        assert not any(
            key in place
            for place in shipped
            for key in (
                "correct",
                "accept",
                "low",
                "high",
                "matches",
                "order",
                "feedback",
                "explanation",
                "rightAnswer",
                "feedbackCorrect",
                "feedbackIncorrect",
            )
        ), (quiz.id, q.id)
        if q.type == "fill-in":
            for accepted in q.accept:
                for form in (accepted, answer_key.normalize_text(accepted, q.case_sensitive)):
                    assert not any(isinstance(v, str) and form in v for v in values), (quiz.id, q.id, form)
        if q.type == "numeric":
            assert not any(v in (q.low, q.high) or str(v) in (repr(q.low), repr(q.high)) for v in values), (
                quiz.id,
                q.id,
            )


def test_the_sealed_words_and_answer_open_to_what_the_trainer_wrote(built):
    course, sections, keys, data, texts = built
    by_id = {quiz["id"]: {q["id"]: q for q in quiz["questions"]} for quiz in data["quizzes"]}
    for quiz, q in _quiz_questions(course):
        salt = answer_key.salt(quiz.id, q.id)
        sealed = next(k for k in keys[quiz.id]["questions"] if k["id"] == q.id)["sealedFeedback"]
        assert answer_key.unseal(answer_key.feedback_key(salt), sealed) == feedback_words(q)
        opened = answer_key.unseal(answer_key.answer_key(salt), by_id[quiz.id][q.id]["sealedAnswer"])
        if q.type == "fill-in":
            assert opened == {"accept": list(q.accept)}
        elif q.type == "numeric":
            assert opened == {"low": q.low, "high": q.high}
        elif q.type in ("matching", "ordering"):
            assert opened == {"correct": "".join(q.matches) if q.type == "matching" else "".join(i.id for i in q.items)}
        else:
            assert opened == {"correct": "".join(c.id for c in q.choices if c.correct)}


def test_the_same_course_gives_the_same_bytes():
    first, second = load_course(REPO), load_course(REPO)
    assert course_data_js(first) == course_data_js(second)
    assert [render_quiz(q) for q in first.quizzes.values()] == [render_quiz(q) for q in second.quizzes.values()]


def test_numeric_ranges_are_cut_into_few_decimal_blocks():
    salt = answer_key.salt("quiz", "question")
    assert answer_key.numeric_checks(salt, 40.2, 40.4)[1] == [-1]  # 40.2-40.3, 40.3-40.4, and 40.4
    assert len(answer_key.numeric_checks(salt, 40.2, 40.4)[0]) == 3
    assert answer_key.numeric_checks(salt, 80, 90) == (
        sorted([answer_key.check(salt, "number", "90"), answer_key.check(salt, "range 1", "8")]),
        [1],
    )
    checks, exponents = answer_key.numeric_checks(salt, 0.5, 1000)
    assert len(checks) == 1 + 5 + 9 + 9 + 9 and exponents == [-1, 0, 1, 2]
    assert answer_key.numeric_checks(salt, 2.5, 2.5) == ([answer_key.check(salt, "number", "2.5")], [])


# --- Matching targets and ordering entries: lettered in the order the trainer wrote them, so the page and
# course-data.js know them by tokens, and entries first show in an order unrelated to the right one.

LETTERS = set("abcdefghijklmnopqrstuvwxyz")


def _lettered(course, kind):
    return [(quiz, q) for quiz, q in _quiz_questions(course) if q.type == kind]


def _fieldset(section, question_id):
    return re.search(
        rf'<fieldset class="cb-question" data-cb-question="{re.escape(question_id)}".*?</fieldset>', section, re.S
    ).group(0)


def test_an_ordering_shows_no_letters_and_not_its_right_order(built):
    """Reading the entries' letters off the page (data-cb-item, ids) gave the right order: "abc"."""
    course, sections, keys, data, texts = built
    for quiz, q in _lettered(course, "ordering"):
        fieldset = _fieldset(sections[quiz.id], q.id)
        shown = re.findall(r'<li class="cb-order__item" data-cb-item="([^"]+)"', fieldset)
        assert len(shown) == len(q.items) and not LETTERS & set(shown), (quiz.id, q.id, shown)
        ids = re.findall(r'\sid="quiz-[^"]*--([^"-]+)"', fieldset)
        assert not LETTERS & set(ids), (quiz.id, q.id, ids)
        letter = {token: letter for letter, token in answer_key.entry_tokens(quiz.id, q).items()}
        right = [item.id for item in q.items]
        assert [letter[t] for t in shown] != right, (quiz.id, q.id)  # first shown: never the answer
        # report-words.js: entries by token, so the order they are written in is not the right order either.
        written = list(_report_words(texts)[quiz.id][q.id]["items"])
        assert not LETTERS & set(written) and written == sorted(written), (quiz.id, q.id, written)


def test_a_matching_question_shows_no_target_letters(built):
    """Option values and the report words' targets were letters, and premise b's target was often "b"."""
    course, sections, keys, data, texts = built
    for quiz, q in _lettered(course, "matching"):
        fieldset = _fieldset(sections[quiz.id], q.id)
        for select in re.findall(r"<select.*?</select>", fieldset, re.S):
            values = [v for v in re.findall(r'<option value="([^"]*)"', select) if v]
            assert len(values) == len(q.choices) and not LETTERS & set(values), (quiz.id, q.id, values)
            assert values == [
                answer_key.target_tokens(quiz.id, q)[c.id] for c in sorted(q.choices, key=lambda c: c.text.lower())
            ]  # by text, as before
        targets = list(_report_words(texts)[quiz.id][q.id]["choices"])
        assert not LETTERS & set(targets) and targets == sorted(targets), (quiz.id, q.id, targets)


def test_these_tests_see_matching_orderings_and_simulations():
    for root in (REPO / "tests" / "fixtures" / "types_course", REPO):
        course = load_course(root)
        assert _lettered(course, "matching") and _lettered(course, "ordering"), root
        assert course.simulations or root != REPO
    assert load_course(REPO / "tests" / "fixtures" / "sim_course").simulations


def _data_questions(data, quiz_id):
    return next(quiz for quiz in data["quizzes"] if quiz["id"] == quiz_id)["questions"]


def test_the_first_order_shown_says_nothing_of_the_answer():
    """Alphabetical unless that was the answer, then reversed: reversed alphabetical meant "alphabetical
    is right". Now a hash the page does not carry orders them, whatever the answer."""
    from course_builder.model import Item, Question

    names = ["Agree", "Book", "Call", "Document", "Escalate"]
    for right in (names, list(reversed(names)), ["Call", "Agree", "Escalate", "Book", "Document"]):
        items = tuple(Item(letter, text, text.lower()) for letter, text in zip("abcde", right))
        q = Question(id="steps", type="ordering", objective="o", prompt="?", choices=(), explanation="", items=items)
        shown = [item.text for item in answer_key.shown_order("quiz", q)]
        assert shown != right
        assert shown not in (sorted(names), list(reversed(sorted(names))))
        assert shown == [item.text for item in answer_key.shown_order("quiz", q)]  # the same every build


# --- Simulations: points, best choices, feedback and endings sealed; where a choice leads stays plain.


def test_simulation_steps_carry_sealed_points_not_the_best_choices(built):
    course, sections, keys, data, texts = built
    by_id = {quiz["id"]: quiz for quiz in data["quizzes"]}
    for sim in course.simulations.values():
        endings = answer_key.ending_tokens(sim)
        for step, shipped in zip(sim.steps, by_id[sim.id]["questions"]):
            assert shipped["id"] == step.id
            assert set(shipped) == {
                "id",
                "key",
                "type",
                "objective",
                "points",
                "bank",
                "next",
                "sealedAnswer",
            }, set(shipped)
            assert answer_key.unseal(
                answer_key.answer_key(answer_key.salt(sim.id, step.id)), shipped["sealedAnswer"]
            ) == {
                "correct": "".join(c.id for c in step.choices if c.points == step.max_points),
                "points": {c.id: c.points for c in step.choices},
            }
            assert shipped["next"] == {c.id: endings.get(c.next, c.next) for c in step.choices}
            assert not set(shipped["next"].values()) & {e.id for e in sim.endings}


def test_a_simulation_page_shows_no_points_feedback_or_ending(built):
    """The page's key block had each choice's points and feedback and each ending's title and debrief,
    by id, next to where each choice leads: the best path, read off the source."""
    course, sections, keys, data, texts = built
    for sim in course.simulations.values():
        section = sections["sim:" + sim.id]
        key = json.loads(SIM_KEY_BLOCK.search(section).group(1))
        endings = answer_key.ending_tokens(sim)
        assert set(key["endings"]) == set(endings.values())
        for token, sealed in key["endings"].items():
            ending = next(e for e in sim.endings if endings[e.id] == token)
            opened = answer_key.unseal(answer_key.ending_key(answer_key.salt(sim.id, token)), sealed)
            assert opened["title"] == inline_html(ending.title)
        for step in sim.steps:
            for c, shipped in zip(step.choices, key["steps"][step.id]["choices"]):
                assert set(shipped) == {"id", "text", "next", "sealed"}
                assert answer_key.unseal(
                    answer_key.choice_key(answer_key.salt(sim.id, step.id), c.id), shipped["sealed"]
                ) == {"feedback": inline_html(c.feedback), "points": c.points}
        words = [w for step in sim.steps for c in step.choices for w in (c.feedback, inline_html(c.feedback))]
        words += [w for e in sim.endings for w in (e.title, inline_html(e.title))]
        for text in (section, texts[next(p for p in texts if p.name == "course-data.js")]):
            for w in words:
                if len(w) >= 12:
                    assert w not in text, (sim.id, w)
            for e in sim.endings:
                assert f'"{e.id}"' not in text, (sim.id, e.id)


# --- The handout prints questions, not their key blocks; the launch page grades with digest.js.


def test_the_handout_prints_quizzes_without_key_blocks_or_buttons(built):
    course, sections, keys, data, texts = built
    handout = next(text for path, text in texts.items() if path.name == "print.html")
    printed = {m.group(1) for m in SECTION.finditer(handout)}
    assert printed == set(course.quizzes) - _unused_quizzes(course, texts)
    assert "cb-quiz__key" not in handout and "cb-sim__key" not in handout and "cb-quiz__submit" not in handout
    for quiz, q in _lettered(course, "ordering"):
        if quiz.id in printed:
            section = next(m.group(0) for m in SECTION.finditer(handout) if m.group(1) == quiz.id)
            shown = re.findall(r'data-cb-item="([^"]+)"', _fieldset(section, q.id))
            letter = {token: letter for letter, token in answer_key.entry_tokens(quiz.id, q).items()}
            assert [letter[t] for t in shown] != [item.id for item in q.items]


def _unused_quizzes(course, texts):
    pages = "".join(text for path, text in texts.items() if path.suffix == ".html" and path.name != "print.html")
    return {quiz_id for quiz_id in course.quizzes if f'id="quiz-{quiz_id}"' not in pages}


def test_the_launch_page_loads_the_course_data_and_report_words_then_one_script_that_grades_with_digest():
    course = load_course(REPO)
    page = launcher.launcher_html(course, "scorm12").decode("utf-8")
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert [src.rsplit("/", 1)[1] for src in scripts] == ["course-data.js", "report-words.js", "scorm.js"]
    files = assets.site_files(course)
    assert all(src in files for src in scripts)
    launch_script = files[f"{assets.PREFIX}/scorm.js"]
    assert isinstance(launch_script, str)
    # The hashing comes before the grading that needs it, and that before the SCO that reports it.
    order = [launch_script.index(f'modules["{name}"]') for name in ("digest.js", "grading.js", "sco.js")]
    assert order == sorted(order)
