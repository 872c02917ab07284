"""Test controls: the request log, fault injection and a Stripe-like rate limit.

Pure state, no HTTP: `middleware.py` consults these on every request and `control_api.py`
exposes them under `/_emulator/`.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from emulator.record_log import RecordLog

__all__ = [
    "FAULT_KINDS",
    "FaultPlan",
    "FaultRoute",
    "LoggedRequest",
    "RateLimiter",
    "RequestLog",
    "parse_kinds",
    "routes_from_flags",
]

#: `429`/`500`/`drop` answer before the request touches state; `latency` delays it;
#: `500-after`/`drop-after` let the write commit, then the client sees an error or a dropped
#: connection (what makes idempotency keys matter).
FAULT_KINDS = ("429", "500", "drop", "latency", "500-after", "drop-after")


@dataclass(frozen=True)
class LoggedRequest:
    """One API request as received: enough to replay it against another server."""

    method: str
    path: str
    status: int
    params: dict[str, Any]
    idempotency_key: str | None
    received_at: float = 0.0
    """Wall-clock time (epoch seconds) the request arrived; with `answered_at`, what benchmarks
    use to see how many requests were in flight and when a command's API work began and ended."""
    answered_at: float = 0.0
    """Wall-clock time the answer was sent (after any injected latency)."""

    def to_json(self) -> dict[str, Any]:
        """The JSON shape served by `GET /_emulator/requests`."""
        return asdict(self)


class RequestLog(RecordLog[LoggedRequest]):
    """Every Stripe API request in arrival order (controls under `/_emulator/` excluded)."""


@dataclass(frozen=True)
class FaultRoute:
    """Restrict faults to one method (or any, `*`) and a path prefix."""

    method: str = "*"
    path_prefix: str = "/"

    def matches(self, method: str, path: str) -> bool:
        """Whether a request falls under this route."""
        return self.method in ("*", method.upper()) and path.startswith(self.path_prefix)


@dataclass(frozen=True)
class FaultPlan:
    """Which faults to inject, how often, and where; `rate=0` injects none."""

    rate: float = 0.0
    kinds: tuple[str, ...] = ("429", "500")
    latency_ms: int = 200
    routes: tuple[FaultRoute, ...] = ()
    seed: int | None = None
    _random: random.Random = field(default_factory=random.Random, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not 0.0 <= self.rate <= 1.0:
            raise ValueError(f"fault rate must be between 0 and 1, not {self.rate}")
        unknown = [kind for kind in self.kinds if kind not in FAULT_KINDS]
        if unknown:
            raise ValueError(f"unknown fault kinds {unknown}; choose from {list(FAULT_KINDS)}")
        if not self.kinds:
            raise ValueError("at least one fault kind is needed")
        if self.latency_ms < 0:
            raise ValueError("latency_ms must be >= 0")
        if self.seed is not None:
            self._random.seed(self.seed)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FaultPlan:
        """Build from `POST /_emulator/faults` JSON:
        `{"rate": 1.0, "kinds": ["500"], "latency_ms": 200, "routes": [{"method": "POST",
        "path_prefix": "/v1/prices"}], "seed": 1}`."""
        allowed = {"rate", "kinds", "latency_ms", "routes", "seed"}
        unknown = set(data) - allowed
        if unknown:
            raise ValueError(f"unknown keys {sorted(unknown)}; allowed: {sorted(allowed)}")
        routes = tuple(
            FaultRoute(
                method=str(r.get("method", "*")).upper(), path_prefix=r.get("path_prefix", "/")
            )
            for r in data.get("routes", [])
        )
        return cls(
            rate=float(data.get("rate", 0.0)),
            kinds=tuple(str(k) for k in data.get("kinds", ("429", "500"))),
            latency_ms=int(data.get("latency_ms", 200)),
            routes=routes,
            seed=data.get("seed"),
        )

    def to_json(self) -> dict[str, Any]:
        """The JSON shape served by `GET /_emulator/faults`."""
        return {
            "rate": self.rate,
            "kinds": list(self.kinds),
            "latency_ms": self.latency_ms,
            "routes": [asdict(route) for route in self.routes],
            "seed": self.seed,
        }

    def pick(self, method: str, path: str) -> str | None:
        """The fault to inject into this request, or None."""
        if self.rate <= 0:
            return None
        if self.routes and not any(route.matches(method, path) for route in self.routes):
            return None
        if self._random.random() >= self.rate:
            return None
        return self._random.choice(self.kinds)


def parse_kinds(text: str) -> tuple[str, ...]:
    """`"429,500,drop"` → `("429", "500", "drop")` (CLI flag)."""
    return tuple(kind.strip() for kind in text.split(",") if kind.strip())


class RateLimiter:
    """A token bucket: at most `per_second` requests each second (with that much burst),
    like Stripe's 25 req/s in test mode. `per_second=None` disables it."""

    def __init__(self, per_second: float | None = None) -> None:
        self._lock = threading.Lock()
        self.per_second = per_second
        self._tokens = per_second or 0.0
        self._last = time.monotonic()

    def configure(self, per_second: float | None) -> None:
        """Change (or with None remove) the limit; the bucket starts full."""
        with self._lock:
            self.per_second = per_second
            self._tokens = per_second or 0.0
            self._last = time.monotonic()

    def allow(self) -> bool:
        """Take one token; False means answer 429."""
        with self._lock:
            if not self.per_second:
                return True
            current = time.monotonic()
            self._tokens = min(
                self.per_second, self._tokens + (current - self._last) * self.per_second
            )
            self._last = current
            if self._tokens >= 1.0:
                self._tokens -= 1.0
                return True
            return False


def routes_from_flags(values: Iterable[str]) -> tuple[FaultRoute, ...]:
    """`["POST /v1/prices", "/v1/payment_links"]` → routes (CLI `--fault-route`)."""
    routes = []
    for value in values:
        method, _, prefix = value.strip().rpartition(" ")
        routes.append(FaultRoute(method=(method or "*").upper(), path_prefix=prefix))
    return tuple(routes)
