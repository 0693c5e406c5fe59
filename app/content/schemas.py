"""Content items as the API sees them: ContentCreate, ContentUpdate, ContentPublic, filters."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    field_validator,
)
from pydantic.json_schema import SkipJsonSchema

from app.content.rules import normalise_link, normalise_topic, normalise_topics
from app.formats.languages import language_tag
from app.models.content import Kind as Kind
from app.models.content import Network as Network
from app.models.content import Status as Status
from app.web.timestamps import Instant, Timestamp

if TYPE_CHECKING:
    from app.content.items import ContentRecord


def _storable(value: str) -> str:
    # PostgreSQL cannot store NUL in text; refusing it here keeps it a 422, not a 500.
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


Title = Annotated[
    str,
    StringConstraints(min_length=1, max_length=300, pattern=r"\S"),
    AfterValidator(_not_blank),
    AfterValidator(_storable),
]
Summary = Annotated[str, StringConstraints(max_length=2000), AfterValidator(_storable)]
Link = Annotated[
    str,
    StringConstraints(pattern=r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#@]+([/?#]\S*)?$", max_length=2048),
    AfterValidator(normalise_link),
    Field(description="http(s) with a host; no user info, spaces or control characters."),
]
Language = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$", max_length=35),
    AfterValidator(language_tag),
    Field(description="BCP 47, e.g. de, en, de-CH."),
]
Topic = Annotated[str, AfterValidator(normalise_topic)]
Topics = Annotated[list[Topic], AfterValidator(normalise_topics), Field(max_length=100)]
TalkingPoint = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=280),
    AfterValidator(_storable),
]
TalkingPoints = Annotated[
    list[TalkingPoint],
    Field(
        max_length=10,
        description="Up to 10 short points (1–280 characters each) that the share panel "
        "shows, so that people say it in their own words instead of copying one text.",
    ),
]
ShareTexts = Annotated[
    dict[Network, str],
    Field(description="Text per network; checked against each network's length limit."),
]


LeadersFrom = Annotated[
    Instant | None,
    Field(
        description="Leaders first: people marked as leaders see the published item from "
        "this time, before publish_at (which it must precede); null means no early release."
    ),
]


class ContentCreate(BaseModel):
    """A new content item."""

    model_config = ConfigDict(extra="forbid")

    kind: Kind
    title: Title
    summary: Summary = ""
    url: Link
    image_url: Link | None = None
    language: Language
    topics: Topics = []
    talking_points: TalkingPoints = []
    share_texts: ShareTexts = {}
    status: Status = "draft"
    is_ask: StrictBool = False
    publish_at: Instant | None = None
    expires_at: Instant | None = None
    leaders_from: LeadersFrom = None


class ContentUpdate(BaseModel):
    """A partial change; null is accepted only where the field is nullable."""

    model_config = ConfigDict(extra="forbid")

    # Absent means "unchanged". None is hidden from the OpenAPI document for fields
    # that cannot be null, and an explicit null for them is refused below.
    kind: Kind | SkipJsonSchema[None] = None
    title: Title | SkipJsonSchema[None] = None
    summary: Summary | SkipJsonSchema[None] = None
    url: Link | SkipJsonSchema[None] = None
    image_url: Link | None = None
    language: Language | SkipJsonSchema[None] = None
    topics: Topics | SkipJsonSchema[None] = None
    talking_points: TalkingPoints | SkipJsonSchema[None] = Field(
        default=None, description="Replaces the whole list."
    )
    share_texts: ShareTexts | SkipJsonSchema[None] = Field(
        default=None, description="Replaces the whole map."
    )
    status: Status | SkipJsonSchema[None] = None
    is_ask: StrictBool | SkipJsonSchema[None] = None
    publish_at: Instant | None = None
    expires_at: Instant | None = None
    leaders_from: LeadersFrom = None

    @field_validator(
        "kind", "title", "summary", "url", "language", "topics", "talking_points", "share_texts",
        "status", "is_ask", mode="before",
    )  # fmt: skip
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        # Runs only for fields the client sent, so an explicit null is refused here.
        if value is None:
            raise ValueError("must not be null")
        return value


class ContentPublic(BaseModel):
    """A content item as clients read it."""

    id: str
    kind: Kind
    title: str
    summary: str
    url: str
    image_url: str | None
    language: str
    topics: list[str]
    talking_points: list[str]
    share_texts: dict[str, str]
    status: Status
    is_ask: bool
    publish_at: Timestamp | None
    expires_at: Timestamp | None
    leaders_from: Timestamp | None
    created_at: Timestamp
    updated_at: Timestamp
    version: int

    @classmethod
    def of(cls, record: ContentRecord, *, base_url: str) -> ContentPublic:
        """The public form of a stored item and its share texts; a stored path becomes a URL."""
        fields = record.item.model_dump(exclude={"deleted_at"})
        if record.item.image_url and record.item.image_url.startswith("/"):
            # The demo's pictures are stored as paths, so they work on whatever port it runs.
            fields["image_url"] = f"{base_url}{record.item.image_url}"
        return cls.model_validate({**fields, "share_texts": record.share_texts})


class ContentFilters(BaseModel):
    """Query filters of the content listing."""

    status: Status = "published"
    topic: Topic | None = None
    language: Annotated[
        Language | None, Field(description="This language and its regional forms (de: de-CH).")
    ] = None
    kind: Kind | None = None
    q: Annotated[str, StringConstraints(min_length=1, max_length=200)] | None = Field(
        default=None, description="Case-insensitive text in title or summary."
    )
