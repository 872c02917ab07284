"""Every place paylinks reaches into Pulumi's dynamic-provider server, in one module.

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

1. the server's ``__main__`` module is named ``pulumi.dynamic.__main__`` and looks ``traceback``
   up in its globals (`server_module`, used by `error_reporting`);
2. the server is a ``grpc._server._Server`` whose ``_state.thread_pool`` (a
   ``concurrent.futures.ThreadPoolExecutor``) is read for every call it dispatches, so putting a
   larger pool there takes effect at the next call (`widen_thread_pools`);
3. the engine's address is the server's last command-line argument (`engine_address`).
"""

from __future__ import annotations

import gc
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from types import ModuleType

import grpc

from . import engine_watch

__all__ = [
    "DEFAULT_PROVIDER_THREADS",
    "SERVER_MODULE",
    "engine_address",
    "prepare",
    "provider_threads",
    "server_module",
    "widen_thread_pools",
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
