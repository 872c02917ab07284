"""`plan_import` for what links sell with: coupons, promotion codes and shipping rates.

References come out as catalog keys (a code's coupon, a coupon's products, a link's shipping
rates); anything referring to an object that isn't imported is skipped or dropped with a note,
never written with a raw Stripe id.
"""

from __future__ import annotations

from typing import Any

from paylinks.importer.translate import AccountSnapshot, Tag, plan_import
from schemas import Catalog
from tests.unit.importer.stripe_objects import (
    code,
    coupon,
    link,
    owned,
    price,
    product,
    rate,
)

SHIPS = {"shipping_address_collection": {"allowed_countries": ["FR", "DE"]}}


def shipping(*rate_ids: str) -> dict[str, Any]:
    return {**SHIPS, "shipping_options": [{"shipping_amount": 490, "shipping_rate": r}
                                          for r in rate_ids]}


ROASTERY = AccountSnapshot(
    products=[product("prod_A", "House Blend")],
    prices=[price("price_1", "prod_A", 1400, lookup_key="house_blend_bag")],
    coupons=[coupon("Q3xY7z", "First bag, 15% off", applies_to={"products": ["prod_A"]})],
    promotion_codes=[code("promo_1", "WELCOME15", "Q3xY7z", restrictions={
        "currency_options": {}, "first_time_transaction": True, "minimum_amount": None,
        "minimum_amount_currency": None})],
    shipping_rates=[
        rate("shr_std", "Standard shipping", delivery_estimate={
            "minimum": {"unit": "business_day", "value": 2},
            "maximum": {"unit": "business_day", "value": 4}}),
        rate("shr_exp", "Express shipping", 990, created=2),
    ],
    payment_links=[link("plink_1", "price_1", allow_promotion_codes=True,
                        **shipping("shr_std", "shr_exp"))],
)


def test_coupons_codes_and_rates_become_sections_that_name_each_other_by_key() -> None:
    plan = plan_import(ROASTERY)
    catalog = plan.catalog
    assert catalog["coupons"] == {
        "first-bag-15-off": {"percent_off": 15, "name": "First bag, 15% off",
                             "applies_to": {"products": ["house-blend"]}},
    }
    assert catalog["promotion_codes"] == {
        "welcome15": {"code": "WELCOME15",
                      "promotion": {"type": "coupon", "coupon": "first-bag-15-off"},
                      "restrictions": {"first_time_transaction": True}},
    }
    assert catalog["shipping_rates"] == {
        "standard-shipping": {
            "display_name": "Standard shipping",
            "fixed_amount": {"amount": 490, "currency": "eur"},
            "delivery_estimate": {"minimum": {"unit": "business_day", "value": 2},
                                  "maximum": {"unit": "business_day", "value": 4}},
        },
        "express-shipping": {"display_name": "Express shipping",
                             "fixed_amount": {"amount": 990, "currency": "eur"}},
    }
    (entry,) = catalog["payment_links"].values()
    assert entry["shipping_options"] == [{"shipping_rate": "standard-shipping"},
                                         {"shipping_rate": "express-shipping"}]
    assert entry["shipping_address_collection"] == {"allowed_countries": ["FR", "DE"]}
    assert plan.notes == []
    Catalog.model_validate(catalog)
    assert "Q3xY7z" not in repr(catalog) and "shr_" not in repr(catalog), "a raw id leaked"


def test_integral_percentages_are_written_as_integers() -> None:
    (entry,) = plan_import(ROASTERY).catalog["coupons"].values()
    assert type(entry["percent_off"]) is int
    odd = AccountSnapshot(coupons=[coupon("c1", percent_off=12.5)])
    assert plan_import(odd).catalog["coupons"]["welcome"]["percent_off"] == 12.5


def test_keys_come_from_code_display_name_and_coupon_name_or_id_and_are_unique() -> None:
    snapshot = AccountSnapshot(
        coupons=[coupon("SUMMER-SALE", name=None), coupon("c2", "Welcome", created=2),
                 coupon("c3", "Welcome", created=3)],
        promotion_codes=[code("promo_1", "SUMMER20", "SUMMER-SALE")],
        shipping_rates=[rate("shr_1", "Standard"), rate("shr_2", "Standard", 590, created=2)],
    )
    catalog = plan_import(snapshot).catalog
    assert list(catalog["coupons"]) == ["summer-sale", "welcome", "welcome-2"]
    assert list(catalog["promotion_codes"]) == ["summer20"]
    assert catalog["promotion_codes"]["summer20"]["promotion"]["coupon"] == "summer-sale"
    assert list(catalog["shipping_rates"]) == ["standard", "standard-2"]


