"""Content items as API clients send them: bodies and small request helpers."""

from __future__ import annotations

from typing import Any

import httpx

CONTENT = "/api/v1/content"
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # 👨‍👩‍👧, five code points


def item(**overrides: Any) -> dict[str, Any]:
    """The body of a valid new item."""
    body: dict[str, Any] = {
        "kind": "article",
        "title": "Grüße aus Köln 🎉",
        "summary": "Straße, Maß und Ölfass – 日本語 auch.",
        "url": "https://www.example.com/news/koeln",
        "language": "de",
        "topics": ["community"],
        "status": "published",
        "share_texts": {"linkedin": "Schöne Grüße 👋", "x": "Köln 🎉", "bluesky": FAMILY},
    }
    return body | overrides


def post(client: httpx.Client, auth: dict[str, str], **overrides: Any) -> httpx.Response:
    return client.post(CONTENT, json=item(**overrides), headers=auth)


def created(client: httpx.Client, auth: dict[str, str], **overrides: Any) -> dict[str, Any]:
    response = post(client, auth, **overrides)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def listed(client: httpx.Client, auth: dict[str, str], **params: Any) -> list[str]:
    response = client.get(CONTENT, params=params, headers=auth)
    assert response.status_code == 200, response.text
    return [i["id"] for i in response.json()["items"]]
