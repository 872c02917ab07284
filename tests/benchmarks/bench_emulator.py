"""Sustained emulator throughput for the writes a deploy makes: create-price and
create-payment-link, from 4 concurrent clients against a real emulator process.
Prints req/s and the ratio to Stripe's test-mode rate limit (25 req/s)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import httpx
import pytest

from tests.support.emulator import EmulatorProcess

pytestmark = pytest.mark.benchmark

CLIENTS = 4
SECONDS = 5.0
STRIPE_TEST_MODE_LIMIT = 25.0


def _measure(emulator: EmulatorProcess, request: Callable[[httpx.Client], httpx.Response]) -> float:
    """Run `request` from CLIENTS threads for SECONDS; return successful requests per second."""
    counts = [0] * CLIENTS
    failures: list[str] = []
    stop_at = time.monotonic() + SECONDS

    def worker(index: int) -> None:
        headers = {"Authorization": f"Bearer {emulator.api_key}"}
        with httpx.Client(base_url=emulator.base_url, headers=headers, timeout=10) as http:
            while time.monotonic() < stop_at:
                response = request(http)
                if response.status_code == 200:
                    counts[index] += 1
                else:
                    failures.append(response.text)

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    assert not failures, failures[:3]
    return sum(counts) / elapsed


def test_create_price_and_payment_link_throughput(emulator: EmulatorProcess) -> None:
    with httpx.Client(
        base_url=emulator.base_url, headers={"Authorization": f"Bearer {emulator.api_key}"}
    ) as http:
        product = http.post("/v1/products", data={"name": "Bench"}).json()["id"]
        price = http.post(
            "/v1/prices", data={"product": product, "currency": "usd", "unit_amount": "100"}
        ).json()["id"]
    figures = {
        "create-price": _measure(
            emulator,
            lambda http: http.post(
                "/v1/prices", data={"product": product, "currency": "usd", "unit_amount": "100"}
            ),
        ),
        "create-payment-link": _measure(
            emulator,
            lambda http: http.post(
                "/v1/payment_links",
                data={"line_items[0][price]": price, "line_items[0][quantity]": "1"},
            ),
        ),
    }
    for name, per_second in figures.items():
        print(
            f"\n{name}: {per_second:.0f} req/s from {CLIENTS} clients "
            f"({per_second / STRIPE_TEST_MODE_LIMIT:.1f}x Stripe's test-mode limit of "
            f"{STRIPE_TEST_MODE_LIMIT:.0f} req/s)"
        )
    assert min(figures.values()) >= 250
