"""The benchmark's report as Markdown: printed by the run, and written to docs/performance.md.

Every figure in the document comes from one run's measurements, so the file is regenerated,
never edited by hand.
"""

from __future__ import annotations

import os
import platform
import subprocess
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from tests.benchmarks.harness import Measurement
from tests.benchmarks.targets import BaselineRun, Target

__all__ = ["machine_summary", "render"]

STRIPE_TEST_MODE_LIMIT = 25.0
"""Stripe's test-mode rate limit: a run of R requests cannot take less than R / 25 s."""

READING = [
    "## Reading the figures, and the settings chosen",
    "",
    "- **Requests** are exact and machine-independent: they are what the targets judge. The "
    "API floor of a command is its answered requests / 25 s at Stripe's test-mode limit.",
    "- **Parallelism**: Pulumi's Python dynamic-provider server handles at most 4 provider "
    "calls at once (its gRPC thread pool); paylinks widens it on its first provider import to "
    "`PULUMI_PARALLEL` (32 in `scripts/env.sh` and the workflows; see "
    "`providers/dynamic_server.py`), the same value the CLI reads as its default `--parallel`. "
    "Without a rate limit and with the emulator answering in a millisecond the engine, not the "
    "pool, is the limit; at Stripe's latency the pool is what reaches the rate limit (the "
    "latency section below).",
    "- **Checkpoints**: with the file backend the engine rewrites the whole state after every "
    "resource step, so `up` and `destroy` cost grows with R² (see the marginal cost rising "
    "with N for the `default` engine). `PULUMI_SKIP_CHECKPOINTS=true` (with "
    "`PULUMI_EXPERIMENTAL=true`) writes the state once at the end; an interrupted `up` then "
    "forgets what it created, and the next `up` adopts those objects (products by "
    "deterministic id, prices and links by owner metadata) rather than duplicating them.",
    "- **Wall time** on this shared machine varies with the other jobs' load; CPU time "
    "(CLI + language host + program + provider) is the steadier figure for engine overhead.",
    "",
]

PHASES = (
    "cold up",
    "no-op up",
    "no-op preview",
    "preview, one price changed",
    "refresh",
    "destroy",
)


def machine_summary(env: dict[str, str]) -> str:
    """Cores, memory, CPU model, load at start, pulumi and Python versions."""
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kib = int(Path("/proc/meminfo").read_text().split()[1])
    except OSError:
        mem_kib = 0
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    pulumi = subprocess.run(
        ["pulumi", "version"], env=env, capture_output=True, text=True, check=False
    ).stdout.strip()
    return (
        f"{os.cpu_count()} cores ({cpu}), {mem_kib / 2**20:.0f} GiB RAM, load average at start "
        f"{load} (the machine is shared); pulumi {pulumi}, Python {platform.python_version()}"
    )


def _limit(rate_limit: float | None) -> str:
    return f"{rate_limit:g} req/s" if rate_limit else "none"


def _mb(value: int) -> str:
    return f"{value / 2**20:.0f}" if value else "-"


def _runs_table(runs: Sequence[Measurement]) -> list[str]:
    lines = [
        "| N links (resources) | rate limit | engine | command | wall s | CPU s "
        "| Stripe requests | 429s | requests by route | provider peak RSS MB |",
        "|---|---|---|---|---:|---:|---:|---:|---|---:|",
    ]
    for m in runs:
        lines.append(
            f"| {m.n} ({m.resources}) | {_limit(m.rate_limit)} | {m.variant} | {m.phase} "
            f"| {m.seconds:.1f} | {m.cpu_seconds:.1f} | {m.requests.total} "
            f"| {m.requests.rate_limited} | {m.requests.routes_text()} "
            f"| {_mb(m.peak_rss_bytes)} |"
        )
    return lines


