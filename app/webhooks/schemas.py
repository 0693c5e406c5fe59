"""Webhook endpoints and deliveries as the API sees them."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Literal, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from app.webhooks.outcomes import AttemptStatus, attempt_status

if TYPE_CHECKING:
    from app.models import DeliveryAttempt, WebhookEndpoint
    from app.webhooks.endpoints import DeliveryRecord

EventType = Literal["consent.updated", "employee.offboarded", "content.published", "ask.published"]
DeliveryStatus = Literal["pending", "succeeded", "failed"]


def _without_nul(value: str) -> str:
    # PostgreSQL cannot store NUL in text; refusing it here keeps it a 422, not a 500.
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


class WebhookCreate(BaseModel):
    """A new endpoint: where to send, which events, and a note for people."""

    model_config = ConfigDict(extra="forbid")

    url: Annotated[str, StringConstraints(min_length=1, max_length=2048)] = Field(
        description="https only; private, loopback and link-local addresses are refused.",
        examples=["https://hr.example.com/hooks/gladshare"],
    )
    events: list[EventType] = Field(min_length=1, max_length=4)
    description: Annotated[str, StringConstraints(max_length=500), AfterValidator(_without_nul)] = (
        ""
    )


class WebhookPublic(BaseModel):
    """An endpoint, without its secret."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    url: str
    description: str
    events: list[str]
    enabled: bool
    disabled_reason: str | None
    created_at: datetime
    previous_secret_expires_at: datetime | None = Field(
        description="Until then, deliveries carry a signature with the previous secret too."
    )

    @classmethod
    def of(cls, endpoint: WebhookEndpoint) -> WebhookPublic:
        """A stored endpoint, its secret left out."""
        return cls.model_validate(endpoint)


class WebhookWithSecret(WebhookPublic):
    """An endpoint with its signing secret: shown once, at creation and rotation."""

    secret: str = Field(examples=["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"])

    # The secret is never stored readable, so it is handed over beside the endpoint.
    @classmethod
    def of(cls, endpoint: WebhookEndpoint, secret: str) -> Self:  # type: ignore[override]
        """A stored endpoint with the secret it signs with."""
        return cls.model_validate({**WebhookPublic.of(endpoint).model_dump(), "secret": secret})


class AttemptPublic(BaseModel):
    """One HTTP attempt: the receiver's status code, or why there was none."""

    model_config = ConfigDict(from_attributes=True)

    at: datetime
    status: AttemptStatus = Field(description="succeeded on a 2xx answer, failed otherwise.")
    status_code: int | None
    error: str | None
    duration_ms: int

    @classmethod
    def of(cls, attempt: DeliveryAttempt) -> AttemptPublic:
        """A stored attempt."""
        return cls(
            at=attempt.at,
            status=attempt_status(attempt.status_code),
            status_code=attempt.status_code,
            error=attempt.error,
            duration_ms=attempt.duration_ms,
        )


class DeliveryPublic(BaseModel):
    """One message to one endpoint: its status and every attempt so far."""

    message_id: str
    webhook_id: str = Field(description="The `webhook-id` header, the same on every retry.")
    event_type: str
    status: DeliveryStatus
    next_attempt_at: datetime | None
    created_at: datetime
    attempts: list[AttemptPublic]

    @classmethod
    def of(cls, record: DeliveryRecord) -> DeliveryPublic:
        """A delivery with its message's identity and every attempt."""
        delivery, message = record.delivery, record.message
        return cls(
            message_id=message.id,
            webhook_id=record.webhook_id,
            event_type=message.event_type,
            status=delivery.status,
            next_attempt_at=delivery.next_attempt_at if delivery.status == "pending" else None,
            created_at=delivery.created_at,
            attempts=[AttemptPublic.of(a) for a in record.attempts],
        )
