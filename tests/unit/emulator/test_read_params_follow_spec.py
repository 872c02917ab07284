"""The emulator's list, retrieve and delete routes take exactly the query parameters the pinned
spec gives them (filters such as `created[gte]`, pagination, `expand`), and its `expand[]`
accepts exactly the spec's expandable fields. The create/update bodies are checked by
test_params_follow_spec.py; together every parameter of every served route is covered.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from emulator.models.backend import EXPANDABLE
from emulator.params import Field, Obj
from emulator.responses import ACTIONS
from tests.integration.emulator.spec_corpus import route_params
from tests.stripe_spec import properties, stripe_spec

ROUTES: dict[str, tuple[str, str]] = {
    "product.list": ("GET", "/v1/products"),
    "product.retrieve": ("GET", "/v1/products/{id}"),
    "product.delete": ("DELETE", "/v1/products/{id}"),
    "price.list": ("GET", "/v1/prices"),
    "price.retrieve": ("GET", "/v1/prices/{price}"),
    "payment_link.list": ("GET", "/v1/payment_links"),
    "payment_link.retrieve": ("GET", "/v1/payment_links/{payment_link}"),
    "payment_link.line_items": ("GET", "/v1/payment_links/{payment_link}/line_items"),
    "webhook_endpoint.list": ("GET", "/v1/webhook_endpoints"),
    "webhook_endpoint.retrieve": ("GET", "/v1/webhook_endpoints/{webhook_endpoint}"),
    "webhook_endpoint.delete": ("DELETE", "/v1/webhook_endpoints/{webhook_endpoint}"),
    "entitlement_feature.list": ("GET", "/v1/entitlements/features"),
    "entitlement_feature.retrieve": ("GET", "/v1/entitlements/features/{id}"),
    "product_feature.list": ("GET", "/v1/products/{product}/features"),
    "product_feature.retrieve": ("GET", "/v1/products/{product}/features/{id}"),
    "product_feature.delete": ("DELETE", "/v1/products/{product}/features/{id}"),
    "customer.list": ("GET", "/v1/customers"),
    "customer.retrieve": ("GET", "/v1/customers/{customer}"),
    "subscription.list": ("GET", "/v1/subscriptions"),
    "subscription.retrieve": ("GET", "/v1/subscriptions/{subscription_exposed_id}"),
    "active_entitlement.list": ("GET", "/v1/entitlements/active_entitlements"),
}


def _nested_differences(ours: Field, spec: Mapping[str, Any], path: str) -> list[str]:
    if not isinstance(ours, Obj):
        return []
    allowed = properties(spec)
    found = []
    for name, field in ours.fields.items():
        if name not in allowed:
            found.append(f"{path}[{name}]: the emulator takes it, Stripe doesn't")
        else:
            found += _nested_differences(field, allowed[name], f"{path}[{name}]")
    return found


@pytest.mark.parametrize("action", list(ROUTES))
def test_query_parameters_are_the_specs(action: str) -> None:
    method, path = ROUTES[action]
    spec_params, _required = route_params(stripe_spec(), method, path)
    schema = ACTIONS[action].schema
    ours = set(schema.fields)
    assert ours - set(spec_params) == set(), f"{action}: invented {sorted(ours - set(spec_params))}"
    assert set(spec_params) - ours == set(), f"{action}: missing {sorted(set(spec_params) - ours)}"
    nested = [
        difference
        for name, field in schema.fields.items()
        for difference in _nested_differences(field, spec_params[name], name)
    ]
    assert nested == [], "\n".join(nested)


@pytest.mark.parametrize(
    "kind",
    [
        "product",
        "price",
        "payment_link",
        "item",
        "webhook_endpoint",
        "entitlements.feature",
        "product_feature",
        "customer",
        "subscription",
        "subscription_item",
        "entitlements.active_entitlement",
    ],
)
def test_expandable_fields_are_the_specs(kind: str) -> None:
    component = stripe_spec()["components"]["schemas"][kind]
    assert EXPANDABLE.get(kind, frozenset()) == set(component.get("x-expandableFields", ()))


def test_a_checkout_session_expands_what_the_spec_says_but_its_payment_intent() -> None:
    component = stripe_spec()["components"]["schemas"]["checkout.session"]
    spec = set(component.get("x-expandableFields", ()))
    assert spec - EXPANDABLE["checkout.session"] == {"payment_intent"}
    assert EXPANDABLE["checkout.session"] - spec == set()
