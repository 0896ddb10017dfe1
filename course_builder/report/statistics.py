"""Classical test theory over plain data: a learner x item score matrix (a share of the item earned, 0 to
1; an item a learner did not get is simply absent), the options each learner chose, and the key.

Each formula is written once, in its function's docstring, with its source:

- Crocker, L. & Algina, J. (1986). *Introduction to Classical and Modern Test Theory*, ch. 14 (item
  difficulty, point-biserial and corrected item-total correlation);
- Ebel, R. L. & Frisbie, D. A. (1991). *Essentials of Educational Measurement*, 5th ed., ch. 13 (item
  analysis thresholds);
- Hake, R. R. (1998). Interactive-engagement versus traditional methods. *American Journal of Physics*
  66(1), 64-74 (normalised gain).
"""

from __future__ import annotations

import math
import statistics
from array import array
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

NAN = math.nan

Matrix = Mapping[str, Mapping[str, float]]  # learner -> item -> score, 0 to 1: the plain form of a ScoreTable

# Flags. Difficulty bounds follow the usual item-analysis band of .20 to .90 (Ebel & Frisbie): above .90
# an item tells the team nothing they all know; below .20 fewer learners get it right than would by
# guessing one of four choices (.25), which points at a wrong key or an unclear question.
TOO_EASY = 0.90  # p above this
TOO_HARD = 0.20  # p below this
# Ebel & Frisbie call an item whose discrimination is under .20 poor; a training team is small (with 20
# learners the standard error of r is about 1/sqrt(20) = .22), so only near-zero and negative r is flagged.
LOW_DISCRIMINATION = 0.10  # corrected item-total r below this
# Under 10 learners one learner moves p by more than .10 and r is mostly noise: such items get this flag
# only, never a verdict on their quality.
MIN_LEARNERS = 10
SCORE_BINS = 10  # objective scores in 10-point bins: 0-9.99, 10-19.99, ..., 90-100


@dataclass(frozen=True)
class ItemStatistics:
    item: str
    n: int  # learners who answered
    difficulty: float  # p
    discrimination: float | None  # corrected item-total r; None when it cannot be computed
    option_shares: dict[str, float] = field(default_factory=dict)  # option -> share of the n choosing it
    flags: tuple[str, ...] = ()  # see item_flags


class ScoreTable:
    """A learner x item score matrix (a share of the item earned, 0 to 1) kept in columns: `column(item)[i]`
    is learner i's score, NaN where the learner did not get the item (a column may stop short: the rest is
    NaN too). 8 bytes a cell, so a 50,000-learner cohort fits in memory; `ScoreTable.of` takes the plain
    form, learner -> item -> score."""

    def __init__(self, learners: Sequence[str], columns: Mapping[str, Sequence[float]]):
        self.learners = learners
        self.columns = columns

    @classmethod
    def of(cls, matrix: Matrix | ScoreTable) -> ScoreTable:
        if isinstance(matrix, ScoreTable):
            return matrix
        learners = list(matrix)
        items = sorted({item for scores in matrix.values() for item in scores})
        columns = {item: array("d", (matrix[learner].get(item, NAN) for learner in learners)) for item in items}
        return cls(learners, columns)

    @property
    def items(self) -> list[str]:
        return sorted(self.columns)

    def column(self, item: str) -> Sequence[float]:
        return self.columns.get(item, ())

    def answered(self, item: str) -> list[float]:
        """The scores of the learners who answered the item."""
        return [x for x in self.column(item) if x == x]  # NaN != NaN


def learner_totals(table: ScoreTable) -> tuple[array, array]:
    """(sums, counts): each learner's sum of scores and number of items answered, by learner index."""
    sums, counts = array("d", [0.0]) * len(table.learners), array("q", [0]) * len(table.learners)
    for column in table.columns.values():
        for i, x in enumerate(column):
            if x == x:
                sums[i] += x
                counts[i] += 1
    return sums, counts


def difficulty(scores: Collection[float]) -> float:
    """Item difficulty p = (1/n) * sum of x_i, the mean score of the n learners who answered: the
    proportion correct for a right/wrong item, the mean share earned with partial credit
    (Crocker & Algina 1986, 14.2)."""
    return statistics.fmean(scores)


def _item_and_rest(table: ScoreTable, item: str, totals: tuple[array, array]) -> Iterator[tuple[int, float, float]]:
    """(learner index, item score x, rest score R) of each learner who answered the item and another one.
    R is the mean of their scores on the other items they answered. With every learner answering the same
    k items this is (total - x) / (k - 1), a linear change of the corrected total, so correlations are the
    same; with items drawn at random from banks it puts learners who got different items on one scale."""
    sums, counts = totals
    for i, x in enumerate(table.column(item)):
        if x == x and counts[i] > 1:
            yield i, x, (sums[i] - x) / (counts[i] - 1)


