"""Pages the build adds to every site: the printable handout (print.html: every lesson of every
module in order, then the reference pages) and the learner's certificate page (certificate.html).

The handout is assembled from the lessons as MkDocs rendered them, so quizzes, simulations and
calculators appear as on their own pages; relative links and images are re-pointed from the
lesson's folder to the site root, and links to a page in the handout go to its section. Quizzes and
simulations print as questions and briefings: without their key blocks (sealed feedback, points and
endings: nothing the printed page shows) and without the quiz's buttons, so quiz.js and
simulation.js leave them alone and nothing in the handout is graded or tracked. Their choices and
fields are disabled, so that nothing looks answerable, and each quiz links to its lesson, where it is.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from html import escape

from course_builder.markdown_ext.text import html_text
from course_builder.messages import Messages, lazy_t
from course_builder.model import Course

HANDOUT_PAGE = "print.md"
CERTIFICATE_PAGE = "certificate.md"
HANDOUT_TITLE = lazy_t("handout.title", "Printable handout")
CERTIFICATE_TITLE = lazy_t("certificate.title", "Your certificate")

_URL_ATTR = re.compile(r'(\s(?:href|src))="([^"]*)"')
_HEADING = re.compile(r"<(/?)h([1-6])\b")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def nav_entries(messages: Messages | None = None, with_handout: bool = True) -> list[dict[str, str]]:
    say = (messages or Messages("en")).say
    entries = [{say(CERTIFICATE_TITLE): CERTIFICATE_PAGE}]
    return entries + [{say(HANDOUT_TITLE): HANDOUT_PAGE}] if with_handout else entries


def _front_matter(title: str) -> str:
    # Not searchable: the handout repeats every lesson, and the certificate page has no content of its own.
    return f"---\ntitle: {title}\nsearch:\n  exclude: true\n---\n\n"


def handout_markdown(course: Course) -> str:
    """A placeholder: the plugin puts the lessons in once every page has been rendered."""
    return _front_matter(course.messages.say(HANDOUT_TITLE))


def certificate_markdown(course: Course) -> str:
    messages = course.messages
    title = messages.say(CERTIFICATE_TITLE)
    waiting = messages.t(
        "certificate.appears-here",
        "Your certificate appears here once you have finished the course (this page needs JavaScript).",
    )
    return _front_matter(title) + (
        f"# {title} {{ .cb-noprint }}\n\n"
        '<div class="cb-certificate-area" data-cb-certificate>\n'
        f"<p>{escape(waiting)}</p>\n"
        "</div>\n"
    )


def _anchor(page_path: str) -> str:
    return "print-" + page_path[:-3].replace("/", "--")


def handout_parts(course: Course, rendered: dict[str, tuple[str, str, str]]) -> Iterator[str]:
    """The handout's content. `rendered` maps a page's source path ("basics/first.md") to its URL
    ("basics/first.html"), its rendered content and its title as the navigation shows it (plain text,
    or already escaped for HTML: `text.html_text`).

    Every course.yml value here is plain text, escaped; the lessons are as MkDocs rendered them.
    In parts, one lesson at a time, so that a course of thousands of lessons is written out without
    holding the whole handout in memory (site/plugin.py); `handout_html` joins them."""
    messages = course.messages
    sections = [(module.title, module.lessons) for module in course.modules]
    sections += [(group.title, group.pages) for group in course.resources]
    anchors = {rendered[p.path][0]: _anchor(p.path) for _, pages in sections for p in pages if p.path in rendered}
    contents = "".join(
        f'<li><a href="#print-section-{index + 1}">{escape(title)}</a><ol>'
        + "".join(
            f'<li><a href="#{_anchor(p.path)}">{html_text(rendered[p.path][2])}</a></li>'
            for p in pages
            if p.path in rendered
        )
        + "</ol></li>"
        for index, (title, pages) in enumerate(sections)
    )
    version = messages.t("handout.version", "Version {version}", version=course.version)
    contents_heading = messages.t("handout.contents", "Contents")
    parts = [
        f'<h1 id="print-title">{escape(course.title)}</h1>',
        f'<p class="cb-print-description">{escape(course.description)}</p>' if course.description else "",
        f'<p class="cb-print-version">{escape(version)}</p>',
        '<nav class="cb-print-toc" aria-labelledby="print-contents">'
        f'<h2 id="print-contents">{escape(contents_heading)}</h2>'
        f"<ol>{contents}</ol></nav>",
    ]
    seen_ids = set(re.findall(r'\sid="([^"]+)"', "".join(parts)))
    seen_widgets: set[str] = set()
    yield from (part for part in parts if part)
    for index, (title, pages) in enumerate(sections):
        section_id = f"print-section-{index + 1}"
        # Not a named region: a module and its only quiz often share a title ("Final assessment").
        section = [
            '<section class="cb-print-module">'
            f'<h2 class="cb-print-module__title" id="{section_id}">{escape(title)}</h2>'
        ]
        for page in pages:
            if page.path not in rendered:
                continue
            url, content, _ = rendered[page.path]
            body = _demote_headings(_open_details(_rebase(_printed(content), url, anchors)))
            body = _unique_ids(body, _anchor(page.path), seen_ids)
            body = _answer_on_the_lesson(_named_by_lesson(body, seen_widgets), url, messages)
            section.append(f'<article class="cb-print-lesson" id="{_anchor(page.path)}">{body}</article>')
        yield "\n".join(section) + "\n</section>"


def handout_html(course: Course, rendered: dict[str, tuple[str, str, str]]) -> str:
    """The handout's content as one text (handout_parts, joined)."""
    return "\n".join(handout_parts(course, rendered))


