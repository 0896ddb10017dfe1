"""Live preview for trainers: MkDocs' dev server on our generated configuration, also watching
course.yml, quizzes/ and simulations/, so saving a quiz reloads the page like saving a lesson does.

Rebuilds are MkDocs' dirty ones: saving a lesson renders that page only (the plugin's
IncrementalPreview keeps the rest and rebuilds everything when the course itself changes)."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

import yaml
from mkdocs.commands.serve import serve as mkdocs_serve

from course_builder.load.course import load_course
from course_builder.site.render import mkdocs_settings


def serve(root: Path, dev_addr: str = "127.0.0.1:8000") -> None:
    course = load_course(Path(root).resolve())  # refuse to start on a broken course, with the problems listed
    with tempfile.TemporaryDirectory(prefix="course-builder-serve-") as folder:
        settings = mkdocs_settings(course, Path(folder) / "site")
        settings["dev_addr"] = dev_addr
        settings["watch"] = [str(course.root / "course.yml"), str(course.quizzes_dir)]
        if course.simulations_dir.is_dir():
            settings["watch"].append(str(course.simulations_dir))
        settings["plugins"][-1]["course-builder"]["live_preview"] = True
        config_file = Path(folder) / "mkdocs.yml"
        config_file.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
        logging.basicConfig(level=logging.INFO, format="%(message)s")
        logging.getLogger("mkdocs.commands.build").addFilter(_quiet_dirty_warning)
        mkdocs_serve(config_file=str(config_file), livereload=True, build_type="dirty")


def _quiet_dirty_warning(record: logging.LogRecord) -> bool:
    # MkDocs warns on every dirty build that navigation may be stale; the plugin keeps it right.
    return "'dirty' build is being performed" not in record.getMessage()
