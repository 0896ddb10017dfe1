"""The words the build writes on the server (quiz, simulation and calculator forms, the home cover, the
handout, the certificate page and the SCORM launch page) come from the catalogue: in another language a
learner reads that language, and our own pages say which language and direction they are in."""

from __future__ import annotations

import dataclasses
import re

import markdown
import pytest
from harness.courses import copy_fixture

from course_builder.commands.cli import main
from course_builder.core.calculators import CALCULATORS, spec
from course_builder.load.course import load_course
from course_builder.markdown_ext.calculator import render_calculator
from course_builder.markdown_ext.embed import EmbedBlockProcessor
from course_builder.markdown_ext.quiz import QuizExtension, render_quiz, right_answer_html
from course_builder.markdown_ext.simulation import render_simulation
from course_builder.messages import Messages
from course_builder.runtime import handout, home, launcher

FRENCH = Messages(
    "fr",
    table={
        "quiz.check": "Vérifier mes réponses",
        "quiz.question-number": "Question {number} sur {total}.",
        "quiz.choose-match": "Choisir une correspondance",
        "quiz.right-range-unit": "Bonne réponse : {number} {unit} (de {low} à {high}).",
        "quiz.accepted-answers": {"one": "Réponse acceptée : {answers}.", "other": "Réponses acceptées : {answers}."},
        "quiz.missing": "Quiz introuvable : {name}",
        "simulation.restart-call": "Recommencer l'appel",
        "simulation.call-with": "Un appel avec {party}.",
        "calculator.calculate": "Calculer",
        "calculator.unit-days": "jours",
        "calculator.dso.formula": "DSO = créances ÷ ventes à crédit × jours",
        "calculator.field.ending-ar": "Créances en fin de période",
        "home.lessons": {"one": "{count} leçon", "many": "{count} de leçons", "other": "{count} leçons"},
        "home.start": "Commencer la formation",
        "handout.contents": "Sommaire",
        "certificate.title": "Votre certificat",
        "launcher.welcome-back": "Bon retour",
    },
)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    return load_course(copy_fixture("types_course", tmp_path_factory.mktemp("words")))


def test_a_quiz_form_reads_in_french(course):
    quiz = course.quizzes["types-check"]
    page = render_quiz(quiz, FRENCH)
    assert "Vérifier mes réponses" in page and "Check answers" not in page
    assert f"Question 1 sur {len(quiz.questions)}." in page
    assert "Choisir une correspondance" in page
    english = render_quiz(quiz)
    assert "Check answers" in english and "Question 1 of" in english


def test_the_right_answer_is_in_french_with_french_numbers():
    numeric = type("Q", (), {"type": "numeric", "low": 1200.5, "high": 1300.5, "unit": "jours"})()
    assert right_answer_html(numeric, FRENCH) == "Bonne réponse : 1\u202f250,5 jours (de 1\u202f200,5 à 1\u202f300,5)."
    assert right_answer_html(numeric) == "Right answer: 1,250.5 jours (anything from 1,200.5 to 1,300.5 counts)."
    fill_in = type("Q", (), {"type": "fill-in", "accept": ["DSO", "days sales outstanding"]})()
    assert right_answer_html(fill_in, FRENCH) == "Réponses acceptées : DSO; days sales outstanding."
    one = type("Q", (), {"type": "fill-in", "accept": ["DSO"]})()
    assert right_answer_html(one) == "Accepted answer: DSO."


def test_a_missing_quiz_is_noted_in_the_course_language():
    md = markdown.Markdown(extensions=[QuizExtension(quizzes={}, messages=FRENCH)])
    assert "Quiz introuvable : nowhere" in md.convert("::quiz[nowhere]")
    assert issubclass(type(md.parser.blockprocessors["course_builder_quiz"]), EmbedBlockProcessor)


def test_a_simulation_names_the_conversation_in_whole_sentences(tmp_path):
    sim_course = load_course(copy_fixture("sim_course", tmp_path))
    call = next(s for s in sim_course.simulations.values() if s.kind == "call")
    page = render_simulation(call, FRENCH)
    assert "Recommencer l&#39;appel" in page and "Un appel avec" in page
    assert ">Restart the call</button>" in render_simulation(call)


def test_a_calculator_and_its_spec_are_in_french():
    dso = CALCULATORS["dso"]
    page = render_calculator(dso, "calc-dso", FRENCH)
    assert ">Calculer</button>" in page and ">jours</span>" in page
    assert "DSO = créances ÷ ventes à crédit × jours" in page
    data = spec(dso, FRENCH)
    assert data["formula"] == "DSO = créances ÷ ventes à crédit × jours"
    assert data["fields"][0]["label"] == "Créances en fin de période"
    assert data["unit"] == "days"  # a code for calculator.js, not words
    assert spec(dso)["fields"][0]["label"] == "Ending AR"


def test_the_home_cover_counts_in_french(course):
    french = dataclasses.replace(course, messages=FRENCH)
    cover = home.cover_html(french)
    assert "Commencer la formation" in cover
    assert re.search(r"\d+ leçons?</p>", cover)
    assert "Start the course" in home.cover_html(course)


def test_handout_and_certificate_words_come_from_the_catalogue(course):
    french = dataclasses.replace(course, messages=FRENCH)
    assert "Sommaire" in handout.handout_html(french, {})
    assert "# Votre certificat" in handout.certificate_markdown(french)
    assert {"Votre certificat": handout.CERTIFICATE_PAGE} in handout.nav_entries(FRENCH)


def test_the_launch_page_says_its_language_and_direction(course):
    arabic = dataclasses.replace(course, language="ar", messages=Messages("ar"))
    page = launcher.launcher_html(arabic, "scorm12").decode()
    assert '<html lang="ar" dir="rtl">' in page
    page = launcher.launcher_html(dataclasses.replace(course, messages=FRENCH, language="fr"), "scorm12").decode()
    assert '<html lang="fr" dir="ltr">' in page and "Bon retour" in page
    assert '<html lang="en-US" dir="ltr">' in launcher.launcher_html(course, "scorm12").decode()


def test_an_arabic_site_says_rtl_on_html_of_every_page_we_write(tmp_path):
    root = copy_fixture("types_course", tmp_path)
    yml = root / "course.yml"
    yml.write_text(yml.read_text().replace("language: en-US", "language: ar"))
    site = tmp_path / "site"
    assert (
        main(["build", str(root), "--format", "scorm12", "--site-dir", str(site), "--dist-dir", str(tmp_path / "d")])
        == 0
    )
    for name in ("index.html", "print.html", "certificate.html"):
        html_tag = re.search(r"<html[^>]*>", (site / name).read_text(encoding="utf-8")).group(0)
        assert 'dir="rtl"' in html_tag and 'lang="ar"' in html_tag, (name, html_tag)
