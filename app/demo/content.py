"""The demo organisation's content: what Lindenhof Werke's comms team would gladly see shared.

The items and the topic list live in content.toml beside this module: data, not code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.demo.organisation import demo_table, frozen


@dataclass(frozen=True)
class DemoItem:
    """One content item; `long` feeds LinkedIn and Xing, `short` the short-form networks.

    `appeal` is how likely a colleague finds it worth sharing (0..1); `expires_in_days`
    counts from now and is negative for an item that has already expired.
    """

    kind: str
    language: str
    title: str
    summary: str
    url: str
    topics: tuple[str, ...]
    long: str
    short: str
    tags: tuple[str, ...]
    days_ago: int
    appeal: float
    status: str = "published"
    is_ask: bool = False
    image_url: str | None = None
    expires_in_days: int | None = None
    # Leaders first: leaders see it this many hours before everyone; the demo is seeded
    # halfway through those hours, so a leader signing in sees it early.
    leaders_hours: int | None = None
    circle: bool = False  # a draft comms sent to the preview circle


@dataclass(frozen=True)
class DemoTopic:
    """An entry of comms' topic list: the slug items carry, named in each language of the UI."""

    id: str
    names: Mapping[str, str]


_CONTENT = demo_table("content.toml")
ITEMS: tuple[DemoItem, ...] = tuple(DemoItem(**frozen(item)) for item in _CONTENT["items"])
TOPICS: tuple[DemoTopic, ...] = tuple(DemoTopic(**topic) for topic in _CONTENT["topics"])
