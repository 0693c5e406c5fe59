"""Short-lived in-process caches for what requests read often and writes change rarely.

Each entry lives at most `ttl` seconds, so a change made by another process (another
worker, the CLI) is seen within that time; a change made here clears the cache at once.
The size is bounded: the oldest entries make room for new ones.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Hashable
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
