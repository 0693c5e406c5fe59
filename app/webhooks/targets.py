"""Where webhooks may go: https to public addresses only, checked again at every delivery."""

from __future__ import annotations

from app.errors import Invalid
from app.formats.targets import Target, TargetRefused, url_target

__all__ = ["Target", "TargetRefused", "webhook_target", "webhook_url_check"]


def webhook_target(url: str, *, allow_private: bool) -> Target:
    """Parse and resolve `url`; TargetRefused unless it is https to public addresses only."""
    # The rules are those of app/formats/targets.py; webhooks add that only https is
    # accepted (plain http and local receivers only where private addresses are allowed).
    schemes = ("https", "http") if allow_private else ("https",)
    return url_target(url, schemes=schemes, allow_private=allow_private)


def webhook_url_check(url: str, *, allow_private: bool) -> str:
    """The URL, if webhooks may be sent to it; otherwise a 422 naming the rule."""
    if len(url) > 2048 or any(ch.isspace() or ord(ch) < 32 for ch in url):
        raise Invalid("The URL is not valid.", errors=[{"loc": ["body", "url"], "msg": "invalid"}])
    try:
        webhook_target(url, allow_private=allow_private)
    except TargetRefused as exc:
        message = f"The webhook URL is refused: {exc}."
        raise Invalid(message, errors=[{"loc": ["body", "url"], "msg": str(exc)}]) from None
    return url
