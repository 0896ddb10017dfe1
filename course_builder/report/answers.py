"""Interaction ids and stored responses in the course's own words.

The SCO (runtime/js/reporting.js, scorm-editions.js) reports each answered question as interaction
`quizId.questionId` (a simulation step: `simulationId.stepId`), with the response:

- SCORM 1.2: choice letters joined by "," (`a,c`; true-false `t` or `f`); matching `premise.target` letter
  pairs joined by "," (`a.c,b.a`); ordering the entries' letters in the learner's order; fill-in the
  text typed; numeric the number read.
- SCORM 2004: the same, with names for letters (Choice.name, Item.name: `accounts_payable`), joined by
  `[,]`, matching pairs as `premise[.]target`.

Letters are the trainer's, not the screen's: shuffling moves the choices on the page, but each input's
value stays its choice's id (markdown_ext/templates/quiz.html, runtime/js/quiz.js answerOf), so `a` is
the first choice written in the quiz file whatever place the learner saw it in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from course_builder.markdown_ext.text import plain_text
from course_builder.model import Course, Question, Simulation, Step

CHOICE_TYPES = ("single", "multiple", "true-false", "step")  # responses that are a set of choices


@dataclass(frozen=True)
class Option:
    """A choice (or a matching target), a matching premise or an ordering entry."""

    letter: str  # the trainer's id: "a", "b", ... ("t"/"f" for true-false)
    name: str  # how SCORM 2004 responses name it
    words: str  # its text, plain
    correct: bool = False


@dataclass(frozen=True)
class QuestionInfo:
    """What the course says of one interaction id; `known` False for an id this course does not have
    (from an older version of it): kept, with the quiz id its prefix gives, so nothing is dropped."""

    interaction: str
    known: bool
    activity: str  # the quiz or simulation id
    activity_title: str
    kind: str  # the quiz's kind (model.QUIZ_KINDS), "simulation", or "" when unknown
    question: str  # the question or step id
    type: str  # model.QUESTION_TYPES, "step", or "" when unknown
    prompt: str  # plain text
    objective: str
    objective_title: str
    bank: str
    points: int
    scored: bool  # counts toward the course score (and so toward objective mastery)
    choices: tuple[Option, ...] = ()  # for matching: the targets
    items: tuple[Option, ...] = ()  # matching premises, ordering entries (in the right order)

    @property
    def is_pre_assessment(self) -> bool:
        return self.kind == "pre-assessment"

    @property
    def key(self) -> tuple[str, ...]:
        """The right choices' letters (choice types)."""
        return tuple(c.letter for c in self.choices if c.correct)


@dataclass(frozen=True)
class ReadResponse:
    """A stored response, read against the question."""

    chosen: tuple[str, ...]  # choice letters (choice types); "premise.target" letters (matching); entries (ordering)
    words: str  # the response as a person reads it, in the course's words
    unknown: tuple[str, ...] = ()  # parts the course does not have (an older version's choice, a typo)


def course_questions(course: Course) -> dict[str, QuestionInfo]:
    """Every interaction id the course's packages can report, with what the course says of it."""
    titles = {o.id: o.title for o in course.objectives}
    out: dict[str, QuestionInfo] = {}
    for quiz in course.quizzes.values():
        for q in quiz.questions:
            interaction = f"{quiz.id}.{q.id}"
            out[interaction] = QuestionInfo(
                interaction=interaction,
                known=True,
                activity=quiz.id,
                activity_title=quiz.title,
                kind=quiz.kind,
                question=q.id,
                type=q.type,
                prompt=plain_text(q.prompt),
                objective=q.objective,
                objective_title=titles.get(q.objective, ""),
                bank=q.bank,
                points=q.points,
                scored=quiz.scored,
                **_options(q),
            )
    for sim in course.simulations.values():
        for step in sim.steps:
            out[f"{sim.id}.{step.id}"] = _step_info(sim, step, titles)
    return out


def question_for(questions: Mapping[str, QuestionInfo], interaction: str) -> QuestionInfo:
    """The course's question for an interaction id, or a stand-in that keeps an unknown id."""
    if interaction in questions:
        return questions[interaction]
    activity, _, question = interaction.partition(".")
    return QuestionInfo(
        interaction=interaction,
        known=False,
        activity=activity if question else "",
        activity_title="",
        kind="",
        question=question or interaction,
        type="",
        prompt="",
        objective="",
        objective_title="",
        bank="",
        points=1,
        scored=False,
    )


def read_response(info: QuestionInfo, response: str) -> ReadResponse:
    """A response as SCORM 1.2 or 2004 stored it, in the course's words (the edition is told apart by
    the `[,]` and `[.]` separators 2004 writes; a lone part is looked up as a letter, then as a name)."""
    if response == "":
        return ReadResponse((), "")
    if not info.known:
        return ReadResponse((), response, (response,))
    if info.type not in CHOICE_TYPES + ("matching", "ordering"):
        return ReadResponse((), response)  # fill-in, numeric: the learner's own text or number
    parts = response.split("[,]") if "[,]" in response or "[.]" in response else response.split(",")
    if info.type == "matching":
        return _matching(info, parts)
    options = info.items if info.type == "ordering" else info.choices
    found = [_option(options, part) for part in parts]
    unknown = tuple(part for part, option in zip(parts, found) if option is None)
    words = [option.words if option else part for part, option in zip(parts, found)]
    joiner = " > " if info.type == "ordering" else "; "
    return ReadResponse(tuple(o.letter for o in found if o), joiner.join(words), unknown)


def _matching(info: QuestionInfo, parts: list[str]) -> ReadResponse:
    chosen, words, unknown = [], [], []
    for part in parts:
        premise_text, _, target_text = part.partition("[.]") if "[.]" in part else part.partition(".")
        premise, target = _option(info.items, premise_text), _option(info.choices, target_text)
        if premise is None or target is None:
            unknown.append(part)
            words.append(part)
            continue
        chosen.append(f"{premise.letter}.{target.letter}")
        words.append(f"{premise.words} → {target.words}")
    return ReadResponse(tuple(chosen), "; ".join(words), tuple(unknown))


def _option(options: tuple[Option, ...], text: str) -> Option | None:
    text = text.strip()
    for option in options:
        if option.letter == text:
            return option
    for option in options:
        if option.name == text:
            return option
    return None


def _options(q: Question) -> dict[str, tuple[Option, ...]]:
    """Choices (matching: targets, right when some premise matches them) and premises or entries."""
    matched = set(q.matches)
    choices = tuple(
        Option(c.id, c.name, plain_text(c.text), c.id in matched if q.type == "matching" else c.correct)
        for c in q.choices
    )
    items = tuple(Option(i.id, i.name, plain_text(i.text)) for i in q.items)
    return {"choices": choices, "items": items}


def _step_info(sim: Simulation, step: Step, titles: Mapping[str, str]) -> QuestionInfo:
    """A simulation step as a question: its best choices are the key."""
    best = step.max_points
    return QuestionInfo(
        interaction=f"{sim.id}.{step.id}",
        known=True,
        activity=sim.id,
        activity_title=sim.title,
        kind="simulation",
        question=step.id,
        type="step",
        prompt=plain_text(step.says or step.situation),
        objective=sim.objective,
        objective_title=titles.get(sim.objective, ""),
        bank="",
        points=best,
        scored=sim.scored,
        choices=tuple(Option(c.id, c.name, plain_text(c.text), c.points == best) for c in step.choices),
    )
