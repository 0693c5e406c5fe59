"""Reading a page's head: Open Graph tags and their fallbacks, and the page's charset."""

from __future__ import annotations

import codecs
import time

import pytest

from app.content.page_tags import page_codec, page_tags, page_text


def tags_of(html: str) -> dict[str, object]:
    found = page_tags(html, until=time.monotonic() + 5)
    return {
        "og": found.open_graph,
        "title": found.title,
        "description": found.description,
        "canonical": found.canonical,
        "lang": found.lang,
    }


TAGGED = """<!doctype html><html lang="de-CH"><head>
<title>Fallback title</title>
<meta property="og:title" content="Grüße &amp; mehr">
<meta property="og:description" content="  Zwei
   Zeilen ">
<meta property="og:image" content="https://cdn.example.com/a.jpg">
<meta property="og:url" content="https://example.com/a">
<meta name="description" content="The plain description">
<link rel="canonical" href="https://example.com/canonical">
</head><body><h1>Hello</h1></body></html>"""


def test_open_graph_tags_are_read_with_entities_decoded_and_whitespace_collapsed() -> None:
    assert tags_of(TAGGED) == {
        "og": {
            "og:title": "Grüße & mehr",
            "og:description": "Zwei Zeilen",
            "og:image": "https://cdn.example.com/a.jpg",
            "og:url": "https://example.com/a",
        },
        "title": "Fallback title",
        "description": "The plain description",
        "canonical": "https://example.com/canonical",
        "lang": "de-CH",
    }


def test_the_first_of_each_tag_counts_and_name_works_like_property() -> None:
    found = tags_of(
        '<META NAME="og:title" CONTENT="First"><meta property="og:title" content="Second">'
        '<meta property="og:image" content=""><meta property="og:image" content="/b.png">'
        "<title>One</title><title>Two</title>"
    )
    assert found["og"] == {"og:title": "First", "og:image": "/b.png"}
    assert found["title"] == "One"


def test_tags_in_scripts_comments_and_drawings_are_not_the_page_s() -> None:
    found = tags_of(
        '<head><script>var s = \'<meta property="og:title" content="Script">\';</script>'
        '<!-- <meta property="og:image" content="https://x.example/c.png"> -->'
        "<svg><title>A drawing</title></svg><title>The page</title>"
        '<link rel="stylesheet canonical" href="/c"></head>'
    )
    assert found["og"] == {}
    assert (found["title"], found["canonical"]) == ("The page", "/c")


def test_reading_stops_where_the_body_begins() -> None:
    found = tags_of(
        "<head><title>Head</title></head><body>"
        '<meta property="og:title" content="In the body"></body>'
    )
    assert (found["og"], found["title"]) == ({}, "Head")


def test_broken_markup_gives_what_could_be_read() -> None:
    found = tags_of('<meta property="og:title" content="Kept"><title>Never closed <b')
    assert found["og"] == {"og:title": "Kept"}
    assert found["title"] == "Never closed"
    assert tags_of("<!--" * 1000)["og"] == {}


@pytest.mark.parametrize(
    "endless",
    ["<a " + "x=1 " * 500_000, "<![CDATA[" * 200_000, "<!--" * 500_000, "<" * 2_000_000],
    ids=["tag", "cdata", "comments", "brackets"],
)
def test_a_page_built_to_tie_up_the_parser_stays_within_its_time(endless: str) -> None:
    started = time.monotonic()
    try:
        page_tags(endless, until=started + 1.0)
    except TimeoutError:
        pass
    # The budget is checked between pieces of 256 KiB: one piece more at most.
    assert time.monotonic() - started < 2.5


CHARSETS = [
    # (body, the server's charset, the title it reads as)
    ("<title>Grüße €</title>".encode("cp1252"), "iso-8859-1", "Grüße €"),  # as browsers do
    ("<title>Grüße</title>".encode("latin-1"), "latin1", "Grüße"),
    ('<meta charset="windows-1251"><title>Привет</title>'.encode("cp1251"), None, "Привет"),
    (
        '<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">'
        "<title>日本語</title>".encode("shift_jis"),
        None,
        "日本語",
    ),
    ("<title>Grüße</title>".encode("cp1252"), None, "Grüße"),  # not UTF-8: windows-1252
    ("<title>Grüße 🎉</title>".encode(), None, "Grüße 🎉"),
    (codecs.BOM_UTF8 + "<title>Ölfass</title>".encode(), "iso-8859-1", "Ölfass"),  # BOM wins
    (codecs.BOM_UTF16_LE + "<title>Ölfass</title>".encode("utf-16-le"), None, "Ölfass"),
    ("<title>Grüße</title>".encode(), "no-such-charset", "Grüße"),
    ('<meta charset="rot13"><title>Grüße</title>'.encode(), None, "Grüße"),
    ('<meta charset="utf-16"><title>Grüße</title>'.encode(), None, "Grüße"),
]


@pytest.mark.parametrize(("body", "charset", "title"), CHARSETS)
def test_the_charset_comes_from_the_bom_the_server_the_page_or_a_guess(
    body: bytes, charset: str | None, title: str
) -> None:
    assert tags_of(page_text(body, charset=charset))["title"] == title


def test_a_body_cut_inside_a_character_stays_utf_8() -> None:
    body = "<title>Grüße</title>".encode() + "ü".encode()[:1]
    assert page_text(body, charset=None).startswith("<title>Grüße</title>")


@pytest.mark.parametrize("label", ["rot13", "punycode", "zlib", "base64", "idna", ""])
def test_only_web_encodings_are_used(label: str) -> None:
    assert page_codec(label) is None
