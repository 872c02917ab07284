"""The emulated Stripe account: one store, the per-resource models, and `expand[]`."""

from __future__ import annotations

from typing import Any

from emulator.exceptions import InvalidRequestError
from emulator.models.active_entitlement import ActiveEntitlementModel
from emulator.models.checkout_session import CheckoutSessionModel
from emulator.models.coupon import CouponModel, PromotionCodeModel
from emulator.models.customer import CustomerModel
from emulator.models.entitlement_feature import EntitlementFeatureModel, ProductFeatureModel
from emulator.models.event import EventModel
from emulator.models.payment_link import PaymentLinkModel
from emulator.models.price import PriceModel
from emulator.models.product import ProductModel
from emulator.models.references import tax_code
from emulator.models.shipping_rate import ShippingRateModel
from emulator.models.subscription import SubscriptionModel
from emulator.models.webhook_endpoint import WebhookEndpointModel
from emulator.store import Store

__all__ = ["EXPANDABLE", "Backend"]

EXPANDABLE: dict[str, frozenset[str]] = {
    "product": frozenset({"default_price", "marketing_features", "package_dimensions", "tax_code"}),
    "price": frozenset(
        {"currency_options", "custom_unit_amount", "product", "recurring", "tiers"}
        | {"transform_quantity"}
    ),
    "payment_link": frozenset(
        {"after_completion", "application", "automatic_tax", "consent_collection"}
        | {"custom_fields", "custom_text", "invoice_creation", "line_items", "managed_payments"}
        | {"name_collection", "on_behalf_of", "optional_items", "payment_intent_data"}
        | {"payment_method_options", "phone_number_collection", "restrictions"}
        | {"shipping_address_collection", "shipping_options", "subscription_data"}
        | {"tax_id_collection", "transfer_data"}
    ),
    "item": frozenset({"adjustable_quantity", "discounts", "price", "taxes"}),
    "shipping_rate": frozenset({"delivery_estimate", "fixed_amount", "tax_code"}),
    "coupon": frozenset({"applies_to", "currency_options"}),
    "promotion_code": frozenset({"customer", "promotion", "restrictions"}),
    "entitlements.feature": frozenset(),
    "product_feature": frozenset({"entitlement_feature"}),
    "customer": frozenset(
        {"address", "cash_balance", "default_source", "discount", "invoice_settings"}
        | {"shipping", "sources", "subscriptions", "tax", "tax_ids", "test_clock"}
    ),
    "subscription": frozenset(
        {"application", "automatic_tax", "billing_cycle_anchor_config", "billing_mode"}
        | {"billing_schedules", "billing_thresholds", "cancellation_details", "customer"}
        | {"default_payment_method", "default_source", "default_tax_rates", "discounts"}
        | {"invoice_settings", "items", "latest_invoice", "managed_payments", "on_behalf_of"}
        | {"pause_collection", "payment_settings", "pending_invoice_item_interval"}
        | {"pending_setup_intent", "pending_update", "presentment_details", "schedule"}
        | {"test_clock", "transfer_data", "trial_settings"}
    ),
    "subscription_item": frozenset({"billing_thresholds", "discounts", "price", "tax_rates"}),
    "entitlements.active_entitlement": frozenset({"feature"}),
    "checkout.session": frozenset(
        {"adaptive_pricing", "after_expiration", "automatic_tax", "branding_settings"}
        | {"collected_information", "consent", "consent_collection", "currency_conversion"}
        | {"custom_fields", "custom_text", "customer", "customer_details", "discounts"}
        | {"invoice", "invoice_creation", "line_items", "managed_payments", "name_collection"}
        | {"optional_items", "payment_link", "payment_method_configuration_details"}
        | {"payment_method_options", "permissions", "phone_number_collection"}
        | {"presentment_details", "saved_payment_method_options", "setup_intent"}
        | {"shipping_address_collection", "shipping_cost", "shipping_options", "subscription"}
        | {"tax_id_collection", "total_details", "wallet_options"}
    ),
}
"""Fields `expand[]` accepts per object, as the spec's ``x-expandableFields`` list them (checked
by tests/integration/emulator/test_spec_agreement.py). Ids become objects, a price's
`currency_options` and `tiers` and a coupon's `applies_to` and `currency_options` (shown only when
asked for) are included, whole hashes stay as they are. A Checkout Session's `payment_intent` is
left out: the emulator makes no PaymentIntents (its id names nothing to expand)."""


