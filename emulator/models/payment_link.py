"""Payment links: Stripe's shapes and rules, no HTTP.

Rules mirrored (Stripe's Payment Links guide): 1 to 20 line items; only standard per-unit prices
or one customer-chosen price (alone, never recurring); no tiered/package/volume prices; one
currency (and one billing interval) across items; prices and their products must be active.
Update can't change the items' prices, only `{id, quantity, adjustable_quantity}` of existing
items; the fields only create takes (currency, managed_payments) are not in the update schema,
hence unknown parameters. Everything else, Connect fees and transfers, consent collection,
shipping options and optional items included, updates in place (API 2026-08-26.dahlia; the
schemas are checked against its OpenAPI spec by tests/unit/emulator/test_params_follow_spec.py).
"""

from __future__ import annotations

import secrets
from typing import Any

from emulator.models.common import (
    EXPAND,
    LIST_PARAMS,
    Paginated,
    check_metadata,
    new_id,
    now,
    paginate,
)
from emulator.models.references import check_known
from emulator.models.stored import StoredModel
from emulator.params import (
    UNSET,
    Arr,
    Bool,
    Currency,
    DecimalStr,
    Enum,
    Field,
    Int,
    Map,
    Num,
    Obj,
    Str,
)
from emulator.rules import rule
from schemas.stripe_names import PAYMENT_METHOD_TYPES

__all__ = ["CREATE", "LINE_ITEMS", "LIST", "UPDATE", "PaymentLinkModel"]

LINE_ITEMS_COUNT = rule("payment_link.line_items_count", "1 to 20 line items")
PRICE_OR_PRICE_DATA = rule("payment_link.price_or_price_data", "`price` or `price_data`")
PRICE_DATA_PRODUCT = rule("payment_link.price_data_product", "`product` or `product_data`")
PRICE_INACTIVE = rule("payment_link.price_inactive", "an archived price can't be sold")
PRODUCT_INACTIVE = rule("payment_link.product_inactive", "an archived product can't be sold")
PRICE_NOT_STANDARD = rule(
    "payment_link.price_not_standard", "no tiered, volume or package prices on a link"
)
CUSTOM_ALONE = rule("payment_link.custom_alone", "a customer-chosen price is the only item")
CUSTOM_RECURRING = rule("payment_link.custom_recurring", "a customer-chosen price isn't recurring")
CURRENCY_MIXED = rule("payment_link.currency_mixed", "one currency per link")
BILLING_INTERVAL = rule("payment_link.billing_interval", "one billing interval per link")
SUBSCRIPTION_WITHOUT_RECURRING = rule(
    "payment_link.subscription_without_recurring", "subscription_data needs a recurring price"
)
QUANTITY_MINIMUM = rule("payment_link.quantity_minimum", "a line item's quantity is at least 1")
CUSTOM_QUANTITY = rule("payment_link.custom_quantity", "a customer-chosen price has quantity 1")
ADJUSTABLE_BOUNDS = rule(
    "payment_link.adjustable_bounds", "0 ≤ adjustable minimum ≤ maximum ≤ 999999"
)
QUANTITY_OUTSIDE_ADJUSTABLE = rule(
    "payment_link.quantity_outside_adjustable", "the quantity is within the adjustable range"
)
REDIRECT_MISSING = rule("payment_link.redirect_missing", "`type=redirect` needs `redirect`")
REDIRECT_WITH_HOSTED = rule(
    "payment_link.redirect_with_hosted", "`redirect` only with `type=redirect`"
)
SHIPPING_NEEDS_ADDRESS = rule(
    "payment_link.shipping_needs_address", "shipping options need `shipping_address_collection`"
)
SHIPPING_ONE_TIME = rule("payment_link.shipping_one_time", "shipping is for one-time payments")
CUSTOM_FIELDS_COUNT = rule("payment_link.custom_fields_count", "at most 3 custom fields")
COMPLETED_SESSIONS_LIMIT = rule(
    "payment_link.completed_sessions_limit", "a completed sessions limit is at least 1"
)
LINE_ITEM_UNKNOWN = rule(
    "payment_link.line_item_unknown", "an update changes existing line items only"
)

