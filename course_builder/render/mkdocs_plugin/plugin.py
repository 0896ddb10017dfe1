"""Thin MkDocs adapter: everything course-specific lives in plain modules.

It loads the course, hands the quizzes to the Markdown extension, ships our browser assets and
the course data file, and marks each lesson page with its tracking id.
"""
from __future__ import annotations

import os
from html import escape

from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File

from course_builder.errors import CourseError
from course_builder.load.course import load_course
from course_builder.render import assets
from course_builder.render.mkdocs_plugin.config import CourseBuilderConfig
from course_builder.render.quiz_markdown import QuizExtension


class CourseBuilderPlugin(BasePlugin[CourseBuilderConfig]):
    def on_config(self, config):
        root = os.path.join(os.path.dirname(config.config_file_path or "."), self.config.course_root)
        try:
            self.course = load_course(root)
        except CourseError as error:
            if self.config.live_preview:
                # MkDocs' dev server prints a SystemExit's message without a traceback and keeps watching.
                raise SystemExit(f"{error}\nFix the problem and save: the preview rebuilds.") from None
            raise
        config.markdown_extensions.append(QuizExtension(quizzes=self.course.quizzes))
        config.extra_css.append(assets.STYLESHEET)
        config.extra_javascript.extend(assets.SCRIPTS)
        return config

    def on_files(self, files, config):
        for path, content in assets.site_files(self.course).items():
            files.append(File.generated(config, path, content=content))
        return files

    def on_post_page(self, output, page, config):
        lesson_id = page.file.src_uri[:-3] if page.file.src_uri.endswith(".md") else page.file.src_uri
        meta = f'<meta name="course-builder-page" content="{escape(lesson_id)}">'
        return output.replace("</head>", meta + "\n</head>", 1)
