"""What `pulumi preview` plans for each kind of change: nothing, an update, or a replacement."""

from __future__ import annotations

from typing import Any

from providers import (
    CouponProvider,
    EntitlementFeatureProvider,
    PaymentLinkProvider,
    PriceProvider,
    ProductFeatureProvider,
    ProductProvider,
    PromotionCodeProvider,
    ShippingRateProvider,
    WebhookEndpointProvider,
)
from providers.base import PROVIDER_KEY, StripeResourceProvider
from schemas.unknown import UNKNOWN


def outputs_after_create(
    provider: StripeResourceProvider, inputs: dict[str, Any]
) -> dict[str, Any]:
    """What the state holds after create: declared inputs plus computed outputs."""
    declared = provider.declare(inputs)
    return {**declared, "stripe_id": "obj_1", PROVIDER_KEY: "old-pickle"}


PRICE = {
    "key": "pro-monthly",
    "scope": "dev",
    "product": "prod_pl_dev_pro",
    "currency": "usd",
    "unit_amount": 1500.0,
    "recurring": {"interval": "month"},
    "lookup_key": "pro-monthly",
    "nickname": "Pro",
}
LINK = {
    "key": "spring-sale",
    "scope": "dev",
    "line_items": [{"price": "price_a", "quantity": 1}, {"price": "price_b", "quantity": 2}],
    "line_item_prices": [
        {"currency": "usd", "type": "one_time", "custom_unit_amount": False},
        {"currency": "usd", "type": "one_time", "custom_unit_amount": False},
    ],
    "after_completion": {"type": "redirect", "redirect": {"url": "https://example.com"}},
}


def plan(provider: StripeResourceProvider, old_inputs: dict[str, Any], new_inputs: dict[str, Any]):
    olds = outputs_after_create(provider, old_inputs)
    return provider.diff("obj_1", olds, {**new_inputs, PROVIDER_KEY: "new-pickle"})


def test_only_the_pickled_provider_changed_means_no_change() -> None:
    result = plan(PriceProvider(), PRICE, PRICE)
    assert result.changes is False
    assert result.replaces == []


def test_numbers_sent_as_floats_by_pulumi_are_not_a_change() -> None:
    assert plan(PriceProvider(), {**PRICE, "unit_amount": 1500}, PRICE).changes is False


def test_price_amount_change_plans_a_replacement_created_before_the_old_is_archived() -> None:
    result = plan(PriceProvider(), PRICE, {**PRICE, "unit_amount": 2000})
    assert result.changes is True
    assert result.replaces == ["unit_amount"]
    assert result.delete_before_replace is False


def test_every_immutable_price_field_replaces() -> None:
    for field, value in {
        "currency": "eur",
        "product": "prod_other",
        "recurring": {"interval": "year"},
        "custom_unit_amount": {"enabled": True},
        "billing_scheme": "tiered",
        "transform_quantity": {"divide_by": 10, "round": "up"},
    }.items():
        assert plan(PriceProvider(), PRICE, {**PRICE, field: value}).replaces == [field], field


def test_price_nickname_metadata_lookup_key_update_in_place() -> None:
    for field, value in {"nickname": "Pro!", "metadata": {"a": "b"}, "lookup_key": "pro2"}.items():
        result = plan(PriceProvider(), PRICE, {**PRICE, field: value})
        assert (result.changes, result.replaces) == (True, []), field


def test_price_tax_behavior_can_be_set_once_then_changing_it_replaces() -> None:
    unset = plan(PriceProvider(), PRICE, {**PRICE, "tax_behavior": "exclusive"})
    assert (unset.changes, unset.replaces) == (True, [])
    set_once = {**PRICE, "tax_behavior": "exclusive"}
    assert plan(PriceProvider(), set_once, {**PRICE, "tax_behavior": "inclusive"}).replaces == [
        "tax_behavior"
    ]


def test_unknown_product_during_preview_plans_a_replacement() -> None:
    result = plan(PriceProvider(), PRICE, {**PRICE, "product": UNKNOWN})
    assert result.replaces == ["product"]


