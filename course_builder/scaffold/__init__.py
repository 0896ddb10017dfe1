"""`course-builder new`: start a course, a lesson or a quiz from the templates in this folder.

The templates are ordinary course files (course/ is a complete small course, quiz.yml and lesson.md are
one of each) with a few `__PLACEHOLDER__` words replaced. A new course also gets the trainer's guide as
GUIDE.md, which its files point to: a trainer who installed course-builder with pip has no repository. Nothing here overwrites a file: a name that is
taken is an error, so a trainer's work is never lost. Adding a lesson edits course.yml as text, one
line inserted under the module's `lessons:`, so the trainer's comments and layout survive.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from course_builder.core.wording import GUIDE
from course_builder.errors import CourseError, Problem

TEMPLATES = Path(__file__).resolve().parent
GUIDE_FILE = "GUIDE.md"  # the copy of the guide in a new course
COURSE_TEMPLATE = TEMPLATES / "course"
SCAFFOLD_QUIZ = "getting-started-check"  # the quiz course/content/getting-started/first-steps.md embeds
IDENTIFIER = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")  # as course.schema.json's `identifier`
_SOURCES_HEADING = re.compile(r"^#{2,3}\s+Sources\s*$", re.IGNORECASE)
_FENCE = re.compile(r"^\s*(```|~~~)")


def guide_path() -> Path:
    """The trainer's guide: the copy a built wheel carries (setup.py), else a checkout's docs/authoring.md."""
    packaged = TEMPLATES.parent / "guide.md"
    return packaged if packaged.is_file() else TEMPLATES.parents[1] / "docs" / "authoring.md"


def new_course(folder: Path) -> list[Path]:
    """Write the template course into `folder` (which may exist, but must not hold any of its files)."""
    folder = Path(folder)
    course_id = _slug(folder.resolve().name) or "my-course"
    title = course_id.replace("-", " ").capitalize()
    files = {
        path.relative_to(COURSE_TEMPLATE): path.read_text(encoding="utf-8")
        for path in sorted(COURSE_TEMPLATE.rglob("*"))
        if path.is_file()
    }
    files = {
        rel: text.replace("__COURSE_ID__", course_id).replace("__COURSE_TITLE__", title) for rel, text in files.items()
    }
    files[Path("quizzes") / f"{SCAFFOLD_QUIZ}.yml"] = _quiz_text(
        SCAFFOLD_QUIZ, "Getting started: check", "explain-basics", "apply-basics"
    )
    files[Path(GUIDE_FILE)] = guide_path().read_text(encoding="utf-8")
    _refuse_existing([folder / rel for rel in files], folder)
    written = []
    for rel, text in files.items():
        written.append(_write(folder / rel, text))
    return written


def new_lesson(root: Path, module_id: str, name: str) -> Path:
    """content/<module>/<name>.md with a title and sources, listed last in the module in course.yml."""
    root = Path(root)
    name = name.removesuffix(".md")
    if not re.fullmatch(r"[a-z0-9][a-z0-9_\-]*", name):
        raise CourseError(
            Problem(
                f"`{name}` cannot be a lesson file name",
                hint="use lower-case letters, digits and "
                "hyphens, such as `first-call` (it becomes the lesson's tracking id)",
            )
        )
    config = root / "course.yml"
    doc = _read_config(root)
    modules = doc.data.get("modules") if isinstance(doc.data, dict) else None
    modules = modules if isinstance(modules, list) else []
    known = [m.get("id") for m in modules if isinstance(m, dict)]
    if module_id not in known:
        close = difflib.get_close_matches(module_id, [k for k in known if isinstance(k, str)], n=1)
        line = doc.where(("modules",))[0] if modules else None
        raise CourseError(
            Problem(
                f"module `{module_id}` is not in course.yml",
                "course.yml",
                line,
                None,
                f"did you mean `{close[0]}`?"
                if close
                else "use one of: " + ", ".join(f"`{k}`" for k in known)
                if known
                else f"add the module under `modules:` first (see {GUIDE})",
            )
        )
    index = known.index(module_id)
    rel = f"{module_id}/{name}.md"
    target = root / "content" / rel
    _refuse_existing([target], root)
    lessons = modules[index].get("lessons")
    if not isinstance(lessons, list) or not lessons:
        raise CourseError(
            Problem(
                f"module `{module_id}` has no `lessons:` list to add to",
                "course.yml",
                doc.where(("modules", index))[0],
                None,
                f"add the line `- {rel}` under its `lessons:` by hand",
            )
        )
    if rel in lessons:
        raise CourseError(
            Problem(
                f"`{rel}` is already listed in module `{module_id}`",
                "course.yml",
                doc.where(("modules", index, "lessons", lessons.index(rel)))[0],
                None,
                "create the file by hand, or choose another name",
            )
        )
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    last_line, _ = doc.where(("modules", index, "lessons", len(lessons) - 1))
    item = re.match(r"^(\s*-\s+)\S", lines[last_line - 1])
    if not item:  # a flow list such as `lessons: [a.md, b.md]`
        raise CourseError(
            Problem(
                f"cannot add to module `{module_id}`'s `lessons:`: it is not one `- file` per line",
                "course.yml",
                last_line,
                None,
                f"add `{rel}` to the list by hand",
            )
        )
    if not lines[last_line - 1].endswith("\n"):
        lines[last_line - 1] += "\n"
    lines.insert(last_line, f"{item.group(1)}{rel}\n")
    title = name.replace("-", " ").replace("_", " ").capitalize()
    _write(target, (TEMPLATES / "lesson.md").read_text(encoding="utf-8").replace("__TITLE__", title))
    config.write_text("".join(lines), encoding="utf-8")
    return target


def new_quiz(root: Path, quiz_id: str, lesson: str | None = None) -> tuple[Path, Path | None]:
    """quizzes/<id>.yml from the template; with a lesson, embedded before the lesson's `## Sources`."""
    root = Path(root)
    if not IDENTIFIER.match(quiz_id):
        raise CourseError(
            Problem(
                f"`{quiz_id}` cannot be a quiz id",
                hint="use lower-case letters, digits and hyphens, starting with a letter, such as `module-1-check`",
            )
        )
    doc = _read_config(root)
    objectives = doc.data.get("objectives") if isinstance(doc.data, dict) else None
    first = (
        objectives[0].get("id")
        if isinstance(objectives, list) and objectives and isinstance(objectives[0], dict)
        else None
    )
    if not isinstance(first, str):
        raise CourseError(
            Problem(
                "course.yml has no objectives for the quiz's questions to name",
                "course.yml",
                hint=f"add `objectives:` with an `id` and a `title` (see {GUIDE})",
            )
        )
    target = root / "quizzes" / f"{quiz_id}.yml"
    lesson_file = _lesson_file(root, lesson) if lesson else None
    _refuse_existing([target], root)
    title = quiz_id.replace("-", " ").capitalize()
    _write(target, _quiz_text(quiz_id, title, first, first))
    if lesson_file:
        _embed(lesson_file, f"::quiz[{quiz_id}]")
    return target, lesson_file


