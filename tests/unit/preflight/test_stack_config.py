"""The stack config the pre-flight resolves its Stripe from: pulumi's view, or the stack file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paylinks.preflight.stack_config import (
    from_pulumi_json,
    from_stack_file,
    lookup_key_prefix,
    stack_scope,
)
from providers.errors import ConfigurationError


def test_pulumi_config_json_gives_every_scalar_value_secrets_included() -> None:
    printed = {
        "paylinks:scope": {"value": "staging", "secret": False},
        "paylinks:stripeApiKey": {"value": "sk_test_abc", "secret": True},
        "paylinks:live": {"value": "false", "secret": False},
        "paylinks:overrides": {"value": "{}", "objectValue": {}, "secret": False},
        "paylinks:hidden": {"secret": True},
    }
    config = from_pulumi_json(json.dumps(printed))
    assert config == {
        "paylinks:scope": "staging",
        "paylinks:stripeApiKey": "sk_test_abc",
        "paylinks:live": "false",
        "paylinks:overrides": "{}",
    }
    assert stack_scope(config, "other") == "staging"
    assert lookup_key_prefix(config) == ""


@pytest.mark.parametrize("text", ["", "  \n", "[1]", "not json"])
def test_anything_else_on_the_pipe_is_one_line_error(text: str) -> None:
    with pytest.raises(ConfigurationError) as error:
        from_pulumi_json(text)
    assert "\n" not in str(error.value) and "--config-json" in str(error.value)


def test_the_stack_file_gives_plain_values_and_refuses_an_encrypted_stripe_setting(
    tmp_path: Path,
) -> None:
    stack_file = tmp_path / "Pulumi.staging.yaml"
    stack_file.write_text(
        "config:\n  paylinks:stripe: test\n  paylinks:lookupKeyPrefix: 'staging:'\n"
        "  paylinks:live: false\n  paylinks:other: {secure: v1:abc}\n"
    )
    config = from_stack_file(stack_file)
    assert config == {
        "paylinks:stripe": "test",
        "paylinks:lookupKeyPrefix": "staging:",
        "paylinks:live": "false",
    }
    assert stack_scope(config, "staging") == "staging"
    assert lookup_key_prefix(config) == "staging:"
    stack_file.write_text("config:\n  paylinks:stripeApiKey: {secure: v1:abc}\n")
    with pytest.raises(ConfigurationError, match="paylinks:stripeApiKey is encrypted in"):
        from_stack_file(stack_file)
