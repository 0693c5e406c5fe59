"""Security headers on every response the app renders: a strict CSP with a nonce per request."""

from __future__ import annotations

import secrets

from starlette.types import Message, Scope, Send

CSP = (
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'nonce-{nonce}'; "
    # Pico CSS draws form icons with data: SVGs. Content images are our own copies
    # (/images/): no employee's browser ever asks a third-party image host.
    "img-src 'self' data:; connect-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
COMMON = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "cross-origin-opener-policy": "same-origin",
}
HSTS = b"max-age=31536000; includeSubDomains"
# Added in one pass over the response's headers, each only where the route set none.
_COMMON = [(name.encode(), value.encode()) for name, value in COMMON.items()]


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
            headers = list(message.get("headers", ()))
            present = {bytes(name).lower() for name, _ in headers}
            headers += [(name, value) for name, value in _COMMON if name not in present]
            if b"content-security-policy" not in present:
                headers.append((b"content-security-policy", CSP.format(nonce=nonce).encode()))
            # Pages and API answers may be personal (a signed-in page, a consent status):
            # no browser or proxy keeps them, so Back shows today's state.
            if not static and b"cache-control" not in present:
                headers.append((b"cache-control", b"no-store"))
            if https and b"strict-transport-security" not in present:
                headers.append((b"strict-transport-security", HSTS))
            message = {**message, "headers": headers}
        await send(message)

    return send_with_headers
