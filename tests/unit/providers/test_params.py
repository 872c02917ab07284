"""The parameters providers send: only what Stripe accepts for each call."""

from __future__ import annotations

from providers import PaymentLinkProvider, PriceProvider, WebhookEndpointProvider
from providers.ownership import product_id_for
from providers.payment_link import price_set

PRICE = {
    "key": "pro-monthly",
    "scope": "dev",
    "product": "prod_1",
    "currency": "USD",
    "unit_amount": 1500.0,
    "lookup_key": "pro",
    "metadata": {"team": "growth"},
}


def test_price_create_params_carry_ownership_and_take_over_the_lookup_key() -> None:
    provider = PriceProvider()
    params = provider.create_params(provider.declare(PRICE))
    assert params == {
        "product": "prod_1",
        "currency": "usd",
        "unit_amount": 1500,
        "active": True,
        "lookup_key": "pro",
        "transfer_lookup_key": True,
        "metadata": {"team": "growth", "paylinks_scope": "dev", "paylinks_key": "pro-monthly"},
    }
    assert isinstance(params["unit_amount"], int)


def test_update_sends_only_the_changed_updatable_fields_and_unsets_removed_ones() -> None:
    provider = PriceProvider()
    old = provider.declare({**PRICE, "nickname": "Pro"})
    new = provider.declare({**PRICE, "metadata": {"owner": "x"}})
    changed = [f for f in provider.changed_fields(old, new) if f in provider.updatable]
    assert changed == ["metadata", "nickname"]
    params = provider.update_params("price_1", old, new, changed)
    assert params == {
        "nickname": "",
        "metadata": {
            "owner": "x",
            "team": "",
            "paylinks_scope": "dev",
            "paylinks_key": "pro-monthly",
        },
    }


def test_link_line_items_update_names_existing_items_by_price() -> None:
    existing = [
        {
            "id": "li_1",
            "price": {"id": "price_a"},
            "quantity": 1,
            "adjustable_quantity": {"enabled": True, "maximum": 5, "minimum": 1},
        },
        {"id": "li_2", "price": {"id": "price_b"}, "quantity": 1, "adjustable_quantity": None},
    ]
    wanted = [
        {"price": "price_b", "quantity": 4, "adjustable_quantity": {"enabled": True, "maximum": 9}},
        {"price": "price_a", "quantity": 2},
    ]
    assert PaymentLinkProvider._line_item_updates(existing, wanted) == [
        {"id": "li_2", "quantity": 4, "adjustable_quantity": {"enabled": True, "maximum": 9}},
        {"id": "li_1", "quantity": 2, "adjustable_quantity": {"enabled": False}},
    ]


def test_link_create_params_leave_out_the_check_only_price_facts() -> None:
    provider = PaymentLinkProvider()
    params = provider.create_params(
        provider.declare(
            {
                "key": "sale",
                "scope": "dev",
                "line_items": [{"price": "price_a", "quantity": 1.0}],
                "line_item_prices": [{"currency": "usd"}],
                "allow_promotion_codes": True,
            }
        )
    )
    assert params == {
        "line_items": [{"price": "price_a", "quantity": 1}],
        "allow_promotion_codes": True,
        "metadata": {"paylinks_scope": "dev", "paylinks_key": "sale"},
    }


def test_webhook_create_params_leave_out_disabled() -> None:
    provider = WebhookEndpointProvider()
    params = provider.create_params(
        provider.declare(
            {
                "key": "h",
                "scope": "dev",
                "url": "https://x",
                "enabled_events": ["*"],
            }
        )
    )
    assert "disabled" not in params


def test_price_set_ignores_order_and_refuses_unknowns() -> None:
    a = [{"price": "p1"}, {"price": "p2"}]
    assert price_set(a) == price_set(list(reversed(a)))
    assert price_set([{"price": "04da6b54-80e4-46f7-96ec-b56ff0331ba9"}]) is None


def test_product_ids_are_scoped_and_lookup_keys_are_sent_as_declared() -> None:
    assert product_id_for("dev", "pro-plan") == "prod_pl_dev_pro_plan"
    assert product_id_for("my stack", "a.b") == "prod_pl_my_stack_a_b"
    declared = PriceProvider().declare({**PRICE, "lookup_key": "pro_monthly"})
    assert declared["lookup_key"] == "pro_monthly"
    params = PriceProvider().create_params(declared)
    assert params["lookup_key"] == "pro_monthly" and params["transfer_lookup_key"] is True


def test_link_settings_removed_from_the_catalog_are_unset_the_way_stripe_allows() -> None:
    """'' unsets most fields; consent_collection can't be unset, so it goes back to Stripe's
    defaults (the update schema of API 2026-08-26.dahlia has no '' for it)."""
    provider = PaymentLinkProvider()
    base = {"key": "sale", "scope": "dev", "line_items": [{"price": "price_a", "quantity": 1}]}
    old = provider.declare(
        {
            **base,
            "on_behalf_of": "acct_1",
            "consent_collection": {"terms_of_service": "required"},
            "optional_items": [{"price": "price_b", "quantity": 1}],
        }
    )
    new = provider.declare(base)
    changed = [f for f in provider.changed_fields(old, new) if f in provider.updatable]
    assert changed == ["consent_collection", "on_behalf_of", "optional_items"]
    assert provider.update_params("plink_1", old, new, changed) == {
        "consent_collection": {
            "payment_method_reuse_agreement": {"position": "auto"},
            "promotions": "none",
            "terms_of_service": "none",
        },
        "on_behalf_of": "",
        "optional_items": "",
    }
