"""Rate limits with `limits`: per API key, per client address on /s/ and for unknown keys."""

from __future__ import annotations

import math
import threading
import time
from typing import Any

from limits import parse
from limits.storage import Storage
from limits.strategies import FixedWindowRateLimiter

SWEEP_EVERY = 4096


class InProcessStorage(Storage):
    """Fixed-window counters in this process, expired lazily.

    `limits`' own MemoryStorage starts a timer thread every 10 ms under load to
    expire keys; on /s/ that thread cost a third of the throughput. Here expired
    windows are reset when next touched and swept every few thousand hits.
    """

    STORAGE_SCHEME = ["gladshare-memory"]  # noqa: RUF012 (the base class declares it so)

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **_: str) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions)
        self._windows: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()
        self._hits = 0

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return ValueError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        with self._lock:
            self._hits += 1
            if self._hits % SWEEP_EVERY == 0:
                self._windows = {k: w for k, w in self._windows.items() if w[1] > now}
            count, ends = self._windows.get(key, (0, 0.0))
            if ends <= now:
                count, ends = 0, now + expiry
            self._windows[key] = (count + amount, ends)
            return count + amount

    def get(self, key: str) -> int:
        count, ends = self._windows.get(key, (0, 0.0))
        return count if ends > time.time() else 0

    def get_expiry(self, key: str) -> float:
        ends = self._windows.get(key, (0, 0.0))[1]
        return ends if ends > time.time() else time.time()

    def check(self) -> bool:
        return True

    def reset(self) -> int | None:
        with self._lock:
            cleared = len(self._windows)
            self._windows = {}
        return cleared

    def clear(self, key: str) -> None:
        with self._lock:
            self._windows.pop(key, None)


class RateLimit:
    """One limit such as "120/minute", counted per key in this process."""

    def __init__(self, spec: str, *, enabled: bool) -> None:
        self.enabled = enabled
        self._item = parse(spec)
        # Fixed windows cost a third of moving ones per hit; bursts at a window edge are fine.
        self._limiter = FixedWindowRateLimiter(InProcessStorage())

    def retry_after(self, key: str) -> int:
        """0 when the request may go ahead, else the seconds to wait before retrying."""
        if not self.enabled or self._limiter.hit(self._item, key):
            return 0
        reset = self._limiter.get_window_stats(self._item, key).reset_time
        return max(1, math.ceil(reset - time.time()))


class FailureLimit:
    """Failures per client address (unknown API keys): past the bound, each request waits.

    Counted when a request fails and checked before the next one is tried, so a client
    that keeps failing is turned away before the work (a key lookup) its request costs,
    whatever it sends. Addresses are keyed by Python's per-process salted hash.
    """

    def __init__(self, spec: str, *, enabled: bool) -> None:
        self.enabled = enabled
        self._item = parse(spec)
        self._limiter = FixedWindowRateLimiter(InProcessStorage())

    def retry_after(self, address: str) -> int:
        """0 while this address is within the bound, else the seconds until its window ends."""
        key = str(hash(address))
        if not self.enabled or self._limiter.test(self._item, key):
            return 0
        reset = self._limiter.get_window_stats(self._item, key).reset_time
        return max(1, math.ceil(reset - time.time()))

    def failed(self, address: str) -> None:
        """Count one failure from this address."""
        if self.enabled:
            self._limiter.hit(self._item, str(hash(address)))


class LinkRateLimit:
    """Per client address on /s/, the hot path: a window counter hit directly.

    The strategy layer of `limits` builds a namespaced key string per hit; here the
    storage is hit with the parsed limit's window, which is all a fixed window needs.
    Addresses are keyed by Python's per-process salted hash and never stored.
    """

    def __init__(self, spec: str, *, enabled: bool) -> None:
        self.enabled = enabled
        self._item = parse(spec)
        self._storage = InProcessStorage()

    def check(self, client: Any) -> int:
        """Retry-After seconds for this client, or 0."""
        if not self.enabled:
            return 0
        key = str(hash(client[0] if client else ""))
        if self._storage.incr(key, self._item.get_expiry()) <= self._item.amount:
            return 0
        return max(1, math.ceil(self._storage.get_expiry(key) - time.time()))
