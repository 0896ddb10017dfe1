"""Live preview for trainers: MkDocs' dev server on our generated configuration, also watching
course.yml, quizzes/ and simulations/, so saving a quiz reloads the page like saving a lesson does.

A course may start without quizzes/ or simulations/ (a new course has no simulations): a folder
created, deleted or created again while the preview runs is watched from then on, and the site is
rebuilt, so a simulation saved into a new simulations/ shows without restarting `serve`.

Rebuilds are MkDocs' dirty ones: saving a lesson renders that page only (the plugin's
IncrementalPreview keeps the rest and rebuilds everything when the course itself changes)."""

from __future__ import annotations

import logging
import tempfile
import threading
from pathlib import Path

import yaml
from mkdocs.commands.serve import serve as mkdocs_serve

from course_builder.load.course import load_course
from course_builder.site.render import mkdocs_settings

HOOK_FILE = Path(__file__).with_name("serve_hook.py")
WATCHED = ("course.yml", "content", "quizzes", "simulations")  # in the course folder
POLL_SECONDS = 0.5  # as often as MkDocs' own watcher looks for changes


def serve(root: Path, dev_addr: str = "127.0.0.1:8000") -> None:
    course = load_course(Path(root).resolve())  # refuse to start on a broken course, with the problems listed
    with tempfile.TemporaryDirectory(prefix="course-builder-serve-") as folder:
        settings = mkdocs_settings(course, Path(folder) / "site")
        settings["dev_addr"] = dev_addr
        settings["hooks"] = [str(HOOK_FILE)]  # on_serve below: watches WATCHED
        settings["plugins"][-1]["course-builder"]["live_preview"] = True
        config_file = Path(folder) / "mkdocs.yml"
        config_file.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
        logging.basicConfig(level=logging.INFO, format="%(message)s")
        logging.getLogger("mkdocs.commands.build").addFilter(_quiet_dirty_warning)
        mkdocs_serve(config_file=str(config_file), livereload=True, build_type="dirty")


def on_serve(server, config, builder):
    """MkDocs' serve event (through serve_hook.py): watch the course's files and folders."""
    root = Path(config.plugins["course-builder"].config.course_root)
    watcher = CourseWatcher(server, [root / name for name in WATCHED])
    watcher.check()  # what exists now, before the server starts
    threading.Thread(target=watcher.run, daemon=True, name="course-watcher").start()
    return server


class CourseWatcher:
    """Keeps MkDocs watching each of `paths` that exists: a path that appears is watched and one that
    disappears is let go, each time with a rebuild (MkDocs' own watcher stops at a deleted folder, and
    misses the files saved into a new folder before it watches it)."""

    def __init__(self, server, paths: list[Path]) -> None:
        self.server = server
        self.paths = paths
        self.watched: set[Path] = set()
        self.stopped = threading.Event()

    def check(self) -> bool:
        """Watch what appeared, let go of what went; True if anything did."""
        changed = False
        for path in self.paths:
            if path.exists() and path not in self.watched:
                self.server.watch(str(path))
                self.watched.add(path)
                changed = True
            elif not path.exists() and path in self.watched:
                self.server.unwatch(str(path))
                self.watched.discard(path)
                changed = True
        return changed

    def run(self) -> None:
        while not self.stopped.wait(POLL_SECONDS):
            if self.check():
                _rebuild_soon(self.server)


def _rebuild_soon(server) -> None:
    # MkDocs' LiveReloadServer (1.6, pinned below 2) has no public call for this: it is what its own
    # watcher does on a change. tests/test_serve.py fails if that stops working.
    with server._rebuild_cond:
        server._want_rebuild = True
        server._rebuild_cond.notify_all()


def _quiet_dirty_warning(record: logging.LogRecord) -> bool:
    # MkDocs warns on every dirty build that navigation may be stale; the plugin keeps it right.
    return "'dirty' build is being performed" not in record.getMessage()
