"""The interface's words for a course: our catalogue for its language, then the trainer's overrides.

Sources, later ones winning:
1. course_builder/locales/<language>.po, shipped (en, fr, es, de, ar), found by the full tag (`fr-CA`)
   or its language (`fr`); the pseudo-locale `qps-ploc` is made from the template (pseudo.py);
2. the course's own locales/<language>.po, for a language we do not ship or a house style;
3. `messages:` in course.yml: `quiz.check: Submit my answers`, or for a count
   `home.lessons: {one: "{count} unit", other: "{count} units"}`.
"""

from __future__ import annotations

import difflib
import functools
import gettext
from importlib import resources
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from course_builder.core.pseudo import PSEUDO_LANGUAGE, pseudo_table
from course_builder.errors import CourseError, Problem
from course_builder.messages import Entry, Messages, locale_of, placeholders

TEMPLATE = "messages.pot"
SHIPPED = ("en", "fr", "es", "de", "ar")


def _locales_dir():
    return resources.files("course_builder").joinpath("locales")


def read_catalogue(text: str, name: str) -> Catalog:
    try:
        return read_po(text.splitlines(keepends=True), abort_invalid=True)
    except Exception as error:  # Babel's PoFileError, or a header it cannot read
        raise CourseError(
            Problem(f"cannot read {name}: {error}", name, hint="open it in a PO editor (Poedit)")
        ) from None


def template() -> Catalog:
    return read_catalogue(_locales_dir().joinpath(TEMPLATE).read_text(encoding="utf-8"), TEMPLATE)


@functools.cache  # the packaged template does not change while we run: read it once, not per lookup
def english() -> dict[str, Entry]:
    """Every key with the code's English: singular text, or {"one", "other"} for a count."""
    table: dict[str, Entry] = {}
    for message in template():
        if not message.context:
            continue
        if isinstance(message.id, tuple | list):
            table[message.context] = {"one": message.id[0], "other": message.id[1]}
        else:
            table[message.context] = message.id
    return table


def catalogue_table(catalog: Catalog, name: str) -> tuple[dict[str, Entry], list[Problem]]:
    """A PO catalogue as a key -> words table, keeping only finished entries (translated, not fuzzy),
    and each count's forms by plural category. A translation that drops or invents a `{name}` is a problem."""
    keys = english()
    problems: list[Problem] = []
    table: dict[str, Entry] = {}
    categories = _categories(catalog)
    for message in catalog:
        key = message.context
        if not key or message.fuzzy or key not in keys:
            continue
        source = keys[key]
        if isinstance(message.string, tuple | list):
            if not all(message.string):
                continue
            entry: Entry = {category: message.string[index] for category, index in categories.items()}
        elif message.string:
            entry = message.string
        else:
            continue
        problem = _placeholder_problem(key, source, entry, name, message.lineno)
        if problem:
            problems.append(problem)
            continue
        table[key] = entry
    return table, problems


def _categories(catalog: Catalog) -> dict[str, int]:
    """Which PO plural form (index) holds each CLDR category of the catalogue's language: a sample
    number of each category, put through the PO header's own formula."""
    rule = locale_of(str(catalog.locale or "en").replace("_", "-")).plural_form
    formula = gettext.c2py(catalog.plural_expr)
    found: dict[str, int] = {}
    for n in [*range(0, 1000), 1_000_000]:  # French and Spanish "many" is for millions
        found.setdefault(rule(n), formula(n))
    return found


def _placeholder_problem(key: str, source: Entry, entry: Entry, name: str, line: int | None) -> Problem | None:
    wanted = placeholders(source if isinstance(source, str) else source["other"])
    for text in [entry] if isinstance(entry, str) else list(entry.values()):
        got = placeholders(text)
        if got - wanted:
            extra = ", ".join(f"{{{p}}}" for p in sorted(got - wanted))
            return Problem(
                f"the words for `{key}` use {extra}, which the interface does not fill in",
                name,
                line,
                hint=f"use only {', '.join('{' + p + '}' for p in sorted(wanted)) or 'no placeholders'}",
            )
    return None


def _tags(language: str) -> list[str]:
    """The catalogue names a language tag answers to, the most specific first: fr_CA, fr-CA, fr."""
    return list(dict.fromkeys((language.replace("-", "_"), language, language.split("-")[0])))


@functools.cache  # a packaged catalogue does not change while we run (serve rebuilds, tests): read each once
def shipped_table(language: str) -> dict[str, Entry]:
    """Our catalogue for `language` (`fr-CA` falls back to `fr`), or nothing: English is the code's.
    Shared between callers: copy it before changing it."""
    if language == PSEUDO_LANGUAGE:
        return pseudo_table(english())
    for tag in _tags(language):
        file = _locales_dir().joinpath(f"{tag}.po")
        if file.is_file():
            table, problems = catalogue_table(
                read_catalogue(file.read_text(encoding="utf-8"), f"{tag}.po"), f"{tag}.po"
            )
            if problems:
                raise CourseError(problems)
            return table
    return {}


def has_catalogue(language: str, root: Path) -> bool:
    if language == PSEUDO_LANGUAGE or language.split("-")[0] == "en":
        return True
    return any(
        _locales_dir().joinpath(f"{t}.po").is_file() or (root / "locales" / f"{t}.po").is_file()
        for t in _tags(language)
    )


def load_messages(root: Path, language: str, overrides: dict, doc=None, currency: str = "USD") -> Messages:
    """The course's interface words; `doc` (course.yml, loaded) locates problems in `overrides`."""
    problems: list[Problem] = []
    if not has_catalogue(language, root):
        problems.append(
            Problem(
                f"the interface has no words for language `{language}`",
                "course.yml",
                doc.where(("language",))[0] if doc else None,
                hint=f"use one of {', '.join(SHIPPED)}, or add locales/{language}.po to the course "
                "(copy course_builder's locales/messages.pot and translate it)",
            )
        )
    table = dict(shipped_table(language))
    for tag in reversed(_tags(language)):  # the most specific last: its words win
        own = root / "locales" / f"{tag}.po"
        if own.is_file():
            name = f"locales/{tag}.po"
            more, found = catalogue_table(read_catalogue(own.read_text(encoding="utf-8"), name), name)
            table.update(more)
            problems += found
    keys = english()
    for key, value in (overrides or {}).items():
        where = ("messages", key)
        if key not in keys:
            close = difflib.get_close_matches(str(key), list(keys), n=1)
            problems.append(
                _located(
                    doc,
                    where,
                    f"`{key}` is not a message of the interface",
                    f"did you mean `{close[0]}`?" if close else "see the list in docs/translating.md",
                )
            )
            continue
        if isinstance(keys[key], dict) != isinstance(value, dict):
            shape = "`{one: ..., other: ...}` (it is a count)" if isinstance(keys[key], dict) else "plain text"
            problems.append(_located(doc, where, f"`{key}` must be {shape}", f"write it as {shape}"))
            continue
        problem = _placeholder_problem(key, keys[key], value, "course.yml", doc.where(where)[0] if doc else None)
        if problem:
            problems.append(problem)
            continue
        table[key] = value
    if problems:
        raise CourseError(problems)
    return Messages(language=language, table=table, currency=currency)


def _located(doc, where, message: str, hint: str) -> Problem:
    if doc is not None:
        return doc.problem(where, message, hint)
    return Problem(message, "course.yml", hint=hint)
