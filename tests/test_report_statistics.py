"""Classical test theory of course_builder/report/statistics.py, against figures worked out by hand."""

from __future__ import annotations

import math
from datetime import datetime

import pytest

from course_builder.report.first_answers import FirstAnswers, option_mask
from course_builder.report.statistics import (
    LOW_DISCRIMINATION,
    MIN_LEARNERS,
    TOO_EASY,
    TOO_HARD,
    AttemptFacts,
    attempt_summary,
    corrected_item_total,
    difficulty,
    item_flags,
    item_statistics,
    mastery,
    normalized_gain,
    objective_gains,
    objective_scores,
    option_shares,
    rest_scores,
    score_bins,
)

# Five learners, four right/wrong items.
#
#          i1 i2 i3 i4 | total
#   L1      1  1  1  1 |   4
#   L2      1  1  1  0 |   3
#   L3      1  1  0  0 |   2
#   L4      1  0  1  0 |   2
#   L5      0  0  0  1 |   1
#   p      .8 .6 .6 .4
HAND = {
    "L1": {"i1": 1, "i2": 1, "i3": 1, "i4": 1},
    "L2": {"i1": 1, "i2": 1, "i3": 1, "i4": 0},
    "L3": {"i1": 1, "i2": 1, "i3": 0, "i4": 0},
    "L4": {"i1": 1, "i2": 0, "i3": 1, "i4": 0},
    "L5": {"i1": 0, "i2": 0, "i3": 0, "i4": 1},
}


def test_difficulty_is_the_share_right():
    assert [difficulty([HAND[learner][item] for learner in HAND]) for item in ("i1", "i2", "i3", "i4")] == [
        0.8,
        0.6,
        0.6,
        0.4,
    ]
    assert difficulty([1, 0.5, 0]) == 0.5  # partial credit: the mean share


def test_rest_score_is_the_total_without_the_item_over_the_other_items():
    # i1: rest = total - i1 = 3, 2, 1, 1, 1; as a mean over the three other items: 1, 2/3, 1/3, 1/3, 1/3.
    assert rest_scores(HAND, "i1") == pytest.approx({"L1": 1, "L2": 2 / 3, "L3": 1 / 3, "L4": 1 / 3, "L5": 1 / 3})


def test_corrected_item_total_by_hand():
    # i1: x = 1 1 1 1 0, rest R = 3 2 1 1 1 (total - i1).
    #   mean R = 8/5 = 1.6; deviations 1.4 .4 -.6 -.6 -.6; squares 1.96 .16 .36 .36 .36 = 3.2;
    #   population variance 3.2/5 = .64, s_R = .8.
    #   M_1 (mean R of x=1) = (3+2+1+1)/4 = 1.75, M_0 = 1; p = .8, q = .2, sqrt(pq) = .4.
    #   r = (1.75 - 1) / .8 * .4 = .375.
    #   Pearson check: sum of dx*dR = .2*1.4 + .2*.4 - .2*.6 - .2*.6 + .8*.6 = .6; sum dx^2 = .8;
    #   r = .6 / sqrt(.8 * 3.2) = .6 / 1.6 = .375.
    assert corrected_item_total(HAND, "i1") == pytest.approx(0.375)
    # i2: x = 1 1 1 0 0, R = 3 2 1 2 1: mean 1.8, squares 1.44 .04 .64 .04 .64 = 2.8, variance .56.
    #   M_1 = (3+2+1)/3 = 2, M_0 = (2+1)/2 = 1.5, p = .6, sqrt(pq) = sqrt(.24).
    #   r = .5 / sqrt(.56) * sqrt(.24) = .5 * sqrt(3/7) = .327327.
    assert corrected_item_total(HAND, "i2") == pytest.approx(0.5 * math.sqrt(3 / 7))
    # i3: x = 1 1 0 1 0, R = 3 2 2 1 1: mean 1.8, the same squares (2.8); M_1 = 2, M_0 = 1.5: the same r.
    assert corrected_item_total(HAND, "i3") == pytest.approx(0.327327, abs=1e-6)
    # i4: x = 1 0 0 0 1, R = 3 3 2 2 0: mean 2, squares 1 1 0 0 4 = 6, variance 1.2, s_R = sqrt(1.2).
    #   M_1 = (3+0)/2 = 1.5, M_0 = (3+2+2)/3 = 7/3, p = .4, sqrt(pq) = sqrt(.24).
    #   r = (1.5 - 7/3) / sqrt(1.2) * sqrt(.24) = -(5/6) * sqrt(.2) = -sqrt(5)/6 = -.372678: the two who
    #   got it right are the strongest and the weakest learner.
    assert corrected_item_total(HAND, "i4") == pytest.approx(-math.sqrt(5) / 6)


