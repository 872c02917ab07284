"""Which payment methods a payment link offers, and which of them settle later.

A link without `payment_method_types` lets Stripe choose from what the Dashboard enables; the
emulated account enables card and Link. Bank debits and vouchers confirm days later: their
Checkout Session completes `unpaid` and an `async_payment_*` event follows.
"""

from __future__ import annotations

from typing import Any

__all__ = ["DEFAULT_PAYMENT_METHODS", "DELAYED_PAYMENT_METHODS", "is_delayed", "offered_methods"]

#: What the emulated Dashboard enables: offered when a link pins no `payment_method_types`.
DEFAULT_PAYMENT_METHODS: tuple[str, ...] = ("card", "link")

#: Methods whose payment is confirmed after checkout (bank debits, vouchers, bank redirects
#: that settle later), per Stripe's Checkout docs on delayed notification methods.
DELAYED_PAYMENT_METHODS = frozenset(
    {
        "acss_debit",
        "au_becs_debit",
        "bacs_debit",
        "boleto",
        "customer_balance",
        "konbini",
        "multibanco",
        "oxxo",
        "sepa_debit",
        "sofort",
        "us_bank_account",
    }
)


def offered_methods(link: dict[str, Any]) -> list[str]:
    """The methods a customer of `link` may choose, in the link's order."""
    pinned = link.get("payment_method_types")
    return list(pinned) if pinned else list(DEFAULT_PAYMENT_METHODS)


def is_delayed(method: str) -> bool:
    """Whether paying with `method` leaves the session `unpaid` until it settles."""
    return method in DELAYED_PAYMENT_METHODS
