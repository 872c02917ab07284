"""The one field description per kind, read from the catalog models' marks."""

from __future__ import annotations

from typing import Annotated, get_args

import pytest

from schemas.base import StripeModel
from schemas.kinds import KINDS, describe, reference_sites, resolve_references
from schemas.lifecycle import UPDATABLE, Reference
from schemas.resource import ResourceKind


def test_a_model_field_without_a_lifecycle_mark_is_refused() -> None:
    class Unmarked(StripeModel):
        name: Annotated[str, UPDATABLE]
        colour: str | None = None

    with pytest.raises(TypeError, match=r"Unmarked\.colour needs exactly one lifecycle mark"):
        describe("thing", Unmarked, section="things", api_path="/v1/things")


def test_references_are_found_at_any_depth() -> None:
    class Item(StripeModel):
        price: Annotated[str, Reference("price")]

    class Holder(StripeModel):
        items: Annotated[list[Item] | None, UPDATABLE] = None

    description = describe("holder", Holder, section="holders", api_path="/v1/holders")
    assert description.references == {("items", "[]", "price"): "price"}


def test_kinds_describe_what_links_and_prices_reference() -> None:
    assert KINDS["price"].references == {("product",): "product"}
    assert KINDS["payment_link"].references == {
        ("line_items", "[]", "price"): "price",
        ("optional_items", "[]", "price"): "price",
        ("shipping_options", "[]", "shipping_rate"): "shipping_rate",
    }
    assert KINDS["payment_link"].fixed_inside == {("line_items", "[]", "price")}
    assert KINDS["shipping_rate"].fixed_inside == {
        ("fixed_amount", "amount"),
        ("fixed_amount", "currency"),
    }
    assert list(KINDS) == [
        "entitlement_feature",
        "product",
        "price",
        "coupon",
        "promotion_code",
        "shipping_rate",
        "payment_link",
        "webhook_endpoint",
    ]
    assert KINDS["promotion_code"].references == {("promotion", "coupon"): "coupon"}
    assert KINDS["coupon"].references == {("applies_to", "products", "[]"): "product"}
    assert KINDS["product"].references == {("features", "[]"): "entitlement_feature"}
    assert KINDS["product"].attached == {"features"}
    assert "features" not in KINDS["product"].updatable | KINDS["product"].fixed


def test_resolve_replaces_every_reference_and_nothing_else() -> None:
    link = {
        "line_items": [{"price": "beans", "quantity": 1}],
        "optional_items": [{"price": "filters", "quantity": 2}],
        "metadata": {"price": "beans"},
    }
    resolved = resolve_references("payment_link", link, lambda kind, key: f"{kind}_id_{key}")
    assert resolved == {
        "line_items": [{"price": "price_id_beans", "quantity": 1}],
        "optional_items": [{"price": "price_id_filters", "quantity": 2}],
        "metadata": {"price": "beans"},
    }
    assert link["optional_items"][0]["price"] == "filters", "the input was changed"


def test_reference_sites_tolerate_ill_typed_data() -> None:
    sites = reference_sites("payment_link", {"line_items": "nope", "optional_items": [None, {}]})
    assert sites == []


def test_every_kind_has_a_name_the_type_checker_knows_and_an_import() -> None:
    from paylinks.importer.translate import IMPORTS

    assert set(get_args(ResourceKind)) == set(KINDS)
    assert {kind_import.kind for kind_import in IMPORTS} == set(KINDS)
