"""The course as the builder sees it once loaded and validated.

Plain data: the loaders in `course_builder.load` produce it, the renderers and packagers
only read it. Identifiers here are the tracking ids an LMS stores, so they come from names a
trainer wrote (file names, `id:` keys), never from positions, and stay stable across rebuilds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from course_builder.messages import Messages


@dataclass(frozen=True)
class Objective:
    id: str
    title: str


@dataclass(frozen=True)
class Lesson:
    id: str  # derived from the file path: "introduction/what-collections-involve"
    title: str
    path: str  # relative to content/, with forward slashes: "introduction/what-collections-involve.md"


@dataclass(frozen=True)
class Module:
    id: str
    title: str
    lessons: tuple[Lesson, ...]


@dataclass(frozen=True)
class Resources:
    """Reference pages (job aids, glossary): in the navigation, not tracked."""

    title: str
    pages: tuple[Lesson, ...]


@dataclass(frozen=True)
class Choice:
    id: str  # "a", "b", ... in the order the trainer wrote them (shuffling happens in the browser)
    text: str
    correct: bool
    feedback: str
    name: str = ""  # words for LMS reports (SCORM 2004 responses): the trainer's `id`, else from the text


@dataclass(frozen=True)
class Item:
    """A premise of a matching question, or an entry of an ordering question."""

    id: str  # "a", "b", ... in the order the trainer wrote them (for ordering: the right order)
    text: str
    name: str  # words for LMS reports


QUESTION_TYPES = ("single", "multiple", "true-false", "fill-in", "numeric", "matching", "ordering")
FILL_IN_MAX_LENGTH = 30  # characters a learner may type (keeps suspend_data within budget)
NUMERIC_MAX_LENGTH = 15


@dataclass(frozen=True)
class Question:
    id: str
    type: str  # one of QUESTION_TYPES
    objective: str
    prompt: str
    choices: tuple[Choice, ...]  # choice types; for matching: the targets (with distractors)
    explanation: str
    points: int = 1
    bank: str = ""  # the bank it was drawn from, for quizzes that draw
    context: str = ""  # Markdown block shown above the question (a table, a case to read)
    # fill-in
    accept: tuple[str, ...] = ()
    case_sensitive: bool = False
    # numeric: right when low <= answer <= high
    low: float = 0.0
    high: float = 0.0
    unit: str = ""
    # matching (premises, and the target letter of each) and ordering (entries in the right order)
    items: tuple[Item, ...] = ()
    matches: tuple[str, ...] = ()
    partial_credit: bool = False
    # feedback of the types without choices
    feedback_correct: str = ""
    feedback_incorrect: str = ""


@dataclass(frozen=True)
class Bank:
    id: str
    title: str
    source: Path
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Draw:
    bank: str
    count: int


QUIZ_KINDS = ("check", "pre-assessment", "final-assessment")


@dataclass(frozen=True)
class Quiz:
    id: str
    title: str
    source: Path  # the YAML file, for error messages
    passing_score: int  # percent, 0-100
    scored: bool  # counts toward the course score
    required: bool  # must be passed for the course to be complete
    shuffle: bool  # shuffle choices in the browser
    questions: tuple[Question, ...]  # for a quiz that draws: every question it may draw
    kind: str = "check"
    draws: tuple[Draw, ...] = ()  # draw this many at random from each bank, per attempt

    @property
    def max_points(self) -> int:
        """Points of one attempt (for a quiz that draws: the most an attempt's draw can be worth)."""
        if not self.draws:
            return sum(q.points for q in self.questions)
        return sum(
            sum(sorted((q.points for q in self.questions if q.bank == d.bank), reverse=True)[: d.count])
            for d in self.draws
        )

    @property
    def question_count(self) -> int:
        """Questions a learner answers in one attempt."""
        return sum(d.count for d in self.draws) if self.draws else len(self.questions)


SIMULATION_KINDS = ("call", "correspondence")
STEP_VISIT_LIMIT = 3  # arriving at a step a 4th time ends the simulation (a loop the learner cannot leave)


@dataclass(frozen=True)
class SimChoice:
    id: str  # "a", "b", ... in the order written
    text: str  # what the learner says or sends
    feedback: str
    points: int
    next: str  # a step id or an ending id
    name: str  # words for LMS reports


@dataclass(frozen=True)
class Step:
    id: str
    says: str  # the other party's words ("" when the step is narration only)
    situation: str  # narration: what happens, what the learner sees ("" when none)
    choices: tuple[SimChoice, ...]

    @property
    def max_points(self) -> int:
        return max((c.points for c in self.choices), default=0)


@dataclass(frozen=True)
class Ending:
    id: str
    title: str
    debrief: str


@dataclass(frozen=True)
class Simulation:
    """A branching conversation: steps joined by the learner's choices, ending in a debrief.
    Tracked like a quiz: each decision is an interaction, the score is points earned over the best
    points available at the steps the learner went through."""

    id: str
    title: str
    source: Path
    kind: str  # one of SIMULATION_KINDS
    objective: str
    party: str  # who the learner talks or writes to, as the transcript names them
    briefing: str  # Markdown shown before the first step
    start: str
    steps: tuple[Step, ...]
    endings: tuple[Ending, ...]
    passing_score: int
    scored: bool = False
    required: bool = False


REPORTING_MODES = ("passed-failed", "passed-incomplete", "completed-incomplete", "completed-failed")


@dataclass(frozen=True)
class Completion:
    visit_all_lessons: bool = True
    pass_required_quizzes: bool = True


@dataclass(frozen=True)
class Course:
    root: Path  # the folder holding course.yml, content/ and quizzes/
    id: str
    title: str
    version: str
    language: str
    description: str
    objectives: tuple[Objective, ...]
    passing_score: int  # percent, 0-100
    completion: Completion
    modules: tuple[Module, ...]
    reporting: str = "passed-failed"  # what a SCORM 1.2 lesson_status can say: see REPORTING_MODES
    require_sources: bool = False  # every lesson must end with a "## Sources" list
    handout: bool = True  # the printable handout page (print.html) in the site and the packages
    resources: tuple[Resources, ...] = ()
    quizzes: dict[str, Quiz] = field(default_factory=dict)
    banks: dict[str, Bank] = field(default_factory=dict)
    simulations: dict[str, Simulation] = field(default_factory=dict)
    # The interface's words in `language` (messages.py), with the trainer's overrides.
    messages: Messages = field(default_factory=lambda: Messages("en"))
    # A translated course (translations/<lang>/): the language it was translated from, else "".
    translated_from: str = ""

    @property
    def lessons(self) -> list[Lesson]:
        return [lesson for module in self.modules for lesson in module.lessons]

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def quizzes_dir(self) -> Path:
        return self.root / "quizzes"

    @property
    def simulations_dir(self) -> Path:
        return self.root / "simulations"

    @property
    def primary_objective_id(self) -> str:
        """The SCORM 2004 primary objective: what the course score measures, the final assessment
        where there is one (the manifest declares it; the SCO reports it)."""
        finals = sorted(q.id for q in self.quizzes.values() if q.kind == "final-assessment")
        return finals[0] if finals else self.id

    @property
    def package_name(self) -> str:
        return f"{self.id}-{self.version}"
