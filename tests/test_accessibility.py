"""Accessibility: every page of the bundled course's site at 1280 and 375 px, the theme's own widgets open
(search with its results, the navigation drawer on a phone), its SCORM launch page in the test LMS, and our
quizzes, simulations and calculators in the states a learner brings them to, checked with axe-core (npm,
tests/lms) in real Chromium against WCAG 2.0 and 2.1, levels A and AA, and two of axe's best practices
the theme once failed: dialogs have a name, and landmarks of a kind have different names. No rule is
switched off and nothing is excluded."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from harness.browser import is_local_url
from harness.fixtures import missing
from harness.learner import answer_rightly, put_in_order, target_value
from harness.server import StaticServer
from test_lms_full_course import bundled  # noqa: F401  (the bundled course, built once per module)

from course_builder.core.progress import ideal_run, right_answer

AXE = Path(__file__).parent / "lms" / "node_modules" / "axe-core" / "axe.min.js"
AXE_URL = "_test-axe/axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BEST_PRACTICES = {"aria-dialog-name": {"enabled": True}, "landmark-unique": {"enabled": True}}
DESKTOP = {"width": 1280, "height": 720}
PHONE = {"width": 375, "height": 812}
TABLE_BOXES = ".md-typeset__scrollwrap"  # Material's box around each table, which scrolls a wide one sideways
# Each document is checked on its own (iframes: false): the SCORM launch page and the lesson inside it.
RUN_AXE = """([tags, rules]) => axe.run(document, {runOnly: {type: "tag", values: tags}, rules: rules,
    resultTypes: ["violations"], iframes: false})
  .then(result => result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary}))})))"""


@pytest.fixture(scope="module")
def site(bundled):  # noqa: F811
    course, dist = bundled
    return course, dist.parent / "site"


@pytest.fixture(scope="module")
def served(site):
    """The site at the root of a local server: 404.html links its assets from "/", so file:// would not do.
    axe.min.js is served beside it (this module's own build), so Chromium compiles it once, not per page."""
    if not AXE.exists():
        missing(f"npm axe-core is not installed ({AXE} missing; npm ci in tests/lms)")
    (site[1] / AXE_URL).parent.mkdir()
    shutil.copyfile(AXE, site[1] / AXE_URL)
    server = StaticServer(site[1]).start()
    yield server.base_url
    server.stop()


@pytest.fixture(scope="module")
def tab(browser):
    """One page for the whole module (a fresh one per test would cost a second each)."""
    context = browser.new_context()
    context.route(lambda url: not is_local_url(url), lambda route: route.abort("blockedbyclient"))
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def open_page(tab, url: str) -> None:
    tab.goto(url)
    tab.evaluate("localStorage.clear(); sessionStorage.clear()")  # no progress from an earlier test
    tab.reload()


def axe_violations(tab, where: str, served: bool = True) -> list[str]:
    """Run axe on the page (or frame) as it is now; one readable line per failing element."""
    if not tab.evaluate("typeof axe !== 'undefined'"):
        tab.add_script_tag(**({"url": "/" + AXE_URL} if served else {"path": str(AXE)}))
        # Colours are checked as they end up: Material fades buttons in 125 ms, and a button that just
        # appeared under the mouse (Try again) would otherwise be measured half-way through its hover colour.
        tab.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")
    lines = []
    for v in tab.evaluate(RUN_AXE, [WCAG_TAGS, BEST_PRACTICES]):
        for node in v["nodes"]:
            summary = " ".join(node["summary"].split())
            lines.append(f"{where}: {v['id']} ({v['impact']}): {v['help']}\n    at {node['target']}\n    {summary}")
    return lines


def assert_clean(found: list[str]) -> None:
    assert not found, f"{len(found)} accessibility violation(s):\n" + "\n".join(found)


@pytest.fixture
def at_width(tab):
    """Sets the shared tab's window size for one test, then gives the other tests their 1280 px back."""
    yield tab.set_viewport_size
    tab.set_viewport_size(DESKTOP)


def site_pages(root: Path) -> list[str]:
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*.html")
        if p.relative_to(root).parts[0] not in ("assets", "_test-axe")
    )


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280px", "375px"])
def test_every_page_of_the_site(tab, at_width, site, served, size):
    _, root = site
    pages = site_pages(root)
    assert "index.html" in pages and "404.html" in pages and "print.html" in pages and len(pages) > 30
    at_width(size)
    found, scrolling = [], 0
    for name in pages:
        tab.goto(f"{served}/{name}")
        found += axe_violations(tab, f"{name} at {size['width']} px")
        # A table's box is in the tab order while it scrolls, and only then (js/tables.js; axe checks the first half).
        boxes = tab.eval_on_selector_all(
            TABLE_BOXES, "els => els.map(e => [e.scrollWidth > e.clientWidth, e.tabIndex])"
        )
        found += [
            f"{name}: a table box that fits takes focus" for scrolls, tabindex in boxes if tabindex == 0 and not scrolls
        ]
        scrolling += sum(scrolls for scrolls, _ in boxes)
    assert_clean(found)
    assert scrolling > 0 if size is PHONE else scrolling == 0  # on a phone, some tables are wider than the page


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280px", "375px"])
def test_the_search_dialog_with_results(tab, at_width, served, size):
    at_width(size)
    tab.goto(f"{served}/introduction/goals-and-measures.html")
    if size is PHONE:
        tab.click("label.md-header__button[for='__search']")
    else:
        tab.click(".md-search__input")
    tab.wait_for_function("document.getElementById('__search').checked")
    # Material searches as keys are typed, once its index is loaded (a query typed before is not rerun).
    tab.wait_for_selector(".md-search-result__meta:has-text('Type to start searching')")
    tab.locator(".md-search__input").press_sequentially("DSO")
    tab.wait_for_selector(".md-search-result__item")
    assert tab.get_by_role("dialog", name="Search").count() == 1
    assert_clean(axe_violations(tab, f"search with results at {size['width']} px"))


