"""Which Stripe a stack talks to: the target setting, URL and key shapes, recorded identities.

Pure checks that run before any request; what a user then sees through `pulumi` is covered in
`tests/e2e/test_stripe_target.py`.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from providers import stripe_client
from providers.errors import ConfigurationError
from providers.stripe_target import (
    LOCAL_EMULATOR_KEY,
    STRIPE_API,
    StripeIdentity,
    check_api_base,
    check_key_shape,
    default_emulator_url,
    resolve_target,
)

SHELL_SETTINGS = (
    "STRIPE_API_KEY",
    "STRIPE_API_BASE",
    "PAYLINKS_LIVE",
    "PAYLINKS_EMULATOR_PORT",
    "PAYLINKS_MAX_RPS",
)


class FakeConfig:
    """Stack config as `configure` hands it over (full names)."""

    def __init__(self, values: dict[str, str]) -> None:
        self.values = values

    def get(self, key: str) -> str | None:
        return self.values.get(key)


@pytest.fixture
def clean_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    stripe_client.reset_stack_config()
    for name in SHELL_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    yield
    stripe_client.reset_stack_config()


# ----- paylinks:stripe ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stripe", "live", "expected"),
    [
        (None, None, "test"),
        (None, "true", "live"),
        ("emulator", None, "emulator"),
        ("test", "false", "test"),
        (" Live ", None, "live"),
        ("live", "true", "live"),
    ],
)
def test_the_target_comes_from_paylinks_stripe_and_the_older_live_flag(
    stripe: str | None, live: str | None, expected: str
) -> None:
    assert resolve_target(stripe, live) == expected


def test_an_unknown_target_names_the_choices() -> None:
    with pytest.raises(ConfigurationError, match="emulator, test, live, not 'prod'"):
        resolve_target("prod", None)


def test_a_target_contradicting_paylinks_live_is_refused_not_guessed() -> None:
    with pytest.raises(ConfigurationError, match="remove paylinks:live"):
        resolve_target("emulator", "true")


# ----- API base shape -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("http://127.0.0.1:12180", "http://127.0.0.1:12180"),
        ("http://127.0.0.1:12180/", "http://127.0.0.1:12180"),
        (" https://api.stripe.com ", "https://api.stripe.com"),
        ("http://[::1]:8080", "http://[::1]:8080"),
    ],
)
def test_well_formed_api_bases_are_kept_without_a_trailing_slash(
    value: str, expected: str
) -> None:
    assert check_api_base(value, "STRIPE_API_BASE") == expected


def test_an_api_base_without_scheme_says_to_add_http() -> None:
    with pytest.raises(ConfigurationError) as refused:
        check_api_base("127.0.0.1:12180", "STRIPE_API_BASE")
    message = str(refused.value)
    assert message.startswith("STRIPE_API_BASE must start with http:// or https://")
    assert "write http://127.0.0.1:12180." in message
    assert "\n" not in message


def test_an_api_base_ending_in_v1_says_to_drop_it() -> None:
    with pytest.raises(ConfigurationError) as refused:
        check_api_base("http://127.0.0.1:12180/v1", "paylinks:stripeApiBase")
    message = str(refused.value)
    assert "paylinks:stripeApiBase must be the API's root URL" in message
    assert "stripe-python adds /v1 itself" in message
    assert "use http://127.0.0.1:12180," in message


@pytest.mark.parametrize("value", ["ftp://host", "http://", "http://host:port", "http://h:0"])
def test_other_malformed_api_bases_are_refused(value: str) -> None:
    with pytest.raises(ConfigurationError, match="must be an http:// or https:// URL"):
        check_api_base(value, "STRIPE_API_BASE")


def test_the_emulator_url_follows_paylinks_emulator_port() -> None:
    assert default_emulator_url(None) == "http://127.0.0.1:12180"
    assert default_emulator_url("12345") == "http://127.0.0.1:12345"
    with pytest.raises(ConfigurationError, match="PAYLINKS_EMULATOR_PORT must be a port"):
        default_emulator_url("abc")


# ----- key shape ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key",
    ["sk_test_51HabcDEF123", "sk_live_x9", "rk_test_Abc", "rk_live_q1", LOCAL_EMULATOR_KEY],
)
def test_stripe_shaped_keys_pass(key: str) -> None:
    check_key_shape(key, "STRIPE_API_KEY")


@pytest.mark.parametrize(
    ("key", "problem"),
    [
        ("pk_test_51Habc", "a publishable key"),
        ("whsec_abc123", "a webhook signing secret"),
        ("sk_test_51Habc\n", "surrounding spaces, quotes or a line break"),
        ('"sk_test_51Habc"', "surrounding spaces, quotes or a line break"),
        ("sk_test_ab cd", "does not have that shape"),
        ("sk_prod_51Habc", "does not have that shape"),
        ("Bearer sk_test_51Habc", "does not have that shape"),
        ("sk_test_51H-abc", "does not have that shape"),
        ("my-stripe-key", "does not have that shape"),
    ],
)
def test_values_that_cannot_be_a_stripe_key_are_refused_without_echoing_them(
    key: str, problem: str
) -> None:
    with pytest.raises(ConfigurationError) as refused:
        check_key_shape(key, "STRIPE_API_KEY")
    message = str(refused.value)
    assert message.startswith("The Stripe key in STRIPE_API_KEY cannot be a Stripe secret key")
    assert problem in message
    assert key.strip().strip('"') not in message
    assert "\n" not in message


# ----- settings resolution --------------------------------------------------------------------


@pytest.mark.usefixtures("clean_settings")
def test_an_emulator_stack_ignores_the_shell_and_says_which_variables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("STRIPE_API_KEY", "sk_test_51RealAccountKey")
    monkeypatch.setenv("STRIPE_API_BASE", "https://api.stripe.com")
    monkeypatch.setenv("PAYLINKS_LIVE", "true")
    monkeypatch.setenv("PAYLINKS_EMULATOR_PORT", "12999")
    stripe_client.configure_from_stack(FakeConfig({"paylinks:stripe": "emulator"}))
    settings = stripe_client.current_settings()
    assert settings.target == "emulator"
    assert (settings.api_key, settings.api_base) == (LOCAL_EMULATOR_KEY, "http://127.0.0.1:12999")
    assert settings.ignored_environment == ("STRIPE_API_KEY", "STRIPE_API_BASE")
    assert settings.max_rps is None, "the local emulator is paced like any local API: not at all"


@pytest.mark.usefixtures("clean_settings")
def test_an_emulator_stack_does_not_mention_a_shell_that_agrees(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("STRIPE_API_KEY", LOCAL_EMULATOR_KEY)
    monkeypatch.setenv("STRIPE_API_BASE", "http://127.0.0.1:12180/")
    stripe_client.configure_from_stack(FakeConfig({"paylinks:stripe": "emulator"}))
    assert stripe_client.current_settings().ignored_environment == ()


@pytest.mark.usefixtures("clean_settings")
def test_an_emulator_stack_takes_an_explicit_emulator_url() -> None:
    stripe_client.configure_from_stack(
        FakeConfig({"paylinks:stripe": "emulator", "paylinks:emulatorUrl": "http://emu:9/"})
    )
    assert stripe_client.current_settings().api_base == "http://emu:9"


@pytest.mark.usefixtures("clean_settings")
def test_an_emulator_stack_refuses_a_stripe_key_in_its_own_config() -> None:
    stripe_client.configure_from_stack(
        FakeConfig({"paylinks:stripe": "emulator", "paylinks:stripeApiKey": "sk_test_x1"})
    )
    with pytest.raises(ConfigurationError, match="remove paylinks:stripeApiKey"):
        stripe_client.current_settings()


@pytest.mark.usefixtures("clean_settings")
def test_a_malformed_key_or_base_is_refused_when_settings_resolve(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("STRIPE_API_KEY", "pk_test_51Habc")
    with pytest.raises(ConfigurationError, match="in STRIPE_API_KEY cannot be"):
        stripe_client.current_settings()
    monkeypatch.setenv("STRIPE_API_KEY", "sk_test_51Habc")
    monkeypatch.setenv("STRIPE_API_BASE", "127.0.0.1:12180")
    with pytest.raises(ConfigurationError, match="STRIPE_API_BASE must start with http"):
        stripe_client.current_settings()


@pytest.mark.usefixtures("clean_settings")
def test_a_local_api_is_named_by_its_url_without_any_request(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("STRIPE_API_KEY", "sk_test_51Habc")
    monkeypatch.setenv("STRIPE_API_BASE", "http://127.0.0.1:1")  # nothing listens: no request
    assert stripe_client.current_identity() == StripeIdentity("test", "http://127.0.0.1:1")
    stripe_client.configure_from_stack(FakeConfig({"paylinks:stripe": "emulator"}))
    assert stripe_client.current_identity().text() == "emulator http://127.0.0.1:12180"


# ----- recorded identities --------------------------------------------------------------------


def test_identities_round_trip_through_their_recorded_text() -> None:
    for identity in (
        StripeIdentity("emulator", "http://127.0.0.1:12180"),
        StripeIdentity("live", STRIPE_API, "acct_1Abc"),
    ):
        assert StripeIdentity.parse(identity.text()) == identity
    assert StripeIdentity.parse(None) is None
    assert StripeIdentity.parse("garbage") is None


def test_same_stripe_compares_mode_url_and_account_when_both_known() -> None:
    emulator = StripeIdentity("emulator", "http://127.0.0.1:12180")
    assert emulator.same_stripe(StripeIdentity("test", "http://127.0.0.1:12180"))
    assert not emulator.same_stripe(StripeIdentity("emulator", "http://127.0.0.1:12181"))
    test_a = StripeIdentity("test", STRIPE_API, "acct_A")
    assert not test_a.same_stripe(StripeIdentity("test", STRIPE_API, "acct_B"))
    assert not test_a.same_stripe(StripeIdentity("live", STRIPE_API, "acct_A"))
    assert not test_a.same_stripe(emulator)
    assert test_a.same_stripe(StripeIdentity("test", STRIPE_API, None)), (
        "a restricted key that may not read the account must not look like another account"
    )


def test_the_refusal_is_one_line_naming_both_stripes_and_how_to_move() -> None:
    recorded = StripeIdentity("emulator", "http://127.0.0.1:12180")
    current = StripeIdentity("test", STRIPE_API, "acct_1Real")
    message = current.refusal(recorded)
    assert "\n" not in message
    assert "made against the bundled emulator at http://127.0.0.1:12180" in message
    assert "this run talks to Stripe test mode (account acct_1Real)" in message
    assert "nothing was sent" in message
    assert "pulumi destroy" in message and "pulumi state delete" in message


@pytest.mark.usefixtures("clean_settings")
def test_the_provider_refuses_an_object_recorded_in_another_stripe_before_any_request(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from providers import ProductProvider
    from providers.base import TARGET_FIELD

    monkeypatch.setenv("PAYLINKS_EMULATOR_PORT", "1")  # nothing listens: any request would fail
    stripe_client.configure_from_stack(FakeConfig({"paylinks:stripe": "emulator"}))
    provider = ProductProvider()
    news = {"scope": "dev", "key": "beans", "name": "Beans"}
    olds = {**provider.declare(news), "stripe_id": "prod_pl_dev_beans"}  # state before the record
    elsewhere = {**olds, TARGET_FIELD: "test https://api.stripe.com acct_1Other"}
    with pytest.raises(ConfigurationError, match="made against Stripe test mode"):
        provider.diff("prod_pl_dev_beans", elsewhere, news)
    for method in (provider.read, provider.delete):
        with pytest.raises(ConfigurationError, match="this run talks to the bundled emulator"):
            method("prod_pl_dev_beans", elsewhere)
    here = {**olds, TARGET_FIELD: "emulator http://127.0.0.1:1"}
    assert not provider.diff("prod_pl_dev_beans", here, news).changes
    assert not provider.diff("prod_pl_dev_beans", olds, news).changes, (
        "state older than the record must not plan an update"
    )
