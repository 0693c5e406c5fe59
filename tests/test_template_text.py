"""Every word a template shows goes through gettext, so the catalog can translate it."""

from __future__ import annotations

import re

import pytest

from app.web.rendering import TEMPLATES_DIR, templates

# Names and codes that read the same in every language.
UNTRANSLATED_WORDS = {"gladshare", "ambassador", "share_attribution", "recognition", "UTC", "https"}
SHOWN_ATTRIBUTES = re.compile(r'\b(?:aria-label|alt|title|placeholder)="([^"]*)"')
WORD = re.compile(r"[^\W\d_][\w-]*")


def text_outside_gettext(source: str) -> list[str]:
    """Words a template shows literally: outside {% trans %} blocks, _() and other tags."""
    tokens = [(kind, value) for _, kind, value in templates.env.lex(source)]
    depth, parts = 0, []
    for index, (kind, value) in enumerate(tokens):
        if kind == "block_begin":
            name = next(v for k, v in tokens[index + 1 :] if k != "whitespace")
            depth += {"trans": 1, "endtrans": -1}.get(name, 0)
        # Everything Jinja evaluates becomes a marker that no word can span.
        parts.append(value if kind == "data" and depth == 0 else "\x00")
    shown = "".join(parts)
    chunks = [*SHOWN_ATTRIBUTES.findall(shown), re.sub(r"<[^>]*>", " ", shown)]
    return [
        word
        for chunk in chunks
        for word in WORD.findall(chunk.replace("\x00", " "))
        if word not in UNTRANSLATED_WORDS
    ]


@pytest.mark.parametrize(
    "template", sorted(str(p.relative_to(TEMPLATES_DIR)) for p in TEMPLATES_DIR.glob("**/*.html"))
)
def test_templates_show_no_literal_text(template: str) -> None:
    source = (TEMPLATES_DIR / template).read_text(encoding="utf-8")
    assert text_outside_gettext(source) == []


def test_literal_text_is_found() -> None:
    source = (
        '<nav aria-label="Main"><p>{{ _("Fine") }} Hello</p>'
        "{% trans %}Also fine{% endtrans %}<img alt=\"{{ _('ok') }}\"></nav>"
    )
    assert text_outside_gettext(source) == ["Main", "Hello"]