def test_the_navigation_drawer_on_a_phone(tab, at_width, served):
    at_width(PHONE)
    tab.goto(f"{served}/introduction/goals-and-measures.html")
    tab.click("label.md-header__button[for='__drawer']")
    tab.wait_for_function("document.getElementById('__drawer').checked")
    assert tab.get_by_role("navigation", name="Navigation").is_visible()
    assert_clean(axe_violations(tab, "navigation drawer at 375 px"))


# ------------------------------------------------------------------------------------------------
# Interactive states
# ------------------------------------------------------------------------------------------------


def lessons_with(course, embed: str) -> list:
    return [
        lesson for lesson in course.lessons if embed in (course.content_dir / lesson.path).read_text(encoding="utf-8")
    ]


def page_url(served, lesson) -> str:
    return f"{served}/{lesson.path[:-3]}.html"


def answer_wrongly(tab, quiz, question) -> None:
    field = f"#quiz-{quiz.id}--{question.id}"
    if question.type in ("fill-in", "numeric"):
        tab.fill(f"{field}--answer", "1" if right_answer(question) != "1" else "2")
    elif question.type == "matching":
        targets = [c.id for c in question.choices]
        for item, target in zip(question.items, question.matches):
            tab.select_option(
                f"{field}--{item.id}", target_value(quiz, question, next(t for t in targets if t != target))
            )
    elif question.type == "ordering":
        put_in_order(tab, quiz, question, [item.id for item in reversed(question.items)])
    else:
        tab.check(f"{field}--{next(c.id for c in question.choices if not c.correct)}")


