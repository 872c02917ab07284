"""Client-side pacing: stay under Stripe's request rate instead of bursting into 429s.

Stripe allows 25 requests/s in test mode and 100 in live mode per account. The engine runs
several provider calls at once in one provider process; unpaced, they burst past the limit and
every turned-away request costs a 429, a backoff sleep and a retry (figures: docs/design.md,
"Stripe access"). One token bucket per account, shared by every thread of the process, spaces
the requests out so almost none is refused; the 429 retry in `stripe_client` stays as the
safety net (other processes, Stripe's own accounting).

The rate is ``paylinks:maxRequestsPerSecond`` (stack config) or ``PAYLINKS_MAX_RPS`` (env);
``0`` means unlimited. Unset, it is 25 for test keys, 100 for live keys, and unlimited for a
local API base (the emulator or stripe-mock on localhost): pacing a local server only slows
tests down, and a rate-limited emulator run sets the rate explicitly, as Stripe would impose it.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from .errors import ConfigurationError

__all__ = [
    "LIVE_MODE_RATE",
    "LOCAL_HOSTS",
    "TEST_MODE_RATE",
    "TokenBucket",
    "burst_for",
    "forget_buckets",
    "resolve_rate",
    "shared_bucket",
]

TEST_MODE_RATE = 25.0
"""Stripe's documented limit in test mode, requests per second."""
LIVE_MODE_RATE = 100.0
"""Stripe's documented limit in live mode, requests per second."""
MAX_BURST = 5.0
"""Requests that may go out back to back after a quiet spell: small, so a burst never eats
the server-side allowance other clients of the account (a dashboard, a webhook handler) need."""
_EPSILON = 1e-9
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
"""API hosts that are a local server (emulator, stripe-mock), never rate-limited by Stripe."""


class TokenBucket:
    """A thread-safe token bucket: `rate` tokens per second, holding at most `burst`.

    `reserve` never blocks while holding the lock: a caller takes its token (the count may go
    negative, which queues later callers behind it, first come first served) and is told how
    long to wait before sending. The clock and sleep are injected so the logic is testable.
    """

    def __init__(
        self,
        rate: float,
        burst: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not rate > 0 or not burst >= 1:
            raise ValueError(f"a token bucket needs rate > 0 and burst >= 1 (got {rate}, {burst})")
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._tokens = burst  # a fresh process may send a small burst at once
        self._last = clock()

    def reserve(self) -> float:
        """Take one token; return the seconds to wait before using it (0.0: send now)."""
        with self._lock:
            now = self._clock()
            elapsed = max(0.0, now - self._last)
            self._last = now
            self._tokens = min(self.burst, self._tokens + elapsed * self.rate) - 1.0
            if self._tokens >= -_EPSILON:  # float rounding of the refill is not a debt
                return 0.0
            return -self._tokens / self.rate

    def acquire(self) -> None:
        """Wait until one request may be sent (called before every Stripe request)."""
        wait = self.reserve()
        if wait > 0:
            self._sleep(wait)


def burst_for(rate: float) -> float:
    """The bucket size for `rate`: `MAX_BURST`, but never more than a second's worth, nor < 1."""
    return max(1.0, min(MAX_BURST, rate))


def _is_local(api_base: str | None) -> bool:
    if not api_base:
        return False
    host = urlsplit(api_base).hostname or ""
    return host in LOCAL_HOSTS


def resolve_rate(configured: str | None, api_base: str | None, live: bool) -> float | None:
    """Requests per second to allow, or None for unlimited (see the module docstring).

    `configured` is the raw config or environment value; a bad one is a `ConfigurationError`
    rather than a silent fallback, since a typo would otherwise leave a live stack unpaced.
    """
    if configured is not None and configured.strip() != "":
        try:
            rate = float(configured)
        except ValueError:
            rate = math.nan
        if math.isnan(rate) or math.isinf(rate) or rate < 0:
            raise ConfigurationError(
                f"paylinks:maxRequestsPerSecond / PAYLINKS_MAX_RPS must be a number >= 0 "
                f"(0: unlimited), not {configured!r}."
            )
        return rate or None
    if _is_local(api_base):
        return None
    return LIVE_MODE_RATE if live else TEST_MODE_RATE


_buckets_lock = threading.Lock()
_buckets: dict[tuple[str, float], TokenBucket] = {}


def shared_bucket(account: str, rate: float) -> TokenBucket:
    """The process-wide bucket for `account` at `rate`: every provider thread shares it,
    because Stripe counts requests per account, not per thread."""
    with _buckets_lock:
        bucket = _buckets.get((account, rate))
        if bucket is None:
            bucket = TokenBucket(rate, burst_for(rate))
            _buckets[(account, rate)] = bucket
        return bucket


def forget_buckets() -> None:
    """Drop every bucket (tests starting over, as a new provider process would)."""
    with _buckets_lock:
        _buckets.clear()
