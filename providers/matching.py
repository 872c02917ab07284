"""Does a Stripe object already match what was declared? Used to decide what may be adopted.

Stripe answers with more than was sent: defaults filled in (``recurring.interval_count: 1``,
``adjustable_quantity.maximum: null``), nested objects expanded. A declared value therefore matches
when every key it *does* name matches, recursively; numbers and decimal strings compare by value.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

__all__ = ["declared_matches", "without_nulls"]


def _as_number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def declared_matches(declared: Any, actual: Any) -> bool:
    """True when `actual` (from Stripe) holds everything `declared` says, ignoring extra keys."""
    if isinstance(declared, Mapping):
        if not isinstance(actual, Mapping):
            return False
        return all(declared_matches(value, actual.get(key)) for key, value in declared.items())
    if isinstance(declared, list | tuple):
        if not isinstance(actual, list | tuple) or len(declared) != len(actual):
            return False
        return all(declared_matches(d, a) for d, a in zip(declared, actual, strict=True))
    declared_number, actual_number = _as_number(declared), _as_number(actual)
    if declared_number is not None and actual_number is not None:
        return declared_number == actual_number
    return bool(declared == actual)


def without_nulls(value: Any) -> Any:
    """`value` with null entries dropped from every mapping (Stripe's "not set")."""
    if isinstance(value, Mapping):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(item) for item in value]
    return value
