"""Names of things as people read them, shared by every page."""

from __future__ import annotations

from app.i18n import N_

# Brand names stay as the networks write them; only "Email" is a word to translate.
NETWORK_LABELS = {
    "linkedin": "LinkedIn",
    "xing": "XING",
    "x": "X",
    "facebook": "Facebook",
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "threads": "Threads",
    "whatsapp": "WhatsApp",
    "email": N_("Email"),
}
