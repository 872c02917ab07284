"""Registers the shared harness (`tests/support/fixtures.py`) once, for every test directory,
and the check that the run changes no tracked file (`tests/support/worktree_guard.py`).

Fixtures: `emulator`, `emulator_factory`, `stripe_mock`, `pulumi_project`, `catalog_project`,
`postgres_cluster`.
Classes and helpers are imported from `tests.support`, never from a conftest.
"""

from __future__ import annotations

from pathlib import Path

import pytest

# Names branches written before `tests/support` import from here; new code imports them there.
from tests.support.emulator import EmulatorProcess, start_emulator
from tests.support.paths import PAYLINKS
from tests.support.paths import REPO_ROOT as REPO
from tests.support.stripe_mock import StripeMock, stripe_mock_binary

__all__ = [
    "PAYLINKS", "REPO", "EmulatorProcess", "StripeMock", "start_emulator", "stripe_mock_binary"
]

pytest_plugins = [
    "tests.support.browser",
    "tests.support.fixtures",
    "tests.support.postgres",
    "tests.support.worktree_guard",
]


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Module | None:
    """Also collect `bench_*.py` files: `pytest -m benchmark tests/benchmarks` runs them."""
    if file_path.suffix == ".py" and file_path.name.startswith("bench_"):
        return pytest.Module.from_parent(parent, path=file_path)
    return None