MAX_LINE_ITEMS = 20
MAX_ADJUSTABLE_QUANTITY = 999999


def _emptyable(field: Field) -> Field:
    """The same shape, also accepting `''` (unset)."""
    return type(field)(**{**field.__dict__, "emptyable": True})


_ADJUSTABLE = Obj(
    fields={"enabled": Bool(), "maximum": Int(), "minimum": Int()}, required=("enabled",)
)
_ISSUER = Obj(
    fields={"account": Str(), "type": Enum(values=("account", "self"))}, required=("type",)
)
_MESSAGE = Obj(fields={"message": Str(max_length=1200)}, required=("message",), emptyable=True)
_LIMIT = Obj(fields={"limit": Int()}, required=("limit",))
_TEXT_OPTS = Obj(
    fields={"default_value": Str(max_length=255), "maximum_length": Int(), "minimum_length": Int()}
)
_CUSTOM_FIELD = Obj(
    fields={
        "dropdown": Obj(
            fields={
                "default_value": Str(max_length=100),
                "options": Arr(
                    item=Obj(
                        fields={"label": Str(max_length=100), "value": Str(max_length=100)},
                        required=("label", "value"),
                    )
                ),
            },
            required=("options",),
        ),
        "key": Str(max_length=200),
        "label": Obj(
            fields={"custom": Str(max_length=50), "type": Enum(values=("custom",))},
            required=("custom", "type"),
        ),
        "numeric": _TEXT_OPTS,
        "optional": Bool(),
        "text": _TEXT_OPTS,
        "type": Enum(values=("dropdown", "numeric", "text")),
    },
    required=("key", "label", "type"),
)
_INVOICE_CREATION = Obj(
    fields={
        "enabled": Bool(),
        "invoice_data": Obj(
            fields={
                "account_tax_ids": Arr(item=Str(), emptyable=True),
                "custom_fields": Arr(
                    item=Obj(
                        fields={"name": Str(max_length=40), "value": Str(max_length=140)},
                        required=("name", "value"),
                    ),
                    emptyable=True,
                ),
                "description": Str(max_length=1500),
                "footer": Str(),
                "issuer": _ISSUER,
                "metadata": Map(emptyable=True),
                "rendering_options": Obj(
                    fields={
                        "amount_tax_display": Enum(
                            values=("", "exclude_tax", "include_inclusive_tax")
                        ),
                        "template": Str(),
                    },
                    emptyable=True,
                ),
            }
        ),
    },
    required=("enabled",),
)
_PAYMENT_METHOD_TYPES = Arr(item=Enum(values=tuple(sorted(PAYMENT_METHOD_TYPES))))
_BRANDS = Arr(
    item=Enum(values=("american_express", "discover_global_network", "mastercard", "visa"))
)
_PAYMENT_METHOD_OPTIONS = Obj(
    fields={"card": Obj(fields={"restrictions": Obj(fields={"brands_blocked": _BRANDS})})}
)
_PAYMENT_METHOD_OPTIONS_UPDATE = Obj(
    fields={
        "card": Obj(
            fields={
                "restrictions": Obj(fields={"brands_blocked": _emptyable(_BRANDS)}, emptyable=True)
            },
            emptyable=True,
        )
    },
    emptyable=True,
)
_NAME_OPTION = Obj(fields={"enabled": Bool(), "optional": Bool()}, required=("enabled",))
_NAME_COLLECTION = Obj(fields={"business": _NAME_OPTION, "individual": _NAME_OPTION})
_CONSENT_COLLECTION = Obj(
    fields={
        "payment_method_reuse_agreement": Obj(
            fields={"position": Enum(values=("auto", "hidden"))}, required=("position",)
        ),
        "promotions": Enum(values=("auto", "none")),
        "terms_of_service": Enum(values=("none", "required")),
    }
)
_OPTIONAL_ITEMS = Arr(
    item=Obj(
        fields={"adjustable_quantity": _ADJUSTABLE, "price": Str(), "quantity": Int()},
        required=("price", "quantity"),
    )
)
_SHIPPING_OPTIONS = Arr(item=Obj(fields={"shipping_rate": Str()}))
_SHIPPING_ADDRESS_COLLECTION = Obj(
    fields={"allowed_countries": Arr(item=Enum(pattern=r"[A-Z]{2}"))},
    required=("allowed_countries",),
)
_TRIAL_SETTINGS = Obj(
    fields={
        "end_behavior": Obj(
            fields={"missing_payment_method": Enum(values=("cancel", "create_invoice", "pause"))},
            required=("missing_payment_method",),
        )
    },
    required=("end_behavior",),
)
_TAX_ID_COLLECTION = Obj(
    fields={"enabled": Bool(), "required": Enum(values=("if_supported", "never"))},
    required=("enabled",),
)
_AFTER_COMPLETION = Obj(
    fields={
        "hosted_confirmation": Obj(fields={"custom_message": Str(max_length=500)}),
        "redirect": Obj(fields={"url": Str()}, required=("url",)),
        "type": Enum(values=("hosted_confirmation", "redirect")),
    },
    required=("type",),
)
_AUTOMATIC_TAX = Obj(fields={"enabled": Bool(), "liability": _ISSUER}, required=("enabled",))
_CUSTOM_TEXT = Obj(
    fields={
        "after_submit": _MESSAGE,
        "shipping_address": _MESSAGE,
        "submit": _MESSAGE,
        "terms_of_service_acceptance": _MESSAGE,
    }
)
_COMMON = {
    "after_completion": _AFTER_COMPLETION,
    "allow_promotion_codes": Bool(),
    "automatic_tax": _AUTOMATIC_TAX,
    "billing_address_collection": Enum(values=("auto", "required")),
    "custom_text": _CUSTOM_TEXT,
    "customer_creation": Enum(values=("always", "if_required")),
    "invoice_creation": _INVOICE_CREATION,
    "metadata": Map(),
    "name_collection": _NAME_COLLECTION,
    "payment_method_collection": Enum(values=("always", "if_required")),
    "payment_method_options": _PAYMENT_METHOD_OPTIONS,
    "phone_number_collection": Obj(fields={"enabled": Bool()}, required=("enabled",)),
    "submit_type": Enum(values=("auto", "book", "donate", "pay", "subscribe")),
    "tax_id_collection": _TAX_ID_COLLECTION,
    **EXPAND,
}

