"""Number normalisation shared by the rules and the providers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["integral_floats_to_int"]


def integral_floats_to_int(value: Any) -> Any:
    """`value` with every integral float made an int, at any depth.

    Pulumi carries every number as a float; Stripe (and the rules) want ``1500``, not ``1500.0``.
    """
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, Mapping):
        return {key: integral_floats_to_int(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [integral_floats_to_int(item) for item in value]
    return value
