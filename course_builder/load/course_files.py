"""The files a course is made of stay inside the course folder, and are ordinary files.

A course folder comes from many hands (a colleague's zip, a shared drive, a git clone). A symlink
in it could publish a file from the trainer's machine (`content/notes.txt -> ~/.ssh/id_rsa`) in
the site and in every zip, and MkDocs copies whatever `content/` holds. A FIFO or a device would
hang the build when read. So before anything is read, every entry of the folders the build reads
is checked: a symlink must resolve to a file inside the course root, and every file must be a
regular file. Symlinks inside the course (one lesson folder shared by two names) are fine.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from course_builder.errors import CourseError, Problem

# What load and render read: course.yml, the lessons and their images (MkDocs copies everything
# in content/), quizzes and banks, simulations.
COURSE_PARTS = ("course.yml", "content", "quizzes", "simulations")


def check_course_files(root: Path) -> None:
    """Raise CourseError naming every entry that leaves the course root or is not a regular file."""
    root = Path(root).resolve()
    problems: list[Problem] = []
    folders = []  # to walk: each course part, and the real folder behind each symlinked one
    for part in COURSE_PARTS:
        top = root / part
        if os.path.lexists(top) and not _entry_problem(root, top, problems) and top.is_dir():
            folders.append(top)
    walked: set[Path] = set()
    while folders:
        top = folders.pop(0)
        if top.resolve() in walked:
            continue
        walked.add(top.resolve())
        for folder, dirs, files in os.walk(top, onerror=lambda error: problems.append(_unreadable(root, error))):
            walked.add(Path(folder).resolve())
            # MkDocs follows symlinked folders: check each link, then walk where it leads.
            for name in sorted(dirs):
                path = Path(folder) / name
                if path.is_symlink() and not _entry_problem(root, path, problems):
                    folders.append(path.resolve())
            dirs[:] = sorted(d for d in dirs if not (Path(folder) / d).is_symlink())
            for name in sorted(files):
                _entry_problem(root, Path(folder) / name, problems)
    if problems:
        raise CourseError(problems)


def _entry_problem(root: Path, path: Path, problems: list[Problem]) -> bool:
    """Append the problem with `path`, if any; True when there was one."""
    shown = path.relative_to(root).as_posix()
    if path.is_symlink():
        target = os.readlink(path)
        try:
            real = path.resolve(strict=True)
        except (RuntimeError, OSError) as error:  # a loop: RuntimeError (3.11) or ELOOP (3.13)
            loops = isinstance(error, RuntimeError) or error.errno == errno.ELOOP
            return _add(
                problems,
                Problem(
                    f"a symlink to {target}, " + ("which loops back on itself" if loops else "which does not exist"),
                    shown,
                    hint="delete the link, or replace it with the file it meant, inside the course",
                ),
            )
        what = "folder" if real.is_dir() else "file"
        if not real.is_relative_to(root):
            return _add(
                problems,
                Problem(
                    f"a symlink to {real}, outside the course folder: building would publish that {what} in the "
                    "site and in every package",
                    shown,
                    hint=f"copy the {what} into the course (in place of the link), or delete {shown}",
                ),
            )
        if real.is_dir() and path.parent.resolve().is_relative_to(real):
            return _add(
                problems,
                Problem(
                    f"a symlink to {target}, a folder that contains the link itself: the build would walk it forever",
                    shown,
                    hint=f"delete {shown}",
                ),
            )
        path = real
    try:
        mode = path.stat().st_mode
    except OSError as error:
        return _add(problems, _unreadable(root, error))
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return _add(
            problems,
            Problem(
                f"not an ordinary file but a {_kind(mode)}: reading it would hang or fail the build",
                shown,
                hint=f"delete {shown}, or replace it with a file",
            ),
        )
    return False


def _add(problems: list[Problem], problem: Problem) -> bool:
    problems.append(problem)
    return True


def _unreadable(root: Path, error: OSError) -> Problem:
    name = Path(error.filename) if error.filename else root
    shown = name.relative_to(root).as_posix() if name.is_relative_to(root) else str(name)
    return Problem(
        f"{shown} cannot be read ({error.strerror or error})",
        shown,
        hint="check the file's permissions (the build must be able to read every course file)",
    )


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "named pipe"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special file"
