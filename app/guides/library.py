"""Guides to the social networks: Markdown files in app/guides/<language>/, rendered safely."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

from app.errors import NotFound
from app.web.i18n import DEFAULT_LANGUAGE, N_

GUIDES_DIR = Path(__file__).parent
NETWORKS = ("linkedin", "xing", "mastodon", "bluesky", "x", "facebook", "instagram", "threads")


@dataclass(frozen=True)
class Guide:
    """One network's guide in one language."""

    network: str
    language: str
    title: str
    summary: str
    body: Markup


def _link_open(renderer: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    # The guides link to the networks' own help pages: no referrer, no window.opener.
    tokens[idx].attrSet("rel", "noopener noreferrer")
    return str(renderer.renderToken(tokens, idx, options, env))


def _markdown() -> MarkdownIt:
    """CommonMark without raw HTML or images: the guides are text and links only."""
    md = MarkdownIt("commonmark", {"html": False}).disable("image")
    md.add_render_rule("link_open", _link_open)
    return md


MARKDOWN = _markdown()


@cache
def _guide_load(network: str, language: str) -> Guide:
    path = GUIDES_DIR / language / f"{network}.md"
    if not path.is_file():
        path = GUIDES_DIR / DEFAULT_LANGUAGE / f"{network}.md"
        language = DEFAULT_LANGUAGE
    heading, _, text = path.read_text(encoding="utf-8").partition("\n")
    summary = text.strip().split("\n\n", 1)[0].replace("\n", " ")
    # Markup only after markdown-it, which escapes everything: the files are our own.
    body = Markup(MARKDOWN.render(text))
    return Guide(network, language, heading.removeprefix("# ").strip(), summary, body)


def guide_read(*, network: str, language: str) -> Guide:
    """The guide to one network, in `language` where written, else in English."""
    if network not in NETWORKS:
        raise NotFound(N_("There is no guide for that network."))
    return _guide_load(network, language)


def guides_list(*, language: str) -> list[Guide]:
    """Every network's guide, in a fixed order."""
    return [_guide_load(network, language) for network in NETWORKS]
