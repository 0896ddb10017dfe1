"""Keep the interface's catalogues current: `./dev messages` (or `python -m course_builder.commands.messages`).

1. Extract every `t(key, english)` and `tn(key, one, other, count)` (and their HTML twins) of our Python,
   Jinja templates and browser modules into locales/messages.pot (Babel's extractors: the same ones translators' projects use).
2. Update each shipped catalogue from it: a new message arrives untranslated, a reworded one is marked
   fuzzy (its old translation kept as a suggestion), a removed one is dropped. English is filled in.
tests/test_messages.py fails when the template is stale or a catalogue is not complete.
"""

from __future__ import annotations

import io
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)

PACKAGE = Path(__file__).resolve().parent.parent
LOCALES = PACKAGE / "locales"
SHIPPED = ("en", "fr", "es", "de", "ar")
KEYWORDS = {
    "t": ((1, "c"), 2),
    "t_html": ((1, "c"), 2),
    "tHtml": ((1, "c"), 2),
    "lazy_t": ((1, "c"), 2),
    "tn": ((1, "c"), 2, 3),
    "tn_html": ((1, "c"), 2, 3),
}
METHODS = [
    ("commands/**.py", "ignore"),  # the trainer's command line speaks English (its messages are for authors)
    ("**.py", "python"),
    ("runtime/js/**.js", "javascript"),
    ("**/templates/**.html", "jinja2.ext:babel_extract"),
    ("site/theme/**.html", "jinja2.ext:babel_extract"),
]


def extract() -> Catalog:
    catalog = Catalog(project="course-builder", charset="utf-8", fuzzy=False)
    found = extract_from_dir(
        str(PACKAGE), METHODS, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",), strip_comment_tags=True
    )
    for filename, lineno, message, comments, context in found:
        if not context:
            raise SystemExit(f'{filename}:{lineno}: a message without its key: write t("area.name", "English")')
        previous = catalog.get(message, context)
        if previous is not None and previous.id != message:
            raise SystemExit(f"{filename}:{lineno}: key `{context}` is used with two different English texts")
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def _write(catalog: Catalog, path: Path, **options) -> bool:
    out = io.BytesIO()
    write_po(out, catalog, width=100, sort_output=True, include_lineno=False, **options)
    text = out.getvalue()
    if path.exists() and path.read_bytes() == text:
        return False
    path.write_bytes(text)
    return True


def template_bytes() -> bytes:
    out = io.BytesIO()
    write_po(out, _without_date(extract()), width=100, sort_output=True, include_lineno=False)
    return out.getvalue()


def _without_date(catalog: Catalog) -> Catalog:
    # Same code, same bytes: the template's header carries no creation time.
    catalog.creation_date = catalog.revision_date = FIXED_DATE
    return catalog


def update() -> list[str]:
    template = _without_date(extract())
    changed = []
    if _write(template, LOCALES / "messages.pot"):
        changed.append("messages.pot")
    for language in SHIPPED:
        path = LOCALES / f"{language}.po"
        if path.exists():
            with path.open("rb") as f:
                catalog = read_po(f, locale=language)
        else:
            catalog = Catalog(locale=language, project="course-builder", charset="utf-8", fuzzy=False)
        catalog.update(template, no_fuzzy_matching=False, update_creation_date=False)
        catalog.obsolete.clear()
        _without_date(catalog)
        if language == "en":
            for message in catalog:
                if message.id and message.context:
                    message.string = message.id
                    message.flags.discard("fuzzy")
        if _write(catalog, path):
            changed.append(path.name)
    return changed


if __name__ == "__main__":
    names = update()
    print("updated: " + ", ".join(names) if names else "catalogues already current")
    sys.exit(0)
