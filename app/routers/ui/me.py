"""/me: the employee's choice per purpose, each on its current text, and their profile."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from app.consent.ledger import consent_grant, consent_withdraw
from app.consent.purposes import NOT_A_LEADER, purpose_offered
from app.content.topics import TopicMenu, topic_menu
from app.dependencies import (
    CsrfVisitor,
    CurrentEmployee,
    DatabaseDep,
    VisitorDep,
    require_employee,
)
from app.errors import Conflict
from app.models import NETWORKS, PURPOSES, AmbassadorProfile, Employee
from app.models.consent import Purpose
from app.people.my_data import my_consents
from app.people.my_data_schemas import MyConsent
from app.people.profiles import (
    HOURS,
    PROFILE_LANGUAGES,
    ProfileDraft,
    ProfileInvalid,
    profile_draft,
    profile_get,
    profile_update,
)
from app.web.i18n import N_, NETWORK_LABELS
from app.web.rendering import is_htmx, redirect, render
from app.web.visitors import Visitor

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_employee)])
# Per purpose: its name, the button that says yes and the one that takes it back.
# One name per purpose, the same on every page and in the demo's consent texts.
PURPOSE_COPY = {
    "ambassador": (N_("Take part"), N_("Take part"), N_("Stop taking part")),
    "share_attribution": (
        N_("See your own impact"),
        N_("Yes, show me my impact"),
        N_("Stop showing me my impact"),
    ),
    "recognition": (N_("Be named"), N_("Yes, you may name me"), N_("Stop naming me")),
}
TAKING_PART = "ambassador"
LANGUAGE_LABELS = {"de": N_("German"), "en": N_("English"), "fr": N_("French")}
NETWORK_CHOICES = tuple((network, NETWORK_LABELS[network]) for network in NETWORKS)
LANGUAGE_CHOICES = tuple((code, LANGUAGE_LABELS[code]) for code in PROFILE_LANGUAGES)
STALE_TEXT = N_(
    "This text changed while you were reading it. Here is the new version: "
    "please read it, then choose again."
)
NO_TEXT = N_("This choice is not open yet, because its text has not been published.")
Field = Annotated[str, Form(max_length=2000)]
Copy = Mapping[str, tuple[str, str, str]]


@dataclass(frozen=True)
class MePage:
    """What me.html shows: every purpose with its current text, and the profile form."""

    consents: dict[str, MyConsent]  # the purposes shown: those offered, and any still held
    draft: ProfileDraft
    topics: TopicMenu  # comms' list, named in the page's language by the template
    offered: frozenset[str] = frozenset(PURPOSES)  # the purposes the person may say yes to
    purpose: str | None = None  # the purpose whose block is rendered alone
    consent: MyConsent | None = None
    notice: str | None = None
    errors: Mapping[str, str] = field(default_factory=dict)
    saved: bool = False
    not_offered: str = NOT_A_LEADER
    purpose_copy: Copy = field(default_factory=lambda: PURPOSE_COPY)
    networks: tuple[tuple[str, str], ...] = NETWORK_CHOICES
    languages: tuple[tuple[str, str], ...] = LANGUAGE_CHOICES
    hours: range = HOURS
    setup_next: bool = False  # a first "Take part": /me/setup is shown next


def _me_page(
    *,
    session: Session,
    employee: Employee,
    purpose: str | None = None,
    draft: ProfileDraft | None = None,
) -> MePage:
    """/me as stored, with `purpose`'s block picked out and the profile form as typed."""
    consents = my_consents(session=session, employee=employee)
    offered = frozenset(p for p in PURPOSES if purpose_offered(employee=employee, purpose=p))
    # A purpose not meant for the person stays in sight while they hold it, to be taken back.
    shown = {
        purpose: consent
        for purpose, consent in consents.items()
        if purpose in offered or consent.status == "granted" or consent.renewal_required
    }
    return MePage(
        consents=shown,
        offered=offered,
        draft=draft or profile_draft(profile_get(session=session, employee=employee)),
        topics=topic_menu(session=session),
        purpose=purpose,
        consent=consents[purpose] if purpose else None,
    )


def profile_exists(session: Session, employee: Employee) -> bool:
    """Whether the person has saved a profile (a first "Take part" has none yet)."""
    return session.get(AmbassadorProfile, employee.id) is not None


def _show(
    request: Request, visitor: Visitor, page: MePage, *, block: str | None = None, status: int = 200
) -> HTMLResponse:
    """/me, or one block of it for htmx."""
    return render(request, "me.html", page, visitor=visitor, block=block, status=status)


