"""Catalog model of a Stripe product: what is sold."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from schemas.base import Metadata, StripeModel
from schemas.lifecycle import ATTACHED, FIXED, UPDATABLE, Reference
from schemas.rules import check_product

__all__ = ["MarketingFeature", "PackageDimensions", "ProductSpec"]


class MarketingFeature(StripeModel):
    """One line of a product's feature list, shown in pricing tables."""

    name: Annotated[str, Field(max_length=80)]
    """The feature's text (≤80 characters)."""


class PackageDimensions(StripeModel):
    """Size and weight of a shippable product's package (inches and ounces)."""

    height: Annotated[float, Field(gt=0)]
    """Height in inches."""
    length: Annotated[float, Field(gt=0)]
    """Length in inches."""
    weight: Annotated[float, Field(gt=0)]
    """Weight in ounces."""
    width: Annotated[float, Field(gt=0)]
    """Width in inches."""


class ProductSpec(StripeModel):
    """A Stripe product (``POST /v1/products``): what customers buy; prices say for how much."""

    id: Annotated[
        Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]+$", max_length=250)] | None, FIXED
    ] = None
    """Custom Stripe id (unique per account). Usually left out: paylinks derives one per scope."""
    name: Annotated[str, Field(min_length=1, max_length=250), UPDATABLE]
    """Name shown to customers on checkout pages, receipts and invoices."""
    description: Annotated[str | None, UPDATABLE] = None
    """Longer text shown under the name on checkout pages."""
    active: Annotated[bool | None, UPDATABLE] = None
    """Whether the product can be sold; archive instead of deleting with ``false``."""
    metadata: Annotated[Metadata | None, UPDATABLE] = None
    """Your own key/value data, stored on the Stripe product."""
    images: Annotated[Annotated[list[str], Field(max_length=8)] | None, UPDATABLE] = None
    """Up to 8 image URLs shown on checkout pages."""
    marketing_features: Annotated[
        Annotated[list[MarketingFeature], Field(max_length=15)] | None, UPDATABLE
    ] = None
    """Up to 15 features listed in pricing tables."""
    package_dimensions: Annotated[PackageDimensions | None, UPDATABLE] = None
    """Package size and weight, for shipping rate calculation."""
    shippable: Annotated[bool | None, UPDATABLE] = None
    """Whether the product is shipped (a physical good)."""
    statement_descriptor: Annotated[Annotated[str, Field(max_length=22)] | None, UPDATABLE] = None
    """Text on the customer's card statement (≤22 characters)."""
    tax_code: Annotated[str | None, UPDATABLE] = None
    """Stripe Tax code (``txcd_...``) classifying the product for automatic tax."""
    unit_label: Annotated[Annotated[str, Field(max_length=12)] | None, UPDATABLE] = None
    """What one unit is called on receipts and invoices (``seat``, ``ticket``; ≤12 characters)."""
    url: Annotated[str | None, UPDATABLE] = None
    """Public web page about the product."""
    features: Annotated[
        list[Annotated[str, Field(min_length=1), Reference("entitlement_feature")]] | None,
        ATTACHED,
    ] = None
    """Entitlement features buying the product grants: keys of ``entitlement_features``. Each
    is attached (``POST /v1/products/{id}/features``) or detached as the list changes."""

    rules = check_product