#: `POST /v1/payment_links`.
CREATE = Obj(
    fields={
        **_COMMON,
        "application_fee_amount": Int(),
        "application_fee_percent": Num(),
        "consent_collection": _CONSENT_COLLECTION,
        "currency": Currency(),
        "custom_fields": Arr(item=_CUSTOM_FIELD),
        "inactive_message": Str(max_length=500),
        "line_items": Arr(
            item=Obj(
                fields={
                    "adjustable_quantity": _ADJUSTABLE,
                    "price": Str(),
                    "price_data": Obj(
                        fields={
                            "currency": Currency(),
                            "product": Str(),
                            "product_data": Obj(
                                fields={
                                    "description": Str(max_length=40000),
                                    "images": Arr(item=Str()),
                                    "metadata": Map(),
                                    "name": Str(),
                                    "tax_code": Str(),
                                    "unit_label": Str(max_length=12),
                                },
                                required=("name",),
                            ),
                            "recurring": Obj(
                                fields={
                                    "interval": Enum(values=("day", "month", "week", "year")),
                                    "interval_count": Int(),
                                },
                                required=("interval",),
                            ),
                            "tax_behavior": Enum(values=("exclusive", "inclusive", "unspecified")),
                            "unit_amount": Int(),
                            "unit_amount_decimal": DecimalStr(),
                        },
                        required=("currency",),
                    ),
                    "quantity": Int(),
                },
                required=("quantity",),
            )
        ),
        "managed_payments": Obj(fields={"enabled": Bool()}),
        "on_behalf_of": Str(),
        "optional_items": _OPTIONAL_ITEMS,
        "payment_intent_data": Obj(
            fields={
                "capture_method": Enum(values=("automatic", "automatic_async", "manual")),
                "description": Str(max_length=1000),
                "metadata": Map(),
                "setup_future_usage": Enum(values=("off_session", "on_session")),
                "statement_descriptor": Str(max_length=22),
                "statement_descriptor_suffix": Str(max_length=22),
                "transfer_group": Str(),
            }
        ),
        "payment_method_types": _PAYMENT_METHOD_TYPES,
        "restrictions": Obj(
            fields={"completed_sessions": _LIMIT}, required=("completed_sessions",)
        ),
        "shipping_address_collection": _SHIPPING_ADDRESS_COLLECTION,
        "shipping_options": _SHIPPING_OPTIONS,
        "subscription_data": Obj(
            fields={
                "description": Str(max_length=500),
                "invoice_settings": Obj(fields={"issuer": _ISSUER}),
                "metadata": Map(),
                "trial_period_days": Int(),
                "trial_settings": _TRIAL_SETTINGS,
            }
        ),
        "transfer_data": Obj(
            fields={"amount": Int(), "destination": Str()}, required=("destination",)
        ),
    },
    required=("line_items",),
)

