"""Import from a link: read a web page's Open Graph tags into a prefill for a new item.

The page is fetched under the SSRF rules webhooks obey (app/formats/targets.py): every
hop, redirects included, goes only to vetted public addresses, over http or https. The
body is read up to 2 MB and no further, everything within 5 seconds, and only HTML.
"""

from __future__ import annotations

import re
import time
import zlib
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

import httpx

from app.content.import_schemas import LinkImport, LinkWarningCode
from app.content.page_tags import PageTags, page_tags, page_text
from app.content.rules import host_allowed, normalise_link
from app.errors import BadGateway, GatewayTimeout, Invalid
from app.formats.languages import locale_tag
from app.formats.targets import TargetRefused, send_vetted, url_target, vetted_client

MAX_BYTES = 2 * 1024 * 1024
TIMEOUT_SECONDS = 5.0
MAX_REDIRECTS = 5
SCHEMES = ("http", "https")
REDIRECTS = frozenset({301, 302, 303, 307, 308})
HEADERS = {
    "User-Agent": "gladshare-link-import/1",
    "Accept": "text/html",
    "Accept-Encoding": "gzip, deflate",
}
TITLE_MAX, SUMMARY_MAX = 300, 2000  # as ContentCreate takes them
LATE = f"The page did not arrive within the {TIMEOUT_SECONDS:g} seconds an import may take."
# The page's head is all a link card needs: reading stops where the body begins.
_HEAD_OVER = re.compile(rb"</head\s*>|<body[\s>]", re.I)


def _refused(detail: str, why: str) -> Invalid:
    return Invalid(detail, errors=[{"loc": ["body", "url"], "msg": why}])


def _link(url: str, *, content_hosts: Iterable[str]) -> str:
    try:
        link = normalise_link(url)
    except ValueError as error:
        raise _refused(f"The link is not valid: {error}.", str(error)) from None
    if not host_allowed(link, content_hosts):
        why = "the host is not among the content hosts this installation allows"
        raise _refused("The link points to a host that is not allowed.", why)
    return link


def _body(response: httpx.Response, *, until: float) -> bytes:
    """At most MAX_BYTES of the page, decompressed as it arrives; the rest is never read."""
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("identity", "", "gzip", "x-gzip", "deflate"):
        raise BadGateway(f"The page is compressed as {encoding[:40]}, which gladshare cannot read.")
    # wbits=47 reads gzip and zlib; max_length keeps a small bomb from growing past the cap.
    inflater = zlib.decompressobj(wbits=47) if encoding not in ("identity", "") else None
    body = bytearray()
    for raw in response.iter_raw():
        if time.monotonic() > until:
            raise GatewayTimeout(LATE)
        try:
            data = raw if inflater is None else inflater.decompress(raw, MAX_BYTES - len(body))
        except zlib.error:
            raise BadGateway("The page's compressed body is broken.") from None
        body += data
        if len(body) >= MAX_BYTES or _HEAD_OVER.search(body, max(0, len(body) - len(data) - 8)):
            break
    return bytes(body[:MAX_BYTES])


def _answer(response: httpx.Response, *, until: float) -> PageTags:
    if not 200 <= response.status_code < 300:
        raise BadGateway(f"The page answered with status {response.status_code}.")
    media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "text/html":
        shown = media_type[:60] or "no declared type"
        raise _refused(f"The link leads to {shown}, not a web page.", "not a web page")
    text = page_text(_body(response, until=until), charset=response.charset_encoding)
    try:
        return page_tags(text, until=until)
    except TimeoutError:
        raise GatewayTimeout(LATE) from None


def _fetch(link: str, *, allow_private: bool, until: float) -> tuple[str, PageTags]:
    url = link
    with vetted_client(timeout=TIMEOUT_SECONDS) as client:
        for hop in range(MAX_REDIRECTS + 1):
            try:
                target = url_target(url, schemes=SCHEMES, allow_private=allow_private)
            except TargetRefused as exc:
                where = "The link" if hop == 0 else "The link redirects to an address that"
                raise _refused(f"{where} is refused: {exc}.", str(exc)) from None
            if (left := until - time.monotonic()) <= 0:
                raise GatewayTimeout(LATE)
            try:
                response = send_vetted(client, target, method="GET", headers=HEADERS, timeout=left)
            except httpx.TimeoutException:
                raise GatewayTimeout(LATE) from None
            except httpx.HTTPError as exc:
                raise BadGateway(f"The page could not be reached: {type(exc).__name__}.") from None
            try:
                if response.status_code not in REDIRECTS:
                    return url, _answer(response, until=until)
                url = _redirect(url, response.headers.get("location"))
            except httpx.TimeoutException:
                raise GatewayTimeout(LATE) from None
            except httpx.HTTPError as exc:
                raise BadGateway(f"The page broke off: {type(exc).__name__}.") from None
            finally:
                response.close()  # a body not read to its end is not read at all
    raise BadGateway(f"The page redirects more than {MAX_REDIRECTS} times.")


