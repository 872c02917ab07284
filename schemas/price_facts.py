"""The facts about a price that payment link rules need, known without calling Stripe."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, NotRequired, TypedDict

if TYPE_CHECKING:
    from schemas.price import PriceSpec
    from schemas.product import ProductSpec

__all__ = ["LineItemPriceFacts", "facts_from_price_data", "line_item_price_facts"]


class LineItemPriceFacts(TypedDict):
    """What a payment link's rules must know about each line item's price.

    The Pulumi program passes one per line item as the link's ``line_item_prices`` input, so the
    provider's ``check`` can run every link rule at preview time, before any Stripe call.
    """

    currency: str
    """ISO currency of the price (lowercase); all prices of one link must share it."""
    type: Literal["one_time", "recurring"]
    """``recurring`` when the price has a ``recurring`` block."""
    custom_unit_amount: bool
    """True for a customer-chosen price (allowed only alone, never recurring)."""
    billing_scheme: str
    """Stripe's ``billing_scheme`` (``per_unit`` or ``tiered``)."""
    tiered: bool
    """True for tiered, volume or package pricing, none of which payment links accept."""
    interval: NotRequired[str | None]
    """Billing interval of a recurring price as ``<interval_count> <interval>`` (``1 month``);
    None for a one-time price. All recurring prices of a link must share one."""
    active: NotRequired[bool]
    """False when the price or its product is declared archived (``active: false``): Stripe
    refuses to sell it on a payment link."""


def _billing_interval(recurring: Any) -> str | None:
    if not isinstance(recurring, Mapping):
        return None
    count = recurring.get("interval_count") or 1
    return f"{count} {recurring.get('interval')}"


def facts_from_price_data(
    price: Mapping[str, Any], product: Mapping[str, Any] | None = None
) -> LineItemPriceFacts:
    """Derive the facts from a price's fields (catalog spec data or resource inputs) and, when
    known, its product's."""
    billing_scheme = price.get("billing_scheme") or "per_unit"
    custom = price.get("custom_unit_amount")
    return LineItemPriceFacts(
        currency=str(price.get("currency") or ""),
        type="recurring" if price.get("recurring") else "one_time",
        custom_unit_amount=bool(custom),
        billing_scheme=str(billing_scheme),
        tiered=billing_scheme == "tiered"
        or bool(price.get("tiers"))
        or bool(price.get("tiers_mode"))
        or bool(price.get("transform_quantity")),
        interval=_billing_interval(price.get("recurring")),
        active=price.get("active") is not False
        and (product is None or product.get("active") is not False),
    )


def line_item_price_facts(
    price: PriceSpec, product: ProductSpec | None = None
) -> LineItemPriceFacts:
    """The ``line_item_prices`` entry for a catalog price (used by the Pulumi program)."""
    return facts_from_price_data(
        price.model_dump(exclude_none=True),
        product.model_dump(exclude_none=True) if product is not None else None,
    )