def _baseline_table(runs: Sequence[Measurement], baselines: Sequence[BaselineRun]) -> list[str]:
    lines = [
        "| N links | rate limit | engine | API floor s at 25 req/s | baseline s "
        "| paylinks cold up s | paylinks / baseline |",
        "|---:|---|---|---:|---:|---:|---:|",
    ]
    for b in baselines:
        for m in runs:
            if m.phase == "cold up" and m.n == b.n and m.rate_limit == b.rate_limit:
                answered = m.requests.total - m.requests.rate_limited
                lines.append(
                    f"| {b.n} | {_limit(b.rate_limit)} | {m.variant} "
                    f"| {answered / STRIPE_TEST_MODE_LIMIT:.1f} | {b.seconds:.2f} "
                    f"| {m.seconds:.1f} | {m.seconds / b.seconds:.1f}x |"
                )
    return lines


def _growth_table(runs: Sequence[Measurement]) -> list[str]:
    """Per command and engine variant (no rate limit): time, requests and marginal cost."""
    unlimited = [m for m in runs if not m.rate_limit]
    sizes = sorted({m.n for m in unlimited})
    if len(sizes) < 2:
        return ["(one size measured: run with several N to see growth)"]
    header = " | ".join(f"N={n}: wall s / CPU s (requests)" for n in sizes)
    lines = [
        f"| command | engine | {header} | marginal wall ms per resource "
        "| marginal CPU ms per resource | requests per link |",
        "|---|---|" + "---:|" * len(sizes) + "---:|---:|---:|",
    ]
    for phase in PHASES:
        for variant in dict.fromkeys(m.variant for m in unlimited):
            by_n = {m.n: m for m in unlimited if m.phase == phase and m.variant == variant}
            if len(by_n) < 2:
                continue
            cells = " | ".join(
                f"{by_n[n].seconds:.1f} / {by_n[n].cpu_seconds:.1f} ({by_n[n].requests.total})"
                if n in by_n
                else "-"
                for n in sizes
            )
            low, high = by_n[min(by_n)], by_n[max(by_n)]
            added = high.resources - low.resources
            wall_ms = 1000 * (high.seconds - low.seconds) / added
            cpu_ms = 1000 * (high.cpu_seconds - low.cpu_seconds) / added
            per_link = (high.requests.total - low.requests.total) / (high.n - low.n)
            lines.append(
                f"| {phase} | {variant} | {cells} | {wall_ms:.1f} | {cpu_ms:.1f} | {per_link:.2f} |"
            )
    return lines


def _targets_table(targets: Sequence[Target]) -> list[str]:
    lines = ["| target | measured | verdict |", "|---|---|---|"]
    lines += [f"| {t.name} | {t.measured} | **{t.verdict}** |" for t in targets]
    return lines


def render(
    runs: Sequence[Measurement],
    baselines: Sequence[BaselineRun],
    targets: Sequence[Target],
    *,
    machine: str,
    settings: str,
    command: str,
) -> str:
    """The whole report."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return "\n".join(
        [
            "# Performance: the provisioner against the API floor and a hand-written baseline",
            "",
            f"Generated by `{command}` on {stamp}. Do not edit by hand: re-run it.",
            "",
            f"- Machine: {machine}.",
            f"- Settings: {settings}.",
            "- Stripe is the local emulator (`paylinks emulator`, a fresh `:memory:` one per "
            "stack); with a rate limit it answers 429 beyond that many requests/s, like Stripe's "
            "test mode (25 req/s), and the providers pace themselves to that rate "
            "(`PAYLINKS_MAX_RPS`), as they do by default against Stripe with a test key.",
            "- Each catalog link has its own product and price: N links = 3N resources. "
            "Wall time is the whole CLI command (engine start, program, provider).",
            "",
            "## Targets",
            "",
            *_targets_table(targets),
            "",
            *READING,
            "## How cost grows with N (no rate limit)",
            "",
            "Marginal cost is (time at the largest N - time at the smallest N) / added "
            "resources: the per-resource cost without the fixed start-up of the CLI, "
            "language host and provider process. CPU is user+system time of the CLI and "
            "every process it ran (language host, program, provider), steadier than wall "
            "time on this shared machine. A marginal cost that rises with N means "
            "super-linear growth (compare N=10→100 with 100→300 in the table).",
            "",
            *_growth_table(runs),
            "",
            "## Against the hand-written baseline (plain stripe-python, same objects)",
            "",
            *_baseline_table(runs, baselines),
            "",
            "## Every command measured",
            "",
            *_runs_table(runs),
            "",
        ]
    )
