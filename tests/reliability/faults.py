"""Scenario 1: one `pulumi up` of the example catalog through a faulty network.

The emulator answers a fraction of *all* API requests with 429, 500, a dropped connection or a
delay (or, in the after-commit variant, lets the write commit and then fails the response, which is
what makes idempotency keys matter). The run must succeed on the providers' own retries, and
Stripe must then hold exactly one object per catalog entry, in the declared state.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tests.reliability.checks import judge, parse_catalog
from tests.reliability.harness import EXAMPLE_CATALOG, lab

__all__ = ["AFTER_COMMIT_KINDS", "NETWORK_KINDS", "FaultFigures", "run_faults"]

NETWORK_KINDS = ("429", "500", "drop", "latency")
"""Faults answered before the request touches state (latency: answered late)."""
AFTER_COMMIT_KINDS = ("500-after", "drop-after")
"""The write commits, then the client sees a 500 or a dropped connection."""


@dataclass
class FaultFigures:
    """What one faulty `pulumi up` cost and left behind."""

    kinds: tuple[str, ...]
    rate: float
    seed: int
    exit_code: int = -1
    seconds: float = 0.0
    requests: int = 0
    """API requests the emulator received during the `up`."""
    faulted: Counter[str] = field(default_factory=Counter)
    """Requests answered with an injected error, by HTTP status (0 = connection dropped)."""
    writes: int = 0
    """POST requests (creates and updates), retries included."""
    write_retries: int = 0
    """POSTs repeated with an idempotency key already sent (a retry of the same write)."""
    duplicates: int = 0
    missing: int = 0
    lost: int = 0
    drift_after: bool = False
    """`pulumi preview --refresh` still wanted changes afterwards (Stripe ≠ catalog)."""
    problems: list[str] = field(default_factory=list)

    @property
    def retries(self) -> int:
        """Requests the providers had to send again: each injected error was retried once."""
        return sum(self.faulted.values())

    @property
    def ok(self) -> bool:
        """The run succeeded and Stripe matches the catalog exactly."""
        return self.exit_code == 0 and not self.problems and not self.drift_after


def run_faults(
    root: Path, kinds: tuple[str, ...] = NETWORK_KINDS, rate: float = 0.1, seed: int = 1
) -> FaultFigures:
    """Apply the example catalog once with faults on every route; judge Stripe afterwards."""
    figures = FaultFigures(kinds=kinds, rate=rate, seed=seed)
    catalog_text = EXAMPLE_CATALOG.read_text()
    with lab(root) as bench:
        project = bench.project(catalog_text)
        bench.emulator.clear_requests()
        bench.emulator.set_faults(rate=rate, kinds=kinds, latency_ms=300, seed=seed)
        started = time.monotonic()
        call = project.run("up", "--yes", "--skip-preview", "--stack", project.stack, check=False)
        figures.seconds = time.monotonic() - started
        figures.exit_code = call.returncode
        bench.emulator.clear_faults()
        log = bench.emulator.requests()
        figures.requests = len(log)
        figures.faulted = Counter(
            str(entry["status"]) for entry in log if entry["status"] in (0, 429, 500)
        )
        posts = [entry for entry in log if entry["method"] == "POST"]
        figures.writes = len(posts)
        keyed = [entry["idempotency_key"] for entry in posts if entry["idempotency_key"]]
        figures.write_retries = len(keyed) - len(set(keyed))
        if call.returncode != 0:
            figures.problems.append(f"pulumi up failed:\n{call.stdout[-3000:]}{call.stderr}")
            return figures
        verdict = judge(bench.inventory(), parse_catalog(catalog_text), project.links())
        figures.duplicates = len(verdict.duplicates)
        figures.missing = len(verdict.missing)
        figures.lost = len(verdict.lost)
        figures.problems.extend(verdict.problems())
        check = project.run(
            "preview", "--refresh", "--expect-no-changes", "--stack", project.stack, check=False
        )
        figures.drift_after = check.returncode != 0
        if figures.drift_after:
            figures.problems.append(f"Stripe differs from the catalog:\n{check.stdout[-3000:]}")
    return figures
