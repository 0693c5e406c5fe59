"""One HTTP attempt of a webhook: signed, to a vetted address, without following redirects."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC
from email.utils import parsedate_to_datetime

import httpx

from app.formats.targets import TargetRefused, send_vetted, vetted_client
from app.webhooks.signing import signature_header
from app.webhooks.targets import webhook_target

USER_AGENT = "gladshare-webhooks/1"


@dataclass(frozen=True)
class Outcome:
    """What one attempt came to: the receiver's status, or why it got none."""

    status_code: int | None
    error: str | None
    retry_after: float | None
    duration_ms: int


def webhook_client(*, timeout: float) -> httpx.Client:
    """The worker's HTTP client: no redirects, no proxies from the environment."""
    return vetted_client(timeout=timeout)


def retry_after_seconds(value: str | None, *, now: float) -> float | None:
    """Retry-After as seconds from now: delay-seconds or an HTTP date; None when unusable."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - now)


def webhook_send(
    *,
    client: httpx.Client,
    url: str,
    allow_private: bool,
    secrets: list[str],
    webhook_id: str,
    body: bytes,
) -> Outcome:
    """POST one signed delivery; never raises for the receiver's or the network's failures."""
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": webhook_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature_header(
            secrets_=secrets, webhook_id=webhook_id, timestamp=timestamp, body=body
        ),
    }
    started = time.monotonic()
    try:
        target = webhook_target(url, allow_private=allow_private)
        response = send_vetted(client, target, method="POST", headers=headers, body=body)
        # Only the status and headers matter; the receiver's body is never read.
        response.close()
    except TargetRefused as exc:
        error: str | None = f"refused: {exc}"
    except httpx.TimeoutException:
        error = "timed out"
    except httpx.HTTPError as exc:
        error = f"connection failed: {type(exc).__name__}"
    else:
        retry_after = None
        if response.status_code in (429, 503):
            retry_after = retry_after_seconds(response.headers.get("retry-after"), now=time.time())
        return Outcome(response.status_code, None, retry_after, _ms_since(started))
    return Outcome(None, error, None, _ms_since(started))


def _ms_since(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
