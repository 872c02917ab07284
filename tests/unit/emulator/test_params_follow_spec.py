"""The emulator's request schemas follow the OpenAPI spec of the pinned Stripe API version.

The emulator plays Stripe, so it keeps its own parameter schemas (`emulator.models.*`); this test
walks each one beside the spec's (read from the Go module cache, see `tests.stripe_spec`): every
parameter the emulator takes, at any depth, is one Stripe takes, with the same "'' unsets it"
rule; every top-level parameter Stripe takes is taken by the emulator too, or listed below as
not emulated, with the reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from emulator.models import entitlement_feature, payment_link, price, product, webhook_endpoint
from emulator.params import Arr, Field, Obj, Str
from tests.stripe_spec import accepts_empty, item_schema, properties, stripe_spec, write_params

ROUTES: dict[str, tuple[str, bool, Obj]] = {
    "product.create": ("/v1/products", False, product.CREATE),
    "product.update": ("/v1/products", True, product.UPDATE),
    "price.create": ("/v1/prices", False, price.CREATE),
    "price.update": ("/v1/prices", True, price.UPDATE),
    "payment_link.create": ("/v1/payment_links", False, payment_link.CREATE),
    "payment_link.update": ("/v1/payment_links", True, payment_link.UPDATE),
    "webhook_endpoint.create": ("/v1/webhook_endpoints", False, webhook_endpoint.CREATE),
    "webhook_endpoint.update": ("/v1/webhook_endpoints", True, webhook_endpoint.UPDATE),
    "entitlement_feature.create": (
        "/v1/entitlements/features",
        False,
        entitlement_feature.CREATE,
    ),
    "entitlement_feature.update": ("/v1/entitlements/features", True, entitlement_feature.UPDATE),
    "product_feature.create": (
        "/v1/products/{product}/features",
        False,
        entitlement_feature.ATTACH,
    ),
}

NOT_EMULATED: dict[str, str] = {}
"""``route.param`` Stripe takes that the emulator refuses as unknown, and why."""


def _differences(ours: Field, spec: Mapping[str, Any], path: str) -> list[str]:
    found = []
    if ours.emptyable != accepts_empty(spec) and not isinstance(ours, Str):  # '' is a string
        found.append(
            f"{path}: '' (unset) is {'accepted' if ours.emptyable else 'refused'} by the "
            f"emulator but {'accepted' if accepts_empty(spec) else 'refused'} by Stripe"
        )
    if isinstance(ours, Obj):
        allowed = properties(spec)
        for name, field in ours.fields.items():
            where = f"{path}[{name}]" if path else name
            if name not in allowed:
                found.append(f"{where}: the emulator takes it, Stripe doesn't")
            else:
                found += _differences(field, allowed[name], where)
    elif isinstance(ours, Arr):
        items = item_schema(spec)
        if items is None:
            found.append(f"{path}: an array in the emulator, not in Stripe")
        else:
            found += _differences(ours.item, items, f"{path}[]")
    return found


@pytest.mark.parametrize("route", list(ROUTES))
def test_every_emulated_parameter_is_one_stripe_takes(route: str) -> None:
    api_path, update, schema = ROUTES[route]
    spec = {"properties": write_params(stripe_spec(), api_path, update=update)}
    differences = _differences(schema, spec, "")
    assert differences == [], f"{route}:\n" + "\n".join(differences)


@pytest.mark.parametrize("route", list(ROUTES))
def test_every_stripe_parameter_is_emulated_or_listed(route: str) -> None:
    api_path, update, schema = ROUTES[route]
    spec_params = set(write_params(stripe_spec(), api_path, update=update))
    missing = {
        name for name in spec_params - set(schema.fields) if f"{route}.{name}" not in NOT_EMULATED
    }
    assert missing == set(), f"{route}: Stripe takes {sorted(missing)}, the emulator doesn't"
