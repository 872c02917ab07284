"""Stripe request counts from the emulator's request log, by method and normalised route.

Ids in paths are replaced by ``{id}`` (``GET /v1/payment_links/{id}/line_items``) so counts
group by route, not by object. Each request is also classed as a write (POST/DELETE), a read
(GET of one object or its sub-list) or a listing (GET of a collection), which is what the
targets are written in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["RequestStats", "normalise_path", "summarise"]


def normalise_path(path: str) -> str:
    """``/v1/prices/price_123`` → ``/v1/prices/{id}``; collection and sub-list names stay."""
    parts = path.strip("/").split("/")
    # /v1/<collection>/<id>/<sub-collection>/<id>...: odd positions from 2 on are ids.
    normalised = [
        part if index < 2 or index % 2 == 1 else "{id}" for index, part in enumerate(parts)
    ]
    return "/" + "/".join(normalised)


def request_class(method: str, path: str) -> str:
    """``write``, ``read`` or ``listing`` for one request."""
    if method != "GET":
        return "write"
    parts = path.strip("/").split("/")
    return "listing" if len(parts) == 2 else "read"


@dataclass
class RequestStats:
    """Request counts of one measured command."""

    by_route: Counter[str] = field(default_factory=Counter)
    """``"GET /v1/prices/{id}"`` → count (429s included: they cost time too)."""
    by_class: Counter[str] = field(default_factory=Counter)
    """``write``/``read``/``listing`` → count, 429 answers excluded."""
    rate_limited: int = 0
    """Requests answered 429."""

    @property
    def total(self) -> int:
        """All requests the emulator received, 429s included."""
        return sum(self.by_route.values())

    def routes_text(self) -> str:
        """``POST /v1/prices x100, GET ... x3`` (most frequent first), or ``none``."""
        if not self.by_route:
            return "none"
        return ", ".join(f"{route} x{count}" for route, count in self.by_route.most_common())


def summarise(entries: Iterable[Mapping[str, Any]]) -> RequestStats:
    """Count request-log entries (``{method, path, status, ...}``)."""
    stats = RequestStats()
    for entry in entries:
        method, path = str(entry["method"]), str(entry["path"])
        stats.by_route[f"{method} {normalise_path(path)}"] += 1
        if entry.get("status") == 429:
            stats.rate_limited += 1
        else:
            stats.by_class[request_class(method, path)] += 1
    return stats