def test_uncorrected_total_would_inflate_r():
    # Correlating i1 with the total (4 3 2 2 1) instead: mean 2.4, squares 2.56 .36 .16 .16 1.96 = 5.2;
    # sum dx*dT = .2*(1.6+.6-.4-.4) + .8*1.4 = .28 + 1.12 = 1.4; r = 1.4 / sqrt(.8 * 5.2) = .686 > .375.
    totals = {learner: sum(scores.values()) for learner, scores in HAND.items()}
    with_item = {learner: {"i1": HAND[learner]["i1"], "total": totals[learner] / 4} for learner in HAND}
    assert corrected_item_total(with_item, "i1") == pytest.approx(1.4 / math.sqrt(0.8 * 5.2))
    assert corrected_item_total(HAND, "i1") < 0.686


def test_r_is_none_when_it_cannot_be_computed():
    everyone_right = {f"L{i}": {"a": 1, "b": i % 2} for i in range(5)}
    assert corrected_item_total(everyone_right, "a") is None  # x does not vary
    two = {"L1": {"a": 1, "b": 1}, "L2": {"a": 0, "b": 0}}
    assert corrected_item_total(two, "a") is None  # fewer than 3 learners


def test_missing_answers_are_left_out_not_counted_wrong():
    drawn = {"L1": {"a": 1, "b": 1}, "L2": {"a": 0}, "L3": {"b": 0, "c": 1}}
    stats = {s.item: s for s in item_statistics(drawn)}
    assert (stats["a"].n, stats["a"].difficulty) == (2, 0.5)
    assert (stats["c"].n, stats["c"].difficulty) == (1, 1.0)


def test_option_shares_count_learners_not_clicks():
    assert option_shares([("a",), ("b",), ("a", "b"), ("a",)]) == {"a": 0.75, "b": 0.5}
    assert option_shares([]) == {}


# Flags, on purpose-built data of MIN_LEARNERS or more learners.


def team(scores: list[float]) -> dict[str, dict[str, float]]:
    """Learners whose other items follow their ability (index), with this item's scores."""
    return {f"L{i:02}": {"item": s, "other1": i / len(scores), "other2": (i % 3) / 2} for i, s in enumerate(scores)}


def flags_of(matrix, chosen=None, key=("a",)):
    return {s.item: s for s in item_statistics(matrix, chosen, {"item": key})}["item"].flags


def test_thresholds_are_the_documented_ones():
    assert (TOO_EASY, TOO_HARD, LOW_DISCRIMINATION, MIN_LEARNERS) == (0.90, 0.20, 0.10, 10)


def test_too_easy_and_too_hard():
    assert "too-easy" in flags_of(team([1] * 10))
    assert "too-hard" in flags_of(team([0] * 9 + [1]))
    # On the bounds: p = .9 and p = .2 pass.
    assert item_flags(10, 0.9, 0.3, {}, ()) == ()
    assert item_flags(10, 0.2, 0.3, {}, ()) == ()
    assert item_flags(10, 0.91, 0.3, {}, ()) == ("too-easy",)
    assert item_flags(10, 0.19, 0.3, {}, ()) == ("too-hard",)


def test_low_and_negative_discrimination():
    # The weaker half right, the stronger half wrong: r is strongly negative.
    backwards = team([1, 1, 1, 1, 1, 0, 0, 0, 0, 0])
    assert corrected_item_total(backwards, "item") < 0
    assert "low-discrimination" in flags_of(backwards)
    forwards = team([0, 0, 0, 0, 0, 1, 1, 1, 1, 1])
    assert corrected_item_total(forwards, "item") > 0.5
    assert "low-discrimination" not in flags_of(forwards)
    assert item_flags(10, 0.5, 0.099, {}, ()) == ("low-discrimination",)
    assert item_flags(10, 0.5, 0.10, {}, ()) == ()


def test_a_distractor_chosen_more_than_the_key():
    picks = ["b"] * 6 + ["a"] * 3 + ["c"]
    matrix = team([1 if p == "a" else 0 for p in picks])
    chosen = {"item": [(p,) for p in picks]}
    assert "distractor-beats-key" in flags_of(matrix, chosen)
    # With two keys, a distractor beating the less chosen key is flagged too.
    assert "distractor-beats-key" in item_flags(10, 0.5, 0.3, {"a": 0.9, "b": 0.2, "c": 0.4}, ("a", "b"))
    assert item_flags(10, 0.5, 0.3, {"a": 0.6, "b": 0.3, "c": 0.1}, ("a",)) == ()


def test_too_few_learners_to_judge_hides_the_other_flags():
    assert flags_of(team([1] * 9)) == ("too-few-learners",)
    assert flags_of(team([1] * 10)) != ("too-few-learners",)


# From records to the matrix.


