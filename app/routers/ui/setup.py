"""/me/setup: right after "Take part", the choices that make the feed fit, then the feed."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from app.consent.ledger import consent_holds
from app.content.topics import TopicMenu, topic_menu
from app.dependencies import CsrfVisitor, CurrentEmployee, DatabaseDep, VisitorDep, require_employee
from app.models import AmbassadorProfile, Employee
from app.people.profiles import (
    PROFILE_LANGUAGES,
    ProfileDraft,
    ProfileInvalid,
    profile_draft,
    profile_get,
    profile_update,
)
from app.routers.ui.me import LANGUAGE_CHOICES, NETWORK_CHOICES, TAKING_PART, Field
from app.web.rendering import page_language, redirect, render
from app.web.visitors import Visitor

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_employee)])


@dataclass(frozen=True)
class SetupPage:
    """What setup.html shows: the three choices as stored or as typed, and what went wrong."""

    draft: ProfileDraft
    topics: TopicMenu
    errors: dict[str, str]
    networks: tuple[tuple[str, str], ...] = NETWORK_CHOICES
    languages: tuple[tuple[str, str], ...] = LANGUAGE_CHOICES


def _setup(
    *, session: Session, employee: Employee, language: str, draft: ProfileDraft | None = None
) -> SetupPage | None:
    """The setup as stored (a new profile reads the page's language); None unless taking part."""
    if not consent_holds(session=session, employee=employee, purpose=TAKING_PART):
        return None
    if draft is None:
        draft = profile_draft(profile_get(session=session, employee=employee))
        if session.get(AmbassadorProfile, employee.id) is None and language in PROFILE_LANGUAGES:
            draft = replace(draft, languages=(language,))
    return SetupPage(draft=draft, topics=topic_menu(session=session), errors={})


def _show(request: Request, visitor: Visitor, page: SetupPage, *, status: int = 200) -> Response:
    return render(request, "setup.html", page, visitor=visitor, status=status)


@router.get("/me/setup", response_class=HTMLResponse)
async def setup_page(
    request: Request, visitor: VisitorDep, me: CurrentEmployee, db: DatabaseDep
) -> Response:
    """Where "Take part" leads: the choices that make the feed fit, before the feed itself."""
    page = await db.read(_setup, employee=me, language=page_language(request, visitor))
    if page is None:  # not taking part: the choice to take part comes first
        return redirect(request, "/me#consent-ambassador")
    return _show(request, visitor, page)


def _setup_save(*, session: Session, employee: Employee, draft: ProfileDraft) -> SetupPage | None:
    page = _setup(session=session, employee=employee, language="", draft=draft)
    if page is None:
        return None
    # The rest of the profile (asks, quiet hours, a pause) stays as it is.
    stored = profile_draft(profile_get(session=session, employee=employee))
    whole = replace(
        stored,
        networks=draft.networks,
        mastodon_instance=draft.mastodon_instance,
        topics=draft.topics,
        languages=draft.languages,
        no_social_networks=draft.no_social_networks,
    )
    try:
        profile_update(session=session, employee=employee, draft=whole)
    except ProfileInvalid as invalid:
        return replace(page, errors=invalid.errors)
    return page


@router.post("/me/setup", response_model=None)
async def setup_save(
    request: Request,
    visitor: CsrfVisitor,
    me: CurrentEmployee,
    db: DatabaseDep,
    mastodon_instance: Field = "",
    no_social_networks: Field = "",
    networks: Annotated[list[str] | None, Form()] = None,
    languages: Annotated[list[str] | None, Form()] = None,
    topics: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """Save the three choices and go on to the feed; mistakes come back beside their fields."""
    draft = ProfileDraft(
        networks=tuple(networks or ()),
        mastodon_instance=mastodon_instance,
        topics=tuple(topics or ()),
        languages=tuple(languages or ()),
        no_social_networks=bool(no_social_networks),
    )
    page = await db.write(_setup_save, employee=me, draft=draft)
    if page is None:
        return redirect(request, "/me#consent-ambassador")
    if page.errors:
        return _show(request, visitor, page, status=422)
    return redirect(request, "/feed")