#: `POST /v1/payment_links/{id}`.
UPDATE = Obj(
    fields={
        **_COMMON,
        "active": Bool(),
        "application_fee_amount": Int(emptyable=True),
        "application_fee_percent": Num(emptyable=True),
        "consent_collection": _CONSENT_COLLECTION,
        "name_collection": _emptyable(_NAME_COLLECTION),
        "on_behalf_of": Str(emptyable=True),
        "optional_items": _emptyable(_OPTIONAL_ITEMS),
        "shipping_options": _emptyable(_SHIPPING_OPTIONS),
        "transfer_data": Obj(
            fields={"amount": Int(emptyable=True), "destination": Str()},
            required=("destination",),
            emptyable=True,
        ),
        "custom_fields": Arr(item=_CUSTOM_FIELD, emptyable=True),
        "inactive_message": Str(max_length=500, emptyable=True),
        "line_items": Arr(
            item=Obj(
                fields={"adjustable_quantity": _ADJUSTABLE, "id": Str(), "quantity": Int()},
                required=("id",),
            )
        ),
        "payment_intent_data": Obj(
            fields={
                "description": Str(max_length=1000, emptyable=True),
                "metadata": Map(emptyable=True),
                "setup_future_usage": Enum(values=("", "off_session", "on_session")),
                "statement_descriptor": Str(max_length=22, emptyable=True),
                "statement_descriptor_suffix": Str(max_length=22, emptyable=True),
                "transfer_group": Str(emptyable=True),
            }
        ),
        "payment_method_options": _PAYMENT_METHOD_OPTIONS_UPDATE,
        "payment_method_types": _emptyable(_PAYMENT_METHOD_TYPES),
        "restrictions": Obj(
            fields={"completed_sessions": _LIMIT}, required=("completed_sessions",), emptyable=True
        ),
        "shipping_address_collection": _emptyable(_SHIPPING_ADDRESS_COLLECTION),
        "subscription_data": Obj(
            fields={
                "invoice_settings": Obj(fields={"issuer": _ISSUER}),
                "metadata": Map(emptyable=True),
                "trial_period_days": Int(emptyable=True),
                "trial_settings": _emptyable(_TRIAL_SETTINGS),
            }
        ),
    }
)

#: `GET /v1/payment_links`.
LIST = LIST_PARAMS.with_fields({"active": Bool()})

#: `GET /v1/payment_links/{id}/line_items`.
LINE_ITEMS = LIST_PARAMS

