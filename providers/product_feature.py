"""A product granting an entitlement feature: one small resource per (product, feature) pair.

Stripe keeps a product's features as sub-resources (``POST /v1/products/{id}/features`` attaches,
``DELETE /v1/products/{id}/features/{attachment}`` detaches), not as a product parameter. So each
key in a product's ``features`` becomes one `ProductFeature`: create attaches, delete detaches, and
it depends on both the product and the feature through their ``id`` outputs. Why one resource per
attachment rather than a list on the product: Pulumi then orders every step by itself (a new
feature exists before it is attached, a detach runs before an archive, a replaced feature's
attachment moves to the new one before the old one is archived), the plan and the review show each
grant on its own, and ``refresh`` sees a detach made in the Dashboard as that one resource gone.

Nothing here can change in place: another product or feature is another attachment (replace).
An attachment carries no metadata, so adoption after a crash is by the pair itself: ``create``
lists the product's features first and takes over an attachment of the same feature.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import stripe
from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    CreateResult,
    DiffResult,
    ReadResult,
    UpdateResult,
)

from schemas.unknown import is_unknown

from . import stripe_client
from .base import TARGET_FIELD, StripeResourceProvider, fetch_or_none, was_replayed
from .dynamic_server import with_unknown_markers
from .errors import StripeCallError
from .idempotency import create_key
from .resource import StripeResource
from .stripe_client import StripeObject

__all__ = [
    "ProductFeature",
    "ProductFeatureArgs",
    "ProductFeatureProvider",
    "attached_feature_ids",
    "list_attachments",
]

ProductFeatureArgs = Mapping[str, Any]
"""Inputs of a `ProductFeature`: ``product`` and ``entitlement_feature`` (Stripe ids, from the
`Product` and `EntitlementFeature` outputs), ``product_key`` and ``key`` (the product's and the
feature's catalog keys) and ``scope``."""

_FIELDS = ("product", "entitlement_feature", "product_key", "key", "scope")
"""Every input; a change of any of them is another attachment."""


def _feature_id(attachment: Mapping[str, Any]) -> Any:
    feature = attachment.get("entitlement_feature")
    return feature.get("id") if isinstance(feature, Mapping) else feature


def list_attachments(product: str) -> list[StripeObject]:
    """Every feature attachment of `product`, newest first (one paginated listing)."""
    return list(
        stripe_client.list_all(
            f"list features of product {product}",
            lambda client, params: client.v1.products.features.list(
                product,
                params=params,  # type: ignore[arg-type]
            ),
        )
    )


def attached_feature_ids(product: str) -> list[str]:
    """The ids of the features attached to `product`, in the order they were attached."""
    ids = [_feature_id(attachment) for attachment in reversed(list_attachments(product))]
    return [feature for feature in ids if isinstance(feature, str)]


class ProductFeatureProvider(StripeResourceProvider):
    """Attach on create, detach on delete; nothing updates in place.

    Shares the base's configuration and its Stripe-identity guard; the per-kind lifecycle of the
    base (adoption by metadata, in-place updates) doesn't apply to an attachment and is replaced
    by the methods below.
    """

    label = "product feature"

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Every input present (a product, a feature, both keys, the scope)."""
        failures = [
            CheckFailure(name, f"a product feature needs `{name}` (a non-empty string)")
            for name in _FIELDS
            if not is_unknown(with_unknown_markers(news.get(name)))
            and not (isinstance(news.get(name), str) and news.get(name))
        ]
        return CheckResult(news, failures)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """Another product, feature or key is another attachment: replace (attach the new pair
        before detaching the old one; they can't collide, the pairs differ)."""
        self.ensure_same_stripe(olds)
        changed = [
            name
            for name in _FIELDS
            if is_unknown(with_unknown_markers(news.get(name))) or olds.get(name) != news.get(name)
        ]
        return DiffResult(changes=bool(changed), replaces=changed, delete_before_replace=False)

    def create(self, props: dict[str, Any]) -> CreateResult:
        """Take over the product's attachment of this feature if there is one, else attach."""
        declared = {name: props.get(name) for name in _FIELDS}
        product, feature = str(declared["product"]), str(declared["entitlement_feature"])
        existing = next(
            (a for a in list_attachments(product) if _feature_id(a) == feature), None
        )
        attachment = existing or self._attach(declared)
        return CreateResult(attachment["id"], self._outputs(declared, attachment["id"]))

    def update(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """Only Pulumi's own state changes (every real change replaces): keep the outputs."""
        self.ensure_same_stripe(olds)
        return UpdateResult(self._outputs({name: news.get(name) for name in _FIELDS}, _id))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """The attachment as Stripe has it; empty id when it was detached (drift)."""
        self.ensure_same_stripe(props)
        product = str(props.get("product"))
        found = fetch_or_none(
            f"read product feature {id_} of product {product}",
            lambda client: client.v1.products.features.retrieve(product, id_),
        )
        if found is None:
            return ReadResult("", {}, None)
        declared = {name: props.get(name) for name in _FIELDS}
        declared["entitlement_feature"] = _feature_id(found)
        return ReadResult(id_, self._outputs(declared, id_), dict(declared))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """Detach; already detached (or the product gone) is fine."""
        self.ensure_same_stripe(props)
        product = str(props.get("product"))
        try:
            stripe_client.call(
                f"detach entitlement feature {props.get('key')} from product "
                f"{props.get('product_key')}",
                lambda client: client.v1.products.features.delete(product, id_),
            )
        except StripeCallError as error:
            if not error.is_missing:
                raise

    # ----- Stripe calls ----------------------------------------------------------------------

    def _attach(self, declared: Mapping[str, Any]) -> StripeObject:
        """One attach with a deterministic idempotency key; a replay describing an attachment
        detached since (re-attached within 24 h) attaches once more with a salted key."""
        product = str(declared["product"])
        params = {"entitlement_feature": str(declared["entitlement_feature"])}
        action = (
            f"attach entitlement feature {declared['key']} to product {declared['product_key']}"
        )
        salt = ""
        for _ in range(3):
            key = create_key(
                "product_feature", str(declared["scope"]), f"{product}/{declared['key']}", params,
                salt,
            )
            response = stripe_client.call(
                action,
                lambda client, k=key: client.v1.products.features.create(  # type: ignore[misc]
                    product, params=params, options={"idempotency_key": k}
                ),
            )
            attached = stripe_client.plain(response)
            if not was_replayed(response) or fetch_or_none(
                f"read product feature {attached['id']}",
                lambda client, a=attached["id"]: client.v1.products.features.retrieve(  # type: ignore[misc]
                    product, a
                ),
            ):
                return attached
            salt = attached["id"]
        raise StripeCallError(f"{action} failed: replays kept coming")

    def _outputs(self, declared: Mapping[str, Any], attachment_id: str) -> dict[str, Any]:
        return {
            **declared,
            "stripe_id": attachment_id,
            TARGET_FIELD: stripe_client.current_identity().text(),
        }

    def service(self, client: stripe.StripeClient) -> Any:
        return client.v1.products.features


class ProductFeature(StripeResource, module="paylinks", name="ProductFeature"):
    """A product granting an entitlement feature (one attachment in Stripe)."""

    provider_class = ProductFeatureProvider

