"""Reliability and security of `pulumi up` against a payments account, at CI size.

Each test names what a user would see go wrong and prints its figures (`-s` shows them).
`PAYLINKS_RELIABILITY=long` runs the long sizes (`make reliability` runs `run.py` instead, which
also writes docs/reliability.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability import report
from tests.reliability.bad_input import run_bad_input
from tests.reliability.concurrency import run_concurrent_ups
from tests.reliability.crashes import run_crash_trials
from tests.reliability.key_guard import run_key_guard
from tests.reliability.run import plan, run_faults_plan
from tests.reliability.secrets_scan import run_secret_scan

pytestmark = [pytest.mark.e2e, pytest.mark.reliability]


def _show(title: str, rows: report.Rows) -> None:
    print(f"\n{title}\n{report.table(rows)}")


def test_faulty_network_leaves_exactly_one_object_per_entry(tmp_path: Path) -> None:
    runs = run_faults_plan(tmp_path, plan())
    _show("faults", report.faults(runs))
    for run in runs:
        assert run.ok, f"{run.kinds} seed {run.seed}: " + "\n".join(run.problems)


def test_killed_up_recovers_without_duplicates_or_lost_links(tmp_path: Path) -> None:
    figures = run_crash_trials(tmp_path, plan().crash_trials)
    _show("crashes", report.crashes(figures))
    assert figures.ok, "\n".join(figures.problems)


def test_concurrent_up_is_refused_by_the_stack_lock(tmp_path: Path) -> None:
    figures = run_concurrent_ups(tmp_path, plan().races)
    _show("concurrency", report.concurrency(figures))
    assert figures.ok, "\n".join(figures.problems)
    assert figures.refused_by_lock + figures.both_succeeded == figures.races
    assert figures.refused_by_lock >= 1, "no race overlapped: the lock was never exercised"


def test_bad_catalogs_give_clean_errors_and_no_stripe_write(tmp_path: Path) -> None:
    sizes = plan()
    figures = run_bad_input(tmp_path, sizes.fuzz_cases, sizes.fuzz_previews)
    _show("bad input", report.bad_input(figures))
    assert figures.ok, "\n".join(figures.problems[:5])
    assert figures.previews == sizes.fuzz_previews


def test_no_secret_in_state_logs_plans_or_reviews(tmp_path: Path) -> None:
    figures = run_secret_scan(tmp_path)
    _show("secrets", report.secrets(figures))
    assert figures.total_leaks == 0, dict(figures.leaks)
    assert figures.ok, "\n".join(figures.problems)


def test_key_mistakes_are_one_clear_line_and_emulator_is_loopback_only(tmp_path: Path) -> None:
    figures = run_key_guard(tmp_path)
    _show("keys", report.key_guard(figures))
    assert figures.ok, "\n".join(figures.problems)
