"""Every place paylinks' dynamic-provider server relies on Pulumi internals, here (the program's
one, the SDK's per-resource debug lines, is in `program_runtime`).

Pulumi runs Python dynamic providers in a server process started by its launcher
``pulumi-resource-pulumi-python`` as ``python -u -m pulumi.dynamic ENGINE_ADDRESS`` (ours in
toolchain/launchers and Pulumi's official one alike). That server has two limits paylinks cannot
live with, and no setting for either:

* it serves at most **4 calls at once** (``grpc.server(ThreadPoolExecutor(max_workers=4))`` in
  ``pulumi/dynamic/__main__.py``), so at Stripe's ~300 ms per request 4 calls in flight reach
  ~13 req/s, half of test mode's 25 and an eighth of live mode's 100, whatever ``--parallel``;
* it never notices the engine is gone: a ``pulumi up`` killed with SIGKILL leaves it running.

The one hook the provider package has is its own import: the server unpickles the provider of the
first resource it serves, which imports `providers`, whose ``__init__`` calls `prepare`. There
(and only when ``__main__`` is that server) it widens the running server's thread pool to
`provider_threads` and starts the `engine_watch`. Both paths users take get it: the toolchain this
project builds and a user's own Pulumi CLI with the official launcher, since the mechanism lives in
the provider package, not in the launcher.

The internals relied on, all checked by ``tests/unit/test_dynamic_server.py`` so a Pulumi or grpc
upgrade that moves them fails a test loudly instead of silently serving 4 calls again:

1. the server's ``__main__`` module is named ``pulumi.dynamic.__main__``, wraps each provider
   method in ``_abort_with_traceback`` and looks ``traceback`` up in its globals at each failure:
   `report_user_errors` gives it a ``traceback`` whose ``format_exc`` is just the message for a
   `PaylinksError` (written for users, scrubbed of secrets), a bug keeping its full traceback
   (checked by ``tests/unit/providers/test_pulumi_compat.py``);
2. the server is a ``grpc._server._Server`` whose ``_state.thread_pool`` (a
   ``concurrent.futures.ThreadPoolExecutor``) is read for every call it dispatches, so putting a
   larger pool there takes effect at the next call (`widen_thread_pools`);
3. the engine's address is the server's last command-line argument (`engine_address`);
4. at preview, an input that depends on a resource not applied yet reaches a provider as a
   `pulumi.output.Unknown` object (the wire carries `pulumi.runtime.rpc.UNKNOWN`, the same string
   as `schemas.unknown.UNKNOWN`): `with_unknown_markers` turns it back into that string, the one
   form the rules and the diff understand (also checked by ``test_pulumi_compat.py``).
"""

from __future__ import annotations

import gc
import os
import sys
import threading
import traceback
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from types import ModuleType
from typing import Any

import grpc
from pulumi.output import Unknown

from schemas.unknown import UNKNOWN

from . import engine_watch
from .errors import PaylinksError

__all__ = [
    "DEFAULT_PROVIDER_THREADS",
    "SERVER_MODULE",
    "engine_address",
    "prepare",
    "provider_threads",
    "report_user_errors",
    "server_module",
    "widen_thread_pools",
    "with_unknown_markers",
]

SERVER_MODULE = "pulumi.dynamic.__main__"
"""What ``python -m pulumi.dynamic`` runs as ``__main__``."""
DEFAULT_PROVIDER_THREADS = 32
"""Calls served at once unless configured: above what 100 req/s x ~300 ms needs in flight (30)."""
THREADS_ENV = "PAYLINKS_PROVIDER_THREADS"
PARALLEL_ENV = "PULUMI_PARALLEL"

_prepared = threading.Lock()
_done = False


def server_module() -> ModuleType | None:
    """The running ``pulumi.dynamic`` server module when this process is that server, else None."""
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    if main is None or getattr(spec, "name", None) != SERVER_MODULE:
        return None
    return main


