"""The report as files: one static, offline HTML page a trainer reads, and the computed figures as JSON
and CSV for their own tools. Learners can be named by pseudonyms ("Learner 3"), the same for the same
learner in every run over the same exports."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
from importlib import resources

import jinja2

from course_builder.report.analysis import Analysis
from course_builder.report.statistics import LOW_DISCRIMINATION

FLAG_WORDS = {
    "too-few-learners": "too few learners to judge",
    "too-easy": "too easy",
    "too-hard": "too hard",
    "low-discrimination": "does not tell who learned",
    "distractor-beats-key": "a wrong choice beats the right one",
}

_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(resources.files("course_builder.report").joinpath("templates"))),
    autoescape=True,
    keep_trailing_newline=True,
)


def learner_labels(analysis: Analysis, pseudonymise: bool) -> dict[str, str]:
    """Each learner's name in the report: as the LMS gave it, or "Learner N" numbered in the order of a
    hash of who they are (not alphabetically, which would hint at the names)."""
    keys = sorted(analysis.learner_mastery)
    if not pseudonymise:
        return {key: analysis.learner_names.get(key, key) for key in keys}
    ordered = sorted(keys, key=lambda key: hashlib.sha256(key.encode("utf-8")).hexdigest())
    return {key: f"Learner {n}" for n, key in enumerate(ordered, start=1)}


# A page lists each learner's scores for a team; a cohort of thousands gets report-learners.csv instead,
# which a spreadsheet sorts and filters (a 50,000-row table is a page no browser scrolls well).
LEARNER_ROWS = 500

CHART_LABELS = {
    "mastery": "Bar chart: the share of learners who mastered each objective (figures in the table below)",
    "gain": "Bar chart: mean pre-assessment and final-assessment score per objective (figures in the table below)",
    "questions": "Scatter chart: each question's difficulty against its discrimination, flagged questions as "
    "triangles (figures in the tables below)",
}


def report_charts(analysis: Analysis) -> dict[str, str] | None:
    """The charts as inline SVG, or None without the `report` extra (Matplotlib)."""
    from course_builder.report import charts

    if not charts.available():
        return None
    drawn = {
        "mastery": charts.mastery_chart(analysis.objectives),
        "gain": charts.gain_chart(analysis.objectives),
        "questions": charts.items_chart(analysis.items),
    }
    return {name: charts.labelled(svg, CHART_LABELS[name]) for name, svg in drawn.items() if svg}


def report_html(
    analysis: Analysis,
    files: list[str],
    language: str,
    passing: float,
    pseudonymise: bool,
    charts: dict[str, str] | None = None,
    learners_file: str = "report-learners.csv",
) -> str:
    labels = learner_labels(analysis, pseudonymise)
    quizzes: dict[str, list] = {}
    for item in analysis.items:
        quizzes.setdefault(item.info.activity_title or item.info.activity, []).append(item)
    learners = _learner_rows(analysis, labels)
    return _env.get_template("report.html").render(
        a=analysis,
        files=files,
        language=language,
        passing=_num(passing),
        low=LOW_DISCRIMINATION,
        quizzes=list(quizzes.items()),
        learners=learners if len(learners) <= LEARNER_ROWS else [],
        learner_count=len(learners),
        learners_file=learners_file,
        flag_words=FLAG_WORDS,
        charts=charts or {},
        charts_missing=charts is None,
        pct=lambda share: "–" if share is None else f"{share * 100:.0f}%",
        num=_num,
        minutes=lambda m: "–" if m is None else f"{m:.0f} min",
    )


def _learner_rows(analysis: Analysis, labels: dict[str, str]) -> list[tuple[str, dict[str, float]]]:
    return sorted(((labels[key], scores) for key, scores in analysis.learner_mastery.items()), key=_natural)


def _natural(row):
    name = row[0]
    return (0, int(name.split()[-1])) if name.startswith("Learner ") and name.split()[-1].isdigit() else (1, name)


def _num(value, decimals: int = 1) -> str:
    if value is None:
        return "–"
    text = f"{value:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def figures_json(analysis: Analysis, pseudonymise: bool) -> str:
    labels = learner_labels(analysis, pseudonymise)
    data = dataclasses.asdict(analysis)
    data["learner_mastery"] = {labels[k]: v for k, v in sorted(analysis.learner_mastery.items())}
    if pseudonymise:
        del data["learner_names"]
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True, default=str) + "\n"


ITEM_COLUMNS = [
    "quiz",
    "question",
    "interaction",
    "objective",
    "learners",
    "difficulty",
    "discrimination",
    "flags",
    "prompt",
]


def items_csv(analysis: Analysis) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ITEM_COLUMNS)
    for item in analysis.items:
        s = item.stats
        writer.writerow(
            [
                item.info.activity,
                item.info.question,
                item.info.interaction,
                item.info.objective,
                s.n,
                f"{s.difficulty:.4f}",
                "" if s.discrimination is None else f"{s.discrimination:.4f}",
                " ".join(s.flags),
                item.info.prompt,
            ]
        )
    return out.getvalue()


def learners_csv(analysis: Analysis, pseudonymise: bool) -> str:
    """One row per learner, one column per objective: the learner's score on it in the scored quizzes,
    in percent (empty: no answer to its questions)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["learner", *(o.id for o in analysis.objectives)])
    for name, scores in _learner_rows(analysis, learner_labels(analysis, pseudonymise)):
        writer.writerow([name, *("" if o.id not in scores else f"{scores[o.id]:.2f}" for o in analysis.objectives)])
    return out.getvalue()
