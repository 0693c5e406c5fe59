"""The editor's form: an item as typed, read into the API's schemas, with a message per field.

Field names are the API's (title, summary, url, image_url, kind, language, topics,
talking_points, is_ask, publish_at, expires_at, leaders_from) and text_<network> for the
share texts, so that other parts (the previews) can read the same form.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple

from pydantic import ValidationError
from starlette.datastructures import FormData

from app.content.items import ContentRecord
from app.content.rules import SHARE_TEXT_LIMITS, share_text_length, share_text_problem
from app.content.schemas import ContentCreate, ContentUpdate
from app.models import NETWORKS
from app.web.i18n import N_

LEADERS = "leaders_from" in ContentCreate.model_fields  # the leaders-first field, once it lands
TIMES = ("publish_at", "expires_at", *(("leaders_from",) if LEADERS else ()))
LOCAL_TIME = "%Y-%m-%dT%H:%M:%S"  # what <input type="datetime-local" step="1"> reads and sends
MESSAGES = {
    "title": N_("Give a title of at most 300 characters."),
    "summary": N_("The summary has at most 2,000 characters."),
    "url": N_("Give the full link of the page, starting with https://."),
    "image_url": N_("Give the full link of an image, starting with https://, or leave it empty."),
    "kind": N_("Choose a kind."),
    "language": N_("Give a language tag such as en, de or de-CH."),
    "topics": N_("Choose at most 20 topics."),
    "talking_points": N_(
        "At most 10 talking points, one per line, each of at most 280 characters."
    ),
    "is_ask": N_("Choose yes or no."),
    "time": N_("Give a date and time, or leave it empty."),
    "text": N_("%(count)s characters too many."),
    "stored": N_("A share text can hold at most 3,000 characters, links written out in full."),
    "host": N_("This host is not among the hosts this installation allows for content."),
    "expires_at": N_("The expiry must be later than the publish time."),
    "leaders_from": N_("Leaders must see it before the publish time: choose an earlier time."),
    "schedule": N_("Give the time to publish at."),
    "future": N_("Choose a time in the future to schedule, or publish now."),
}


class Problem(NamedTuple):
    """A message next to a field, with the number it may name."""

    message: str
    number: int = 0


class DraftInvalid(Exception):
    """The form cannot become an item as typed; `errors` by form field."""

    def __init__(self, errors: Mapping[str, Problem]) -> None:
        super().__init__(", ".join(errors))
        self.errors = dict(errors)


@dataclass(frozen=True)
class Draft:
    """An item as the form holds it: text as typed, times in UTC as datetime-local writes them."""

    title: str = ""
    summary: str = ""
    url: str = ""
    image_url: str = ""
    kind: str = "article"
    language: str = "en"
    topics: tuple[str, ...] = ()
    talking_points: str = ""  # one per line
    is_ask: bool = False
    publish_at: str = ""
    expires_at: str = ""
    leaders_from: str = ""
    share_texts: Mapping[str, str] = field(default_factory=dict)

    def text(self, network: str) -> str:
        """The share text for `network`, empty when there is none."""
        return self.share_texts.get(network, "")

    def length(self, network: str) -> int:
        """The text's length as the network counts it."""
        return share_text_length(network, self.text(network))

    def limit(self, network: str) -> int:
        """The most the network allows."""
        return SHARE_TEXT_LIMITS.get(network, 3000)


def _clean(value: str) -> str:
    return value.replace("\r\n", "\n").replace("\r", "\n")


def local_time(value: datetime | None) -> str:
    """A stored time as datetime-local writes it, in UTC."""
    return value.astimezone(UTC).strftime(LOCAL_TIME) if value else ""


def draft_of(record: ContentRecord) -> Draft:
    """The form of a stored item."""
    item = record.item
    return Draft(
        title=item.title,
        summary=item.summary,
        url=item.url,
        image_url=item.image_url or "",
        kind=item.kind,
        language=item.language,
        topics=tuple(item.topics),
        talking_points="\n".join(item.talking_points),
        is_ask=item.is_ask,
        publish_at=local_time(item.publish_at),
        expires_at=local_time(item.expires_at),
        leaders_from=local_time(getattr(item, "leaders_from", None)) if LEADERS else "",
        share_texts=dict(record.share_texts),
    )


