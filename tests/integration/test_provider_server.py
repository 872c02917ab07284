"""The dynamic-provider server process, driven over gRPC as the engine drives it.

The server is started exactly as both launchers start it: ours (toolchain/launchers) and
Pulumi's official one, which runs ``python -u -m pulumi.dynamic ENGINE`` without ``exec``.
The test plays the engine: a gRPC server at ENGINE (answering health checks), then concurrent
``Create`` calls of products against the emulator, which delays each product create.

* ``N`` slow calls must overlap: with the stock 4-thread pool, 16 calls of latency L take at
  least 4 L; finishing in under 2 L proves every one of them was in flight at once.
* When the engine goes away the server exits by itself within seconds.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import grpc
import pytest
from pulumi.dynamic.dynamic import serialize_provider
from pulumi.runtime import proto, rpc
from pulumi.runtime.proto import provider_pb2_grpc

from providers import ProductProvider
from tests.support.emulator import EmulatorProcess
from tests.support.paths import REPO_ROOT as REPO

LAUNCHER = REPO / "toolchain" / "launchers" / "pulumi-resource-pulumi-python"
VENV = Path(sys.executable).parent.parent
CALLS = 16
LATENCY_MS = 1500
SCOPE = "srv"


class FakeEngine:
    """A gRPC server where the engine's would be: it answers health checks (UNIMPLEMENTED,
    which the provider counts as alive, as Pulumi's own check does)."""

    def __init__(self) -> None:
        self.server = grpc.server(ThreadPoolExecutor(max_workers=2))
        self.port = self.server.add_insecure_port("127.0.0.1:0")
        self.server.start()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.stop(0).wait()


def _start_server(how: str, engine: str, env: dict[str, str]) -> subprocess.Popen[str]:
    if how == "our launcher":
        command = [str(LAUNCHER), engine]
        env = {**env, "PULUMI_RUNTIME_VIRTUALENV": str(VENV)}
    else:  # what Pulumi's official launcher runs (with its shell as the parent)
        command = ["/bin/sh", "-c", f'"{sys.executable}" -u -m pulumi.dynamic "$@"; exit $?',
                   "launcher", engine]
    return subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )


@pytest.fixture(params=["our launcher", "official launcher"])
def served(
    request: pytest.FixtureRequest, emulator: EmulatorProcess
) -> Iterator[tuple[subprocess.Popen[str], grpc.Channel, FakeEngine]]:
    engine = FakeEngine()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PULUMI_", "PAYLINKS_"))},
        "STRIPE_API_KEY": emulator.api_key,
        "STRIPE_API_BASE": emulator.base_url,
        "PAYLINKS_PROVIDER_THREADS": str(CALLS),
    }
    process = _start_server(request.param, engine.address, env)
    assert process.stdout is not None
    port = process.stdout.readline().strip()
    if not port.isdigit():
        process.kill()
        pytest.fail(f"no port from the provider server: {process.communicate()[1]}")
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    try:
        yield process, channel, engine
    finally:
        channel.close()
        engine.stop()
        if process.poll() is None:
            os.killpg(process.pid, 9)
        process.wait()


def _create_request(key: str, pickled: str) -> proto.CreateRequest:
    inputs = {"__provider": pickled, "key": key, "scope": SCOPE, "name": f"Product {key}"}
    properties = asyncio.run(rpc.serialize_properties(inputs, {}))
    urn = f"urn:pulumi:s::p::paylinks:Product::{key}"
    return proto.CreateRequest(urn=urn, properties=properties)


def test_the_server_runs_as_many_slow_calls_at_once_as_configured(
    served: tuple[subprocess.Popen[str], grpc.Channel, FakeEngine], emulator: EmulatorProcess
) -> None:
    _, channel, _ = served
    stub = provider_pb2_grpc.ResourceProviderStub(channel)
    pickled = serialize_provider(ProductProvider())
    stub.Configure(proto.ConfigureRequest(), timeout=30)
    stub.Create(_create_request("warm-up", pickled), timeout=30)  # loads `providers`
    emulator.set_faults(
        rate=1.0, kinds=["latency"], latency_ms=LATENCY_MS,
        routes=[{"method": "POST", "path_prefix": "/v1/products"}],
    )
    emulator.clear_requests()
    requests = [_create_request(f"p{i}", pickled) for i in range(CALLS)]
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=CALLS) as pool:
        ids = list(pool.map(lambda r: stub.Create(r, timeout=120).id, requests))
    elapsed = time.monotonic() - started

    assert sorted(ids) == sorted(f"prod_pl_{SCOPE}_p{i}" for i in range(CALLS))
    assert len([r for r in emulator.requests() if r["method"] == "POST"]) == CALLS
    # k calls at once need ceil(16 / k) x latency: under 2 x latency means k = 16.
    assert elapsed < 2 * LATENCY_MS / 1000, (
        f"{CALLS} calls of {LATENCY_MS} ms took {elapsed:.1f} s: fewer than {CALLS} at once"
    )


def test_the_server_exits_soon_after_the_engine_is_gone(
    served: tuple[subprocess.Popen[str], grpc.Channel, FakeEngine],
) -> None:
    process, channel, engine = served
    stub = provider_pb2_grpc.ResourceProviderStub(channel)
    stub.Configure(proto.ConfigureRequest(), timeout=30)
    stub.Create(_create_request("one", serialize_provider(ProductProvider())), timeout=30)
    time.sleep(2.5)
    assert process.poll() is None, "the server exited while the engine was still there"
    engine.stop()
    process.wait(timeout=15)  # raises TimeoutExpired if the server lingers
    assert process.returncode != 0
