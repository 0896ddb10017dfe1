"""The browser side we add to every page: our scripts and styles, vendored files, course data."""
from __future__ import annotations

import json
from importlib import resources

from course_builder.model import Course

PREFIX = "assets/course-builder"
# Order matters: each script uses what the ones before it define on window.CourseBuilder.
SCRIPT_NAMES = ["course-data.js", "storage.js", "tracker.js", "page.js", "quiz.js"]
STYLESHEET = f"{PREFIX}/course-builder.css"
SCRIPTS = [f"{PREFIX}/{name}" for name in SCRIPT_NAMES]
IFRAME_WORKER_SHIM = f"{PREFIX}/vendor/iframe-worker-shim.js"


def _packaged(name: str) -> bytes:
    return resources.files("course_builder.render").joinpath("assets", name).read_bytes()


def storage_guard() -> str:
    return _packaged("storage-guard.js").decode("utf-8")


def course_data(course: Course) -> dict:
    """What the browser needs to track progress: lessons, scored quizzes, the rules."""
    return {
        "id": course.id,
        "version": course.version,
        "title": course.title,
        "passingScore": course.passing_score,
        "completion": {
            "visitAllLessons": course.completion.visit_all_lessons,
            "passRequiredQuizzes": course.completion.pass_required_quizzes,
        },
        "lessons": [{"id": lesson.id, "url": lesson.path[:-3] + ".html", "title": lesson.title}
                    for lesson in course.lessons],
        "quizzes": [{"id": q.id, "scored": q.scored, "required": q.required, "maxPoints": q.max_points,
                     "passingScore": q.passing_score}
                    for q in sorted(course.quizzes.values(), key=lambda q: q.id)],
        "objectives": [{"id": o.id, "title": o.title} for o in course.objectives],
    }


def course_data_js(course: Course) -> str:
    data = json.dumps(course_data(course), ensure_ascii=False, sort_keys=True, indent=1)
    # A script, not a JSON file: fetch() of a local file is blocked on file://.
    return f"window.CourseBuilder = window.CourseBuilder || {{}};\nwindow.CourseBuilder.course = {data};\n"


def site_files(course: Course) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {f"{PREFIX}/{name}": _packaged(name) for name in SCRIPT_NAMES[1:]}
    files[f"{PREFIX}/course-data.js"] = course_data_js(course)
    files[STYLESHEET] = _packaged("course-builder.css")
    files[IFRAME_WORKER_SHIM] = _packaged("vendor/iframe-worker-shim.js")
    files[f"{PREFIX}/vendor/LICENSE.iframe-worker"] = _packaged("vendor/LICENSE.iframe-worker")
    files[f"{PREFIX}/scorm.js"] = _packaged("scorm.js")
    return files
