"""The suite changes no tracked file: `git status --porcelain` at the end must be what it was at
the start, or the run fails naming the files. Registered by `tests/conftest.py`; under xdist only
the controller checks (a worker finishing early would see other workers' tests mid-run).

The one exception is asked for by name: `PAYLINKS_BENCH_WRITE_DOC=1` tells the benchmarks to
rewrite their generated sections of `docs/performance.md`, so that file may change then.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.support.paths import REPO_ROOT

#: Files a run may change because its environment asked for it (variable → files).
_ASKED_FOR = {"PAYLINKS_BENCH_WRITE_DOC": (" M docs/performance.md",)}


def _is_xdist_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


_GIT_STATUS_KEY = pytest.StashKey[str | None]()


def _git_status() -> str | None:
    """`git status --porcelain` of the repository (None outside a git checkout)."""
    try:
        result = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=all"],
            cwd=REPO_ROOT, capture_output=True, text=True, timeout=60, check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None


def pytest_sessionstart(session: pytest.Session) -> None:
    """Remember the worktree's state, to prove at the end that the tests left it as it was."""
    if not _is_xdist_worker(session.config):
        session.stash[_GIT_STATUS_KEY] = _git_status()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run when a tracked (or new, not ignored) file changed while the tests ran."""
    if _is_xdist_worker(session.config):
        return
    before = session.stash.get(_GIT_STATUS_KEY, None)
    after = _git_status()
    if before is None or after is None or before == after:
        return
    asked = {
        line for var, lines in _ASKED_FOR.items() if os.environ.get(var) == "1" for line in lines
    }
    changed = sorted((set(after.splitlines()) ^ set(before.splitlines())) - asked)
    if not changed:
        return
    message = (
        "the test run changed the worktree (`git status --porcelain` differs from the start): "
        + "; ".join(line.strip() for line in changed)
    )
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_sep("=", "worktree changed by the tests", red=True)
        reporter.write_line(message)
    else:
        print(message, file=sys.stderr)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED
