"""Plain-text fields (course.yml titles and description, quiz and simulation titles, a lesson's title line)
are shown as written and never run as markup: on the site, in the SCORM launcher, the certificate, the
handout, the manifest, the JSON in <script> blocks and what is sent to the LMS.

One course, built once, holds markup in each of them; the checks read the built bytes, then one browser
test loads a page, the certificate and the launcher and looks for the script having run."""

from __future__ import annotations

import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from harness.courses import FIXTURES, copy_fixture, make_course
from lxml import etree

from course_builder.commands.cli import main
from course_builder.errors import CourseError
from course_builder.markdown_ext.embed import script_json
from course_builder.markdown_ext.text import heading_text, literal_markup, plain_text, text_of_html
from course_builder.package.manifest import build_manifest

XSS = '<img src=x onerror="window.__xss=1"> <script>window.__xss=1</script>'
COURSE_TITLE = f"Course {XSS} \" ' &amp; </title> <!-- end"
DESCRIPTION = f'About "quotes" and {XSS}'
MODULE_TITLE = f"Module {XSS}"
OBJECTIVE_TITLE = f"Objective {XSS}"
RESOURCE_TITLE = f"Resources {XSS}"
QUIZ_TITLE = f"Quiz {XSS} </script><!--<script>"
SIM_TITLE = f"Simulation {XSS}"
LESSON_HEADING = f"Lesson `<b>` *em* {XSS}"
LESSON_TITLE = f"Lesson <b> em {XSS}"  # as learners read it: formatting applied, HTML as written
AID_TITLE = f"Job aid {XSS}"
HOSTILE_NAME = '<img src=x onerror="window.__xss=1">'


@pytest.fixture(scope="module")
def course_root(tmp_path_factory) -> Path:
    root = copy_fixture("mini_course", tmp_path_factory.mktemp("escaping"))
    config = yaml.safe_load((root / "course.yml").read_text())
    config.update(title=COURSE_TITLE, description=DESCRIPTION)
    config["objectives"][1]["title"] = OBJECTIVE_TITLE
    config["modules"][0]["title"] = MODULE_TITLE
    config["resources"] = [{"title": RESOURCE_TITLE, "pages": ["aids/aid.md"]}]
    (root / "course.yml").write_text(yaml.safe_dump(config, sort_keys=False))

    (root / "content" / "aids").mkdir()
    (root / "content" / "aids" / "aid.md").write_text(f"# {AID_TITLE}\n\nA job aid.\n")
    first = root / "content" / "basics" / "first.md"
    first.write_text(
        first.read_text().replace("# First lesson", f"# {LESSON_HEADING}") + "\n::simulation[late-payment]\n"
    )

    quiz_file = root / "quizzes" / "basics-check.yml"
    quiz = yaml.safe_load(quiz_file.read_text())
    quiz["title"] = QUIZ_TITLE
    quiz_file.write_text(yaml.safe_dump(quiz, sort_keys=False))
    (root / "simulations").mkdir()
    sim = yaml.safe_load((FIXTURES / "sim_course" / "simulations" / "late-payment.yml").read_text())
    sim.update(title=SIM_TITLE, required=False)
    (root / "simulations" / "late-payment.yml").write_text(yaml.safe_dump(sim, sort_keys=False))

    assert main(["build", str(root)]) == 0
    return root


@pytest.fixture(scope="module")
def site(course_root) -> Path:
    return course_root / "site"


@pytest.fixture(scope="module")
def packages(course_root) -> dict[str, Path]:
    return {edition: next((course_root / "dist").glob(f"*-{edition}.zip")) for edition in ("scorm12", "scorm2004")}


