"""Scenario 6: the emulator is safe to run, and key mistakes reach the user as one clear line.

* `paylinks emulator` without `--host` listens on loopback only, and answers a live key with 401.
* `pulumi up` with no key, a mistyped key or a live key on a stack not marked live fails with a
  one-line message and no Python traceback, and makes no request (a mistyped prefix is refused
  by the key's shape).
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.reliability.harness import lab

__all__ = ["GuardFigures", "run_key_guard"]

CATALOG = """
products:
  guard: {name: Guard}
"""


#: The engine's and SDK's own lines around any failed update, not paylinks' message: "update
#: failed", and, when the failure lands while the program still waits on the engine (a timing
#: matter, frequent on a busy machine), the SDK's "Resource monitor has terminated".
ENGINE_NOISE = ("update failed", "Resource monitor has terminated")


@dataclass
class GuardFigures:
    """What each key mistake looked like to the user."""

    emulator_listens_on: str = ""
    live_key_status: int = 0
    messages: dict[str, str] = field(default_factory=dict)
    """Case → the error line the user saw."""
    requests: dict[str, int] = field(default_factory=dict)
    """Case → Stripe API requests made."""
    tracebacks: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Every check held."""
        return not self.problems


def _listening_addresses(port: int) -> list[str]:
    """Local addresses with a listening TCP socket on `port` (from /proc/net/tcp*)."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.append("127.0.0.1" if address == "0100007F" else address)
    return found


def check_emulator_defaults(figures: GuardFigures) -> None:
    """Start the emulator as a user would (no --host) and probe it."""
    paylinks = str(Path(sys.executable).with_name("paylinks"))
    process = subprocess.Popen(
        [paylinks, "emulator", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        base_url = process.stdout.readline().strip()
        port = int(base_url.rsplit(":", 1)[1])
        addresses = _listening_addresses(port)
        figures.emulator_listens_on = ", ".join(addresses)
        if addresses != ["127.0.0.1"]:
            figures.problems.append(f"emulator listens on {addresses}, not loopback only")
        response = httpx.get(
            f"{base_url}/v1/products",
            headers={"Authorization": "Bearer sk_live_notarealkey123456"},
            timeout=10,
        )
        figures.live_key_status = response.status_code
        if response.status_code != 401:
            figures.problems.append(f"emulator answered a live key with {response.status_code}")
    finally:
        process.terminate()
        process.wait(10)


def run_key_guard(root: Path) -> GuardFigures:
    """Probe the emulator's defaults, then `pulumi up` with each kind of bad key."""
    figures = GuardFigures()
    check_emulator_defaults(figures)
    cases = {
        "no key": {"STRIPE_API_KEY": ""},
        "mistyped key": {"STRIPE_API_KEY": "sk_tset_4eC39HqLyjWDarjtT1zdp7dc"},
        "live key, stack not live": {"STRIPE_API_KEY": "sk_live_4eC39HqLyjWDarjtT1zdp7dc"},
    }
    with lab(root) as bench:
        for case, env in cases.items():
            project = bench.project(CATALOG, env=env)
            bench.emulator.clear_requests()
            call = project.run(
                "up", "--yes", "--skip-preview", "--stack", project.stack, check=False
            )
            output = call.stdout + call.stderr
            figures.requests[case] = len(bench.emulator.requests())
            errors = sorted(
                {
                    line.strip().removeprefix("error: ")
                    for line in output.splitlines()
                    if line.strip().startswith("error: ")
                    and not any(noise in line for noise in ENGINE_NOISE)
                }
            )
            figures.messages[case] = errors[0] if len(errors) == 1 else " | ".join(errors)
            if call.returncode == 0:
                figures.problems.append(f"{case}: pulumi up succeeded")
            if "Traceback" in output:
                figures.tracebacks += 1
                figures.problems.append(f"{case}: the user sees a Python traceback:\n{output}")
            if len(errors) != 1:
                figures.problems.append(f"{case}: expected one error line, got {errors}")
        for case in cases:
            if figures.requests[case]:
                figures.problems.append(f"{case}: {figures.requests[case]} Stripe requests made")
        if "cannot be a Stripe secret key" not in figures.messages["mistyped key"]:
            figures.problems.append("mistyped key: not refused by its shape")
    return figures
