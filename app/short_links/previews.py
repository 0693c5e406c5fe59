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

PREVIEW_FETCHER = re.compile(
    rb"facebookexternalhit|facebookcatalog|linkedinbot|twitterbot|slackbot|slack-imgproxy"
    rb"|whatsapp|telegrambot|discordbot|mastodon/|bluesky|cardyb|skypeuripreview"
    rb"|google-pagerenderer|applebot|(?<!cu)bot\b|preview|crawler|spider",
    re.IGNORECASE,
)


def is_preview_fetcher(user_agent: bytes) -> bool:
    """Whether a User-Agent is a link-preview fetcher's (see the list above)."""
    return PREVIEW_FETCHER.search(user_agent) is not None


def fetched_for_a_preview(scope: Scope) -> bool:
    """Whether this request comes from a link-preview fetcher, by its User-Agent."""
    for name, value in scope["headers"]:
        if name == b"user-agent":
            return is_preview_fetcher(value)
    return False
