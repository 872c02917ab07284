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
    first_received: float = 0.0
    """Epoch seconds the first request arrived (0.0: no request, or no timestamps)."""
    last_answered: float = 0.0
    """Epoch seconds the last answer was sent."""
    peak_in_flight: int = 0
    """Most requests the emulator was serving at the same moment."""
    request_seconds: float = 0.0
    """Sum of every request's time in the emulator (arrival to answer)."""

    @property
    def window(self) -> float:
        """Seconds from the first request's arrival to the last answer."""
        return max(0.0, self.last_answered - self.first_received)

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
    entries = list(entries)
    for entry in entries:
        method, path = str(entry["method"]), str(entry["path"])
        stats.by_route[f"{method} {normalise_path(path)}"] += 1
        if entry.get("status") == 429:
            stats.rate_limited += 1
        else:
            stats.by_class[request_class(method, path)] += 1
    _add_timing(stats, entries)
    return stats


def _add_timing(stats: RequestStats, entries: list[Mapping[str, Any]]) -> None:
    """Window, peak overlap and summed duration from the log's timestamps, when present."""
    spans = [
        (float(e["received_at"]), float(e["answered_at"]))
        for e in entries
        if e.get("received_at") and e.get("answered_at")
    ]
    if not spans:
        return
    stats.first_received = min(start for start, _ in spans)
    stats.last_answered = max(end for _, end in spans)
    stats.request_seconds = sum(end - start for start, end in spans)
    events = sorted([(start, 1) for start, _ in spans] + [(end, -1) for _, end in spans])
    in_flight = 0
    for _, step in events:  # an answer at the same instant as an arrival counts first
        in_flight += step
        stats.peak_in_flight = max(stats.peak_in_flight, in_flight)
