"""The SCORM launch page: the one SCO of each package, which shows the site in an iframe."""
from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape

from course_builder.model import Course
from course_builder.render import assets

LAUNCH_PAGE = "scorm_launch.html"
_env = Environment(loader=PackageLoader("course_builder.render", "templates"), autoescape=select_autoescape(["html"]))


def launcher_html(course: Course, edition: str) -> bytes:
    scripts = [f"{assets.PREFIX}/{name}" for name in ("course-data.js", "storage.js", "state.js", "tracker.js", "scorm.js")]
    page = _env.get_template(LAUNCH_PAGE).render(course=course, edition=edition, scripts=scripts)
    return page.encode("utf-8")
