"""A customer's active entitlements: the features their live subscriptions grant, no HTTP.

Stripe: "When you create a subscription for a customer's recurring purchase of a product, an
active entitlement is automatically created for each feature associated with that product"
(docs.stripe.com/billing/billing-apis). So the list is derived, when asked, from the customer's
`active` and `trialing` subscriptions: each item's product, that product's attached features
(active ones), each feature once. One-time purchases grant nothing. An entitlement's id is
derived from the customer and the feature, so it is the same on every read (pagination
cursors hold) and the same feature keeps its id while it stays granted.
"""

from __future__ import annotations

import hashlib
from typing import Any

from emulator.models.common import LIST_PARAMS, Paginated, paginate
from emulator.models.stored import StoredModel
from emulator.models.subscription import LIVE_STATUSES
from emulator.params import Str

__all__ = ["LIST", "ActiveEntitlementModel"]

#: `GET /v1/entitlements/active_entitlements`.
LIST = LIST_PARAMS.with_fields({"customer": Str()}, required=("customer",))


class ActiveEntitlementModel(StoredModel):
    """List what a customer is entitled to now (nothing is stored: it follows the
    subscriptions and the products' features as they are)."""

    kind = "active_entitlement"
    label = "entitlements.active_entitlement"

    def of_customer(self, customer_id: str) -> list[dict[str, Any]]:
        """The customer's entitlements, one per feature, in subscription then item order."""
        self.backend.customers.get(customer_id, param="customer")
        granted: dict[str, dict[str, Any]] = {}
        for subscription in self.backend.subscriptions.of_customer(customer_id):
            if subscription["status"] not in LIVE_STATUSES:
                continue
            for item in subscription["items"]["data"]:
                for feature in self._features_of(str(item["price"]["product"])):
                    granted.setdefault(feature["id"], _entitlement(customer_id, feature))
        return list(granted.values())

    def _features_of(self, product_id: str) -> list[dict[str, Any]]:
        """The active features attached to a product, oldest attachment first."""
        features = []
        for attached in reversed(self.store.all("product_feature", parent=product_id)):
            feature = self.store.get("entitlement_feature", attached["entitlement_feature"])
            if feature is not None and feature["active"]:
                features.append(feature)
        return features

    def list(self, params: dict[str, Any], url: str) -> Paginated:
        """The customer's active entitlements, paginated as every list is."""
        return paginate(self.of_customer(params["customer"]), params, url, kind=self.label)


def _entitlement(customer_id: str, feature: dict[str, Any]) -> dict[str, Any]:
    """Stripe's `entitlements.active_entitlement`: the feature's id and its lookup key."""
    digest = hashlib.sha256(f"{customer_id}/{feature['id']}".encode()).hexdigest()[:24]
    return {
        "id": f"ent_test_{digest}",
        "object": "entitlements.active_entitlement",
        "feature": feature["id"],
        "livemode": False,
        "lookup_key": feature["lookup_key"],
    }
