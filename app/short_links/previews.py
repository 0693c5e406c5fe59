"""Link-preview fetchers: they get the redirect like anyone, but their fetch is no click.

When a post with a short link is published, the network (and every chat app the
post is pasted into) fetches the link to draw its card. Counting those fetches as
clicks would credit a post with readers it never had. The request's User-Agent is
looked at in memory, on this request only, and never stored or logged: the only
thing kept is one more preview on the link's counter.

Counted as previews (case-insensitive, anywhere in the User-Agent):

| fetcher | what its User-Agent carries |
|---|---|
| Facebook, Instagram, Messenger | `facebookexternalhit`, `facebookcatalog` |
| LinkedIn | `LinkedInBot` |
| X | `Twitterbot` |
| Slack | `Slackbot`, `Slack-ImgProxy` |
| WhatsApp | `WhatsApp` |
| Telegram | `TelegramBot` |
| Discord | `Discordbot` |
| Mastodon (every instance fetches for its own users) | `Mastodon/` |
| Bluesky | `Bluesky`, `Cardyb` |
| Skype, Teams | `SkypeUriPreview` |
| Google's and Apple's link cards | `Google-PageRenderer`, `Applebot` |
| anything else that says so | a word ending in `bot`, `preview`, `crawler`, `spider` |

A person's browser never carries these words. The one phone maker whose name
ends in "bot" (Cubot) is a person, not a fetcher.
"""

from __future__ import annotations

import re

from starlette.types import Scope

# One pass over the lowered User-Agent: every name above that does not end in "bot",
# and "bot" itself, checked to end a word (and not to be Cubot's) only where it occurs.
# Case-insensitive matching and look-arounds in the pattern cost 13 µs on a browser's
# agent, this costs under 2 µs, and a browser's is read to the end on every click.
_WORDS = re.compile(
    rb"facebookexternalhit|facebookcatalog|slack-imgproxy|whatsapp|mastodon/|bluesky|cardyb"
    rb"|skypeuripreview|google-pagerenderer|preview|crawler|spider|bot"
)


def is_preview_fetcher(user_agent: bytes) -> bool:
    """Whether a User-Agent is a link-preview fetcher's (see the list above)."""
    lowered = user_agent.lower()
    for found in _WORDS.finditer(lowered):
        if found.group() != b"bot":
            return True
        after = lowered[found.end() : found.end() + 1]
        if not (after.isalnum() or after == b"_") and lowered[: found.start()][-2:] != b"cu":
            return True
    return False


def fetched_for_a_preview(scope: Scope) -> bool:
    """Whether this request comes from a link-preview fetcher, by its User-Agent."""
    for name, value in scope["headers"]:
        if name == b"user-agent":
            return is_preview_fetcher(value)
    return False
