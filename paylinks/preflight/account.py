"""Read-only lookups of who holds a stack's claims on its Stripe account.

As few list requests as Stripe's filters allow: prices by ``lookup_keys`` (up to 10 per request),
active promotion codes by ``code`` and active entitlement features by ``lookup_key`` (one value
per request each). Each value is unique on the account, so one page answers each request. Every
request goes through `providers.stripe_client.call` (paced, retried, errors in one scrubbed
line, an unreachable API said as the providers say it). Nothing is ever written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import stripe

from paylinks.preflight.claims import Claim
from providers.stripe_client import StripeObject, StripeSettings, call, plain

__all__ = ["LOOKUP_KEYS_PER_REQUEST", "AccountHolders", "read_holders"]

LOOKUP_KEYS_PER_REQUEST = 10
"""Stripe's limit on ``prices.list(lookup_keys=[...])``."""


@dataclass
class AccountHolders:
    """The objects found holding the claimed values, per kind, and how many requests it took."""

    objects: dict[str, list[StripeObject]] = field(default_factory=dict)
    requests: int = 0


def _chunks(values: Sequence[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(values), size):
        yield list(values[start : start + size])


def _unique(claims: Iterable[Claim], kind: str) -> list[str]:
    return list(dict.fromkeys(claim.value for claim in claims if claim.kind == kind))


def read_holders(claims: Sequence[Claim], settings: StripeSettings) -> AccountHolders:
    """List the objects holding any claimed value (GET requests only)."""
    found = AccountHolders()

    def listing(
        kind: str,
        action: str,
        service: Callable[[stripe.StripeClient], Any],
        params: dict[str, Any],
    ) -> None:
        page = call(action, lambda client: service(client).list(params=params), settings=settings)
        found.requests += 1
        found.objects.setdefault(kind, []).extend(plain(item) for item in page.data)

    for keys in _chunks(_unique(claims, "price"), LOOKUP_KEYS_PER_REQUEST):
        listing(
            "price",
            "list the prices holding this stack's lookup keys",
            lambda client: client.v1.prices,
            {"lookup_keys": keys, "limit": LOOKUP_KEYS_PER_REQUEST},
        )
    for code in _unique(claims, "promotion_code"):
        listing(
            "promotion_code",
            f"list the active promotion codes '{code}'",
            lambda client: client.v1.promotion_codes,
            {"code": code, "active": True, "limit": LOOKUP_KEYS_PER_REQUEST},
        )
    for lookup_key in _unique(claims, "entitlement_feature"):
        listing(
            "entitlement_feature",
            f"list the entitlement features with lookup key '{lookup_key}'",
            lambda client: client.v1.entitlements.features,
            {"lookup_key": lookup_key, "archived": False, "limit": LOOKUP_KEYS_PER_REQUEST},
        )
    return found
