"""`paylinks emulator`: run the local Stripe emulator (the default target without a Stripe
account, and the test double every test uses)."""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path
from typing import Any

from paylinks.commands.subcommand import add_subcommand, fail

__all__ = ["db_problem", "register", "run"]


def register(subparsers: Any) -> None:
    """Add the `emulator` subcommand."""
    parser = add_subcommand(
        subparsers,
        "emulator",
        run,
        help="run a local Stripe emulator (prints its base URL on the first line)",
        description="Run a local, stateful Stripe emulator speaking Stripe's v1 API. "
        "Point stripe-python at it with base_addresses={'api': URL} and any sk_test_ key.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default loopback)")
    parser.add_argument(
        "--port", type=int, default=12111, help="port to bind; 0 picks a free one (default 12111)"
    )
    parser.add_argument(
        "--db",
        default=":memory:",
        help="SQLite file keeping state across restarts (default ':memory:', forgotten on exit)",
    )
    parser.add_argument(
        "--fault-rate", type=float, default=0.0, help="fraction of API requests to fault (0..1)"
    )
    parser.add_argument(
        "--faults",
        default="429,500",
        help="comma-separated fault kinds: 429, 500, drop, latency, 500-after, drop-after",
    )
    parser.add_argument("--latency-ms", type=int, default=200, help="delay for the latency fault")
    parser.add_argument(
        "--fault-route",
        action="append",
        default=[],
        metavar="'[METHOD] /path/prefix'",
        help="only fault matching requests (repeatable), e.g. 'POST /v1/payment_links'",
    )
    parser.add_argument("--fault-seed", type=int, default=None, help="seed for repeatable faults")
    parser.add_argument(
        "--rate-limit",
        type=float,
        default=None,
        metavar="N",
        help="answer 429 rate_limit beyond N requests/s, like Stripe (25 in test mode)",
    )


def run(args: argparse.Namespace) -> int:
    """Start the emulator; flag mistakes exit 2 with one line, never a traceback."""
    from emulator.app import EmulatorConfig
    from emulator.controls import FaultPlan, parse_kinds, routes_from_flags
    from emulator.server import serve

    try:
        faults = FaultPlan(
            rate=args.fault_rate,
            kinds=parse_kinds(args.faults),
            latency_ms=args.latency_ms,
            routes=routes_from_flags(args.fault_route),
            seed=args.fault_seed,
        )
    except ValueError as error:
        return fail("emulator", str(error), 2)
    problem = db_problem(args.db)
    if problem is not None:
        return fail("emulator", problem, 2)
    config = EmulatorConfig(db=args.db, faults=faults, rate_limit=args.rate_limit)
    try:
        return serve(config, host=args.host, port=args.port)
    except OSError as error:
        return fail("emulator", f"cannot listen on {args.host}:{args.port}: {error}")


def db_problem(db: str) -> str | None:
    """Why `--db` cannot hold the emulator's state (one line saying what to do), or None.

    Opening the store checks it for real: SQLite creates a missing file, refuses a directory it
    cannot write and a file that is not a database; the server would otherwise die with a
    traceback after printing its URL.
    """
    from emulator.store import Store

    if db == ":memory:":
        return None
    path = Path(db)
    if not path.parent.is_dir():
        return (
            f"cannot use --db {db}: the directory {path.parent} does not exist; create it "
            "first or choose another path (the file itself is created if missing)"
        )
    if path.is_dir():
        example = path / "emulator.sqlite"
        return f"cannot use --db {db}: it is a directory; give a file path such as {example}"
    try:
        Store(db).close()
    except sqlite3.DatabaseError as error:
        reason = str(error)
        if "not a database" in reason:
            return (
                f"cannot use --db {db}: it is not an SQLite database; give a new file name "
                "(created on start) or a database the emulator wrote"
            )
        return f"cannot use --db {db}: SQLite says {reason!r}; check the path and its permissions"
    return None
