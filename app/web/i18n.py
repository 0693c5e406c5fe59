"""Languages: gettext catalogs compiled in memory, the request's locale, localised formats.

English is the source language; `app/translations/<lang>/LC_MESSAGES/messages.po`
holds the others. The .po files are compiled when first needed (no .mo binaries
in the repository). render() sets the locale of the page being rendered in a
ContextVar, and every callable below reads it from there.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

from babel import dates, numbers
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from jinja2 import pass_context

TRANSLATIONS_DIR = Path(__file__).parents[1] / "translations"
DEFAULT_LANGUAGE = "en"
LANGUAGES = ("en", "de", "fr")
# Each language in its own name, for the switcher: never translated.
LANGUAGE_NAMES = {"de": "Deutsch", "en": "English", "fr": "Français"}
_locale: ContextVar[str] = ContextVar("gladshare_locale", default=DEFAULT_LANGUAGE)
_QUALITY = re.compile(r"q=(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$")


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated where it is shown."""
    return message


@cache
def catalog(language: str) -> NullTranslations:
    """The compiled translations of one language (English needs none)."""
    path = TRANSLATIONS_DIR / language / "LC_MESSAGES" / "messages.po"
    if language == DEFAULT_LANGUAGE or not path.is_file():
        return NullTranslations()
    with path.open("rb") as po:
        messages = read_po(po, locale=language)
    compiled = BytesIO()
    write_mo(compiled, messages)  # fuzzy entries are left out, so they show in English
    compiled.seek(0)
    return Translations(fp=compiled)


def current_language() -> str:
    """The language of the page being rendered."""
    return _locale.get()


@contextmanager
def language_of_page(language: str) -> Iterator[None]:
    """Render in `language` inside this block; the previous language comes back afterwards."""
    token = _locale.set(language if language in LANGUAGES else DEFAULT_LANGUAGE)
    try:
        yield
    finally:
        _locale.reset(token)


def gettext(message: str) -> str:
    """Translate `message` into the current language."""
    return catalog(current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message with a number into the current language."""
    return catalog(current_language()).ngettext(singular, plural, n)


def _supported(tag: str) -> str | None:
    language = tag.strip().split("-", 1)[0].split("_", 1)[0].lower()
    return language if language in LANGUAGES else None


def language_code(value: str | None) -> str | None:
    """`value` if it is exactly the code of a language we offer (a choice, a cookie), else None."""
    return value if value in LANGUAGES else None


def profile_language(locale: str | None) -> str | None:
    """The supported language of a profile locale such as `de-CH`, or None."""
    return _supported(locale) if locale else None


def accept_language(header: str | None) -> str | None:
    """The supported language the browser prefers most (RFC 9110 q-values), or None."""
    ranked: list[tuple[float, int, str]] = []
    for position, item in enumerate((header or "").split(",")[:32]):
        tag, *params = (part.strip() for part in item.split(";"))
        quality = 1.0
        for param in params:
            if param.lower().startswith("q"):
                match = _QUALITY.match(param.replace(" ", "").lower())
                quality = float(match.group(1)) if match else -1.0
        language = _supported(tag) if tag and tag != "*" else None
        if language and quality > 0:
            ranked.append((-quality, position, language))
    return min(ranked)[2] if ranked else None


def format_datetime(value: datetime, format: str = "medium", tz: str = "UTC") -> str:
    """A date and time in the current language, shown in `tz` (stored times are UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    zone = dates.get_timezone(tz)
    return dates.format_datetime(value, format, tzinfo=zone, locale=current_language())


def format_date(value: date, format: str = "medium") -> str:
    """A date in the current language."""
    return dates.format_date(value, format, locale=current_language())


def format_number(value: float, format: str | None = None) -> str:
    """A number with the current language's separators."""
    return numbers.format_decimal(value, format, locale=current_language())


def format_percent(value: float) -> str:
    """A share (0.25) as a percentage in the current language."""
    return numbers.format_percent(value, locale=current_language())


def _at_render_time(format_value: Callable[..., str]) -> Callable[..., str]:
    # Jinja folds filters on constants when it compiles a template; one that asks for
    # the context runs when the page is rendered, in the page's language.
    @pass_context
    def localised(_context: Any, *args: Any, **kwargs: Any) -> str:
        return format_value(*args, **kwargs)

    return localised


FILTERS = {
    "datetime_format": _at_render_time(format_datetime),
    "date_format": _at_render_time(format_date),
    "number": _at_render_time(format_number),
    "percent": _at_render_time(format_percent),
}

# Brand names stay as the networks write them; only "Email" is a word to translate.
NETWORK_LABELS = {
    "linkedin": "LinkedIn",
    "xing": "XING",
    "x": "X",
    "facebook": "Facebook",
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "threads": "Threads",
    "whatsapp": "WhatsApp",
    "email": N_("Email"),
}
