"""Issue 14: paylinks at Stripe-like latency and rate limits, against the API floor and baseline.

For each latency, rate and N the real program runs with the real CLI against a fresh emulator
that delays every answer and answers 429 beyond the rate; the providers pace to the rate. It
measures cold ``up``, no-op ``up``, ``refresh``, an ``up`` changing one price, and ``destroy``;
a hand-written stripe-python baseline (paced, with enough threads to reach the rate) creates,
reads and retires the same objects against another fresh emulator. It prints the figures and
the targets as met or not; it never fails on time.

    scripts/test.sh -m benchmark -s tests/benchmarks -k latency                   # everything
    PAYLINKS_BENCH_LATENCY_N=100 PAYLINKS_BENCH_RATES=25 \\
        scripts/test.sh -m benchmark -s tests/benchmarks -k latency               # ~3 minutes

Environment:
- ``PAYLINKS_BENCH_LATENCY_N``: sizes (default ``100,300``).
- ``PAYLINKS_BENCH_LATENCY_MS``: per-request latencies in ms (default ``300``).
- ``PAYLINKS_BENCH_RATES``: rate limits in req/s (default ``25,100``: Stripe test and live).
- ``PAYLINKS_BENCH_VARIANTS``: engine settings (default: ``skip-checkpoints``, the project's
  default; add ``default`` for per-step checkpoints; see `variants.py`).
- ``PAYLINKS_BENCH_PARALLEL``: ``--parallel`` (default: ``PULUMI_PARALLEL`` from scripts/env.sh).
- ``PAYLINKS_BENCH_WRITE_DOC=1``: write the section into ``docs/performance.md``.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.benchmarks.baseline import lifecycle, workers_for
from tests.benchmarks.catalog_gen import catalog_yaml, changed_price_catalog
from tests.benchmarks.doc_sections import replace_section
from tests.benchmarks.harness import BenchStack
from tests.benchmarks.latency_report import LatencyBaseline, LatencyRun, evaluate, render
from tests.benchmarks.report import machine_summary
from tests.benchmarks.variants import VARIANTS
from tests.support.emulator import EmulatorProcess, start_emulator
from tests.support.paths import REPO_ROOT as REPO

pytestmark = pytest.mark.benchmark

DOC = REPO / "docs" / "performance.md"
SECTION = "latency"
COMMAND = "PAYLINKS_BENCH_WRITE_DOC=1 scripts/test.sh -m benchmark -s tests/benchmarks -k latency"
DEFAULT_PARALLEL = 32


def _ints(name: str, default: str) -> list[int]:
    return [int(x) for x in os.environ.get(name, default).split(",") if x.strip()]


def _parallel() -> int:
    value = os.environ.get("PAYLINKS_BENCH_PARALLEL") or os.environ.get("PULUMI_PARALLEL")
    return int(value) if value else DEFAULT_PARALLEL


def _variants() -> list[str]:
    names = os.environ.get("PAYLINKS_BENCH_VARIANTS", "skip-checkpoints").split(",")
    return [name for name in names if name]


def _slow_emulator(root: Path, rate: float, latency_ms: int) -> EmulatorProcess:
    root.mkdir(parents=True)
    emulator = start_emulator("--rate-limit", f"{rate:g}", tmp=root)
    if latency_ms:
        emulator.set_faults(rate=1.0, kinds=["latency"], latency_ms=latency_ms)
    return emulator


def _paylinks(
    root: Path, n: int, rate: float, latency_ms: int, variant: str, parallel: int
) -> list[LatencyRun]:
    emulator = _slow_emulator(root, rate, latency_ms)
    try:
        env = {**VARIANTS[variant], "PULUMI_PARALLEL": str(parallel)}
        stack = BenchStack(root, emulator, rate, parallel, extra_env=env, variant=variant)
        stack.write_catalog(catalog_yaml(n))
        up = ("up", "--yes", "--skip-preview")
        measured = [stack.measure("cold up", n, *up), stack.measure("no-op up", n, *up)]
        stack.write_catalog(changed_price_catalog(n))
        measured.append(stack.measure("up, one price changed", n, *up))
        measured.append(stack.measure("refresh", n, "refresh", "--yes", "--skip-preview"))
        measured.append(stack.measure("destroy", n, "destroy", "--yes", "--skip-preview"))
    finally:
        emulator.stop()
    runs = [LatencyRun(m, latency_ms, rate) for m in measured]
    for run in runs:
        m = run.measurement
        print(
            f"N={n} {latency_ms} ms {rate:g}/s {variant}: {m.phase}: {m.seconds:.1f} s, "
            f"floor {run.floor:.1f} s, concurrency {run.concurrency:.1f} "
            f"(window {run.window_concurrency:.1f}, peak {m.requests.peak_in_flight}), "
            f"before {run.before_first:.1f} s, window {m.requests.window:.1f} s, "
            f"after {run.after_last:.1f} s, "
            f"{m.requests.total} requests ({m.requests.rate_limited} 429s)",
            flush=True,
        )
    return runs


def _baseline(root: Path, n: int, rate: float, latency_ms: int) -> LatencyBaseline:
    emulator = _slow_emulator(root, rate, latency_ms)
    workers = workers_for(rate, latency_ms / 1000)
    try:
        seconds = lifecycle(emulator.base_url, emulator.api_key, n, workers, rate)
    finally:
        emulator.stop()
    print(f"N={n} {latency_ms} ms {rate:g}/s: baseline ({workers} threads) {seconds}", flush=True)
    return LatencyBaseline(n, latency_ms, rate, workers, seconds)


@pytest.mark.timeout(4 * 3600)
def test_latency_against_floor_and_baseline(tmp_path: Path) -> None:
    parallel = _parallel()
    machine = machine_summary(BenchStack.cli_env_for(tmp_path))  # the load at the start
    runs: list[LatencyRun] = []
    baselines: list[LatencyBaseline] = []
    for latency_ms in _ints("PAYLINKS_BENCH_LATENCY_MS", "300"):
        for rate in _ints("PAYLINKS_BENCH_RATES", "25,100"):
            for n in _ints("PAYLINKS_BENCH_LATENCY_N", "100,300"):
                root = tmp_path / f"{latency_ms}ms-{rate}rps-n{n}"
                for variant in _variants():
                    runs += _paylinks(root / variant, n, rate, latency_ms, variant, parallel)
                baselines.append(_baseline(root / "baseline", n, rate, latency_ms))
    settings = (
        f"pulumi --parallel {parallel} (PULUMI_PARALLEL; the provider serves as many calls at "
        f"once); engine variants: {', '.join(_variants())}"
    )
    section = render(
        runs, baselines, evaluate(runs, baselines),
        machine=machine, settings=settings,
        command=COMMAND, stamp=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )
    print("\n" + section)
    if os.environ.get("PAYLINKS_BENCH_WRITE_DOC") == "1":
        DOC.write_text(replace_section(DOC.read_text(), SECTION, section))
        print(f"written to {DOC}")
