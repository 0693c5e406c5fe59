"""What a web page says about itself for a link card: its Open Graph tags, title, description,
canonical link and language, read with the standard library's HTML parser.
"""

from __future__ import annotations

import codecs
import re
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser

OPEN_GRAPH = ("og:title", "og:description", "og:image", "og:image:secure_url", "og:url")
# The encodings of the WHATWG Encoding Standard that Python has: a page cannot name
# another codec (rot13, punycode, zlib …) and have gladshare run it on its body.
WEB_CODECS = frozenset(
    codecs.lookup(name).name
    for name in (
        "utf-8", "utf-16-le", "utf-16-be", "cp866", "koi8-r", "koi8-u", "mac-roman",
        "mac-cyrillic", "cp874", "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255",
        "cp1256", "cp1257", "cp1258", "gbk", "gb18030", "big5", "euc-jp", "iso2022-jp",
        "shift-jis", "cp932", "euc-kr",
        *(f"iso8859-{n}" for n in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16)),
    )
)  # fmt: skip
# What browsers decode when a page says these (WHATWG): Latin-1 and ASCII mean windows-1252.
BROWSER_READS = {"iso8859-1": "cp1252", "ascii": "cp1252", "gb2312": "gbk"}
LABEL_ALIASES = {"windows-874": "cp874", "x-sjis": "cp932", "x-mac-cyrillic": "mac-cyrillic"}
BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
PRESCAN_BYTES = 1024  # where the HTML standard looks for <meta charset>
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
TEXT_LIMIT = 4000  # a title or description longer than this is not one
# Fed in pieces, so that the time budget is checked between them: an endless tag makes
# the parser look at the same text again with every piece, so pieces are not too small.
PIECE = 256 * 1024


@dataclass
class PageTags:
    """The tags found, each the first of its kind, whitespace collapsed."""

    open_graph: dict[str, str] = field(default_factory=dict)
    title: str | None = None
    description: str | None = None
    canonical: str | None = None
    lang: str | None = None


def page_codec(label: str | None) -> str | None:
    """The Python codec for a charset label a page or its server gave; None when unusable."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    try:
        name = codecs.lookup(LABEL_ALIASES.get(label, label)).name
    except LookupError:
        return None
    name = BROWSER_READS.get(name, name)
    return name if name in WEB_CODECS else None


def page_text(body: bytes, *, charset: str | None) -> str:
    """The page as text: a byte-order mark first, then the server's charset, then the page's
    <meta charset>, then UTF-8 if it decodes, else windows-1252 (as browsers guess)."""
    for bom, codec in BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(codec, "replace")
    declared = page_codec(charset)
    if declared is None and (meta := _META_CHARSET.search(body[:PRESCAN_BYTES])):
        declared = page_codec(meta[1].decode("ascii"))
        # A <meta> that could be read as ASCII rules out UTF-16 (the HTML standard).
        declared = "utf-8" if declared and declared.startswith("utf-16") else declared
    if declared is not None:
        return body.decode(declared, "replace")
    try:
        # final=False: a body cut at the size cap may end inside a character.
        return codecs.getincrementaldecoder("utf-8")().decode(body, final=False)
    except UnicodeDecodeError:
        return body.decode("cp1252", "replace")


def _clean(value: str | None) -> str | None:
    text = " ".join((value or "").split())[:TEXT_LIMIT]
    return text or None


class _TagReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags = PageTags()
        self._title: list[str] | None = None
        self._title_seen = False
        self._in_svg = 0
        self.head_over = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.head_over:
            return  # what the body holds is not the page's card
        found = {name: value or "" for name, value in attrs}
        if tag == "html" and self.tags.lang is None:
            self.tags.lang = _clean(found.get("lang") or found.get("xml:lang"))
        elif tag == "body":
            self.head_over = True
        elif tag == "svg":
            self._in_svg += 1  # an SVG's <title> names a drawing, not the page
        elif tag == "title" and not self._title_seen and not self._in_svg:
            self._title, self._title_seen = [], True
        elif tag == "meta":
            self._meta(found)
        elif tag == "link" and "canonical" in found.get("rel", "").lower().split():
            self.tags.canonical = self.tags.canonical or _clean(found.get("href"))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "svg":  # <svg/> opens nothing
            self.handle_starttag(tag, attrs)

    def _meta(self, found: dict[str, str]) -> None:
        # Open Graph says property=; many pages write name= instead, and networks read both.
        key = (found.get("property") or found.get("name") or "").strip().lower()
        content = _clean(found.get("content"))
        if content is None:
            return
        if key in OPEN_GRAPH:
            self.tags.open_graph.setdefault(key, content)
        elif key == "description" and "name" in found:
            self.tags.description = self.tags.description or content

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.head_over = True
        elif tag == "svg":
            self._in_svg = max(0, self._in_svg - 1)
        elif tag == "title" and self._title is not None:
            self.tags.title = _clean("".join(self._title))
            self._title = None

    def handle_data(self, data: str) -> None:
        if self._title is not None:
            self._title.append(data)

    def finish(self) -> PageTags:
        # No close(): it would parse the rest of an unfinished construct (an endless tag or
        # comment) once for every "<" in it, and nothing a link card needs is in there.
        if self._title is not None:  # a <title> never closed: what followed it
            self.tags.title = _clean("".join(self._title))
        return self.tags


def page_tags(text: str, *, until: float) -> PageTags:
    """The tags of an HTML page's head (broken markup yields what could be read);
    TimeoutError when reading them would go on past `until` (time.monotonic())."""
    reader = _TagReader()
    for start in range(0, len(text), PIECE):
        if time.monotonic() > until:
            raise TimeoutError("the page takes too long to read")
        reader.feed(text[start : start + PIECE])
        if reader.head_over:
            break
    return reader.finish()
