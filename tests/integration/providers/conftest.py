"""Providers called directly, as the Pulumi engine would, against a real emulator process.

Every test's requests are then replayed against stripe-mock (Stripe's own schema oracle): a
request the emulator accepted but real Stripe would refuse fails the test at teardown.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from providers import priced_products, stripe_client
from providers.adoption import forget_all_indexes
from tests.stripe_replay import schema_errors
from tests.support.emulator import EmulatorProcess
from tests.support.stripe_mock import stripe_mock_binary


@pytest.fixture
def stripe_env(
    emulator: EmulatorProcess, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Iterator[EmulatorProcess]:
    """Point the providers at a fresh emulator, as a fresh provider process would start."""
    monkeypatch.setenv("STRIPE_API_KEY", emulator.api_key)
    monkeypatch.setenv("STRIPE_API_BASE", emulator.base_url)
    monkeypatch.delenv("PAYLINKS_LIVE", raising=False)
    stripe_client.reset_stack_config()
    forget_all_indexes()
    priced_products.forget()
    mock = request.getfixturevalue("stripe_mock") if stripe_mock_binary() is not None else None
    sent: list[dict[str, Any]] = []
    original_clear = emulator.clear_requests

    def clear_but_keep_for_replay() -> None:
        sent.extend(emulator.requests())
        original_clear()

    monkeypatch.setattr(emulator, "clear_requests", clear_but_keep_for_replay)
    yield emulator
    forget_all_indexes()
    sent.extend(emulator.requests())
    if mock is not None:
        refused = schema_errors(sent, mock.base_url, mock.api_key)
        assert refused == [], "stripe-mock refused requests:\n" + "\n".join(map(str, refused))

