"""The browser side we add to every page: our scripts and styles, vendored files, course data."""

from __future__ import annotations

import functools
import json
from importlib import resources

import rjsmin

from course_builder.core.answer_key import ending_tokens, entry_tokens, grading_data, step_data, target_tokens
from course_builder.core.progress import ideal_run, tracking_keys
from course_builder.markdown_ext.text import heading_text, plain_text
from course_builder.model import STEP_VISIT_LIMIT, Course, Question, Simulation
from course_builder.runtime.bundle import bundle
from course_builder.runtime.home import lesson_activities, lesson_url

PREFIX = "assets/course-builder"
# Each page kind gets its course data, then one script joined from the modules in js/ (bundle.py).
SITE_SCRIPT = "course-builder.js"  # every page of the site (js/site-page.js)
LAUNCH_SCRIPT = "scorm.js"  # a package's launch page (js/scorm-launch.js)
ENTRIES = {SITE_SCRIPT: "site-page.js", LAUNCH_SCRIPT: "scorm-launch.js"}
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
SCRIPTS = [f"{PREFIX}/course-data.js", f"{PREFIX}/{SITE_SCRIPT}"]
LAUNCH_SCRIPTS = [f"{PREFIX}/course-data.js", f"{PREFIX}/{LAUNCH_SCRIPT}"]
IFRAME_WORKER_SHIM = f"{PREFIX}/vendor/iframe-worker-shim.js"


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
    """What the browser needs to track progress and report it: lessons, quizzes and questions with
    their tracking keys, objectives, and the course's rules; and, for the home page and the navigation's
    marks, the modules (their lesson ids) and the quizzes and simulations on each lesson."""
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
        "messages": course.messages.browser_data(),
    }


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
    """A question as the tracker grades it: checks of the right answers, never the answers (answer_key.py).
    A matching question's targets and an ordering question's entries are keyed by their tokens, not their
    letters: the letters' order is the right order (written out sorted, the tokens' order says nothing)."""
    data = {
        "id": q.id,
        "key": key,
        "type": q.type,
        "objective": q.objective,
        "points": q.points,
        "bank": q.bank,
        "choices": {c.id: c.name for c in q.choices},
        "description": plain_text(q.prompt)[:250],
        **grading_data(quiz.id, q),
    }
    if q.type == "fill-in":
        data.update(caseSensitive=q.case_sensitive)
    elif q.type == "matching":
        targets = target_tokens(quiz.id, q)
        data.update(
            items={item.id: item.name for item in q.items},
            partial=q.partial_credit,
            choices={targets[c.id]: c.name for c in q.choices},
        )
    elif q.type == "ordering":
        entries = entry_tokens(quiz.id, q)
        data.update(items={entries[item.id]: item.name for item in q.items}, partial=q.partial_credit)
    return data


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
                "choices": {c.id: c.name for c in step.choices},
                "next": {c.id: endings.get(c.next, c.next) for c in step.choices},
                **step_data(sim.id, step),
                "description": plain_text(step.says or step.situation)[:250],
            }
            for step in sim.steps
        ],
    }


def course_data_js(course: Course) -> str:
    data = json.dumps(course_data(course), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # A script, not a JSON file: fetch() of a local file is blocked on file://.
    return f"window.CourseBuilder = window.CourseBuilder || {{}};\nwindow.CourseBuilder.course = {data};\n"


def site_files(course: Course) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {
        f"{PREFIX}/{name}": minified(bundle(entry, name)) for name, entry in ENTRIES.items()
    }
    files[f"{PREFIX}/course-data.js"] = course_data_js(course)
    files[STYLESHEET] = stylesheet()
    files[IFRAME_WORKER_SHIM] = _packaged("vendor/iframe-worker-shim.js")
    files[f"{PREFIX}/vendor/LICENSE.iframe-worker"] = _packaged("vendor/LICENSE.iframe-worker")
    return files
