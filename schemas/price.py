"""Catalog model of a Stripe price: how much a product costs, once or per interval."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from schemas.base import DECIMAL_PATTERN, Currency, Metadata, StripeModel
from schemas.lifecycle import FIXED, UPDATABLE, Reference
from schemas.rules import check_price

__all__ = [
    "CurrencyOption",
    "CustomUnitAmount",
    "PriceSpec",
    "PriceTier",
    "Recurring",
    "TransformQuantity",
]

DecimalAmount = Annotated[str, Field(pattern=DECIMAL_PATTERN)]
"""An amount in the currency's smallest unit with up to 12 decimals, written as a string."""


class CustomUnitAmount(StripeModel):
    """A customer-chosen amount ("pay what you want", tips): bounds and a suggested value."""

    enabled: bool
    """Must be ``true`` for a customer-chosen price."""
    minimum: Annotated[int, Field(ge=0)] | None = None
    """Lowest amount accepted, in the smallest currency unit (cents)."""
    maximum: Annotated[int, Field(ge=0)] | None = None
    """Highest amount accepted, in the smallest currency unit."""
    preset: Annotated[int, Field(ge=0)] | None = None
    """Amount pre-filled on the checkout page; between minimum and maximum."""


class Recurring(StripeModel):
    """Makes the price a subscription price billed every ``interval_count`` ``interval``s."""

    interval: Literal["day", "week", "month", "year"]
    """Billing period unit."""
    interval_count: Annotated[int, Field(ge=1)] | None = None
    """Number of intervals between bills (default 1; at most three years in total)."""
    usage_type: Literal["licensed"] | None = None
    """Only ``licensed`` (a fixed quantity): metered usage needs meters, outside payment links."""


class PriceTier(StripeModel):
    """One tier of a tiered price (not accepted by payment links, kept to explain why)."""

    up_to: int | Literal["inf"]
    """Upper bound of the tier in units, ``inf`` for the last one."""
    unit_amount: Annotated[int, Field(ge=0)] | None = None
    """Per-unit amount within this tier."""
    unit_amount_decimal: DecimalAmount | None = None
    """Per-unit amount with decimals."""
    flat_amount: Annotated[int, Field(ge=0)] | None = None
    """Flat amount for the whole tier."""
    flat_amount_decimal: DecimalAmount | None = None
    """Flat amount with decimals."""


class TransformQuantity(StripeModel):
    """Package pricing: quantity divided before billing (not accepted by payment links)."""

    divide_by: Annotated[int, Field(ge=1)]
    """Units per package."""
    round: Literal["up", "down"]
    """How partial packages are counted."""


class CurrencyOption(StripeModel):
    """The amount of this price in another currency (multi-currency prices)."""

    unit_amount: Annotated[int, Field(ge=0)] | None = None
    """Amount in this currency's smallest unit."""
    unit_amount_decimal: DecimalAmount | None = None
    """Amount with decimals."""
    custom_unit_amount: CustomUnitAmount | None = None
    """Customer-chosen amount bounds in this currency."""
    tax_behavior: Literal["inclusive", "exclusive", "unspecified"] | None = None
    """Whether the amount includes tax."""


class PriceSpec(StripeModel):
    """A Stripe price (``POST /v1/prices``); mostly immutable: a new amount means a new price.

    Give exactly one of ``unit_amount``, ``unit_amount_decimal`` or ``custom_unit_amount``.
    """

    product: Annotated[str, Field(min_length=1), Reference("product"), FIXED]
    """The product this price belongs to: its key in ``products`` (a Stripe id in resources)."""
    currency: Annotated[Currency, FIXED]
    """Currency of the amount; all prices on one payment link share one currency."""
    unit_amount: Annotated[Annotated[int, Field(ge=0)] | None, FIXED] = None
    """Fixed amount per unit in the smallest currency unit (1500 = 15.00 EUR)."""
    unit_amount_decimal: Annotated[DecimalAmount | None, FIXED] = None
    """Fixed amount per unit with up to 12 decimals, as a string."""
    custom_unit_amount: Annotated[CustomUnitAmount | None, FIXED] = None
    """Let the customer choose the amount (tips); only alone on a link, never recurring."""
    recurring: Annotated[Recurring | None, FIXED] = None
    """Makes this a subscription price; leave out for a one-time price."""
    lookup_key: Annotated[Annotated[str, Field(min_length=1, max_length=200)] | None, UPDATABLE] = (
        None
    )
    """Stable name to find the price by (unique across the catalog, and per Stripe account)."""
    nickname: Annotated[str | None, UPDATABLE] = None
    """Internal name, not shown to customers."""
    metadata: Annotated[Metadata | None, UPDATABLE] = None
    """Your own key/value data, stored on the Stripe price."""
    tax_behavior: Annotated[Literal["inclusive", "exclusive", "unspecified"] | None, UPDATABLE] = (
        None
    )
    """Whether the amount includes tax (can only move away from ``unspecified`` later)."""
    active: Annotated[bool | None, UPDATABLE] = None
    """Whether the price can be used for new purchases; archive with ``false``."""
    billing_scheme: Annotated[Literal["per_unit", "tiered"] | None, FIXED] = None
    """``per_unit`` (standard). ``tiered`` is refused on payment links."""
    tiers: Annotated[list[PriceTier] | None, FIXED] = None
    """Tiers of a tiered price (refused on payment links)."""
    tiers_mode: Annotated[Literal["graduated", "volume"] | None, FIXED] = None
    """How tiers apply (refused on payment links)."""
    transform_quantity: Annotated[TransformQuantity | None, FIXED] = None
    """Package pricing (refused on payment links)."""
    currency_options: Annotated[dict[Currency, CurrencyOption] | None, UPDATABLE] = None
    """The same price in other currencies, keyed by currency code."""

    rules = check_price