#: Fields echoed from create params, with Stripe's defaults when not given.
_DEFAULTS: dict[str, Any] = {
    "after_completion": {
        "hosted_confirmation": {"custom_message": None},
        "type": "hosted_confirmation",
    },
    "allow_promotion_codes": False,
    "application": None,
    "application_fee_amount": None,
    "application_fee_percent": None,
    "automatic_tax": {"enabled": False, "liability": None},
    "billing_address_collection": "auto",
    "consent_collection": None,
    "custom_fields": [],
    "custom_text": {
        "after_submit": None,
        "shipping_address": None,
        "submit": None,
        "terms_of_service_acceptance": None,
    },
    "customer_creation": "if_required",
    "inactive_message": None,
    "invoice_creation": None,
    "managed_payments": None,
    "metadata": {},
    "name_collection": None,
    "on_behalf_of": None,
    "optional_items": [],
    "payment_intent_data": None,
    "payment_method_collection": "always",
    "payment_method_options": None,
    "payment_method_types": None,
    "phone_number_collection": {"enabled": False},
    "restrictions": None,
    "shipping_address_collection": None,
    "shipping_options": [],
    "submit_type": "auto",
    "subscription_data": None,
    "tax_id_collection": {"enabled": False, "required": "never"},
    "transfer_data": None,
}


_EMPTY_LISTS = frozenset({"custom_fields", "optional_items", "shipping_options"})
"""List fields Stripe reports as ``[]`` (not null) once unset."""


