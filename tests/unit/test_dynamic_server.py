"""The Pulumi and grpc internals `providers.dynamic_server` relies on are still where it looks.

A Pulumi or grpc upgrade that moves one of them must fail here, loudly, rather than let the
provider quietly serve 4 calls at once again or lose its engine watch.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import grpc
import pytest

from providers import dynamic_server, engine_watch


def _server_source() -> str:
    spec = importlib.util.find_spec(dynamic_server.SERVER_MODULE)
    assert spec is not None and spec.origin, "pulumi.dynamic.__main__ is gone"
    assert spec.name == dynamic_server.SERVER_MODULE
    return Path(spec.origin).read_text()


def test_pulumis_server_still_builds_a_grpc_server_on_a_thread_pool() -> None:
    source = _server_source()
    assert "grpc.server(" in source
    assert "ThreadPoolExecutor(" in source
    assert "traceback.format_exc()" in source  # what report_user_errors replaces


def test_widening_reaches_the_pool_of_a_live_grpc_server() -> None:
    """16 slow calls on a server built like Pulumi's (4 threads): 4 at once, then 16."""
    in_flight, peak, lock = 0, 0, threading.Lock()

    def slow(_request: bytes, _context: grpc.ServicerContext) -> bytes:
        nonlocal in_flight, peak
        with lock:
            in_flight += 1
            peak = max(peak, in_flight)
        time.sleep(0.3)
        with lock:
            in_flight -= 1
        return b""

    handler = grpc.method_handlers_generic_handler(
        "t.Slow", {"Call": grpc.unary_unary_rpc_method_handler(slow)}
    )
    server = grpc.server(ThreadPoolExecutor(max_workers=4), handlers=[handler])
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    call = channel.unary_unary("/t.Slow/Call")

    def burst() -> int:
        nonlocal peak
        peak = 0
        with ThreadPoolExecutor(max_workers=16) as pool:
            list(pool.map(lambda _: call(b"", timeout=30), range(16)))
        return peak

    try:
        assert burst() == 4
        assert dynamic_server.widen_thread_pools(16) >= 1
        assert burst() == 16
    finally:
        channel.close()
        server.stop(0)


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, dynamic_server.DEFAULT_PROVIDER_THREADS),
        ({"PULUMI_PARALLEL": "48"}, 48),
        ({"PULUMI_PARALLEL": "48", "PAYLINKS_PROVIDER_THREADS": "12"}, 12),
        ({"PAYLINKS_PROVIDER_THREADS": "lots"}, dynamic_server.DEFAULT_PROVIDER_THREADS),
        ({"PULUMI_PARALLEL": "0"}, dynamic_server.DEFAULT_PROVIDER_THREADS),
    ],
)
def test_provider_threads_follow_the_settings(environ: dict[str, str], expected: int) -> None:
    assert dynamic_server.provider_threads(environ) == expected


def test_the_engine_address_is_the_last_host_port_argument() -> None:
    assert dynamic_server.engine_address(["127.0.0.1:4567"]) == "127.0.0.1:4567"
    assert dynamic_server.engine_address(["-v=9", "--logflow", "localhost:80"]) == "localhost:80"
    assert dynamic_server.engine_address([]) is None


def test_outside_the_provider_server_nothing_is_prepared() -> None:
    assert dynamic_server.server_module() is None
    assert dynamic_server.prepare() is False


def test_the_watch_calls_back_once_the_engine_stops_answering() -> None:
    server = grpc.server(ThreadPoolExecutor(max_workers=1))  # answers UNIMPLEMENTED: alive
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    gone = threading.Event()
    thread = threading.Thread(
        target=engine_watch.watch, args=(f"127.0.0.1:{port}", gone.set, 0.1, 3), daemon=True
    )
    thread.start()
    assert not gone.wait(1.0), "an answering engine was taken for gone"
    server.stop(0).wait()
    assert gone.wait(5.0), "the watch did not notice the engine was gone"


def test_exiting_survives_a_stderr_whose_reader_is_dead(monkeypatch: pytest.MonkeyPatch) -> None:
    """The provider's stderr is a pipe to the engine that was killed: printing raises EPIPE."""

    class DeadPipe:
        def write(self, _text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self) -> None:
            raise BrokenPipeError(32, "Broken pipe")

    codes: list[int] = []
    monkeypatch.setattr(sys, "stderr", DeadPipe())
    monkeypatch.setattr(os, "_exit", codes.append)
    engine_watch._exit_now()
    assert codes == [1]
