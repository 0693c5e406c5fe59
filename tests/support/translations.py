"""What the language tests share: the catalogs as translators left them, and English found on a
page rendered in another language."""

from __future__ import annotations

import html
import re

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from app.web.i18n import TRANSLATIONS_DIR

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
# What a browser preferring English sends: the tests make their choice against it.
ENGLISH_BROWSER = {"Accept-Language": "en-GB, en;q=0.9"}


def translations(language: str) -> Catalog:
    """One language's catalog as translators left it (a fresh copy: callers may trim it)."""
    with (TRANSLATIONS_DIR / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return read_po(po, locale=language)


def in_other_languages(language: str) -> re.Pattern[str]:
    """Elements marked as another language (the switcher's "English"): they are no leftover."""
    return re.compile(rf'<(\w+)\b[^>]*\slang="(?!{language}")[^"]*"[^>]*>.*?</\1>', re.S)


def english_leftovers(page: str, catalog: Catalog) -> list[str]:
    """The msgids of `catalog` whose translation differs but which appear verbatim in the page."""
    assert catalog.locale is not None
    page = in_other_languages(catalog.locale.language).sub(" ", page)
    text = " ".join(html.unescape(page).split())
    found = []
    for message in catalog:
        if not message.id or message.string == message.id:
            continue
        for fragment in PLACEHOLDER.split(str(message.id)):
            words = " ".join(fragment.split())
            # A fragment between placeholders may be punctuation alone ("%(network)s.") or one
            # short word ("from %(first)s to %(last)s"): too little to tell a language by.
            if re.fullmatch(r"\W*\w{0,3}\W*", words):
                continue
            if re.search(r"[^\W\d_]", words) and re.search(
                rf"(?<!\w){re.escape(words)}(?!\w)", text
            ):
                found.append(str(message.id))
    return found
