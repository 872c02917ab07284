"""Scenario 2: `pulumi up` SIGKILLed at a random moment, then the documented recovery.

A trial kills the whole process tree (CLI, language host, program, provider) while it applies the
example catalog, either creating everything (`create` trials) or replacing a price and the link
using it (`replace` trials). Recovery is what the README tells users to do on a file backend:

1. `pulumi up` again. If the killed run still holds the stack lock it refuses with
   "the stack is currently locked by 1 lock(s)";
2. then `pulumi cancel --yes` (removes the lock file) and `pulumi up` once more. Operations the
   killed run left pending are reported as a warning and re-run; no refresh is needed.

Afterwards Stripe must hold no duplicate, every link must be live at the URL the stack shows, and
a clean reference run (a fresh stack with the same scope) must adopt exactly the same objects:
same link URLs, no new object.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tests.reliability.checks import judge, parse_catalog
from tests.reliability.harness import EXAMPLE_CATALOG, lab

__all__ = [
    "Calibration",
    "CrashFigures",
    "TrialSetup",
    "calibrate",
    "run_crash_trials",
    "updated_catalog",
]

LOCKED = "the stack is currently locked"
PENDING = "pending operations from previous deployment"
SCOPE = "crash"


def updated_catalog(text: str) -> str:
    """The example catalog with the house blend's price raised: a new price, so a new link."""
    changed = text.replace("unit_amount: 1400", "unit_amount: 1500")
    assert changed != text, "the example catalog no longer has the house blend at 1400"
    return changed


@dataclass
class Calibration:
    """A clean, unkilled run of both phases: how long they take and what they leave in Stripe."""

    create_seconds: float
    replace_seconds: float
    create_counts: dict[tuple[str, str], int]
    replace_counts: dict[tuple[str, str], int]


@dataclass(frozen=True)
class TrialSetup:
    """What the trials apply: the catalog, its price-changed version, the CLI's extra
    environment (e.g. ``PULUMI_SKIP_CHECKPOINTS``) and a latency for every API answer."""

    catalog: str = ""
    changed: str = ""
    env: Mapping[str, str] = field(default_factory=dict)
    latency_ms: int = 0
    """0: only the `slow` trials delay answers (200 ms)."""

    def first(self) -> str:
        """The catalog (the example catalog unless set)."""
        return self.catalog or EXAMPLE_CATALOG.read_text()

    def second(self) -> str:
        """The price-changed catalog."""
        return self.changed or updated_catalog(self.first())


def calibrate(root: Path, setup: TrialSetup | None = None) -> Calibration:
    """Time a clean create and a clean replace; count the objects each leaves per entry."""
    setup = setup or TrialSetup()
    v1 = setup.first()
    with lab(root) as bench:
        project = bench.project(v1, scope=SCOPE, env=setup.env)
        if setup.latency_ms:
            bench.emulator.set_faults(rate=1.0, kinds=("latency",), latency_ms=setup.latency_ms)
        started = time.monotonic()
        project.up()
        create_seconds = time.monotonic() - started
        create_counts = bench.inventory(SCOPE).counts()
        project.write_catalog(setup.second())
        started = time.monotonic()
        project.up()
        replace_seconds = time.monotonic() - started
        replace_counts = bench.inventory(SCOPE).counts()
    return Calibration(create_seconds, replace_seconds, create_counts, replace_counts)