def test_link_quantity_change_is_an_update() -> None:
    new = {**LINK, "line_items": [{"price": "price_a", "quantity": 3}, LINK["line_items"][1]]}
    result = plan(PaymentLinkProvider(), LINK, new)
    assert (result.changes, result.replaces) == (True, [])


def test_link_adjustable_quantity_change_is_an_update() -> None:
    items = [
        {"price": "price_a", "quantity": 1, "adjustable_quantity": {"enabled": True, "maximum": 5}},
        LINK["line_items"][1],
    ]
    result = plan(PaymentLinkProvider(), LINK, {**LINK, "line_items": items})
    assert (result.changes, result.replaces) == (True, [])


def test_link_with_a_different_price_set_is_replaced() -> None:
    new = {**LINK, "line_items": [{"price": "price_c", "quantity": 1}, LINK["line_items"][1]]}
    assert plan(PaymentLinkProvider(), LINK, new).replaces == ["line_items"]


def test_link_with_an_added_line_item_is_replaced() -> None:
    new = {**LINK, "line_items": [*LINK["line_items"], {"price": "price_c", "quantity": 1}]}
    assert plan(PaymentLinkProvider(), LINK, new).replaces == ["line_items"]


def test_link_whose_price_is_being_replaced_during_preview_is_replaced() -> None:
    new = {**LINK, "line_items": [{"price": UNKNOWN, "quantity": 1}, LINK["line_items"][1]]}
    assert plan(PaymentLinkProvider(), LINK, new).replaces == ["line_items"]


def test_a_link_currency_stripe_cannot_update_replaces() -> None:
    assert plan(PaymentLinkProvider(), LINK, {**LINK, "currency": "eur"}).replaces == ["currency"]


def test_connect_consent_and_shipping_fields_update_in_place() -> None:
    """API 2026-08-26.dahlia takes all of these on ``POST /v1/payment_links/{id}``: same URL."""
    for field, value in {
        "on_behalf_of": "acct_1",
        "transfer_data": {"destination": "acct_1"},
        "application_fee_amount": 100,
        "application_fee_percent": 5,
        "consent_collection": {"terms_of_service": "required"},
        "shipping_options": [{"shipping_rate": "shr_1"}],
        "optional_items": [{"price": "price_c", "quantity": 1}],
    }.items():
        result = plan(PaymentLinkProvider(), LINK, {**LINK, field: value})
        assert (result.changes, result.replaces) == (True, []), field


def test_link_settings_update_in_place() -> None:
    for field, value in {
        "after_completion": {"type": "hosted_confirmation"},
        "allow_promotion_codes": True,
        "active": False,
        "inactive_message": "Sold out",
        "payment_method_types": ["card"],
        "custom_fields": [],
        "restrictions": {"completed_sessions": {"limit": 10}},
    }.items():
        result = plan(PaymentLinkProvider(), LINK, {**LINK, field: value})
        assert (result.changes, result.replaces) == (True, []), field


def test_link_check_only_price_facts_never_cause_a_change() -> None:
    new = {**LINK, "line_item_prices": [{"currency": "usd", "type": "recurring"}] * 2}
    assert plan(PaymentLinkProvider(), LINK, new).changes is False


def test_link_deactivated_out_of_band_is_reactivated_by_an_update() -> None:
    provider = PaymentLinkProvider()
    refreshed = {**outputs_after_create(provider, LINK), "active": False}
    result = provider.diff("plink_1", refreshed, {**LINK, PROVIDER_KEY: "p"})
    assert (result.changes, result.replaces) == (True, [])
    assert provider.changed_fields(refreshed, provider.declare(LINK)) == ["active"]


def test_changing_scope_or_key_means_a_different_object() -> None:
    assert plan(PaymentLinkProvider(), LINK, {**LINK, "key": "other"}).replaces == ["key"]
    assert plan(
        ProductProvider(),
        {"key": "a", "scope": "s", "name": "A"},
        {"key": "a", "scope": "t", "name": "A"},
    ).replaces == ["scope"]


def test_product_fields_update_in_place() -> None:
    old = {"key": "pro", "scope": "dev", "name": "Pro"}
    result = plan(ProductProvider(), old, {**old, "name": "Pro+", "description": "More"})
    assert (result.changes, result.replaces) == (True, [])


