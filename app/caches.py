"""Short-lived in-process caches for what requests read often and writes change rarely.

Each entry lives at most `ttl` seconds, so a change made by another process (another
worker, the CLI) is seen within that time; a change made here clears the cache at once.
The size is bounded: the oldest entries make room for new ones.

`load` is how requests use them: when an entry expires under load, the requests that
want it at that moment wait for one computation of it instead of each running their
own (thirty-two connections would otherwise read the same page thirty-two times, once
a second, and those reads make the slowest percent of all answers).
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class TtlCache(Generic[K, V]):
    """A bounded mapping whose entries expire; safe to use from the event loop and threads."""

    def __init__(self, *, ttl: float, max_entries: int) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._entries: OrderedDict[K, tuple[float, V]] = OrderedDict()
        self._lock = threading.Lock()
        self._generation = 0
        # Computations under way, by key, with the generation they started in; only
        # touched on the event loop.
        self._flights: dict[K, tuple[int, asyncio.Future[V | None]]] = {}

    @property
    def generation(self) -> int:
        """Read it before computing a value: `put` drops a value computed before a clear."""
        return self._generation

    def get(self, key: K) -> V | None:
        """The live value for `key`, or None."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry[0] <= time.monotonic():
                del self._entries[key]
                return None
            return entry[1]

    async def load(self, key: K, compute: Callable[[], Awaitable[V | None]]) -> V | None:
        """The live value for `key`, else what `compute` gives, kept unless it is None.

        Callers that ask for a key while it is being computed wait for that computation,
        unless the cache was cleared since it began: after a write has cleared the cache,
        nobody is handed a value read before the write. A failed computation fails its
        waiters with the same error; a cancelled one lets them compute for themselves.
        """
        while True:
            if (value := self.get(key)) is not None:
                return value
            flight = self._flights.get(key)
            if flight is None or flight[0] != self._generation:
                break
            await asyncio.wait([flight[1]])
            if not flight[1].cancelled():
                return flight[1].result()
        generation = self._generation
        future: asyncio.Future[V | None] = asyncio.get_running_loop().create_future()
        self._flights[key] = (generation, future)
        try:
            value = await compute()
        except asyncio.CancelledError:
            future.cancel()
            raise
        except BaseException as error:
            future.set_exception(error)
            future.exception()  # retrieved: nobody waiting is not an unhandled error
            raise
        finally:
            if self._flights.get(key, (None, None))[1] is future:
                del self._flights[key]
        future.set_result(value)
        if value is not None:
            self.put(key, value, generation=generation)
        return value

    def put(self, key: K, value: V, *, generation: int | None = None) -> None:
        """Keep `value` for `ttl` seconds, unless the cache was cleared since `generation`."""
        with self._lock:
            if generation is not None and generation != self._generation:
                return  # computed from data a write has changed since
            self._entries[key] = (time.monotonic() + self.ttl, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        """Drop every entry; values being computed from older data will not be kept."""
        with self._lock:
            self._entries.clear()
            self._generation += 1

    def __len__(self) -> int:
        return len(self._entries)