def _redirect(url: str, location: str | None) -> str:
    if not location:
        raise BadGateway("The page redirects without saying where.")
    try:
        return normalise_link(urljoin(url, location.strip()))
    except ValueError as error:
        why = str(error)
        raise _refused(f"The link redirects to an address that is refused: {why}.", why) from None


def _page_link(value: str | None, *, base: str, content_hosts: Iterable[str]) -> str | None:
    """A link the page names, made absolute; None unless an item may carry it."""
    if not value:
        return None
    try:
        link = normalise_link(urljoin(base, value))
    except ValueError:
        return None
    return link if host_allowed(link, content_hosts) else None


def _shortened(text: str | None, limit: int) -> str | None:
    if text is None or len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


def _language(lang: str | None) -> str | None:
    try:
        return locale_tag(lang) if lang else None
    except ValueError:
        return None


WARNINGS: dict[LinkWarningCode, str] = {
    "no_og_title": "The page has no og:title: networks may show its <title> or no headline.",
    "no_og_description": "The page has no og:description: link cards will show no summary.",
    "no_og_image": "The page has no og:image: link cards will show no picture.",
    "image_relative": "The page's og:image is not a full URL: some networks ignore it.",
    "image_not_https": "The page's og:image is not an https link: networks may not show it.",
    "image_host_not_allowed": "The page's image is on a host this installation does not "
    "allow for content, so it is left out.",
    "page_not_https": "The page is served over plain http: readers trust https links more.",
}


def _image_warnings(image: str | None, image_url: str | None, *, page_url: str) -> list[str]:
    if image is None:
        return ["no_og_image"]
    found = [] if urlsplit(image).scheme else ["image_relative"]
    scheme = urlsplit(urljoin(page_url, image)).scheme
    if image_url is None and scheme in SCHEMES:
        found.append("image_host_not_allowed")  # a valid link, refused by CONTENT_HOSTS
    elif scheme != "https":
        found.append("image_not_https")
    return found


def link_prefill(
    *, link: str, page_url: str, tags: PageTags, content_hosts: Iterable[str]
) -> LinkImport:
    """The prefill a page's tags give, with a warning for each tag a link card will miss."""
    hosts = list(content_hosts)
    og = tags.open_graph
    needed = (("og:title", "no_og_title"), ("og:description", "no_og_description"))
    found = [code for tag, code in needed if tag not in og]
    image = og.get("og:image:secure_url") or og.get("og:image")
    image_url = _page_link(image, base=page_url, content_hosts=hosts)
    found += _image_warnings(image, image_url, page_url=page_url)
    candidates = (og.get("og:url"), tags.canonical, page_url)
    named = (_page_link(c, base=page_url, content_hosts=hosts) for c in candidates)
    url = next((u for u in named if u is not None), link)
    if urlsplit(url).scheme != "https":
        found.append("page_not_https")
    return LinkImport(
        page_url=page_url,
        title=_shortened(og.get("og:title") or tags.title, TITLE_MAX),
        summary=_shortened(og.get("og:description") or tags.description, SUMMARY_MAX) or "",
        url=url,
        image_url=image_url,
        language=_language(tags.lang),
        warnings=[(code, WARNINGS[code]) for code in WARNINGS if code in found],
    )


def link_import(
    *,
    url: str,
    allow_private: bool,
    content_hosts: Iterable[str],
    timeout: float = TIMEOUT_SECONDS,
) -> LinkImport:
    """Read the page at `url` into a prefill for a new item, with what its link card lacks.

    Invalid (422) for a bad link or an address the SSRF rules refuse, on any hop;
    BadGateway (502) when the page fails; GatewayTimeout (504) after `timeout` seconds.
    """
    hosts = list(content_hosts)
    link = _link(url, content_hosts=hosts)
    page_url, tags = _fetch(link, allow_private=allow_private, until=time.monotonic() + timeout)
    return link_prefill(link=link, page_url=page_url, tags=tags, content_hosts=hosts)
