"""The course's estimated time (core/estimate.py): the formula docs/authoring.md states, the words it
counts, the way the home page says it, and the bundled course's figure."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from course_builder.core.estimate import count_words, duration_text, estimated_minutes
from course_builder.load.course import load_course
from course_builder.load.messages import shipped_table
from course_builder.messages import Messages
from course_builder.runtime.home import course_minutes

REPO = Path(__file__).resolve().parent.parent


def test_reading_is_200_words_a_minute_and_each_activity_adds_its_fixed_time():
    assert estimated_minutes(words=6000, questions=0, simulation_steps=0, calculators=0) == 30
    assert estimated_minutes(words=6000, questions=10, simulation_steps=0, calculators=0) == 40
    assert estimated_minutes(words=6000, questions=10, simulation_steps=5, calculators=0) == 50
    assert estimated_minutes(words=6000, questions=10, simulation_steps=5, calculators=2) == 55


def test_the_total_is_rounded_to_the_nearest_five_minutes_and_never_zero():
    assert estimated_minutes(words=400, questions=0, simulation_steps=0, calculators=0) == 5  # 2 min
    assert estimated_minutes(words=0, questions=0, simulation_steps=0, calculators=0) == 5
    assert estimated_minutes(words=0, questions=12, simulation_steps=0, calculators=0) == 10
    assert estimated_minutes(words=0, questions=13, simulation_steps=0, calculators=0) == 15  # 12.5 rounds up
    assert estimated_minutes(words=0, questions=17, simulation_steps=0, calculators=0) == 15


@pytest.mark.parametrize(
    "minutes, text",
    [(5, "About 5 min"), (45, "About 45 min"), (60, "About 1 h"), (220, "About 3 h 40 min"), (370, "About 6 h 10 min")],
)
def test_the_time_reads_in_hours_and_minutes(minutes, text):
    assert duration_text(minutes) == text


def test_the_time_reads_in_the_course_s_language():
    french = Messages("fr", shipped_table("fr"))
    assert duration_text(220, french) == "Environ 3 h 40 min" and duration_text(45, french) == "Environ 45 min"


def test_words_are_what_a_learner_reads_not_the_markdown_around_them():
    lesson = """# The first call

Call when the **amount** is large: see [the steps](../getting-started/first-steps.md "Steps").
<span class="note">Don't wait past net-30.</span>

::quiz[intro-check]
  ::calculator[dso]
"""
    # The, first, call, Call, when, the, amount, is, large, see, the, steps, Don't, wait, past, net-30
    assert count_words(lesson) == 16
    assert count_words("") == 0
    assert count_words("DSO is 45.5 days; CEI 82%.") == 6


def test_the_guide_gives_the_bundled_course_s_time_as_the_build_works_it_out():
    text = duration_text(course_minutes(load_course(REPO)))
    guide = (REPO / "docs" / "authoring.md").read_text(encoding="utf-8")
    assert f'For the bundled course that is "{text}"' in guide


def test_a_hostile_line_is_counted_in_linear_time():
    started = time.monotonic()
    for line in ("](" * 200_000, "<" * 400_000, "](a" * 200_000, "a-" * 200_000):
        count_words(line)
    assert time.monotonic() - started < 5  # a quadratic scan takes minutes here
