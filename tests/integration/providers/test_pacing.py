"""Pacing against a rate-limited emulator: provider threads sharing one bucket get no 429."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from providers import ProductProvider
from providers.pacing import forget_buckets
from tests.support.emulator import EmulatorProcess
from tests.support.providers import with_provider

LIMIT = 10


@pytest.fixture
def fresh_buckets() -> None:
    forget_buckets()  # a new provider process starts with a full (small) burst


@pytest.mark.usefixtures("fresh_buckets")
def test_four_threads_paced_to_the_limit_are_never_turned_away(
    stripe_env: EmulatorProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAYLINKS_MAX_RPS", str(LIMIT))
    stripe_env.set_rate_limit(LIMIT)
    provider = ProductProvider()
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=4) as pool:
        created = list(
            pool.map(
                lambda n: (
                    provider.create(
                        with_provider({"key": f"p-{n}", "scope": "pace", "name": f"P {n}"})
                    ).id
                ),
                range(30),
            )
        )
    elapsed = time.monotonic() - started
    stripe_env.set_rate_limit(None)
    assert len(set(created)) == 30
    statuses = [r["status"] for r in stripe_env.requests()]
    assert len(statuses) == 30 and 429 not in statuses
    assert elapsed >= (30 - 5) / LIMIT * 0.95  # the burst, then one request per 1/LIMIT s
