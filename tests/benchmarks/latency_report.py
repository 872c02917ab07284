"""Issue 14's figures: paylinks against the API floor and the baseline at Stripe-like latency.

Every Stripe answer is delayed (the emulator's ``latency`` fault on every route), the emulator
enforces the rate limit (429 beyond it) and both paylinks and the baseline pace themselves to it.
The API floor of a command is its answered requests / the rate: no client can be faster.
Effective concurrency is requests x latency / wall time: how many requests were in flight on
average (the rate x latency is what it takes to reach the floor).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tests.benchmarks.harness import Measurement

__all__ = ["LatencyBaseline", "LatencyRun", "LatencyTarget", "evaluate", "render"]

FLOOR_RATIO_TEST = 1.15
FLOOR_RATIO_LIVE = 1.5
BASELINE_RATIO = 1.3
TARGET_LATENCY_MS = 300
JUDGED = ("cold up", "refresh", "destroy")


@dataclass(frozen=True)
class LatencyRun:
    """One measured paylinks command at a latency and rate."""

    measurement: Measurement
    latency_ms: int
    rate: float

    @property
    def answered(self) -> int:
        """Requests Stripe answered (429s excluded)."""
        return self.measurement.requests.total - self.measurement.requests.rate_limited

    @property
    def floor(self) -> float:
        """Seconds the API needs at least: answered requests / rate."""
        return self.answered / self.rate

    @property
    def concurrency(self) -> float:
        """Average requests in flight over the whole command (their summed time in the
        emulator / wall time)."""
        seconds = self.measurement.seconds
        busy = self.measurement.requests.request_seconds or self.answered * self.latency_ms / 1000
        return busy / seconds if seconds else 0.0

    @property
    def window_concurrency(self) -> float:
        """Average requests in flight from the first request to the last answer."""
        stats = self.measurement.requests
        return stats.request_seconds / stats.window if stats.window else 0.0

    @property
    def before_first(self) -> float:
        """Seconds from the command's start to its first Stripe request (engine start-up,
        program, provider start)."""
        stats, m = self.measurement.requests, self.measurement
        return stats.first_received - m.started_at if stats.first_received else m.seconds

    @property
    def after_last(self) -> float:
        """Seconds from the last Stripe answer to the command's end (state save, shutdown)."""
        stats, m = self.measurement.requests, self.measurement
        if not stats.last_answered:
            return 0.0
        return m.started_at + m.seconds - stats.last_answered


@dataclass(frozen=True)
class LatencyBaseline:
    """The hand-written baseline at a latency and rate: seconds per command."""

    n: int
    latency_ms: int
    rate: float
    workers: int
    seconds: dict[str, float]


@dataclass(frozen=True)
class LatencyTarget:
    """One target line: what it asks, what was measured, met or not (None: not measured)."""

    name: str
    measured: str
    met: bool | None

    @property
    def verdict(self) -> str:
        """``met``, ``NOT MET`` or ``not measured``."""
        return {True: "met", False: "NOT MET", None: "not measured"}[self.met]


def _find(
    runs: Sequence[LatencyRun], n: int, rate: float, variant: str, phase: str
) -> LatencyRun | None:
    for run in runs:
        m = run.measurement
        if (m.n, run.rate, m.variant, m.phase, run.latency_ms) == (
            n, rate, variant, phase, TARGET_LATENCY_MS
        ):
            return run
    return None


def _floor_target(
    runs: Sequence[LatencyRun], n: int, rate: float, ratio: float, variant: str
) -> LatencyTarget:
    found = [(p, _find(runs, n, rate, variant, p)) for p in JUDGED]
    measured = [(p, r) for p, r in found if r is not None]
    detail = "; ".join(
        f"{p}: {r.measurement.seconds:.1f} s / {r.floor:.1f} s = "
        f"{r.measurement.seconds / r.floor:.2f}x" for p, r in measured
    )
    met = all(r.measurement.seconds <= ratio * r.floor for _, r in measured)
    return LatencyTarget(
        f"{TARGET_LATENCY_MS} ms, {rate:g} req/s, N={n}, {variant}: cold up, refresh, destroy "
        f"≤ {ratio:g}x the API floor",
        detail or "-",
        (met if len(measured) == len(JUDGED) else False if measured and not met else None),
    )


