"""MkDocs hook file for `course-builder serve` (its generated mkdocs.yml lists this file under `hooks:`).

MkDocs loads it by path and calls its on_serve with the live-reload server: serve.py then watches the
course's folders, including those created after the preview started."""

from course_builder.site.serve import on_serve  # noqa: F401  (MkDocs looks the event up on this module)
