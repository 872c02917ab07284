"""`plan_import` reads entitlement features, and the features attached to products as keys."""

from __future__ import annotations

from typing import Any

from paylinks.importer.translate import AccountSnapshot, Tag, plan_import
from schemas import Catalog
from tests.unit.importer.stripe_objects import owned, product


def feature(id_: str, name: str, lookup_key: str, **extra: Any) -> dict[str, Any]:
    """A feature as Stripe lists it (no ``created``: features are listed newest first)."""
    return {"id": id_, "object": "entitlements.feature", "name": name, "lookup_key": lookup_key,
            "active": True, "livemode": False, "metadata": {}, **extra}


API = feature("feat_1", "API access", "api_access", metadata={"tier": "pro"})
SSO = feature("feat_2", "SSO", "sso", **owned("dev", "single-sign-on"))
SAAS = AccountSnapshot(
    # `account` gives each product the ids of its attached features.
    products=[product("prod_A", "Pro plan", features=["feat_2", "feat_gone", "feat_1"])],
    entitlement_features=[SSO, API],
)


def test_features_and_the_products_granting_them_become_keys() -> None:
    plan = plan_import(SAAS)
    assert plan.catalog["entitlement_features"] == {
        "api-access": {"name": "API access", "lookup_key": "api_access",
                       "metadata": {"tier": "pro"}},
        "single-sign-on": {"name": "SSO", "lookup_key": "sso"},
    }
    assert plan.catalog["products"]["pro-plan"] == {
        "name": "Pro plan",
        "features": ["api-access", "single-sign-on"],
    }
    assert plan.notes == [
        "product prod_A: left out of its `features`: entitlement feature feat_gone, which is "
        "archived (only active features are read)"
    ]
    Catalog.model_validate(plan.catalog)


def test_adopt_tags_the_features_no_stack_owns() -> None:
    plan = plan_import(SAAS, "dev", adopt=True)
    assert Tag("entitlement_feature", "feat_1", "api-access") in plan.tags
    assert not any(tag.stripe_id == "feat_2" for tag in plan.tags), "an owned feature re-tagged"


def test_a_product_granting_no_imported_feature_has_no_features_field() -> None:
    plan = plan_import(AccountSnapshot(products=[product("prod_A", "Beans", features=["feat_x"])]))
    assert plan.catalog["products"]["beans"] == {"name": "Beans"}


def test_with_a_scope_a_feature_key_loses_the_prefix_the_stack_adds_back() -> None:
    # As for prices: staging's `paylinks:lookupKeyPrefix: 'staging:'` made `staging:sso`; kept,
    # its next deploy declared `staging:staging:sso` and replaced every feature.
    prefixed = feature("feat_3", "SSO", "staging:sso", **owned("staging", "single-sign-on"))
    dev = feature("feat_4", "SSO", "sso", **owned("dev", "single-sign-on"))
    snapshot = AccountSnapshot(entitlement_features=[prefixed, dev])
    assert plan_import(snapshot, "staging").catalog["entitlement_features"] == {
        "single-sign-on": {"name": "SSO", "lookup_key": "sso"}
    }
    both = plan_import(snapshot).catalog["entitlement_features"]
    assert sorted(entry["lookup_key"] for entry in both.values()) == ["sso", "staging:sso"]