def test_quizzes_after_a_submission_with_wrong_answers(tab, site, served):
    """Every quiz of the course, first question right and the others wrong (every question type:
    choices, typed, numeric, matching, ordering), graded: verdicts, right answers, feedback, result."""
    course, _ = site
    found, types = [], set()
    for lesson in lessons_with(course, "::quiz["):
        open_page(tab, page_url(served, lesson))
        for section in tab.query_selector_all("[data-cb-quiz]"):
            quiz = course.quizzes[section.get_attribute("data-cb-quiz")]
            shown = set(
                tab.eval_on_selector_all(
                    f"#quiz-{quiz.id} .cb-question:not([hidden])", "els => els.map(e => e.dataset.cbQuestion)"
                )
            )
            for n, question in enumerate(q for q in quiz.questions if q.id in shown):
                (answer_rightly if n == 0 else answer_wrongly)(tab, quiz, question)
                types.add(question.type)
            tab.click(f"#quiz-{quiz.id} .cb-quiz__submit")
            tab.wait_for_selector(f"#quiz-{quiz.id} .cb-question__feedback:not([hidden])")
        found += axe_violations(tab, f"{lesson.path} (quizzes graded)")
    assert {"single", "multiple", "true-false", "fill-in", "numeric", "matching", "ordering"} <= types
    assert_clean(found)


def test_simulations_mid_run_and_at_the_ending(tab, site, served):
    course, _ = site
    found = []
    for sim in course.simulations.values():
        (lesson,) = lessons_with(course, f"::simulation[{sim.id}]")
        open_page(tab, page_url(served, lesson))
        run = ideal_run(sim)
        for turn, (_, letter) in enumerate(run):
            tab.click(f'#sim-{sim.id} .cb-sim__choices [data-cb-choice="{letter}"]')
            if turn == 0:
                found += axe_violations(tab, f"{lesson.path} ({sim.id}, after the first turn)")
        tab.wait_for_selector(f"#sim-{sim.id} .cb-sim__end:not([hidden])")
        found += axe_violations(tab, f"{lesson.path} ({sim.id}, at its ending)")
    assert_clean(found)


def test_calculators_with_a_problem_and_with_a_result(tab, site, served):
    course, _ = site
    found, seen = [], 0
    for lesson in lessons_with(course, "::calculator["):
        open_page(tab, page_url(served, lesson))
        ids = tab.eval_on_selector_all("[data-cb-calculator]", "els => els.map(e => e.id)")
        seen += len(ids)
        for calc in ids:
            tab.click(f"#{calc} .cb-calculator__example")
            tab.fill(f"#{calc} .cb-calculator__input >> nth=0", "ninety")
            tab.click(f"#{calc} .cb-calculator__calculate")
            tab.wait_for_selector(f"#{calc} .cb-calculator__problem")
        found += axe_violations(tab, f"{lesson.path} (calculators with a problem)")
        for calc in ids:
            tab.click(f"#{calc} .cb-calculator__example")
            tab.click(f"#{calc} .cb-calculator__calculate")
            tab.wait_for_selector(f"#{calc} .cb-calculator__answer")
        found += axe_violations(tab, f"{lesson.path} (calculators with a result)")
    assert seen >= 6
    assert_clean(found)


def test_the_scorm_launch_page_and_a_lesson_inside_the_lms(lms, bundled):  # noqa: F811
    """In an LMS the course runs in scorm_launch.html, and each lesson shows the exit button."""
    course, dist = bundled
    session = lms.open(dist / f"{course.id}-{course.version}-scorm2004.zip", "scorm2004")
    launch = session.frame()
    launch.wait_for_selector("#cb-content")
    found = axe_violations(launch, "scorm_launch.html", served=False)
    frame = session.frame("#cb-content")
    frame.click("a.md-footer__link--next")
    frame = session.frame("#cb-content")
    frame.wait_for_function("t => document.title.startsWith(t)", arg=course.lessons[0].title)
    frame.wait_for_selector("button.cb-exit")
    found += axe_violations(frame, f"{course.lessons[0].path} (in the LMS)", served=False)
    assert_clean(found)
    session.assert_clean(terminated=False)  # axe left the LMS calls alone
