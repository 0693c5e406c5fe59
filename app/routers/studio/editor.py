"""The studio's editor: create, edit, save, publish, schedule, archive and delete an item."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import Annotated

import anyio
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from app.content.link_import import TIMEOUT_SECONDS, link_import
from app.dependencies import CsrfVisitor, DatabaseDep, RequireRole, SettingsDep, VisitorDep
from app.errors import BadGateway, GatewayTimeout, Invalid
from app.routers.studio.drafts import Draft, draft_from_form
from app.routers.studio.pages import ConflictPage, DeletePage, EditorPage, Saved, editor_page
from app.routers.studio.saving import (
    ACTIONS,
    ASK_BUDGET,
    Outcome,
    Posted,
    draft_change,
    draft_delete,
    draft_save,
)
from app.routers.studio.versions import fingerprint
from app.web.i18n import N_
from app.web.rendering import redirect, render
from app.web.visitors import Visitor

router = APIRouter(include_in_schema=False, dependencies=[Depends(RequireRole("comms"))])
IMPORT_ERRORS = {
    Invalid: N_("This link cannot be read: it must be a public web page starting with https://."),
    BadGateway: N_("The page could not be read. Check the link, or fill in the fields yourself."),
    GatewayTimeout: N_(
        "The page did not answer in time. Try again, or fill in the fields yourself."
    ),
}
Url = Annotated[str, Form(max_length=2048)]


def _language(visitor: Visitor) -> str:
    """A new item's language to begin with: the page's."""
    return (visitor.locale or "en")[:2]


def _show(request: Request, visitor: Visitor, page: Outcome, *, status: int = 200) -> Response:
    """The page an outcome names, or the item's editor after a save."""
    if isinstance(page, Saved):
        if page.action == "delete":
            return redirect(request, "/studio?deleted=1")
        return redirect(request, f"/studio/content/{page.content_id}?saved={page.action}")
    name = {EditorPage: "editor", ConflictPage: "conflict", DeletePage: "delete"}[type(page)]
    section = "new" if isinstance(page, EditorPage) and page.item is None else "content"
    return render(
        request, f"studio/{name}.html", page, visitor=visitor, status=status, studio_section=section
    )


@router.get("/studio/content/new", response_class=HTMLResponse)
async def studio_content_new(
    request: Request, visitor: VisitorDep, db: DatabaseDep, settings: SettingsDep
) -> Response:
    """An empty editor, with the import from a link above it."""
    page = await db.read(editor_page, settings=settings, draft=Draft(language=_language(visitor)))
    return _show(request, visitor, page)


@router.post("/studio/content/import", response_class=HTMLResponse)
async def studio_content_import(
    request: Request, visitor: CsrfVisitor, db: DatabaseDep, settings: SettingsDep, url: Url = ""
) -> Response:
    """Read a page's Open Graph tags into a new item; what its link card lacks comes along."""
    fetch = partial(
        link_import,
        url=url.strip(),
        allow_private=settings.webhook_allow_private,  # the webhooks' SSRF rules and switch
        content_hosts=settings.content_hosts,
    )
    found, error = None, IMPORT_ERRORS[GatewayTimeout]
    try:
        with anyio.move_on_after(TIMEOUT_SECONDS + 0.5):  # a name lookup is not interruptible
            found = await anyio.to_thread.run_sync(fetch, abandon_on_cancel=True)
    except (Invalid, BadGateway, GatewayTimeout) as refused:
        error = IMPORT_ERRORS[type(refused)]
    if found is None:
        draft = Draft(language=_language(visitor))
        page = await db.read(editor_page, settings=settings, draft=draft)
        return _show(
            request, visitor, replace(page, import_url=url, import_error=error), status=422
        )
    draft = Draft(
        title=found.title or "",
        summary=found.summary,
        url=found.url,
        image_url=found.image_url or "",
        language=found.language or _language(visitor),
    )
    page = await db.read(editor_page, settings=settings, draft=draft)
    warnings = tuple(code for code, _ in found.warnings)
    return _show(request, visitor, replace(page, import_url=url, warnings=warnings, imported=True))


@router.get("/studio/content/{content_id:item}", response_class=HTMLResponse)
async def studio_content_get(
    request: Request,
    visitor: VisitorDep,
    db: DatabaseDep,
    settings: SettingsDep,
    content_id: str,
    saved: str | None = None,
) -> Response:
    """The editor on a stored item, with the "same words" advice on its texts."""
    page = await db.read(editor_page, settings=settings, content_id=content_id)
    return _show(request, visitor, replace(page, saved=saved if saved in ACTIONS else None))


def _version(value: object) -> int:
    return int(value) if isinstance(value, str) and value.isdigit() and len(value) < 10 else 0


async def _posted(request: Request) -> Posted:
    """The draft, action, version, original digest and conflict choice of a posted form."""
    form = await request.form()
    action = str(form.get("action", "save"))
    original = str(form.get("original", ""))[:4000]
    return (
        draft_from_form(form),
        action if action in ACTIONS else "save",
        _version(form.get("version")),
        original,
        str(form.get("resolve", "")),
    )


def _status(page: Outcome) -> int:
    if isinstance(page, ConflictPage):
        return 409
    if isinstance(page, EditorPage) and (page.errors or page.notice):
        return 409 if page.notice == ASK_BUDGET else 422
    return 200


@router.post("/studio/content", response_class=HTMLResponse)
async def studio_content_create(
    request: Request, visitor: CsrfVisitor, db: DatabaseDep, settings: SettingsDep
) -> Response:
    """Create an item: as a draft, published now, or scheduled."""
    draft, action, _, original, _ = await _posted(request)
    action = action if action in ("draft", "publish", "schedule") else "draft"
    page = await db.write(
        draft_save, settings=settings, content_id=None, draft=draft, action=action, version=0,
        original=original or fingerprint(Draft()),
    )  # fmt: skip
    return _show(request, visitor, page, status=_status(page))


@router.post("/studio/content/{content_id:item}", response_class=HTMLResponse)
async def studio_content_update(
    request: Request, visitor: CsrfVisitor, db: DatabaseDep, settings: SettingsDep, content_id: str
) -> Response:
    """Save the item against the version the form was loaded at; a stale one is shown, never
    overwritten."""
    posted = await _posted(request)
    page = await db.write(draft_change, settings=settings, content_id=content_id, posted=posted)
    return _show(request, visitor, page, status=_status(page))


@router.post("/studio/content/{content_id:item}/delete", response_class=HTMLResponse)
async def studio_content_delete(
    request: Request,
    visitor: CsrfVisitor,
    db: DatabaseDep,
    content_id: str,
    version: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    """Delete the item, once confirmed, if it is still the version that was confirmed."""
    page = await db.write(draft_delete, content_id=content_id, version=_version(version))
    return _show(request, visitor, page, status=409 if isinstance(page, DeletePage) else 200)
