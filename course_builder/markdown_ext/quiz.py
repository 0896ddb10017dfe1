"""Python-Markdown extension: `::quiz[quiz-id]` on a line of its own becomes an interactive quiz.

A plain Markdown extension (not an MkDocs plugin) so the syntax keeps working under any
Python-Markdown host, MkDocs 1.x today and Zensical tomorrow (`../shared/field-notes.md`).

The quiz is rendered on the server as a real HTML form (fieldsets, legends, labelled radio buttons
and checkboxes), so it reads correctly to screen readers and prints even before JavaScript runs.
A JSON block tells `quiz.js` about the quiz; the words shown after grading (feedback, explanation,
the right answer) travel sealed in it, and the answer key is not in the page at all: the tracker
grades against checks in course-data.js (see answer_key.py).

Options:
    quizzes     dict of quiz id -> course_builder.model.Quiz (required)
    messages    course_builder.messages.Messages: the interface's words (default English)
"""

from __future__ import annotations

import html
from typing import Any

import markdown

from course_builder.core.answer_key import entry_tokens, feedback_key, salt, seal, shown_order, target_tokens
from course_builder.markdown_ext.embed import PRIORITY, EmbedBlockProcessor, script_json, templates
from course_builder.markdown_ext.text import block_html, inline_html
from course_builder.messages import Messages
from course_builder.model import FILL_IN_MAX_LENGTH, NUMERIC_MAX_LENGTH


class QuizExtension(markdown.Extension):
    def __init__(self, **kwargs):
        self.config = {
            "quizzes": [{}, "Quizzes by id (course_builder.model.Quiz)"],
            "messages": [Messages("en"), "The interface's words (course_builder.messages.Messages)"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.parser.blockprocessors.register(
            QuizProcessor(md, self.getConfig("quizzes"), self.getConfig("messages")), "course_builder_quiz", PRIORITY
        )


def makeExtension(**kwargs):  # noqa: N802 (the name Python-Markdown looks for)
    return QuizExtension(**kwargs)


class QuizProcessor(EmbedBlockProcessor):
    kind = "quiz"

    def render(self, name, quiz):
        return render_quiz(quiz, self.messages)


def quiz_key(quiz, messages: Messages | None = None) -> dict:
    """What the browser needs to show a quiz and its feedback (grading is the tracker's, from course-data.js)."""
    return {
        "id": quiz.id,
        "title": quiz.title,
        "passingScore": quiz.passing_score,
        "scored": quiz.scored,
        "required": quiz.required,
        "shuffle": quiz.shuffle,
        "kind": quiz.kind,
        "questions": [_question_key(quiz, q, messages) for q in quiz.questions],
    }


def _question_key(quiz, q, messages: Messages | None = None) -> dict:
    return {
        "id": q.id,
        "type": q.type,
        "objective": q.objective,
        "points": q.points,
        "sealedFeedback": seal(feedback_key(salt(quiz.id, q.id)), feedback_words(q, messages)),
    }


def feedback_words(q, messages: Messages | None = None) -> dict:
    """What the learner reads once they have submitted: sealed in the page until then."""
    words: dict[str, Any] = {"explanation": inline_html(q.explanation)}
    if q.type in ("single", "multiple", "true-false"):
        words["feedback"] = {c.id: inline_html(c.feedback) for c in q.choices}
    else:
        words.update(
            feedbackCorrect=inline_html(q.feedback_correct),
            feedbackIncorrect=inline_html(q.feedback_incorrect),
            rightAnswer=right_answer_html(q, messages),
        )
    return words


def right_answer_html(q, messages: Messages | None = None) -> str:
    """The right answer in words, shown after a wrong or partly right attempt."""
    messages = messages or Messages("en")
    if q.type == "fill-in":
        answers = "; ".join(html.escape(a) for a in q.accept)
        # TRANSLATORS: {answers} is a list of answers separated by semicolons
        return messages.tn_html(
            "quiz.accepted-answers",
            "Accepted answer: {answers}.",
            "Accepted answers: {answers}.",
            len(q.accept),
            answers=answers,
        )
    if q.type == "numeric":

        def number(value: float) -> str:  # up to six decimals, as many as the value needs
            written = f"{value:.6f}".rstrip("0")
            return messages.number(value, len(written.split(".")[1]))

        unit = html.escape(q.unit) if q.unit else ""
        if q.low == q.high:
            if unit:
                return messages.t_html(
                    "quiz.right-number-unit", "Right answer: {number} {unit}.", number=number(q.low), unit=unit
                )
            return messages.t_html("quiz.right-number", "Right answer: {number}.", number=number(q.low))
        values = {"number": number((q.low + q.high) / 2), "low": number(q.low), "high": number(q.high), "unit": unit}
        if unit:
            return messages.t_html(
                "quiz.right-range-unit",
                "Right answer: {number} {unit} (anything from {low} to {high} counts).",
                **values,
            )
        return messages.t_html(
            "quiz.right-range", "Right answer: {number} (anything from {low} to {high} counts).", **values
        )
    targets = {c.id: c.text for c in q.choices}
    if q.type == "matching":
        # Arrows do not mirror in right-to-left text: the arrow points from the item to its match.
        arrow = "&#8592;" if messages.direction == "rtl" else "&#8594;"
        rows = "".join(
            f"<li>{inline_html(item.text)} {arrow} {inline_html(targets[m])}</li>"
            for item, m in zip(q.items, q.matches)
        )
        return messages.t_html("quiz.right-matches", "Right matches:") + f"<ul>{rows}</ul>"
    rows = "".join(f"<li>{inline_html(item.text)}</li>" for item in q.items)
    return messages.t_html("quiz.right-order", "Right order:") + f"<ol>{rows}</ol>"


def render_quiz(quiz, messages: Messages | None = None) -> str:
    """The quiz as a form. Matching targets and ordering entries are known to the page by their tokens
    (answer_key.tokens), never their letters, and entries first show in an order that says nothing of
    the right one (answer_key.shown_order): their letters are the order the trainer wrote them in."""
    messages = messages or Messages("en")
    return templates.get_template("quiz.html").render(
        t=messages.t,
        tn=messages.tn,
        quiz=quiz,
        inline=inline_html,
        block=block_html,
        number=messages.number,
        key=script_json(quiz_key(quiz, messages)),
        shown_order=lambda q: shown_order(quiz.id, q),
        targets=lambda q: target_tokens(quiz.id, q),
        entries=lambda q: entry_tokens(quiz.id, q),
        limits={"fill-in": FILL_IN_MAX_LENGTH, "numeric": NUMERIC_MAX_LENGTH},
    )
