"""Shares as the API shows them: what an intranet system reports, and the recorded share."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated

from pydantic import AfterValidator, WithJsonSchema, field_serializer
from sqlmodel import Field, SQLModel

from app.models.content import NETWORKS

if TYPE_CHECKING:
    from app.sharing.shares import ShareCreated


def _known_network(value: str) -> str:
    if value not in NETWORKS:
        raise ValueError(f"unknown network; use one of {', '.join(NETWORKS)}")
    return value


Network = Annotated[
    str,
    AfterValidator(_known_network),
    WithJsonSchema({"type": "string", "enum": list(NETWORKS)}),
]


class ShareCreate(SQLModel):
    """A share someone is about to make, as an intranet system reports it."""

    # Ids are opaque: any length is an id that may not exist (404), not a malformed one.
    content_id: str = Field(min_length=1)
    network: Network
    employee_external_id: str | None = Field(default=None, min_length=1)
    mastodon_instance: str | None = Field(
        default=None,
        min_length=1,
        max_length=259,
        regex=r"^[^\s/:@?#.]+(\.[^\s/:@?#.]+)+(:[0-9]{1,5})?$",
        schema_extra={"pattern": r"^[^\s/:@?#.]+(\.[^\s/:@?#.]+)+(:[0-9]{1,5})?$"},
        description="The sharer's Mastodon instance as a bare host name, e.g. social.example.",
    )
    text: str | None = Field(default=None, min_length=1, max_length=3000)


class SharePublic(SQLModel):
    """A recorded share: its short link and the network's share dialog carrying it."""

    id: str
    content_id: str
    network: str
    short_url: str
    share_url: str
    attributed: bool
    created_at: datetime

    @classmethod
    def of(cls, created: ShareCreated) -> SharePublic:
        """A recorded share with its links, built from values the service made itself."""
        event = created.event
        return cls.model_construct(
            id=event.id,
            content_id=event.content_id,
            network=event.network,
            short_url=created.short_url,
            share_url=created.share_url,
            attributed=created.attributed,
            created_at=event.created_at,
        )

    @field_serializer("created_at")
    def _rfc3339_utc(self, value: datetime) -> str:
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
