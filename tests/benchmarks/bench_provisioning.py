"""Issue 9: the provisioner against the Stripe API floor and a hand-written baseline.

For each N (links; 3N resources) the real program runs with the real CLI against a fresh
emulator: cold ``up``, no-op ``up``, no-op ``preview``, ``preview`` after changing one price,
``refresh`` and ``destroy``; each with and without the emulator's 25 req/s rate limit (the
limited runs only up to ``PAYLINKS_BENCH_LIMITED_MAX_N``, they are slow by design). A plain
stripe-python script makes the same objects against another fresh emulator. The run prints
figures, ratios and the targets as met or not; it never fails on time.

    PAYLINKS_BENCH_N=10,100,300 PAYLINKS_BENCH_WRITE_DOC=1 \\
        scripts/test.sh -m benchmark -s tests/benchmarks -k provisioning

Environment:
- ``PAYLINKS_BENCH_N``: sizes, comma-separated (default ``10,100,300``; CI: ``10``).
- ``PAYLINKS_BENCH_LIMITED_MAX_N``: largest N also run at 25 req/s (default 100; 0: none).
- ``PAYLINKS_BENCH_PARALLEL``: ``pulumi --parallel`` value (default: the CLI's own default).
- ``PAYLINKS_BENCH_VARIANTS``: engine settings to compare (default ``default,skip-checkpoints``;
  see `variants.py`).
- ``PAYLINKS_BENCH_WRITE_DOC=1``: also write the report to ``docs/performance.md``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.benchmarks.baseline import provision
from tests.benchmarks.catalog_gen import catalog_yaml, changed_price_catalog
from tests.benchmarks.doc_sections import marked_sections
from tests.benchmarks.harness import BenchStack, Measurement
from tests.benchmarks.report import machine_summary, render
from tests.benchmarks.targets import BaselineRun, evaluate
from tests.benchmarks.variants import VARIANTS
from tests.support.emulator import start_emulator
from tests.support.paths import REPO_ROOT as REPO

pytestmark = pytest.mark.benchmark

STRIPE_TEST_MODE_LIMIT = 25.0
DOC = REPO / "docs" / "performance.md"
COMMAND = (
    "PAYLINKS_BENCH_N=10,100,300 PAYLINKS_BENCH_WRITE_DOC=1 "
    "scripts/test.sh -m benchmark -s tests/benchmarks -k provisioning"
)


def _sizes() -> list[int]:
    return [int(n) for n in os.environ.get("PAYLINKS_BENCH_N", "10,100,300").split(",") if n]


def _parallel() -> int | None:
    value = os.environ.get("PAYLINKS_BENCH_PARALLEL", "")
    return int(value) if value else None


def _variants() -> list[str]:
    names = os.environ.get("PAYLINKS_BENCH_VARIANTS", ",".join(VARIANTS)).split(",")
    return [name for name in names if name]


def _describe(env: dict[str, str]) -> str:
    return " ".join(f"{key}={value}" for key, value in env.items()) or "no extra env"


def _lifecycle(
    root: Path, n: int, rate_limit: float | None, parallel: int | None, variant: str
) -> list[Measurement]:
    """Every measured command on one N-link stack, against its own fresh emulator."""
    root.mkdir(parents=True)
    limit_args = ("--rate-limit", f"{rate_limit:g}") if rate_limit else ()
    emulator = start_emulator(*limit_args, tmp=root)
    try:
        stack = BenchStack(
            root, emulator, rate_limit, parallel, extra_env=VARIANTS[variant], variant=variant
        )
        stack.write_catalog(catalog_yaml(n))
        runs = [
            stack.measure("cold up", n, "up", "--yes", "--skip-preview"),
            stack.measure("no-op up", n, "up", "--yes", "--skip-preview"),
            stack.measure("no-op preview", n, "preview"),
        ]
        stack.write_catalog(changed_price_catalog(n))
        runs.append(stack.measure("preview, one price changed", n, "preview"))
        stack.write_catalog(catalog_yaml(n))
        runs.append(stack.measure("refresh", n, "refresh", "--yes", "--skip-preview"))
        runs.append(stack.measure("destroy", n, "destroy", "--yes", "--skip-preview"))
        for m in runs:
            print(
                f"N={n} limit={rate_limit} {variant}: {m.phase}: {m.seconds:.1f} s "
                f"(CPU {m.cpu_seconds:.1f} s), "
                f"{m.requests.total} requests ({m.requests.routes_text()}), "
                f"provider {m.peak_rss_bytes / 2**20:.0f} MB",
                flush=True,
            )
        return runs
    finally:
        emulator.stop()


def _baseline(root: Path, n: int, rate_limit: float | None) -> BaselineRun:
    root.mkdir(parents=True)
    limit_args = ("--rate-limit", f"{rate_limit:g}") if rate_limit else ()
    emulator = start_emulator(*limit_args, tmp=root)
    try:
        seconds = provision(emulator.base_url, emulator.api_key, n)
    finally:
        emulator.stop()
    print(f"N={n} limit={rate_limit}: baseline {seconds:.1f} s", flush=True)
    return BaselineRun(n=n, rate_limit=rate_limit, seconds=seconds)


@pytest.mark.timeout(4 * 3600)  # the full matrix takes tens of minutes on a shared 2-core box
def test_provisioning_against_floor_and_baseline(tmp_path: Path) -> None:
    limited_max = int(os.environ.get("PAYLINKS_BENCH_LIMITED_MAX_N", "100"))
    parallel = _parallel()
    runs: list[Measurement] = []
    baselines: list[BaselineRun] = []
    for n in _sizes():
        limits: list[float | None] = [None]
        if n <= limited_max:
            limits.append(STRIPE_TEST_MODE_LIMIT)
        for limit in limits:
            root = tmp_path / f"n{n}-limit{limit or 0:g}"
            for variant in _variants():
                runs += _lifecycle(root / variant, n, limit, parallel, variant)
            baselines.append(_baseline(root / "baseline", n, limit))
    stack_env = BenchStack.cli_env_for(tmp_path)
    engine = (
        f"pulumi --parallel {parallel}"
        if parallel
        else f"pulumi --parallel {os.environ.get('PULUMI_PARALLEL') or 'default'} (PULUMI_PARALLEL)"
    )
    variants = ", ".join(f"`{name}` ({_describe(VARIANTS[name])})" for name in _variants())
    settings = f"{engine}; rate-limited runs for N ≤ {limited_max}; engine variants: {variants}"
    report = render(
        runs,
        baselines,
        evaluate(runs, baselines),
        machine=machine_summary(stack_env),
        settings=settings,
        command=COMMAND,
    )
    print("\n" + report)
    if os.environ.get("PAYLINKS_BENCH_WRITE_DOC") == "1":
        old = DOC.read_text() if DOC.exists() else ""
        # The report replaces everything but the marked sections (other benchmarks', prose).
        DOC.write_text("\n\n".join([report.rstrip("\n"), *marked_sections(old)]) + "\n")
        print(f"written to {DOC}")
