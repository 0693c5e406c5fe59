"""Sharing from the feed: the panel's choices and limits, and the share made through it."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlmodel import Session

from app.config import Settings
from app.content.rules import SHARE_TEXT_LIMITS, share_text_length, share_text_problem
from app.errors import Forbidden, Invalid
from app.models import WebSession
from app.sharing.feed import SHARE, FeedCard, Reader
from app.sharing.shares import Shareable, ShareCreated, share_create
from app.short_links.codes import new_short_code, short_url

# How the browser counts, mirroring share_text_length: X weighs and shortens links,
# Mastodon shortens links, Bluesky and Threads count graphemes, the rest code points.
COUNTING = {"x": "x", "mastodon": "mastodon", "bluesky": "graphemes", "threads": "graphemes"}
LAST_SHARE = "last_share"


class ShareTextTooLong(Invalid):
    """The edited text does not fit the network once the short link is added."""


@dataclass(frozen=True)
class ShareOption:
    """One of the reader's networks in the share panel, with its text and room for it."""

    network: str
    text: str
    limit: int
    counting: str

    @property
    def length(self) -> int:
        """The text's length as the network counts it."""
        return share_text_length(self.network, self.text)


@dataclass(frozen=True)
class ShareDone:
    """What the thank-you shows: the dialog to open and the text with the short link."""

    content_id: str
    network: str
    text: str
    short_url: str
    share_url: str


def _sample_link(settings: Settings) -> str:
    # Every short link has the same length, so a sample counts exactly like the real one.
    return short_url(base_url=settings.base_url, code=new_short_code())


def _link_cost(network: str, settings: Settings) -> int:
    return share_text_length(network, f" {_sample_link(settings)}")


def share_options(
    *, settings: Settings, reader: Reader, card: FeedCard, edited: tuple[str, str] | None = None
) -> list[ShareOption]:
    """The reader's networks for one item, each prefilled; `edited` is (network, their text)."""
    if reader.sharing != SHARE:
        return []
    options = []
    for network in reader.networks:
        text = card.share_texts.get(network, card.item.title)
        if edited is not None and edited[0] == network:
            text = edited[1]
        room = SHARE_TEXT_LIMITS.get(network, 3000) - _link_cost(network, settings)
        options.append(ShareOption(network, text, room, COUNTING.get(network, "codepoints")))
    return options


def share_text_fits(*, settings: Settings, network: str, text: str) -> bool:
    """Whether the text, once the short link is added, fits the network (checked before saving)."""
    sample = _sample_link(settings)
    return share_text_problem(network, text) is None and (
        share_text_problem(network, f"{text} {sample}") is None
    )


def feed_share(
    *,
    session: Session,
    settings: Settings,
    reader: Reader,
    card: FeedCard,
    network: str,
    text: str,
) -> ShareDone:
    """Record a share made from the feed through the same service as the API."""
    if reader.sharing != SHARE or network not in reader.networks:
        raise Forbidden("Sharing to this network is not set up in your profile.")
    body = text if text.strip() else card.share_texts.get(network, card.item.title)
    if not share_text_fits(settings=settings, network=network, text=body):
        raise ShareTextTooLong("The share text is too long for this network with the link added.")
    created: ShareCreated = share_create(
        session=session,
        settings=settings,
        item=Shareable(card.item.id, card.item.title, card.share_texts),
        network=network,
        employee_external_id=reader.employee.external_id,
        mastodon_instance=reader.mastodon_instance if network == "mastodon" else None,
        text=body,
        source="ui",
    )
    return ShareDone(card.item.id, network, body, created.short_url, created.share_url)


def share_remember(*, session: Session, web_session: WebSession, done: ShareDone) -> None:
    """Keep the last share in the browser session, for the thank-you page without JavaScript."""
    web_session.data = {**web_session.data, LAST_SHARE: asdict(done)}
    session.add(web_session)
    session.flush()


def share_recalled(*, web_session: WebSession | None, content_id: str) -> ShareDone | None:
    """The last share made in this browser session, if it was of this item."""
    stored = web_session.data.get(LAST_SHARE) if web_session else None
    if not isinstance(stored, dict) or stored.get("content_id") != content_id:
        return None
    try:
        return ShareDone(**{key: str(stored[key]) for key in ShareDone.__dataclass_fields__})
    except KeyError:
        return None
