"""What a build can keep for the next one, in the user's cache folder: compiled templates and the files
that passed the schema check. Nothing in it changes what a build writes; delete it at any time.

    $COURSE_BUILDER_CACHE, else $XDG_CACHE_HOME/course-builder, else ~/.cache/course-builder

Made private to the user (0700), as it holds compiled code that later runs load."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir(part: str) -> Path | None:
    """The folder for one kind of cached thing, made if needed; None where it cannot be (a read-only
    home): the build then simply does the work again."""
    base = os.environ.get("COURSE_BUILDER_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "course-builder"
    )
    folder = Path(base) / part
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not os.access(folder, os.W_OK):
            return None
    except OSError:
        return None
    return folder