def test_an_amount_off_coupon_keeps_its_currency_and_a_repeating_one_its_months() -> None:
    snapshot = AccountSnapshot(coupons=[coupon(
        "c1", "Five off", percent_off=None, amount_off=500, currency="eur",
        duration="repeating", duration_in_months=3, max_redemptions=100, redeem_by=1900000000,
        metadata={"campaign": "spring", "paylinks_scope": "x", "paylinks_key": "!"},
    )])
    assert plan_import(snapshot).catalog["coupons"] == {"five-off": {
        "amount_off": 500, "currency": "eur", "duration": "repeating", "duration_in_months": 3,
        "name": "Five off", "max_redemptions": 100, "redeem_by": 1900000000,
        "metadata": {"campaign": "spring"},
    }}


def test_a_code_keeps_its_limits_and_minimum_order() -> None:
    snapshot = AccountSnapshot(
        coupons=[coupon("c1")],
        promotion_codes=[code("promo_1", "BIG-ORDER", "c1", expires_at=1900000000,
                              max_redemptions=50, restrictions={
                                  "currency_options": {}, "first_time_transaction": False,
                                  "minimum_amount": 5000, "minimum_amount_currency": "eur"})],
    )
    assert plan_import(snapshot).catalog["promotion_codes"]["big-order"] == {
        "code": "BIG-ORDER", "promotion": {"type": "coupon", "coupon": "welcome"},
        "expires_at": 1900000000, "max_redemptions": 50,
        "restrictions": {"minimum_amount": 5000, "minimum_amount_currency": "eur"},
    }


def test_a_code_whose_coupon_was_deleted_is_skipped_with_a_note() -> None:
    snapshot = AccountSnapshot(promotion_codes=[code("promo_1", "GONE10", "c_deleted")])
    plan = plan_import(snapshot)
    assert plan.catalog["promotion_codes"] == {}
    assert plan.notes == [
        "skipped promotion code promo_1: it grants coupon c_deleted, which no longer exists "
        "(deleted)"
    ]


def test_a_coupon_for_a_product_not_imported_is_skipped_and_so_are_its_codes() -> None:
    snapshot = AccountSnapshot(
        coupons=[coupon("c1", applies_to={"products": ["prod_archived"]})],
        promotion_codes=[code("promo_1", "OLDBEANS", "c1")],
    )
    plan = plan_import(snapshot)
    assert plan.catalog["coupons"] == {} and plan.catalog["promotion_codes"] == {}
    assert plan.notes[0].startswith("skipped coupon c1: it applies to product prod_archived, "
                                    "which is archived or deleted")
    assert "discount other products" in plan.notes[0]
    assert plan.notes[1].startswith("skipped promotion code promo_1: it grants coupon c1, which "
                                    "is not imported")


def test_inactive_codes_archived_rates_and_spent_coupons_are_left_out_in_one_note_each() -> None:
    snapshot = AccountSnapshot(
        coupons=[coupon("c1"), coupon("c_old", "Xmas", valid=False)],
        promotion_codes=[code("promo_1", "LIVE", "c1"),
                         *(code(f"promo_{n}", f"OLD{n}", "c1", created=n, active=False)
                           for n in range(2, 9))],
        shipping_rates=[rate("shr_1", "Standard"), rate("shr_2", "Express", active=False)],
    )
    plan = plan_import(snapshot)
    assert list(plan.catalog["coupons"]) == ["welcome"]
    assert list(plan.catalog["promotion_codes"]) == ["live"]
    assert list(plan.catalog["shipping_rates"]) == ["standard"]
    assert plan.notes == [
        "left out 1 coupon that is no longer valid (expired or fully redeemed) (c_old Xmas): a "
        "catalog declares what is on offer; Stripe keeps them as they are",
        "left out 7 promotion codes that are inactive, expired or used up (promo_2 OLD2, "
        "promo_3 OLD3, promo_4 OLD4, promo_5 OLD5, promo_6 OLD6 and 2 more): a catalog declares "
        "what is on offer; Stripe keeps them as they are",
        "left out 1 shipping rate that is archived (shr_2 Express): a catalog declares what is "
        "on offer; Stripe keeps them as they are",
    ]


def test_a_link_offering_an_archived_rate_loses_that_option_with_a_note() -> None:
    snapshot = AccountSnapshot(
        products=[product("prod_A", "Beans")],
        prices=[price("price_1", "prod_A", 1400)],
        shipping_rates=[rate("shr_1", "Standard"), rate("shr_old", "Express", active=False)],
        payment_links=[link("plink_1", "price_1", **shipping("shr_1", "shr_old", "shr_gone"))],
    )
    plan = plan_import(snapshot)
    (entry,) = plan.catalog["payment_links"].values()
    assert entry["shipping_options"] == [{"shipping_rate": "standard"}]
    notes = [note for note in plan.notes if note.startswith("payment link plink_1")]
    assert notes == [
        "payment link plink_1: left out of its `shipping_options`: shipping rate shr_old, which "
        "is archived; once a stack manages the link, it stops offering that rate",
        "payment link plink_1: left out of its `shipping_options`: shipping rate shr_gone, which "
        "no longer exists (deleted); once a stack manages the link, it stops offering that rate",
    ]
    Catalog.model_validate(plan.catalog)


