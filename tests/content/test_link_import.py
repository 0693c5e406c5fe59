"""Import from a link against a real web server: tags, fallbacks, the SSRF rules on every
hop, the size cap, the time budget, types and compression."""

from __future__ import annotations

import gzip
import time
import tracemalloc
from collections.abc import Iterator

import pytest

from app.content.link_import import MAX_BYTES, link_import
from app.content.schemas import ContentCreate
from app.errors import BadGateway, GatewayTimeout, Invalid
from tests.support.web_pages import Page, Site, web_site

TAGGED = """<!doctype html><html lang="en-GB"><head><title>Plain title</title>
<meta property="og:title" content="Our new plant opens">
<meta property="og:description" content="Three hundred jobs in Leipzig.">
<meta property="og:image" content="https://cdn.example.com/plant.jpg">
<meta property="og:url" content="https://news.example.com/plant">
</head><body>…</body></html>"""
HUGE = 100 * 1024 * 1024


@pytest.fixture
def site() -> Iterator[Site]:
    """A real web server on loopback."""
    with web_site() as running:
        yield running


def imported(url: str, *, hosts: tuple[str, ...] = (), timeout: float = 5.0) -> dict[str, object]:
    """What the import gives for `url`, with loopback allowed as in tests of webhooks."""
    found = link_import(url=url, allow_private=True, content_hosts=hosts, timeout=timeout)
    return {
        "title": found.title,
        "summary": found.summary,
        "url": found.url,
        "image_url": found.image_url,
        "language": found.language,
        "warnings": [code for code, _ in found.warnings],
        "page_url": found.page_url,
    }


def test_a_tagged_page_prefills_every_field_without_warnings(site: Site) -> None:
    url = site.html("/plant", TAGGED)
    assert imported(url) == {
        "title": "Our new plant opens",
        "summary": "Three hundred jobs in Leipzig.",
        "url": "https://news.example.com/plant",
        "image_url": "https://cdn.example.com/plant.jpg",
        "language": "en-GB",
        "warnings": [],
        "page_url": url,
    }
    (_, headers), *_ = site.requests
    assert headers["user-agent"].startswith("gladshare-link-import/")


def test_a_bare_page_falls_back_and_says_what_link_cards_will_miss(site: Site) -> None:
    url = site.html(
        "/bare",
        '<html lang="de_DE"><title>Nur ein Titel</title>'
        '<meta name="description" content="Eine Beschreibung.">'
        '<link rel="canonical" href="/kanonisch"></html>',
    )
    found = imported(url)
    assert (found["title"], found["summary"]) == ("Nur ein Titel", "Eine Beschreibung.")
    assert (found["url"], found["language"], found["image_url"]) == (
        site.url("/kanonisch"),
        "de-DE",
        None,
    )
    assert found["warnings"] == [
        "no_og_title",
        "no_og_description",
        "no_og_image",
        "page_not_https",
    ]


def test_an_image_that_is_relative_or_plain_http_is_flagged(site: Site) -> None:
    page = '<meta property="og:title" content="T"><meta property="og:description" content="D">'
    relative = site.html("/relative", page + '<meta property="og:image" content="/i.png">')
    http = site.html("/http", page + '<meta property="og:image" content="http://x.example/i">')
    found = imported(relative)
    assert found["image_url"] == site.url("/i.png")
    assert found["warnings"] == ["image_relative", "image_not_https", "page_not_https"]
    assert imported(http)["warnings"] == ["image_not_https", "page_not_https"]


def test_content_hosts_keep_links_to_their_hosts(site: Site) -> None:
    url = site.html("/plant", TAGGED)
    found = imported(url, hosts=("127.0.0.1",))
    # og:url and the image are elsewhere: the item keeps the page and no image.
    assert (found["url"], found["image_url"]) == (url, None)
    assert "image_host_not_allowed" in found["warnings"]  # type: ignore[operator]
    with pytest.raises(Invalid, match="not allowed"):
        imported(url, hosts=("example.com",))
    assert len(site.requests) == 1  # the refused host was not asked


def test_redirects_are_followed_to_the_page(site: Site) -> None:
    page = site.html("/final", TAGGED)
    site.redirect("/two", "/final", status=301)
    start = site.redirect("/one", site.url("/two"), status=307)
    assert imported(start)["page_url"] == page
    assert [path for path, _ in site.requests] == ["/one", "/two", "/final"]


@pytest.mark.parametrize(
    "location",
    [
        "http://0.0.0.0:{port}/final",  # never a target, private addresses allowed or not
        "http://[64:ff9b::7f00:1]:{port}/final",  # NAT64 of 127.0.0.1
        "http://[::ffff:0:7f00:1]:{port}/final",  # IPv4-translated 127.0.0.1
        "http://224.0.0.1/final",
        "ftp://127.0.0.1/final",
        "file:///etc/passwd",
        "http://user:pw@127.0.0.1:{port}/final",
    ],
)
def test_a_redirect_to_a_refused_address_is_refused_without_asking_it(
    site: Site, location: str
) -> None:
    site.html("/final", TAGGED)
    start = site.redirect("/go", location.format(port=site.port))
    with pytest.raises(Invalid, match="redirects to an address that is refused") as caught:
        imported(start)
    assert caught.value.extra["errors"][0]["loc"] == ["body", "url"]
    assert [path for path, _ in site.requests] == ["/go"]


def test_without_private_addresses_the_test_server_itself_is_refused(site: Site) -> None:
    url = site.html("/plant", TAGGED)
    for refused in (url, site.url("/plant", host="localhost")):
        with pytest.raises(Invalid, match=r"is refused: .*(private|standard http port)"):
            link_import(url=refused, allow_private=False, content_hosts=())
    assert site.requests == []


