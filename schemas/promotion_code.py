"""Catalog model of a Stripe promotion code: the code customers type at checkout."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from schemas.base import Currency, Metadata, StripeModel
from schemas.lifecycle import FIXED, UPDATABLE, Reference
from schemas.rules import PROMOTION_CODE_PATTERN, check_promotion_code

__all__ = ["Promotion", "PromotionCodeRestrictions", "PromotionCodeSpec"]


class Promotion(StripeModel):
    """What the code grants; API 2026-08-26.dahlia only knows coupons."""

    type: Literal["coupon"]
    """Always ``coupon``."""
    coupon: Annotated[str, Field(min_length=1), Reference("coupon")]
    """The coupon: its key in ``coupons`` (a Stripe id in resources)."""


class PromotionCodeRestrictions(StripeModel):
    """Who may use the code, and on what orders. Fixed when the code is created."""

    first_time_transaction: Annotated[bool | None, FIXED] = None
    """Only customers who never paid before."""
    minimum_amount: Annotated[Annotated[int, Field(ge=1)] | None, FIXED] = None
    """Smallest order (smallest currency unit) the code applies to; needs its currency."""
    minimum_amount_currency: Annotated[Currency | None, FIXED] = None
    """Currency of ``minimum_amount``."""


class PromotionCodeSpec(StripeModel):
    """A Stripe promotion code (``POST /v1/promotion_codes``), usable on links that
    ``allow_promotion_codes``.

    Stripe can't delete a promotion code: removing one deactivates it and re-adding it reactivates
    the same code. A change Stripe can't apply (another coupon, restrictions, limits) deactivates
    the old code, then creates the new one: two active codes can't share a ``code``.
    """

    code: Annotated[str, Field(pattern=PROMOTION_CODE_PATTERN, max_length=500), FIXED]
    """What customers type (``SUMMER20``): letters, digits and dashes, unique regardless of case
    among the catalog's codes (and the account's active codes)."""
    promotion: Annotated[Promotion, FIXED]
    """The coupon the code applies: ``{type: coupon, coupon: <key in coupons>}``."""
    active: Annotated[bool | None, UPDATABLE] = None
    """``false`` stops the code working; ``true`` (the default) makes it work again."""
    expires_at: Annotated[Annotated[int, Field(ge=0)] | None, FIXED] = None
    """When the code stops working (Unix time)."""
    max_redemptions: Annotated[Annotated[int, Field(ge=1)] | None, FIXED] = None
    """How many times the code can be used."""
    restrictions: Annotated[PromotionCodeRestrictions | None, UPDATABLE] = None
    """First-time customers only, a minimum order."""
    metadata: Annotated[Metadata | None, UPDATABLE] = None
    """Your own key/value data, stored on the Stripe promotion code."""

    rules = check_promotion_code
