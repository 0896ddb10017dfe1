"""The content translation round trip on the bundled course: export -> a scripted "translation" that
changes every segment -> import -> build --lang fr, and what can go wrong on the way (a stale or
missing segment, a translation that breaks a link). The French course is built once per module."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from harness.courses import run_main
from translate.storage.xliff2 import Xliff2File

from course_builder.load.course import load_course
from course_builder.translate.segments import segments

REPO = Path(__file__).resolve().parent.parent
XLIFF_NS = "{urn:oasis:names:tc:xliff:document:2.0}"
NAME_TOKEN = re.compile(r"^[A-Za-z0-9._:-]+$")


def translated(source: str) -> str:
    """The scripted translator: every word changes, inline code, links and markers stay."""
    return f"«FR: {source}»"


def copy_course(parent: Path) -> Path:
    root = parent / "course"
    root.mkdir()
    shutil.copy(REPO / "course.yml", root)
    for part in ("content", "quizzes", "simulations"):
        shutil.copytree(REPO / part, root / part)
    return root


def translate_xliff(exported: Path, done: Path, change=lambda unit_id, text: text) -> None:
    store = Xliff2File.parsestring(exported.read_bytes())
    for unit in store.units:
        unit.target = change(unit.getunitelement().get("name"), translated(str(unit.source)))
        unit.marktranslated()
    done.write_bytes(bytes(store))


def run(*args) -> tuple[int, str, str]:
    return run_main([str(a) for a in args])


@pytest.fixture(scope="module")
def french(tmp_path_factory):
    """The bundled course built in English and in French (every segment translated)."""
    folder = tmp_path_factory.mktemp("translate")
    root = copy_course(folder)
    exported, done = folder / "fr.xlf", folder / "fr-done.xlf"
    code, out, err = run("translate", "export", "--lang", "fr", root, "-o", exported)
    assert code == 0, err
    translate_xliff(exported, done)
    # The course after the option, as a trainer may well type it.
    code, out, err = run("translate", "import", done, "--lang", "fr", root)
    assert code == 0, err
    assert run("build", root)[0] == 0  # the English build, with translations/ beside it
    code, out, err = run("build", "--lang", "fr", root)
    assert code == 0, err
    return {"root": root, "folder": folder, "exported": exported, "done": done, "build_output": out}


def test_every_segment_is_translated_and_nothing_english_is_left(french):
    source = segments(load_course(french["root"]))
    french_course = load_course(french["root"] / "translations" / "fr")
    assert french_course.language == "fr"
    texts = segments(french_course)
    by_file = lambda found: {s.file: [] for s in found} | {}  # noqa: E731
    ours, theirs = by_file(source), by_file(texts)
    for s in source:
        ours[s.file].append(s.source)
    for s in texts:
        theirs[s.file].append(s.source)
    assert theirs.keys() == ours.keys()
    for file, originals in ours.items():
        assert theirs[file] == [translated(text) for text in originals], file
    assert len(source) > 4000


def _markdown_shape(text: str) -> dict:
    lines = text.splitlines()
    return {
        "embeds": [line.strip() for line in lines if re.match(r"\s*::\w+\[", line)],
        "headings": [len(m.group(1)) for line in lines if (m := re.match(r"(#{1,6}) ", line))],
        "code fences": sum(1 for line in lines if re.match(r"\s*(```|~~~)", line)),
        "table rows": sum(1 for line in lines if line.lstrip().startswith("|")),
        "list items": sum(1 for line in lines if re.match(r"\s*([-*+]|\d+\.) ", line)),
        "admonitions": [line.split('"')[0] for line in lines if line.lstrip().startswith("!!!")],
        "links": re.findall(r"\]\(([^)\s]+)", text),
    }


def test_markdown_structure_embeds_and_links_are_intact(french):
    root, variant = french["root"], french["root"] / "translations" / "fr"
    lessons = sorted((root / "content").rglob("*.md"))
    assert len(lessons) > 40
    for lesson in lessons:
        rel = lesson.relative_to(root)
        assert _markdown_shape((variant / rel).read_text(encoding="utf-8")) == _markdown_shape(
            lesson.read_text(encoding="utf-8")
        ), rel
    # Images and other files of content/ come along.
    assert sorted(p.relative_to(variant) for p in (variant / "content").rglob("*") if p.is_file()) == sorted(
        p.relative_to(root) for p in (root / "content").rglob("*") if p.is_file()
    )


def _same_shape(english, french, where="") -> None:
    if isinstance(english, dict):
        assert isinstance(french, dict) and list(french) == list(english), where
        for key in english:
            _same_shape(english[key], french[key], f"{where}/{key}")
    elif isinstance(english, list):
        assert isinstance(french, list) and len(french) == len(english), where
        for i, (a, b) in enumerate(zip(english, french)):
            _same_shape(a, b, f"{where}/{i}")
    elif isinstance(english, str) and french != english:
        assert isinstance(french, str) and "«FR: " in french, where  # a text, translated
    else:
        assert french == english, where  # ids, numbers, flags, `next:`, `type:` as they were


def test_yaml_files_load_to_the_same_structure_with_only_texts_changed(french):
    root, variant = french["root"], french["root"] / "translations" / "fr"
    files = sorted(root.glob("quizzes/**/*.yml")) + sorted(root.glob("simulations/*.yml")) + [root / "course.yml"]
    for file in files:
        english = yaml.safe_load(file.read_text(encoding="utf-8"))
        ours = yaml.safe_load((variant / file.relative_to(root)).read_text(encoding="utf-8"))
        if file.name == "course.yml":
            assert (ours.pop("language"), ours.pop("require_sources")) == ("fr", False)
            english.pop("language"), english.pop("require_sources")
        _same_shape(english, ours, str(file.relative_to(root)))
    # Comments and block scalars not translated survive byte for byte: the file's first line is a comment.
    assert (variant / "quizzes/final-assessment.yml").read_text(encoding="utf-8").startswith("# Final assessment")


def _ids(value):
    """What an LMS report keys on, from course-data: every id, key, choice name and objective, no text."""
    kept = {"id", "key", "choices", "type", "objective", "bank", "url", "lessons", "modules", "quizzes"}
    kept |= {"questions", "steps", "objectives", "primaryObjective", "points", "maxPoints", "kind"}
    if isinstance(value, dict):
        return {k: _ids(v) for k, v in value.items() if k in kept}
    if isinstance(value, list):
        return [_ids(v) for v in value]
    return value


def _package(root: Path, name: str) -> zipfile.ZipFile:
    return zipfile.ZipFile(root / "dist" / name)


def _script_data(archive: zipfile.ZipFile, name: str, variable: str):
    script = archive.read(f"assets/course-builder/{name}").decode()
    return json.loads(script.split(f"window.CourseBuilder.{variable} = ", 1)[1].rstrip().rstrip(";"))


def _course_data(archive: zipfile.ZipFile) -> dict:
    """The course data as the launch page reports with it: the report words put on each question."""
    data = _script_data(archive, "course-data.js", "course")
    words = _script_data(archive, "report-words.js", "reportWords")
    for quiz in data["quizzes"]:
        for q in quiz["questions"]:
            q.update(words[quiz["id"]][q["id"]])
    return data


def _manifest_ids(archive: zipfile.ZipFile) -> tuple[list, list]:
    from lxml import etree

    tree = etree.fromstring(archive.read("imsmanifest.xml"))
    ids = [
        (etree.QName(e).localname, name, e.get(name))
        for e in tree.iter()
        if isinstance(e.tag, str)
        for name in ("identifier", "identifierref", "objectiveID", "targetObjectiveID", "href")
        if e.get(name)
    ]
    languages = [e.text for e in tree.iter() if isinstance(e.tag, str) and etree.QName(e).localname == "language"]
    return ids, languages


@pytest.mark.parametrize("edition", ["scorm12", "scorm2004"])
def test_both_languages_report_under_the_same_tracking_ids(french, edition):
    root = french["root"]
    english = _package(root, f"credit-collections-1.1.0-{edition}.zip")
    ours = _package(root, f"credit-collections-1.1.0-fr-{edition}.zip")
    english_data, french_data = _course_data(english), _course_data(ours)
    assert french_data["title"] != english_data["title"]  # the text is French...
    assert _ids(french_data) == _ids(english_data)  # ...the tracking is the same
    choices = [q["choices"] for quiz in french_data["quizzes"] for q in quiz["questions"] if q.get("choices")]
    assert sum(len(c) for c in choices) > 500  # the comparison covered the choices' report names
    english_ids, english_languages = _manifest_ids(english)
    french_ids, french_languages = _manifest_ids(ours)
    # Inside, the same ids; the package itself is the French one: an LMS that keys imports on the
    # manifest identifier (SuccessFactors: its first 15 characters) keeps both languages.
    (_, _, english_package), (_, _, french_package) = english_ids.pop(0), french_ids.pop(0)
    # (Their files differ: the French site carries lunr's French stemmer for search.)
    assert [i for i in french_ids if i[0] != "file"] == [i for i in english_ids if i[0] != "file"]
    assert french_package[:15] != english_package[:15] and french_package.endswith("-fr")
    assert set(english_languages) == {"en-US"} and set(french_languages) == {"fr"}
    from course_builder.package.checks import check_package

    assert check_package(root / "dist" / f"credit-collections-1.1.0-fr-{edition}.zip") == []  # as an LMS checks


def test_the_french_site_is_french_and_the_english_site_lists_no_french_page(french):
    root = french["root"]
    page = (root / "translations/fr/site/index.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in page and "«FR: Credit and Collections Training»" in page
    assert not any("translations" in p.parts or "fr" in p.parts for p in (root / "site").rglob("*"))
    assert "«FR:" not in (root / "site/index.html").read_text(encoding="utf-8")
    assert "site:    " in french["build_output"] and "translations/fr/site" in french["build_output"]


def test_a_translated_heading_keeps_its_anchor_so_links_to_it_land(french):
    variant = french["root"] / "translations/fr"
    lesson = (variant / "content/introduction/what-collections-involve.md").read_text(encoding="utf-8")
    assert "## «FR: Why speed matters» {#why-speed-matters}" in lesson
    page = (variant / "site/introduction/what-collections-involve.html").read_text(encoding="utf-8")
    assert 'id="why-speed-matters"' in page
    # The anchor is not part of the title a learner reads: not on the welcome page, in the course's
    # data (progress, certificate, handout) or in the manifest.
    titles = [lesson.title for lesson in load_course(variant).lessons]
    assert titles[1] == "«FR: What collections involve»" and not [t for t in titles if "{" in t]
    for name in ("site/index.html", "site/print.html", "site/assets/course-builder/course-data.js"):
        assert "{#" not in (variant / name).read_text(encoding="utf-8"), name


def test_export_is_the_same_bytes_twice_and_carries_translations_back(french, tmp_path):
    from course_builder.translate.exchange import export_bytes
    from course_builder.translate.memory import read_memory

    root = french["root"]
    first, po1 = tmp_path / "a.xlf", tmp_path / "a.po"
    assert run("translate", "export", "--lang", "fr", root, "-o", first)[0] == 0
    assert run("translate", "export", "--lang", "fr", "--format", "po", root, "-o", po1)[0] == 0
    again = segments(load_course(root)), read_memory(root, "fr")
    assert first.read_bytes() == export_bytes(*again, "en-US", "fr", "xliff")
    assert po1.read_bytes() == export_bytes(*again, "en-US", "fr", "po")
    # After the import, the export holds each translation as the target, marked translated.
    store = Xliff2File.parsestring(first.read_bytes())
    assert all(str(u.target) == translated(str(u.source)) and u.istranslated() for u in store.units)
    assert f'msgstr "{translated("Credit and Collections Training")}"' in po1.read_text(encoding="utf-8")


def test_xliff_is_xliff_2_0_that_translate_toolkit_reads_back(french):
    """No XLIFF 2.0 core schema is packaged on PyPI or npm to validate against: this checks the core's
    rules the export could break, and reads the file back with translate-toolkit."""
    from lxml import etree

    data = french["exported"].read_bytes()
    tree = etree.fromstring(data)
    assert (tree.tag, tree.get("version"), tree.get("srcLang"), tree.get("trgLang")) == (
        f"{XLIFF_NS}xliff",
        "2.0",
        "en-US",
        "fr",
    )
    files = tree.findall(f"{XLIFF_NS}file")
    assert len({f.get("id") for f in files}) == len(files) > 50
    for file in files:
        units = file.findall(f"{XLIFF_NS}unit")
        assert units and NAME_TOKEN.match(file.get("id")) and file.get("original")
        assert len({u.get("id") for u in units}) == len(units)
        for unit in units:
            assert NAME_TOKEN.match(unit.get("id")), unit.get("id")
            children = [etree.QName(c).localname for c in unit]
            assert children == ["notes", "segment"], unit.get("name")  # notes first, in the unit
            segment = unit.find(f"{XLIFF_NS}segment")
            assert [etree.QName(c).localname for c in segment] == ["source"]
            assert not segment.attrib  # xml:space belongs on the unit, not the segment
    store = Xliff2File.parsestring(data)
    source = segments(load_course(french["root"]))
    assert [(u.getunitelement().get("name"), str(u.source)) for u in store.units] == [(s.id, s.source) for s in source]
    notes = store.units[0].getunitelement().find(f"{XLIFF_NS}notes")
    assert [n.text for n in notes] == ["course.yml:4", "course title"]


def _copy_with_translations(french, parent: Path) -> Path:
    root = copy_course(parent)
    shutil.copytree(french["root"] / "translations", root / "translations", ignore=shutil.ignore_patterns("site"))
    return root


def test_a_changed_english_paragraph_is_listed_as_stale_with_its_file_and_line(french, tmp_path):
    root = _copy_with_translations(french, tmp_path)
    lesson = root / "content/calls/attitude.md"
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(text.replace("The business version is not softer.", "The business version is firmer."))
    line = text[: text.index("The business version is not softer.")].count("\n") + 1
    code, out, _ = run("check", "--lang", "fr", root)
    assert code == 1
    assert out.splitlines()[0] == (
        f"content/calls/attitude.md:{line}: stale: the text changed since it was translated into fr "
        "(content/calls/attitude.md#personal-and-business-side-by-side/p1)"
    )
    assert out.splitlines()[1:] == ["4821 of 4822 segments translated, 1 stale (the source changed since), 0 missing"]
    # The next export offers the old translation for review, and an import that leaves it so takes nothing.
    again = tmp_path / "again.xlf"
    assert run("translate", "export", "--lang", "fr", root, "-o", again)[0] == 0
    unit = next(
        u
        for u in Xliff2File.parsestring(again.read_bytes()).units
        if u.getunitelement().get("name") == "content/calls/attitude.md#personal-and-business-side-by-side/p1"
    )
    assert unit.xmlelement.get("state") == "initial" and str(unit.source).startswith("The business version is firmer.")
    assert str(unit.target).startswith("«FR: The business version is not softer.")
    assert "It was: The business version is not softer." in unit.getunitelement().find(f"{XLIFF_NS}notes")[2].text
    code, out, _ = run("translate", "import", again, root)
    assert code == 0 and "1 stale" in out.splitlines()[-1]


def test_a_new_paragraph_is_missing_and_the_build_fails_unless_fallback_is_allowed(french, tmp_path):
    root = _copy_with_translations(french, tmp_path)
    lesson = root / "content/calls/attitude.md"
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(text.replace("## Habits of", "A new paragraph, not yet translated.\n\n## Habits of"))
    code, out, _ = run("check", "--lang", "fr", root)
    assert code == 1
    assert "missing: not translated into fr (content/calls/attitude.md#personal-and-business-side-by-side/p2)" in out
    assert out.splitlines()[-1].endswith("0 stale (the source changed since), 1 missing")
    code, _, err = run("build", "--lang", "fr", root)
    assert code == 1 and "missing: not translated into fr" in err and "--allow-fallback" in err
    assert not (root / "dist").exists()
    code, out, err = run("build", "--lang", "fr", "--allow-fallback", "--format", "scorm12", root)
    assert code == 0, err
    assert "1 segment shown in the source language (en-US): 0 stale, 1 missing" in err
    page = (root / "translations/fr/site/calls/attitude.html").read_text(encoding="utf-8")
    assert "A new paragraph, not yet translated." in page and "«FR: Habits of a professional collector»" in page


def test_a_translation_that_breaks_a_link_or_adds_an_embed_is_refused_and_nothing_is_written(french, tmp_path):
    root = _copy_with_translations(french, tmp_path)
    memory = (root / "translations/fr.po").read_bytes()
    lesson = root / "translations/fr/content/correspondence/follow-ups.md"
    written = lesson.read_bytes()
    embed = "quizzes/calls-check.yml#prepare-before-dialing/prompt"

    def spoil(unit_id, text):
        if unit_id.startswith("content/correspondence/follow-ups.md") and "what-collections-involve.md" in text:
            return text.replace("what-collections-involve.md", "qu-est-ce-que.md")
        if unit_id == embed:
            return text + " ::quiz[calls-check]"
        return text

    done = tmp_path / "spoiled.xlf"
    translate_xliff(french["exported"], done, spoil)
    code, _, err = run("translate", "import", done, root)
    assert code == 1
    assert "it holds an embed `::quiz[calls-check]`" in err
    assert "`../introduction/qu-est-ce-que.md#why-speed-matters` is new" in err
    assert re.search(r"spoiled\.xlf:\d+: .*follow-ups\.md#[^:]+: the translation is refused: the link", err)
    assert "fix: correct the translation (the text is at content/correspondence/follow-ups.md:" in err
    assert (root / "translations/fr.po").read_bytes() == memory and lesson.read_bytes() == written


def test_a_po_file_round_trips_too(french, tmp_path):
    from babel.messages.pofile import read_po

    root = copy_course(tmp_path)
    exported = tmp_path / "fr.po"
    assert run("translate", "export", "--lang", "fr", "--format", "po", root, "-o", exported)[0] == 0
    with open(exported, "rb") as handle:
        catalog = read_po(handle)
    entry = next(m for m in catalog if m.context == "course.yml#objectives/prioritize/title")
    assert entry.locations == [("course.yml", 16)] and entry.auto_comments == ["course objective"]
    text = exported.read_text(encoding="utf-8")
    text = text.replace(
        'msgid "Prioritize collection activities effectively."\nmsgstr ""',
        'msgid "Prioritize collection activities effectively."\nmsgstr "Prioriser efficacement les relances."',
    )
    exported.write_text(text, encoding="utf-8")
    code, out, err = run("translate", "import", exported, root)
    assert code == 0, err
    assert "1 of 4822 segments translated, 0 stale (the source changed since), 4821 missing" in out
    assert 'title: "Prioriser efficacement les relances."' in (root / "translations/fr/course.yml").read_text()


def test_the_translated_folder_is_refused_on_its_own_with_the_command_that_builds_it(french):
    # Built as a course of its own, its choices would get ids from French words: another course to the LMS.
    variant = french["root"] / "translations" / "fr"
    built = (variant / "site" / "index.html").stat().st_mtime_ns  # by build --lang fr
    for command in ("build", "check"):
        code, out, err = run(command, variant)
        assert code == 1, (command, out, err)
        assert "this folder is the course translated into fr" in err
        assert f"fix: give the source course and the language: course-builder build {french['root']} --lang fr" in err
    assert (variant / "site" / "index.html").stat().st_mtime_ns == built
