"""The report's charts, drawn by Matplotlib as static SVG: objective mastery, before and after per
objective, and each question's difficulty against its discrimination.

Matplotlib is the optional `report` extra (`pip install "course-builder[report]"`, about 120 MB with
NumPy): a trainer who only builds courses does not need it, and without it the report has the same
figures in its tables. The SVG is the same bytes for the same figures (a fixed hash salt, no date), its
text stays text (`svg.fonttype: none`), and each chart is described by the table that follows it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from course_builder.report.analysis import ItemResult, ObjectiveResult
from course_builder.report.statistics import LOW_DISCRIMINATION, TOO_EASY, TOO_HARD

INDIGO, GREY, AMBER = "#3f51b5", "#9e9e9e", "#b26a00"


def available() -> bool:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def _pyplot():
    import matplotlib

    matplotlib.use("svg")
    matplotlib.rcParams.update({"svg.hashsalt": "course-builder", "svg.fonttype": "none", "font.size": 10})
    import matplotlib.pyplot as plt

    return plt


def _svg(figure) -> str:
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    _pyplot().close(figure)
    text = out.getvalue()
    text = text[text.index("<svg") :]  # inline in the page: no XML prolog or DOCTYPE
    return re.sub(r"\s*<metadata>.*?</metadata>", "", text, count=1, flags=re.S)  # RDF about the file


def labelled(svg: str, label: str) -> str:
    """The chart as an image named by `label` for screen readers (its table follows with the figures)."""
    from html import escape

    return re.sub(r"<svg\b", f'<svg role="img" aria-label="{escape(label)}"', svg, count=1)


def _short(text: str, width: int = 48) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def mastery_chart(objectives: Sequence[ObjectiveResult]) -> str | None:
    shown = [(o.title, o.mastered) for o in objectives if o.mastered is not None]
    if not shown:
        return None
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(7, 0.45 * len(shown) + 0.8))
    labels = [_short(title) for title, _ in shown][::-1]
    values = [share * 100 for _, share in shown][::-1]
    axes.barh(labels, values, color=INDIGO)
    for y, value in enumerate(values):
        axes.text(min(value + 1, 92), y, f"{value:.0f}%", va="center")
    axes.set_xlim(0, 100)
    axes.set_xlabel("Learners who mastered it (%)")
    axes.spines[["top", "right"]].set_visible(False)
    return _svg(figure)


def gain_chart(objectives: Sequence[ObjectiveResult]) -> str | None:
    shown = [o for o in objectives if o.gain]
    if not shown:
        return None
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(7, 0.6 * len(shown) + 0.9))
    labels = [_short(o.title) for o in shown][::-1]
    before = [o.gain[1] for o in shown if o.gain][::-1]
    after = [o.gain[2] for o in shown if o.gain][::-1]
    positions = range(len(shown))
    axes.barh([p + 0.2 for p in positions], before, height=0.38, color=GREY, label="Pre-assessment")
    axes.barh([p - 0.2 for p in positions], after, height=0.38, color=INDIGO, label="Final assessment")
    axes.set_yticks(list(positions), labels)
    axes.set_xlim(0, 100)
    axes.set_xlabel("Mean score of the learners who took both (%)")
    axes.legend(loc="lower right", frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    return _svg(figure)


def items_chart(items: Sequence[ItemResult]) -> str | None:
    shown = [i for i in items if i.stats.discrimination is not None]
    if not shown:
        return None
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(7, 4.2))
    # The zones the flags name: too hard, too easy, does not tell who learned.
    axes.axvspan(0, TOO_HARD, color=AMBER, alpha=0.08)
    axes.axvspan(TOO_EASY, 1, color=AMBER, alpha=0.08)
    axes.axhspan(-1, LOW_DISCRIMINATION, color=AMBER, alpha=0.08)
    flagged = [i for i in shown if i.stats.flags]
    clear = [i for i in shown if not i.stats.flags]
    axes.scatter([i.stats.difficulty for i in clear], [i.stats.discrimination for i in clear], color=INDIGO, s=18)
    axes.scatter(
        [i.stats.difficulty for i in flagged], [i.stats.discrimination for i in flagged], color=AMBER, marker="^", s=26
    )
    axes.set_xlim(0, 1)
    axes.set_ylim(-1, 1)
    axes.set_xlabel("Difficulty: share who got it right")
    axes.set_ylabel("Discrimination")
    axes.spines[["top", "right"]].set_visible(False)
    return _svg(figure)