def test_webhook_settings_update_and_api_version_replaces() -> None:
    old = {
        "key": "hooks",
        "scope": "dev",
        "url": "https://example.com/h",
        "enabled_events": ["checkout.session.completed"],
    }
    provider = WebhookEndpointProvider()
    for field, value in {
        "url": "https://example.com/x",
        "description": "d",
        "disabled": True,
        "metadata": {"a": "b"},
        "enabled_events": ["checkout.session.async_payment_failed"],
    }.items():
        result = plan(provider, old, {**old, field: value})
        assert (result.changes, result.replaces) == (True, []), field
    assert plan(provider, old, {**old, "api_version": "2024-06-20"}).replaces == ["api_version"]


def test_webhook_secret_output_is_not_an_input_change() -> None:
    provider = WebhookEndpointProvider()
    old = {"key": "hooks", "scope": "dev", "url": "https://example.com/h", "enabled_events": ["*"]}
    olds = {**outputs_after_create(provider, old), "secret": "whsec_x", "status": "enabled"}
    assert provider.diff("we_1", olds, {**old, PROVIDER_KEY: "p"}).changes is False


def test_sdk_unknown_objects_are_treated_like_the_sentinel() -> None:
    from pulumi.output import Unknown

    result = plan(PriceProvider(), PRICE, {**PRICE, "product": Unknown()})
    assert result.replaces == ["product"]
    check = PriceProvider().check({}, {**PRICE, "product": Unknown(), PROVIDER_KEY: "p"})
    assert check.failures == []
    new = {**LINK, "line_items": [{"price": Unknown(), "quantity": 1}, LINK["line_items"][1]]}
    assert plan(PaymentLinkProvider(), LINK, new).replaces == ["line_items"]


def test_metadata_values_compare_as_the_strings_stripe_stores() -> None:
    provider = ProductProvider()
    declared = provider.declare({"key": "p", "scope": "s", "metadata": {"tier": 1.0, "vip": True}})
    assert declared["metadata"] == {"tier": "1", "vip": "true"}
    refreshed = {**declared, "metadata": {"tier": "1", "vip": "true"}}
    assert provider.changed_fields(refreshed, declared) == []


RATE = {
    "key": "standard",
    "scope": "dev",
    "display_name": "Standard shipping",
    "fixed_amount": {"amount": 490.0, "currency": "EUR"},
    "metadata": {"carrier": "post"},
}


def test_a_shipping_rate_amount_or_name_change_means_a_new_rate() -> None:
    for change in (
        {"fixed_amount": {"amount": 690, "currency": "eur"}},
        {"fixed_amount": {"amount": 490, "currency": "usd"}},
        {"display_name": "Tracked shipping"},
    ):
        result = plan(ShippingRateProvider(), RATE, {**RATE, **change})
        assert result.changes is True
        assert result.replaces == sorted(change), change


def test_a_shipping_rate_metadata_or_archive_change_updates_in_place() -> None:
    assert (
        plan(
            ShippingRateProvider(),
            RATE,
            {**RATE, "fixed_amount": {"amount": 490, "currency": "eur"}},
        ).changes
        is False
    )
    for change in (
        {"metadata": {"carrier": "dhl"}},
        {"active": False},
        {"tax_behavior": "inclusive"},
    ):
        result = plan(ShippingRateProvider(), RATE, {**RATE, **change})
        assert (result.changes, result.replaces) == (True, []), change


def test_a_replaced_shipping_rate_updates_the_links_offering_it_in_place() -> None:
    shipping = {
        "shipping_address_collection": {"allowed_countries": ["FR"]},
        "shipping_options": [{"shipping_rate": "shr_old"}],
    }
    moved = {**LINK, **shipping, "shipping_options": [{"shipping_rate": UNKNOWN}]}
    result = plan(PaymentLinkProvider(), {**LINK, **shipping}, moved)
    assert (result.changes, result.replaces) == (True, [])


COUPON = {
    "key": "summer",
    "scope": "dev",
    "percent_off": 20.0,
    "duration": "once",
    "name": "Summer",
}
CODE = {
    "key": "summer20",
    "scope": "dev",
    "code": "SUMMER20",
    "promotion": {"type": "coupon", "coupon": "coupon_a"},
}


