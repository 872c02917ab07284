"""Idempotency keys, secret scrubbing, retry policy, and the live-key guard (pure logic)."""

from __future__ import annotations

import pytest
import stripe

from providers import stripe_client
from providers.errors import ConfigurationError, StripeCallError
from providers.idempotency import create_key, one_call_key
from providers.retry import BackoffPolicy
from providers.secrets import scrub_secrets


def test_create_keys_are_deterministic_and_depend_on_every_part() -> None:
    params = {"unit_amount": 100, "currency": "usd"}
    key = create_key("price", "dev", "pro", params)
    assert key == create_key("price", "dev", "pro", dict(reversed(params.items())))
    assert len(key) <= 255
    assert key != create_key("price", "prod", "pro", params)
    assert key != create_key("price", "dev", "basic", params)
    assert key != create_key("price", "dev", "pro", {**params, "unit_amount": 200})
    assert key != create_key("price", "dev", "pro", params, salt="price_gone")


def test_update_keys_never_repeat_across_calls() -> None:
    assert one_call_key("payment_link", "update") != one_call_key("payment_link", "update")


@pytest.mark.parametrize(
    "secret", ["sk_test_51Habc123", "sk_live_XYZ", "rk_test_abc", "rk_live_q1", "whsec_abcDEF0"]
)
def test_secrets_are_scrubbed_from_messages(secret: str) -> None:
    text = scrub_secrets(f"Invalid API Key provided: {secret} (see docs)")
    assert secret not in text
    assert "[redacted]" in text


def test_key_kinds_named_in_a_message_stay_readable() -> None:
    advice = "Expected sk_test_…, sk_live_…, rk_test_… or rk_live_… followed by letters and digits"
    assert scrub_secrets(advice) == advice


def test_stripe_errors_become_one_scrubbed_line_naming_action_and_param() -> None:
    error = stripe.InvalidRequestError(
        "Invalid key sk_test_123456 for\nline_items[0][price]",
        param="line_items[0][price]",
        code="resource_missing",
        http_status=400,
        json_body={
            "error": {
                "message": "No such price: 'price_x'; key sk_test_123456",
                "param": "line_items[0][price]",
                "code": "resource_missing",
            }
        },
    )
    failure = StripeCallError.from_stripe("create payment link sale", error)
    text = str(failure)
    assert "\n" not in text
    assert text.startswith("create payment link sale failed: No such price")
    assert "param: line_items[0][price]" in text and "HTTP 400" in text
    assert "sk_test_123456" not in text
    assert failure.code == "resource_missing"


def test_backoff_retries_only_429s_with_capped_growing_jittered_waits() -> None:
    policy = BackoffPolicy(max_retries=5, base_delay=0.5, max_delay=4.0)
    assert policy.should_retry(429, 0) and policy.should_retry(429, 4)
    assert not policy.should_retry(429, 5)
    assert not policy.should_retry(500, 0) and not policy.should_retry(400, 0)
    assert [policy.ceiling(n) for n in range(6)] == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]
    assert policy.delay(3, rand=lambda: 0.5) == 2.0
    assert policy.delay(3, rand=lambda: 0.0) == 0.0


@pytest.fixture
def clean_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    stripe_client.reset_stack_config()
    for name in ("STRIPE_API_KEY", "STRIPE_API_BASE", "PAYLINKS_LIVE"):
        monkeypatch.delenv(name, raising=False)


class FakeConfig:
    def __init__(self, values: dict[str, str]) -> None:
        self.values = values

    def get(self, key: str) -> str | None:
        return self.values.get(key)


@pytest.mark.usefixtures("clean_settings")
def test_live_key_refused_unless_the_stack_is_marked_live(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRIPE_API_KEY", "sk_live_abcdef")
    with pytest.raises(ConfigurationError, match="live") as refused:
        stripe_client.current_settings()
    assert "sk_live_abcdef" not in str(refused.value)
    stripe_client.configure_from_stack(FakeConfig({"paylinks:live": "true"}))
    assert stripe_client.current_settings().live


@pytest.mark.usefixtures("clean_settings")
def test_test_key_refused_when_the_stack_is_live() -> None:
    stripe_client.configure_from_stack(
        FakeConfig({"paylinks:live": "true", "paylinks:stripeApiKey": "sk_test_1"})
    )
    with pytest.raises(ConfigurationError, match="not a live key"):
        stripe_client.current_settings()
    stripe_client.reset_stack_config()


@pytest.mark.usefixtures("clean_settings")
def test_stack_config_wins_over_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRIPE_API_KEY", "sk_test_env")
    monkeypatch.setenv("STRIPE_API_BASE", "http://127.0.0.1:1")
    stripe_client.configure_from_stack(
        FakeConfig(
            {
                "paylinks:stripeApiKey": "sk_test_config",
                "paylinks:stripeApiBase": "http://h:2/",
            }
        )
    )
    settings = stripe_client.current_settings()
    assert (settings.api_key, settings.api_base) == ("sk_test_config", "http://h:2")
    assert "sk_test_config" not in repr(settings)
    stripe_client.reset_stack_config()


@pytest.mark.usefixtures("clean_settings")
def test_missing_key_is_a_clear_error() -> None:
    with pytest.raises(ConfigurationError, match="paylinks:stripeApiKey"):
        stripe_client.current_settings()