def rest_scores(matrix: Matrix | ScoreTable, item: str) -> dict[str, float]:
    """Each learner's rest score on an item (see `_item_and_rest`); learners who answered no other item
    have none."""
    table = ScoreTable.of(matrix)
    return {table.learners[i]: rest for i, _, rest in _item_and_rest(table, item, learner_totals(table))}


def corrected_item_total(
    matrix: Matrix | ScoreTable, item: str, totals: tuple[array, array] | None = None
) -> float | None:
    """Discrimination: the corrected item-total correlation r(x, R), the Pearson correlation between the
    item score x and the rest score R (the total without this item, `rest_scores`), over the learners who
    answered it. For a right/wrong item it is the point-biserial

        r_pb = (M_1 - M_0) / s_R * sqrt(p * q)

    with M_1, M_0 the mean rest score of those who got it right and wrong, s_R the (population) standard
    deviation of R, p the share right and q = 1 - p (Crocker & Algina 1986, 14.3). Correcting for the item
    keeps it from correlating with itself, which inflates r on short tests. None when fewer than 3
    learners, or when x or R does not vary. `totals` (`learner_totals`) saves adding them up per item."""
    table = ScoreTable.of(matrix)
    pairs = [(x, rest) for _, x, rest in _item_and_rest(table, item, totals or learner_totals(table))]
    if len(pairs) < 3:
        return None
    x, r = [x for x, _ in pairs], [r for _, r in pairs]
    if len(set(x)) < 2 or len(set(r)) < 2:
        return None
    return statistics.correlation(x, r)


def option_shares(chosen: Iterable[Collection[str]]) -> dict[str, float]:
    """Share of the learners who chose each option: (learners choosing it) / (learners answering)."""
    counts: dict[str, int] = {}
    answering = 0
    for options in chosen:
        answering += 1
        for option in set(options):
            counts[option] = counts.get(option, 0) + 1
    return {option: count / answering for option, count in sorted(counts.items())}


def item_flags(n: int, p: float, r: float | None, shares: Mapping[str, float], key: Collection[str]) -> tuple[str, ...]:
    """What a trainer should look at: "too-few-learners" (n < MIN_LEARNERS, then nothing else), "too-easy"
    (p > TOO_EASY), "too-hard" (p < TOO_HARD), "low-discrimination" (r < LOW_DISCRIMINATION, negative
    included: the better learners do worse on it), "distractor-beats-key" (a wrong option chosen more
    often than the least chosen right one: a wrong key, or a misconception to teach)."""
    if n < MIN_LEARNERS:
        return ("too-few-learners",)
    flags = []
    if p > TOO_EASY:
        flags.append("too-easy")
    if p < TOO_HARD:
        flags.append("too-hard")
    if r is not None and r < LOW_DISCRIMINATION:
        flags.append("low-discrimination")
    if key and shares:
        weakest_key = min(shares.get(option, 0.0) for option in key)
        if any(share > weakest_key for option, share in shares.items() if option not in key):
            flags.append("distractor-beats-key")
    return tuple(flags)


def item_statistics(
    matrix: Matrix | ScoreTable,
    chosen: Mapping[str, Iterable[Collection[str]]] | None = None,
    keys: Mapping[str, Collection[str]] | None = None,
) -> list[ItemStatistics]:
    """Every item's n, p, r, option shares and flags, sorted by item. `chosen` gives, per item, the options
    each learner who answered it chose."""
    table = ScoreTable.of(matrix)
    totals = learner_totals(table)
    out = []
    for item in table.items:
        scores = table.answered(item)
        if not scores:
            continue
        p, r = difficulty(scores), corrected_item_total(table, item, totals)
        shares = option_shares((chosen or {}).get(item, ()))
        key = (keys or {}).get(item, ())
        out.append(ItemStatistics(item, len(scores), p, r, shares, item_flags(len(scores), p, r, shares, key)))
    return out


def objective_scores(matrix: Matrix | ScoreTable, objective_of: Mapping[str, str], points: Mapping[str, float]) -> dict:
    """learner -> objective -> score in percent, 100 * sum(points_i * x_i) / sum(points_i) over the items
    of that objective the learner answered: the tracker's objective score (runtime/js/tracker.js
    objectiveScores: points earned over points available). Items without an objective are left out, and
    learners with no score."""
    table = ScoreTable.of(matrix)
    earned: dict[str, array] = {}
    available: dict[str, array] = {}
    for item, column in table.columns.items():
        objective = objective_of.get(item)
        if not objective:
            continue
        weight = points.get(item, 1)
        gained = earned.setdefault(objective, array("d", [0.0]) * len(table.learners))
        possible = available.setdefault(objective, array("d", [0.0]) * len(table.learners))
        for i, x in enumerate(column):
            if x == x:
                gained[i] += weight * x
                possible[i] += weight
    out: dict[str, dict[str, float]] = {}
    for i, learner in enumerate(table.learners):
        scores = {o: 100 * earned[o][i] / available[o][i] for o in available if available[o][i]}
        if scores:
            out[learner] = scores
    return out


