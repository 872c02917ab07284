"""Catalog model of a Stripe shipping rate: what shipping costs on the links that offer it."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from schemas.base import Currency, Metadata, StripeModel
from schemas.lifecycle import FIXED, UPDATABLE, UPDATE_ONLY
from schemas.rules import check_shipping_rate

__all__ = ["DeliveryEstimate", "DeliveryEstimateBound", "FixedAmount", "ShippingRateSpec"]


class FixedAmount(StripeModel):
    """The flat shipping charge. Stripe can't change it: a new amount means a new rate."""

    amount: Annotated[int, Field(ge=0), FIXED]
    """Charge in the smallest currency unit (690 = 6.90 EUR); 0 for free shipping."""
    currency: Annotated[Currency, FIXED]
    """Currency of the charge; the same as the prices of every link offering the rate."""


class DeliveryEstimateBound(StripeModel):
    """One end of the delivery estimate shown at checkout."""

    unit: Literal["business_day", "day", "hour", "month", "week"]
    """Unit of ``value``."""
    value: Annotated[int, Field(ge=1)]
    """How many units."""


class DeliveryEstimate(StripeModel):
    """How long delivery takes, shown to customers next to the rate."""

    minimum: DeliveryEstimateBound | None = None
    """Earliest delivery."""
    maximum: DeliveryEstimateBound | None = None
    """Latest delivery."""


class ShippingRateSpec(StripeModel):
    """A Stripe shipping rate (``POST /v1/shipping_rates``), offered by links' ``shipping_options``.

    Stripe can't delete a shipping rate nor change its amount or name: removing one archives it
    (re-adding reactivates it), and a new amount or name creates a new rate and moves every link
    offering the old one to it, in place (same URL).
    """

    display_name: Annotated[str, Field(min_length=1, max_length=100), FIXED]
    """Name customers see at checkout (``Standard shipping``)."""
    fixed_amount: Annotated[FixedAmount, UPDATABLE]
    """The charge; its amount and currency are fixed at creation."""
    type: Annotated[Literal["fixed_amount"] | None, FIXED] = None
    """How the charge is computed; Stripe only offers ``fixed_amount`` (the default)."""
    delivery_estimate: Annotated[DeliveryEstimate | None, FIXED] = None
    """Delivery time shown at checkout."""
    tax_behavior: Annotated[Literal["inclusive", "exclusive", "unspecified"] | None, UPDATABLE] = (
        None
    )
    """Whether the amount includes tax."""
    tax_code: Annotated[str | None, FIXED] = None
    """Stripe Tax code (shipping is ``txcd_92010001``)."""
    metadata: Annotated[Metadata | None, UPDATABLE] = None
    """Your own key/value data, stored on the Stripe shipping rate."""
    active: Annotated[bool | None, UPDATE_ONLY] = None
    """``false`` archives the rate (no new checkouts offer it); ``true`` reactivates it."""

    rules = check_shipping_rate
