"""Run the real paylinks program with the real CLI on a benchmark catalog and measure each command.

One `BenchStack` is one project directory, file backend and stack pointed at one emulator. Each
`measure` runs a pulumi command and records its wall time, the Stripe requests the emulator saw
during it (the log is cleared first) and the peak RSS of the dynamic-provider process tree.
Set-up commands (``stack init``, ``config set``) are not measured.
"""

from __future__ import annotations

import resource
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from tests.benchmarks.request_stats import RequestStats, summarise
from tests.benchmarks.rss import ProviderMemorySampler
from tests.support.emulator import EmulatorProcess
from tests.support.pulumi import CATALOG_FILE, cli_env, copy_program, write_catalog

__all__ = ["BenchStack", "Measurement"]

STACK = "bench"
COMMAND_TIMEOUT_SECONDS = 3600


@dataclass(frozen=True)
class Measurement:
    """One measured command."""

    phase: str
    """What was measured (``cold up``, ``no-op preview``...)."""
    n: int
    """Links in the catalog (3 objects each)."""
    rate_limit: float | None
    """The emulator's requests/s limit, None when unlimited."""
    variant: str
    """The engine settings (`variants.VARIANTS` key), e.g. ``default``."""
    seconds: float
    """Wall time of the CLI command."""
    cpu_seconds: float
    """CPU time (user+system) of the CLI and every process it waited for (language host,
    program, provider): steadier than wall time on a shared machine."""
    requests: RequestStats
    """Stripe requests the emulator received during the command."""
    peak_rss_bytes: int
    """Max summed RSS of the `python -m pulumi.dynamic` process tree (0: never started)."""
    started_at: float = 0.0
    """Epoch seconds the command started (to place the API work within it)."""

    @property
    def resources(self) -> int:
        """Dynamic resources in the stack (product, price and link per catalog link)."""
        return 3 * self.n


class BenchStack:
    """A project dir running the repository's program on a generated catalog."""

    def __init__(
        self,
        root: Path,
        emulator: EmulatorProcess,
        rate_limit: float | None,
        parallel: int | None = None,
        extra_env: dict[str, str] | None = None,
        variant: str = "default",
    ) -> None:
        self.emulator = emulator
        self.rate_limit = rate_limit
        self.variant = variant
        self.parallel = parallel
        (root / "state").mkdir(parents=True, exist_ok=True)
        self.directory = root / "project"
        copy_program(self.directory)
        env = {"STRIPE_API_KEY": emulator.api_key, "STRIPE_API_BASE": emulator.base_url}
        if rate_limit:  # pace as against Stripe itself (a local API base defaults to unpaced)
            env["PAYLINKS_MAX_RPS"] = f"{rate_limit:g}"
        self.env = cli_env(root, {**env, **(extra_env or {})})
        self._run("stack", "init")
        self._run("config", "set", "paylinks:catalog", CATALOG_FILE, "--plaintext")

    def write_catalog(self, text: str) -> None:
        """Replace the catalog (read by the next preview/up)."""
        write_catalog(self.directory, text)

    def _start(self, args: list[str]) -> subprocess.Popen[str]:
        return subprocess.Popen(
            ["pulumi", *args, "--non-interactive", "--color=never", "--stack", STACK],
            cwd=self.directory,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    @staticmethod
    def _finish(process: subprocess.Popen[str], args: list[str]) -> None:
        output, _ = process.communicate(timeout=COMMAND_TIMEOUT_SECONDS)
        if process.returncode != 0:
            raise RuntimeError(f"pulumi {' '.join(args)} failed:\n{output[-6000:]}")

    def _run(self, *args: str) -> None:
        self._finish(self._start(list(args)), list(args))

    def measure(self, phase: str, n: int, *args: str) -> Measurement:
        """Run `pulumi ARGS` once, measured (the request log is cleared first)."""
        self.emulator.clear_requests()
        command = list(args)
        if self.parallel is not None and args[0] in ("up", "preview", "refresh", "destroy"):
            command += ["--parallel", str(self.parallel)]
        cpu_before = _children_cpu_seconds()
        started_at = time.time()
        started = time.perf_counter()
        process = self._start(command)
        with ProviderMemorySampler(process.pid) as sampler:
            self._finish(process, command)
        seconds = time.perf_counter() - started
        cpu_seconds = _children_cpu_seconds() - cpu_before
        return Measurement(
            phase=phase,
            n=n,
            rate_limit=self.rate_limit,
            variant=self.variant,
            seconds=seconds,
            cpu_seconds=cpu_seconds,
            requests=summarise(self.emulator.requests()),
            peak_rss_bytes=sampler.peak_bytes,
            started_at=started_at,
        )

    @staticmethod
    def cli_env_for(tmp: Path) -> dict[str, str]:
        """The CLI environment benchmark stacks use (for `pulumi version` in the report)."""
        return cli_env(tmp, {})


def _children_cpu_seconds() -> float:
    """User+system CPU of every waited-for descendant so far (grandchildren count once their
    parent waited for them, which the CLI does for its plugins)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
