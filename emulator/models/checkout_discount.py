"""A promotion code at checkout: whether it can be used, and what it takes off each line.

Two kinds of rule, as Stripe's page applies them. `code_refusal` holds the rules about the code
and the customer (inactive, expired, used up, first-time customers only); `line_discounts` the
rules about the order (minimum amount and its currency, the coupon's currency and products) and
the amounts: a percentage of each eligible line, or an amount spread over them in order. Each
refusal is one sentence for the customer, shown next to the code field.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from emulator.models.money import format_amount

__all__ = [
    "INVALID_CODE",
    "DiscountedLine",
    "Promotion",
    "code_refusal",
    "line_discounts",
]

#: Unknown codes, and codes whose coupon was deleted.
INVALID_CODE = "This code is invalid."


@dataclass(frozen=True)
class Promotion:
    """The promotion code found for what the customer typed, with its coupon, and why it can't
    be used (None: it can)."""

    code: dict[str, Any]
    coupon: dict[str, Any]
    refusal: str | None = None


@dataclass(frozen=True)
class DiscountedLine:
    """What the coupon needs to know of a line: its product and what it costs today."""

    product: str | None
    amount: int


def code_refusal(
    code: dict[str, Any], coupon: dict[str, Any] | None, *, at: int, returning_customer: bool
) -> str | None:
    """Why `code` can't be used at time `at` (None: it can); `returning_customer` says whether the
    customer's email already paid once in this account."""
    if coupon is None:
        return INVALID_CODE
    if not code["active"]:
        return "This code is no longer active."
    expires_at = code.get("expires_at")
    redeem_by = coupon.get("redeem_by")
    if (expires_at is not None and expires_at <= at) or (redeem_by is not None and redeem_by <= at):
        return "This code has expired."
    for limited in (code, coupon):
        limit = limited.get("max_redemptions")
        if limit is not None and int(limited.get("times_redeemed") or 0) >= limit:
            return "This code has reached its usage limit."
    if (code.get("restrictions") or {}).get("first_time_transaction") and returning_customer:
        return "This code is only for first-time customers."
    return None


def line_discounts(
    promotion: Promotion, currency: str, lines: Sequence[DiscountedLine]
) -> tuple[list[int], str | None]:
    """What the coupon takes off each line, or `([], refusal)` when the order doesn't qualify."""
    coupon, restrictions = promotion.coupon, promotion.code.get("restrictions") or {}
    products = set((coupon.get("applies_to") or {}).get("products") or [])
    eligible = [not products or line.product in products for line in lines]
    base = sum(line.amount for line, ok in zip(lines, eligible, strict=True) if ok)
    minimum = restrictions.get("minimum_amount")
    if minimum is not None and restrictions.get("minimum_amount_currency") != currency:
        return [], "This code isn't valid for this currency."
    if minimum is not None and base < minimum:
        return [], f"This code needs an order of at least {format_amount(minimum, currency)}."
    if coupon.get("amount_off") is not None and coupon.get("currency") != currency:
        return [], "This code isn't valid for this currency."
    if not any(eligible):
        return [], "This code doesn't apply to these items."
    if coupon.get("percent_off") is not None:
        share = float(coupon["percent_off"]) / 100
        return [
            round(line.amount * share) if ok else 0
            for line, ok in zip(lines, eligible, strict=True)
        ], None
    left = int(coupon["amount_off"])
    taken = []
    for line, ok in zip(lines, eligible, strict=True):
        off = min(left, line.amount) if ok else 0
        taken.append(off)
        left -= off
    return taken, None
