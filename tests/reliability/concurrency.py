"""Scenario 3: two `pulumi up` at once on one stack and backend (two CI jobs racing).

The file backend's stack lock must refuse one of them with a message naming the lock; the other
applies the catalog, and state and Stripe stay intact (no duplicate, `preview` shows no change).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tests.reliability.checks import judge, parse_catalog
from tests.reliability.crashes import LOCKED
from tests.reliability.harness import EXAMPLE_CATALOG, lab

__all__ = ["ConcurrencyFigures", "run_concurrent_ups"]


@dataclass
class ConcurrencyFigures:
    """Outcome of the races."""

    races: int = 0
    refused_by_lock: int = 0
    """Races where exactly one `up` failed, with the lock message."""
    both_succeeded: int = 0
    """Races where the second `up` started only after the first had finished (no overlap)."""
    lock_message: str = ""
    duplicates: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Every overlapping race refused one run, and nothing broke."""
        return not self.problems


def run_concurrent_ups(root: Path, races: int = 1) -> ConcurrencyFigures:
    """Start two `pulumi up` together, `races` times, each on a fresh stack."""
    figures = ConcurrencyFigures()
    catalog = EXAMPLE_CATALOG.read_text()
    for number in range(races):
        figures.races += 1
        with lab(root / f"race-{number}") as bench:
            project = bench.project(catalog)
            args = ("up", "--yes", "--skip-preview", "--stack", project.stack)
            runs = [project.start(*args), project.start(*args)]
            codes = [run.wait() for run in runs]
            failed = [run for run, code in zip(runs, codes, strict=True) if code != 0]
            if not failed:
                figures.both_succeeded += 1
            elif len(failed) == 1 and LOCKED in failed[0].stdout + failed[0].stderr:
                figures.refused_by_lock += 1
                text = failed[0].stdout + failed[0].stderr
                figures.lock_message = next(
                    line.strip() for line in text.splitlines() if LOCKED in line
                )
            else:
                figures.problems.append(
                    f"race {number}: exit codes {codes}:\n"
                    + "\n".join(run.stdout[-1500:] + run.stderr[-1500:] for run in failed)
                )
                continue
            verdict = judge(bench.inventory(), parse_catalog(catalog), project.links())
            figures.duplicates += len(verdict.duplicates)
            figures.problems.extend(f"race {number}: {p}" for p in verdict.problems())
            check = project.run(
                "preview", "--expect-no-changes", "--stack", project.stack, check=False
            )
            if check.returncode != 0:
                figures.problems.append(f"race {number}: state not intact:\n{check.stdout[-2000:]}")
    return figures
