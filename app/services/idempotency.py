"""Idempotency-Key: the first answer to a creating POST, replayed for the same key and body."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete

from app.db import transaction
from app.errors import Conflict, Invalid
from app.models import IdempotencyRecord, utcnow

RETENTION = timedelta(hours=24)
# A request that has run this long without finishing died; its key may be reused.
ABANDONED_AFTER = timedelta(minutes=2)


@dataclass(frozen=True)
class StoredResponse:
    """The first response to a key."""

    status: int
    body: str
    headers: dict[str, str]


def request_fingerprint(*, method: str, path: str, payload: object) -> str:
    """A digest of what was asked: same key with another body is refused."""
    canonical = json.dumps([method, path, payload], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def idempotency_begin(
    *, engine: Engine, principal: str, key: str, fingerprint: str
) -> StoredResponse | None:
    """Claim a key in its own transaction; a finished one returns its stored response."""
    now = utcnow()
    with transaction(engine) as session:
        record = session.get(IdempotencyRecord, (principal, key))
        if record is not None and (
            record.expires_at <= now
            or (record.state == "running" and record.created_at + ABANDONED_AFTER <= now)
        ):
            session.delete(record)
            session.flush()
            record = None
        if record is not None:
            if record.fingerprint != fingerprint:
                raise Invalid(
                    "This Idempotency-Key was used for a different request body.",
                    slug="idempotency-key-reused",
                )
            if record.state == "running":
                raise Conflict(
                    "A request with this Idempotency-Key is still being processed.",
                    slug="idempotency-key-in-use",
                )
            return StoredResponse(
                record.response_status or 200, record.response_body or "", record.response_headers
            )
        session.add(
            IdempotencyRecord(
                principal=principal,
                key=key,
                fingerprint=fingerprint,
                created_at=now,
                expires_at=now + RETENTION,
            )
        )
        try:
            session.flush()
        except IntegrityError:
            raise Conflict(
                "A request with this Idempotency-Key is still being processed.",
                slug="idempotency-key-in-use",
            ) from None
    return None


def idempotency_finish(
    *, session: Session, principal: str, key: str, response: StoredResponse
) -> None:
    """Store the response in the same transaction as the change it reports."""
    record = session.get(IdempotencyRecord, (principal, key))
    if record is None:  # expired and purged while running: nothing to replay later
        return
    record.state = "done"
    record.response_status = response.status
    record.response_body = response.body
    record.response_headers = response.headers
    session.add(record)
    session.flush()


def idempotency_abandon(*, engine: Engine, principal: str, key: str) -> None:
    """Release a key whose request failed, so the client may retry with it."""
    with transaction(engine) as session:
        session.exec(
            delete(IdempotencyRecord).where(
                col(IdempotencyRecord.principal) == principal,
                col(IdempotencyRecord.key) == key,
                col(IdempotencyRecord.state) == "running",
            )
        )


def idempotency_purge(*, session: Session) -> None:
    """Forget records older than the retention period."""
    session.exec(delete(IdempotencyRecord).where(col(IdempotencyRecord.expires_at) <= utcnow()))
