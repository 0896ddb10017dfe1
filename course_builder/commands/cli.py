"""`course-builder` command line: build, check, serve, validate, docs (and new, pdf, translate, report).

Exit codes: 0 success; 1 the course or package has problems (listed, with file, line and fix), or
an output cannot be written; 2 wrong usage; 3 an internal error (a bug: COURSE_BUILDER_TRACEBACK=1
shows the traceback). Problems are printed, never tracebacks.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from course_builder.commands.paths import course_root, shown
from course_builder.core.wording import counted
from course_builder.errors import CourseError


def cmd_build(args) -> int:
    from course_builder.commands.build import EDITIONS, build

    editions = tuple(args.format) if args.format else EDITIONS
    from course_builder.commands.summary import progress_printer, summary_lines

    progress = progress_printer() if args.progress or sys.stderr.isatty() else None
    if args.lang:
        from course_builder.commands.translate import build_language

        return build_language(args, editions, progress)
    result = build(course_root(args.course), args.site_dir, args.dist_dir, editions, progress=progress)
    print("\n".join(summary_lines(result, shown)))
    return 0


def cmd_check(args) -> int:
    from course_builder.load.course import load_course

    if args.lang:
        from course_builder.commands.translate import check_language

        return check_language(args)
    started = time.monotonic()
    course = load_course(course_root(args.course))
    print(
        f"{course.title}: no problems found ({counted(len(course.lessons), 'lesson')}, {_activities(course)}) "
        f"in {time.monotonic() - started:.2f} s"
    )
    return 0


def _activities(course) -> str:
    questions = sum(len(q.questions) for q in course.quizzes.values())
    return (
        f"{counted(len(course.quizzes), 'quiz', 'quizzes')}, {counted(questions, 'question')}, "
        f"{counted(len(course.simulations), 'simulation')}"
    )


def cmd_serve(args) -> int:
    from course_builder.site.serve import serve

    serve(course_root(args.course), args.dev_addr)
    return 0


def cmd_docs(args) -> int:
    from course_builder.scaffold import GUIDE_FILE, guide_path, write_new

    guide = guide_path()
    if args.write is None:
        print(f"The trainer's guide (Markdown; open it in an editor or a browser's Markdown viewer):\n  {guide}")
        print(f"A course that `course-builder new course` starts has a copy, {GUIDE_FILE}, beside its course.yml.")
        print(f"To put a copy here: course-builder docs --write {GUIDE_FILE}")
        return 0
    target = Path(args.write)
    write_new(target, guide.read_text(encoding="utf-8"))
    print(f"Wrote the trainer's guide to {shown(target.resolve())}")
    return 0


def cmd_validate(args) -> int:
    from course_builder.package.checks import check_package
    from course_builder.package.problems import only_errors

    worst = 0
    for name in args.package:
        path = Path(name)
        problems = check_package(path)
        failing = only_errors(problems)
        if not problems:
            print(f"{name}: valid: an LMS should import it.")
            continue
        verdict = "INVALID: an LMS would reject it" if failing else "valid, with warnings"
        print(f"{name}: {verdict}")
        for problem in problems:
            print("  - " + str(problem).replace("\n", "\n    "))
        if failing:
            worst = 1
    return worst


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="course-builder", description="Build a course written in Markdown and YAML into a site and SCORM packages."
    )
    sub = main.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = sub.add_parser("build", help="build the site into site/ and the SCORM packages into dist/")
    build.add_argument("course", nargs="?", help="the course folder (default: this folder, else the bundled course)")
    build.add_argument(
        "--format",
        action="append",
        choices=["scorm12", "scorm2004"],
        help="package only this edition (repeat for both; default: both)",
    )
    build.add_argument("--site-dir", type=Path, help="where the site goes (default: COURSE/site)")
    build.add_argument("--dist-dir", type=Path, help="where the packages go (default: COURSE/dist)")
    build.add_argument(
        "--progress",
        action="store_true",
        help="print each stage as it starts, on stderr (the default when stderr is a terminal)",
    )
    build.add_argument("--lang", help="build the course translated into this language (translations/LANG/)")
    build.add_argument(
        "--allow-fallback",
        action="store_true",
        help="with --lang: build even if some texts are not translated (they stay in the source language)",
    )
    build.set_defaults(run=cmd_build)

    check = sub.add_parser("check", help="validate the course without building")
    check.add_argument("course", nargs="?")
    check.add_argument("--lang", help="list the texts not translated into this language, or changed since")
    check.set_defaults(run=cmd_check)

    serve = sub.add_parser("serve", help="preview the course; reloads when a lesson or quiz changes")
    serve.add_argument("course", nargs="?")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on (default 127.0.0.1:8000)")
    serve.set_defaults(run=cmd_serve)

    validate = sub.add_parser("validate", help="check SCORM zips (any tool's) the way an LMS would")
    validate.add_argument("package", nargs="+", help="SCORM .zip file(s)")
    validate.set_defaults(run=cmd_validate)

    docs = sub.add_parser("docs", help="say where the trainer's guide is, or write a copy of it")
    docs.add_argument("--write", metavar="FILE", help="write the guide to FILE, such as GUIDE.md (never over a file)")
    docs.set_defaults(run=cmd_docs)

    from course_builder.scaffold import add_parser as add_new_parser

    add_new_parser(sub)  # new course | lesson | quiz
    from course_builder.commands.pdf import add_parser as add_pdf_parser

    add_pdf_parser(sub)  # the handout as a PDF
    from course_builder.commands.translate import add_parser as add_translate_parser

    add_translate_parser(sub)  # translate export | import
    from course_builder.commands.report import add_parser as add_report_parser

    add_report_parser(sub)  # item analysis and mastery from an LMS's export
    return main


def main(argv: list[str] | None = None) -> int:
    args = _parse(parser(), argv)
    unchanged = "; the previous site/ and dist/ are unchanged" if args.command == "build" else ""
    try:
        return args.run(args)
    except CourseError as error:
        print(f"{counted(len(error.problems), 'problem')} found{unchanged}:", file=sys.stderr)
        for problem in error.problems:
            print(str(problem), file=sys.stderr)
        return 1
    except OSError as error:  # the disk, not the course: full, read-only, a file where a folder goes
        where = f"{error.filename}: " if error.filename else ""
        print(f"{where}{error.strerror or error}{unchanged}", file=sys.stderr)
        print(
            "  fix: check that the output folders can be written (free space, permissions, a file in the way)",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a bug of ours: say so in one paragraph, keep the traceback for a report
        if os.environ.get("COURSE_BUILDER_TRACEBACK"):
            raise
        print(
            f"course-builder stopped on an internal error ({type(error).__name__}: {error}){unchanged}.\n"
            "This is a bug in course-builder: any input should get a message saying what to fix.\n"
            "  fix: run again with COURSE_BUILDER_TRACEBACK=1 set, and report what it prints",
            file=sys.stderr,
        )
        return 3


def _parse(commands: argparse.ArgumentParser, argv: list[str] | None) -> argparse.Namespace:
    """The arguments in any order. argparse takes a command's positionals in one go, so in
    `translate import FILE --lang fr COURSE` the course, after an option, would be refused."""
    args, extra = commands.parse_known_args(argv)
    if len(extra) == 1 and not extra[0].startswith("-") and getattr(args, "course", "") is None:
        args.course = extra[0]
    elif extra:
        commands.error(f"unrecognized arguments: {' '.join(extra)}")
    return args


if __name__ == "__main__":
    sys.exit(main())