def _unset_to_none(value: Any) -> Any:
    if value is UNSET:
        return None
    if isinstance(value, dict):
        return {k: _unset_to_none(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unset_to_none(v) for v in value]
    return value


def _issuer_account(issuer: Any) -> Any:
    return issuer.get("account") if isinstance(issuer, dict) else None


def _references(params: dict[str, Any]) -> list[tuple[str, Any, str]]:
    """(kind, id, param) of every account and shipping rate a link's params name."""
    found = [("account", params.get("on_behalf_of"), "on_behalf_of")]
    transfer = params.get("transfer_data")
    if isinstance(transfer, dict):
        found.append(("account", transfer.get("destination"), "transfer_data[destination]"))
    tax = params.get("automatic_tax")
    if isinstance(tax, dict):
        found.append(
            ("account", _issuer_account(tax.get("liability")), "automatic_tax[liability][account]")
        )
    invoice = params.get("invoice_creation")
    if isinstance(invoice, dict) and isinstance(invoice.get("invoice_data"), dict):
        issuer = invoice["invoice_data"].get("issuer")
        found.append(
            ("account", _issuer_account(issuer), "invoice_creation[invoice_data][issuer][account]")
        )
    subscription = params.get("subscription_data")
    if isinstance(subscription, dict) and isinstance(subscription.get("invoice_settings"), dict):
        issuer = subscription["invoice_settings"].get("issuer")
        param = "subscription_data[invoice_settings][issuer][account]"
        found.append(("account", _issuer_account(issuer), param))
    for i, option in enumerate(params.get("shipping_options") or []):
        if isinstance(option, dict):
            param = f"shipping_options[{i}][shipping_rate]"
            found.append(("shipping_rate", option.get("shipping_rate"), param))
    return found


class PaymentLinkModel(StoredModel):
    """Create, read, update and list payment links and their line items (no delete)."""

    kind = "payment_link"

    def by_token(self, token: str) -> dict[str, Any] | None:
        """The link whose URL ends with `token` (for the customer page)."""
        return next((link for link in self.store.all(self.kind) if link["_token"] == token), None)

    def render(self, link: dict[str, Any]) -> dict[str, Any]:
        """The public object: private fields dropped, `url` under the emulator's base URL."""
        public = {k: v for k, v in link.items() if not k.startswith("_")}
        public["url"] = f"{self.backend.link_base_url}/c/pay/{link['_token']}"
        return public

    def create(self, params: dict[str, Any]) -> dict[str, Any]:
        """Create a link after checking every line item against Stripe's rules."""
        check_metadata(params.get("metadata"))
        self._check_options(params)
        self._check_references(params)
        with self.store.transaction():
            items = params["line_items"]
            if not 1 <= len(items) <= MAX_LINE_ITEMS:
                raise LINE_ITEMS_COUNT.error(
                    f"A payment link can have between 1 and {MAX_LINE_ITEMS} line items; "
                    f"{len(items)} were given.",
                    param="line_items",
                )
            prices = [self._price_for(item, f"line_items[{i}]") for i, item in enumerate(items)]
            self._check_prices(prices)
            self._check_subscription(params, prices)
            for i, (item, price) in enumerate(zip(items, prices, strict=True)):
                self._check_quantity(item, f"line_items[{i}]", price)
            for i, item in enumerate(params.get("optional_items", [])):
                price = self.backend.prices.get(item["price"], param=f"optional_items[{i}][price]")
                self._check_usable(price, f"optional_items[{i}][price]")
            shipping = self._shipping_options(
                params.get("shipping_options") or [],
                prices[0]["currency"],
                params.get("shipping_address_collection"),
                any(p["type"] == "recurring" for p in prices),
            )
            link = {k: v for k, v in _DEFAULTS.items()}
            link.update(
                {
                    k: _unset_to_none(v)
                    for k, v in params.items()
                    if k not in ("line_items", "expand")
                }
            )
            link.update(
                {
                    "id": new_id("plink_"),
                    "object": "payment_link",
                    "active": True,
                    "currency": prices[0]["currency"],
                    "shipping_options": shipping,
                    "livemode": False,
                    "_created": now(),
                    "_token": "test_"
                    + secrets.token_urlsafe(15).replace("-", "x").replace("_", "y"),
                    "_line_items": [
                        {
                            "id": new_id("li_"),
                            "price": price["id"],
                            "quantity": item["quantity"],
                            "adjustable_quantity": item.get("adjustable_quantity"),
                        }
                        for item, price in zip(items, prices, strict=True)
                    ],
                }
            )
            self.store.insert(self.kind, link)
        return link

    def _price_for(self, item: dict[str, Any], param: str) -> dict[str, Any]:
        if ("price" in item) == ("price_data" in item):
            raise PRICE_OR_PRICE_DATA.error(
                f"Each line item needs exactly one of `price` or `price_data` ({param}).",
                param=f"{param}[price]",
                code="parameters_exclusive" if "price" in item else "parameter_missing",
            )
        if "price_data" in item:
            data = dict(item["price_data"])
            if ("product" in data) == ("product_data" in data):
                raise PRICE_DATA_PRODUCT.error(
                    f"`{param}[price_data]` needs exactly one of `product` or `product_data`.",
                    param=f"{param}[price_data][product]",
                    code="parameters_exclusive" if "product" in data else "parameter_missing",
                )
            price = self.backend.prices.create(data)
        else:
            price = self.backend.prices.get(item["price"], param=f"{param}[price]")
        self._check_usable(price, f"{param}[price]")
        return price

    def _check_usable(self, price: dict[str, Any], param: str) -> None:
        if not price["active"]:
            raise PRICE_INACTIVE.error(
                f"The price `{price['id']}` is not active (archived) and can't be used in a new "
                "payment link.",
                param=param,
            )
        product = self.store.get("product", price["product"])
        if product is not None and not product["active"]:
            raise PRODUCT_INACTIVE.error(
                f"The product `{product['id']}` of price `{price['id']}` is not active "
                "(archived) and can't be sold in a payment link.",
                param=param,
                code="product_inactive",
            )
        if price["billing_scheme"] == "tiered" or price["transform_quantity"]:
            raise PRICE_NOT_STANDARD.error(
                f"The price `{price['id']}` is a tiered, volume or package price; payment links "
                "only support standard per-unit prices and customer-chosen prices.",
                param=param,
            )

    @staticmethod
    def _check_prices(prices: list[dict[str, Any]]) -> None:
        custom = [i for i, p in enumerate(prices) if p["custom_unit_amount"]]
        if custom and len(prices) > 1:
            raise CUSTOM_ALONE.error(
                "A customer-chosen price (custom_unit_amount) must be the only line item of a "
                "payment link.",
                param=f"line_items[{custom[0]}][price]",
            )
        for i, price in enumerate(prices):
            if price["custom_unit_amount"] and price["type"] == "recurring":
                raise CUSTOM_RECURRING.error(
                    "Customer-chosen prices can't be recurring.", param=f"line_items[{i}][price]"
                )
            if price["currency"] != prices[0]["currency"]:
                raise CURRENCY_MIXED.error(
                    f"All line items of a payment link must share one currency; line_items[{i}] "
                    f"is {price['currency']} but line_items[0] is {prices[0]['currency']}.",
                    param=f"line_items[{i}][price]",
                )
        intervals = {
            (p["recurring"]["interval"], p["recurring"]["interval_count"])
            for p in prices
            if p["recurring"]
        }
        if len(intervals) > 1:
            raise BILLING_INTERVAL.error(
                "All recurring prices of a payment link must share one billing interval.",
                param="line_items",
            )

    def _check_references(self, params: dict[str, Any]) -> None:
        """Connected accounts and shipping rates a link names must exist (see `references`)."""
        for kind, value, param in _references(params):
            check_known(self.store, kind, value, param)

    @staticmethod
    def _check_subscription(params: dict[str, Any], prices: list[dict[str, Any]]) -> None:
        """Subscription settings only make sense when the link sells a recurring price."""
        if params.get("subscription_data") and not any(p["recurring"] for p in prices):
            raise SUBSCRIPTION_WITHOUT_RECURRING.error(
                "subscription_data can only be used when the payment link has at least one "
                "recurring price (it creates a subscription); this link sells one-time prices.",
                param="subscription_data",
            )

    @staticmethod
    def _check_quantity(item: dict[str, Any], param: str, price: dict[str, Any] | None) -> None:
        quantity = item.get("quantity")
        if quantity is not None and quantity < 1:
            raise QUANTITY_MINIMUM.error(
                f"Invalid {param}[quantity]: must be at least 1", param=f"{param}[quantity]"
            )
        if price is not None and price["custom_unit_amount"] and quantity not in (None, 1):
            raise CUSTOM_QUANTITY.error(
                f"Invalid {param}[quantity]: a customer-chosen price is sold with quantity 1.",
                param=f"{param}[quantity]",
            )
        adjustable = item.get("adjustable_quantity")
        if not adjustable:
            return
        low, high = adjustable.get("minimum", 0), adjustable.get("maximum", 99)
        if not 0 <= low <= high <= MAX_ADJUSTABLE_QUANTITY:
            raise ADJUSTABLE_BOUNDS.error(
                f"Invalid {param}[adjustable_quantity]: need 0 ≤ minimum ≤ maximum ≤ "
                f"{MAX_ADJUSTABLE_QUANTITY}.",
                param=f"{param}[adjustable_quantity][maximum]",
            )
        if adjustable["enabled"] and quantity is not None and not low <= quantity <= high:
            raise QUANTITY_OUTSIDE_ADJUSTABLE.error(
                f"Invalid {param}[quantity]: must be between the adjustable minimum and maximum.",
                param=f"{param}[quantity]",
            )

    @staticmethod
    def _check_options(params: dict[str, Any]) -> None:
        after = params.get("after_completion")
        if after and after["type"] == "redirect" and "redirect" not in after:
            raise REDIRECT_MISSING.error(
                "Missing required param: after_completion[redirect].",
                param="after_completion[redirect]",
                code="parameter_missing",
            )
        if after and after["type"] == "hosted_confirmation" and "redirect" in after:
            raise REDIRECT_WITH_HOSTED.error(
                "after_completion[redirect] can only be used with type=redirect.",
                param="after_completion[redirect]",
            )
        if len(params.get("custom_fields") or []) > 3:
            raise CUSTOM_FIELDS_COUNT.error(
                "A payment link can have at most 3 custom fields.", param="custom_fields"
            )
        restrictions = params.get("restrictions")
        if restrictions and restrictions["completed_sessions"]["limit"] < 1:
            raise COMPLETED_SESSIONS_LIMIT.error(
                "Invalid restrictions[completed_sessions][limit]: must be at least 1",
                param="restrictions[completed_sessions][limit]",
            )

    def update(self, link_id: str, params: dict[str, Any]) -> dict[str, Any]:
        """Change options, `active`, optional items, and quantities of existing line items
        (never their prices)."""
        self._check_options(params)
        self._check_references(params)
        with self.changing(link_id, params) as link:
            if params.get("subscription_data"):
                prices = [self.store.get("price", item["price"]) for item in link["_line_items"]]
                self._check_subscription(params, [p for p in prices if p is not None])
            for i, item in enumerate(params.get("optional_items") or []):
                param = f"optional_items[{i}][price]"
                self._check_usable(self.backend.prices.get(item["price"], param=param), param)
            if "line_items" in params:
                self._update_items(link, params["line_items"])
            for key, value in params.items():
                if key in ("metadata", "line_items", "expand"):
                    continue
                if key in _EMPTY_LISTS and value is UNSET:
                    link[key] = []
                else:
                    link[key] = _unset_to_none(value)
            if "shipping_options" in params or "shipping_address_collection" in params:
                sold = [self.store.get("price", i["price"]) or {} for i in link["_line_items"]]
                link["shipping_options"] = self._shipping_options(
                    link["shipping_options"],
                    link["currency"],
                    link["shipping_address_collection"],
                    any(p.get("type") == "recurring" for p in sold),
                    changed="shipping_options" in params,
                )
        return link

    def _shipping_options(
        self,
        options: list[dict[str, Any]],
        currency: str,
        address_collection: Any,
        recurring: bool,
        *,
        changed: bool = True,
    ) -> list[dict[str, Any]]:
        """Stripe's shipping rules: rates need an address to ship to and one-time payments;
        each offered rate exists, is active and charges in the link's currency."""
        if not options:
            return []
        if not address_collection:
            raise SHIPPING_NEEDS_ADDRESS.error(
                "shipping_options requires shipping_address_collection: set the countries the "
                "payment link ships to.",
                param="shipping_address_collection" if not changed else "shipping_options",
            )
        if recurring:
            raise SHIPPING_ONE_TIME.error(
                "Shipping rates can only be used with one-time payments; this payment link "
                "starts a subscription.",
                param="shipping_options",
            )
        offered = []
        for i, option in enumerate(options):
            param = f"shipping_options[{i}][shipping_rate]"
            rate_id = option["shipping_rate"]
            if changed:
                rate = self.backend.shipping_rates.usable(rate_id, currency, param)
                amount = rate["fixed_amount"]["amount"]
            else:
                amount = option.get("shipping_amount", 0)
            offered.append({"shipping_amount": amount, "shipping_rate": rate_id})
        return offered

    def _update_items(self, link: dict[str, Any], updates: list[dict[str, Any]]) -> None:
        by_id = {item["id"]: item for item in link["_line_items"]}
        for i, update in enumerate(updates):
            item = by_id.get(update["id"])
            if item is None:
                raise LINE_ITEM_UNKNOWN.error(
                    f"No such line item: '{update['id']}'. Payment link line items can only be "
                    "changed (quantity, adjustable_quantity), not added; use a new link for "
                    "different prices.",
                    param=f"line_items[{i}][id]",
                    code="resource_missing",
                )
            merged = {**item, **{k: v for k, v in update.items() if k != "id"}}
            price = self.store.get("price", item["price"])
            self._check_quantity(merged, f"line_items[{i}]", price)
            item.update(merged)

    def list(self, params: dict[str, Any], url: str) -> Paginated:
        """List newest first, filtered by `active`."""
        return self.list_page(self.store.all(self.kind), params, url, equal=("active",))

    def line_items(self, link_id: str, params: dict[str, Any], url: str) -> Paginated:
        """The link's items as Stripe's `item` objects, each with its full `price`."""
        link = self.get(link_id)
        items = [self.render_item(item) for item in link["_line_items"]]
        return paginate(items, params, url, kind="line item")

    def render_item(self, item: dict[str, Any]) -> dict[str, Any]:
        """One line item with its price object and amounts (no discounts or taxes here)."""
        price = self.store.get("price", item["price"]) or {}
        product = self.store.get("product", price.get("product", "")) or {}
        unit = price.get("unit_amount") or 0
        subtotal = unit * item["quantity"]
        return {
            "id": item["id"],
            "object": "item",
            "adjustable_quantity": item["adjustable_quantity"],
            "amount_discount": 0,
            "amount_subtotal": subtotal,
            "amount_tax": 0,
            "amount_total": subtotal,
            "currency": price.get("currency"),
            "description": product.get("name"),
            "metadata": {},
            "price": price,
            "quantity": item["quantity"],
        }
