"""The Stripe client against real sockets: an API that is not there fails fast, naming the URL
and what to do; the account id that tells one Stripe account from another is read from a real
Stripe-shaped API (stripe-mock).
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest

from providers import stripe_client
from providers.errors import StripeCallError
from providers.stripe_target import LOCAL_EMULATOR_KEY
from tests.support.stripe_mock import StripeMock

#: stripe-python retries a refused connection 3 times (about 3.5 s of sleeps); then one probe.
FAIL_FAST_SECONDS = 8.0


class FakeConfig:
    def __init__(self, values: dict[str, str]) -> None:
        self.values = values

    def get(self, key: str) -> str | None:
        return self.values.get(key)


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def clean_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("STRIPE_API_KEY", "STRIPE_API_BASE", "PAYLINKS_LIVE", "PAYLINKS_EMULATOR_PORT"):
        monkeypatch.delenv(name, raising=False)
    stripe_client.reset_stack_config()
    yield
    stripe_client.reset_stack_config()


@pytest.mark.usefixtures("clean_settings")
def test_a_stopped_emulator_fails_within_seconds_saying_how_to_start_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    port = closed_port()
    monkeypatch.setenv("PAYLINKS_EMULATOR_PORT", str(port))
    stripe_client.configure_from_stack(FakeConfig({"paylinks:stripe": "emulator"}))
    started = time.monotonic()
    with pytest.raises(StripeCallError) as failed:
        stripe_client.call("list products", lambda client: client.v1.products.list())
    elapsed = time.monotonic() - started
    message = str(failed.value)
    assert elapsed < FAIL_FAST_SECONDS, f"took {elapsed:.1f} s to give up on a refused connection"
    assert message.startswith(
        f"list products failed: cannot reach the Stripe API at http://127.0.0.1:{port} "
        "(connection refused). The bundled emulator is not running there"
    )
    assert "`make up`" in message and f"`paylinks emulator --port {port}" in message
    assert "support@stripe.com" not in message and "\n" not in message
    assert LOCAL_EMULATOR_KEY not in message


@pytest.mark.usefixtures("clean_settings")
def test_an_unreachable_local_api_names_the_setting_that_points_there(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    port = closed_port()
    monkeypatch.setenv("STRIPE_API_KEY", "sk_test_51Habc")
    monkeypatch.setenv("STRIPE_API_BASE", f"http://127.0.0.1:{port}")
    with pytest.raises(StripeCallError) as failed:
        stripe_client.call("create product beans", lambda client: client.v1.products.list())
    message = str(failed.value)
    assert f"cannot reach the Stripe API at http://127.0.0.1:{port} (connection refused)" in message
    assert "STRIPE_API_BASE" in message


@pytest.mark.usefixtures("clean_settings")
def test_the_account_id_is_read_once_from_a_stripe_shaped_api(
    stripe_mock: StripeMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STRIPE_API_KEY", stripe_mock.api_key)
    monkeypatch.setenv("STRIPE_API_BASE", stripe_mock.base_url)
    settings = stripe_client.current_settings()
    account = stripe_client.account_id(settings)
    assert account is not None and account.startswith("acct_")
    monkeypatch.setattr(stripe_client, "call", None)  # a second lookup would fail: it is cached
    assert stripe_client.account_id(settings) == account


def test_behind_a_proxy_a_refused_direct_connection_is_not_called_unreachable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    port = closed_port()
    for name in ("http_proxy", "HTTP_PROXY"):
        monkeypatch.delenv(name, raising=False)
    assert stripe_client._unreachable_reason(f"http://127.0.0.1:{port}") == "connection refused"
    monkeypatch.setenv("http_proxy", "http://proxy.invalid:3128")
    for name in ("no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    assert stripe_client._unreachable_reason(f"http://127.0.0.1:{port}") is None
