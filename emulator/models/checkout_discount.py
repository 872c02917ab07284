"""A promotion code at checkout: whether it can be used, and what it takes off each line.

Two kinds of rule, as Stripe's page applies them. `code_refusal` holds the rules about the code
and the customer (inactive, expired, used up, first-time customers only); `line_discounts` the
rules about the order (minimum amount and its currency, the coupon's currency and products) and
the amounts: a percentage of each eligible line, or an amount spread over them in order. Each
refusal is one sentence for the customer, shown next to the code field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
    """What the coupon takes off each line, or `([], refusal)` when the order doesn't qualify.

    Amounts in another currency than the code's or coupon's come from their `currency_options`
    (`restrictions.currency_options.<cur>.minimum_amount`, `currency_options.<cur>.amount_off`);
    without one, the code isn't valid in that currency."""
    coupon, restrictions = promotion.coupon, promotion.code.get("restrictions") or {}
    products = set((coupon.get("applies_to") or {}).get("products") or [])
    eligible = [not products or line.product in products for line in lines]
    base = sum(line.amount for line, ok in zip(lines, eligible, strict=True) if ok)
    try:
        minimum = _in_currency(restrictions, "minimum_amount", "minimum_amount_currency", currency)
        amount_off = _in_currency(coupon, "amount_off", "currency", currency)
    except LookupError:
        return [], "This code isn't valid for this currency."
    if minimum is not None and base < minimum:
        return [], f"This code needs an order of at least {format_amount(minimum, currency)}."
    if not any(eligible):
        return [], "This code doesn't apply to these items."
    if coupon.get("percent_off") is not None:
        share = float(coupon["percent_off"]) / 100
        return [
            round(line.amount * share) if ok else 0
            for line, ok in zip(lines, eligible, strict=True)
        ], None
    left = amount_off or 0
    taken = []
    for line, ok in zip(lines, eligible, strict=True):
        off = min(left, line.amount) if ok else 0
        taken.append(off)
        left -= off
    return taken, None


def _in_currency(
    owner: Mapping[str, Any], field: str, currency_field: str, currency: str
) -> int | None:
    """`owner[field]` for an order in `currency`: as set when its currency matches, else from
    `currency_options` (None when unset; LookupError when set for other currencies only)."""
    amount = owner.get(field)
    if amount is None or owner.get(currency_field) == currency:
        return None if amount is None else int(amount)
    option = (owner.get("currency_options") or {}).get(currency) or {}
    if field not in option:
        raise LookupError(f"{field} is not set for {currency}")
    return int(option[field])
