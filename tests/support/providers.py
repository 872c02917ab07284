"""Calling providers directly, as the Pulumi engine would."""

from __future__ import annotations

from typing import Any

from providers.base import PROVIDER_KEY


def with_provider(inputs: dict[str, Any]) -> dict[str, Any]:
    """Inputs as the engine passes them (with the pickled provider)."""
    return {**inputs, PROVIDER_KEY: "pickled-provider"}
