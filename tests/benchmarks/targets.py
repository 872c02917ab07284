"""The performance targets of issue 9, each judged from the measurements as met or not.

Request targets are exact counts (they do not depend on the machine); time and memory targets
are judged at the sizes the issue names, when they were measured.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tests.benchmarks.harness import Measurement

__all__ = ["BaselineRun", "Target", "evaluate"]

LISTED_KINDS = 2
"""Kinds adopted through a listing (prices, payment links); products use deterministic ids."""
BASELINE_RATIO_MAX = 1.5
BASELINE_RATIO_AT_N = 100
OVERHEAD_MS_MAX = 15.0
RSS_MB_MAX = 300.0
RSS_AT_N = 300


@dataclass(frozen=True)
class BaselineRun:
    """One hand-written baseline run (`baseline.provision`)."""

    n: int
    rate_limit: float | None
    seconds: float


@dataclass(frozen=True)
class Target:
    """One target: what it asks, what was measured, whether it holds."""

    name: str
    measured: str
    met: bool | None
    """None when the size it is judged at was not measured in this run."""

    @property
    def verdict(self) -> str:
        """``met``, ``NOT MET`` or ``not measured``."""
        return {True: "met", False: "NOT MET", None: "not measured"}[self.met]


def _phase(runs: Sequence[Measurement], phase: str) -> list[Measurement]:
    return [m for m in runs if m.phase == phase]


def _all_zero(runs: Sequence[Measurement], phase: str) -> Target:
    found = _phase(runs, phase)
    counts = ", ".join(f"N={m.n}{_limit(m)}: {m.requests.total}" for m in found)
    return Target(
        f"{phase}: zero Stripe requests",
        counts or "-",
        all(m.requests.total == 0 for m in found) if found else None,
    )


def _limit(m: Measurement) -> str:
    limit = f" @{m.rate_limit:g}/s" if m.rate_limit else ""
    return limit + ("" if m.variant == "default" else f" [{m.variant}]")


def _refresh(runs: Sequence[Measurement]) -> Target:
    found = _phase(runs, "refresh")
    # One GET per object, plus the line-items GET of each link.
    ok = [
        m.requests.by_class["read"] <= m.resources + m.n
        and m.requests.by_class["write"] == 0
        and m.requests.by_class["listing"] == 0
        for m in found
    ]
    detail = "; ".join(
        f"N={m.n}{_limit(m)}: {m.requests.by_class['read']} reads (max {m.resources + m.n}), "
        f"{m.requests.by_class['listing']} listings, {m.requests.by_class['write']} writes"
        for m in found
    )
    return Target(
        "refresh: ≤ 1 read per resource + 1 line-items read per link, no listing, no write",
        detail or "-",
        all(ok) if found else None,
    )


def _cold_up(runs: Sequence[Measurement]) -> Target:
    found = _phase(runs, "cold up")
    ok = [
        m.requests.by_class["write"] == m.resources
        and m.requests.by_class["listing"] <= LISTED_KINDS
        for m in found
    ]
    detail = "; ".join(
        f"N={m.n}{_limit(m)}: {m.requests.by_class['write']} writes for {m.resources} objects, "
        f"{m.requests.by_class['listing']} listings, {m.requests.by_class['read']} reads"
        for m in found
    )
    return Target(
        f"cold up: one write per object, ≤ {LISTED_KINDS} listings per run (one per listed kind)",
        detail or "-",
        all(ok) if found else None,
    )


def _baseline(
    runs: Sequence[Measurement], baselines: Sequence[BaselineRun], variant: str
) -> Target:
    """Judged under Stripe's rate limit only: without one the baseline is local HTTP alone
    (well under a second) and the ratio measures the engine's fixed start-up, not the work."""
    pairs = [
        (m, b)
        for m in _phase(runs, "cold up")
        for b in baselines
        if m.n == b.n == BASELINE_RATIO_AT_N
        and m.rate_limit == b.rate_limit
        and m.variant == variant
    ]
    detail = "; ".join(
        f"N={m.n}{_limit(m)}: {m.seconds:.1f} s / {b.seconds:.1f} s = {m.seconds / b.seconds:.2f}x"
        + ("" if m.rate_limit else " (no rate limit: not judged)")
        for m, b in pairs
    )
    judged = [(m, b) for m, b in pairs if m.rate_limit]
    return Target(
        f"cold up ≤ {BASELINE_RATIO_MAX}x the hand-written baseline at N={BASELINE_RATIO_AT_N} "
        f"under Stripe's rate limit ({variant})",
        detail or "-",
        all(m.seconds / b.seconds <= BASELINE_RATIO_MAX for m, b in judged) if judged else None,
    )


def _overhead(runs: Sequence[Measurement]) -> Target:
    found = [
        m for m in _phase(runs, "no-op preview") if not m.rate_limit and m.variant == "default"
    ]
    if not found:
        return Target("no-op preview: engine overhead ≤ 15 ms per resource", "-", None)
    largest = max(found, key=lambda m: m.n)
    per_resource_ms = 1000 * largest.seconds / largest.resources
    return Target(
        f"no-op preview: engine overhead ≤ {OVERHEAD_MS_MAX:g} ms per resource (largest N)",
        f"N={largest.n}: {per_resource_ms:.1f} ms/resource "
        f"({largest.seconds:.1f} s / {largest.resources} resources; CPU "
        f"{1000 * largest.cpu_seconds / largest.resources:.1f} ms/resource)",
        per_resource_ms <= OVERHEAD_MS_MAX,
    )


def _memory(runs: Sequence[Measurement]) -> Target:
    found = [m for m in runs if m.n == RSS_AT_N]
    if not found:
        return Target(f"provider process < {RSS_MB_MAX:g} MB at N={RSS_AT_N}", "-", None)
    peak = max(m.peak_rss_bytes for m in found) / 2**20
    return Target(
        f"provider process < {RSS_MB_MAX:g} MB at N={RSS_AT_N}",
        f"peak {peak:.0f} MB",
        peak < RSS_MB_MAX,
    )


def evaluate(runs: Sequence[Measurement], baselines: Sequence[BaselineRun]) -> list[Target]:
    """Every target, in the issue's order."""
    return [
        _all_zero(runs, "no-op up"),
        _all_zero(runs, "no-op preview"),
        _all_zero(runs, "preview, one price changed"),
        _refresh(runs),
        _cold_up(runs),
        *(_baseline(runs, baselines, v) for v in dict.fromkeys(m.variant for m in runs)),
        _overhead(runs),
        _memory(runs),
    ]
