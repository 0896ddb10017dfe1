"""The interface's words: the template holds every message the code writes, each shipped catalogue
translates all of them (every plural form, every placeholder), and a trainer's overrides in course.yml
are used or refused with the line and the fix."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from course_builder.commands import messages as catalogues
from course_builder.core.pseudo import PSEUDO_LANGUAGE
from course_builder.errors import CourseError
from course_builder.load.course import load_course
from course_builder.load.messages import english, shipped_table
from course_builder.markdown_ext.quiz import right_answer_html
from course_builder.messages import Messages, placeholders

REPO = Path(__file__).resolve().parent.parent
LOCALES = catalogues.LOCALES
# Words that are rightly the same as the English in some language ("Table" in French, "Start" in German).
SAME_IN = {
    ("fr", "simulation.acceptable"),
    ("fr", "simulation.briefing"),
    ("de", "simulation.briefing"),
    ("de", "handout.version"),
    ("fr", "handout.version"),
    ("fr", "home.modules-heading"),
    ("de", "home.modules-heading"),
    ("fr", "nav.module-group-one"),
}
TRANSLATED = [lang for lang in catalogues.SHIPPED if lang != "en"]
# CLDR plural categories of each language: every count message needs each one.
CATEGORIES = {
    "en": {"one", "other"},
    "fr": {"one", "many", "other"},
    "es": {"one", "many", "other"},
    "de": {"one", "other"},
    "ar": {"zero", "one", "two", "few", "many", "other"},
}


def test_the_template_holds_every_message_the_code_writes():
    assert (LOCALES / "messages.pot").read_bytes() == catalogues.template_bytes(), (
        "locales/messages.pot is stale: run ./dev messages"
    )


def test_the_interface_has_many_messages_each_with_a_key():
    keys = english()
    assert len(keys) > 150  # every learner-facing string of the runtime, templates and pages
    assert all("." in key for key in keys)


@pytest.mark.parametrize("language", TRANSLATED)
def test_each_shipped_catalogue_translates_every_message(language):
    table = shipped_table(language)
    keys = english()
    with (LOCALES / f"{language}.po").open("rb") as f:
        catalog = read_po(f)
    fuzzy = sorted(m.context for m in catalog if m.context and m.fuzzy)
    assert not fuzzy, f"{language}.po: reworded in English since translated: {fuzzy}"
    missing = sorted(set(keys) - set(table))
    assert not missing, f"{language}.po does not translate {len(missing)} messages: {missing[:20]}"
    for key, entry in table.items():
        source = keys[key]
        if isinstance(source, dict):
            assert isinstance(entry, dict) and set(entry) == CATEGORIES[language], key
            wanted = placeholders(source["other"]) - {"count"}
            for form in entry.values():
                assert placeholders(form) - {"count"} == wanted, (language, key, form)
        else:
            assert isinstance(entry, str), key
            assert placeholders(entry) == placeholders(source), (language, key, entry)
            words = re.sub(r"\{\w+\}", "", source)
            assert entry != source or sum(c.isalpha() for c in words) < 4 or (language, key) in SAME_IN, (
                f"{language}.po leaves `{key}` in English: {source!r}"
            )


def test_counts_follow_each_language_s_plural_rules():
    ar = Messages(
        "ar",
        {
            "home.x": {
                "zero": "z{count}",
                "one": "o",
                "two": "t",
                "few": "f{count}",
                "many": "m{count}",
                "other": "x{count}",
            }
        },
    )
    assert [ar.tn("home.x", "", "", n) for n in (0, 1, 2, 3, 11, 100)] == ["z0", "o", "t", "f3", "m11", "x100"]
    fr = Messages("fr", {"home.x": {"one": "{count} leçon", "many": "{count} de leçons", "other": "{count} leçons"}})
    assert fr.tn("home.x", "", "", 0) == "0 leçon"  # French counts zero as one
    assert fr.tn("home.x", "", "", 2) == "2 leçons"
    assert Messages("en").tn("home.x", "{count} lesson", "{count} lessons", 1) == "1 lesson"


def test_money_numbers_and_dates_are_written_as_the_language_writes_them():
    from datetime import date

    fr = Messages("fr", currency="EUR")
    assert fr.money(1234.5).replace("\u202f", " ").replace("\xa0", " ") == "1 234,50 €"
    assert fr.number(0.5, 1) == "0,5"
    assert Messages("de").date(date(2026, 12, 2)) == "2. Dezember 2026"
    assert Messages("en-US").money(1234.5) == "$1,234.50"
    assert Messages("ar").direction == "rtl" and Messages("fr").direction == "ltr"


def test_the_pseudo_locale_accents_every_message_and_keeps_placeholders():
    table = shipped_table(PSEUDO_LANGUAGE)
    assert set(table) == set(english())
    for key, entry in table.items():
        for text in [entry] if isinstance(entry, str) else entry.values():
            assert text.startswith("⟦") and text.endswith("⟧")
            plain = text
            for name in placeholders(text):
                plain = plain.replace("{" + name + "}", "")
            assert not any("a" <= c.lower() <= "z" for c in plain), (key, text)


def _course(tmp_path: Path, extra: str) -> Path:
    root = tmp_path / "course"
    shutil.copytree(Path(__file__).parent / "fixtures" / "mini_course", root)
    with (root / "course.yml").open("a", encoding="utf-8") as f:
        f.write(extra)
    return root


def test_a_trainer_s_words_replace_ours(tmp_path):
    root = _course(tmp_path, "messages:\n  quiz.pass-mark: 'To pass: {percent}%.'\n")
    course = load_course(root)
    assert course.messages.t("quiz.pass-mark", "Pass mark: {percent}%.", percent=80) == "To pass: 80%."


@pytest.mark.parametrize(
    ("extra", "wanted"),
    [
        ("messages:\n  quiz.pas-mark: Hello\n", "did you mean `quiz.pass-mark`?"),
        ("messages:\n  quiz.pass-mark: 'To pass: {score}%.'\n", "{score}"),
        ("messages:\n  quiz.question-count: three questions\n", "it is a count"),
    ],
)
def test_a_wrong_override_is_refused_with_its_line(tmp_path, extra, wanted):
    root = _course(tmp_path, extra)
    with pytest.raises(CourseError) as error:
        load_course(root)
    text = str(error.value)
    assert "course.yml:" in text and wanted in text


def test_a_language_we_do_not_ship_needs_the_course_s_own_catalogue(tmp_path):
    root = _course(tmp_path, "")
    config = root / "course.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("language: en-US", "language: it"), encoding="utf-8")
    with pytest.raises(CourseError) as error:
        load_course(root)
    assert "no words for language `it`" in str(error.value)
    (root / "locales").mkdir()
    po = (LOCALES / "messages.pot").read_text(encoding="utf-8")
    po = po.replace(
        'msgid "Pass mark: {percent}%."\nmsgstr ""', 'msgid "Pass mark: {percent}%."\nmsgstr "Soglia: {percent}%."'
    )
    (root / "locales" / "it.po").write_text(po.replace('"Language: ', '"Language: it'), encoding="utf-8")
    course = load_course(root)
    assert course.messages.t("quiz.pass-mark", "Pass mark: {percent}%.", percent=80) == "Soglia: 80%."


def test_a_matching_answer_s_arrow_points_the_way_the_language_reads():
    # Arrows are not mirrored in right-to-left text: an Arabic page needs the left arrow.
    course = load_course(REPO)
    matching = next(q for quiz in course.quizzes.values() for q in quiz.questions if q.type == "matching")
    assert "&#8594;" in right_answer_html(matching, Messages("fr"))
    arabic = right_answer_html(matching, Messages("ar"))
    assert "&#8592;" in arabic and "&#8594;" not in arabic


def test_a_trainer_s_override_is_text_even_where_the_message_holds_html():
    # "A call with {party}": the party is the trainer's rendered Markdown, the words around it are text.
    messages = Messages("en", {"simulation.call-with": "R&D <call> with {party}"})
    assert messages.t_html("simulation.call-with", "A call with {party}.", party="<em>Ana</em>") == (
        "R&amp;D &lt;call&gt; with <em>Ana</em>"
    )
    course = load_course(REPO)
    numeric = next(q for quiz in course.quizzes.values() for q in quiz.questions if q.type == "numeric")
    overridden = Messages(
        "en",
        {
            key: "<b>{number}</b>"
            for key in ("quiz.right-number", "quiz.right-range", "quiz.right-number-unit", "quiz.right-range-unit")
        },
    )
    assert "&lt;b&gt;" in right_answer_html(numeric, overridden)
