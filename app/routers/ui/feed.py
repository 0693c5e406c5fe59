"""The feed: published items to read; for those who take part, a share panel and a rating each."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from app.caches import TtlCache
from app.config import Settings
from app.dependencies import (
    CsrfVisitor,
    CurrentEmployee,
    DatabaseDep,
    SettingsDep,
    VisitorDep,
    require_employee,
)
from app.errors import Invalid
from app.models import Employee, WebSession
from app.routers.paging import Cursor
from app.sharing.feed import FeedCard, Reader, feed_card, feed_drafts, feed_page, feed_reader
from app.sharing.panel import (
    ShareDone,
    ShareOption,
    ShareTextTooLong,
    feed_share,
    share_made_before,
    share_options,
    share_recalled,
    share_remember,
)
from app.sharing.ratings import REASON_MAX_LENGTH, rating_open, rating_set
from app.sharing.shares import LINK_ONLY_DIALOGS
from app.web.i18n import N_, NETWORK_LABELS
from app.web.rendering import (
    RenderedPage,
    page_kept,
    page_key,
    page_replayed,
    redirect,
    render,
)
from app.web.visitors import Visitor

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_employee)])
KIND_LABELS = {
    "article": N_("Article"),
    "job": N_("Job opening"),
    "event": N_("Event"),
    "video": N_("Video"),
    "photo": N_("Photo"),
    "other": N_("Other"),
}
LINK_ONLY = tuple(LINK_ONLY_DIALOGS)
ANSWERS = {"yes": True, "no": False}
TEXT_TOO_LONG = N_(
    "This text is too long for %(network)s once your link is added. Please shorten it."
)
NO_ANSWER = N_("Please choose “Yes” or “Not really”.")
REASON_TOO_LONG = N_("The reason can have at most %(count)s characters.")


@dataclass(frozen=True)
class FeedPage:
    """What feed.html shows: a page of cards or one item, and how a share or a rating went."""

    reader: Reader
    cards: list[FeedCard]
    share_options: dict[str, list[ShareOption]]
    card: FeedCard | None  # the card a share panel or rating block is rendered for alone
    selected_network: str | None = None
    single: bool = False
    drafts: int = 0  # how many of the cards are drafts from the preview circle (first)
    next_cursor: str | None = None
    first_page: bool = True
    share_done: ShareDone | None = None
    share_error: str | None = None
    rating_saved: bool = False
    rating_error: str | None = None
    reason_draft: str | None = None  # a refused answer's reason, shown again as typed
    answer_draft: str | None = None  # the refused answer ("yes" or "no") the reason belongs to
    kind_labels: Mapping[str, str] = field(default_factory=lambda: KIND_LABELS)
    network_names: Mapping[str, str] = field(default_factory=lambda: NETWORK_LABELS)
    link_only: tuple[str, ...] = LINK_ONLY
    reason_max: int = REASON_MAX_LENGTH


def _page(
    *,
    settings: Settings,
    reader: Reader,
    cards: list[FeedCard],
    edited: tuple[str, str] | None = None,
) -> FeedPage:
    """The feed for `cards`; `edited` is a refused share's network and text, offered again."""
    options = {
        card.item.id: share_options(settings=settings, reader=reader, card=card, edited=edited)
        for card in cards
    }
    return FeedPage(
        reader=reader,
        cards=cards,
        share_options=options,
        card=cards[0] if cards else None,
        selected_network=edited[0] if edited else None,
    )


