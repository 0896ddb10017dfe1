"""Only what a learner's browser loads is shipped (issue 17), and search still works everywhere.

Material's assets come with source maps, lunr files for 30 languages and the search index twice; the site
and the packages keep the files the course's pages load, and search reads its one index on first use.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import material
import pytest
from harness.browser import external_requests
from harness.courses import copy_fixture

from course_builder.commands.build import build
from course_builder.load.course import load_course
from course_builder.markdown_ext.text import plain_text
from course_builder.site import theme_assets

REPO = Path(__file__).resolve().parent.parent
MATERIAL_JS = Path(material.__file__).parent / "templates" / "assets" / "javascripts"


def texts_of(files: dict[str, bytes]) -> dict[str, str]:
    return {name: data.decode("utf-8", "replace") for name, data in files.items() if name.endswith((".js", ".css"))}


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def zip_files(package: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(package) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_installed_material_bundle_takes_the_search_patch():
    """Material's minified code is what the patch matches: a release that changes it fails here, not silently."""
    bundle = next(MATERIAL_JS.glob("bundle.*.min.js")).read_bytes()
    patched = theme_assets.patch_search_bundle(bundle)
    assert patched is not None
    assert b'location.protocol==="file:"?_t(' not in patched
    worker = next((MATERIAL_JS / "workers").glob("search.*.min.js")).read_text()
    # The rule lunr_files mirrors, as the worker writes it.
    for piece in ('case"ja":r.push(`${e}/tinyseg.js`)', 'n!=="en"&&r.push(`${e}/min/lunr.${n}.min.js`)'):
        assert piece in worker


def test_the_lunr_files_each_language_needs():
    assert theme_assets.lunr_files(["en"]) == set()
    prefix = theme_assets.LUNR
    assert theme_assets.lunr_files(["fr"]) == {
        prefix + "min/lunr.fr.min.js",
        prefix + "min/lunr.stemmer.support.min.js",
    }
    assert theme_assets.lunr_files(["th", "en"]) == {
        prefix + name
        for name in ("wordcut.js", "min/lunr.th.min.js", "min/lunr.multi.min.js", "min/lunr.stemmer.support.min.js")
    }


def test_an_english_site_and_its_packages_carry_no_unused_theme_files(built_mini_course):
    site = built_mini_course.root / "site"
    packages = sorted((built_mini_course.root / "dist").glob("*.zip"))
    assert len(packages) == 2
    for files in [site_files(site)] + [zip_files(p) for p in packages]:
        names = set(files)
        assert [n for n in names if n.endswith(".map")] == []
        assert [n for n in names if n.startswith(theme_assets.LUNR)] == []  # English needs no lunr file
        assert "search/search_index.js" in names and "search/search_index.json" not in names
        assert [n for n, text in texts_of(files).items() if "sourceMappingURL" in text] == []
        # Our scripts come minified, with the header that says where their source is.
        script = files["assets/course-builder/course-builder.js"].decode()
        assert script.startswith("/*! course-builder.js") and "\n  " not in script
    assert "sitemap.xml" in site_files(site)  # for a hosted site's search engines, not for an LMS
    for package in packages:
        assert not {"sitemap.xml", "sitemap.xml.gz"} & set(zip_files(package))


def test_the_words_of_lms_reports_load_in_the_launch_page_only(built_mini_course):
    """Site pages grade and track without the report words (descriptions, choice names); the package's
    launch page, which reports each answer to the LMS, loads them, and an English course sends none of
    the interface's messages (the scripts are written in English)."""
    site = built_mini_course.root / "site"
    data = (site / "assets/course-builder/course-data.js").read_text(encoding="utf-8")
    words = (site / "assets/course-builder/report-words.js").read_text(encoding="utf-8")
    course = load_course(built_mini_course.root)
    for quiz in course.quizzes.values():
        for q in quiz.questions:
            description = plain_text(q.prompt)[:250]
            assert json.dumps(description, ensure_ascii=False) in words, (quiz.id, q.id)
            assert json.dumps(description, ensure_ascii=False) not in data, (quiz.id, q.id)
    assert '"table":{}' in data
    for page in site.rglob("*.html"):
        assert "report-words.js" not in page.read_text(encoding="utf-8"), page
    for package in sorted((built_mini_course.root / "dist").glob("*.zip")):
        files = zip_files(package)
        assert "assets/course-builder/report-words.js" in files
        launch = files["scorm_launch.html"].decode()
        assert launch.index("course-data.js") < launch.index("report-words.js") < launch.index("scorm.js")


SCRIPT_SRC = re.compile(r'<script src="(?:\.\./)*assets/course-builder/([^"]+)"')


