"""Entitlement features and product features over HTTP, as stripe-python sends them: Stripe's
rules (lookup key unique among active features, no lookup key change, archiving is final, no
archived or doubly attached feature) and its list filters (archived features only when asked
for)."""

from __future__ import annotations

from typing import Any

import pytest
import stripe

from tests.support.emulator import EmulatorProcess


@pytest.fixture
def client(emulator: EmulatorProcess) -> stripe.StripeClient:
    return emulator.client()


def _refused(call: Any, param: str, fragment: str, status: int = 400) -> None:
    with pytest.raises(stripe.InvalidRequestError) as error:
        call()
    assert error.value.http_status == status, error.value.json_body
    assert error.value.param == param, error.value.json_body
    assert fragment in str(error.value.user_message), error.value.user_message


def test_features_are_renamed_archived_and_listed_as_stripe_does(
    client: stripe.StripeClient,
) -> None:
    features = client.v1.entitlements.features
    api = features.create(
        params={"name": "API access", "lookup_key": "api", "metadata": {"a": "1"}}
    )
    assert (api.object, api.active, api.lookup_key, api.metadata.to_dict()) == (
        "entitlements.feature", True, "api", {"a": "1"}
    )
    _refused(
        lambda: features.create(params={"name": "Other", "lookup_key": "api"}),
        "lookup_key",
        "already exists",
    )
    _refused(lambda: features.create(params={"name": "  ", "lookup_key": "x"}), "name", "blank")
    _refused(lambda: features.create(params={"name": "x" * 81, "lookup_key": "y"}), "name", "80")
    _refused(
        lambda: features.update(api.id, params={"lookup_key": "other"}),  # type: ignore[typeddict-unknown-key]
        "lookup_key",
        "unknown",
    )
    renamed = features.update(api.id, params={"name": "API", "metadata": {"a": ""}})
    assert (renamed.name, renamed.metadata.to_dict()) == ("API", {})

    sso = features.create(params={"name": "SSO", "lookup_key": "sso"})
    assert [f.id for f in features.list().data] == [sso.id, api.id]
    features.update(api.id, params={"active": False})
    assert [f.id for f in features.list().data] == [sso.id]
    assert [f.id for f in features.list(params={"archived": True}).data] == [api.id]
    assert [f.id for f in features.list(params={"archived": True, "lookup_key": "api"}).data] == [
        api.id
    ]
    assert features.list(params={"lookup_key": "api"}).data == []
    assert features.retrieve(api.id).active is False
    _refused(lambda: features.retrieve("feat_missing"), "id", "No such feature", 404)

    # Archiving is final ("permanently deactivate it"), and frees the lookup key.
    for change in ({"active": True}, {"name": "Back"}):
        with pytest.raises(stripe.InvalidRequestError) as refused:
            features.update(api.id, params=change)  # type: ignore[arg-type]
        assert "archived" in str(refused.value.user_message)
    again = features.create(params={"name": "API access", "lookup_key": "api"})
    assert again.id != api.id and again.active is True
    assert [f.id for f in features.list(params={"lookup_key": "api"}).data] == [again.id]


def test_a_product_attaches_an_active_feature_once_and_detaches_it(
    client: stripe.StripeClient,
) -> None:
    product = client.v1.products.create(params={"name": "Pro"}).id
    api = client.v1.entitlements.features.create(params={"name": "API", "lookup_key": "api2"})
    attached = client.v1.products.features.create(product, params={"entitlement_feature": api.id})
    assert attached.object == "product_feature"
    assert attached.entitlement_feature.id == api.id
    assert attached.entitlement_feature.name == "API"
    _refused(
        lambda: client.v1.products.features.create(
            product, params={"entitlement_feature": api.id}
        ),
        "entitlement_feature",
        "already attached",
    )
    _refused(
        lambda: client.v1.products.features.create(
            product, params={"entitlement_feature": "feat_missing"}
        ),
        "entitlement_feature",
        "No such feature",
    )
    _refused(
        lambda: client.v1.products.features.create(
            "prod_missing", params={"entitlement_feature": api.id}
        ),
        "product",
        "No such product",
        404,
    )
    listed = client.v1.products.features.list(product)
    assert [a.id for a in listed.data] == [attached.id]
    assert client.v1.products.features.retrieve(product, attached.id).id == attached.id

    old = client.v1.entitlements.features.create(params={"name": "Old", "lookup_key": "old"})
    client.v1.entitlements.features.update(old.id, params={"active": False})
    _refused(
        lambda: client.v1.products.features.create(
            product, params={"entitlement_feature": old.id}
        ),
        "entitlement_feature",
        "archived",
    )

    deleted = client.v1.products.features.delete(product, attached.id)
    assert (deleted.id, deleted.deleted) == (attached.id, True)
    assert client.v1.products.features.list(product).data == []
    _refused(
        lambda: client.v1.products.features.retrieve(product, attached.id),
        "id",
        "No such product_feature",
        404,
    )
    again = client.v1.products.features.create(product, params={"entitlement_feature": api.id})
    assert again.id != attached.id
    # A product holding features (and no prices) can still be deleted, as in Stripe.
    assert client.v1.products.delete(product).deleted is True
