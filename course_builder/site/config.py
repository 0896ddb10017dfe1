from mkdocs.config import config_options as opt
from mkdocs.config.base import Config


class CourseBuilderConfig(Config):
    # The course folder (holding course.yml, content/, quizzes/). Relative paths are taken from
    # the folder of mkdocs.yml.
    course_root = opt.Type(str, default=".")
    # Set by `course-builder serve`: a broken edit is reported while the last good course stays on show.
    live_preview = opt.Type(bool, default=False)
