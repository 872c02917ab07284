"""When and how long to wait before retrying a Stripe request that was turned away.

stripe-python retries connection errors, 409s and 5xx itself (``max_network_retries``), with the
same idempotency key, but never a plain 429 nor a response cut off mid-body. Rate limits are
routine when many resources apply at once (4 provider threads against 25 req/s in test mode), so
429s (and cut-off responses) are retried here with capped exponential backoff and full jitter,
which spreads competing threads apart.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["SDK_NETWORK_RETRIES", "BackoffPolicy"]

#: Retries stripe-python makes itself on connection errors, 409 and 5xx (the SDK default is 0).
SDK_NETWORK_RETRIES = 3


@dataclass(frozen=True)
class BackoffPolicy:
    """Capped exponential backoff with full jitter for rate-limited (429) Stripe requests."""

    max_retries: int = 6
    """Retries after the first attempt; then the 429 is reported to the user."""
    base_delay: float = 0.25
    """Upper bound of the first wait, in seconds; doubles with each retry."""
    max_delay: float = 5.0
    """No single wait is longer than this, however many retries came before."""

    def should_retry(
        self, http_status: int | None, retries_done: int, connection_broken: bool = False
    ) -> bool:
        """True for a 429, or a connection broken mid-response, while retries remain.

        The SDK retries timeouts, refused connections, 409 and 5xx itself, but not a response
        cut off mid-body (``ChunkedEncodingError``): a flaky network then failed the whole
        ``pulumi up``. Retrying is safe because every write of one call reuses its idempotency
        key (creates: deterministic; updates: one key per call), so Stripe replays, never repeats.
        """
        if retries_done >= self.max_retries:
            return False
        return http_status == 429 or (http_status is None and connection_broken)

    def ceiling(self, retries_done: int) -> float:
        """The longest wait before retry number ``retries_done + 1``."""
        return min(self.max_delay, self.base_delay * (2**retries_done))

    def delay(self, retries_done: int, rand: Callable[[], float] = random.random) -> float:
        """A wait drawn uniformly from ``[0, ceiling]`` ("full jitter")."""
        return rand() * self.ceiling(retries_done)
