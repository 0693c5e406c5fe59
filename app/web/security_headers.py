"""Security headers on every response the app renders: a strict CSP with a nonce per request."""

from __future__ import annotations

import secrets

from starlette.datastructures import MutableHeaders
from starlette.types import Message, Scope, Send

CSP = (
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'nonce-{nonce}'; "
    # Pico CSS draws form icons with data: SVGs.
    "img-src 'self' data: https:; connect-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
COMMON = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "cross-origin-opener-policy": "same-origin",
}
HSTS = "max-age=31536000; includeSubDomains"


def csp_nonce(scope: Scope) -> str:
    """The nonce of this request's Content-Security-Policy (templates put it on scripts)."""
    nonce: str = scope.setdefault("state", {}).setdefault("csp_nonce", secrets.token_urlsafe(16))
    return nonce


def secured(scope: Scope, send: Send, *, https: bool) -> Send:
    """Wrap `send` so the response start carries the security headers.

    Applied outside every middleware, so error pages that Starlette's outermost
    error handler writes get them too.
    """
    nonce = csp_nonce(scope)
    static = scope["path"].startswith("/static/")

    async def send_with_headers(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(scope=message)
            for name, value in COMMON.items():
                headers.setdefault(name, value)
            headers.setdefault("content-security-policy", CSP.format(nonce=nonce))
            if not static:
                # Pages and API answers may be personal (a signed-in page, a consent
                # status): no browser or proxy keeps them, so Back shows today's state.
                headers.setdefault("cache-control", "no-store")
            if https:
                headers.setdefault("strict-transport-security", HSTS)
        await send(message)

    return send_with_headers