def mastery(scores: Mapping[str, Mapping[str, float]], passing_score: float) -> dict[str, float]:
    """objective -> share of the learners with a score on it who mastered it. Mastered means an objective
    score at or above the course's passing score, the rule the SCO reports an objective "passed" by
    (tracker.js objectives: score >= course.passingScore, from the scored quizzes)."""
    reached: dict[str, list[bool]] = {}
    for by_objective in scores.values():
        for objective, score in by_objective.items():
            reached.setdefault(objective, []).append(score >= passing_score)
    return {o: sum(flags) / len(flags) for o, flags in sorted(reached.items())}


def score_bins(values: Iterable[float], bins: int = SCORE_BINS) -> list[int]:
    """How many scores (0-100) fall in each of `bins` equal bins; 100 counts in the last one."""
    counts = [0] * bins
    for value in values:
        counts[min(bins - 1, max(0, int(value * bins // 100)))] += 1
    return counts


def normalized_gain(pre: float, post: float) -> float | None:
    """Hake's normalised gain g = (post - pre) / (100 - pre), scores in percent: the share of the possible
    improvement achieved (Hake 1998, eq. 1, there of class averages). None when pre is 100."""
    if pre >= 100:
        return None
    return (post - pre) / (100 - pre)


def objective_gains(pre: Mapping[str, Mapping[str, float]], post: Mapping[str, Mapping[str, float]]) -> dict:
    """objective -> (learners, mean pre, mean post, g): Hake's <g> from the mean pre and post scores of the
    learners who have both (matched pairs, so a learner who skipped either does not shift the means)."""
    out = {}
    objectives = sorted({o for scores in post.values() for o in scores})
    for objective in objectives:
        pairs = [
            (pre[learner][objective], scores[objective])
            for learner, scores in post.items()
            if objective in scores and objective in pre.get(learner, {})
        ]
        if pairs:
            before = statistics.fmean(p for p, _ in pairs)
            after = statistics.fmean(q for _, q in pairs)
            out[objective] = (len(pairs), before, after, normalized_gain(before, after))
    return out


@dataclass(frozen=True)
class AttemptFacts:
    """One LMS attempt (or an enrolled learner without one: attempt None), as `attempt_summary` takes it."""

    learner: str
    attempt: int | None
    score: float | None = None
    status: str = ""  # "passed", "completed", "failed", "incomplete", "not attempted", ...
    started: datetime | None = None
    last_accessed: datetime | None = None


@dataclass(frozen=True)
class AttemptSummary:
    learners: int
    started: float  # shares of the learners
    completed: float
    passed: float
    mean_attempts: float | None  # per learner who started
    median_minutes: float | None  # from the first start to the last access, per learner who started


def attempt_summary(attempts: Iterable[AttemptFacts], passing_score: float) -> AttemptSummary:
    """Per learner, over their attempts: started (any attempt); completed (an attempt "completed" or
    "passed", or with a score, which the SCO sends only once every scored quiz is taken); passed (best
    score >= passing_score, or "passed"). Time is last access minus first start (Moodle's dates are to
    the minute), for learners with both."""
    by_learner: dict[str, list[AttemptFacts]] = {}
    for a in attempts:
        by_learner.setdefault(a.learner, []).append(a)
    started = completed = passed = 0
    counts, minutes = [], []
    for facts in by_learner.values():
        tried = [a for a in facts if a.attempt is not None]
        if not tried:
            continue
        started += 1
        counts.append(len({a.attempt for a in tried}))
        scores = [a.score for a in tried if a.score is not None]
        completed += any(a.status in ("completed", "passed") for a in tried) or bool(scores)
        passed += any(a.status == "passed" for a in tried) or (bool(scores) and max(scores) >= passing_score)
        begins = [a.started for a in tried if a.started]
        ends = [a.last_accessed for a in tried if a.last_accessed]
        if begins and ends:
            minutes.append((max(ends) - min(begins)).total_seconds() / 60)
    total = len(by_learner)
    return AttemptSummary(
        learners=total,
        started=started / total if total else 0.0,
        completed=completed / total if total else 0.0,
        passed=passed / total if total else 0.0,
        mean_attempts=statistics.fmean(counts) if counts else None,
        median_minutes=statistics.median(minutes) if minutes else None,
    )
