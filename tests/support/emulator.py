"""A real `paylinks emulator` process on a free loopback port, and its test controls.

`start_emulator` runs the real CLI (`paylinks emulator --port 0 --db :memory:`), reads the base URL
it prints and waits for `/_emulator/health`; `stop` sends SIGTERM.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from tests.support.paths import PAYLINKS, REPO_ROOT

#: The key tests use against the emulator (a fixed test key, never a real one).
TEST_KEY = "sk_test_emulator_fixture_key"


@dataclass
class EmulatorProcess:
    """A running `paylinks emulator`: its URL, a valid test key, and its test controls."""

    process: subprocess.Popen[str]
    base_url: str
    api_key: str = TEST_KEY
    stderr_path: Path | None = None
    _http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=10))

    def requests(self) -> list[dict[str, Any]]:
        """The emulator's request log (`GET /_emulator/requests`)."""
        response = self._http.get(f"{self.base_url}/_emulator/requests")
        response.raise_for_status()
        return list(response.json())

    def clear_requests(self) -> None:
        """Empty the request log."""
        self._http.delete(f"{self.base_url}/_emulator/requests").raise_for_status()

    def set_faults(
        self,
        rate: float = 1.0,
        kinds: tuple[str, ...] | list[str] = ("500",),
        *,
        routes: list[dict[str, str]] | None = None,
        latency_ms: int = 200,
        seed: int | None = None,
    ) -> dict[str, Any]:
        """Inject faults (`routes`: `[{"method": "POST", "path_prefix": "/v1/prices"}]`)."""
        response = self._http.post(
            f"{self.base_url}/_emulator/faults",
            json={
                "rate": rate,
                "kinds": list(kinds),
                "routes": routes or [],
                "latency_ms": latency_ms,
                "seed": seed,
            },
        )
        response.raise_for_status()
        return dict(response.json())

    def clear_faults(self) -> None:
        """Stop injecting faults."""
        self._http.delete(f"{self.base_url}/_emulator/faults").raise_for_status()

    def set_rate_limit(self, per_second: float | None) -> None:
        """Answer 429 beyond `per_second` requests/s (None: unlimited)."""
        self._http.post(
            f"{self.base_url}/_emulator/rate_limit", json={"per_second": per_second}
        ).raise_for_status()

    def add_objects(self, **ids: list[str]) -> list[dict[str, Any]]:
        """Make the emulated account hold objects it doesn't serve (`account=["acct_1"]`), as
        they exist in a real account before a catalog names them."""
        response = self._http.post(f"{self.base_url}/_emulator/objects", json=ids)
        response.raise_for_status()
        return list(response.json())

    def client(self, **options: Any) -> Any:
        """A stripe-python client pointed at this emulator (no SDK retries unless asked)."""
        import stripe

        return stripe.StripeClient(self.api_key, base_addresses={"api": self.base_url}, **options)

    def stop(self, timeout: float = 10) -> int:
        """SIGTERM, wait, and return the exit code (kills only if it hangs)."""
        self._http.close()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return int(self.process.returncode)


def start_emulator(*args: str, db: str = ":memory:", tmp: Path | None = None) -> EmulatorProcess:
    """Start the emulator with the real CLI on a free loopback port; wait until healthy."""
    stderr_path = (
        tmp or Path(os.environ.get("TMPDIR", "/tmp"))
    ) / f"emulator-{os.getpid()}-{time.monotonic_ns()}.log"
    stderr = stderr_path.open("w")
    process = subprocess.Popen(
        [str(PAYLINKS), "emulator", "--host", "127.0.0.1", "--port", "0", "--db", db, *args],
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
        cwd=REPO_ROOT,
    )
    assert process.stdout is not None
    base_url = process.stdout.readline().strip()
    if not base_url.startswith("http://"):
        process.kill()
        raise RuntimeError(f"emulator did not print its URL: {stderr_path.read_text()}")
    deadline = time.monotonic() + 15
    while True:
        try:
            if httpx.get(f"{base_url}/_emulator/health", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            raise RuntimeError(f"emulator never became healthy: {stderr_path.read_text()}")
        time.sleep(0.05)
    return EmulatorProcess(process=process, base_url=base_url, stderr_path=stderr_path)


def account_ids(emulator: EmulatorProcess, *more: str) -> dict[str, set[str]]:
    """Every object id per kind in the emulator (active or not): duplicates would show here.

    Products, prices, payment links and webhook endpoints, plus the `more` sections named like
    their stripe-python service (``coupons``, ``promotion_codes``, ``shipping_rates``)."""
    client = emulator.client()
    services = {
        "products": client.v1.products,
        "prices": client.v1.prices,
        "payment_links": client.v1.payment_links,
        "webhook_endpoints": client.v1.webhook_endpoints,
        **{section: getattr(client.v1, section) for section in more},
    }
    return {
        kind: {obj.id for obj in service.list(params={"limit": 100}).auto_paging_iter()}
        for kind, service in services.items()
    }
