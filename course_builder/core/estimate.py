"""How long the course takes a learner, as the course home shows it ("About 3 h 40 min").

One formula, documented for trainers in docs/authoring.md ("How long the course takes"):

    minutes = words / 200  +  1 per quiz question  +  2 per simulation step  +  3 per calculator

rounded to the nearest 5 minutes (at least 5). Words are those of the lessons, counted without
Markdown syntax; a quiz that draws from banks counts the questions of one attempt; a simulation counts
the steps of its best path (what a learner who chooses well goes through).
"""

from __future__ import annotations

import re

from course_builder.core.embeds import parse as parse_embed
from course_builder.messages import Messages

WORDS_PER_MINUTE = 200
MINUTES_PER_QUESTION = 1.0
MINUTES_PER_SIMULATION_STEP = 2.0
MINUTES_PER_CALCULATOR = 3.0
ROUND_TO_MINUTES = 5

# A word: letters or digits, joined by apostrophes, hyphens or decimal points ("don't", "net-30", "1.5").
_WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*")
# Markdown that is not read as words: link targets and HTML tags (and embed lines, counted as activities).
# Neither scans past the next bracket of its kind, so a line of thousands of "](" or "<" stays linear.
_LINK_TARGET = re.compile(r"\]\([^()\n]*\)")
_TAG = re.compile(r"<[^<>\n]*>")


def count_words(markdown: str) -> int:
    """Words a learner reads in a lesson's Markdown (link targets, tags and embed lines left out)."""
    text = "\n".join(line for line in markdown.splitlines() if parse_embed(line) is None)
    text = _LINK_TARGET.sub("]", text)
    text = _TAG.sub(" ", text)
    return len(_WORD.findall(text))


def estimated_minutes(words: int, questions: int, simulation_steps: int, calculators: int) -> int:
    """The course's length in minutes by the formula above, rounded to the nearest 5 (at least 5)."""
    minutes = (
        words / WORDS_PER_MINUTE
        + questions * MINUTES_PER_QUESTION
        + simulation_steps * MINUTES_PER_SIMULATION_STEP
        + calculators * MINUTES_PER_CALCULATOR
    )
    rounded = int(minutes / ROUND_TO_MINUTES + 0.5) * ROUND_TO_MINUTES  # half up, not to even
    return max(ROUND_TO_MINUTES, rounded)


def duration_text(minutes: int, messages: Messages | None = None) -> str:
    """How long the course takes, in words: "About 45 min", "About 1 h", "About 3 h 40 min"."""
    messages = messages or Messages("en")
    hours, rest = divmod(minutes, 60)
    if not hours:
        return messages.t("home.about-minutes", "About {minutes} min", minutes=messages.number(rest))
    if not rest:
        return messages.t("home.about-hours", "About {hours} h", hours=messages.number(hours))
    return messages.t(
        "home.about-hours-minutes",
        "About {hours} h {minutes} min",
        hours=messages.number(hours),
        minutes=messages.number(rest),
    )
