"""How a Stripe object says which stack and catalog entry it belongs to: two metadata keys.

Every object paylinks creates carries ``paylinks_scope`` (the stack's namespace) and
``paylinks_key`` (the logical catalog key). Adoption matches on both, so two stacks sharing one
Stripe account never adopt or change each other's objects. Users never see these keys in their
declared ``metadata``; they are added on the way to Stripe and removed on the way back.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from schemas.identity import product_id_for

__all__ = [
    "IMPORTED_METADATA",
    "KEY_METADATA",
    "SCOPE_METADATA",
    "metadata_changes",
    "owner_of",
    "product_id_for",
    "stripe_metadata",
    "user_metadata",
]

SCOPE_METADATA = "paylinks_scope"
KEY_METADATA = "paylinks_key"
_OWNER_KEYS = (SCOPE_METADATA, KEY_METADATA)
IMPORTED_METADATA = "paylinks_imported"
"""Set by ``paylinks import --adopt`` on webhook endpoints made outside paylinks: the next create
adopts that endpoint (its signing secret stays where the user already keeps it) instead of making
a new one, and the adopting update removes the marker (it is not declared metadata)."""


def stripe_metadata(scope: str, key: str, declared: Mapping[str, Any] | None) -> dict[str, str]:
    """The metadata to send: the user's own plus the two ownership keys."""
    result = {str(k): str(v) for k, v in (declared or {}).items()}
    result[SCOPE_METADATA] = scope
    result[KEY_METADATA] = key
    return result


def user_metadata(stripe_object: Mapping[str, Any]) -> dict[str, str]:
    """The object's metadata without the ownership keys (what the user declared)."""
    metadata = stripe_object.get("metadata") or {}
    return {k: v for k, v in metadata.items() if k not in _OWNER_KEYS}


def metadata_changes(
    scope: str, key: str, old: Mapping[str, Any] | None, new: Mapping[str, Any] | None
) -> dict[str, str]:
    """Update params for metadata: new values, ``""`` for removed keys (Stripe's unset)."""
    changes = stripe_metadata(scope, key, new)
    for removed in set(old or {}) - set(new or {}):
        changes[str(removed)] = ""
    return changes


def owner_of(stripe_object: Mapping[str, Any]) -> tuple[str, str] | None:
    """``(scope, key)`` when the object was made by paylinks, else None."""
    metadata = stripe_object.get("metadata") or {}
    scope, key = metadata.get(SCOPE_METADATA), metadata.get(KEY_METADATA)
    if scope is None or key is None:
        return None
    return str(scope), str(key)
