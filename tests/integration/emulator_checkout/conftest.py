"""Fixtures for the customer's side of the emulator: a shop (products, prices, links made
through the real API), a local webhook receiver, and helpers to pay through the HTML form.

Everything goes over real HTTP to a real emulator process (the `emulator` fixture).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from http.server import ThreadingHTTPServer

import httpx
import pytest

from tests.support.checkout import Shop, WebhookReceiver, receiver_handler
from tests.support.emulator import EmulatorProcess


@pytest.fixture
def receiver_factory() -> Iterator[Callable[[], WebhookReceiver]]:
    """Start webhook receivers on free loopback ports; all stopped after the test."""
    servers: list[ThreadingHTTPServer] = []

    def start() -> WebhookReceiver:
        receiver = WebhookReceiver(url="")
        server = ThreadingHTTPServer(("127.0.0.1", 0), receiver_handler(receiver))
        receiver.url = f"http://127.0.0.1:{server.server_address[1]}/stripe/webhook"
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return receiver

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def receiver(receiver_factory: Callable[[], WebhookReceiver]) -> WebhookReceiver:
    """One webhook receiver."""
    return receiver_factory()


@pytest.fixture
def shop(emulator: EmulatorProcess) -> Iterator[Shop]:
    """A `Shop` on a fresh emulator."""
    with httpx.Client(timeout=10) as http:
        yield Shop(emulator=emulator, client=emulator.client(), http=http)