def test_first_try_is_taken_unless_asked_otherwise():
    options = ("a", "b", "c")
    answers = [
        ("ana", "q1", 0.0, (1, 0), ("b",)),
        ("ana", "q1", 1.0, (2, 0), ("a",)),  # her second attempt, after feedback
        ("ana", "q1", 0.5, (1, 5), ("c",)),  # a retake within attempt 1
        ("bo", "q1", 1.0, (1, 0), ("a",)),
    ]
    first, last = FirstAnswers(), FirstAnswers(take="last")
    for learner, item, score, place, chosen in reversed(answers):
        first.add(learner, item, score, place, option_mask(chosen, options))
    for learner, item, score, place, chosen in answers:
        last.add(learner, item, score, place, option_mask(chosen, options))
    table = first.table()
    assert dict(zip(table.learners, table.column("q1"))) == {"ana": 0.0, "bo": 1.0}
    assert list(first.chosen("q1", options)) == [("a",), ("b",)]  # bo's, then ana's: in the order they came
    assert dict(zip(last.table().learners, last.table().column("q1")))["ana"] == 1.0


def test_a_learner_without_an_answer_to_an_item_is_not_counted():
    answers = FirstAnswers()
    answers.add("ana", "q1", 1.0, (1, 0))
    answers.add("bo", "q2", 0.0, (1, 0))
    table = answers.table()
    assert table.answered("q1") == [1.0] and table.answered("q2") == [0.0]
    assert [s.n for s in item_statistics(table)] == [1, 1]


def test_answers_streamed_in_any_order_give_the_hand_figures():
    # The hand matrix as an export would stream it: by item, not by learner, so columns grow unevenly.
    answers = FirstAnswers()
    for item in ("i4", "i2", "i1", "i3"):
        for learner in ("L5", "L3", "L1", "L4", "L2"):
            answers.add(learner, item, HAND[learner][item], (1, 0))
    table = answers.table()
    assert corrected_item_total(table, "i1") == pytest.approx(0.375)
    assert corrected_item_total(table, "i4") == pytest.approx(-math.sqrt(5) / 6)
    assert rest_scores(table, "i1") == pytest.approx(rest_scores(HAND, "i1"))


# Objectives, mastery, gain.


def test_objective_scores_weigh_points_like_the_tracker():
    # Ana: law (2 points, right) and law (1 point, wrong): 2 of 3 = 66.67 %; kpi: half of 1 = 50 %.
    matrix = {"ana": {"l1": 1, "l2": 0, "k1": 0.5, "none": 1}}
    scores = objective_scores(matrix, {"l1": "law", "l2": "law", "k1": "kpi"}, {"l1": 2, "l2": 1, "k1": 1})
    assert scores == {"ana": pytest.approx({"law": 200 / 3, "kpi": 50})}


def test_mastery_is_reaching_the_passing_score():
    scores = {"ana": {"law": 80, "kpi": 50}, "bo": {"law": 79.99}, "cy": {"law": 100, "kpi": 90}}
    assert mastery(scores, 80) == {"kpi": 0.5, "law": 2 / 3}


def test_score_bins():
    assert score_bins([0, 9.99, 10, 55, 99.9, 100]) == [2, 1, 0, 0, 0, 1, 0, 0, 0, 2]


def test_normalized_gain_by_hand():
    # g = (post - pre) / (100 - pre): 40 -> 70 is 30 of the 60 points possible, g = .5.
    assert normalized_gain(40, 70) == 0.5
    assert normalized_gain(80, 70) == -0.5  # (70 - 80) / 20
    assert normalized_gain(100, 100) is None


def test_objective_gain_uses_matched_learners():
    pre = {"ana": {"law": 40}, "bo": {"law": 60}, "cy": {"law": 0}}
    post = {"ana": {"law": 70}, "bo": {"law": 90}, "dee": {"law": 100}}
    # Matched: ana (40 -> 70) and bo (60 -> 90): means 50 -> 80, g = 30 / 50 = .6; cy and dee left out.
    assert objective_gains(pre, post) == {"law": (2, 50, 80, pytest.approx(0.6))}


def test_attempt_summary():
    t = datetime(2025, 12, 3, 11, 0)
    attempts = [
        AttemptFacts("ana", 1, None, "incomplete", t, t.replace(minute=41)),
        AttemptFacts("bo", 1, 66.67, "", t, t.replace(hour=13)),
        AttemptFacts("dev", 1, None, "incomplete", t.replace(day=1), t.replace(day=1, minute=30)),
        AttemptFacts("dev", 2, 84, "", t, t.replace(hour=13)),
        AttemptFacts("eve", None, None, "not attempted"),
    ]
    summary = attempt_summary(attempts, passing_score=80)
    assert (summary.learners, summary.started, summary.completed, summary.passed) == (4, 0.75, 0.5, 0.25)
    assert summary.mean_attempts == pytest.approx(4 / 3)
    # ana 41 min, bo 120 min, dev from 1 Dec 11:00 to 3 Dec 13:00 = 2 days 2 hours = 3000 min: median 120.
    assert summary.median_minutes == 120
