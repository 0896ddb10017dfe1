"""A scripted learner who knows the answers: fills in any question type and plays the best run of a
simulation, the way a person would (real clicks, typing and selects), for tests of whole courses."""

from __future__ import annotations

from course_builder.core.answer_key import entry_tokens, target_tokens
from course_builder.core.progress import ideal_run, right_answer


def target_value(quiz, question, letter: str) -> str:
    """The option value of a matching target in the page: its token, not its letter (answer_key.tokens)."""
    return target_tokens(quiz.id, question)[letter]


def answer_rightly(frame, quiz, question) -> None:
    """Give the right answer to one question of `quiz` shown in `frame` (a page or an iframe)."""
    field = f"#quiz-{quiz.id}--{question.id}"
    if question.type in ("fill-in", "numeric"):
        frame.fill(f"{field}--answer", right_answer(question))
    elif question.type == "matching":
        for item, target in zip(question.items, question.matches):
            frame.select_option(f"{field}--{item.id}", target_value(quiz, question, target))
    elif question.type == "ordering":
        put_in_order(frame, quiz, question, [item.id for item in question.items])
    else:
        for choice in question.choices:
            if choice.correct:
                frame.check(f"{field}--{choice.id}")


def follow_next(content, *titles: str):
    """Follow the pages' "next" link once per title, waiting each time for the page of that title;
    `content()` gives the frame showing the course's pages. Returns the frame of the last one."""
    frame = content()
    for title in titles:
        frame.click("a.md-footer__link--next")
        frame = content()
        frame.wait_for_function("t => document.title.startsWith(t)", arg=title)
    return frame


def answer_wrongly(frame, quiz, question) -> None:
    """Tick the first wrong choice of a choice or true-false question (and no right one)."""
    wrong = next(c for c in question.choices if not c.correct)
    frame.check(f"#quiz-{quiz.id}--{question.id}--{wrong.id}")


def take_the_whole_course(content, course, *, wrong_in_final: int = 0) -> dict[str, str]:
    """Every lesson in order from the welcome page, every quiz passed, every simulation played at its
    best; in the final assessment the first `wrong_in_final` choice questions shown are answered
    wrongly. `content()` gives the frame showing the course's pages (it changes as pages load).
    Returns each quiz's result line as the learner saw it."""
    results = {}
    passed, done = result_openings(course)
    frame = content()
    for lesson in course.lessons:
        frame.click("a.md-footer__link--next")
        frame = content()
        frame.wait_for_function("t => document.title.startsWith(t)", arg=lesson.title)
        for section in frame.query_selector_all("[data-cb-quiz]"):
            quiz = course.quizzes[section.get_attribute("data-cb-quiz")]
            shown = set(
                frame.eval_on_selector_all(
                    f"#quiz-{quiz.id} .cb-question:not([hidden])", "els => els.map(e => e.dataset.cbQuestion)"
                )
            )
            wrong = wrong_in_final if quiz.kind == "final-assessment" else 0
            for question in (q for q in quiz.questions if q.id in shown):
                if wrong and question.type in ("single", "multiple", "true-false") and question.choices:
                    answer_wrongly(frame, quiz, question)
                    wrong -= 1
                else:
                    answer_rightly(frame, quiz, question)
            frame.click(f"#quiz-{quiz.id} .cb-quiz__submit")
            results[quiz.id] = frame.inner_text(f"#quiz-{quiz.id} .cb-quiz__result")
            # A pre-assessment has no pass mark: it only says where the learner starts.
            assert (done if quiz.kind == "pre-assessment" else passed) in results[quiz.id], results[quiz.id]
        for section in frame.query_selector_all("[data-cb-simulation]"):
            sim = course.simulations[section.get_attribute("data-cb-simulation")]
            play_best_run(frame, sim)
            assert passed in frame.inner_text(f"#sim-{sim.id} .cb-sim__score")
    return results


def result_openings(course) -> tuple[str, str]:
    """The first word of a passed quiz's result line, and of a finished pre-assessment's, in the
    course's language: ("Passed.", "Done.") in English, ("Réussi.", "Terminé.") in French."""
    first = lambda line: line.split(".")[0] + "."  # noqa: E731
    return first(course.messages.t("quiz.passed", "Passed.")), first(course.messages.t("quiz.start-done", "Done."))


def put_in_order(frame, quiz, question, wanted: list[str]) -> None:
    """Move entries with their Up buttons until the list reads `wanted` (letters; the page shows tokens)."""
    fieldset = f'#quiz-{quiz.id} [data-cb-question="{question.id}"]'
    tokens = entry_tokens(quiz.id, question)
    for position, item in enumerate(tokens[letter] for letter in wanted):
        while True:
            shown = frame.eval_on_selector_all(f"{fieldset} .cb-order__item", "els => els.map(e => e.dataset.cbItem)")
            if shown.index(item) == position:
                break
            frame.click(f'{fieldset} [data-cb-item="{item}"] .cb-order__up')


def play_best_run(frame, sim, keyboard=None) -> None:
    """Take the first best choice at every turn, to the ending: by clicks, or with `keyboard` (the
    page's) by Tab and Enter only, starting from the turn's prompt where focus lands after each turn."""
    if keyboard:
        frame.focus(f"#sim-{sim.id} .cb-sim__prompt")
    for _, letter in ideal_run(sim):
        if keyboard:
            tab_to_choice(frame, keyboard, letter)
            keyboard.press("Enter")
        else:
            frame.click(f'#sim-{sim.id} .cb-sim__choices [data-cb-choice="{letter}"]')
    frame.wait_for_selector(f"#sim-{sim.id} .cb-sim__end:not([hidden])")


def tab_to_choice(frame, keyboard, letter: str) -> None:
    for _ in range(30):
        keyboard.press("Tab")
        if frame.evaluate("document.activeElement.dataset.cbChoice || ''") == letter:
            return
    raise AssertionError(f"choice {letter} not reachable with Tab")