def provider_threads(environ: dict[str, str] | None = None) -> int:
    """Calls the server may run at once: ``PAYLINKS_PROVIDER_THREADS``, else the engine's
    ``PULUMI_PARALLEL`` (the provider process inherits the CLI's environment), else 32.

    A value that is not a positive integer is ignored (the default applies): this runs inside the
    provider server, where raising would fail every resource for a tuning knob.
    """
    env = os.environ if environ is None else environ
    for name in (THREADS_ENV, PARALLEL_ENV):
        raw = env.get(name, "").strip()
        if raw.isdigit() and int(raw) > 0:
            return int(raw)
    return DEFAULT_PROVIDER_THREADS


class _WidePool(ThreadPoolExecutor):
    """The pool `widen_thread_pools` gives a server (a type of its own, so it is recognised)."""

    def __init__(self, workers: int) -> None:
        super().__init__(max_workers=workers, thread_name_prefix="paylinks-provider")
        self.workers = workers


def _server_states() -> list[object]:
    """The ``_state`` of every gRPC server object alive in this process."""
    server_type = getattr(getattr(grpc, "_server", None), "_Server", None)
    if server_type is None:
        raise RuntimeError("grpc._server._Server is gone: the provider pool cannot be widened")
    states = []
    for obj in gc.get_objects():
        if isinstance(obj, server_type):
            state = getattr(obj, "_state", None)
            if isinstance(getattr(state, "thread_pool", None), ThreadPoolExecutor):
                states.append(state)
    return states


def widen_thread_pools(workers: int) -> int:
    """Give every gRPC server in this process a pool of `workers` threads; return how many
    servers now have one that large (never narrowed).

    The server reads ``_state.thread_pool`` for each call it dispatches, so the next call runs
    on the new pool; calls already running finish on the old one, which then stays idle.
    """
    states = _server_states()
    for state in states:
        pool = state.thread_pool  # type: ignore[attr-defined]
        if not (isinstance(pool, _WidePool) and pool.workers >= workers):
            state.thread_pool = _WidePool(workers)  # type: ignore[attr-defined]
    return len(states)


def engine_address(argv: list[str] | None = None) -> str | None:
    """The engine's gRPC address: the server's last ``host:port`` argument."""
    for arg in reversed(sys.argv[1:] if argv is None else argv):
        host, _, port = arg.rpartition(":")
        if host and port.isdigit() and not arg.startswith("-"):
            return arg
    return None


def prepare() -> bool:
    """In the dynamic-provider server only (once): widen its pool and watch the engine.

    Returns True when this process is the server. Called from ``providers/__init__``.
    """
    global _done
    if server_module() is None:
        return False
    with _prepared:
        if _done:
            return True
        _done = True
    threads = provider_threads()
    if widen_thread_pools(threads) == 0:
        print(
            f"paylinks: found no gRPC server pool to widen to {threads}; serving 4 calls at once",
            file=sys.stderr,
        )
    address = engine_address()
    if address:
        engine_watch.start(address)
    return True


class _TracebackForUsers:
    """The `traceback` module, except ``format_exc`` for errors meant for users."""

    def __getattr__(self, name: str) -> Any:
        return getattr(traceback, name)

    def format_exc(self, *args: Any, **kwargs: Any) -> str:
        error = sys.exc_info()[1]
        if isinstance(error, PaylinksError):
            return str(error)
        return traceback.format_exc(*args, **kwargs)


def report_user_errors(server: ModuleType | None = None) -> bool:
    """Make the provider server report a `PaylinksError` as its one line; True when patched.

    `server` defaults to the running server (`server_module`): nothing is patched in any other
    process. Patching at the first provider import covers every later call, since the server
    looks ``traceback`` up at each failure.
    """
    server = server or server_module()
    if server is None:
        return False
    if getattr(server, "traceback", None) is not traceback:
        return False  # already patched, or a Pulumi whose server no longer works this way
    server.traceback = _TracebackForUsers()  # type: ignore[attr-defined]
    return True


def with_unknown_markers(value: Any) -> Any:
    """`value` with every `pulumi.output.Unknown` replaced by the `UNKNOWN` string."""
    if isinstance(value, Unknown):
        return UNKNOWN
    if isinstance(value, Mapping):
        return {k: with_unknown_markers(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [with_unknown_markers(v) for v in value]
    return value
