"""The ambassador profile: how one employee wants to take part, read and changed by them alone."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlmodel import Session

from app.content.topics import topic_ids
from app.errors import Invalid
from app.models import NETWORKS, AmbassadorProfile, Employee, utcnow
from app.sharing.shares import mastodon_host
from app.web.i18n import N_

PROFILE_LANGUAGES = ("de", "en", "fr")
ASKS_MAX = 12
HOURS = range(24)


@dataclass(frozen=True)
class ProfileDraft:
    """The profile form as the person filled it in: text and ticks, checked by profile_update."""

    networks: tuple[str, ...] = ()
    mastodon_instance: str = ""
    topics: tuple[str, ...] = ()  # ids from comms' topic list
    languages: tuple[str, ...] = ()
    asks_per_quarter: str = "1"
    quiet_hours_start: str = ""
    quiet_hours_end: str = ""
    paused: bool = False
    no_social_networks: bool = False
    # "Show me drafts to give my opinion"; None: the form did not ask (setup), keep it.
    show_drafts: bool | None = None


class ProfileInvalid(Invalid):
    """Some fields of the profile form are not valid; `errors` maps each to a message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(N_("Please check the marked fields."), errors=errors)
        self.errors = errors


def profile_get(*, session: Session, employee: Employee) -> AmbassadorProfile:
    """The person's profile, or an unsaved one with the defaults when they have none yet."""
    return session.get(AmbassadorProfile, employee.id) or AmbassadorProfile(employee_id=employee.id)


def profile_draft(profile: AmbassadorProfile) -> ProfileDraft:
    """A saved profile as the form shows it."""
    return ProfileDraft(
        networks=tuple(profile.networks),
        mastodon_instance=profile.mastodon_instance or "",
        topics=tuple(profile.topics),
        languages=tuple(profile.languages),
        asks_per_quarter=str(profile.asks_per_quarter),
        quiet_hours_start=_hour_text(profile.quiet_hours_start),
        quiet_hours_end=_hour_text(profile.quiet_hours_end),
        paused=profile.paused,
        no_social_networks=profile.no_social_networks,
        show_drafts=profile.show_drafts,
    )


def profile_update(
    *, session: Session, employee: Employee, draft: ProfileDraft
) -> AmbassadorProfile:
    """Check the whole form, then save it; ProfileInvalid (and nothing saved) otherwise."""
    errors: dict[str, str] = {}
    listed = topic_ids(session=session)
    values = {
        name: _checked(check, draft, name, errors)
        for name, check in (
            ("networks", _networks),
            ("mastodon_instance", _mastodon_instance),
            ("topics", partial(_topics, listed=listed)),
            ("languages", _languages),
            ("asks_per_quarter", _asks_per_quarter),
            ("quiet_hours", _quiet_hours),
        )
    }
    if errors:
        raise ProfileInvalid(errors)
    if draft.no_social_networks:  # a complete answer: no networks are kept beside it
        values["networks"], values["mastodon_instance"] = [], None
    profile = profile_get(session=session, employee=employee)
    start, end = values.pop("quiet_hours")
    for name, value in values.items():
        setattr(profile, name, value)
    profile.quiet_hours_start, profile.quiet_hours_end = start, end
    profile.paused = draft.paused
    profile.no_social_networks = draft.no_social_networks
    if draft.show_drafts is not None:
        profile.show_drafts = draft.show_drafts
    profile.updated_at = utcnow()
    session.add(profile)
    session.flush()
    return profile


def _checked(
    check: Callable[[ProfileDraft], Any], draft: ProfileDraft, name: str, errors: dict[str, str]
) -> Any:
    try:
        return check(draft)
    except ValueError as error:
        errors[name] = str(error)
        return None


def _networks(draft: ProfileDraft) -> list[str]:
    if any(network not in NETWORKS for network in draft.networks):
        raise ValueError(N_("Please choose networks from the list."))
    return [network for network in NETWORKS if network in draft.networks]


def _mastodon_instance(draft: ProfileDraft) -> str | None:
    if not draft.mastodon_instance.strip():
        return None
    try:
        return mastodon_host(draft.mastodon_instance)
    except Invalid:
        raise ValueError(
            N_("Enter just the server name, such as mastodon.social (no https://, no @, no path).")
        ) from None


def _topics(draft: ProfileDraft, *, listed: Collection[str]) -> list[str]:
    # An id off the list is most likely a topic comms removed while the form was open.
    if any(topic not in listed for topic in draft.topics):
        raise ValueError(
            N_("A topic you ticked is no longer on the list. Please tick topics from the list.")
        )
    return sorted(set(draft.topics))


def _languages(draft: ProfileDraft) -> list[str]:
    if any(language not in PROFILE_LANGUAGES for language in draft.languages):
        raise ValueError(N_("Please choose languages from the list."))
    return [language for language in PROFILE_LANGUAGES if language in draft.languages]


def _asks_per_quarter(draft: ProfileDraft) -> int:
    asks = _whole_number(draft.asks_per_quarter)
    if asks is None or asks > ASKS_MAX:
        raise ValueError(N_("Enter a whole number from 0 to 12."))
    return asks


def _quiet_hours(draft: ProfileDraft) -> tuple[int | None, int | None]:
    start, end = _hour(draft.quiet_hours_start), _hour(draft.quiet_hours_end)
    if (start is None) != (end is None):
        raise ValueError(N_("Choose both a start and an end, or neither."))
    if start is not None and start == end:
        raise ValueError(N_("Quiet hours need a start and an end that differ."))
    return start, end


def _hour(text: str) -> int | None:
    if not text.strip():
        return None
    hour = _whole_number(text)
    if hour not in HOURS:
        raise ValueError(N_("Choose an hour from the list."))
    return hour


def _whole_number(text: str) -> int | None:
    text = text.strip()
    # isdigit() alone would admit "²" and other digits int() refuses.
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 4 else None


def _hour_text(hour: int | None) -> str:
    return "" if hour is None else str(hour)