class _Page(HTMLParser):
    """What a built page holds: injected markup (any element with an event handler attribute, <img
    src=x>, a script to run that mentions __xss), the text of <title>, meta tags and JSON blocks.
    Stricter than a browser: markup inside <title> counts as markup here."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.injected: list[str] = []
        self.title: list[str] = []
        self.metas: dict[str, str] = {}
        self.json_blocks: list[str] = []
        self.scripts: list[str] = []
        self._in: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if any(name.startswith("on") for name in attributes) or (tag == "img" and attributes.get("src") == "x"):
            self.injected.append(f"<{tag} {attributes}>")
        if tag == "meta" and "name" in attributes:
            self.metas[attributes["name"]] = attributes.get("content")
        if tag in ("title", "script"):
            self._in.append((tag, attributes))

    def handle_endtag(self, tag):
        if self._in and self._in[-1][0] == tag:
            self._in.pop()

    def handle_data(self, data):
        if not self._in:
            return
        tag, attributes = self._in[-1]
        if tag == "title":
            self.title.append(data)
        elif attributes.get("type") == "application/json":
            self.json_blocks.append(data)
        else:
            self.scripts.append(data)
            if "__xss" in data:
                self.injected.append(f"<script>{data[:80]}")


def read_page(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    page.close()
    return page


def built_pages(site: Path, packages: dict[str, Path]) -> dict[str, str]:
    pages = {str(path.relative_to(site)): path.read_text(encoding="utf-8") for path in sorted(site.rglob("*.html"))}
    for edition, package in packages.items():
        with zipfile.ZipFile(package) as zf:
            pages[f"{edition}:scorm_launch.html"] = zf.read("scorm_launch.html").decode("utf-8")
    return pages


def test_no_built_page_holds_injected_markup(site, packages):
    pages = built_pages(site, packages)
    assert {
        "index.html",
        "basics/first.html",
        "basics/second.html",
        "aids/aid.html",
        "print.html",
        "certificate.html",
        "404.html",
        "scorm12:scorm_launch.html",
        "scorm2004:scorm_launch.html",
    } <= set(pages)
    found = {name: read_page(text).injected for name, text in pages.items()}
    assert {name: marks for name, marks in found.items() if marks} == {}


def test_titles_and_description_read_as_written(site, packages):
    pages = built_pages(site, packages)
    expected_titles = {
        "index.html": COURSE_TITLE,
        "basics/first.html": f"{LESSON_TITLE} - {COURSE_TITLE}",
        "aids/aid.html": f"{AID_TITLE} - {COURSE_TITLE}",
        "print.html": f"Printable handout - {COURSE_TITLE}",
        "scorm12:scorm_launch.html": COURSE_TITLE,
    }
    for name, title in expected_titles.items():
        assert "".join(read_page(pages[name]).title) == title, name
    assert read_page(pages["index.html"]).metas["description"] == DESCRIPTION


def test_navigation_header_embeds_and_handout_show_the_titles_as_text(site):
    def text(page: str) -> str:
        return text_of_html((site / page).read_text())

    # The navigation shows every module and resource group, and the pages of the current one.
    for title in (COURSE_TITLE, MODULE_TITLE, RESOURCE_TITLE, LESSON_TITLE, SIM_TITLE):
        assert title in text("basics/first.html"), title
    assert AID_TITLE in text("aids/aid.html")
    assert QUIZ_TITLE in text("basics/second.html")
    for title in (COURSE_TITLE, DESCRIPTION, MODULE_TITLE, RESOURCE_TITLE, LESSON_TITLE, AID_TITLE, QUIZ_TITLE):
        assert title in text("print.html"), title
    # The lesson's own heading: Markdown formatting applies, its HTML shows as written.
    assert (
        '>Lesson <code>&lt;b&gt;</code> <em>em</em> &lt;img src=x onerror="window.__xss=1"&gt; '
        "&lt;script&gt;window.__xss=1&lt;/script&gt;</h1>"
    ) in (site / "basics/first.html").read_text()


def test_search_index_titles_are_escaped_html(site):
    # One index, as a script (`var __index = {...}`): it is read on file:// and from a server alike.
    script = (site / "search" / "search_index.js").read_text()
    docs = json.loads(script.removeprefix("var __index = "))["docs"]
    titles = {doc["title"] for doc in docs}
    assert not [title for title in titles if "<img" in title or "<script" in title]
    assert any(title.startswith("Lesson <code>&lt;b&gt;</code> em &lt;img src=x") for title in titles)


def test_json_in_script_blocks_cannot_end_the_block(site):
    blocks = read_page((site / "basics" / "second.html").read_text()).json_blocks
    quiz = next(json.loads(block) for block in blocks if '"basics-check"' in block)
    assert quiz["title"] == QUIZ_TITLE
    for block in blocks:
        assert "<" not in block and ">" not in block
    assert json.loads(script_json({"a": "</script><!--<script>&\u2028"})) == {"a": "</script><!--<script>&\u2028"}


def test_course_data_keeps_the_titles_as_text(site):
    text = (site / "assets" / "course-builder" / "course-data.js").read_text()
    data = json.loads(text.split("window.CourseBuilder.course = ", 1)[1].rstrip().rstrip(";"))
    assert data["title"] == COURSE_TITLE
    assert OBJECTIVE_TITLE in [o["title"] for o in data["objectives"]]


def test_manifest_titles_and_description_are_text(packages):
    for edition, package in packages.items():
        with zipfile.ZipFile(package) as zf:
            manifest = etree.fromstring(zf.read("imsmanifest.xml"))
        texts = [el.text for el in manifest.iter() if isinstance(el.tag, str)]
        assert texts.count(COURSE_TITLE) >= 3, edition  # organization, item, metadata
        assert DESCRIPTION in texts, edition
        assert not [
            el for el in manifest.iter() if isinstance(el.tag, str) and etree.QName(el).localname in ("img", "script")
        ]


@pytest.mark.parametrize("field, bad", [("title", "Mini \x01 course"), ("description", "A \x1b[31m red \ufffe course")])
def test_a_character_xml_cannot_hold_is_a_clear_build_error(field, bad):
    course = make_course(**{field: bad})
    with pytest.raises(CourseError) as error:
        build_manifest(course, "scorm2004", ["scorm_launch.html"], "scorm_launch.html")
    message = str(error.value)
    assert message.startswith(f"course.yml: `{field}` contains the character U+00")
    assert "imsmanifest.xml cannot hold" in message and "fix:" in message


def test_plain_text_for_the_lms_holds_no_markup():
    assert plain_text("What does **DSO** measure?") == "What does DSO measure?"
    assert plain_text("Pick <img src=x onerror=alert(1)> one <script>alert(1)</script> now") == "Pick one now"
    # Text that reads as a tag once decoded keeps its words, not its angle brackets.
    assert plain_text("The `<ul>` tag and &lt;script&gt; and &lt;!-- x") == "The ‹ul› tag and ‹script› and ‹!-- x"
    assert plain_text("a < b, R&amp;D, &amp;lt;") == "a < b, R&D, &lt;"
    assert not re.search(r"<[A-Za-z/!?]", plain_text("&lt;&lt;script&gt;script&gt; `</x>` <b>&lt;i&gt;</b>"))


def test_lesson_title_line_shows_its_html_as_written():
    assert literal_markup("A `<b>` <i>b</i> ``x<y``") == "A `<b>` &lt;i>b&lt;/i> ``x<y``"
    assert heading_text(LESSON_HEADING) == LESSON_TITLE
    assert heading_text("Ready to call { .cb-noprint }") == "Ready to call"


def test_in_the_browser_nothing_runs_and_titles_show_literally(page, site, static_server, packages, lms):
    base = static_server(site)

    def xss_in_any_frame():
        return [f.url for f in page.frames if f.evaluate("typeof window.__xss") != "undefined"]

    page.goto(f"{base}/basics/first.html")
    assert xss_in_any_frame() == []
    assert page.title() == f"{LESSON_TITLE} - {COURSE_TITLE}"
    assert page.locator(".md-header__topic").first.inner_text().strip() == COURSE_TITLE
    assert MODULE_TITLE in page.locator(".md-nav--primary").inner_text()
    assert page.locator("h1").first.inner_text() == LESSON_TITLE
    assert page.locator(".cb-sim__title").inner_text() == SIM_TITLE
    page.goto(f"{base}/basics/second.html")
    assert page.locator(".cb-quiz__title").inner_text() == QUIZ_TITLE
    for question, choices in (("dso-meaning", "a"), ("call-when", "ab"), ("fdcpa-b2b", "f")):
        for choice in choices:
            page.check(f"#quiz-basics-check--{question}--{choice}")
    page.click("#quiz-basics-check .cb-quiz__submit")
    assert "Passed." in page.locator("#quiz-basics-check .cb-quiz__result").inner_text()
    page.goto(f"{base}/basics/first.html")  # every lesson visited: the course is complete
    page.click(".md-search__input")
    for _ in range(20):  # the search worker starts when search opens
        page.fill(".md-search__input", "")
        page.keyboard.type("Lesson")
        if page.locator(".md-search-result__item").count():
            break
        page.wait_for_timeout(250)
    assert LESSON_TITLE in page.locator(".md-search-result").inner_text()
    assert xss_in_any_frame() == []

    page.goto(f"{base}/certificate.html")
    page.fill("#cb-certificate-name", HOSTILE_NAME)
    sheet = page.locator(".cb-certificate")
    assert page.locator(".cb-certificate__name").inner_text() == HOSTILE_NAME
    assert page.locator(".cb-certificate__course").inner_text() == COURSE_TITLE
    assert OBJECTIVE_TITLE in page.locator(".cb-certificate__objectives").inner_text()
    assert sheet.locator("img").count() == 0
    assert xss_in_any_frame() == []

    # In the LMS: the launcher, and the learner's name as the LMS gives it (our pages never show it).
    session = lms.open(packages["scorm2004"], "scorm2004", state={"cmi.learner_name": HOSTILE_NAME})
    content = session.frame("#cb-content")
    content.wait_for_selector("h1")
    assert session.frame().evaluate("document.title") == COURSE_TITLE
    assert session.frame().evaluate("CourseBuilder.course.title") == COURSE_TITLE
    page.wait_for_timeout(300)
    assert xss_in_any_frame() == []
