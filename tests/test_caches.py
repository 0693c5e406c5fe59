"""The in-process caches: bounded, short-lived, and never keeping what a write outdated."""

from __future__ import annotations

import time

from app.caches import TtlCache


def test_an_entry_lives_only_as_long_as_its_ttl() -> None:
    cache: TtlCache[str, int] = TtlCache(ttl=0.2, max_entries=4)
    cache.put("a", 1)
    assert cache.get("a") == 1
    time.sleep(0.25)
    assert cache.get("a") is None


def test_the_oldest_entries_make_room() -> None:
    cache: TtlCache[int, int] = TtlCache(ttl=60, max_entries=3)
    for i in range(10):
        cache.put(i, i)
    assert len(cache) == 3
    assert [cache.get(i) for i in range(10)] == [None] * 7 + [7, 8, 9]


def test_a_value_computed_before_a_clear_is_not_kept() -> None:
    cache: TtlCache[str, str] = TtlCache(ttl=60, max_entries=4)
    generation = cache.generation
    cache.clear()  # a write lands while the value was being read
    cache.put("page", "old", generation=generation)
    assert cache.get("page") is None
    cache.put("page", "new", generation=cache.generation)
    assert cache.get("page") == "new"
