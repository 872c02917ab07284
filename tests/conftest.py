"""Shared fixtures: a real emulator process (`emulator`) and Stripe's own mock (`stripe_mock`).

`emulator` starts `paylinks emulator --port 0 --db :memory:` with the real CLI, reads the base
URL it prints, waits for `/_emulator/health`, and stops it with SIGTERM afterwards.

The session also checks that running the suite changes no tracked file: `git status --porcelain`
at the end must be what it was at the start, or the run fails naming the files.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

__all__ = ["EmulatorProcess", "StripeMock", "start_emulator", "stripe_mock_binary"]

REPO = Path(__file__).resolve().parent.parent
PAYLINKS = Path(sys.executable).with_name("paylinks")
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
        """Make the emulated account hold objects it doesn't serve (`account=["acct_1"]`,
        `shipping_rate=["shr_1"]`), as they exist in a real account before a catalog names them."""
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
        cwd=REPO,
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


@pytest.fixture
def emulator(tmp_path: Path) -> Iterator[EmulatorProcess]:
    """A fresh emulator process (`:memory:` db) for one test."""
    running = start_emulator(tmp=tmp_path)
    yield running
    running.stop()


@pytest.fixture
def emulator_factory(tmp_path: Path) -> Iterator[Callable[..., EmulatorProcess]]:
    """Start emulators with extra CLI flags (e.g. a file `db`); all stopped after the test."""
    started: list[EmulatorProcess] = []

    def start(*args: str, db: str = ":memory:") -> EmulatorProcess:
        running = start_emulator(*args, db=db, tmp=tmp_path)
        started.append(running)
        return running

    yield start
    for running in started:
        running.stop()


def stripe_mock_binary() -> Path | None:
    """stripe-mock from the toolchain dir (`make toolchain` / `go install`), or PATH."""
    toolchain = Path(
        os.environ.get("PAYLINKS_TOOLCHAIN", Path.home() / ".cache" / "paylinks" / "toolchain")
    )
    candidate = toolchain / "bin" / "stripe-mock"
    if candidate.exists():
        return candidate
    found = shutil.which("stripe-mock")
    return Path(found) if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class StripeMock:
    """A running stripe-mock (Stripe's stateless, schema-validating mock)."""

    process: subprocess.Popen[bytes]
    base_url: str
    api_key: str = "sk_test_123"


@pytest.fixture(scope="session")
def stripe_mock() -> Iterator[StripeMock]:
    """stripe-mock on a free loopback port (HTTP only); skipped only if the binary is missing."""
    binary = stripe_mock_binary()
    if binary is None:
        pytest.skip(
            "stripe-mock binary not found: run `make toolchain` (it builds the version pinned "
            "in toolchain/versions.env); CI always builds it"
        )
    port, https_port = _free_port(), _free_port()
    process = subprocess.Popen(
        [str(binary), "-http-addr", f"127.0.0.1:{port}", "-https-addr", f"127.0.0.1:{https_port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(f"{base_url}/v1/products", headers={"Authorization": "Bearer sk_test_123"})
            break
        except httpx.TransportError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError("stripe-mock did not start") from None
            time.sleep(0.1)
    yield StripeMock(process=process, base_url=base_url)
    process.terminate()
    process.wait(10)


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Module | None:
    """Also collect `bench_*.py` files: `pytest -m benchmark tests/benchmarks` runs them."""
    if file_path.suffix == ".py" and file_path.name.startswith("bench_"):
        return pytest.Module.from_parent(parent, path=file_path)
    return None


_GIT_STATUS_KEY = pytest.StashKey[str | None]()


def _git_status() -> str | None:
    """`git status --porcelain` of the repository (None outside a git checkout)."""
    try:
        result = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=all"],
            cwd=REPO, capture_output=True, text=True, timeout=60, check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None


def pytest_sessionstart(session: pytest.Session) -> None:
    """Remember the worktree's state, to prove at the end that the tests left it as it was."""
    session.stash[_GIT_STATUS_KEY] = _git_status()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run when a tracked (or new, not ignored) file changed while the tests ran."""
    before = session.stash.get(_GIT_STATUS_KEY, None)
    after = _git_status()
    if before is None or after is None or before == after:
        return
    changed = sorted(set(after.splitlines()) ^ set(before.splitlines()))
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
