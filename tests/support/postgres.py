"""A throwaway PostgreSQL cluster: a real shared backend for Pulumi's `postgres://` DIY backend.

`scripts/postgres.sh` (run by `make test`) installs Debian's `postgresql` when it is missing; this
module starts a private cluster from its binaries on a free loopback port, hands out one fresh
database per test, and stops and removes the cluster at the end. PostgreSQL refuses to run as
root, so as root the cluster runs as the `postgres` user (`runuser`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.ports import free_port

__all__ = ["PostgresCluster", "postgres_bin", "postgres_cluster"]

CLUSTER_USER = "postgres"


def postgres_bin() -> Path | None:
    """The directory with `initdb` and `pg_ctl`: PAYLINKS_PG_BIN, Debian's newest, or PATH."""
    if configured := os.environ.get("PAYLINKS_PG_BIN"):
        return Path(configured)
    debian = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda path: int(path.parts[-3]) if path.parts[-3].isdigit() else 0,
    )
    if debian:
        return debian[-1].parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


@dataclass
class PostgresCluster:
    """A running cluster: `database()` creates a fresh database and returns its backend URL."""

    bin_dir: Path
    data_dir: Path
    port: int

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = list(args)
        if os.geteuid() == 0:
            command = ["runuser", "-u", CLUSTER_USER, "--", *command]
        return subprocess.run(
            command, capture_output=True, text=True, timeout=120, check=False, cwd="/"
        )

    def _check(self, *args: str) -> str:
        result = self._run(*args)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed:\n{result.stdout}{result.stderr}")
        return result.stdout

    def psql(self, database: str, sql: str) -> str:
        """Run SQL in DATABASE and return its unaligned output (for assertions on the state)."""
        return self._check(
            str(self.bin_dir / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
            "-d", database, "-tAc", sql,
        )

    def database(self) -> tuple[str, str]:
        """A new empty database: (name, Pulumi backend URL)."""
        name = f"paylinks_{uuid.uuid4().hex[:12]}"
        self._check(
            str(self.bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port),
            "-U", "postgres", name,
        )
        return name, f"postgres://postgres@127.0.0.1:{self.port}/{name}?sslmode=disable"

    def start(self) -> None:
        """initdb (trust auth, loopback only) and start; wait until it accepts connections."""
        self._check(
            str(self.bin_dir / "initdb"), "-D", str(self.data_dir), "-A", "trust", "-U", "postgres",
            "-E", "UTF8", "--no-sync",
        )
        options = (
            f"-p {self.port} -k {self.data_dir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c full_page_writes=off"
        )
        self._check(
            str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-o", options,
            "-l", str(self.data_dir / "server.log"), "-w", "-t", "60", "start",
        )

    def stop(self) -> None:
        """Stop the server at once (the data is thrown away)."""
        self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", "immediate",
                  "-w", "stop")


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    """One private PostgreSQL server for the session, removed afterwards."""
    bin_dir = postgres_bin()
    if bin_dir is None or not (bin_dir / "initdb").exists():
        pytest.fail(
            "no PostgreSQL server binaries (initdb): run scripts/postgres.sh (`make test` does) "
            "or set PAYLINKS_PG_BIN"
        )
    # Under /tmp itself: the `postgres` user can't enter pytest's root-only tmp directories.
    data_dir = Path(tempfile.mkdtemp(prefix="paylinks-pg-"))
    if os.geteuid() == 0:
        shutil.chown(data_dir, CLUSTER_USER, CLUSTER_USER)
    cluster = PostgresCluster(bin_dir=bin_dir, data_dir=data_dir / "data", port=free_port())
    if os.geteuid() == 0:
        cluster.data_dir.mkdir(mode=0o700)
        shutil.chown(cluster.data_dir, CLUSTER_USER, CLUSTER_USER)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
