"""`plan_import`: what an account becomes as a catalog, and which objects `--adopt` tags."""

from __future__ import annotations

from paylinks.importer.translate import AccountSnapshot, Tag, plan_import, unscoped_lookup_key
from schemas import Catalog
from tests.unit.importer.stripe_objects import endpoint, link, owned, price, product

SHOP = AccountSnapshot(
    products=[product("prod_A", "Beans"), product("prod_B", "Tip jar", created=2)],
    prices=[
        price("price_1", "prod_A", 1400, lookup_key="beans_bag"),
        price("price_2", "prod_B", amount=0, unit_amount=None, unit_amount_decimal=None,
              custom_unit_amount={"minimum": 100, "maximum": None, "preset": 500}),
    ],
    payment_links=[link("plink_1", "price_1"), link("plink_2", "price_2", created=2)],
    webhook_endpoints=[endpoint("we_1", "https://shop.example/hooks/stripe")],
)


def test_an_unmanaged_account_becomes_a_valid_minimal_catalog() -> None:
    plan = plan_import(SHOP)
    assert {section: entries for section, entries in plan.catalog.items() if entries} == {
        "products": {"beans": {"name": "Beans"}, "tip-jar": {"name": "Tip jar"}},
        "prices": {
            "beans-bag": {"product": "beans", "currency": "eur", "unit_amount": 1400,
                          "lookup_key": "beans_bag"},
            "tip-jar": {"product": "tip-jar", "currency": "eur",
                        "custom_unit_amount": {"enabled": True, "minimum": 100, "preset": 500}},
        },
        "payment_links": {
            "beans-bag": {"line_items": [{"price": "beans-bag", "quantity": 1}]},
            "tip-jar": {"line_items": [{"price": "tip-jar", "quantity": 1}]},
        },
        "webhook_endpoints": {
            "shop-example-hooks-stripe": {"url": "https://shop.example/hooks/stripe",
                                          "enabled_events": ["checkout.session.completed"]},
        },
    }
    Catalog.model_validate(plan.catalog)
    assert plan.tags == [] and plan.notes == []


def test_webhook_secrets_are_never_in_the_catalog() -> None:
    assert "whsec_" not in repr(plan_import(SHOP, "test", adopt=True).catalog)


def test_adopt_tags_every_object_and_pins_product_ids() -> None:
    plan = plan_import(SHOP, "test", adopt=True)
    assert plan.catalog["products"]["beans"] == {"id": "prod_A", "name": "Beans"}
    assert set(plan.tags) == {
        Tag("product", "prod_A", "beans"),
        Tag("product", "prod_B", "tip-jar"),
        Tag("price", "price_1", "beans-bag"),
        Tag("price", "price_2", "tip-jar"),
        Tag("payment_link", "plink_1", "beans-bag"),
        Tag("payment_link", "plink_2", "tip-jar"),
        Tag("webhook_endpoint", "we_1", "shop-example-hooks-stripe"),
    }
    hook_tag = next(t for t in plan.tags if t.kind == "webhook_endpoint")
    assert hook_tag.metadata("test") == {"paylinks_scope": "test",
                                         "paylinks_key": "shop-example-hooks-stripe",
                                         "paylinks_imported": "true"}
    assert plan.catalog["prices"]["beans-bag"]["lookup_key"] == "beans_bag", (
        "an account's own lookup key must be imported as it is (apps already use it)"
    )
    assert not any("lookup key" in note for note in plan.notes)


def test_objects_paylinks_made_keep_their_keys_and_are_not_retagged() -> None:
    snapshot = AccountSnapshot(
        products=[product("prod_pl_dev_house", "Renamed since", **owned("dev", "house"))],
        prices=[price("price_9", "prod_pl_dev_house", lookup_key="dev:house_bag",
                      **owned("dev", "house-bag"))],
        webhook_endpoints=[endpoint("we_9", "https://x.example/h", **owned("dev", "hook"))],
    )
    plan = plan_import(snapshot, "dev", adopt=True)
    assert plan.catalog["products"] == {"house": {"name": "Renamed since"}}, (
        "a deterministic product id must not be written (the provider derives it)"
    )
    assert plan.catalog["prices"]["house-bag"]["lookup_key"] == "house_bag"
    assert plan.tags == [], "a managed object (even a webhook endpoint) must not be re-tagged"


def test_a_scope_leaves_out_what_another_stack_manages() -> None:
    snapshot = AccountSnapshot(
        products=[product("prod_pl_dev_house", "House", **owned("dev", "house")),
                  product("prod_X", "Loose")],
    )
    plan = plan_import(snapshot, "staging", adopt=True)
    assert list(plan.catalog["products"]) == ["loose"]
    assert plan.tags == [Tag("product", "prod_X", "loose")]
    assert any("prod_pl_dev_house" in note and "'dev'" in note for note in plan.notes)


def test_same_names_get_distinct_keys_in_creation_order() -> None:
    snapshot = AccountSnapshot(
        products=[product("prod_new", "Tip", created=5), product("prod_old", "Tip", created=1)],
    )
    plan = plan_import(snapshot, "test", adopt=True)
    assert plan.catalog["products"] == {"tip": {"id": "prod_old", "name": "Tip"},
                                        "tip-2": {"id": "prod_new", "name": "Tip"}}


