"""`course-builder translate export | import`, `check --lang` and `build --lang`: the commands of the
content translation round trip (course_builder/translate/; the guide: docs/translating.md)."""

from __future__ import annotations

import sys
from pathlib import Path

from course_builder.commands.paths import course_root, shown
from course_builder.core.wording import counted
from course_builder.errors import CourseError


def add_parser(sub) -> None:
    translate = sub.add_parser("translate", help="send the course's text to a translator, and take it back")
    actions = translate.add_subparsers(dest="action", required=True, metavar="ACTION")

    export = actions.add_parser("export", help="write every text of the course for a translator (XLIFF 2.0 or PO)")
    export.add_argument("course", nargs="?", help="the course folder (default: as for build)")
    export.add_argument("--lang", required=True, help="the language to translate into, such as fr or de-CH")
    export.add_argument("--format", choices=["xliff", "po"], default="xliff", help="XLIFF 2.0 (default) or PO")
    export.add_argument("-o", "--output", type=Path, help="the file to write (default: COURSE-LANG.xlf or .po here)")
    export.set_defaults(run=cmd_export)

    back = actions.add_parser("import", help="check a translated XLIFF or PO file and write the translated course")
    back.add_argument("file", type=Path, help="the .xlf or .po file the translator sent back")
    back.add_argument("course", nargs="?")
    back.add_argument("--lang", help="the file's language, if the file does not say (a PO file without Language)")
    back.set_defaults(run=cmd_import)


def cmd_export(args) -> int:
    from course_builder.translate.workflow import export_translation

    data, course, state = export_translation(course_root(args.course), args.lang, args.format)
    output = args.output or Path(f"{course.id}-{args.lang}.{'xlf' if args.format == 'xliff' else 'po'}")
    output.write_bytes(data)
    total = len(state.translated) + len(state.stale) + len(state.missing)
    print(
        f"Wrote {counted(total, 'segment')} of {course.title} to {shown(output.resolve())} "
        f"({len(data) / 1000:.0f} KB; {len(state.translated)} already translated, {len(state.stale)} stale, "
        f"{len(state.missing)} to translate)"
    )
    return 0


def cmd_import(args) -> int:
    from course_builder.translate.workflow import import_translation

    done = import_translation(course_root(args.course), args.file, args.lang)
    print(f"Took {counted(done.stored, 'translation')} into {done.language} from {args.file}")
    if done.unknown:
        print(f"  skipped {counted(len(done.unknown), 'unit')} whose text is no longer in the course")
    print(f"  translation memory: {shown(done.memory)}")
    print(f"  translated course:  {shown(done.variant)}/ (build it with: course-builder build --lang {done.language})")
    _counts(done.status)
    return 0


def check_language(args) -> int:
    from course_builder.translate.memory import gap_problems
    from course_builder.translate.workflow import check_language as check

    course, found, state = check(course_root(args.course), args.lang)
    for problem in gap_problems(state, args.lang):
        print(problem)
    _counts(state)
    return 1 if state.stale or state.missing else 0


def _counts(state) -> None:
    total = len(state.translated) + len(state.stale) + len(state.missing)
    print(
        f"{len(state.translated)} of {counted(total, 'segment')} translated, "
        f"{len(state.stale)} stale (the source changed since), {len(state.missing)} missing"
    )


def build_language(args, editions, progress) -> int:
    from course_builder.commands.build import build
    from course_builder.commands.summary import summary_lines
    from course_builder.translate.variant import load_variant
    from course_builder.translate.workflow import prepare_language_build

    root = course_root(args.course).resolve()
    variant, source, state = prepare_language_build(root, args.lang, args.allow_fallback)
    try:
        result = build(
            variant,
            args.site_dir,
            args.dist_dir or root / "dist",
            editions,
            progress=progress,
            load=lambda folder: load_variant(folder, source),
            label=args.lang,
        )
    except CourseError:
        # A translation broke the translated course (a link, a heading): say which file to look at.
        print(f"The {args.lang} course, written from the translations into {shown(variant)}/, has problems:")
        raise
    print("\n".join(summary_lines(result, shown)))
    fallback = len(state.stale) + len(state.missing)
    if fallback:
        print(
            f"  {counted(fallback, 'segment')} shown in the source language ({source.language}): "
            f"{len(state.stale)} stale, {len(state.missing)} missing; `course-builder check --lang {args.lang}` "
            "lists them",
            file=sys.stderr,
        )
    return 0
