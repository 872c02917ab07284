"""The customer's side of the emulator: a shop (products, prices, links made through the real
API, paid through the HTML form) and a local webhook receiver that records what it gets."""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

import httpx

from tests.support.emulator import EmulatorProcess

#: A French shipping address as the payment form sends it (links that ship to FR ask for one).
FRENCH_ADDRESS = {
    "shipping-name": "Jo Martin",
    "shipping-line1": "12 rue des Lilas",
    "shipping-city": "Lyon",
    "shipping-postal_code": "69003",
    "shipping-country": "FR",
}


@dataclass
class Received:
    """One webhook POST as the receiver got it."""

    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class WebhookReceiver:
    """A local HTTP server that records POSTs and answers with scripted statuses."""

    url: str
    received: list[Received] = field(default_factory=list)
    #: Statuses for the next requests, in order; 200 once used up.
    statuses: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_for(self, count: int, timeout: float = 10) -> list[Received]:
        """Block until `count` requests arrived (fails the test after `timeout`)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.received) >= count:
                    return list(self.received)
            time.sleep(0.02)
        raise AssertionError(f"webhook receiver got {len(self.received)} of {count} requests")


def receiver_handler(receiver: WebhookReceiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with receiver.lock:
                receiver.received.append(
                    Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                )
                status = receiver.statuses.pop(0) if receiver.statuses else 200
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: pytest shows failures, not every request."""

    return Handler


@dataclass
class Shop:
    """Make catalog objects through the emulator's API and pay through its pages."""

    emulator: EmulatorProcess
    client: Any
    http: httpx.Client

    def price(self, name: str = "House Blend, 250 g", **params: Any) -> Any:
        """A product and one price for it (`currency` eur and `unit_amount` 1400 unless given)."""
        product = self.client.v1.products.create(
            params={"name": name, "description": f"About {name}"}
        )
        if "custom_unit_amount" not in params:
            params.setdefault("unit_amount", 1400)
        params.setdefault("currency", "eur")
        return self.client.v1.prices.create(params={"product": product.id, **params})

    def link(self, *prices: Any, **params: Any) -> Any:
        """A payment link selling `prices` (quantity 1 each unless `line_items` is given)."""
        params.setdefault("line_items", [{"price": p.id, "quantity": 1} for p in prices])
        return self.client.v1.payment_links.create(params=params)

    def item_ids(self, link: Any) -> list[str]:
        """The link's line item ids, in order (form fields are `quantity-<id>`)."""
        return [item.id for item in self.client.v1.payment_links.line_items.list(link.id).data]

    def endpoint(self, url: str, events: list[str] | None = None) -> Any:
        """A webhook endpoint (the create response carries `secret`)."""
        return self.client.v1.webhook_endpoints.create(
            params={"url": url, "enabled_events": events or ["checkout.session.completed"]}
        )

    def pay(self, link: Any, **form: str) -> httpx.Response:
        """Submit the payment form (email and card by default); redirects are not followed."""
        form.setdefault("email", "jo@customer.example")
        form.setdefault("payment_method", "card")
        return self.http.post(link.url, data=form)

    def session_of(self, response: httpx.Response) -> Any:
        """The Checkout Session a successful payment redirected for."""
        assert response.status_code == 303, response.text
        found = re.search(r"cs_test_[A-Za-z0-9]+", response.headers["location"])
        assert found, response.headers["location"]
        return self.client.v1.checkout.sessions.retrieve(found.group(0))

    def set_retry_delays(self, *delays: float, timeout: float = 2.0) -> None:
        """Shorten the webhook retry schedule for a test."""
        self.http.post(
            f"{self.emulator.base_url}/_emulator/deliveries/policy",
            json={"delays": list(delays), "timeout": timeout},
        ).raise_for_status()

    def deliveries(self, **filters: str) -> dict[str, Any]:
        """`GET /_emulator/deliveries` (`{"data": [...], "pending": n}`)."""
        response = self.http.get(f"{self.emulator.base_url}/_emulator/deliveries", params=filters)
        response.raise_for_status()
        return dict(response.json())

    def wait_deliveries_idle(self, timeout: float = 15) -> list[dict[str, Any]]:
        """Wait until no delivery is scheduled or in flight; return every attempt."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            log = self.deliveries()
            if log["pending"] == 0 and log["data"]:
                return list(log["data"])
            time.sleep(0.05)
        raise AssertionError(f"deliveries still pending: {self.deliveries()}")

    def settle(self, session_id: str, outcome: str | None = None) -> httpx.Response:
        """`POST /_emulator/checkout/sessions/{id}/settle`."""
        body = {"outcome": outcome} if outcome else {}
        return self.http.post(
            f"{self.emulator.base_url}/_emulator/checkout/sessions/{session_id}/settle",
            json=body,
        )