def test_too_many_redirects_and_one_without_a_location_are_upstream_failures(
    site: Site,
) -> None:
    for hop in range(7):
        site.redirect(f"/loop{hop}", f"/loop{hop + 1}")
    with pytest.raises(BadGateway, match="more than 5 times"):
        imported(site.url("/loop0"))
    assert len(site.requests) == 6
    site.serve("/nowhere", Page(status=302, headers={}, length=0))
    with pytest.raises(BadGateway, match="without saying where"):
        imported(site.url("/nowhere"))


@pytest.mark.parametrize("status", [404, 410, 500, 503])
def test_a_page_that_fails_is_an_upstream_failure(site: Site, status: int) -> None:
    site.serve("/failing", Page(status=status, length=0))
    with pytest.raises(BadGateway, match=f"status {status}"):
        imported(site.url("/failing"))


def test_a_server_that_is_not_there_is_an_upstream_failure(site: Site) -> None:
    with web_site() as gone:
        url = gone.url("/page")
    with pytest.raises(BadGateway, match="could not be reached"):
        imported(url)


@pytest.mark.parametrize(
    "content_type", ["application/pdf", "application/json", "image/png", "text/plain", None]
)
def test_only_html_is_read(site: Site, content_type: str | None) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    site.serve("/file", Page(headers=headers, pieces=lambda: [b"%PDF-1.7"], length=8))
    with pytest.raises(Invalid, match="not a web page"):
        imported(site.url("/file"))


def test_odd_charsets_in_the_header_and_in_the_page(site: Site) -> None:
    latin = site.html(
        "/latin",
        '<meta property="og:title" content="Grüße aus Köln €">'.encode("cp1252"),
        content_type="text/html; charset=ISO-8859-1",
    )
    cyrillic = site.html(
        "/cyrillic",
        '<meta charset="windows-1251"><meta property="og:title" content="Привет">'.encode("cp1251"),
        content_type="text/html",
    )
    assert imported(latin)["title"] == "Grüße aus Köln €"
    assert imported(cyrillic)["title"] == "Привет"


def test_a_huge_body_is_read_to_the_cap_and_no_further(site: Site) -> None:
    head = b'<html><head><meta property="og:title" content="Big">'
    late = b'<meta property="og:description" content="Past the cap">'
    piece = b" " * 65536

    def pieces() -> Iterator[bytes]:
        yield head
        for _ in range(HUGE // len(piece)):
            yield piece
        yield late

    site.serve("/huge", Page(pieces=pieces, length=len(head) + HUGE + len(late)))
    tracemalloc.start()
    try:
        found = imported(site.url("/huge"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert found["title"] == "Big"
    assert "no_og_description" in found["warnings"]  # type: ignore[operator]
    assert peak < 8 * MAX_BYTES  # the cap, its text and the parser: not 100 MB
    assert site.sent_to("/huge") < 8 * MAX_BYTES  # it stopped reading; buffers took the rest


def test_a_compressed_bomb_is_inflated_only_to_the_cap(site: Site) -> None:
    bomb = gzip.compress(b"<html><head>" + b" " * HUGE, compresslevel=1)
    headers = {"Content-Type": "text/html", "Content-Encoding": "gzip"}
    site.serve("/bomb", Page(headers=headers, pieces=lambda: [bomb], length=len(bomb)))
    tracemalloc.start()
    try:
        found = imported(site.url("/bomb"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert found["warnings"][:2] == ["no_og_title", "no_og_description"]  # type: ignore[index]
    assert peak < 8 * MAX_BYTES


def test_a_gzipped_page_is_read_and_an_unknown_encoding_refused(site: Site) -> None:
    body = gzip.compress(TAGGED.encode())
    zipped = {"Content-Type": "text/html", "Content-Encoding": "gzip"}
    site.serve("/gz", Page(headers=zipped, pieces=lambda: [body], length=len(body)))
    assert imported(site.url("/gz"))["title"] == "Our new plant opens"
    brotli = {"Content-Type": "text/html", "Content-Encoding": "br"}
    site.serve("/br", Page(headers=brotli, pieces=lambda: [b"\x1b"], length=1))
    with pytest.raises(BadGateway, match="compressed as br"):
        imported(site.url("/br"))


def test_a_slow_body_or_a_slow_answer_times_out_in_time(site: Site) -> None:
    site.serve("/trickle", Page(pieces=lambda: (b"<" for _ in range(600)), length=600, pause=0.05))
    site.serve("/silent", Page(delay=3.0, length=0))
    for path in ("/trickle", "/silent"):
        started = time.monotonic()
        with pytest.raises(GatewayTimeout):
            imported(site.url(path), timeout=1.0)
        assert time.monotonic() - started < 1.6


def test_the_prefill_makes_a_valid_item_even_from_an_overlong_page(site: Site) -> None:
    url = site.html(
        "/long",
        f'<html lang="not a language"><meta property="og:title" content="{"Word " * 200}">'
        f'<meta property="og:description" content="{"Sentence. " * 500}">',
    )
    found = link_import(url=url, allow_private=True, content_hosts=())
    assert found.title is not None
    assert (len(found.title), found.title[-1]) == (300, "…")
    assert len(found.summary) == 2000
    assert found.language is None
    item = ContentCreate(
        kind="article", title=found.title, summary=found.summary, url=found.url, language="en"
    )
    assert item.url == url
