"""The learner interface's words in the course's language: one table per build, looked up by key.

Every string a learner reads that is ours (not the trainer's content) is written in the code once, in
English, with a stable key: `t("quiz.check", "Check answers")` in Python, Jinja and JavaScript alike.
`course-builder`'s catalogues (course_builder/locales/*.po, gettext PO files that translators' tools
read) give the other languages; a trainer's `messages:` in course.yml overrides any of them. The key is
the PO entry's context (msgctxt), so rewording the English marks translations fuzzy without losing them.

Counts follow the language's plural rules (CLDR categories: one, two, few, many, other...), the same
categories the browser's Intl.PluralRules gives, so Python and JavaScript agree on "1 question".
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, get_currency_name, get_currency_symbol

# `{name}` in a message is filled in by the code; a translation must keep every name it was given.
PLACEHOLDER = re.compile(r"\{([a-zA-Z_][a-zA-Z0-9_]*)\}")

Plural = dict[str, str]  # CLDR category ("one", "few", "other"...) -> text
Entry = str | Plural


class Text(NamedTuple):
    """A message written where no course is at hand (a constant such as a calculator's field label):
    `lazy_t("calc.dso.title", "Days sales outstanding")`, put into words later by `messages.say(text)`."""

    key: str
    english: str


def lazy_t(key: str, english: str) -> Text:
    return Text(key, english)


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def fill(text: str, values: dict[str, object]) -> str:
    """`{name}` replaced by its value; an unknown `{name}` stays as written (a typo shows, never crashes)."""
    return PLACEHOLDER.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), text)


def locale_of(language: str) -> Locale:
    """The Babel locale of a BCP 47 tag such as `fr-CA` (its language alone when the region is unknown)."""
    for tag in (language, language.split("-")[0]):
        try:
            return Locale.parse(tag, sep="-")
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse("en")


@dataclass(frozen=True)
class Messages:
    language: str  # the course's BCP 47 tag, as course.yml gives it (en-US, fr, ar...)
    table: dict[str, Entry] = field(default_factory=dict)  # key -> words, where they differ from the code's English
    currency: str = "USD"

    @property
    def locale(self) -> Locale:
        return locale_of(self.language)

    @property
    def direction(self) -> str:
        """`rtl` for Arabic, Hebrew...: the `dir` of every page we write."""
        return "rtl" if self.locale.character_order == "right-to-left" else "ltr"

    def t(self, key: str, english: str, **values: object) -> str:
        entry = self.table.get(key)
        return fill(entry if isinstance(entry, str) else english, values)

    def t_html(self, key: str, english: str, **values: object) -> str:
        """The message as HTML where its values are HTML already (a trainer's rendered Markdown): the
        words are escaped, the values go in as they are."""
        entry = self.table.get(key)
        return fill(html.escape(entry if isinstance(entry, str) else english), values)

    def say(self, text: Text, **values: object) -> str:
        return self.t(text.key, text.english, **values)

    def tn(self, key: str, one: str, other: str, count: int, **values: object) -> str:
        """A count in words: `tn("home.lessons", "{count} lesson", "{count} lessons", n)`."""
        return fill(self._plural(key, one, other, count), {"count": self.number(count), **values})

    def tn_html(self, key: str, one: str, other: str, count: int, **values: object) -> str:
        """`tn` as HTML, as `t_html` is `t`."""
        return fill(html.escape(self._plural(key, one, other, count)), {"count": self.number(count), **values})

    def _plural(self, key: str, one: str, other: str, count: int) -> str:
        entry = self.table.get(key)
        if isinstance(entry, dict):
            return entry.get(self.locale.plural_form(count)) or entry["other"]
        return one if count == 1 else other

    def number(self, value: float, decimals: int | None = None) -> str:
        if decimals is None:
            return format_decimal(value, locale=self.locale)
        return format_decimal(value, format=f"#,##0.{'0' * decimals}" if decimals else "#,##0", locale=self.locale)

    def money(self, value: float) -> str:
        return format_currency(value, self.currency, locale=self.locale)

    @property
    def currency_symbol(self) -> str:
        """ "$", "€", "US$": what stands beside a box that takes an amount."""
        return get_currency_symbol(self.currency, locale=self.locale)

    @property
    def currency_name(self) -> str:
        """The currency in words, as a hint says it: "US dollars", "euros", "Euro"."""
        return get_currency_name(self.currency, count=2, locale=self.locale)

    @property
    def symbol_first(self) -> bool:
        """Whether the locale writes the symbol before the amount ("$470" in English, "470 €" in French)."""
        pattern = self.locale.currency_formats["standard"].pattern.split(";")[0]
        return pattern.find("¤") < pattern.find("#")

    def date(self, day: date) -> str:
        return format_date(day, format="long", locale=self.locale)

    def browser_data(self) -> dict:
        """What the page's script needs: the same table, the language, its direction and currency."""
        return {"language": self.language, "direction": self.direction, "currency": self.currency, "table": self.table}
