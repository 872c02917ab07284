"""Stripe's own mock (stripe-mock): stateless, but it validates every request against Stripe's
OpenAPI spec, so it tells us whether real Stripe would accept what we send."""

from __future__ import annotations

import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.support.paths import toolchain_bin
from tests.support.ports import free_port

MOCK_KEY = "sk_test_123"


def stripe_mock_binary() -> Path | None:
    """stripe-mock from the toolchain dir (`make toolchain` / `go install`), or PATH."""
    candidate = toolchain_bin() / "stripe-mock"
    if candidate.exists():
        return candidate
    found = shutil.which("stripe-mock")
    return Path(found) if found else None


@dataclass
class StripeMock:
    """A running stripe-mock (Stripe's stateless, schema-validating mock)."""

    process: subprocess.Popen[bytes]
    base_url: str
    api_key: str = MOCK_KEY

    def stop(self) -> None:
        """SIGTERM and wait."""
        self.process.terminate()
        self.process.wait(10)


def start_stripe_mock(binary: Path) -> StripeMock:
    """stripe-mock on free loopback ports (HTTP is used), waited for until it answers."""
    port, https_port = free_port(), free_port()
    process = subprocess.Popen(
        [str(binary), "-http-addr", f"127.0.0.1:{port}", "-https-addr", f"127.0.0.1:{https_port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(f"{base_url}/v1/products", headers={"Authorization": f"Bearer {MOCK_KEY}"})
            break
        except httpx.TransportError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError("stripe-mock did not start") from None
            time.sleep(0.1)
    return StripeMock(process=process, base_url=base_url)
