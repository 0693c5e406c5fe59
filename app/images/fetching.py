"""An item's image_url, fetched once under the SSRF rules and stored as our copy.

The web process sweeps every few seconds (app/routers/ui/images.py): an item whose
image_url is a web address and whose image_key is not a copy of that address gets one,
whether comms typed the URL in the studio or a system sent it through the API. The
fetch obeys the webhooks' rules (app/formats/targets.py) on every hop, reads at most
8 MB within 5 seconds, and happens once per URL: a refusal is noted with its reason,
for the studio to show, and never tried again (comms uploads an image instead).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import httpx
from sqlmodel import Session, col, select

from app.formats.targets import TargetRefused, send_vetted, url_target, vetted_client
from app.images.encoding import MAX_UPLOAD_BYTES, TOO_LARGE, ImageRefused, image_encoded
from app.images.store import copy_key, image_save, refusal_note, refusal_of, source_prefix
from app.models import ContentItem
from app.web.i18n import N_

TIMEOUT_SECONDS = 5.0
MAX_REDIRECTS = 5
SCHEMES = ("http", "https")
REDIRECTS = frozenset({301, 302, 303, 307, 308})
HEADERS = {"User-Agent": "gladshare-image-fetch/1", "Accept": "image/*"}
UNREACHABLE = N_("The image at this address could not be fetched.")
ADDRESS_REFUSED = N_("The image's address is not one we may fetch from (a private address).")
LATE = N_("The image did not arrive within 5 seconds.")


@dataclass(frozen=True)
class Due:
    """An item whose image_url has no copy of ours yet; `refused` when it never will."""

    content_id: str
    url: str | None  # None: the item has no image_url any more, so no copy either
    refused: str | None


def _body(response: httpx.Response, *, until: float) -> bytes:
    if not 200 <= response.status_code < 300:
        raise ImageRefused(UNREACHABLE)
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > MAX_UPLOAD_BYTES:
            raise ImageRefused(TOO_LARGE)
        if time.monotonic() > until:
            raise ImageRefused(LATE)
    return bytes(body)


def image_download(*, url: str, allow_private: bool) -> bytes:
    """The bytes at `url`, every hop vetted; ImageRefused (with the reason) otherwise."""
    until = time.monotonic() + TIMEOUT_SECONDS
    with vetted_client(timeout=TIMEOUT_SECONDS) as client:
        for _hop in range(MAX_REDIRECTS + 1):
            try:
                target = url_target(url, schemes=SCHEMES, allow_private=allow_private)
            except TargetRefused:
                raise ImageRefused(ADDRESS_REFUSED) from None
            if (left := until - time.monotonic()) <= 0:
                raise ImageRefused(LATE)
            try:
                response = send_vetted(client, target, method="GET", headers=HEADERS, timeout=left)
                try:
                    if response.status_code not in REDIRECTS:
                        return _body(response, until=until)
                    url = urljoin(url, response.headers.get("location", "").strip())
                finally:
                    response.close()
            except httpx.TimeoutException:
                raise ImageRefused(LATE) from None
            except httpx.HTTPError:
                raise ImageRefused(UNREACHABLE) from None
    raise ImageRefused(UNREACHABLE)


def image_copy(*, url: str, var_dir: Path, allow_private: bool) -> str | None:
    """Our copy of the image at `url` as an image key; None (and noted why) when refused."""
    try:
        encoded = image_encoded(data=image_download(url=url, allow_private=allow_private))
    except ImageRefused as refused:
        refusal_note(var_dir=var_dir, url=url, reason=refused.detail)
        return None
    return copy_key(url=url, name=image_save(var_dir=var_dir, encoded=encoded))


def images_due(*, session: Session, var_dir: Path) -> list[Due]:
    """Items whose image_url (a web address) has no copy of ours that matches it, and items
    whose image_url was taken away (the editor's field emptied) but not their copy."""
    url_column, key_column = col(ContentItem.image_url), col(ContentItem.image_key)
    rows = session.exec(
        select(ContentItem.id, ContentItem.image_url, ContentItem.image_key).where(
            url_column.startswith("http") | (url_column.is_(None) & key_column.is_not(None)),
            col(ContentItem.deleted_at).is_(None),
        )
    ).all()
    due: list[Due] = []
    for content_id, url, key in rows:
        if url is None:
            due.append(Due(content_id, None, None))
            continue
        if key is not None and key.startswith(source_prefix(url)):
            continue
        refused = refusal_of(var_dir=var_dir, url=url)
        if refused is None or key is not None:  # a key left from an earlier URL goes
            due.append(Due(content_id, url, refused))
    return due


def image_keys_set(*, session: Session, keys: Mapping[str, tuple[str | None, str | None]]) -> int:
    """Set each item's image key (id -> (the URL it copies, key)) unless its URL changed since."""
    changed = 0
    for content_id, (url, key) in keys.items():
        item = session.get(ContentItem, content_id)
        if item is not None and item.image_url == url and item.image_key != key:
            item.image_key = key
            changed += 1
    session.flush()
    return changed
