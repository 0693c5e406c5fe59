"""Saving from the editor: a draft created or changed by an action, refused input changing
nothing, a stale version answered with "changed meanwhile", a delete asked about first."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import cast

from sqlmodel import Session

from app.config import Settings
from app.content import items
from app.content.schemas import ContentCreate, ContentUpdate
from app.errors import Conflict, Invalid, PreconditionFailed
from app.models import utcnow
from app.routers.studio.drafts import (
    Draft,
    DraftInvalid,
    Problem,
    domain_errors,
    draft_data,
    local_time,
)
from app.routers.studio.pages import (
    ConflictPage,
    DeletePage,
    EditorPage,
    Saved,
    conflict_page,
    delete_page,
    editor_page,
)
from app.routers.studio.versions import changed_fields
from app.web.etags import etag
from app.web.i18n import N_

Outcome = Saved | EditorPage | ConflictPage | DeletePage
Posted = tuple[Draft, str, int, str, str]  # draft, action, version, original digest, resolve
STATUS_OF = {
    "draft": "draft",
    "publish": "published",
    "schedule": "published",
    "archive": "archived",
}
ACTIONS = (*STATUS_OF, "save", "delete")
ASK_BUDGET = N_(
    "The ask budget is used up: save this item without asking, or wait until an earlier ask "
    "is a year old. Nothing was saved."
)


def _prepared(draft: Draft, action: str) -> Draft:
    """The draft with the time an action implies; DraftInvalid for a schedule without one."""
    if action == "publish":
        return replace(draft, publish_at=local_time(utcnow()))
    if action == "schedule":
        if not draft.publish_at:
            raise DraftInvalid({"publish_at": Problem(N_("Give the time to publish at."))})
        if draft.publish_at <= local_time(utcnow()):
            message = N_("Choose a time in the future to schedule, or publish now.")
            raise DraftInvalid({"publish_at": Problem(message)})
    return draft


def draft_save(
    *,
    session: Session,
    settings: Settings,
    content_id: str | None,
    draft: Draft,
    action: str,
    version: int,
    original: str,
) -> Outcome:
    """Create or change the item as the form says; refused input changes nothing."""
    page = partial(
        editor_page, session=session, settings=settings, content_id=content_id, version=version
    )
    status = STATUS_OF.get(action, None if content_id else "draft")
    try:
        data, _ = draft_data(_prepared(draft, action), status=status, new=content_id is None)
        with session.begin_nested():  # a rule refusing it rolls back this change alone
            if content_id is None:  # draft_data made a ContentCreate for a new item
                new = cast(ContentCreate, data)
                record = items.content_create(session=session, settings=settings, data=new)
            else:
                record = items.content_update(
                    session=session,
                    settings=settings,
                    content_id=content_id,
                    data=cast(ContentUpdate, data),
                    if_match=etag(content_id, version),
                )
    except DraftInvalid as invalid:
        return replace(page(draft=draft, original=original), errors=invalid.errors)
    except Invalid as invalid:
        errors = domain_errors(invalid.extra.get("errors", []), draft)
        return replace(
            page(draft=draft, original=original), errors=errors or {"title": Problem("")}
        )
    except Conflict:
        return replace(page(draft=draft, original=original), notice=ASK_BUDGET)
    except PreconditionFailed:
        return conflict_page(
            session=session,
            content_id=content_id or "",
            yours=draft,
            original=original,
            action=action,
        )
    return Saved(record.item.id, action)


def draft_change(
    *,
    session: Session,
    settings: Settings,
    content_id: str,
    posted: tuple[Draft, str, int, str, str],
) -> Outcome:
    """A save, a delete to confirm, or a choice on the "changed meanwhile" page."""
    draft, action, version, original, resolve = posted
    if resolve == "edit":  # from the stored version, with the fields you changed carried over
        stored = editor_page(session=session, settings=settings, content_id=content_id)
        return stored.carrying(draft, changed_fields(draft, original))
    if action == "delete":
        return delete_page(session=session, content_id=content_id)
    return draft_save(
        session=session, settings=settings, content_id=content_id, draft=draft, action=action,
        version=version, original=original,
    )  # fmt: skip


def draft_delete(*, session: Session, content_id: str, version: int) -> Saved | DeletePage:
    try:
        items.content_delete(
            session=session, content_id=content_id, if_match=etag(content_id, version)
        )
    except PreconditionFailed:
        return replace(delete_page(session=session, content_id=content_id), stale=True)
    return Saved(content_id, "delete")