def test_per_customer_codes_and_other_currencies_are_explained() -> None:
    snapshot = AccountSnapshot(
        coupons=[coupon("c1", percent_off=None, amount_off=500, currency="eur",
                        currency_options={"usd": {"amount_off": 600}})],
        promotion_codes=[code("promo_1", "JUSTYOU", "c1", customer="cus_1")],
        shipping_rates=[rate("shr_1", "Standard", fixed_amount={
            "amount": 490, "currency": "eur", "currency_options": {"usd": {"amount": 590}}})],
    )
    plan = plan_import(snapshot)
    assert plan.catalog["promotion_codes"] == {}
    assert "currency_options" not in repr(plan.catalog)
    assert plan.notes == [
        "coupon c1: its amounts in other currencies (currency_options: usd) are not imported; "
        "the catalog doesn't offer them yet",
        "skipped promotion code promo_1: it is for one customer only; per-customer codes are not "
        "catalog entries",
        "shipping rate shr_1: its amounts in other currencies (currency_options: usd) are not "
        "imported; the catalog doesn't offer them yet",
    ]


def test_rate_defaults_are_dropped_and_chosen_values_kept() -> None:
    snapshot = AccountSnapshot(shipping_rates=[
        rate("shr_1", "Free", 0),
        rate("shr_2", "Taxed", tax_behavior="exclusive", tax_code="txcd_92010001",
             metadata={"carrier": "dhl"}),
    ])
    assert plan_import(snapshot).catalog["shipping_rates"] == {
        "free": {"display_name": "Free", "fixed_amount": {"amount": 0, "currency": "eur"}},
        "taxed": {"display_name": "Taxed", "fixed_amount": {"amount": 490, "currency": "eur"},
                  "tax_behavior": "exclusive", "tax_code": "txcd_92010001",
                  "metadata": {"carrier": "dhl"}},
    }


def test_adopt_tags_the_new_kinds_and_never_retags_managed_ones() -> None:
    snapshot = AccountSnapshot(
        coupons=[coupon("c1"), coupon("c_pl", "Staff", **owned("test", "staff"))],
        promotion_codes=[code("promo_1", "HELLO", "c1"),
                         code("promo_pl", "STAFF", "c_pl", **owned("test", "staff-code"))],
        shipping_rates=[rate("shr_1", "Standard"),
                        rate("shr_pl", "Express", **owned("test", "express"))],
    )
    plan = plan_import(snapshot, "test", adopt=True)
    assert set(plan.tags) == {Tag("coupon", "c1", "welcome"),
                              Tag("promotion_code", "promo_1", "hello"),
                              Tag("shipping_rate", "shr_1", "standard")}
    assert plan.catalog["promotion_codes"]["staff-code"]["promotion"]["coupon"] == "staff"
    assert "express" in plan.catalog["shipping_rates"]


def test_objects_of_another_scope_are_left_out_and_what_refers_to_them_says_why() -> None:
    snapshot = AccountSnapshot(
        products=[product("prod_A", "Beans")],
        prices=[price("price_1", "prod_A", 1400)],
        coupons=[coupon("c_dev", **owned("dev", "welcome"))],
        promotion_codes=[code("promo_1", "HELLO", "c_dev")],
        shipping_rates=[rate("shr_dev", "Standard", **owned("dev", "standard"))],
        payment_links=[link("plink_1", "price_1", **shipping("shr_dev"))],
    )
    plan = plan_import(snapshot, "staging", adopt=True)
    assert plan.catalog["coupons"] == {} and plan.catalog["shipping_rates"] == {}
    assert ("skipped promotion code promo_1: it grants coupon c_dev, which is managed by the "
            "stack with scope 'dev'") in plan.notes
    assert any("shr_dev, which is managed by the stack with scope 'dev'" in note
               for note in plan.notes)
    (entry,) = plan.catalog["payment_links"].values()
    assert "shipping_options" not in entry
    Catalog.model_validate(plan.catalog)


def test_expired_and_used_up_codes_are_left_out_like_inactive_ones() -> None:
    snapshot = AccountSnapshot(
        coupons=[coupon("c1")],
        promotion_codes=[
            code("promo_1", "LATER", "c1", expires_at=2000),
            code("promo_2", "EXPIRED", "c1", created=2, expires_at=1000),
            code("promo_3", "SPENT", "c1", created=3, max_redemptions=5, times_redeemed=5),
            code("promo_4", "ROOM", "c1", created=4, max_redemptions=5, times_redeemed=4),
        ],
        read_at=1500,
    )
    plan = plan_import(snapshot)
    assert list(plan.catalog["promotion_codes"]) == ["later", "room"]
    assert plan.notes == [
        "left out 2 promotion codes that are inactive, expired or used up (promo_2 EXPIRED, "
        "promo_3 SPENT): a catalog declares what is on offer; Stripe keeps them as they are"
    ]
    undated = AccountSnapshot(coupons=snapshot.coupons, promotion_codes=snapshot.promotion_codes)
    assert "expired" in plan_import(undated).catalog["promotion_codes"], (
        "without the time of reading, expiry can't be judged"
    )
