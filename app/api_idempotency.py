"""The Idempotency-Key header on creating POSTs, as a dependency routes ask for."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Header, Request, Response
from pydantic import BaseModel
from sqlmodel import Session

from app.api_auth import ApiPrincipalDep
from app.dependencies import SessionDep
from app.services.idempotency import (
    StoredResponse,
    idempotency_abandon,
    idempotency_begin,
    idempotency_finish,
    request_fingerprint,
)

REPLAY_HEADER = "Idempotent-Replayed"


class IdempotentCreate:
    """One creating request: replay a stored answer, or store the new one."""

    def __init__(self, request: Request, session: Session, principal: str, key: str | None):
        self.request = request
        self.session = session
        self.principal = principal
        self.key = key
        self.claimed = False

    def replay(self, payload: BaseModel) -> Response | None:
        """The first response to this key and body, or None when this request is the first."""
        if self.key is None:
            return None
        if self.session.in_transaction():
            # On SQLite the request would hold the write lock that the claim waits for.
            raise RuntimeError("claim the Idempotency-Key before the request's session is used")
        fingerprint = request_fingerprint(
            method=self.request.method,
            path=self.request.url.path,
            payload=payload.model_dump(mode="json", exclude_unset=True),
        )
        stored = idempotency_begin(
            engine=self.request.app.state.engine,
            principal=self.principal,
            key=self.key,
            fingerprint=fingerprint,
        )
        if stored is None:
            self.claimed = True
            return None
        return Response(
            stored.body,
            status_code=stored.status,
            headers={**stored.headers, REPLAY_HEADER: "true"},
            media_type="application/json",
        )

    def respond(
        self, body: BaseModel, *, status: int, headers: dict[str, str] | None = None
    ) -> Response:
        """The response to send, stored for replays in the same transaction as the change."""
        text = body.model_dump_json()
        headers = headers or {}
        if self.claimed and self.key is not None:
            idempotency_finish(
                session=self.session,
                principal=self.principal,
                key=self.key,
                response=StoredResponse(status, text, headers),
            )
        return Response(text, status_code=status, headers=headers, media_type="application/json")


def get_idempotent_create(
    request: Request,
    session: SessionDep,
    principal: ApiPrincipalDep,
    idempotency_key: Annotated[
        str | None,
        Header(
            min_length=1,
            max_length=255,
            description="Retry-safe creation: the same key and body return the first answer.",
        ),
    ] = None,
) -> Iterator[IdempotentCreate]:
    """Routes that create take this; a failed request releases its key for a retry."""
    scope = IdempotentCreate(request, session, f"key:{principal.key_id}", idempotency_key)
    try:
        yield scope
    except BaseException:
        if scope.claimed and scope.key is not None:
            # End the request's own transaction first: on SQLite it holds the write
            # lock that releasing the key needs.
            session.rollback()
            idempotency_abandon(
                engine=request.app.state.engine, principal=scope.principal, key=scope.key
            )
        raise


IdempotencyDep = Annotated[IdempotentCreate, Depends(get_idempotent_create, scope="function")]