def _quiz_text(quiz_id: str, title: str, objective: str, other_objective: str) -> str:
    text = (TEMPLATES / "quiz.yml").read_text(encoding="utf-8")
    return (
        text.replace("__QUIZ_ID__", quiz_id)
        .replace("__QUIZ_TITLE__", _yaml_string(title))
        .replace("__OTHER_OBJECTIVE__", other_objective)
        .replace("__OBJECTIVE__", objective)
    )


def _yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _lesson_file(root: Path, lesson: str) -> Path:
    given = Path(lesson)
    for candidate in (given, root / given, root / "content" / given):
        if candidate.is_file() and candidate.suffix == ".md":
            return candidate
    content = root / "content"
    existing = sorted(p.relative_to(root).as_posix() for p in content.rglob("*.md")) if content.is_dir() else []
    close = difflib.get_close_matches(given.as_posix(), existing, n=1)
    raise CourseError(
        Problem(
            f"lesson `{lesson}` does not exist",
            hint=f"did you mean `{close[0]}`?"
            if close
            else "give the lesson's path, such as content/getting-started/first-steps.md",
        )
    )


def _embed(lesson: Path, line: str) -> None:
    """Insert the embed line before the lesson's `## Sources` heading, or at its end if it has none."""
    lines = lesson.read_text(encoding="utf-8").splitlines(keepends=True)
    in_fence = False
    at = None
    for number, text in enumerate(lines):
        if _FENCE.match(text):
            in_fence = not in_fence
        elif not in_fence and _SOURCES_HEADING.match(text.rstrip("\n")):
            at = number
    if at is None:
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        lines += ["\n", line + "\n"]
    else:
        lines[at:at] = [line + "\n", "\n"]
    lesson.write_text("".join(lines), encoding="utf-8")


