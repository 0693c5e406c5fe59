"""The feed: published items to read, and for those who take part, a share panel; a rating each."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from app.dependencies import (
    CsrfVisitor,
    CurrentEmployee,
    SessionDep,
    SettingsDep,
    VisitorDep,
    current_employee,
)
from app.errors import Invalid
from app.sharing.feed import FeedCard, Reader, feed_card, feed_page, feed_reader
from app.sharing.panel import (
    ShareTextTooLong,
    feed_share,
    share_options,
    share_recalled,
    share_remember,
)
from app.sharing.ratings import REASON_MAX_LENGTH, rating_set
from app.sharing.shares import LINK_ONLY_DIALOGS
from app.web.i18n import N_, NETWORK_LABELS
from app.web.pagination import Cursor
from app.web.rendering import redirect, render
from app.web.visitors import Visitor

router = APIRouter(include_in_schema=False, dependencies=[Depends(current_employee)])
KIND_LABELS = {
    "article": N_("Article"),
    "job": N_("Job opening"),
    "event": N_("Event"),
    "video": N_("Video"),
    "photo": N_("Photo"),
    "other": N_("Other"),
}
ANSWERS = {"yes": True, "no": False}
TEXT_TOO_LONG = N_(
    "This text is too long for %(network)s once your link is added. Please shorten it."
)
NO_ANSWER = N_("Please choose “Yes” or “Not really”.")
REASON_TOO_LONG = N_("The reason can have at most %(count)s characters.")


def _show(
    request: Request,
    *,
    visitor: Visitor,
    settings: SettingsDep,
    reader: Reader,
    cards: list[FeedCard],
    edited: tuple[str, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    """The feed page, one item's page, or one block of either for htmx."""
    options = {
        card.item.id: share_options(settings=settings, reader=reader, card=card, edited=edited)
        for card in cards
    }
    return render(
        request,
        "feed.html",
        visitor=visitor,
        reader=reader,
        cards=cards,
        card=cards[0] if cards else None,
        share_options=options,
        selected_network=edited[0] if edited else None,
        kind_labels=KIND_LABELS,
        network_names=NETWORK_LABELS,
        link_only=tuple(LINK_ONLY_DIALOGS),
        reason_max=REASON_MAX_LENGTH,
        **context,
    )


@router.get("/feed", response_class=HTMLResponse)
def feed(
    request: Request,
    visitor: VisitorDep,
    me: CurrentEmployee,
    session: SessionDep,
    settings: SettingsDep,
    cursor: Cursor = None,
) -> HTMLResponse:
    """Published items for my languages and topics, newest first; htmx gets the next page only."""
    reader = feed_reader(session=session, employee=me)
    cards, next_cursor = feed_page(session=session, reader=reader, cursor=cursor)
    return _show(
        request,
        visitor=visitor,
        settings=settings,
        reader=reader,
        cards=cards,
        block="feed_page",
        next_cursor=next_cursor,
        first_page=cursor is None,
    )


@router.get("/feed/{content_id}", response_class=HTMLResponse)
def feed_item(
    request: Request,
    visitor: VisitorDep,
    me: CurrentEmployee,
    session: SessionDep,
    settings: SettingsDep,
    content_id: str,
) -> HTMLResponse:
    """One published item on its own page."""
    reader = feed_reader(session=session, employee=me)
    card = feed_card(session=session, reader=reader, content_id=content_id)
    return _show(
        request, visitor=visitor, settings=settings, reader=reader, cards=[card], single=True
    )


@router.post("/feed/{content_id}/share", response_model=None)
def share(
    request: Request,
    visitor: CsrfVisitor,
    me: CurrentEmployee,
    session: SessionDep,
    settings: SettingsDep,
    content_id: str,
    network: Annotated[str, Form(max_length=20)],
    text: Annotated[str, Form(max_length=20_000)] = "",
) -> Response:
    """Record a share through the shares service; the thank-you carries the network's dialog."""
    reader = feed_reader(session=session, employee=me)
    card = feed_card(session=session, reader=reader, content_id=content_id)
    view: dict[str, Any] = {"visitor": visitor, "settings": settings, "reader": reader}
    try:
        done = feed_share(
            session=session, settings=settings, reader=reader, card=card, network=network, text=text
        )
    except ShareTextTooLong:
        return _show(
            request,
            **view,
            cards=[card],
            edited=(network, text),
            share_error=TEXT_TOO_LONG,
            block="share_panel",
            single=True,
            status=422,
        )
    if visitor.web_session is not None:
        share_remember(session=session, web_session=visitor.web_session, done=done)
    return redirect(
        request,
        f"/feed/{content_id}/shared",
        fragment=lambda: _show(request, **view, cards=[card], share_done=done, block="share_panel"),
    )


@router.get("/feed/{content_id}/shared", response_model=None)
def shared(
    request: Request,
    visitor: VisitorDep,
    me: CurrentEmployee,
    session: SessionDep,
    settings: SettingsDep,
    content_id: str,
) -> Response:
    """The thank-you after a share sent without JavaScript, with the network's dialog to open."""
    done = share_recalled(web_session=visitor.web_session, content_id=content_id)
    if done is None:
        return redirect(request, f"/feed/{content_id}")
    reader = feed_reader(session=session, employee=me)
    card = feed_card(session=session, reader=reader, content_id=content_id)
    return _show(
        request,
        visitor=visitor,
        settings=settings,
        reader=reader,
        cards=[card],
        share_done=done,
        single=True,
    )


@router.post("/feed/{content_id}/rating", response_model=None)
def rate(
    request: Request,
    visitor: CsrfVisitor,
    me: CurrentEmployee,
    session: SessionDep,
    settings: SettingsDep,
    content_id: str,
    answer: Annotated[str, Form(max_length=10)] = "",
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Answer "Would you share this with friends?", or change the answer; only I see it."""
    reader = feed_reader(session=session, employee=me)
    card = feed_card(session=session, reader=reader, content_id=content_id)
    view: dict[str, Any] = {"visitor": visitor, "settings": settings, "reader": reader}
    refused: dict[str, Any] = {"block": "rating", "single": True, "status": 422}
    refused["reason_draft"] = reason
    if answer not in ANSWERS:
        return _show(request, **view, cards=[card], rating_error=NO_ANSWER, **refused)
    try:
        rating = rating_set(
            session=session,
            employee=me,
            content_id=content_id,
            worth_sharing=ANSWERS[answer],
            reason=reason,
        )
    except Invalid:
        return _show(request, **view, cards=[card], rating_error=REASON_TOO_LONG, **refused)
    rated = [replace(card, rating=rating)]
    return redirect(
        request,
        f"/feed/{content_id}#rating-{content_id}",
        fragment=lambda: _show(request, **view, cards=rated, rating_saved=True, block="rating"),
    )
