"""Entitlement features and the features attached to products: Stripe's shapes and rules, no HTTP.

Rules mirrored: a feature's `name` and `lookup_key` are required (≤ 80 characters) and not blank;
`lookup_key` is unique among the account's active features and can't change (not in the update
schema: an unknown parameter). Stripe has no feature delete: `active=false` archives it for good
(Stripe's API reference: "permanently deactivate it"): an archived feature can't be changed or
reactivated, and its lookup key is free for a new feature. The list leaves archived features out
unless asked for with `archived=true`. A product attaches a feature once, and never an archived
one; detaching deletes the attachment (`DELETE /v1/products/{product}/features/{id}`).
"""

from __future__ import annotations

from typing import Any

from emulator.exceptions import ResourceMissing
from emulator.models.common import EXPAND, LIST_PARAMS, Paginated, check_metadata, new_id
from emulator.models.stored import StoredModel
from emulator.params import Bool, Map, Obj, Str
from emulator.rules import rule

__all__ = [
    "ATTACH",
    "ATTACHED_LIST",
    "CREATE",
    "LIST",
    "UPDATE",
    "EntitlementFeatureModel",
    "ProductFeatureModel",
]

FEATURE_BLANK = rule(
    "entitlement_feature.blank", "a feature's name and lookup_key aren't blank"
)
LOOKUP_KEY_TAKEN = rule(
    "entitlement_feature.lookup_key_taken", "a lookup_key is unique among active features"
)
ARCHIVED_FOR_GOOD = rule(
    "entitlement_feature.archived", "an archived feature can't be changed or reactivated"
)
FEATURE_ARCHIVED = rule(
    "product_feature.feature_archived", "an archived feature can't be attached to a product"
)
ATTACHED_TWICE = rule(
    "product_feature.already_attached", "a product has a feature attached at most once"
)

_TEXT = Str(max_length=80)

#: `POST /v1/entitlements/features`.
CREATE = Obj(
    fields={"lookup_key": _TEXT, "metadata": Map(), "name": _TEXT, **EXPAND},
    required=("lookup_key", "name"),
)

#: `POST /v1/entitlements/features/{id}`: name, metadata and archiving; never the lookup key.
UPDATE = Obj(
    fields={"active": Bool(), "metadata": Map(emptyable=True), "name": _TEXT, **EXPAND}
)

#: `GET /v1/entitlements/features`.
LIST = LIST_PARAMS.with_fields({"archived": Bool(), "lookup_key": Str()})

#: `POST /v1/products/{product}/features`.
ATTACH = Obj(fields={"entitlement_feature": Str(), **EXPAND}, required=("entitlement_feature",))

#: `GET /v1/products/{product}/features`.
ATTACHED_LIST = LIST_PARAMS


class EntitlementFeatureModel(StoredModel):
    """Create, read, update (rename, archive) and list features (Stripe has no delete)."""

    kind = "entitlement_feature"
    label = "feature"
    missing_param = "id"

    def create(self, params: dict[str, Any]) -> dict[str, Any]:
        """A new active feature, after the blank and unique-lookup-key checks."""
        check_metadata(params.get("metadata"))
        for name in ("name", "lookup_key"):
            if not params[name].strip():
                raise FEATURE_BLANK.error(
                    f"Invalid {name}: a feature's {name} can't be blank.", param=name
                )
        feature = {
            "id": new_id("feat_test_"),
            "object": "entitlements.feature",
            "active": True,
            "livemode": False,
            "lookup_key": params["lookup_key"],
            "metadata": params.get("metadata", {}),
            "name": params["name"],
        }
        with self.store.transaction():
            if any(
                f["active"] and f["lookup_key"] == params["lookup_key"]
                for f in self.store.all(self.kind)
            ):
                raise LOOKUP_KEY_TAKEN.error(
                    f"An active feature with lookup_key `{params['lookup_key']}` already exists "
                    "in this account; archive it to reuse its lookup key.",
                    param="lookup_key",
                )
            self.store.insert(self.kind, feature)
        return feature

    def update(self, feature_id: str, params: dict[str, Any]) -> dict[str, Any]:
        """Rename, change metadata or archive (for good) an active feature."""
        if "name" in params and not params["name"].strip():
            raise FEATURE_BLANK.error(
                "Invalid name: a feature's name can't be blank.", param="name"
            )
        with self.changing(feature_id, params) as feature:
            if not feature["active"]:
                raise ARCHIVED_FOR_GOOD.error(
                    f"The feature `{feature_id}` is archived: an archived feature can't be "
                    "updated or reactivated. Create a new feature (its lookup key is free)."
                )
            for name in ("name", "active"):
                if name in params:
                    feature[name] = params[name]
        return feature

    def list(self, params: dict[str, Any], url: str) -> Paginated:
        """Newest first; active features unless `archived=true`; filtered by `lookup_key`."""
        archived = params.get("archived", False)
        features = [f for f in self.store.all(self.kind) if f["active"] is not archived]
        if "lookup_key" in params:
            features = [f for f in features if f["lookup_key"] == params["lookup_key"]]
        return self.list_page(features, params, url)


