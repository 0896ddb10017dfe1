"""Python-Markdown extension: `::quiz[quiz-id]` on a line of its own becomes an interactive quiz.

A plain Markdown extension (not an MkDocs plugin) so the syntax keeps working under any
Python-Markdown host, MkDocs 1.x today and Zensical tomorrow (`../shared/field-notes.md`).

The quiz is rendered on the server as a real HTML form (fieldsets, legends, labelled radio buttons
and checkboxes), so it reads correctly to screen readers and prints even before JavaScript runs.
The answer key and feedback travel in a JSON block that `quiz.js` grades against.

Options:
    quizzes     dict of quiz id -> course_builder.model.Quiz (required)
"""
from __future__ import annotations

import html
import re

import markdown

from course_builder.model import FILL_IN_MAX_LENGTH, NUMERIC_MAX_LENGTH
from course_builder.render.embed import PRIORITY, EmbedPreprocessor, script_json, templates
from course_builder.render.text import block_html, inline_html

EMBED = re.compile(r"^::quiz\[([^\]]+)\]\s*$")



class QuizExtension(markdown.Extension):
    def __init__(self, **kwargs):
        self.config = {"quizzes": [{}, "Quizzes by id (course_builder.model.Quiz)"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.register(QuizPreprocessor(md, self.getConfig("quizzes")), "course_builder_quiz", PRIORITY)


class QuizPreprocessor(EmbedPreprocessor):
    kind = "quiz"
    pattern = EMBED

    def render(self, name, quiz):
        return render_quiz(quiz)


def quiz_key(quiz) -> dict:
    """What the browser needs to grade and report a quiz."""
    return {
        "id": quiz.id,
        "title": quiz.title,
        "passingScore": quiz.passing_score,
        "scored": quiz.scored,
        "required": quiz.required,
        "shuffle": quiz.shuffle,
        "kind": quiz.kind,
        "questions": [_question_key(q) for q in quiz.questions],
    }


def _question_key(q) -> dict:
    key = {"id": q.id, "type": q.type, "objective": q.objective, "points": q.points,
           "explanation": inline_html(q.explanation)}
    if q.type in ("single", "multiple", "true-false"):
        key.update(correct=[c.id for c in q.choices if c.correct],
                   feedback={c.id: inline_html(c.feedback) for c in q.choices})
    else:
        key.update(feedbackCorrect=inline_html(q.feedback_correct), feedbackIncorrect=inline_html(q.feedback_incorrect),
                   rightAnswer=right_answer_html(q))
    if q.type == "matching":
        key["matches"] = "".join(q.matches)
    if q.type == "ordering":
        key["order"] = "".join(item.id for item in q.items)
    return key


def _number(value: float) -> str:
    return f"{value:,.6f}".rstrip("0").rstrip(".")


def right_answer_html(q) -> str:
    """The right answer in words, shown after a wrong or partly right attempt."""
    if q.type == "fill-in":
        label = "Accepted answer" if len(q.accept) == 1 else "Accepted answers"
        return f"{label}: " + "; ".join(html.escape(a) for a in q.accept) + "."
    unit = f" {html.escape(q.unit)}" if q.unit else ""
    if q.type == "numeric":
        if q.low == q.high:
            return f"Right answer: {_number(q.low)}{unit}."
        middle = (q.low + q.high) / 2
        return f"Right answer: {_number(middle)}{unit} (anything from {_number(q.low)} to {_number(q.high)} counts)."
    targets = {c.id: c.text for c in q.choices}
    if q.type == "matching":
        rows = "".join(f"<li>{inline_html(item.text)} &#8594; {inline_html(targets[m])}</li>"
                       for item, m in zip(q.items, q.matches))
        return f"Right matches:<ul>{rows}</ul>"
    rows = "".join(f"<li>{inline_html(item.text)}</li>" for item in q.items)
    return f"Right order:<ol>{rows}</ol>"


def shown_order(q):
    """Entries of an ordering question as first shown: alphabetical, or reversed when that is the answer.
    Deterministic, so a build is byte-identical; quiz.js shuffles them when the quiz shuffles."""
    shown = sorted(q.items, key=lambda item: item.text.lower())
    return list(reversed(shown)) if shown == list(q.items) else shown


def render_quiz(quiz) -> str:
    return templates.get_template("quiz.html").render(
        quiz=quiz, inline=inline_html, block=block_html, key=script_json(quiz_key(quiz)), shown_order=shown_order,
        limits={"fill-in": FILL_IN_MAX_LENGTH, "numeric": NUMERIC_MAX_LENGTH})
