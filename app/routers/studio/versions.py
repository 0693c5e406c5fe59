"""Versions of an item side by side: what the form changed since it was loaded, where two
versions differ, and the stored version with your changes carried over ("changed meanwhile").

The form carries a short digest of each field as it was loaded, not the values: that keeps
the form small, and is all it takes to tell which fields the person changed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields, replace

from app.models import NETWORKS
from app.routers.studio.drafts import LEADERS, Draft, points


def fingerprint(draft: Draft) -> str:
    """A short digest of each field, carried by the form to tell later what was changed in it."""
    digests = {name: _digest(value) for name, value in compared(draft).items()}
    return json.dumps(digests, separators=(",", ":"))


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:16]


def compared(draft: Draft) -> dict[str, str]:
    """Every field as text, by form field name: for digests and the side-by-side view."""
    found = {f.name: getattr(draft, f.name) for f in fields(draft) if f.name != "share_texts"}
    found["topics"] = "\n".join(draft.topics)
    found["talking_points"] = "\n".join(points(draft.talking_points))
    found["is_ask"] = "yes" if draft.is_ask else ""
    found |= {f"text_{n}": draft.text(n) for n in NETWORKS}
    return {k: str(v) for k, v in found.items() if k != "leaders_from" or LEADERS}


def changed_fields(draft: Draft, original: str) -> set[str]:
    """The fields changed since the form was loaded (all of them when its digest is unreadable)."""
    try:
        before = json.loads(original)
    except ValueError:
        before = {}
    if not isinstance(before, dict):
        before = {}
    return {k for k, v in compared(draft).items() if before.get(k) != _digest(v)}


def differing(a: Draft, b: Draft) -> set[str]:
    """The fields in which two drafts differ."""
    left, right = compared(a), compared(b)
    return {k for k in left if left[k] != right[k]}


def carried_over(stored: Draft, yours: Draft, changed: set[str]) -> Draft:
    """The stored version with the fields you changed taken from yours."""
    texts = dict(stored.share_texts)
    for network in NETWORKS:
        if f"text_{network}" in changed:
            texts.pop(network, None)
            if yours.text(network):
                texts[network] = yours.text(network)
    plain = {f.name: getattr(yours, f.name) for f in fields(yours) if f.name in changed}
    return replace(stored, **plain, share_texts=texts)