def test_derived_keys_never_take_a_key_paylinks_already_uses() -> None:
    snapshot = AccountSnapshot(
        products=[product("prod_X", "Beans", created=1),
                  product("prod_pl_t_beans", "Old beans", created=2, **owned("t", "beans"))],
    )
    plan = plan_import(snapshot, "t")
    assert plan.catalog["products"] == {"beans-2": {"name": "Beans"},
                                        "beans": {"name": "Old beans"}}


def test_prices_are_named_by_lookup_key_nickname_or_interval() -> None:
    snapshot = AccountSnapshot(
        products=[product("prod_A", "Club")],
        prices=[
            price("p1", "prod_A", recurring={"interval": "month", "interval_count": 1}),
            price("p2", "prod_A", recurring={"interval": "month", "interval_count": 3}),
            price("p3", "prod_A", nickname="Founders rate"),
            price("p4", "prod_A"),
        ],
    )
    assert set(plan_import(snapshot).catalog["prices"]) == {
        "club-monthly", "club-every-3-months", "founders-rate", "club"
    }


def test_what_payment_links_cannot_sell_is_skipped_with_a_note() -> None:
    snapshot = AccountSnapshot(
        products=[product("prod_A", "Seats")],
        prices=[price("p_tiered", "prod_A", unit_amount=None, billing_scheme="tiered"),
                price("p_orphan", "prod_gone")],
        payment_links=[link("plink_1", "p_tiered")],
    )
    plan = plan_import(snapshot)
    assert plan.catalog["prices"] == {} and plan.catalog["payment_links"] == {}
    assert len(plan.notes) == 3, plan.notes
    assert any("p_tiered" in note and "tiered" in note for note in plan.notes)
    assert any("plink_1" in note for note in plan.notes)


def test_a_link_keeps_settings_and_drops_the_implied_currency() -> None:
    snapshot = AccountSnapshot(
        products=[product("prod_A", "Beans")],
        prices=[price("p1", "prod_A", created=1), price("p2", "prod_A", 2000, created=2)],
        payment_links=[link(
            "plink_1", "p1", "p2",
            submit_type="auto",
            payment_method_types=["card", "sepa_debit"],
            after_completion={"type": "hosted_confirmation",
                              "hosted_confirmation": {"custom_message": "Thanks!"}},
            metadata={"channel": "web", "paylinks_scope": "x", "paylinks_key": "!!"},
        )],
    )
    (entry,) = plan_import(snapshot).catalog["payment_links"].values()
    assert entry == {
        "line_items": [{"price": "beans", "quantity": 1}, {"price": "beans-2", "quantity": 1}],
        "after_completion": {"type": "hosted_confirmation",
                             "hosted_confirmation": {"custom_message": "Thanks!"}},
        "metadata": {"channel": "web"},
        "payment_method_types": ["card", "sepa_debit"],
    }


def test_a_disabled_endpoint_is_declared_disabled() -> None:
    snapshot = AccountSnapshot(
        webhook_endpoints=[endpoint("we_1", "https://x.example/h", status="disabled",
                                    description="Fulfilment")]
    )
    assert plan_import(snapshot).catalog["webhook_endpoints"] == {
        "fulfilment": {"url": "https://x.example/h", "description": "Fulfilment",
                       "enabled_events": ["checkout.session.completed"], "disabled": True}
    }


def test_unscoping_only_strips_a_known_scope() -> None:
    assert unscoped_lookup_key("dev:pro", ["dev"]) == "pro"
    assert unscoped_lookup_key("dev:pro", [None, "staging"]) == "dev:pro"
    assert unscoped_lookup_key("pro", ["dev"]) == "pro"




def _two_stacks_sharing_keys() -> AccountSnapshot:
    """dev and staging (``paylinks:lookupKeyPrefix: 'staging:'``) selling the same catalog."""
    return AccountSnapshot(
        products=[product("prod_pl_dev_house", "House", **owned("dev", "house")),
                  product("prod_pl_staging_house", "House", **owned("staging", "house"))],
        prices=[price("price_1", "prod_pl_dev_house", lookup_key="house_bag",
                      **owned("dev", "house-bag")),
                price("price_2", "prod_pl_staging_house", lookup_key="staging:house_bag",
                      **owned("staging", "house-bag"))],
    )


def test_without_a_scope_lookup_keys_stay_as_stripe_holds_them() -> None:
    # Stripping each owner's scope made dev's `house_bag` and staging's `staging:house_bag` one
    # key twice: the import refused its own catalog ("please report").
    plan = plan_import(_two_stacks_sharing_keys())
    keys = sorted(entry["lookup_key"] for entry in plan.catalog["prices"].values())
    assert keys == ["house_bag", "staging:house_bag"]
    Catalog.model_validate(plan.catalog)


def test_with_a_scope_its_prefix_is_left_to_the_stack() -> None:
    plan = plan_import(_two_stacks_sharing_keys(), "staging")
    assert plan.catalog["prices"] == {
        "house-bag": {"product": "house", "currency": "eur", "unit_amount": 1000,
                      "lookup_key": "house_bag"}
    }
