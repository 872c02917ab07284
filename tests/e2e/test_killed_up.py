"""A `pulumi up` killed with SIGKILL leaves nothing running.

CI timeouts and the OOM killer send SIGKILL to the CLI (or its process group); the engine then
cannot stop its plugins, which it starts in process groups of their own. The language host and
the dynamic-provider process must notice the engine is gone and exit within seconds.

Every process of the run carries a unique environment variable (the CLI passes its environment
to everything it starts), which is how the test finds them, whatever their process group.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
import uuid
from pathlib import Path

from tests.benchmarks.catalog_gen import catalog_yaml
from tests.support.emulator import EmulatorProcess
from tests.support.fixtures import CatalogProjectFactory

MARKER = "PAYLINKS_E2E_RUN_ID"
LINKS = 30
LATENCY_MS = 1000
GONE_WITHIN_SECONDS = 10.0


def _processes_with(marker: str) -> dict[int, str]:
    """pid → command line of every process whose environment holds `marker`."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if marker.encode() in environ.split(b"\0"):
            found[int(entry.name)] = cmdline.replace(b"\0", b" ").decode(errors="replace")
    return found


def _kind(cmdline: str) -> str:
    if "pulumi-language-python-exec" in cmdline:
        return "program"
    if "pulumi-language-python" in cmdline:
        return "language host"
    if "pulumi.dynamic" in cmdline:
        return "provider"
    return cmdline.split(" ", 1)[0]


def test_killing_the_cli_process_group_leaves_no_process_of_the_run(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess
) -> None:
    marker = f"{MARKER}={uuid.uuid4().hex}"
    name, value = marker.split("=", 1)
    project = catalog_project(catalog_yaml(LINKS), env={name: value})
    emulator.set_faults(rate=1.0, kinds=["latency"], latency_ms=LATENCY_MS)
    cli = subprocess.Popen(
        ["pulumi", "up", "--yes", "--skip-preview", "--non-interactive", "--stack",
         project.stack],
        cwd=project.directory, env=project.env, stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    seen: dict[int, str] = {}
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # until the provider is working on Stripe calls
            seen.update(_processes_with(marker))
            kinds = {_kind(c) for c in seen.values()}
            if {"language host", "provider"} <= kinds and len(emulator.requests()) >= 3:
                break
            assert cli.poll() is None, "pulumi up ended before it could be killed"
            time.sleep(0.2)
        kinds = {pid: _kind(c) for pid, c in seen.items()}
        assert {"language host", "provider"} <= set(kinds.values()), f"never saw them: {seen}"
        plugin_groups = {os.getpgid(pid) for pid, k in kinds.items()
                         if k in ("language host", "provider") and pid in _processes_with(marker)}
        assert os.getpgid(cli.pid) not in plugin_groups  # so killing the group spares them

        os.killpg(cli.pid, signal.SIGKILL)
        cli.wait()
        deadline = time.monotonic() + GONE_WITHIN_SECONDS
        left = _processes_with(marker)
        while left and time.monotonic() < deadline:
            time.sleep(0.25)
            left = _processes_with(marker)
        assert not left, (
            f"{GONE_WITHIN_SECONDS:g} s after SIGKILL of the CLI's process group, still running: "
            + "; ".join(f"{pid} ({_kind(c)}): {c}" for pid, c in left.items())
        )
    finally:
        if cli.poll() is None:
            os.killpg(cli.pid, signal.SIGKILL)
        for pid in _processes_with(marker):  # only processes this test started
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        emulator.clear_faults()
