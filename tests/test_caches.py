"""The in-process caches: bounded, short-lived, and never keeping what a write outdated."""

from __future__ import annotations

import asyncio
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


def test_callers_asking_at_once_share_one_computation() -> None:
    cache: TtlCache[str, str] = TtlCache(ttl=60, max_entries=4)
    computed: list[int] = []

    async def compute() -> str:
        computed.append(1)
        await asyncio.sleep(0.05)
        return "page"

    async def main() -> list[str | None]:
        return await asyncio.gather(*(cache.load("k", compute) for _ in range(32)))

    assert asyncio.run(main()) == ["page"] * 32
    assert len(computed) == 1
    assert cache.get("k") == "page"


def test_after_a_clear_nobody_is_handed_the_value_read_before_it() -> None:
    cache: TtlCache[str, str] = TtlCache(ttl=60, max_entries=4)

    async def main() -> tuple[str | None, str | None]:
        started, go = asyncio.Event(), asyncio.Event()

        async def old() -> str:
            started.set()
            await go.wait()
            return "before the write"

        async def new() -> str:
            return "after the write"

        first = asyncio.create_task(cache.load("k", old))
        await started.wait()
        cache.clear()  # a write commits while the first read is under way
        second = await cache.load("k", new)
        go.set()
        return await first, second

    assert asyncio.run(main()) == ("before the write", "after the write")
    assert cache.get("k") == "after the write"  # the older read was not kept


def test_a_failed_computation_fails_its_waiters_and_keeps_nothing() -> None:
    cache: TtlCache[str, str] = TtlCache(ttl=60, max_entries=4)

    async def broken() -> str:
        await asyncio.sleep(0.01)
        raise LookupError("database down")

    async def main() -> list[object]:
        return await asyncio.gather(
            *(cache.load("k", broken) for _ in range(3)), return_exceptions=True
        )

    assert [type(r) for r in asyncio.run(main())] == [LookupError] * 3
    assert cache.get("k") is None


def test_a_cancelled_computation_lets_its_waiters_compute_themselves() -> None:
    cache: TtlCache[str, str] = TtlCache(ttl=60, max_entries=4)

    async def main() -> str | None:
        async def slow() -> str:
            await asyncio.sleep(10)
            return "never"

        async def quick() -> str:
            return "own"

        leader = asyncio.create_task(cache.load("k", slow))
        await asyncio.sleep(0)
        waiter = asyncio.create_task(cache.load("k", quick))
        await asyncio.sleep(0)
        leader.cancel()
        return await waiter

    assert asyncio.run(main()) == "own"


def test_none_is_answered_but_never_kept() -> None:
    cache: TtlCache[str, str] = TtlCache(ttl=60, max_entries=4)
    calls: list[int] = []

    async def unknown() -> str | None:
        calls.append(1)
        return None

    assert asyncio.run(cache.load("guess", unknown)) is None
    assert asyncio.run(cache.load("guess", unknown)) is None
    assert len(calls) == 2
    assert len(cache) == 0
