"""Domain errors, mapped once: to problem+json under /api, to an HTML page elsewhere.

Each error names its HTTP status, problem type (slug) and title in its class line.
"""

from __future__ import annotations

from typing import Any, ClassVar


class DomainError(Exception):
    """A rule of gladshare refused the request; the message is safe to show."""

    status: ClassVar[int] = 400
    slug: ClassVar[str] = "bad-request"
    title: ClassVar[str] = "Bad request"

    def __init_subclass__(
        cls, *, status: int = 0, slug: str = "", title: str = "", **kwargs: Any
    ) -> None:
        super().__init_subclass__(**kwargs)
        # A subclass may also set the three as class attributes; the keywords win.
        cls.status = status or cls.status
        cls.slug = slug or cls.slug
        cls.title = title or cls.title

    def __init__(self, detail: str, *, slug: str | None = None, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.type_slug = slug or self.slug
        self.extra = extra


class NotFound(DomainError, status=404, slug="not-found", title="Not found"):
    """Nothing with this id, or nothing the caller may see: the two look the same."""


class Unauthorized(DomainError, status=401, slug="unauthorized", title="Unauthorized"):
    """The caller is not known: not signed in, or no API key that works."""


class Forbidden(DomainError, status=403, slug="forbidden", title="Forbidden"):
    """The caller is known and may not do this."""


class Conflict(DomainError, status=409, slug="conflict", title="Conflict"):
    """The record's state does not allow it now."""


class PreconditionFailed(
    DomainError, status=412, slug="precondition-failed", title="Precondition failed"
):
    """If-Match names a version that is no longer current."""


class PreconditionRequired(
    DomainError, status=428, slug="precondition-required", title="Precondition required"
):
    """A change needs If-Match, so that it cannot overwrite a change it did not see."""


class Invalid(DomainError, status=422, slug="validation-error", title="Invalid input"):
    """Input breaks a rule; `errors` may say where."""


class TooManyRequests(DomainError, status=429, slug="rate-limited", title="Too many requests"):
    """The caller asked too often; a Retry-After header says when to try again."""


class BadGateway(DomainError, status=502, slug="upstream-failed", title="Bad gateway"):
    """A server gladshare asked on the caller's behalf failed, or answered what it cannot use."""


class GatewayTimeout(DomainError, status=504, slug="upstream-timeout", title="Gateway timeout"):
    """A server gladshare asked on the caller's behalf did not answer in time."""
