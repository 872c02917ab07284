"""The entitlement feature and product feature providers over HTTP against the emulator: what a
crash leaves behind is adopted, not duplicated; an archived feature is final (re-adding makes a
new one); re-attaching after a detach within Stripe's 24 h idempotency window really attaches
again."""

from __future__ import annotations

from typing import Any

import pytest

from providers import EntitlementFeatureProvider, ProductFeatureProvider, ProductProvider
from providers.adoption import forget_all_indexes
from tests.support.emulator import EmulatorProcess
from tests.support.providers import with_provider

pytestmark = pytest.mark.usefixtures("stripe_env")

SCOPE = "itest"


def _create(provider: Any, inputs: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    result = provider.create(with_provider(inputs))
    assert result.outs is not None
    return result.id, result.outs


def _feature(key: str = "api", lookup_key: str = "api_access") -> dict[str, Any]:
    return {"key": key, "scope": SCOPE, "name": "API access", "lookup_key": lookup_key}


def test_a_feature_left_by_a_crash_is_adopted_but_an_archived_one_is_final(
    stripe_env: EmulatorProcess,
) -> None:
    stripe = stripe_env.client()
    ours = {"paylinks_scope": SCOPE, "paylinks_key": "api"}
    orphan = stripe.v1.entitlements.features.create(
        params={"name": "Old name", "lookup_key": "api_access", "metadata": ours}
    )
    forget_all_indexes()
    feature_id, outputs = _create(EntitlementFeatureProvider(), _feature())
    assert feature_id == orphan.id, "the crash's feature was duplicated"
    assert stripe.v1.entitlements.features.retrieve(orphan.id).name == "API access"

    # Removed (archived), then added back: Stripe can't reactivate it, so a new feature.
    EntitlementFeatureProvider().delete(feature_id, outputs)
    EntitlementFeatureProvider().delete(feature_id, outputs)  # archived already: fine
    assert EntitlementFeatureProvider().read(feature_id, outputs).id == "", "not gone"
    forget_all_indexes()
    again, _ = _create(EntitlementFeatureProvider(), _feature())
    assert again != orphan.id
    active = stripe.v1.entitlements.features.list(params={"lookup_key": "api_access"}).data
    assert [f.id for f in active] == [again]


def test_an_attachment_left_by_a_crash_is_taken_over_and_a_re_attach_attaches(
    stripe_env: EmulatorProcess,
) -> None:
    stripe = stripe_env.client()
    product_id, _ = _create(ProductProvider(), {"key": "pro", "scope": SCOPE, "name": "Pro"})
    feature_id, _ = _create(EntitlementFeatureProvider(), _feature())
    grant = {"product": product_id, "entitlement_feature": feature_id, "product_key": "pro",
             "key": "api", "scope": SCOPE}
    first, outputs = _create(ProductFeatureProvider(), grant)
    again, _ = _create(ProductFeatureProvider(), grant)  # the state was lost: take it over
    assert again == first and outputs["stripe_id"] == first
    assert [a.id for a in stripe.v1.products.features.list(product_id).data] == [first]

    ProductFeatureProvider().delete(first, outputs)
    ProductFeatureProvider().delete(first, outputs)  # already detached: fine
    assert stripe.v1.products.features.list(product_id).data == []
    reattached, _ = _create(ProductFeatureProvider(), grant)  # same idempotency key, replayed
    assert reattached != first
    assert [a.id for a in stripe.v1.products.features.list(product_id).data] == [reattached]