def _show(
    request: Request,
    visitor: Visitor,
    page: FeedPage,
    *,
    block: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    """The feed page, one item's page, or one block of either for htmx."""
    return render(request, "feed.html", page, visitor=visitor, block=block, status=status)


def _feed(
    *, session: Session, employee: Employee, settings: Settings, cursor: str | None
) -> FeedPage:
    reader = feed_reader(session=session, employee=employee)
    cards, next_cursor = feed_page(session=session, reader=reader, cursor=cursor)
    # The preview circle's drafts come first, on the first page only.
    drafts = feed_drafts(session=session, reader=reader) if cursor is None else []
    page = _page(settings=settings, reader=reader, cards=drafts + cards)
    return replace(page, next_cursor=next_cursor, first_page=cursor is None, drafts=len(drafts))


FEED_CACHE_SECONDS = 1.0
FEED_CACHE_ENTRIES = 512


def feed_page_cache() -> TtlCache[tuple[str | None, ...], RenderedPage]:
    """Feed pages as sent to one browser session, kept a second; cleared by FEED_TABLES writes."""
    return TtlCache(ttl=FEED_CACHE_SECONDS, max_entries=FEED_CACHE_ENTRIES)


@router.get("/feed", response_class=HTMLResponse)
async def feed(
    request: Request,
    visitor: VisitorDep,
    db: DatabaseDep,
    settings: SettingsDep,
    cursor: Cursor = None,
) -> Response:
    """Published items for my languages and topics, newest first; htmx gets the next page only."""
    pages: TtlCache[tuple[str | None, ...], RenderedPage] = request.app.state.feed_pages

    async def rendered() -> RenderedPage:
        # Signed in (the router's require_employee): the employee's row is copied only here.
        page = await db.read(_feed, employee=visitor.employee, settings=settings, cursor=cursor)
        return page_kept(request, _show(request, visitor, page, block="feed_page"))

    kept = await pages.load(page_key(request, visitor), rendered)
    assert kept is not None  # a rendered page is never None
    return page_replayed(request, kept)


def _one(*, session: Session, employee: Employee, content_id: str) -> tuple[Reader, FeedCard]:
    """The reader and the one card a single item's page, share or thank-you shows."""
    reader = feed_reader(session=session, employee=employee)
    return reader, feed_card(session=session, reader=reader, content_id=content_id)


def _item(
    *,
    session: Session,
    employee: Employee,
    settings: Settings,
    content_id: str,
    network: str | None,
) -> FeedPage:
    reader, card = _one(session=session, employee=employee, content_id=content_id)
    page = replace(_page(settings=settings, reader=reader, cards=[card]), single=True)
    if network is not None and network in reader.networks:  # any other value: the first one
        page = replace(page, selected_network=network)
    return page


@router.get("/feed/{content_id}", response_class=HTMLResponse)
async def feed_item(
    request: Request,
    visitor: VisitorDep,
    me: CurrentEmployee,
    db: DatabaseDep,
    settings: SettingsDep,
    content_id: str,
    network: Annotated[str | None, Query(max_length=20)] = None,
) -> HTMLResponse:
    """One published item on its own page; `?network=` opens its share panel on that
    network's text, which is how the network is switched without JavaScript."""
    page = await db.read(
        _item, employee=me, settings=settings, content_id=content_id, network=network
    )
    return _show(request, visitor, page)


def _share(
    *,
    session: Session,
    employee: Employee,
    settings: Settings,
    session_id: str | None,
    content_id: str,
    network: str,
    text: str,
) -> FeedPage:
    reader, card = _one(session=session, employee=employee, content_id=content_id)
    # The stored session, not the visitor's copy: that one may be a moment old.
    web_session = session.get(WebSession, session_id) if session_id else None
    try:
        done = feed_share(
            session=session,
            settings=settings,
            reader=reader,
            card=card,
            network=network,
            text=text,
            made_before=share_made_before(
                web_session=web_session, content_id=content_id, network=network
            ),
        )
    except ShareTextTooLong:
        page = _page(settings=settings, reader=reader, cards=[card], edited=(network, text))
        return replace(page, single=True, share_error=TEXT_TOO_LONG)
    if web_session is not None:
        share_remember(session=session, web_session=web_session, done=done)
    return replace(_page(settings=settings, reader=reader, cards=[card]), share_done=done)


@router.post("/feed/{content_id}/share", response_model=None)
async def share(
    request: Request,
    visitor: CsrfVisitor,
    me: CurrentEmployee,
    db: DatabaseDep,
    settings: SettingsDep,
    content_id: str,
    network: Annotated[str, Form(max_length=20)],
    text: Annotated[str, Form(max_length=20_000)] = "",
) -> Response:
    """Record a share through the shares service; the thank-you carries the network's dialog."""
    page = await db.write(
        _share,
        employee=me,
        settings=settings,
        session_id=visitor.session_id,
        content_id=content_id,
        network=network,
        text=text,
    )
    if page.share_error is not None:
        return _show(request, visitor, page, block="share_panel", status=422)
    return redirect(
        request,
        f"/feed/{content_id}/shared",
        fragment=lambda: _show(request, visitor, page, block="share_panel"),
    )


def _shared(
    *,
    session: Session,
    employee: Employee,
    settings: Settings,
    session_id: str | None,
    content_id: str,
) -> FeedPage | None:
    # Read from the database: the last share may have been kept by another process.
    web_session = session.get(WebSession, session_id) if session_id else None
    done = share_recalled(web_session=web_session, content_id=content_id)
    if done is None:
        return None
    reader, card = _one(session=session, employee=employee, content_id=content_id)
    page = _page(settings=settings, reader=reader, cards=[card])
    return replace(page, share_done=done, single=True)


@router.get("/feed/{content_id}/shared", response_model=None)
async def shared(
    request: Request,
    visitor: VisitorDep,
    me: CurrentEmployee,
    db: DatabaseDep,
    settings: SettingsDep,
    content_id: str,
) -> Response:
    """The thank-you after a share sent without JavaScript, with the network's dialog to open."""
    page = await db.read(
        _shared,
        employee=me,
        settings=settings,
        session_id=visitor.session_id,
        content_id=content_id,
    )
    if page is None:
        return redirect(request, f"/feed/{content_id}")
    return _show(request, visitor, page)


def _rate(
    *,
    session: Session,
    employee: Employee,
    settings: Settings,
    content_id: str,
    answer: str,
    reason: str | None,
) -> FeedPage:
    reader = feed_reader(session=session, employee=employee)
    rating_open(session=session, employee=employee)  # before any form is shown again
    card = feed_card(session=session, reader=reader, content_id=content_id)
    refused = replace(
        _page(settings=settings, reader=reader, cards=[card]),
        single=True,
        reason_draft=reason,
        answer_draft=answer if answer in ANSWERS else None,
    )
    if answer not in ANSWERS:
        return replace(refused, rating_error=NO_ANSWER)
    mine = card.rating
    if reason is None:  # the Yes / Not really buttons alone: a reason stays with its answer
        same = mine is not None and mine.worth_sharing == ANSWERS[answer]
        reason = mine.reason if same and mine is not None else None
    try:
        rating = rating_set(
            session=session,
            employee=employee,
            content_id=content_id,
            worth_sharing=ANSWERS[answer],
            reason=reason,
        )
    except Invalid:
        return replace(refused, rating_error=REASON_TOO_LONG)
    rated = [replace(card, rating=rating)]
    return replace(_page(settings=settings, reader=reader, cards=rated), rating_saved=True)


@router.post("/feed/{content_id}/rating", response_model=None)
async def rate(
    request: Request,
    visitor: CsrfVisitor,
    me: CurrentEmployee,
    db: DatabaseDep,
    settings: SettingsDep,
    content_id: str,
    answer: Annotated[str, Form(max_length=10)] = "",
    reason: Annotated[str | None, Form(max_length=2000)] = None,
) -> Response:
    """Answer "Would you share this with friends?", change the answer or give a reason;
    only I see it. The answer alone keeps the reason given for that same answer."""
    page = await db.write(
        _rate, employee=me, settings=settings, content_id=content_id, answer=answer, reason=reason
    )
    if page.rating_error is not None:
        return _show(request, visitor, page, block="rating", status=422)
    return redirect(
        request,
        f"/feed/{content_id}#rating-{content_id}",
        fragment=lambda: _show(request, visitor, page, block="rating"),
    )
