"""`scripts/emulator.sh`, which `make up` / `make deploy` / `make preview` use for emulator stacks.

Run with another `PAYLINKS_EMULATOR_PORT` than the one that started this clone's emulator, it
used to start a second emulator on the same database and take over the pid file, so `make stop`
stopped only the second and the first ran on for good. It now refuses in one line.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from pathlib import Path

from tests.support.paths import REPO_ROOT
from tests.support.ports import free_port


def emulator_script(directory: Path, port: int, command: str) -> subprocess.CompletedProcess[str]:
    """`command` after sourcing the scripts, with the emulator's files in `directory`."""
    script = f"""
        set -euo pipefail
        source scripts/env.sh
        source scripts/emulator.sh
        EMULATOR_PORT={port}; EMULATOR_BASE="http://$EMULATOR_HOST:{port}"
        EMULATOR_DIR="{directory}"; EMULATOR_PID_FILE="{directory}/emulator.pid"
        EMULATOR_LOG="{directory}/emulator.log"
        {command}
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PAYLINKS_", "PULUMI_"))}
    return subprocess.run(["bash", "-c", script], cwd=REPO_ROOT, env=env, capture_output=True,
                          text=True, timeout=60, check=False)


def test_a_second_port_is_refused_while_this_clones_emulator_runs(tmp_path: Path) -> None:
    first, second = free_port(), free_port()
    started = emulator_script(tmp_path, first, "emulator_start")
    assert started.returncode == 0, started.stderr
    pid = int((tmp_path / "emulator.pid").read_text())
    try:
        refused = emulator_script(tmp_path, second, "emulator_start")
        assert refused.returncode != 0
        assert refused.stderr.splitlines() == [
            f"error: this clone's Stripe emulator (pid {pid}) already runs at "
            f"http://127.0.0.1:{first}, not at http://127.0.0.1:{second}: run with "
            f"PAYLINKS_EMULATOR_PORT={first}, or `make stop` it first"
        ]
        assert int((tmp_path / "emulator.pid").read_text()) == pid, "the pid file was taken over"
        again = emulator_script(tmp_path, first, "emulator_start")
        assert again.returncode == 0 and "already running" in again.stderr
        stopped = emulator_script(tmp_path, first, "emulator_stop")
        assert stopped.returncode == 0 and f"(pid {pid})" in stopped.stderr, stopped.stderr
    finally:
        pid_file = tmp_path / "emulator.pid"
        started_pids = {pid, int(pid_file.read_text())} if pid_file.exists() else {pid}
        for started_pid in started_pids:  # without the fix, a second one would run here
            with contextlib.suppress(ProcessLookupError):
                os.kill(started_pid, signal.SIGTERM)
