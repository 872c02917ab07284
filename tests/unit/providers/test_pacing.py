"""The token bucket and the pacing rate rules (pure logic: the clock is injected)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from providers import stripe_client
from providers.errors import ConfigurationError
from providers.pacing import (
    LIVE_MODE_RATE,
    TEST_MODE_RATE,
    TokenBucket,
    burst_for,
    forget_buckets,
    resolve_rate,
    shared_bucket,
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_a_fresh_bucket_lets_the_burst_through_then_spaces_requests_by_one_over_rate() -> None:
    clock = FakeClock()
    bucket = TokenBucket(rate=10, burst=3, clock=clock)
    waits = [bucket.reserve() for _ in range(6)]
    assert waits == pytest.approx([0, 0, 0, 0.1, 0.2, 0.3])


def test_tokens_refill_with_time_but_never_beyond_the_burst() -> None:
    clock = FakeClock()
    bucket = TokenBucket(rate=10, burst=2, clock=clock)
    assert [bucket.reserve() for _ in range(2)] == [0, 0]
    clock.now += 0.1
    assert bucket.reserve() == 0  # one token back after 1/rate
    clock.now += 60  # a long quiet spell refills to the burst only
    assert [bucket.reserve() for _ in range(3)] == pytest.approx([0, 0, 0.1])


def test_acquire_sleeps_out_the_wait_so_the_sustained_rate_is_the_configured_one() -> None:
    clock = FakeClock()
    bucket = TokenBucket(rate=25, burst=5, clock=clock, sleep=clock.sleep)
    start = clock.now
    for _ in range(105):
        bucket.acquire()
    # 5 sent at once, then 100 more at 25/s
    assert clock.now - start == pytest.approx(100 / 25)
    assert all(s == pytest.approx(1 / 25) for s in clock.slept)


def test_threads_sharing_a_bucket_each_get_a_distinct_slot() -> None:
    clock = FakeClock()  # frozen: every thread reserves at the same instant
    bucket = TokenBucket(rate=20, burst=4, clock=clock)
    waits: list[float] = []
    lock = threading.Lock()

    def take() -> None:
        for _ in range(25):
            wait = bucket.reserve()
            with lock:
                waits.append(wait)

    threads = [threading.Thread(target=take) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    expected = [0.0] * 4 + [n / 20 for n in range(1, 8 * 25 - 4 + 1)]
    assert sorted(waits) == pytest.approx(expected)


def test_a_clock_going_backwards_never_mints_tokens() -> None:
    clock = FakeClock()
    bucket = TokenBucket(rate=10, burst=1, clock=clock)
    assert bucket.reserve() == 0
    clock.now -= 5
    assert bucket.reserve() == pytest.approx(0.1)


@pytest.mark.parametrize(("rate", "burst"), [(0, 1), (-1, 1), (10, 0.5)])
def test_a_bucket_needs_a_positive_rate_and_room_for_one_request(rate: float, burst: float) -> None:
    with pytest.raises(ValueError):
        TokenBucket(rate, burst)


def test_burst_is_small_and_at_most_one_second_of_requests() -> None:
    assert burst_for(TEST_MODE_RATE) == 5
    assert burst_for(LIVE_MODE_RATE) == 5
    assert burst_for(2) == 2
    assert burst_for(0.5) == 1


@pytest.mark.parametrize(
    ("configured", "api_base", "live", "expected"),
    [
        (None, None, False, TEST_MODE_RATE),
        (None, None, True, LIVE_MODE_RATE),
        ("", "https://api.stripe.com", False, TEST_MODE_RATE),
        (None, "http://127.0.0.1:12111", False, None),
        (None, "http://localhost:8420", False, None),
        (None, "http://[::1]:8420", False, None),
        ("25", "http://127.0.0.1:12111", False, 25.0),
        ("0", None, True, None),
        ("7.5", None, False, 7.5),
        (" 40 ", None, True, 40.0),
    ],
)
def test_rate_defaults_by_mode_unlimited_locally_and_config_wins(
    configured: str | None, api_base: str | None, live: bool, expected: float | None
) -> None:
    assert resolve_rate(configured, api_base, live) == expected


@pytest.mark.parametrize("configured", ["fast", "-1", "nan", "inf"])
def test_a_bad_rate_is_a_configuration_error_not_a_silent_default(configured: str) -> None:
    with pytest.raises(ConfigurationError, match="maxRequestsPerSecond"):
        resolve_rate(configured, None, False)


def test_one_bucket_per_account_and_rate_shared_process_wide() -> None:
    forget_buckets()
    first = shared_bucket("acct-a", 25)
    assert shared_bucket("acct-a", 25) is first
    assert shared_bucket("acct-b", 25) is not first
    assert shared_bucket("acct-a", 100) is not first
    forget_buckets()
    assert shared_bucket("acct-a", 25) is not first


class FakeConfig:
    def __init__(self, values: dict[str, str]) -> None:
        self.values = values

    def get(self, key: str) -> str | None:
        return self.values.get(key)


@pytest.fixture
def clean_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    stripe_client.reset_stack_config()
    for name in ("STRIPE_API_KEY", "STRIPE_API_BASE", "PAYLINKS_LIVE", "PAYLINKS_MAX_RPS"):
        monkeypatch.delenv(name, raising=False)
    yield
    stripe_client.reset_stack_config()


@pytest.mark.usefixtures("clean_settings")
def test_settings_pace_stripe_by_mode_and_leave_a_local_emulator_unpaced(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("STRIPE_API_KEY", "sk_test_1")
    assert stripe_client.current_settings().max_rps == TEST_MODE_RATE
    monkeypatch.setenv("STRIPE_API_BASE", "http://127.0.0.1:12180")
    assert stripe_client.current_settings().max_rps is None
    monkeypatch.setenv("PAYLINKS_MAX_RPS", "25")  # a rate-limited emulator, paced like Stripe
    assert stripe_client.current_settings().max_rps == 25


@pytest.mark.usefixtures("clean_settings")
def test_stack_config_rate_wins_over_environment_and_zero_means_unpaced(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("STRIPE_API_KEY", "sk_live_1")
    monkeypatch.setenv("PAYLINKS_MAX_RPS", "50")
    stripe_client.configure_from_stack(FakeConfig({"paylinks:live": "true"}))
    assert stripe_client.current_settings().max_rps == 50
    stripe_client.configure_from_stack(
        FakeConfig({"paylinks:live": "true", "paylinks:maxRequestsPerSecond": "0"})
    )
    assert stripe_client.current_settings().max_rps is None
    monkeypatch.delenv("PAYLINKS_MAX_RPS")
    stripe_client.configure_from_stack(FakeConfig({"paylinks:live": "true"}))
    assert stripe_client.current_settings().max_rps == LIVE_MODE_RATE
