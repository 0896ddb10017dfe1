"""Each learner's first answer to each question, kept compact while an export streams past.

A 50,000-learner export holds 5 million answers: as Python objects they take gigabytes. Here a question is
three arrays indexed by learner: the score (NaN: no answer), the answer's place (attempt, then sequence) and
the options chosen as a bitmask, 20 bytes a learner. The scores are the columns of a `ScoreTable`.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Iterator, Sequence

from course_builder.report.statistics import ScoreTable

_SEQUENCE_BITS = 32  # an answer's place: attempt << 32 | sequence, one integer to compare
_LIMIT = (1 << _SEQUENCE_BITS) - 1


class FirstAnswers:
    """learner x question: the first answer (the one with the lowest (attempt, sequence); a retake comes
    after feedback, so item analysis counts the first) or, with take="last", the last one."""

    def __init__(self, take: str = "first"):
        if take not in ("first", "last"):
            raise ValueError("take is 'first' or 'last'")
        self.first = take == "first"
        self.learners: dict[str, int] = {}  # learner -> index, in the order they appear
        self._scores: dict[str, array] = {}
        self._places: dict[str, array] = {}
        self._chosen: dict[str, array] = {}

    def add(self, learner: str, item: str, score: float, place: tuple[int, int], chosen: int = 0) -> None:
        """One graded answer: its score (0 to 1), its (attempt, sequence) and the bitmask of the options
        chosen (bit i: the question's choice i)."""
        i = self.learners.setdefault(learner, len(self.learners))
        scores = self._scores.get(item)
        if scores is None:
            scores = self._scores[item] = array("d")
            self._places[item], self._chosen[item] = array("q"), array("I")
        places = self._places[item]
        if i >= len(scores):
            missing = i + 1 - len(scores)
            scores.extend([math.nan] * missing)
            places.extend([0] * missing)
            self._chosen[item].extend([0] * missing)
        attempt, sequence = place
        if not (0 <= attempt <= _LIMIT and 0 <= sequence <= _LIMIT):
            attempt, sequence = min(max(attempt, 0), _LIMIT), min(max(sequence, 0), _LIMIT)
        key = attempt << _SEQUENCE_BITS | sequence
        if scores[i] != scores[i] or (key < places[i] if self.first else key >= places[i]):
            scores[i], places[i], self._chosen[item][i] = score, key, chosen

    @property
    def items(self) -> list[str]:
        return sorted(self._scores)

    def table(self, items: Iterable[str] | None = None) -> ScoreTable:
        """The scores of these items (default: all), sharing this store's arrays."""
        keep = self._scores if items is None else {i: self._scores[i] for i in items if i in self._scores}
        return ScoreTable(list(self.learners), keep)

    def chosen(self, item: str, options: Sequence[str]) -> Iterator[tuple[str, ...]]:
        """The options (named by `options`, bit i being options[i]) each learner who answered chose."""
        named: dict[int, tuple[str, ...]] = {}
        for score, mask in zip(self._scores.get(item, ()), self._chosen.get(item, ())):
            if score == score:
                if mask not in named:
                    named[mask] = tuple(option for bit, option in enumerate(options) if mask >> bit & 1)
                yield named[mask]


def option_mask(letters: Iterable[str], options: Sequence[str]) -> int:
    """The bitmask of these option letters among `options` (letters not among them are left out)."""
    return sum(1 << options.index(letter) for letter in set(letters) if letter in options)