def _rebase(html: str, page_url: str, anchors: dict[str, str]) -> str:
    """URLs relative to the page's folder, made relative to the site root where the handout lives."""
    folder = posixpath.dirname(page_url)

    def fix(match: re.Match) -> str:
        attr, url = match.groups()
        if not url or url.startswith(("#", "/")) or _SCHEME.match(url):
            return match.group(0)
        path, hash_, fragment = url.partition("#")
        path, query_mark, query = path.partition("?")
        resolved = posixpath.normpath(posixpath.join(folder, path)) if path else page_url
        if resolved in anchors and not query_mark:
            return f'{attr}="#{anchors[resolved]}"'
        new = resolved + (query_mark + query) + (hash_ + fragment)
        return f'{attr}="{new}"'

    return _URL_ATTR.sub(fix, html)


def _demote_headings(html: str) -> str:
    """Lesson titles (h1) sit under their module's heading (h2) in the handout."""
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 2, 6)}", html)


def _open_details(html: str) -> str:
    """Collapsed blocks print as nothing: open them."""
    return re.sub(r"<details(?![^>]*\sopen)", "<details open", html)


_KEY_BLOCK = re.compile(r'<script type="application/json" class="cb-(?:quiz|sim)__key">.*?</script>\n?', re.S)
_QUIZ_ACTIONS = re.compile(r'<div class="cb-quiz__actions">.*?</div>\n?', re.S)


_QUIZ_FORM = re.compile(r'<form class="cb-quiz__form".*?</form>', re.S)
_CONTROL = re.compile(r"<(input|select|textarea|button)\b")
_ORDER_BUTTONS = re.compile(r'<span class="cb-order__buttons">(?:\s*<button\b.*?</button>)*\s*</span>\n?', re.S)
_ORDER_HINT = re.compile(r'<p class="cb-question__hint" id="([^"]*--how)">[^<]*</p>\n?')


def without_key_blocks(html: str) -> str:
    """A lesson's quizzes and simulations printed, not played: without what their scripts start from."""
    return _KEY_BLOCK.sub("", html)


