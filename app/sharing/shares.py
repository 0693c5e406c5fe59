"""Shares: a short link per share, attribution only with consent, the networks' share dialogs."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from sqlmodel import Session, col, select

from app.analytics.rollup import share_counted
from app.caches import TtlCache
from app.config import Settings
from app.consent.ledger import consent_holds
from app.consent.purposes import ATTRIBUTION
from app.content.rules import share_text_problem
from app.content.visibility import published_item
from app.db import insert_soon
from app.errors import Conflict, Invalid, NotFound
from app.formats.hosts import host_name
from app.models import (
    NETWORKS,
    AmbassadorProfile,
    ContentItem,
    Employee,
    ShareEvent,
    ShareText,
    ShortLink,
    new_id,
    utcnow,
)
from app.sharing.leadership import leader_share_note
from app.short_links.codes import new_short_code, short_url
from app.web.i18n import N_

SOURCES = ("api", "ui")
LINK_ONLY_DIALOGS = {
    "linkedin": "https://www.linkedin.com/sharing/share-offsite/?url=",
    "xing": "https://www.xing.com/spi/shares/new?url=",
    "facebook": "https://www.facebook.com/sharer/sharer.php?u=",
}
TEXT_DIALOGS = {
    "bluesky": "https://bsky.app/intent/compose?text=",
    "threads": "https://www.threads.com/intent/post?text=",
    "whatsapp": "https://wa.me/?text=",
}
_INSTANCE = re.compile(r"(?P<host>[^:/?#@\s\\\[\]]+)(?::(?P<port>[0-9]{1,5}))?")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Shareable:
    """What a share needs of its item: read ahead of the write, and kept a second.

    The item may be unpublished or deleted in the instant between that read and the
    share's write; the share then counts as made just before, which it nearly was. A
    write to the item clears what was kept, so the next share sees it at once.
    """

    id: str
    title: str
    texts: Mapping[str, str]


SHAREABLE_SECONDS = 1.0
SHAREABLE_ENTRIES = 4096


def shareable_cache() -> TtlCache[str, Shareable]:
    """Shareable items by id; cleared by every write to content_item or share_text."""
    return TtlCache(ttl=SHAREABLE_SECONDS, max_entries=SHAREABLE_ENTRIES)


@dataclass(frozen=True, slots=True)
class RecordedShare:
    """The share_event row as written: its values, no ORM instance (nothing reads it back)."""

    id: str
    content_id: str
    network: str
    short_code: str
    employee_id: str | None
    department: str | None
    source: str
    created_at: datetime

    def row(self) -> dict[str, object]:
        """The values to insert."""
        return {name: getattr(self, name) for name in self.__slots__}


@dataclass(frozen=True)
class ShareCreated:
    """A recorded share with the links the sharer needs."""

    event: RecordedShare
    short_url: str
    share_url: str

    @property
    def attributed(self) -> bool:
        """Whether the share names its employee."""
        return self.event.employee_id is not None


def _bad_instance(msg: str) -> Invalid:
    return Invalid(msg, errors=[{"loc": ["body", "mastodon_instance"], "msg": msg}])


def mastodon_host(value: str) -> str:
    """A Mastodon instance as a bare `host[:port]`, lower-cased; anything else is Invalid."""
    msg = "A Mastodon instance is a bare host name such as social.example (no https://, no path)."
    match = _INSTANCE.fullmatch(value.strip())
    if match is None or match["host"].endswith("."):
        raise _bad_instance(msg)
    try:
        host = host_name(match["host"])
    except ValueError:
        raise _bad_instance(msg) from None
    port = match["port"]
    # A public instance has a domain of its own: at least two labels.
    if "." not in host or (port is not None and not 0 < int(port) < 65536):
        raise _bad_instance(msg)
    return host if port is None else f"{host}:{port}"


def _q(value: str) -> str:
    # safe="": &, #, +, / and spaces in a text must never end or split the parameter.
    return quote(value, safe="")


def intent_url(
    *,
    network: str,
    text: str,
    link: str,
    mastodon_instance: str | None = None,
    subject: str | None = None,
) -> str:
    """The network's own share dialog, prefilled; gladshare never posts for anyone."""
    if network in LINK_ONLY_DIALOGS:
        return LINK_ONLY_DIALOGS[network] + _q(link)
    if network in TEXT_DIALOGS:
        return TEXT_DIALOGS[network] + _q(f"{text} {link}")
    if network == "x":
        return f"https://x.com/intent/tweet?text={_q(text)}&url={_q(link)}"
    if network == "mastodon":
        if not mastodon_instance:
            raise _bad_instance("Sharing on Mastodon needs the instance: send mastodon_instance.")
        return f"https://{mastodon_host(mastodon_instance)}/share?text={_q(f'{text} {link}')}"
    if network == "email":
        # RFC 6068: line breaks in a mailto body are written as CRLF (%0D%0A).
        body = _LINE_BREAK.sub("\r\n", f"{text}\n\n{link}")
        head = f"subject={_q(subject)}&" if subject else ""
        return f"mailto:?{head}body={_q(body)}"
    raise Invalid(f"Unknown network; use one of {', '.join(NETWORKS)}.")


