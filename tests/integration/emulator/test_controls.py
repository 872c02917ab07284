"""Test controls and the process itself: request log, faults, rate limit, persistence, SIGTERM."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
import stripe

from tests.support.emulator import EmulatorProcess


def test_request_log_records_decoded_params_in_order(emulator: EmulatorProcess) -> None:
    client = emulator.client()
    product = client.v1.products.create(params={"name": "Hat", "metadata": {"k": "v"}})
    client.v1.products.retrieve(product.id, params={"expand": ["default_price"]})
    log = emulator.requests()
    assert [(r["method"], r["path"], r["status"]) for r in log] == [
        ("POST", "/v1/products", 200),
        ("GET", f"/v1/products/{product.id}", 200),
    ]
    assert log[0]["params"] == {"name": "Hat", "metadata": {"k": "v"}}
    assert log[0]["idempotency_key"]  # stripe-python sends one on every POST
    assert log[1]["params"] == {"expand": {"0": "default_price"}}
    emulator.clear_requests()
    assert emulator.requests() == []


def test_faults_at_rate_one_on_a_route_leave_state_untouched(emulator: EmulatorProcess) -> None:
    client = emulator.client()
    emulator.set_faults(1.0, ["500"], routes=[{"method": "POST", "path_prefix": "/v1/prices"}])
    product = client.v1.products.create(params={"name": "Unaffected"})
    with pytest.raises(stripe.APIError) as error:
        client.v1.prices.create(params={"product": product.id, "currency": "usd", "unit_amount": 1})
    assert error.value.http_status == 500
    assert error.value.json_body["error"]["type"] == "api_error"
    assert client.v1.prices.list().data == []  # GET is not on the faulted route
    emulator.set_faults(1.0, ["429"], routes=[{"method": "POST", "path_prefix": "/v1/prices"}])
    with pytest.raises(stripe.RateLimitError):
        client.v1.prices.create(params={"product": product.id, "currency": "usd", "unit_amount": 1})
    emulator.clear_faults()
    client.v1.prices.create(params={"product": product.id, "currency": "usd", "unit_amount": 1})
    assert len(client.v1.prices.list().data) == 1


def test_500_after_commit_then_idempotent_retry_returns_the_write(
    emulator: EmulatorProcess,
) -> None:
    client = emulator.client()
    emulator.set_faults(
        1.0, ["500-after"], routes=[{"method": "POST", "path_prefix": "/v1/products"}]
    )
    with pytest.raises(stripe.APIError):
        client.v1.products.create(params={"name": "Once"}, options={"idempotency_key": "k"})
    emulator.clear_faults()
    assert [p.name for p in client.v1.products.list().data] == ["Once"]  # the write happened
    retried = client.v1.products.create(params={"name": "Once"}, options={"idempotency_key": "k"})
    assert [p.id for p in client.v1.products.list().data] == [retried.id]


def test_dropped_connection_and_latency(emulator: EmulatorProcess) -> None:
    emulator.set_faults(1.0, ["drop"], routes=[{"method": "GET", "path_prefix": "/v1/products"}])
    with pytest.raises(stripe.APIConnectionError):
        emulator.client().v1.products.list()
    emulator.set_faults(1.0, ["latency"], latency_ms=300)
    started = time.monotonic()
    emulator.client().v1.products.list()
    assert time.monotonic() - started >= 0.3


def test_fault_flags_on_the_command_line(
    emulator_factory: Callable[..., EmulatorProcess],
) -> None:
    running = emulator_factory(
        "--fault-rate", "1.0", "--faults", "429", "--fault-route", "POST /v1/"
    )
    with pytest.raises(stripe.RateLimitError) as error:
        running.client().v1.products.create(params={"name": "x"})
    assert error.value.json_body["error"]["code"] == "rate_limit"
    assert running.client().v1.products.list().data == []


def test_rate_limit_answers_stripes_429(emulator_factory: Callable[..., EmulatorProcess]) -> None:
    # 1 request/s: 20 requests exceed it however slowly a busy machine (parallel workers) sends.
    running = emulator_factory("--rate-limit", "1")
    headers = {"Authorization": f"Bearer {running.api_key}"}
    statuses = [
        httpx.get(f"{running.base_url}/v1/products", headers=headers).status_code for _ in range(20)
    ]
    assert 429 in statuses and statuses[0] == 200
    limited = httpx.get(f"{running.base_url}/v1/products", headers=headers)
    if limited.status_code == 429:
        assert limited.json()["error"]["code"] == "rate_limit"
    running.set_rate_limit(None)
    assert httpx.get(f"{running.base_url}/v1/products", headers=headers).status_code == 200


def test_state_survives_restart_with_a_file_db(
    emulator_factory: Callable[..., EmulatorProcess], tmp_path: Path
) -> None:
    db = str(tmp_path / "stripe.sqlite")
    first = emulator_factory(db=db)
    client = first.client()
    product = client.v1.products.create(params={"name": "Kept", "id": "prod_kept"})
    price = client.v1.prices.create(
        params={"product": product.id, "currency": "usd", "unit_amount": 700, "lookup_key": "kept"}
    )
    link = client.v1.payment_links.create(
        params={"line_items": [{"price": price.id, "quantity": 1}]}
    )
    endpoint = client.v1.webhook_endpoints.create(
        params={"url": "https://example.com/h", "enabled_events": ["*"]}
    )
    with pytest.raises(stripe.InvalidRequestError):
        client.v1.prices.update(price.id, params={"unit_amount": 1})
    assert first.stop() == 0
    second = emulator_factory(db=db)
    again = second.client()
    assert again.v1.products.retrieve("prod_kept").name == "Kept"
    assert again.v1.prices.list(params={"lookup_keys": ["kept"]}).data[0].id == price.id
    reloaded = again.v1.payment_links.retrieve(link.id)
    assert reloaded.url.startswith(second.base_url)  # URLs follow the emulator's address
    assert again.v1.webhook_endpoints.retrieve(endpoint.id).url == "https://example.com/h"


def test_sigterm_stops_cleanly(emulator_factory: Callable[..., EmulatorProcess]) -> None:
    running = emulator_factory()
    running.client().v1.products.create(params={"name": "x"})
    running.process.send_signal(signal.SIGTERM)
    assert running.process.wait(10) == 0
    log = running.stderr_path.read_text() if running.stderr_path else ""
    assert "Traceback" not in log
