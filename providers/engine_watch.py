"""Exit the provider process within seconds of losing the Pulumi engine.

The engine normally stops its provider processes itself. Killed with SIGKILL (a CI timeout, the
OOM killer, ``kill -9`` of its process group) it cannot, and the provider, in its own process
group, would run on forever holding ~80 MB. Pulumi's own Go providers poll the engine's standard
gRPC health service (``rpcutil.Healthcheck``); this is the same check for the Python server, asked
every second: the engine answering anything (even UNIMPLEMENTED) means it is alive, a refused
connection means it is gone. Only refusals count, and only a few in a row, so a CPU-starved but
alive engine that answers slowly is never mistaken for a dead one.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections.abc import Callable

import grpc

__all__ = ["CHECK_INTERVAL_SECONDS", "GONE_AFTER_REFUSALS", "engine_alive", "start"]

CHECK_INTERVAL_SECONDS = 1.0
GONE_AFTER_REFUSALS = 3
"""Consecutive refused checks before the engine counts as gone (~3 s after it died)."""
_HEALTH_CHECK = "/grpc.health.v1.Health/Check"
_CHECK_TIMEOUT_SECONDS = 10.0


def _identity(data: bytes) -> bytes:
    return data


def engine_alive(channel: grpc.Channel) -> bool:
    """One health check; False only when nothing answers at the engine's address."""
    check = channel.unary_unary(
        _HEALTH_CHECK, request_serializer=_identity, response_deserializer=_identity
    )
    try:
        check(b"", timeout=_CHECK_TIMEOUT_SECONDS)  # an empty HealthCheckRequest
    except grpc.RpcError as error:
        code = error.code() if isinstance(error, grpc.Call) else None
        return code != grpc.StatusCode.UNAVAILABLE
    return True


def _exit_now() -> None:
    with contextlib.suppress(OSError):  # stderr is a pipe to the dead engine: it may be broken
        print("paylinks provider: the Pulumi engine is gone; exiting", file=sys.stderr, flush=True)
    os._exit(1)  # no cleanup to wait for: every Stripe write is idempotent and adoption-safe


def watch(
    address: str,
    on_gone: Callable[[], None] = _exit_now,
    interval: float = CHECK_INTERVAL_SECONDS,
    refusals: int = GONE_AFTER_REFUSALS,
) -> None:
    """Check the engine at `address` every `interval` s; call `on_gone` after `refusals`
    consecutive refusals, then return."""
    with grpc.insecure_channel(address) as channel:
        missed = 0
        while True:
            time.sleep(interval)
            missed = 0 if engine_alive(channel) else missed + 1
            if missed >= refusals:
                on_gone()
                return


def start(address: str) -> threading.Thread:
    """Watch the engine at `address` from a daemon thread."""
    thread = threading.Thread(
        target=watch, args=(address,), name="paylinks-engine-watch", daemon=True
    )
    thread.start()
    return thread
