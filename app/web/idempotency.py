"""Idempotency-Key: the first answer to a creating POST, replayed for the same key and body."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated

from fastapi import Depends, Header, Request, Response
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete

from app.errors import Conflict, Invalid
from app.models import IdempotencyRecord, utcnow
from app.web.api_auth import authenticated

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
    *, session: Session, principal: str, key: str, fingerprint: str
) -> StoredResponse | None:
    """Claim a key; a finished one returns its stored response, a running one conflicts."""
    now = utcnow()
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


def idempotency_purge(*, session: Session, now: datetime) -> int:
    """Forget the records whose retention period is over; how many were forgotten."""
    result = session.exec(delete(IdempotencyRecord).where(col(IdempotencyRecord.expires_at) <= now))
    return int(result.rowcount)


REPLAY_HEADER = "Idempotent-Replayed"


class IdempotentCreate:
    """One creating request: replay a stored answer, or store the new one.

    Claim, change and stored answer are one transaction, the request's write: a
    failure rolls the claim back with the change, so the key is free for a retry.
    On SQLite the one writer runs a duplicate after the first, which then replays;
    on PostgreSQL a duplicate sent meanwhile waits on the claim and is told the key
    is in use.
    """

    def __init__(self, *, method: str, path: str, principal: str, key: str | None) -> None:
        self.method = method
        self.path = path
        self.principal = principal
        self.key = key

    def replay(self, *, session: Session, payload: BaseModel) -> Response | None:
        """The first response to this key and body, or None when this request is the first."""
        if self.key is None:
            return None
        fingerprint = request_fingerprint(
            method=self.method,
            path=self.path,
            payload=payload.model_dump(mode="json", exclude_unset=True),
        )
        stored = idempotency_begin(
            session=session, principal=self.principal, key=self.key, fingerprint=fingerprint
        )
        if stored is None:
            return None
        return Response(
            stored.body,
            status_code=stored.status,
            headers={**stored.headers, REPLAY_HEADER: "true"},
            media_type="application/json",
        )

    def respond(
        self,
        *,
        session: Session,
        body: BaseModel,
        status: int,
        headers: dict[str, str] | None = None,
    ) -> Response:
        """The response to send, stored for replays in the same transaction as the change."""
        text = body.model_dump_json()
        headers = headers or {}
        if self.key is not None:
            idempotency_finish(
                session=session,
                principal=self.principal,
                key=self.key,
                response=StoredResponse(status, text, headers),
            )
        return Response(text, status_code=status, headers=headers, media_type="application/json")


IdempotencyKey = Annotated[
    str | None,
    Header(
        min_length=1,
        max_length=255,
        description="Retry-safe creation: the same key and body return the first answer.",
    ),
]


async def get_idempotent_create(
    request: Request, idempotency_key: IdempotencyKey = None
) -> IdempotentCreate:
    """Routes that create take this, and hand it to their write."""
    return IdempotentCreate(
        method=request.method,
        path=request.url.path,
        principal=f"key:{authenticated(request).key_id}",
        key=idempotency_key,
    )


IdempotencyDep = Annotated[IdempotentCreate, Depends(get_idempotent_create)]
