"""Share dialog URLs: every network gets the text and link back exactly as given."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from app.errors import Invalid
from app.models import NETWORKS
from app.sharing.shares import intent_url, mastodon_host

TEXT = "Grüße & Küsse #Kassel 🎉 100% + mehr\nZeile 2"
LINK = "https://gs.example/s/Ab-_9xYz0123"
TITLE = "Wir bauen: Halle 3 & mehr?"
WITH_LINK = f"{TEXT} {LINK}"

# network → (scheme://host/path of the dialog, its decoded query parameters)
EXPECTED = {
    "linkedin": ("https://www.linkedin.com/sharing/share-offsite/", {"url": LINK}),
    "xing": ("https://www.xing.com/spi/shares/new", {"url": LINK}),
    "x": ("https://x.com/intent/tweet", {"text": TEXT, "url": LINK}),
    "facebook": ("https://www.facebook.com/sharer/sharer.php", {"u": LINK}),
    "mastodon": ("https://social.example/share", {"text": WITH_LINK}),
    "bluesky": ("https://bsky.app/intent/compose", {"text": WITH_LINK}),
    "threads": ("https://www.threads.com/intent/post", {"text": WITH_LINK}),
    "whatsapp": ("https://wa.me/", {"text": WITH_LINK}),
    "email": ("mailto:", {"subject": TITLE, "body": f"{TEXT}\n\n{LINK}".replace("\n", "\r\n")}),
}


def decoded_query(url: str) -> dict[str, str]:
    """The query parameters, each present exactly once."""
    query = parse_qs(urlsplit(url).query, keep_blank_values=True, strict_parsing=True)
    assert all(len(values) == 1 for values in query.values())
    return {name: values[0] for name, values in query.items()}


def test_every_network_has_a_share_dialog() -> None:
    assert set(EXPECTED) == set(NETWORKS)


@pytest.mark.parametrize("network", sorted(EXPECTED))
def test_the_text_and_link_survive_the_share_dialog_url(network: str) -> None:
    url = intent_url(
        network=network, text=TEXT, link=LINK, mastodon_instance="social.example", subject=TITLE
    )
    prefix, params = EXPECTED[network]
    parts = urlsplit(url)
    assert f"{parts.scheme}:{'//' + parts.netloc if parts.netloc else ''}{parts.path}" == prefix
    # Nothing a browser or mail client would reinterpret is left unencoded.
    for raw in (" ", "+", "#", "\n", "\r", "ü", "🎉"):
        assert raw not in url
    assert decoded_query(url) == params


def test_email_writes_spaces_as_percent_20_and_line_breaks_as_crlf() -> None:
    url = intent_url(network="email", text="a b\nc", link="https://gs.example/s/x", subject="x y")
    assert (
        url == "mailto:?subject=x%20y&body=a%20b%0D%0Ac%0D%0A%0D%0Ahttps%3A%2F%2Fgs.example%2Fs%2Fx"
    )


def test_email_without_a_subject_has_only_a_body() -> None:
    url = intent_url(network="email", text="Hallo", link=LINK)
    assert decoded_query(url) == {"body": f"Hallo\r\n\r\n{LINK}"}


def test_mastodon_without_an_instance_is_refused() -> None:
    with pytest.raises(Invalid, match="mastodon_instance"):
        intent_url(network="mastodon", text=TEXT, link=LINK)


def test_an_unknown_network_is_refused() -> None:
    with pytest.raises(Invalid, match="Unknown network"):
        intent_url(network="myspace", text=TEXT, link=LINK)


@pytest.mark.parametrize(
    ("given", "host"),
    [
        ("social.example", "social.example"),
        ("Mastodon.Social", "mastodon.social"),
        (" chaos.social ", "chaos.social"),
        ("social.example:8443", "social.example:8443"),
        ("xn--mnchen-3ya.social", "xn--mnchen-3ya.social"),
        ("münchen.social", "xn--mnchen-3ya.social"),
        ("my-instance.co.uk", "my-instance.co.uk"),
    ],
)
def test_a_bare_host_is_a_mastodon_instance(given: str, host: str) -> None:
    assert mastodon_host(given) == host


@pytest.mark.parametrize(
    "given",
    [
        "",
        "https://social.example",
        "//social.example",
        "social.example/",
        "social.example/@alice",
        "alice@social.example",
        "social.example?next=evil.example",
        "social.example#x",
        "social.example:0",
        "social.example:65536",
        "social.example:http",
        "social.example:",
        "localhost",
        "social..example",
        "social.example.",
        "-social.example",
        "social-.example",
        "so cial.example",
        "social_example.org",
        "[::1]",
        "evil.example\\@social.example",
        "evil.example%2F.social.example",
        "a" * 64 + ".example",
    ],
)
def test_anything_but_a_bare_host_is_not_a_mastodon_instance(given: str) -> None:
    with pytest.raises(Invalid) as caught:
        mastodon_host(given)
    assert caught.value.extra["errors"][0]["loc"] == ["body", "mastodon_instance"]
