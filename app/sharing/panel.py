"""Sharing from the feed: the panel's choices and limits, and the share made through it."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlmodel import Session

from app.config import Settings
from app.content.rules import SHARE_TEXT_LIMITS, share_text_length, share_text_problem
from app.errors import Conflict, Forbidden, Invalid
from app.models import WebSession
from app.sharing.feed import SHARE, FeedCard, Reader
from app.sharing.shares import Shareable, ShareCreated, intent_url, mastodon_host, share_create
from app.short_links.codes import new_short_code, short_url
from app.web.i18n import N_

# How the browser counts, mirroring share_text_length: X weighs and shortens links,
# Mastodon shortens links, Bluesky and Threads count graphemes, the rest code points.
COUNTING = {"x": "x", "mastodon": "mastodon", "bluesky": "graphemes", "threads": "graphemes"}
LAST_SHARE = "last_share"
# The short link of each item and network shared in this browser session, so that opening
# the dialog again reuses the share instead of recording another ("id network" -> link).
SHARES_MADE = "shares_made"
DRAFTS_NOT_SHARED = N_(
    "This is a draft shown to you for your opinion: it cannot be shared before it is published."
)
SHARES_KEPT = 50  # the oldest are forgotten first: a session's data stays small


class ShareTextTooLong(Invalid):
    """The edited text does not fit the network once the short link is added."""


@dataclass(frozen=True)
class ShareOption:
    """One of the reader's networks in the share panel, with its text and room for it."""

    network: str
    text: str
    limit: int
    counting: str
    disclosure: str | None = None  # appended to `text`, for the person to keep or remove

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
    if reader.sharing != SHARE or card.draft:
        return []
    options = []
    disclosure = share_disclosure(settings=settings, language=card.item.language)
    for network in reader.networks:
        text, disclosed = card.share_texts.get(network, card.item.title), None
        if edited is not None and edited[0] == network:
            text = edited[1]  # their own words, as they left them
        elif disclosure is not None:
            # Suggested where it fits the network with the link; never forced.
            with_it = f"{text}\n\n{disclosure}"
            if share_text_fits(settings=settings, network=network, text=with_it):
                text, disclosed = with_it, disclosure
        room = SHARE_TEXT_LIMITS.get(network, 3000) - _link_cost(network, settings)
        counting = COUNTING.get(network, "codepoints")
        options.append(ShareOption(network, text, room, counting, disclosed))
    return options


def share_disclosure(*, settings: Settings, language: str) -> str | None:
    """The organisation's disclosure for a post in `language` (its primary subtag), if any."""
    return settings.disclosure.get(language.split("-", 1)[0].lower())


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
    made_before: str | None = None,
) -> ShareDone:
    """Record a share made from the feed through the same service as the API.

    `made_before` is the short link this browser session already got for the item and
    network (`share_made_before`): the dialog opens again with it and nothing is recorded.
    """
    if card.draft:  # a preview circle's draft: an opinion is asked for, not a share
        raise Conflict(DRAFTS_NOT_SHARED, slug="content-not-published")
    if reader.sharing != SHARE or network not in reader.networks:
        raise Forbidden(N_("Sharing to this network is not set up in your profile."))
    body = text if text.strip() else card.share_texts.get(network, card.item.title)
    if not share_text_fits(settings=settings, network=network, text=body):
        raise ShareTextTooLong("The share text is too long for this network with the link added.")
    if made_before is not None:  # this browser session shared it there already: same link
        instance = reader.mastodon_instance if network == "mastodon" else None
        dialog = intent_url(
            network=network,
            text=body,
            link=made_before,
            mastodon_instance=mastodon_host(instance) if instance else None,
            subject=card.item.title,
        )
        return ShareDone(card.item.id, network, body, made_before, dialog)
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


def share_made_before(
    *, web_session: WebSession | None, content_id: str, network: str
) -> str | None:
    """The short link this browser session got for the item and network, if it shared it."""
    made = web_session.data.get(SHARES_MADE) if web_session else None
    link = made.get(f"{content_id} {network}") if isinstance(made, dict) else None
    return link if isinstance(link, str) else None


def share_remember(*, session: Session, web_session: WebSession, done: ShareDone) -> None:
    """Keep the share in the browser session: the last one for the thank-you page without
    JavaScript, and its short link for the next time this item goes to this network."""
    stored = web_session.data.get(SHARES_MADE)
    made: dict[str, str] = dict(stored) if isinstance(stored, dict) else {}
    made.pop(key := f"{done.content_id} {done.network}", None)
    made[key] = done.short_url  # the newest last
    kept = dict(list(made.items())[-SHARES_KEPT:])
    web_session.data = {**web_session.data, LAST_SHARE: asdict(done), SHARES_MADE: kept}
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