def _read_config(root: Path):
    from course_builder.load.yaml_source import load_yaml

    config = root / "course.yml"
    if not config.is_file():
        raise CourseError(
            Problem(
                f"no course.yml in {root}",
                "course.yml",
                hint="run this in the course folder, pass --course DIR, "
                "or start a course with: course-builder new course DIR",
            )
        )
    return load_yaml(config, "course.yml")


def _refuse_existing(paths: list[Path], root: Path) -> None:
    taken = [p for p in paths if p.exists()]
    if taken:
        raise CourseError(
            [
                Problem(
                    "the file already exists; nothing was written",
                    _shown(p, root),
                    hint="choose another name, or remove the file if you really mean to start it again",
                )
                for p in taken
            ]
        )


def write_new(path: Path, text: str) -> Path:
    """Write a file that must not exist yet (a CourseError saying so if it does)."""
    _refuse_existing([path], Path.cwd())
    return _write(path, text)


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as file:  # "x": never replaces a file that appeared meanwhile
        file.write(text)
    return path


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _slug(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    slug = re.sub(r"^[0-9-]+", "", slug)
    return slug[:64].rstrip("-") if IDENTIFIER.match(slug[:64].rstrip("-") or "-") else ""


# --- the command line: `course-builder new course|lesson|quiz` -------------------------------------------


def add_parser(sub) -> None:
    """Register `new` on the course-builder subcommands."""
    new = sub.add_parser("new", help="start a course, a lesson or a quiz from a template")
    kinds = new.add_subparsers(dest="kind", required=True, metavar="WHAT")
    course = kinds.add_parser("course", help="a small working course in FOLDER (course.yml, lessons, a quiz)")
    course.add_argument("folder", type=Path)
    lesson = kinds.add_parser("lesson", help="content/MODULE/NAME.md, listed under the module in course.yml")
    lesson.add_argument("module", help="the id of a module in course.yml")
    lesson.add_argument("name", help="the file name, such as first-call (the lesson's tracking id)")
    lesson.add_argument("--course", help="the course folder (default: this folder)")
    quiz = kinds.add_parser("quiz", help="quizzes/ID.yml with one question of each basic type")
    quiz.add_argument("id", help="the quiz id, such as module-2-check")
    quiz.add_argument("--lesson", help="embed it in this lesson (content/...md), before its `## Sources`")
    quiz.add_argument("--course", help="the course folder (default: this folder)")
    new.set_defaults(run=run)


def run(args) -> int:
    root = Path(getattr(args, "course", None) or ".")
    if args.kind == "course":
        written = new_course(args.folder)
        print(f"Created a course in {args.folder}/ ({len(written)} files):")
        for path in written:
            print(f"  {_shown(path, args.folder)}")
        print(f"Next: cd {args.folder} && course-builder serve   (preview; then edit course.yml and content/)")
        print(f"Every file and key is explained in {_shown(args.folder / GUIDE_FILE, Path.cwd())}")
    elif args.kind == "lesson":
        target = new_lesson(root, args.module, args.name)
        print(f"Created {_shown(target, root)} and listed it last in module `{args.module}` in course.yml")
    else:
        target, lesson = new_quiz(root, args.id, args.lesson)
        print(f"Created {_shown(target, root)}")
        if lesson:
            print(f"Embedded it in {_shown(lesson, root)} with the line ::quiz[{args.id}]")
        else:
            print(f"Embed it in a lesson with a line ::quiz[{args.id}] (or run again with --lesson)")
    return 0