def _baseline_target(
    runs: Sequence[LatencyRun], baselines: Sequence[LatencyBaseline], n: int, rate: float,
    variant: str,
) -> LatencyTarget:
    base = next(
        (b for b in baselines if (b.n, b.rate, b.latency_ms) == (n, rate, TARGET_LATENCY_MS)),
        None,
    )
    pairs = []
    for phase in JUDGED:
        run = _find(runs, n, rate, variant, phase)
        if run is not None and base is not None and phase in base.seconds:
            pairs.append((phase, run.measurement.seconds, base.seconds[phase]))
    detail = "; ".join(f"{p}: {s:.1f} s / {b:.1f} s = {s / b:.2f}x" for p, s, b in pairs)
    met = all(s <= BASELINE_RATIO * b for _, s, b in pairs)
    return LatencyTarget(
        f"{TARGET_LATENCY_MS} ms, {rate:g} req/s, N={n}, {variant}: cold up, refresh, destroy "
        f"≤ {BASELINE_RATIO:g}x the hand-written baseline",
        detail or "-",
        (met if len(pairs) == len(JUDGED) else False if pairs and not met else None),
    )


def _no_429s(runs: Sequence[LatencyRun]) -> LatencyTarget:
    limited = [r for r in runs if r.measurement.requests.rate_limited]
    detail = ", ".join(
        f"N={r.measurement.n} {r.rate:g}/s {r.measurement.phase}: "
        f"{r.measurement.requests.rate_limited}" for r in limited
    )
    met = not limited if runs else None
    return LatencyTarget("pacing: zero 429s in every command", detail or "0 everywhere", met)


def evaluate(
    runs: Sequence[LatencyRun], baselines: Sequence[LatencyBaseline]
) -> list[LatencyTarget]:
    """Issue 14's targets, for every engine variant measured."""
    targets = []
    for variant in dict.fromkeys(r.measurement.variant for r in runs):
        targets += [
            _floor_target(runs, 300, 25.0, FLOOR_RATIO_TEST, variant),
            _baseline_target(runs, baselines, 100, 25.0, variant),
            _floor_target(runs, 300, 100.0, FLOOR_RATIO_LIVE, variant),
        ]
    return [*targets, _no_429s(runs)]


def render(
    runs: Sequence[LatencyRun], baselines: Sequence[LatencyBaseline],
    targets: Sequence[LatencyTarget], *, machine: str, settings: str, command: str, stamp: str,
) -> str:
    """The latency section of docs/performance.md."""
    lines = [
        "## At Stripe's latency and rate limits (issue 14)",
        "",
        f"Generated by `{command}` on {stamp}; do not edit by hand.",
        "",
        f"- Machine: {machine}.",
        f"- Settings: {settings}.",
        "- Every Stripe answer is delayed by the emulator's `latency` fault; the emulator answers "
        "429 beyond the rate and both paylinks and the baseline pace to it. API floor = answered "
        "requests / rate. Effective concurrency = requests in flight on average over the whole "
        "command (reaching the floor takes rate x latency); *in window* = the same between the "
        "first request and the last answer; *peak* = most at one moment (all from the "
        "emulator's request timestamps). *Before* / *after* = seconds of the command before "
        "its first request (CLI, program and provider start) and after its last answer.",
        "",
        "### Targets",
        "",
        "| target | measured | verdict |",
        "|---|---|---|",
        *[f"| {t.name} | {t.measured} | **{t.verdict}** |" for t in targets],
        "",
        "### Every command",
        "",
        "| N links | latency ms | rate req/s | engine | command | wall s | API floor s "
        "| / floor | baseline s | / baseline | effective concurrency | in window | peak "
        "| before s | API window s | after s | requests | 429s |",
        "|---:|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        m = run.measurement
        key = (m.n, run.rate, run.latency_ms)
        base = next((b for b in baselines if (b.n, b.rate, b.latency_ms) == key), None)
        base_s = base.seconds.get(m.phase) if base else None
        floor_ratio = f"{m.seconds / run.floor:.2f}x" if run.floor else "-"
        lines.append(
            f"| {m.n} | {run.latency_ms} | {run.rate:g} | {m.variant} | {m.phase} "
            f"| {m.seconds:.1f} | {run.floor:.1f} | {floor_ratio} "
            f"| {f'{base_s:.1f}' if base_s else '-'} "
            f"| {f'{m.seconds / base_s:.2f}x' if base_s else '-'} "
            f"| {run.concurrency:.1f} | {run.window_concurrency:.1f} "
            f"| {m.requests.peak_in_flight} | {run.before_first:.1f} "
            f"| {m.requests.window:.1f} | {run.after_last:.1f} "
            f"| {m.requests.total} | {m.requests.rate_limited} |"
        )
    lines += [
        "",
        "Baseline workers (threads): "
        + (", ".join(f"N={b.n} {b.rate:g}/s: {b.workers}" for b in baselines) or "-")
        + ".",
        "",
    ]
    return "\n".join(lines)
