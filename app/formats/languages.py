"""Language tags (BCP 47, RFC 5646): one grammar and one way of writing them."""

from __future__ import annotations

import re

LANGUAGE_MAX_LENGTH = 35
# RFC 5646 `langtag`: language (with extended subtags), script, region, variants,
# extensions and a private-use part. Grandfathered tags are not accepted.
_LANGUAGE_TAG = re.compile(
    r"(?P<language>[a-z]{2,3}(?:-[a-z]{3}){0,3})"
    r"(?:-(?P<script>[a-z]{4}))?"
    r"(?:-(?P<region>[a-z]{2}|[0-9]{3}))?"
    r"(?P<rest>(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*"
    r"(?:-[0-9a-wy-z](?:-[a-z0-9]{2,8})+)*"
    r"(?:-x(?:-[a-z0-9]{1,8})+)?)",
    re.IGNORECASE,
)


def language_tag(value: str) -> str:
    """A BCP 47 tag in its usual case (de, de-CH, pt-BR, sr-Latn-RS); ValueError otherwise."""
    match = _LANGUAGE_TAG.fullmatch(value) if len(value) <= LANGUAGE_MAX_LENGTH else None
    if match is None:
        raise ValueError("not a BCP 47 language tag such as de, en, de-CH or pt-BR")
    script, region = match["script"], match["region"]
    return "".join(
        (
            match["language"].lower(),
            f"-{script.title()}" if script else "",
            f"-{region.upper()}" if region else "",
            match["rest"].lower(),
        )
    )


def locale_tag(value: str) -> str:
    """A language tag from an HR system or identity provider, which may write de_CH for de-CH."""
    return language_tag(value.strip().replace("_", "-"))