class Backend:
    """Everything a Stripe account holds, reachable without HTTP (tests call it directly)."""

    def __init__(self, store: Store, link_base_url: str = "http://127.0.0.1") -> None:
        self.store = store
        #: Payment link URLs are `<link_base_url>/c/pay/<token>`: the emulator serves them.
        self.link_base_url = link_base_url.rstrip("/")
        self.entitlement_features = EntitlementFeatureModel(self)
        self.product_features = ProductFeatureModel(self)
        self.products = ProductModel(self)
        self.prices = PriceModel(self)
        self.shipping_rates = ShippingRateModel(self)
        self.coupons = CouponModel(self)
        self.promotion_codes = PromotionCodeModel(self)
        self.payment_links = PaymentLinkModel(self)
        self.webhook_endpoints = WebhookEndpointModel(self)
        self.events = EventModel(self)
        self.customers = CustomerModel(self)
        self.subscriptions = SubscriptionModel(self)
        self.active_entitlements = ActiveEntitlementModel(self)
        self.checkout_sessions = CheckoutSessionModel(self)

    def expand(self, obj: dict[str, Any], paths: list[str]) -> dict[str, Any]:
        """Replace ids by objects for each `expand[]` path (`data.` prefixes for lists)."""
        for path in paths:
            self._expand_path(obj, path.split("."), path)
        return obj

    def _expand_path(self, obj: Any, parts: list[str], full: str) -> None:
        if not isinstance(obj, dict):
            return
        head, rest = parts[0], parts[1:]
        if head == "data" and obj.get("object") == "list":
            for item in obj["data"]:
                self._expand_path(item, rest, full) if rest else None
            return
        if not rest:
            obj[head] = self._expanded(obj, head, full)
            return
        if head in obj and isinstance(obj[head], str):
            obj[head] = self._expanded(obj, head, full)
        self._expand_path(obj.get(head), rest, full)

    def _expanded(self, obj: dict[str, Any], field: str, full: str) -> Any:
        kind = obj.get("object")
        value = obj.get(field)
        if field not in EXPANDABLE.get(str(kind), ()):
            raise InvalidRequestError(f"This property cannot be expanded ({full}).", param="expand")
        if kind == "product" and field == "default_price":
            return self.store.get("price", value) if isinstance(value, str) else value
        if kind in ("product", "shipping_rate") and field == "tax_code":
            return tax_code(value) if isinstance(value, str) else value
        if kind in ("price", "item") and field == "product" and isinstance(value, str):
            return self.store.get("product", value)
        if kind == "price" and field in ("currency_options", "tiers"):
            return self.prices.includables(str(obj["id"]))[field]
        if kind == "coupon" and field in ("applies_to", "currency_options"):
            return self.coupons.includable(str(obj["id"]), field)
        if kind == "payment_link" and field == "line_items":
            if isinstance(value, dict):
                return value
            link = self.payment_links.get(obj["id"])
            return self.payment_links.line_items(
                obj["id"], {}, f"/v1/payment_links/{link['id']}/line_items"
            )
        if kind == "payment_link" and field == "on_behalf_of" and isinstance(value, str):
            return self.store.get("account", value)
        if kind == "customer" and field in ("sources", "subscriptions", "tax", "tax_ids"):
            return self.customers.includable(str(obj["id"]), field)
        if kind == "subscription" and field == "customer" and isinstance(value, str):
            return self.customers.render(self.customers.get(value))
        if kind == "checkout.session" and field in ("customer", "subscription", "payment_link"):
            model = {
                "customer": self.customers,
                "subscription": self.subscriptions,
                "payment_link": self.payment_links,
            }[field]
            return model.render(model.get(value)) if isinstance(value, str) else value
        if kind == "checkout.session" and field == "line_items":
            session_id = str(obj["id"])
            url = f"/v1/checkout/sessions/{session_id}/line_items"
            return self.checkout_sessions.line_items(session_id, {}, url)
        if kind == "entitlements.active_entitlement" and field == "feature":
            return self.entitlement_features.render(self.entitlement_features.get(str(value)))
        if kind in ("item", "subscription_item") and field in ("discounts", "taxes", "tax_rates"):
            return value or []
        return value  # already whole (a hash such as `recurring`) or unset (null)