@dataclass
class CrashFigures:
    """Outcome of every trial."""

    trials: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    slow: int = 0
    """Trials run with every API answer delayed (200 ms)."""
    killed_mid_run: int = 0
    """Trials where the kill landed before `pulumi up` finished on its own."""
    processes_killed: int = 0
    saw_locked: int = 0
    """Recoveries whose first `up` was refused by the killed run's stack lock."""
    saw_pending: int = 0
    """Recoveries whose `up` warned about operations the killed run left pending."""
    recoveries_failed: int = 0
    duplicates: int = 0
    missing: int = 0
    lost: int = 0
    url_changes: int = 0
    """Links whose URL a clean reference run (same scope) differs from the recovered stack's."""
    reference_new_objects: int = 0
    """Objects the reference run had to create (adoption should find every one)."""
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Nothing duplicated, lost or moved; every recovery worked."""
        return not self.problems


def run_crash_trials(
    root: Path,
    trials: int,
    seed: int = 8,
    calibration: Calibration | None = None,
    setup: TrialSetup | None = None,
) -> CrashFigures:
    """Run `trials` kill-and-recover trials, alternating create and replace phases."""
    rng = random.Random(seed)
    setup = setup or TrialSetup()
    calibration = calibration or calibrate(root / "calibration", setup)
    figures = CrashFigures()
    for number in range(trials):
        kind = "create" if number % 2 == 0 else "replace"
        slow = number % 4 >= 2
        span = calibration.create_seconds if kind == "create" else calibration.replace_seconds
        delay = rng.uniform(0.0, span)
        _trial(root / f"trial-{number:02d}", kind, delay, calibration, figures, slow, setup)
    return figures


def _trial(
    root: Path,
    kind: str,
    delay: float,
    calibration: Calibration,
    figures: CrashFigures,
    slow: bool,
    setup: TrialSetup,
) -> None:
    """One trial; `slow` delays every API answer by 200 ms, so the kill more often lands while
    provider operations are in flight (pending in the checkpoint)."""
    figures.trials += 1
    figures.kinds[kind] += 1
    figures.slow += slow
    label = f"trial {figures.trials} ({kind}{', slow' if slow else ''}, kill after {delay:.1f}s)"
    v1 = setup.first()
    final = v1 if kind == "create" else setup.second()
    expected = calibration.create_counts if kind == "create" else calibration.replace_counts
    with lab(root) as bench:
        project = bench.project(v1, scope=SCOPE, env=setup.env)
        if kind == "replace":
            project.up()
            project.write_catalog(final)
        if setup.latency_ms or slow:
            latency = setup.latency_ms or 200
            bench.emulator.set_faults(rate=1.0, kinds=("latency",), latency_ms=latency)
        run = project.start("up", "--yes", "--skip-preview", "--stack", project.stack)
        time.sleep(delay)
        figures.killed_mid_run += run.process.poll() is None
        figures.processes_killed += run.kill_tree()
        bench.emulator.clear_faults()

        # The recovery the README documents.
        call = project.run("up", "--yes", "--skip-preview", "--stack", project.stack, check=False)
        if call.returncode != 0 and LOCKED in call.stdout + call.stderr:
            figures.saw_locked += 1
            project.run("cancel", "--yes", "--stack", project.stack)
            call = project.run(
                "up", "--yes", "--skip-preview", "--stack", project.stack, check=False
            )
        figures.saw_pending += PENDING in call.stdout + call.stderr
        if call.returncode != 0:
            figures.recoveries_failed += 1
            figures.problems.append(f"{label}: recovery failed:\n{call.stdout[-2000:]}")
            return

        links = project.links()
        before = bench.inventory(SCOPE)
        verdict = judge(before, parse_catalog(final), links, expected)
        figures.duplicates += len(verdict.duplicates)
        figures.missing += len(verdict.missing)
        figures.lost += len(verdict.lost)
        figures.problems.extend(f"{label}: {problem}" for problem in verdict.problems())

        reference = bench.project(final, scope=SCOPE, env=setup.env)
        reference.up()
        reference_links = reference.links()
        changed = [
            key for key in links if reference_links.get(key, {}).get("url") != links[key]["url"]
        ]
        figures.url_changes += len(changed)
        figures.problems.extend(
            f"{label}: link {key} URL differs from a clean run" for key in changed
        )
        new_objects = bench.inventory(SCOPE).total() - before.total()
        figures.reference_new_objects += new_objects
        if new_objects:
            figures.problems.append(
                f"{label}: a clean run with the same scope made {new_objects} objects"
            )
