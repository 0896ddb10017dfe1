"""A learner plays a branching call in real headless Chromium, by keyboard only: one turn at a time,
the transcript as a live log, feedback in words, the ending with its score, restart, and resuming
mid-call after a reload."""

from __future__ import annotations

from pathlib import Path

import pytest
from harness.browser import external_requests
from harness.courses import copy_fixture

from course_builder.commands.cli import main

SIM = "#sim-late-payment"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = copy_fixture("sim_course", tmp_path_factory.mktemp("sim-course"))
    assert main(["build", str(root), "--format", "scorm12"]) == 0
    return root / "site"


def open_practice(page, site: Path):
    page.goto((site / "calls" / "practice.html").as_uri())
    page.focus(f"{SIM} .cb-sim__prompt")  # where focus lands after each turn; from here on, keys only


def focused(page) -> str:
    return page.evaluate("document.activeElement.textContent.trim()")


def choose(page, words: str, key: str = "Enter") -> None:
    """Tab to the choice that starts with `words` (choices come in a random order), then press `key`."""
    for _ in range(6):
        page.keyboard.press("Tab")
        if focused(page).startswith(words):
            page.keyboard.press(key)
            return
    raise AssertionError(f"no choice starting with {words!r} within reach of Tab")


def transcript(page) -> list[str]:
    return [" ".join(text.split()) for text in page.locator(f"{SIM} .cb-sim__transcript > li").all_inner_texts()]


def test_without_javascript_the_title_party_and_briefing_are_on_the_page(site):
    html = (site / "calls" / "practice.html").read_text()
    assert '<h2 class="cb-sim__title" id="sim-late-payment-title">Call: a late payment</h2>' in html
    assert "A call with Dana Ruiz, accounts payable at Northwind Supply (a made-up company). Pass mark: 75%." in html
    assert "<p>Invoice <strong>4471</strong> for <strong>$12,400</strong> is 10 days past due.</p>" in html
    assert '<div class="cb-sim__player" hidden>' in html
    assert "This simulation needs JavaScript to play." in html
    # The syntax inside a code block is shown, not played.
    assert "::simulation[not-a-simulation-inside-code]" in (site / "calls" / "before.html").read_text()


def test_a_call_played_by_keyboard_to_its_ending_and_restarted(page, site):
    open_practice(page, site)
    log = page.locator(f"{SIM} .cb-sim__log")  # wraps the transcript list
    assert (log.get_attribute("role"), log.get_attribute("aria-live")) == ("log", "polite")
    assert transcript(page) == [
        "You call Northwind Supply. Accounts payable picks up.",
        "Dana Ruiz: Accounts payable, Dana speaking.",
    ]
    assert focused(page) == "Turn 1: what do you say?"
    choose(page, "Hi Dana, how are things?", key="Space")
    # The learner's words, the feedback with its verdict in words, then the next line.
    assert transcript(page)[2:] == [
        "You: Hi Dana, how are things? Just calling about your account.",
        "\u25d0 Acceptable: 1 of 2 points. Friendly, but vague. Say which invoice and how much.",
        "Dana Ruiz: Let me look... It's approved. When do you need it?",
    ]
    assert focused(page) == "Turn 2: what do you say?"
    assert page.locator(f"{SIM} .cb-sim__choice").count() == 2
    choose(page, "Could you pay it by Friday")
    assert transcript(page)[-1] == "\u2714 Best choice: 2 of 2 points. Right. A specific date."
    assert focused(page) == "Ending: A promise with a date"
    end = page.locator(f"{SIM} .cb-sim__end")
    assert "What went well. You got a promise with a date." in end.inner_text()
    assert "Passed. You earned 3 of 4 points (75%). Pass mark 75%." in end.inner_text()
    assert page.locator(f"{SIM} .cb-sim__choice").count() == 0
    # Restart: a fresh transcript, the first turn again, and the run counted as a retry.
    page.keyboard.press("Tab")
    assert focused(page) == "Restart the call"
    page.keyboard.press("Enter")
    assert len(transcript(page)) == 2
    assert focused(page) == "Turn 1: what do you say?"
    assert page.locator(f"{SIM} .cb-sim__end").is_hidden()
    view = page.evaluate("CourseBuilder.progress.quizView('late-payment')")
    assert (view["answers"], view["submitted"], view["attempts"]) == ({}, False, 1)
    assert external_requests(page.network_log) == []


def test_reloading_mid_call_replays_the_transcript(page, site):
    open_practice(page, site)
    choose(page, "Why haven't you paid us?")
    assert "\u2716 Weak: 0 of 2 points. An accusation puts Dana on the defensive." in transcript(page)
    choose(page, "Fair enough, that came out wrong.")
    before = transcript(page)
    assert len(before) == 8
    page.reload()
    assert transcript(page) == before
    assert page.locator(f"{SIM} .cb-sim__prompt").inner_text() == "Turn 3: what do you say?"
    page.focus(f"{SIM} .cb-sim__prompt")
    choose(page, "Could you pay it by Friday")
    assert (
        "Not passed yet. You earned 4 of 6 points (67%). Pass mark 75%."
        in page.locator(f"{SIM} .cb-sim__end").inner_text()
    )
    # After the ending, a reload shows the same ending and score.
    page.reload()
    assert transcript(page)[: len(before)] == before
    assert "Ending: A promise with a date" in page.locator(f"{SIM} .cb-sim__end").inner_text()
    assert "You earned 4 of 6 points (67%)" in page.locator(f"{SIM} .cb-sim__end").inner_text()


def test_coming_back_to_a_step_a_fourth_time_ends_the_call(page, site):
    open_practice(page, site)
    choose(page, "Why haven't you paid us?")
    for _ in range(3):
        choose(page, "Well, you are late.")
    assert transcript(page)[-1] == "You are back at the same point for the 4th time, so the call ends here."
    assert transcript(page).count("Dana Ruiz: I don't need the attitude.") == 3
    assert focused(page) == "Ending: The call ran in circles"
    assert (
        "Not passed yet. You earned 0 of 8 points (0%). Pass mark 75%."
        in page.locator(f"{SIM} .cb-sim__end").inner_text()
    )


def test_the_player_fits_a_narrow_phone_screen(page, site):
    page.set_viewport_size({"width": 375, "height": 700})
    open_practice(page, site)
    choose(page, "Hi Dana, this is Sam")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    box = page.locator(f"{SIM} .cb-sim__choice").first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