@router.get("/me", response_class=HTMLResponse)
async def me_page(
    request: Request,
    visitor: VisitorDep,
    me: CurrentEmployee,
    db: DatabaseDep,
    saved: bool = False,
) -> Response:
    """My choices per purpose, each with its current text, and my profile."""
    page = await db.read(_me_page, employee=me)
    return _show(request, visitor, replace(page, saved=saved))


def _consent_change(
    *,
    session: Session,
    employee: Employee,
    purpose: Purpose,
    action: str,
    text_version: int | None,
    fragment: bool,
) -> MePage | None:
    """The change, then the purpose's block: with a notice when refused, else if htmx wants it."""
    # Someone new to taking part (not renewing, no profile yet) goes on to the setup.
    first = (
        purpose == TAKING_PART
        and action == "grant"
        and not profile_exists(session, employee)
        and not my_consents(session=session, employee=employee)[purpose].renewal_required
    )
    try:
        if action == "grant":
            consent_grant(
                session=session,
                employee=employee,
                purpose=purpose,
                text_version=text_version or 0,
                source="ui",
            )
        else:
            consent_withdraw(session=session, employee=employee, purpose=purpose, source="ui")
    except Conflict as conflict:
        notice = STALE_TEXT if conflict.type_slug == "stale-consent-text" else NO_TEXT
        page = _me_page(session=session, employee=employee, purpose=purpose)
        return replace(page, notice=notice)
    if first:
        return MePage(
            consents={}, draft=ProfileDraft(), topics=TopicMenu(names={}), setup_next=True
        )
    return _me_page(session=session, employee=employee, purpose=purpose) if fragment else None


@router.post("/me/consents", response_class=HTMLResponse)
async def consent_change(
    request: Request,
    visitor: CsrfVisitor,
    me: CurrentEmployee,
    db: DatabaseDep,
    purpose: Annotated[Purpose, Form()],
    action: Annotated[Literal["grant", "withdraw"], Form()],
    text_version: Annotated[int | None, Form(ge=1)] = None,
) -> Response:
    """Say yes to a purpose on the text I read, or take it back: one click either way."""
    page = await db.write(
        _consent_change,
        employee=me,
        purpose=purpose,
        action=action,
        text_version=text_version,
        fragment=is_htmx(request),
    )
    url = f"/me#consent-{purpose}"
    if page is not None and page.notice is not None:
        return _show(request, visitor, page, block="consent", status=409)
    if page is not None and page.setup_next:
        return redirect(request, "/me/setup")
    if page is None:
        return redirect(request, url)
    return redirect(request, url, fragment=lambda: _show(request, visitor, page, block="consent"))


def _profile_change(
    *, session: Session, employee: Employee, draft: ProfileDraft, fragment: bool
) -> MePage | None:
    """The profile saved, then its block: with the mistakes when refused, else if htmx wants it."""
    try:
        profile_update(session=session, employee=employee, draft=draft)
    except ProfileInvalid as invalid:
        page = _me_page(session=session, employee=employee, draft=draft)
        return replace(page, errors=invalid.errors)
    return replace(_me_page(session=session, employee=employee), saved=True) if fragment else None


@router.post("/me/profile", response_class=HTMLResponse)
async def profile_change(
    request: Request,
    visitor: CsrfVisitor,
    me: CurrentEmployee,
    db: DatabaseDep,
    mastodon_instance: Field = "",
    asks_per_quarter: Field = "",
    quiet_hours_start: Field = "",
    quiet_hours_end: Field = "",
    paused: Field = "",
    no_social_networks: Field = "",
    show_drafts: Field = "",
    networks: Annotated[list[str] | None, Form()] = None,
    languages: Annotated[list[str] | None, Form()] = None,
    topics: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """Save my profile; mistakes come back next to their fields and nothing is saved."""
    draft = ProfileDraft(
        networks=tuple(networks or ()),
        mastodon_instance=mastodon_instance,
        topics=tuple(topics or ()),
        languages=tuple(languages or ()),
        asks_per_quarter=asks_per_quarter,
        quiet_hours_start=quiet_hours_start,
        quiet_hours_end=quiet_hours_end,
        paused=bool(paused),
        no_social_networks=bool(no_social_networks),
        show_drafts=bool(show_drafts),  # this form always shows the box: unticked is off
    )
    page = await db.write(_profile_change, employee=me, draft=draft, fragment=is_htmx(request))
    url = "/me?saved=true#profile"
    if page is None:
        return redirect(request, url)
    if page.errors:
        return _show(request, visitor, page, block="profile", status=422)
    return redirect(request, url, fragment=lambda: _show(request, visitor, page, block="profile"))
