"""The guides to the networks: complete in every language, rendered without raw HTML."""

from __future__ import annotations

import pytest

from app.errors import NotFound
from app.guides.library import GUIDES_DIR, MARKDOWN, NETWORKS, guide_read, guides_list
from app.web.i18n import LANGUAGES

SECTIONS = {
    "en": ("Setting up your profile", "Privacy settings", "How sharing works", "always optional"),
    "de": (
        "Profil einrichten",
        "Privatsphäre-Einstellungen",
        "funktioniert das Teilen",
        "freiwillig",
    ),
    "fr": (
        "Configurer votre profil",
        "réglages de confidentialité",
        "fonctionne le partage",
        "facultatif",
    ),
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("network", NETWORKS)
def test_every_network_has_a_short_guide_in_every_language(network: str, language: str) -> None:
    text = (GUIDES_DIR / language / f"{network}.md").read_text(encoding="utf-8")
    assert text.startswith("# ")
    assert 150 <= len(text.split()) <= 320
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert len(headings) == len(SECTIONS[language])
    for heading, section in zip(headings, SECTIONS[language], strict=True):
        assert section in heading
    assert "gladshare" in text  # says what gladshare does (and never does) there


def test_the_guide_comes_in_the_readers_language() -> None:
    german = guide_read(network="linkedin", language="de")
    assert german.language == "de"
    assert "<h2>So funktioniert das Teilen</h2>" in german.body
    french = guide_read(network="linkedin", language="fr")
    assert (french.language, french.title) == ("fr", "LinkedIn")
    assert "<h2>Comment fonctionne le partage</h2>" in french.body
    assert french.summary.startswith("Le réseau professionnel")
    english = guide_read(network="linkedin", language="en")
    assert "<h2>How sharing works</h2>" in english.body
    assert english.title == "LinkedIn"
    assert english.summary.startswith("The professional network")


def test_a_language_without_guides_falls_back_to_english() -> None:
    assert guide_read(network="bluesky", language="it").language == "en"


def test_the_index_lists_every_network_in_order() -> None:
    assert [guide.network for guide in guides_list(language="de")] == list(NETWORKS)


@pytest.mark.parametrize("network", ["tiktok", "../de/x", "", "LinkedIn"])
def test_unknown_networks_are_not_found(network: str) -> None:
    with pytest.raises(NotFound):
        guide_read(network=network, language="en")


def test_markdown_never_passes_html_or_scripts_through() -> None:
    html = MARKDOWN.render(
        "<script>alert(1)</script>\n\n[x](javascript:alert(1)) ![i](https://t.example/p.gif)"
    )
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert 'href="javascript:' not in html
    assert "<img" not in html


def test_links_carry_no_referrer() -> None:
    html = MARKDOWN.render("[Mastodon](https://joinmastodon.org/)")
    assert html.strip() == (
        '<p><a href="https://joinmastodon.org/" rel="noopener noreferrer">Mastodon</a></p>'
    )
