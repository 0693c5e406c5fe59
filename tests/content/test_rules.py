"""Content rules: link targets, topics and how each network counts a text."""

from __future__ import annotations

from typing import get_args

import pytest

from app.content.rules import (
    SHARE_TEXT_LIMITS,
    host_allowed,
    normalise_link,
    normalise_topics,
    share_text_length,
    share_text_problem,
)
from app.content.schemas import Kind, Network, Status
from app.models import KINDS, NETWORKS, STATUSES

LONG_LINK = "https://www.example.com/de/news/" + "a" * 120
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # 👨‍👩‍👧, five code points

REFUSED_LINKS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "//evil.example",
    "https://user:pw@evil.example/",
    "https://exa mple.com",
    "data:text/html,<script>alert(1)</script>",
    "http:///nohost",
    "https://example.com/\nSet-Cookie: a=b",
    "https://example.com\\@evil.example",
    "https:evil.example",
    "ftp://example.com/file",
    "https://example.com:99999/",
    "https://ex_ample.com/",
    "https://example.com/\u202egnp.exe",
    "https://" + "a" * 2048 + ".com/",
]


def test_the_api_enums_are_the_models_enums() -> None:
    assert get_args(Kind) == KINDS
    assert get_args(Status) == STATUSES
    assert get_args(Network) == NETWORKS
    assert set(SHARE_TEXT_LIMITS) == set(NETWORKS)


@pytest.mark.parametrize("link", REFUSED_LINKS)
def test_links_that_could_mislead_are_refused(link: str) -> None:
    with pytest.raises(ValueError, match=r"link|host"):
        normalise_link(link)


@pytest.mark.parametrize(
    ("link", "stored"),
    [
        ("HTTPS://Example.COM/Path?q=Grüße#Top", "https://example.com/Path?q=Grüße#Top"),
        ("http://example.com:8080", "http://example.com:8080"),
        ("https://bücher.example/", "https://xn--bcher-kva.example/"),
        ("http://[2001:db8::1]:80/x", "http://[2001:db8::1]:80/x"),
    ],
)
def test_links_are_stored_with_lowercase_scheme_and_host(link: str, stored: str) -> None:
    assert normalise_link(link) == stored


def test_the_host_allowlist_matches_exact_hosts_only() -> None:
    allowed = ["example.com", "Jobs.Example.com"]
    assert host_allowed("https://example.com/a", allowed)
    assert host_allowed("https://jobs.example.com/a", allowed)
    assert not host_allowed("https://www.example.com/a", allowed)
    assert not host_allowed("https://example.com.evil.example/a", allowed)
    assert host_allowed("https://anything.example/", [])


def test_topics_are_slugs_without_duplicates() -> None:
    assert normalise_topics(["Engineering", "engineering", " heat-pumps "]) == [
        "engineering",
        "heat-pumps",
    ]
    for bad in (["two words"], ["ümlaut"], ["a" * 41], ["-leading"], [""]):
        with pytest.raises(ValueError, match="slug"):
            normalise_topics(bad)
    with pytest.raises(ValueError, match="at most 20"):
        normalise_topics([f"t{i}" for i in range(21)])


def test_x_counts_every_link_as_23() -> None:
    text = f"Wir suchen dich! {LONG_LINK} (Kassel)"
    assert share_text_length("x", text) == len("Wir suchen dich! ") + 23 + len(" (Kassel)")
    assert share_text_length("x", f"Siehe {LONG_LINK}.") == 6 + 23 + 1


def test_x_weighs_emoji_and_cjk_double() -> None:
    assert share_text_length("x", "Köln 🎉") == 5 + 2
    assert share_text_length("x", FAMILY) == 2
    assert share_text_length("x", "日本") == 4


def test_bluesky_counts_graphemes() -> None:
    assert share_text_length("bluesky", FAMILY) == 1
    assert share_text_length("bluesky", "Grüße aus Köln 🎉") == 16
    assert share_text_problem("bluesky", FAMILY * 300) is None
    problem = share_text_problem("bluesky", FAMILY * 301)
    assert problem is not None
    assert "bluesky" in problem


def test_mastodon_counts_links_as_23_and_the_rest_as_graphemes() -> None:
    assert share_text_length("mastodon", f"{FAMILY} {LONG_LINK}") == 1 + 1 + 23


@pytest.mark.parametrize(("network", "limit"), sorted(SHARE_TEXT_LIMITS.items()))
def test_each_network_allows_exactly_its_limit(network: str, limit: int) -> None:
    assert share_text_problem(network, "a" * limit) is None
    assert f"allows {limit}" in (share_text_problem(network, "a" * (limit + 1)) or "")


def test_blank_and_unstorable_share_texts_are_refused() -> None:
    assert "empty" in (share_text_problem("linkedin", "  \n") or "")
    assert "NUL" in (share_text_problem("linkedin", "a\x00b") or "")


def test_a_text_of_short_counted_links_is_still_bounded_by_storage() -> None:
    text = " ".join(["https://example.com/" + "p" * 1000] * 11)
    assert share_text_length("x", text) <= 280
    assert "over 3000" in (share_text_problem("x", text) or "")
