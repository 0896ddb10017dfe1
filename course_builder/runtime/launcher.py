"""The SCORM launch page: the one SCO of each package, which shows the site in an iframe."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader

from course_builder.core.template_cache import bytecode_cache
from course_builder.model import Course
from course_builder.runtime import files as assets

LAUNCH_PAGE = "scorm_launch.html"
# Autoescape on: the course title and every other value the launch page shows is plain text.
_env = Environment(
    loader=PackageLoader("course_builder.runtime", "templates"), autoescape=True, bytecode_cache=bytecode_cache()
)


def launcher_html(course: Course, edition: str) -> bytes:
    page = _env.get_template(LAUNCH_PAGE).render(
        course=course,
        edition=edition,
        scripts=assets.LAUNCH_SCRIPTS,
        t=course.messages.t,
        direction=course.messages.direction,
    )
    return page.encode("utf-8")