def test_a_page_loads_the_code_of_its_own_kinds_of_activity_in_one_script(tmp_path):
    """Quiz, simulation and calculator code was on every page; now course-builder.js and, on a page with
    activities, one script with their kinds' code: the same scripts in the packages' pages."""
    # The bundled course has every kind, and pages with two.
    build(REPO, site_dir=tmp_path / "site", dist_dir=tmp_path / "dist", editions=("scorm2004",))
    site = tmp_path / "site"
    seen = {}
    for page in sorted(site.rglob("*.html")):
        if page.name == "404.html":  # served by a web server at any depth: no course scripts
            continue
        text = page.read_text(encoding="utf-8")
        ours = [name for name in SCRIPT_SRC.findall(text) if name.startswith("course-builder")]
        kinds = [
            kind
            for kind, marker in (
                ("quiz", "cb-quiz__key"),
                ("simulation", "cb-sim__key"),
                ("calculator", 'class="cb-calculator"'),
            )
            if marker in text
        ]
        if page.name == "print.html":  # printed, not played: only its calculators work
            kinds = [k for k in kinds if k == "calculator"]
        expected = ["course-builder.js"] + ([f"course-builder-{'-'.join(kinds)}.js"] if kinds else [])
        assert ours == expected, page
        seen[tuple(kinds)] = page
    assert {("quiz",), ("simulation",), ("calculator",), ("quiz", "simulation"), ()} <= set(seen)
    package = zip_files(next((tmp_path / "dist").glob("*.zip")))
    for kinds in filter(None, seen):
        script = f"assets/course-builder/course-builder-{'-'.join(kinds)}.js"
        assert (site / script).read_bytes() == package[script]
        header = package[script].decode().split("*/", 1)[0]
        for kind in kinds:
            assert f"activity-{kind}.js" in header
        assert "tracker.js" not in header and "messages.js" not in header  # course-builder.js's, not copies


def test_a_french_site_keeps_the_french_stemmer_only(tmp_path):
    root = copy_fixture("mini_course", tmp_path)
    yml = root / "course.yml"
    yml.write_text(yml.read_text().replace("language: en-US", "language: fr"))
    build(root, editions=())
    lunr = sorted(n for n in site_files(root / "site") if n.startswith(theme_assets.LUNR))
    assert lunr == [theme_assets.LUNR + "min/lunr.fr.min.js", theme_assets.LUNR + "min/lunr.stemmer.support.min.js"]


def test_handout_false_leaves_the_handout_out_of_the_site_and_the_packages(tmp_path):
    root = copy_fixture("mini_course", tmp_path)
    with open(root / "course.yml", "a") as yml:
        yml.write("handout: false\n")
    result = build(root)
    site = root / "site"
    assert not (site / "print.html").exists()
    assert (site / "certificate.html").is_file()
    for page in site.rglob("*.html"):
        assert 'href="print.html"' not in page.read_text() and "/print.html" not in page.read_text(), page
    for package in result.packages:
        assert "print.html" not in zip_files(package)


# ---------------------------------------------------------------- in the browser


def search_for(frame, word: str) -> str:
    frame.click(".md-search__input")
    # The search worker starts when search opens; a query typed before it is ready is not rerun.
    for _ in range(20):
        frame.fill(".md-search__input", "")
        frame.type(".md-search__input", word)
        if frame.locator(".md-search-result__item").count():
            break
        frame.wait_for_timeout(250)
    return frame.locator(".md-search-result").inner_text()


def test_search_from_a_server_loads_its_index_only_when_search_opens(page, built_mini_course, static_server, tmp_path):
    www = tmp_path / "www"
    shutil.copytree(built_mini_course.root / "site", www)
    base = static_server(www)
    page.goto(f"{base}/basics/first.html")
    page.wait_for_load_state("networkidle")
    assert [url for url in page.network_log if "search_index" in url] == []
    assert "Second lesson" in search_for(page, "lesson")
    assert [url.rsplit("/", 1)[1] for url in page.network_log if "search_index" in url] == ["search_index.js"]
    assert external_requests(page.network_log) == []


@pytest.mark.parametrize("edition", ["scorm12", "scorm2004"])
def test_search_works_inside_the_lms(lms, built_mini_course, edition, page):
    package = next((built_mini_course.root / "dist").glob(f"*-{edition}.zip"))
    session = lms.open(package, edition)
    session.wait_for_initialize()
    frame = session.frame("#cb-content")
    assert "Second lesson" in search_for(frame, "lesson")
    assert external_requests(page.network_log) == []
