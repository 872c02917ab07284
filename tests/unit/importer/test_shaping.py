"""Default stripping: Stripe's full objects shrink to what a user would have declared."""

from __future__ import annotations

from paylinks.importer.shaping import (
    LINK_DEFAULTS,
    PRICE_DEFAULTS,
    fit_to_model,
    minimal,
    without_defaults,
    without_empty,
)
from schemas import PaymentLinkSpec, PriceSpec

#: A payment link as Stripe returns it for `line_items` + a redirect and nothing else.
STRIPE_LINK = {
    "id": "plink_1",
    "object": "payment_link",
    "active": True,
    "after_completion": {"type": "redirect", "redirect": {"url": "https://x.example/ok"},
                         "hosted_confirmation": None},
    "allow_promotion_codes": False,
    "application": None,
    "application_fee_amount": None,
    "automatic_tax": {"enabled": False, "liability": None},
    "billing_address_collection": "auto",
    "consent_collection": None,
    "currency": "eur",
    "custom_fields": [],
    "custom_text": {"after_submit": None, "shipping_address": None, "submit": None,
                    "terms_of_service_acceptance": None},
    "customer_creation": "if_required",
    "inactive_message": None,
    "invoice_creation": {"enabled": False, "invoice_data": {"account_tax_ids": None,
                                                            "issuer": {"type": "self"},
                                                            "metadata": {}}},
    "livemode": False,
    "metadata": {},
    "payment_intent_data": None,
    "payment_method_collection": "always",
    "payment_method_types": None,
    "phone_number_collection": {"enabled": False},
    "shipping_options": [],
    "submit_type": "auto",
    "subscription_data": {"description": None, "invoice_settings": {"issuer": {"type": "self"}},
                          "metadata": {}, "trial_period_days": None},
    "tax_id_collection": {"enabled": False, "required": "never"},
    "url": "https://buy.stripe.com/test_x",
}


def test_a_default_link_shrinks_to_what_was_chosen() -> None:
    data = {k: v for k, v in STRIPE_LINK.items() if k != "currency"}
    assert minimal(data, PaymentLinkSpec, LINK_DEFAULTS) == {
        "after_completion": {"type": "redirect", "redirect": {"url": "https://x.example/ok"}}
    }


def test_choices_that_differ_from_stripe_defaults_are_kept() -> None:
    data = {
        **STRIPE_LINK,
        "allow_promotion_codes": True,
        "submit_type": "donate",
        "phone_number_collection": {"enabled": True},
        "subscription_data": {"invoice_settings": {"issuer": {"type": "self"}},
                              "trial_period_days": 14},
    }
    shaped = minimal(data, PaymentLinkSpec, LINK_DEFAULTS)
    assert shaped["allow_promotion_codes"] is True
    assert shaped["submit_type"] == "donate"
    assert shaped["phone_number_collection"] == {"enabled": True}
    assert shaped["subscription_data"] == {"trial_period_days": 14}


def test_fields_the_catalog_does_not_know_are_dropped_at_every_depth() -> None:
    fitted = fit_to_model(STRIPE_LINK, PaymentLinkSpec)
    assert "url" not in fitted and "object" not in fitted and "livemode" not in fitted
    assert "issuer" not in fitted["invoice_creation"]["invoice_data"]


def test_switched_off_features_nulls_and_empties_disappear() -> None:
    cleaned = without_empty({"a": None, "b": [], "c": {}, "d": {"enabled": False, "x": 1},
                             "e": {"enabled": True}, "f": [None, 0], "g": False})
    assert cleaned == {"e": {"enabled": True}, "f": [0], "g": False}


def test_defaults_are_removed_key_by_key() -> None:
    value = {"interval": "month", "interval_count": 1, "usage_type": "licensed"}
    default = {"interval_count": 1, "usage_type": "licensed"}
    assert without_defaults(value, default) == {"interval": "month"}


def test_a_price_keeps_its_amount_and_interval_only() -> None:
    price = {
        "product": "beans", "currency": "eur", "unit_amount": 1200,
        "billing_scheme": "per_unit", "tax_behavior": "unspecified", "active": True,
        "recurring": {"interval": "month", "interval_count": 1, "usage_type": "licensed",
                      "meter": None, "trial_period_days": None},
        "lookup_key": None, "nickname": None, "metadata": {}, "type": "recurring",
    }
    assert minimal(price, PriceSpec, PRICE_DEFAULTS) == {
        "product": "beans", "currency": "eur", "unit_amount": 1200,
        "recurring": {"interval": "month"},
    }


def test_an_explicit_non_default_interval_count_is_kept() -> None:
    price = {"product": "p", "currency": "eur", "unit_amount": 1,
             "recurring": {"interval": "month", "interval_count": 3}}
    assert minimal(price, PriceSpec, PRICE_DEFAULTS)["recurring"] == {
        "interval": "month", "interval_count": 3
    }


def test_a_type_goes_only_with_its_whole_object() -> None:
    confirmation = {"type": "hosted_confirmation", "hosted_confirmation": {"custom_message": "Hi"}}
    assert without_defaults(confirmation, LINK_DEFAULTS["after_completion"]) == confirmation
    data = {"line_items": [], "after_completion": confirmation}
    assert minimal(data, PaymentLinkSpec, LINK_DEFAULTS) == {"after_completion": confirmation}