def _printed(html: str) -> str:
    """Quizzes and simulations as the handout prints them: no key blocks, no Check answers button, no Up
    and Down buttons to order entries, and every choice and field of a quiz disabled (still read out,
    and printed as they look). (Their JSON cannot hold "</script>" or a "</div>" of its own: embed.script_json.)"""
    html = _QUIZ_ACTIONS.sub("", without_key_blocks(html))

    def inert(form: re.Match) -> str:
        text = _ORDER_BUTTONS.sub("", form.group(0))
        for hint in _ORDER_HINT.findall(text):  # how to use the buttons, and the list's reference to it
            text = _ORDER_HINT.sub("", text).replace(f' aria-describedby="{hint}"', "")
        return _CONTROL.sub(r"<\1 disabled", text)

    return _QUIZ_FORM.sub(inert, html)


_QUIZ_TITLE = re.compile(r'(<h[1-6] class="cb-quiz__title"[^>]*>.*?</h[1-6]>)', re.S)


def _answer_on_the_lesson(html: str, page_url: str, messages: Messages) -> str:
    """Under each quiz's title: where it can be answered (a link to the site's page, not to the handout)."""
    words = messages.t("handout.answer-link", "Answer this quiz on its lesson page")
    link = f'<a href="{escape(page_url)}">{escape(words)}</a>'
    # The sentence is escaped first, then the link (HTML) goes where it says {link}.
    # TRANSLATORS: {link} is a link whose words are handout.answer-link ("Answer this quiz on its lesson page")
    where = escape(messages.t("handout.answer-where", "{link}, where your answers are checked.", link="{link}"))
    note = f'<p class="cb-print-answer-where">{where.replace("{link}", link, 1)}</p>'
    return _QUIZ_TITLE.sub(lambda m: m.group(1) + note, html)


_WIDGET = re.compile(r'<section class="(cb-(?:quiz|sim|calculator))"([^>]*)>')
_WIDGET_ID = re.compile(r'\sdata-cb-[a-z]+="([^"]*)"')
_LABELLED_BY = re.compile(r'\saria-labelledby="([^"]*)"')
_FIRST_HEADING_ID = re.compile(r'<h[1-6][^>]*\sid="([^"]+)"')


def _named_by_lesson(html: str, seen: set[str]) -> str:
    """A calculator (or quiz, or simulation) shown again in a later lesson would be a second landmark of
    the same name: the copy is also named by the lesson's title, the lesson's first heading."""
    heading = _FIRST_HEADING_ID.search(html)

    def name(match: re.Match) -> str:
        kind, attrs = match.groups()
        widget, label = _WIDGET_ID.search(attrs), _LABELLED_BY.search(attrs)
        key = f"{kind}:{widget.group(1) if widget else attrs}"
        again = key in seen
        seen.add(key)
        if not (again and label and heading and heading.start() < match.start()):
            return match.group(0)
        return match.group(0).replace(label.group(0), f' aria-labelledby="{label.group(1)} {heading.group(1)}"')

    return _WIDGET.sub(name, html)


_ID_REFS = re.compile(r'(\s(?:id|for|aria-labelledby|aria-describedby|aria-controls|aria-owns|href))="([^"]*)"')


def _unique_ids(html: str, prefix: str, seen: set[str]) -> str:
    """Ids already used earlier in the handout (a "Sources" heading in every lesson, a calculator on two
    pages) get the lesson's prefix, and so do the labels, descriptions and links that point to them."""
    ids = re.findall(r'\sid="([^"]+)"', html)
    clashes = {i for i in ids if i in seen}
    seen.update(ids)
    if not clashes:
        return html

    def fix(match: re.Match) -> str:
        attr, value = match.groups()
        if attr.strip() == "href":
            if value.startswith("#") and value[1:] in clashes:
                return f'{attr}="#{prefix}-{value[1:]}"'
            return match.group(0)
        tokens = [f"{prefix}-{t}" if t in clashes else t for t in value.split()]
        return f'{attr}="{" ".join(tokens)}"'

    renamed = _ID_REFS.sub(fix, html)
    seen.update(f"{prefix}-{i}" for i in clashes)
    return renamed
