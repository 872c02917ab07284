"""Catalog model of a Stripe coupon: the discount promotion codes hand out."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from schemas.base import Currency, Metadata, StripeModel
from schemas.lifecycle import FIXED, UPDATABLE, Reference
from schemas.rules import check_coupon

__all__ = ["AppliesTo", "CouponSpec"]


class AppliesTo(StripeModel):
    """Limit the discount to some products."""

    products: list[Annotated[str, Field(min_length=1), Reference("product")]]
    """Products discounted: their keys in ``products`` (Stripe ids in resources)."""


class CouponSpec(StripeModel):
    """A Stripe coupon (``POST /v1/coupons``): a percentage or an amount off, for some time.

    Stripe only lets a coupon's ``name`` and ``metadata`` change; any other change creates a new
    coupon (and new promotion codes for it). Removing a coupon deletes it: discounts customers
    already have keep working, but no new checkout can use it.
    """

    percent_off: Annotated[Annotated[float, Field(gt=0, le=100)] | None, FIXED] = None
    """Percentage taken off (``20`` = 20 %); give this or ``amount_off``."""
    amount_off: Annotated[Annotated[int, Field(ge=1)] | None, FIXED] = None
    """Amount taken off in the smallest currency unit; needs ``currency``."""
    currency: Annotated[Currency | None, FIXED] = None
    """Currency of ``amount_off`` (only with ``amount_off``)."""
    duration: Annotated[Literal["forever", "once", "repeating"] | None, FIXED] = None
    """How long a subscription keeps the discount (default ``once``)."""
    duration_in_months: Annotated[Annotated[int, Field(ge=1)] | None, FIXED] = None
    """Months of discount, with ``duration: repeating`` only."""
    name: Annotated[Annotated[str, Field(max_length=40)] | None, UPDATABLE] = None
    """Name customers see on receipts and invoices (≤40 characters)."""
    max_redemptions: Annotated[Annotated[int, Field(ge=1)] | None, FIXED] = None
    """How many times the coupon can be redeemed in total."""
    redeem_by: Annotated[Annotated[int, Field(ge=0)] | None, FIXED] = None
    """Last moment (Unix time) it can be redeemed."""
    applies_to: Annotated[AppliesTo | None, FIXED] = None
    """Only these products are discounted."""
    metadata: Annotated[Metadata | None, UPDATABLE] = None
    """Your own key/value data, stored on the Stripe coupon."""

    rules = check_coupon
