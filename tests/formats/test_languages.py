"""Language tags: one BCP 47 grammar for content, consent texts and employees' locales."""

from __future__ import annotations

import pytest

from app.formats.languages import language_tag, locale_tag

# As written, and as a tag in its usual case.
USUAL_CASE = {
    "de": "de",
    "EN": "en",
    "de-ch": "de-CH",
    "pt-br": "pt-BR",
    "sr-latn-rs": "sr-Latn-RS",
    "es-419": "es-419",
    "de-CH-1996": "de-CH-1996",
    "EN-gb-OXENDICT": "en-GB-oxendict",
    "zh-YUE-hk": "zh-yue-HK",
    "en-US-u-ca-Gregory": "en-US-u-ca-gregory",
    "de-CH-x-Phonebk": "de-CH-x-phonebk",
}


@pytest.mark.parametrize(("tag", "normal"), USUAL_CASE.items())
def test_language_tags_get_their_usual_case(tag: str, normal: str) -> None:
    assert language_tag(tag) == normal


# Each malformed tag, and what is wrong with it.
MALFORMED = {
    "": "empty",
    "d": "a one-letter language",
    "deutsch": "a language's name, not its code",
    "de_CH": "an underscore (only locales may have one)",
    "de-": "an empty subtag at the end",
    "en-US-": "an empty subtag after the region",
    "1de": "a language starting with a digit",
    "de CH": "a space",
    "en-x": "a private-use part without subtags",
    "en-a-b": "an extension subtag of one letter",
    "x-private": "a private-use tag without a language",
    "de-CH-" + "-".join(["abcdefgh"] * 4): "longer than 35 characters",
}


@pytest.mark.parametrize("tag", MALFORMED, ids=MALFORMED.values())
def test_malformed_language_tags_are_refused(tag: str) -> None:
    with pytest.raises(ValueError, match="BCP 47"):
        language_tag(tag)


@pytest.mark.parametrize(
    ("locale", "tag"),
    [("de_ch", "de-CH"), (" en_GB ", "en-GB"), ("ZH-hant", "zh-Hant"), ("de", "de")],
)
def test_locales_from_hr_and_identity_providers_may_use_underscores(locale: str, tag: str) -> None:
    assert locale_tag(locale) == tag


def test_a_locale_is_held_to_the_same_grammar() -> None:
    for locale in ("Deutsch", "de_", "de__CH", "en-abcdefghi"):
        with pytest.raises(ValueError, match="BCP 47"):
            locale_tag(locale)
