"""The golden vectors (tests/golden/vectors.json): each format defined once, for Python and JavaScript.

The same file is read by tests/js/golden.test.js, so the browser's state.js and the build's
core/progress.py are held to the same encodings, and the loader and the Markdown extensions to the same
embed syntax."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from course_builder.core.embeds import parse
from course_builder.core.progress import LearnerState, QuizRecord, encode_state, right_answer, short_key
from course_builder.load.course import load_course

VECTORS = json.loads((Path(__file__).parent / "golden" / "vectors.json").read_text(encoding="utf-8"))


def state_from(vector: dict) -> LearnerState:
    return LearnerState(
        vector["location"],
        list(vector["visited"]),
        {
            key: QuizRecord(q["best"], q["attempts"], q["submitted"], q["bestAnswers"], q["currentAnswers"], q["drawn"])
            for key, q in vector["quizzes"].items()
        },
    )


@pytest.mark.parametrize("case", VECTORS["states"], ids=lambda c: c["case"])
def test_the_build_encodes_each_state_as_the_browser_does(case):
    assert encode_state(state_from(case["state"])) == case["encoded"]


@pytest.mark.parametrize("case", VECTORS["embeds"], ids=lambda c: c["line"])
def test_each_line_is_an_embed_or_not_as_the_syntax_says(case):
    embed = parse(case["line"])
    assert (embed and {"kind": embed.kind, "name": embed.name, "column": embed.column}) == case["embed"]


@pytest.mark.parametrize("case", VECTORS["keys"], ids=lambda c: c["name"])
def test_tracking_keys_never_drift(case):
    assert short_key(case["name"]) == case["key"]


ANSWERS = VECTORS["answers"]


def test_the_right_answer_the_build_assumes_earns_full_marks_by_the_vectors():
    # core.progress.right_answer predicts a finished learner's saved progress; the browser must grade it 1.
    course = load_course(Path(__file__).parent.parent / ANSWERS["course"])
    quiz = course.quizzes[ANSWERS["quiz"]]
    full = {(c["question"], c["answer"]) for c in ANSWERS["cases"] if c["credit"] == 1}
    for question in quiz.questions:
        assert (question.id, right_answer(question)) in full, question.id
        assert question.points == next(c["max"] for c in ANSWERS["cases"] if c["question"] == question.id)
