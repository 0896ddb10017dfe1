"""The browser side we add to every page: our scripts and styles, vendored files, course data."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from importlib import resources

import rjsmin

from course_builder.core.answer_key import ending_tokens, entry_tokens, grading_data, step_data, target_tokens
from course_builder.core.progress import ideal_run, tracking_keys
from course_builder.load.messages import english
from course_builder.markdown_ext.text import heading_text, plain_text
from course_builder.model import STEP_VISIT_LIMIT, Course, Question, Simulation
from course_builder.runtime.bundle import bundle
from course_builder.runtime.home import lesson_activities, lesson_url

PREFIX = "assets/course-builder"
# Each page kind gets its course data, then one script joined from the modules in js/ (bundle.py).
SITE_SCRIPT = "course-builder.js"  # every page of the site (js/site-page.js)
LAUNCH_SCRIPT = "scorm.js"  # a package's launch page (js/scorm-launch.js)
ENTRIES = {SITE_SCRIPT: "site-page.js", LAUNCH_SCRIPT: "scorm-launch.js"}
# The kinds of activity a page can play: what in its HTML says it has one, and the kind's entry in js/.
# A page with any gets one more script after course-builder.js, with the code of its kinds and no other.
ACTIVITIES = {
    "quiz": ('class="cb-quiz__key"', "activity-quiz.js"),
    "simulation": ('class="cb-sim__key"', "activity-simulation.js"),
    "calculator": ('class="cb-calculator"', "activity-calculator.js"),
}
STYLESHEET = f"{PREFIX}/course-builder.css"
# The stylesheet's parts (css/), one per part of the page, joined in this order.
STYLE_PARTS = [
    "quiz.css",
    "calculator.css",
    "simulation.css",
    "learner.css",
    "certificate.css",
    "preview.css",
    "home.css",
    "nav.css",
    "theme.css",
    "print.css",
]
COURSE_DATA = f"{PREFIX}/course-data.js"
# The words an LMS report gives each answer (question descriptions, choice names): only the package's
# launch page reports, so site pages do without them (about half of the course data).
REPORT_WORDS = f"{PREFIX}/report-words.js"
SCRIPTS = [COURSE_DATA, f"{PREFIX}/{SITE_SCRIPT}"]
LAUNCH_SCRIPTS = [COURSE_DATA, REPORT_WORDS, f"{PREFIX}/{LAUNCH_SCRIPT}"]
IFRAME_WORKER_SHIM = f"{PREFIX}/vendor/iframe-worker-shim.js"


def page_activities(contents: Iterable[str]) -> tuple[str, ...]:
    """The kinds of activity a page plays, given its content (for the handout, each of its lessons')."""
    contents = list(contents)
    return tuple(kind for kind, (marker, _) in ACTIVITIES.items() if any(marker in text for text in contents))


def activity_script(kinds: tuple[str, ...]) -> str:
    """The script of a page with these kinds of activity: assets/course-builder/course-builder-quiz-simulation.js."""
    return f"{PREFIX}/course-builder-{'-'.join(kinds)}.js"


def activity_bundle(kinds: tuple[str, ...]) -> str:
    name = activity_script(kinds).rsplit("/", 1)[1]
    return minified(bundle(tuple(ACTIVITIES[kind][1] for kind in kinds), name, after=ENTRIES[SITE_SCRIPT]))


def _packaged(name: str) -> bytes:
    return resources.files("course_builder.runtime").joinpath("assets", name).read_bytes()


def stylesheet() -> str:
    folder = resources.files("course_builder.runtime").joinpath("css")
    return "".join(folder.joinpath(name).read_text(encoding="utf-8") for name in STYLE_PARTS)


def storage_guard() -> str:
    return minified(_packaged("storage-guard.js").decode("utf-8"))


@functools.lru_cache(maxsize=8)  # the same scripts on every `serve` rebuild
def minified(script: str) -> str:
    """Our scripts as learners download them: without comments and indentation (a third of their weight;
    the modules in js/ are the readable source). rJSmin only removes what it can prove is not code, and
    keeps /*! ... */ comments: the bundle's header saying where its source is."""
    return rjsmin.jsmin(script, keep_bang_comments=True) + "\n"


def course_data(course: Course) -> dict:
    """What every page needs to track progress: lessons, quizzes and questions with their tracking keys
    and grading checks, objectives, and the course's rules; and, for the home page and the navigation's
    marks, the modules (their lesson ids) and the quizzes and simulations on each lesson. The words of
    LMS reports are in `report_words`."""
    keys = tracking_keys(course)
    activities = lesson_activities(course)
    return {
        "id": course.id,
        "version": course.version,
        "title": course.title,
        "passingScore": course.passing_score,
        "reporting": course.reporting,
        "completion": {
            "visitAllLessons": course.completion.visit_all_lessons,
            "passRequiredQuizzes": course.completion.pass_required_quizzes,
        },
        "lessons": [
            {
                "id": lesson.id,
                "key": keys["lessons"][lesson.id],
                "url": lesson_url(lesson),
                "title": heading_text(lesson.title),
                "quizzes": activities[lesson.id],
            }
            for lesson in course.lessons
        ],
        "modules": [
            {"id": m.id, "title": m.title, "lessons": [lesson.id for lesson in m.lessons]} for m in course.modules
        ],
        "quizzes": [_quiz_data(quiz, keys) for quiz in sorted(course.quizzes.values(), key=lambda q: q.id)]
        + [_simulation_data(sim, keys) for sim in sorted(course.simulations.values(), key=lambda s: s.id)],
        "stepVisitLimit": STEP_VISIT_LIMIT,
        "objectives": [{"id": o.id, "title": o.title} for o in course.objectives],
        "primaryObjective": course.primary_objective_id,
        "messages": _messages_data(course),
    }


def _messages_data(course: Course) -> dict:
    """The interface's words for the scripts: only where they differ from the English the scripts are
    written with (an English course sends none of its 266 messages)."""
    data = course.messages.browser_data()
    code_english = english()
    data["table"] = {key: entry for key, entry in data["table"].items() if code_english.get(key) != entry}
    return data


def _quiz_data(quiz, keys) -> dict:
    return {
        "id": quiz.id,
        "key": keys["quizzes"][quiz.id],
        "scored": quiz.scored,
        "required": quiz.required,
        "maxPoints": quiz.max_points,
        "passingScore": quiz.passing_score,
        "kind": quiz.kind,
        "draws": [{"bank": d.bank, "count": d.count} for d in quiz.draws],
        "questions": [_question_data(quiz, q, keys["questions"][quiz.id][q.id]) for q in quiz.questions],
    }


def _question_data(quiz, q: Question, key: str) -> dict:
    """A question as the tracker grades it: checks of the right answers, never the answers (answer_key.py)."""
    data = {
        "id": q.id,
        "key": key,
        "type": q.type,
        "objective": q.objective,
        "points": q.points,
        "bank": q.bank,
        **grading_data(quiz.id, q),
    }
    if q.type == "fill-in":
        data.update(caseSensitive=q.case_sensitive)
    elif q.type == "matching":
        data.update(partial=q.partial_credit)
    elif q.type == "ordering":
        data.update(entryCount=len(q.items), partial=q.partial_credit)
    return data


def _question_words(quiz, q: Question) -> dict:
    """What an LMS report says of a question: its description, and its choices, premises or entries by
    name. A matching question's targets and an ordering question's entries are keyed by their tokens,
    not their letters: the letters' order is the right order (written out sorted, the tokens' order
    says nothing)."""
    words = {"description": plain_text(q.prompt)[:250], "choices": {c.id: c.name for c in q.choices}}
    if q.type == "matching":
        targets = target_tokens(quiz.id, q)
        words.update(items={item.id: item.name for item in q.items}, choices={targets[c.id]: c.name for c in q.choices})
    elif q.type == "ordering":
        entries = entry_tokens(quiz.id, q)
        words.update(items={entries[item.id]: item.name for item in q.items})
    return words


def _simulation_data(sim: Simulation, keys) -> dict:
    """A simulation as the tracker sees it: a quiz whose questions are the steps of the conversation.
    Where each choice leads is plain (an ending by its token); its points and the best choices are sealed."""
    by_id = {step.id: step for step in sim.steps}
    endings = ending_tokens(sim)
    return {
        "id": sim.id,
        "key": keys["quizzes"][sim.id],
        "scored": sim.scored,
        "required": sim.required,
        "maxPoints": sum(by_id[step_id].max_points for step_id, _ in ideal_run(sim)),
        "passingScore": sim.passing_score,
        "kind": "simulation",
        "draws": [],
        "start": sim.start,
        "questions": [
            {
                "id": step.id,
                "key": keys["questions"][sim.id][step.id],
                "type": "step",
                "objective": sim.objective,
                "points": step.max_points,
                "bank": "",
                "next": {c.id: endings.get(c.next, c.next) for c in step.choices},
                **step_data(sim.id, step),
            }
            for step in sim.steps
        ],
    }


def report_words(course: Course) -> dict:
    """{quiz or simulation id: {question or step id: its words}}, for the launch page's reports."""
    words = {quiz.id: {q.id: _question_words(quiz, q) for q in quiz.questions} for quiz in course.quizzes.values()}
    for sim in course.simulations.values():
        words[sim.id] = {
            step.id: {
                "description": plain_text(step.says or step.situation)[:250],
                "choices": {c.id: c.name for c in step.choices},
            }
            for step in sim.steps
        }
    return words


def _script(name: str, data: dict) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # A script, not a JSON file: fetch() of a local file is blocked on file://.
    return f"window.CourseBuilder = window.CourseBuilder || {{}};\nwindow.CourseBuilder.{name} = {text};\n"


def course_data_js(course: Course) -> str:
    return _script("course", course_data(course))


def report_words_js(course: Course) -> str:
    return _script("reportWords", report_words(course))


def site_files(course: Course) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {
        f"{PREFIX}/{name}": minified(bundle(entry, name)) for name, entry in ENTRIES.items()
    }
    files[COURSE_DATA] = course_data_js(course)
    files[REPORT_WORDS] = report_words_js(course)
    files[STYLESHEET] = stylesheet()
    files[IFRAME_WORKER_SHIM] = _packaged("vendor/iframe-worker-shim.js")
    files[f"{PREFIX}/vendor/LICENSE.iframe-worker"] = _packaged("vendor/LICENSE.iframe-worker")
    return files
