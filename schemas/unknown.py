"""Pulumi's "value not known yet" marker, which rules must never flag."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["UNKNOWN", "contains_unknown", "is_unknown"]

#: What `pulumi.dynamic` passes during preview for an input that depends on an unapplied resource.
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"


def is_unknown(value: Any) -> bool:
    """True when `value` is the preview-time unknown sentinel."""
    return isinstance(value, str) and value == UNKNOWN


def contains_unknown(value: Any) -> bool:
    """True when `value` is, or holds anywhere inside it, the unknown sentinel."""
    if is_unknown(value):
        return True
    if isinstance(value, Mapping):
        return any(contains_unknown(item) for item in value.values())
    if isinstance(value, list | tuple):
        return any(contains_unknown(item) for item in value)
    return False