class ProductFeatureModel(StoredModel):
    """Attach, read, list and detach the features of a product."""

    kind = "product_feature"

    def _product(self, product_id: str) -> dict[str, Any]:
        """The product of the path (404 naming `product`, the path parameter, when missing)."""
        found = self.store.get("product", product_id)
        if found is None:
            raise ResourceMissing("product", product_id, param="product")
        return found

    def attach(self, product_id: str, params: dict[str, Any]) -> dict[str, Any]:
        """Attach an existing, active feature the product doesn't have yet."""
        with self.store.transaction():
            self._product(product_id)
            feature_id = params["entitlement_feature"]
            feature = self.backend.entitlement_features.get(
                feature_id, param="entitlement_feature"
            )
            if not feature["active"]:
                raise FEATURE_ARCHIVED.error(
                    f"The feature `{feature_id}` is archived (inactive) and can't be attached "
                    "to a product.",
                    param="entitlement_feature",
                )
            for attached in self.store.all(self.kind, parent=product_id):
                if attached["entitlement_feature"] == feature_id:
                    raise ATTACHED_TWICE.error(
                        f"The feature `{feature_id}` is already attached to product "
                        f"`{product_id}` ({attached['id']}).",
                        param="entitlement_feature",
                    )
            attachment = {
                "id": new_id("prodft_"),
                "object": "product_feature",
                "entitlement_feature": feature_id,
                "livemode": False,
                "_product": product_id,
            }
            self.store.insert(self.kind, attachment, parent=product_id)
        return attachment

    def get_of(self, product_id: str, attachment_id: str) -> dict[str, Any]:
        """The attachment `attachment_id` of that product (404 when either is missing)."""
        self._product(product_id)
        found = self.store.get(self.kind, attachment_id)
        if found is None or found.get("_product") != product_id:
            raise ResourceMissing("product_feature", attachment_id, param="id")
        return found

    def detach(self, product_id: str, attachment_id: str) -> dict[str, Any]:
        """Delete the attachment: the product no longer grants the feature."""
        with self.store.transaction():
            self.get_of(product_id, attachment_id)
            self.store.delete(attachment_id)
        return {"id": attachment_id, "object": "product_feature", "deleted": True}

    def list_of(self, product_id: str, params: dict[str, Any], url: str) -> Paginated:
        """The product's attachments, newest first."""
        self._product(product_id)
        return self.list_page(self.store.all(self.kind, parent=product_id), params, url)

    def render(self, stored: dict[str, Any]) -> dict[str, Any]:
        """As Stripe shows it: the attached feature as a whole object, as it is now."""
        shown = super().render(stored)
        feature = self.store.get("entitlement_feature", stored["entitlement_feature"])
        if feature is not None:
            shown["entitlement_feature"] = self.backend.entitlement_features.render(feature)
        return shown

    def detach_all(self, product_id: str) -> None:
        """Drop every attachment of a product being deleted."""
        for attached in self.store.all(self.kind, parent=product_id):
            self.store.delete(attached["id"])