def draft_from_form(form: FormData) -> Draft:
    """The form as posted; unknown fields are ignored."""

    def text(name: str) -> str:
        value = form.get(name, "")
        return _clean(value) if isinstance(value, str) else ""

    def when(name: str) -> str:
        # Browsers send 10:00 for 10:00:00: one way of writing each time, so that
        # comparing two versions sees the same time as the same.
        value = text(name).strip()
        try:
            return local_time(_time(value))
        except ValueError:
            return value  # kept as typed, for the message next to it

    texts = {n: text(f"text_{n}") for n in NETWORKS if text(f"text_{n}").strip()}
    return Draft(
        title=text("title"),
        summary=text("summary"),
        url=text("url").strip(),
        image_url=text("image_url").strip(),
        kind=text("kind"),
        language=text("language").strip(),
        topics=tuple(t for t in form.getlist("topics") if isinstance(t, str)),
        talking_points=text("talking_points"),
        is_ask=text("is_ask") == "yes",
        publish_at=when("publish_at"),
        expires_at=when("expires_at"),
        leaders_from=when("leaders_from") if LEADERS else "",
        share_texts=texts,
    )


def points(text: str) -> list[str]:
    """Talking points, one per line; blank lines are no points."""
    return [point.strip() for point in text.split("\n") if point.strip()]


def _time(value: str) -> datetime | None:
    if not value:
        return None
    parsed = datetime.fromisoformat(value)  # ValueError on anything else
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed


def _values(draft: Draft) -> tuple[dict[str, Any], dict[str, Problem]]:
    """The API fields of the draft, and the times it could not read."""
    values: dict[str, Any] = {
        "title": draft.title,
        "summary": draft.summary,
        "url": draft.url,
        "image_url": draft.image_url or None,
        "kind": draft.kind,
        "language": draft.language,
        "topics": list(draft.topics),
        "talking_points": points(draft.talking_points),
        "is_ask": draft.is_ask,
        "share_texts": dict(draft.share_texts),
    }
    errors = {}
    for name in TIMES:
        try:
            values[name] = _time(getattr(draft, name))
        except ValueError:
            errors[name] = Problem(MESSAGES["time"])
    return values, errors


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    if loc and loc[0] == "share_texts" and len(loc) > 1:
        return f"text_{loc[1]}"
    return str(loc[0]) if loc else "title"


def _problem(name: str, draft: Draft) -> Problem:
    if name.startswith("text_"):
        network = name.removeprefix("text_")
        over = draft.length(network) - draft.limit(network)
        return Problem(MESSAGES["text"], over) if over > 0 else Problem(MESSAGES["stored"])
    return Problem(MESSAGES["time"] if name in TIMES else MESSAGES.get(name, MESSAGES["title"]))


def draft_data(
    draft: Draft, *, status: str | None, new: bool
) -> tuple[ContentCreate | ContentUpdate, dict[str, Any]]:
    """The draft as a ContentCreate (new) or a full ContentUpdate; DraftInvalid when it is not."""
    values, errors = _values(draft)
    if status is not None:
        values["status"] = status
    if (values["image_url"] or "").startswith("/"):
        # A path of ours (the demo's pictures) is no link to type: an update leaves it be.
        del values["image_url"]
    model = ContentCreate if new else ContentUpdate
    try:
        data = model.model_validate(values)
    except ValidationError as invalid:
        for error in invalid.errors():
            name = _field(error["loc"])
            errors.setdefault(name, _problem(name, draft))
        data = None
    for network, text in draft.share_texts.items():
        if share_text_problem(network, text) is not None:  # said with the others, not after
            errors.setdefault(f"text_{network}", _problem(f"text_{network}", draft))
    if errors or data is None:
        raise DraftInvalid(errors)
    return data, values


def domain_errors(issues: list[dict[str, Any]], draft: Draft) -> dict[str, Problem]:
    """The domain's Invalid issues (loc ["body", field, …]) as messages by form field."""
    errors = {}
    for issue in issues:
        name = _field(list(issue.get("loc", []))[1:])
        if name in ("url", "image_url"):
            errors[name] = Problem(MESSAGES["host"])
        elif name in ("expires_at", "leaders_from"):
            errors[name] = Problem(MESSAGES[name])
        else:
            errors[name] = _problem(name, draft)
    return errors