def shareable_item(*, session: Session, content_id: str, leader: bool = False) -> ContentItem:
    """The content item, if it can be shared now: 404 unknown or deleted, 409 not published.

    A draft (even one sent to the preview circle) is never shareable; with `leader`, an
    item in its leaders-only hours is. The API never passes it: whether a share is
    refused must not tell a calling system who leads a team.
    """
    item = published_item(session=session, content_id=content_id, leader=leader)
    if item is not None:
        return item
    unpublished = session.get(ContentItem, content_id)
    if unpublished is None or unpublished.deleted_at is not None:
        raise NotFound(N_("There is no content item with this id."))
    raise Conflict(
        N_("This content item is not published at the moment, so it cannot be shared."),
        slug="content-not-published",
    )


def shareable(*, session: Session, content_id: str) -> Shareable:
    """The item as a share needs it, if it can be shared now: 404 unknown, 409 not published."""
    item = shareable_item(session=session, content_id=content_id)
    texts = session.exec(
        select(ShareText.network, ShareText.text).where(col(ShareText.content_id) == item.id)
    ).all()
    return Shareable(item.id, item.title, dict(texts))


def attributable_employee(*, session: Session, external_id: str | None) -> Employee | None:
    """The employee a share may name: active and holding share_attribution on the current text."""
    return _attributable(session=session, sharer=_sharer(session=session, external_id=external_id))


def _sharer(*, session: Session, external_id: str | None) -> Employee | None:
    """The active employee the share is made by, if the caller names one we know."""
    # Unknown, inactive and non-consenting employees all give an unattributed share and
    # no error: a calling system must not learn who exists or who said no (principle 2).
    if external_id is None:
        return None
    employee = session.exec(select(Employee).where(Employee.external_id == external_id)).first()
    return employee if employee is not None and employee.active else None


def _attributable(*, session: Session, sharer: Employee | None) -> Employee | None:
    if sharer is None:
        return None
    # A grant on an older text than the newest one needs renewal: until then, not granted.
    held = consent_holds(session=session, employee=sharer, purpose=ATTRIBUTION)
    return sharer if held else None


def share_text(*, item: Shareable, network: str, text: str | None, link: str) -> str:
    """The text to share: the sharer's own, else the item's text for the network, else its title."""
    if text is None:
        return item.texts.get(network, item.title)
    # The sharer's own text is held to the network's limit with the short link in it,
    # as the network will count it once the dialog opens.
    problem = share_text_problem(network, text) or share_text_problem(network, f"{text} {link}")
    if problem is not None:
        detail = f"{problem[0].upper()}{problem[1:]} (with the short link)."
        raise Invalid(detail, errors=[{"loc": ["body", "text"], "msg": detail}])
    return text


def _mastodon_instance(
    *, session: Session, employee: Employee | None, requested: str | None
) -> str | None:
    """The instance named in the request, else the attributed employee's own."""
    # Only an attributed employee's profile is read: otherwise the answer (422 or not)
    # would tell the caller whether an employee exists and what their profile says.
    if requested is not None or employee is None:
        return requested
    profile = session.get(AmbassadorProfile, employee.id)
    return profile.mastodon_instance if profile is not None else None


def share_create(
    *,
    session: Session,
    settings: Settings,
    item: Shareable,
    network: str,
    employee_external_id: str | None = None,
    mastodon_instance: str | None = None,
    text: str | None = None,
    source: str = "api",
) -> ShareCreated:
    """Record one share of a shareable item and build the network's share dialog URL for it."""
    if network not in NETWORKS:
        msg = f"Unknown network; use one of {', '.join(NETWORKS)}."
        raise Invalid(msg, errors=[{"loc": ["body", "network"], "msg": msg}])
    if source not in SOURCES:
        raise ValueError(f"unknown share source {source!r}")
    if mastodon_instance is not None:
        mastodon_instance = mastodon_host(mastodon_instance)
    # Attribution is decided inside the write: a withdrawal committed a moment ago counts.
    sharer = _sharer(session=session, external_id=employee_external_id)
    employee = _attributable(session=session, sharer=sharer)
    instance = _mastodon_instance(session=session, employee=employee, requested=mastodon_instance)
    leader_share_note(session=session, sharer=sharer, content_id=item.id)
    now = utcnow()
    # 96 random bits: a code drawn twice would fail the commit, and nobody would be
    # told of a share that was not stored.
    code = new_short_code()
    link = {"code": code, "content_id": item.id, "network": network, "clicks": 0}
    insert_soon(session, ShortLink, {**link, "created_at": now})
    link_url = short_url(base_url=settings.base_url, code=code)
    body = share_text(item=item, network=network, text=text, link=link_url)
    share_url = intent_url(
        network=network, text=body, link=link_url, mastodon_instance=instance, subject=item.title
    )
    event = RecordedShare(
        id=new_id(),
        content_id=item.id,
        network=network,
        short_code=code,
        employee_id=employee.id if employee else None,
        department=employee.department if employee else None,
        source=source,
        created_at=now,
    )
    insert_soon(session, ShareEvent, event.row())
    # The department counts in the roll-up whoever shared, if it is large enough to hide
    # them (app/analytics/rollup.py); the share row above names it only with attribution.
    share_counted(
        session=session,
        content_id=item.id,
        network=network,
        department=sharer.department if sharer else None,
        day=now.date(),
        k=settings.k_anonymity,
    )
    return ShareCreated(event=event, short_url=link_url, share_url=share_url)
