"""Crash trials with and without per-step checkpoints: is skipping them safe to make the default?

Runs the kill-and-recover trials of `crashes` (SIGKILL at a random moment of a create or a
price-replacing ``up``, the documented recovery, then the checks for duplicates, lost or moved
links and a clean reference run adopting everything) on an N-link catalog with every API answer
delayed, once with Pulumi's per-step checkpoints and once with ``PULUMI_SKIP_CHECKPOINTS=true``,
and prints both side by side with the clean runs' times::

    PAYLINKS_TOOLCHAIN=... .venv/bin/python -m tests.reliability.checkpoint_trials \\
        --n 100 --latency-ms 300 --trials 4
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from tests.benchmarks.catalog_gen import catalog_yaml, changed_price_catalog
from tests.reliability.crashes import TrialSetup, calibrate, run_crash_trials

__all__ = ["MODES", "main"]

MODES = {
    "checkpoints": {"PULUMI_SKIP_CHECKPOINTS": "false"},
    "skip-checkpoints": {"PULUMI_SKIP_CHECKPOINTS": "true"},
}
"""Mode name → the CLI environment it adds."""


def main(argv: list[str] | None = None) -> int:
    """Run both modes; print one line of figures per mode and any problem found."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=100, help="links in the catalog")
    parser.add_argument("--latency-ms", type=int, default=300, help="delay of every API answer")
    parser.add_argument("--trials", type=int, default=4, help="kill trials per mode")
    args = parser.parse_args(argv)
    failed = False
    with tempfile.TemporaryDirectory(prefix="paylinks-checkpoints-") as tmp:
        for mode, env in MODES.items():
            setup = TrialSetup(
                catalog_yaml(args.n), changed_price_catalog(args.n), env, args.latency_ms
            )
            root = Path(tmp) / mode
            calibration = calibrate(root / "calibration", setup)
            figures = run_crash_trials(root, args.trials, calibration=calibration, setup=setup)
            print(
                f"{mode}: N={args.n}, {args.latency_ms} ms: clean create "
                f"{calibration.create_seconds:.1f} s, clean replace "
                f"{calibration.replace_seconds:.1f} s; {figures.trials} trials "
                f"({figures.killed_mid_run} killed mid-run): {figures.duplicates} duplicates, "
                f"{figures.missing} missing, {figures.lost} lost, {figures.url_changes} URL "
                f"changes, {figures.reference_new_objects} new objects in the reference run, "
                f"{figures.recoveries_failed} failed recoveries, {figures.saw_pending} reported "
                f"pending operations, {figures.saw_locked} locked",
                flush=True,
            )
            for problem in figures.problems[:5]:
                print(f"  {mode}: {problem}", flush=True)
            failed = failed or not figures.ok
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
