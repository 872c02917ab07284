"""`scripts/emulator.sh`, which `make up` / `make deploy` / `make preview` use for emulator stacks.

Run with another `PAYLINKS_EMULATOR_PORT` than the one that started this clone's emulator, it
used to start a second emulator on the same database and take over the pid file, so `make stop`
stopped only the second and the first ran on for good. It now refuses in one line.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
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
        EMULATOR_PORT_FILE="{directory}/emulator.port"
        EMULATOR_LOG="{directory}/emulator.log"
        {command}
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PAYLINKS_", "PULUMI_"))}
    return subprocess.run(["bash", "-c", script], cwd=REPO_ROOT, env=env, capture_output=True,
                          text=True, timeout=60, check=False)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def start_own_emulator(directory: Path, attempts: int = 3) -> tuple[int, int]:
    """Start this clone's emulator on a free port; its port and pid.

    Another test's emulator can take a free port between `free_port` and our bind; then that one
    answers the readiness check while ours fails to listen and exits. A start is ours once our
    emulator's log says it listens on the port; otherwise it is retried on a new port.
    """
    for _ in range(attempts):
        port = free_port()
        started = emulator_script(directory, port, "emulator_start")
        assert started.returncode == 0, started.stderr
        pid = int((directory / "emulator.pid").read_text())
        listening = f"Stripe emulator on http://127.0.0.1:{port} "
        deadline = time.monotonic() + 30
        while _alive(pid) and time.monotonic() < deadline:
            if listening in (directory / "emulator.log").read_text():
                return port, pid
            time.sleep(0.1)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        (directory / "emulator.pid").unlink()
    raise AssertionError(f"no free port kept for the emulator in {attempts} attempts")


def test_a_second_port_is_refused_while_this_clones_emulator_runs(tmp_path: Path) -> None:
    first, pid = start_own_emulator(tmp_path)
    # The second port stays bound (not listening) by this test: nothing else can answer there.
    reserved = socket.socket()
    reserved.bind(("127.0.0.1", 0))
    second = int(reserved.getsockname()[1])
    try:
        refused = emulator_script(tmp_path, second, "emulator_start")
        reserved.close()
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
        reserved.close()
        pid_file = tmp_path / "emulator.pid"
        started_pids = {pid, int(pid_file.read_text())} if pid_file.exists() else {pid}
        for started_pid in started_pids:  # without the fix, a second one would run here
            with contextlib.suppress(ProcessLookupError):
                os.kill(started_pid, signal.SIGTERM)
