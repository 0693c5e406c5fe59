"""Domain errors, mapped once: to problem+json under /api, to an HTML page elsewhere."""

from __future__ import annotations

from typing import Any, ClassVar


class DomainError(Exception):
    """A rule of gladshare refused the request; the message is safe to show."""

    status: ClassVar[int] = 400
    slug: ClassVar[str] = "bad-request"
    title: ClassVar[str] = "Bad request"

    def __init__(self, detail: str, *, slug: str | None = None, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.type_slug = slug or self.slug
        self.extra = extra


class NotFound(DomainError):
    status = 404
    slug = "not-found"
    title = "Not found"


class Gone(DomainError):
    status = 410
    slug = "gone"
    title = "Gone"


class Unauthorized(DomainError):
    status = 401
    slug = "unauthorized"
    title = "Unauthorized"


class Forbidden(DomainError):
    status = 403
    slug = "forbidden"
    title = "Forbidden"


class Conflict(DomainError):
    status = 409
    slug = "conflict"
    title = "Conflict"


class PreconditionFailed(DomainError):
    status = 412
    slug = "precondition-failed"
    title = "Precondition failed"


class PreconditionRequired(DomainError):
    status = 428
    slug = "precondition-required"
    title = "Precondition required"


class Invalid(DomainError):
    status = 422
    slug = "validation-error"
    title = "Invalid input"


class TooManyRequests(DomainError):
    status = 429
    slug = "rate-limited"
    title = "Too many requests"
