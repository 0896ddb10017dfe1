"""No word of ours escapes the catalogue: the bundled course built in the pseudo-locale `qps-ploc`, its
own text sent through the translation round trip with the same accenting, then taken from start to
finish in Chromium: every quiz answered wrongly, then retried and passed, every simulation played,
every calculator used (and given a wrong figure), the certificate and the handout opened. On every
page, after every step, each visible text and each label of ours must be accented: a plain English
word is a string that bypasses the catalogue (or a stale template: run ./dev messages).

Material's own chrome (the header, search, the footer's Previous/Next, "Table of contents") is
Material's and is left out; so are code and URLs, which are never translated."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from harness.learner import answer_rightly, answer_wrongly, play_best_run

from course_builder.commands.cli import main
from course_builder.core.pseudo import PSEUDO_LANGUAGE, pseudo
from course_builder.load.course import load_course

REPO = Path(__file__).resolve().parent.parent

# Visible text that is English and not ours to translate.
NOT_OURS = ", ".join(
    [
        "script", "style", "code", "pre", "kbd", "samp", "svg",
        ".md-header", ".md-search", ".md-footer__direction", ".md-skip", ".md-source",
        ".md-nav--secondary > .md-nav__title", ".md-nav__title .md-nav__button", ".md-clipboard",
    ]
)  # fmt: skip

ENGLISH_LEFT = r"""(notOurs) => {
  const plain = /[A-Za-z]{2,}/;
  const url = /(https?:\/\/\S+|www\.\S+|\S+@\S+\.\w+|\b\S+\.(html|pdf|md|yml)\b)/g;
  const found = [];
  const seen = (el) => el && el.checkVisibility && el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest(notOurs) || !seen(el)) continue;
    const text = node.textContent.replace(url, "").replace(/⟦[^⟧]*⟧/g, "");
    if (plain.test(text)) found.push(node.textContent.trim().slice(0, 80));
  }
  for (const el of document.querySelectorAll("[aria-label], [title], [placeholder], [alt]")) {
    if (el.closest(notOurs) || !el.closest("[class*='cb-'], .md-content")) continue;
    for (const name of ["aria-label", "title", "placeholder", "alt"]) {
      const value = (el.getAttribute(name) || "").replace(url, "").replace(/⟦[^⟧]*⟧/g, "");
      if (plain.test(value)) found.push(name + "=" + value.slice(0, 80));
    }
  }
  return found;
}"""

_KEEP = re.compile(r"(`[^`]*`|\]\([^)]*\)|<[^>]*>|https?://\S+|\{[^}]*\}|::\w+\[[^\]]*\])")


def pseudo_content(text: str) -> str:
    """A segment of the trainer's text accented like the interface, its code, link targets, tags and
    embeds kept as they are (the import refuses a translation that changed them)."""
    return "".join(part if _KEEP.fullmatch(part) else pseudo(part)[1:-1].rstrip("~") for part in _KEEP.split(text))


@pytest.fixture(scope="module")
def pseudo_course(tmp_path_factory):
    root = tmp_path_factory.mktemp("pseudo") / "course"
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(".git", ".venv", "node_modules", "site", "dist", "tests"))
    exported = root.parent / "segments.po"
    assert (
        main(["translate", "export", "--lang", PSEUDO_LANGUAGE, "--format", "po", "-o", str(exported), str(root)]) == 0
    )
    with exported.open("rb") as f:
        catalog = read_po(f)
    for message in catalog:
        if message.id:
            message.string = pseudo_content(message.id)
    out = io.BytesIO()
    write_po(out, catalog, width=0)
    exported.write_bytes(out.getvalue())
    assert main(["translate", "import", str(exported), str(root), "--lang", PSEUDO_LANGUAGE]) == 0
    assert main(["build", "--lang", PSEUDO_LANGUAGE, str(root)]) == 0
    sites = [p.parent for p in root.rglob("index.html") if (p.parent / "assets" / "course-builder").is_dir()]
    site = next(s for s in sites if PSEUDO_LANGUAGE in str(s.relative_to(root)))
    return load_course(root), site


def english_left(page) -> list[str]:
    return page.evaluate(ENGLISH_LEFT, NOT_OURS)


def test_every_word_a_learner_reads_comes_from_a_catalogue(page, pseudo_course):
    course, site = pseudo_course
    left: dict[str, list[str]] = {}

    def look(where: str) -> None:
        found = english_left(page)
        if found:
            left[where] = sorted(set(found))

    page.goto((site / "index.html").as_uri())
    look("home, first visit")
    for lesson in course.lessons + [p for group in course.resources for p in group.pages]:
        page.goto((site / (lesson.path[:-3] + ".html")).as_uri())
        look(lesson.path)
        for section in page.query_selector_all("[data-cb-quiz]"):
            quiz = course.quizzes[section.get_attribute("data-cb-quiz")]
            submit, shown_ids = f"#quiz-{quiz.id} .cb-quiz__submit", _shown(page, quiz)
            shown = [q for q in quiz.questions if q.id in shown_ids]
            page.click(submit)  # nothing answered: what is missing, and where
            look(f"{lesson.path}: {quiz.id} unanswered")
            retry_if_marked(page, quiz)  # a lone ordering question counts as answered as it stands
            if quiz.kind != "pre-assessment":
                for n, question in enumerate(shown):
                    if n == 0 and question.type in ("single", "multiple", "true-false"):
                        answer_wrongly(page, quiz, question)
                    else:
                        answer_rightly(page, quiz, question)
                page.click(submit)
                look(f"{lesson.path}: {quiz.id} after a wrong answer")
                if retry_if_marked(page, quiz):
                    look(f"{lesson.path}: {quiz.id} retry")
                shown = [q for q in quiz.questions if q.id in _shown(page, quiz)]
            if page.is_visible(submit):
                for question in shown:
                    answer_rightly(page, quiz, question)
                page.click(submit)
                look(f"{lesson.path}: {quiz.id} passed")
        for section in page.query_selector_all("[data-cb-simulation]"):
            sim = course.simulations[section.get_attribute("data-cb-simulation")]
            play_best_run(page, sim)
            look(f"{lesson.path}: simulation {sim.id}")
        for n, calculator in enumerate(page.query_selector_all("[data-cb-calculator]")):
            fields = calculator.query_selector_all("input[type=text], input:not([type])")
            for i, field in enumerate(fields):
                field.fill("abc" if i == 0 else "12")
            look(f"{lesson.path}: calculator {n} with a wrong figure")
            for i, field in enumerate(fields):
                field.fill(str(100 + 10 * i))
            look(f"{lesson.path}: calculator {n}")
    page.goto((site / "index.html").as_uri())
    look("home, course complete")
    page.goto((site / "certificate.html").as_uri())
    look("certificate")
    page.goto((site / "print.html").as_uri())
    look("handout")
    assert not left, "English words outside the catalogue:\n" + "\n".join(f"{k}: {v}" for k, v in left.items())


def retry_if_marked(page, quiz) -> bool:
    """Start the quiz again if it was marked; says whether it was."""
    retry = f"#quiz-{quiz.id} .cb-quiz__retry"
    if not page.is_visible(retry):
        return False
    page.click(retry)
    return True


def _shown(page, quiz) -> set[str]:
    return set(
        page.eval_on_selector_all(
            f"#quiz-{quiz.id} .cb-question:not([hidden])", "els => els.map(e => e.dataset.cbQuestion)"
        )
    )
