"""Catalog model of a Stripe entitlement feature: something a customer gets by buying a product."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from schemas.base import Metadata, StripeModel
from schemas.lifecycle import FIXED, UPDATABLE
from schemas.rules import MAX_FEATURE_TEXT_LENGTH, check_entitlement_feature

__all__ = ["EntitlementFeatureSpec"]


class EntitlementFeatureSpec(StripeModel):
    """A Stripe entitlement feature (``POST /v1/entitlements/features``), granted by the products
    that list it in their ``features``.

    Stripe can't delete a feature nor change its ``lookup_key``, and archiving one is permanent
    (an archived feature can't be changed or reactivated, and frees its lookup key): removing one
    archives it, adding it back creates a new feature with the same lookup key, and a new lookup
    key creates a new feature (the products granting the old one move to it, the old one is
    archived).
    """

    name: Annotated[str, Field(min_length=1, max_length=MAX_FEATURE_TEXT_LENGTH), UPDATABLE]
    """The feature's name, for your own use (≤80 characters; Stripe doesn't show it to
    customers)."""
    lookup_key: Annotated[
        str, Field(min_length=1, max_length=MAX_FEATURE_TEXT_LENGTH), FIXED
    ]
    """Your app's key for the feature (``api_access``), unique per Stripe account (≤80
    characters). The stack's ``paylinks:lookupKeyPrefix`` is put in front of it."""
    metadata: Annotated[Metadata | None, UPDATABLE] = None
    """Your own key/value data, stored on the Stripe feature."""

    rules = check_entitlement_feature
