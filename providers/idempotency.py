"""Idempotency keys for Stripe writes.

Creates carry a *deterministic* key, derived from what is being created: a retry after a timeout,
or a re-run after a crash within Stripe's 24 h window, gets the first response back instead of a
duplicate object. The key hashes the parameters too, so a create with different parameters (a
legitimate replacement) never replays an older response (Stripe would answer idempotency_error).

Updates and deactivations are idempotent by nature but must *not* replay across runs (deactivate,
reactivate, deactivate again within 24 h would replay the first deactivation and leave the link
active), so they get a fresh random key per call, reused only across that call's own retries.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping
from typing import Any

__all__ = ["create_key", "one_call_key"]

_PREFIX = "paylinks"


def create_key(kind: str, scope: str, key: str, params: Mapping[str, Any], salt: str = "") -> str:
    """The deterministic idempotency key for creating `kind` `scope`/`key` with `params`.

    `salt` distinguishes a deliberate second create with the same parameters (e.g. after the first
    object was deleted), so it cannot replay the response that described the deleted object.
    """
    canonical = json.dumps(
        {"kind": kind, "scope": scope, "key": key, "params": params, "salt": salt},
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    digest = hashlib.sha256(canonical.encode()).hexdigest()[:40]
    return f"{_PREFIX}-create-{kind}-{digest}"


def one_call_key(kind: str, operation: str) -> str:
    """A fresh key for one update/deactivation call, shared by that call's retries only."""
    return f"{_PREFIX}-{operation}-{kind}-{uuid.uuid4().hex}"