def test_a_coupon_renames_in_place_and_any_other_change_replaces_it() -> None:
    renamed = plan(CouponProvider(), COUPON, {**COUPON, "name": "Summer sale"})
    assert (renamed.changes, renamed.replaces) == (True, [])
    deeper = plan(CouponProvider(), COUPON, {**COUPON, "percent_off": 25})
    assert deeper.replaces == ["percent_off"]


def test_a_promotion_code_stops_before_its_successor_starts() -> None:
    moved = plan(
        PromotionCodeProvider(),
        CODE,
        {**CODE, "promotion": {"type": "coupon", "coupon": "coupon_b"}},
    )
    assert moved.replaces == ["promotion"]
    assert moved.delete_before_replace is True, "two active codes would share SUMMER20"
    limited = plan(
        PromotionCodeProvider(),
        CODE,
        {**CODE, "restrictions": {"minimum_amount": 3000, "minimum_amount_currency": "eur"}},
    )
    assert limited.replaces == ["restrictions"]
    stopped = plan(PromotionCodeProvider(), CODE, {**CODE, "active": False})
    assert (stopped.changes, stopped.replaces, stopped.delete_before_replace) == (True, [], False)
    recased = plan(PromotionCodeProvider(), CODE, {**CODE, "code": "summer20"})
    assert (recased.replaces, recased.delete_before_replace) == (["code"], True)


def test_a_promotion_code_with_new_text_starts_before_the_old_one_stops() -> None:
    """Both texts can be active at once: created first, a refused new code (its text taken in
    the account) leaves the old one working instead of leaving the stack without a code."""
    retexted = plan(PromotionCodeProvider(), CODE, {**CODE, "code": "SUMMER25"})
    assert (retexted.replaces, retexted.delete_before_replace) == (["code"], False)


FEATURE = {"key": "api", "scope": "dev", "name": "API access", "lookup_key": "api_access"}


def test_a_feature_renames_in_place_and_a_new_lookup_key_replaces_it() -> None:
    for change in ({"name": "API"}, {"metadata": {"tier": "pro"}}):
        result = plan(EntitlementFeatureProvider(), FEATURE, {**FEATURE, **change})
        assert (result.changes, result.replaces) == (True, []), change
    result = plan(EntitlementFeatureProvider(), FEATURE, {**FEATURE, "lookup_key": "api_v2"})
    assert (result.replaces, result.delete_before_replace) == (["lookup_key"], False)


GRANT = {
    "product": "prod_pl_dev_pro",
    "entitlement_feature": "feat_1",
    "product_key": "pro",
    "key": "api",
    "scope": "dev",
}


def test_a_product_feature_never_changes_in_place() -> None:
    provider = ProductFeatureProvider()
    olds = {**GRANT, "stripe_id": "prodft_1", PROVIDER_KEY: "old"}
    assert provider.diff("prodft_1", olds, {**GRANT, PROVIDER_KEY: "new"}).changes is False
    moved = provider.diff("prodft_1", olds, {**GRANT, "entitlement_feature": UNKNOWN})
    assert (moved.changes, moved.replaces, moved.delete_before_replace) == (
        True,
        ["entitlement_feature"],
        False,
    )


def test_a_product_feature_check_names_a_missing_input() -> None:
    result = ProductFeatureProvider().check({}, {**GRANT, "product": "", "key": UNKNOWN})
    assert [(f.property, "product" in f.reason) for f in result.failures] == [("product", True)]


def test_a_coupon_duration_left_to_stripes_default_is_no_change() -> None:
    # `paylinks import` leaves `duration: once` out (Stripe's default); a stack deployed from a
    # catalog that spelled it out then replaced its coupon, and deactivated its codes, when it
    # switched to the imported catalog.
    implicit = {k: v for k, v in COUPON.items() if k != "duration"}
    for old, new in ((COUPON, implicit), (implicit, COUPON)):
        result = plan(CouponProvider(), old, new)
        assert (result.changes, result.replaces) == (False, [])
    forever = plan(CouponProvider(), implicit, {**COUPON, "duration": "forever"})
    assert forever.replaces == ["duration"]
