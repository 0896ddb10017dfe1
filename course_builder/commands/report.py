"""`course-builder report EXPORT...`: what the LMS recorded, read back as item analysis and team mastery.

Reads one or more interactions exports (Moodle's Interactions report download, or the generic CSV) of
this course, and writes report.html (a static, offline page) with report.json (every figure),
report-questions.csv and report-learners.csv beside it. The files are written whole or not at all.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

from course_builder.commands.paths import course_root, shown
from course_builder.errors import CourseError, Problem


def add_parser(sub) -> None:
    report = sub.add_parser("report", help="item analysis and objective mastery from an LMS's interactions export")
    report.add_argument("exports", nargs="+", metavar="EXPORT", help="interactions export(s) of this course")
    report.add_argument("--course", help="the course folder (default: this folder, else the bundled course)")
    report.add_argument(
        "-o", "--output", type=Path, default=Path("report.html"), help="the HTML page (default: report.html)"
    )
    report.add_argument(
        "--pseudonymise", action="store_true", help='name learners "Learner 1", "Learner 2"... instead of by name'
    )
    report.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="FIELD=HEADER",
        help="for a generic CSV: the header that holds FIELD (learner, interaction, response, result...)",
    )
    report.set_defaults(run=run)


def run(args) -> int:
    from course_builder.load.course import load_course
    from course_builder.report.analysis import analyse
    from course_builder.report.exports import read_export
    from course_builder.report.page import figures_json, items_csv, learners_csv, report_charts, report_html

    course = load_course(course_root(args.course))
    columns = _columns(args.column)
    paths = [Path(p) for p in args.exports]
    for path in paths:  # all of them before any is read: a missing last one would show after minutes of reading
        if not path.is_file():
            raise CourseError(Problem("no such file", shown(path), hint="give the path of the downloaded export"))
    rows = itertools.chain.from_iterable(read_export(path, columns or None) for path in paths)
    analysis = analyse(rows, course)
    if not analysis.items and not analysis.unknown:
        raise CourseError(
            Problem(
                "the export holds no answers to read",
                ", ".join(shown(p) for p in paths),
                hint="download the interactions report after learners have answered the course's quizzes",
            )
        )
    output = args.output
    charts = report_charts(analysis)
    learners = output.with_name(output.stem + "-learners.csv")
    files = {
        output: report_html(
            analysis,
            [p.name for p in paths],
            course.language,
            course.passing_score,
            args.pseudonymise,
            charts,
            learners.name,
        ),
        output.with_suffix(".json"): figures_json(analysis, args.pseudonymise),
        output.with_name(output.stem + "-questions.csv"): items_csv(analysis),
        learners: learners_csv(analysis, args.pseudonymise),
    }
    _write_all(files)
    known = len({item.info.interaction for item in analysis.items})
    print(
        f"{shown(output)}: {analysis.attempts.learners} learners, {known} questions"
        + (f", {len(analysis.unknown)} ids not in this course" if analysis.unknown else "")
    )
    if charts is None:
        print('  charts left out: they need the report extra (pip install "course-builder[report]")')
    return 0


def _columns(pairs: list[str]) -> dict[str, str]:
    columns = {}
    for pair in pairs:
        field, sep, header = pair.partition("=")
        if not sep or not field.strip() or not header.strip():
            raise CourseError(
                Problem(f"--column {pair!r} is not FIELD=HEADER", hint="for example: --column learner='User name'")
            )
        columns[field.strip()] = header.strip()
    return columns


def _write_all(files: dict[Path, str]) -> None:
    """Each file written beside its place, then all moved in: a failure leaves the previous report whole."""
    staged = []
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f".{path.name}.{os.getpid()}.part")
            staged.append((temporary, path))
            with open(temporary, "w", encoding="utf-8", newline="") as out:  # the user's usual permissions
                out.write(text)
        for temporary, path in staged:
            os.replace(temporary, path)
    finally:
        for temporary, _ in staged:
            if os.path.exists(temporary):
                os.unlink(temporary)
