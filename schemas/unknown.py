"""Pulumi's "value not known yet" marker, defined once: rules never flag it, the diff treats it
as a change, the review shows it as "(known after apply)".

The engine writes it in `pulumi preview --json` and sends it to providers on the wire
(``UnknownStringValue``); `providers.dynamic_server.with_unknown_markers` turns the SDK's
`pulumi.output.Unknown` objects back into it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["UNKNOWN", "contains_unknown", "is_unknown"]

#: An input or output that depends on a resource not applied yet, at preview.
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"


def is_unknown(value: Any) -> bool:
    """True when `value` itself is the unknown sentinel (see `contains_unknown` for nested)."""
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
