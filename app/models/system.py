"""API keys, webhooks and their outbox, idempotency records and the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Literal, get_args

from sqlalchemy import JSON, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime, new_id, reference, utcnow

Scope = Literal[
    "content:read",
    "content:write",
    "shares:write",
    "employees:write",
    "consents:read",
    "consents:audit",
    "analytics:read",
    "webhooks:manage",
]
SCOPES: tuple[str, ...] = get_args(Scope)


class ApiKey(SQLModel, table=True):
    """A key for another system; only its hash is stored."""

    __tablename__ = "api_key"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=26)
    name: str = Field(max_length=200)
    prefix: str = Field(max_length=16)
    key_hash: str = Field(max_length=64, unique=True)
    scopes: list[str] = Field(default_factory=list, sa_type=JSON)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class WebhookEndpoint(SQLModel, table=True):
    """A receiver of Standard Webhooks; secrets are kept encrypted with the app secret."""

    __tablename__ = "webhook_endpoint"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=26)
    url: str = Field(max_length=2048)
    description: str = Field(default="", max_length=500)
    events: list[str] = Field(default_factory=list, sa_type=JSON)
    secret_encrypted: str = Field(sa_type=Text)
    previous_secret_encrypted: str | None = Field(default=None, sa_type=Text)
    previous_secret_expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    enabled: bool = True
    disabled_reason: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class OutboxMessage(SQLModel, table=True):
    """An event written in the same transaction as the change that caused it."""

    __tablename__ = "outbox_message"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=26)
    topic: str = Field(default="webhook", max_length=20)
    event_type: str = Field(max_length=50)
    payload: dict[str, object] = Field(default_factory=dict, sa_type=JSON)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)


class WebhookDelivery(SQLModel, table=True):
    """The delivery of one message to one endpoint, retried until it succeeds or gives up."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (
        Index(None, "status", "next_attempt_at"),
        UniqueConstraint("message_id", "endpoint_id"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=26)
    message_id: str = reference("outbox_message.id", ondelete="CASCADE")
    endpoint_id: str = reference("webhook_endpoint.id", ondelete="CASCADE", index=True)
    status: str = Field(default="pending", max_length=20)
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    locked_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_status_code: int | None = None
    last_error: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class DeliveryAttempt(SQLModel, table=True):
    """One HTTP attempt of a webhook delivery."""

    __tablename__ = "delivery_attempt"

    id: int | None = Field(default=None, primary_key=True)
    delivery_id: str = reference("webhook_delivery.id", ondelete="CASCADE", index=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    status_code: int | None = None
    error: str | None = Field(default=None, max_length=500)
    duration_ms: int = 0


class IdempotencyRecord(SQLModel, table=True):
    """The first answer to a creating POST, replayed for the same Idempotency-Key."""

    __tablename__ = "idempotency_record"

    principal: str = Field(primary_key=True, max_length=64)
    key: str = Field(primary_key=True, max_length=255)
    fingerprint: str = Field(max_length=64)
    state: str = Field(default="running", max_length=10)
    response_status: int | None = None
    response_headers: dict[str, str] = Field(default_factory=dict, sa_type=JSON)
    response_body: str | None = Field(default=None, sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime, index=True)


class AuditEvent(SQLModel, table=True):
    """Who did what to which record, for administrators and auditors."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    actor: str = Field(max_length=100)
    action: str = Field(max_length=100)
    target: str | None = Field(default=None, max_length=200)
    detail: dict[str, object] = Field(default_factory=dict, sa_type=JSON)
