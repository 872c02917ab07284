"""Providers called directly, as the Pulumi engine would, against a real emulator process."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from providers import stripe_client
from providers.adoption import forget_all_indexes
from providers.base import PROVIDER_KEY
from tests.conftest import EmulatorProcess


@pytest.fixture
def stripe_env(
    emulator: EmulatorProcess, monkeypatch: pytest.MonkeyPatch
) -> Iterator[EmulatorProcess]:
    """Point the providers at a fresh emulator, as a fresh provider process would start."""
    monkeypatch.setenv("STRIPE_API_KEY", emulator.api_key)
    monkeypatch.setenv("STRIPE_API_BASE", emulator.base_url)
    monkeypatch.delenv("PAYLINKS_LIVE", raising=False)
    stripe_client.reset_stack_config()
    forget_all_indexes()
    yield emulator
    forget_all_indexes()


def with_provider(inputs: dict[str, Any]) -> dict[str, Any]:
    """Inputs as the engine passes them (with the pickled provider)."""
    return {**inputs, PROVIDER_KEY: "pickled-provider"}
