"""Shipping rates: Stripe's shapes and rules, no HTTP.

Rules mirrored: `display_name` is required; the only `type` is `fixed_amount`, which needs
`fixed_amount[amount]` (≥ 0) and `fixed_amount[currency]`; a delivery estimate's minimum is not
after its maximum. Stripe has no delete for shipping rates and its update takes only `active`,
`metadata`, `tax_behavior` and the other-currency amounts: the amount, currency and name are
fixed (not in the update schema: an unknown parameter).
"""

from __future__ import annotations

from typing import Any

from emulator.models.common import (
    CREATED,
    EXPAND,
    LIST_PARAMS,
    Paginated,
    check_metadata,
    filter_created,
    new_id,
    now,
)
from emulator.models.stored import StoredModel
from emulator.params import Bool, Currency, CurrencyOptions, Enum, Int, Map, Obj, Str
from emulator.rules import rule

__all__ = ["CREATE", "LIST", "UPDATE", "ShippingRateModel"]

FIXED_AMOUNT_MISSING = rule("shipping_rate.fixed_amount_missing", "a rate needs `fixed_amount`")
AMOUNT_NEGATIVE = rule("shipping_rate.amount_negative", "a shipping amount is at least 0")
ESTIMATE_ORDER = rule("shipping_rate.estimate_order", "a delivery minimum isn't after its maximum")
RATE_INACTIVE = rule("payment_link.shipping_rate_inactive", "an archived rate can't be offered")
RATE_CURRENCY = rule("payment_link.shipping_currency", "a link's rates charge in its currency")

_TAX_BEHAVIOR = Enum(values=("exclusive", "inclusive", "unspecified"))
_UNIT = Enum(values=("business_day", "day", "hour", "month", "week"))
_BOUND = Obj(fields={"unit": _UNIT, "value": Int()}, required=("unit", "value"))
_HOURS = {"hour": 1, "day": 24, "business_day": 24, "week": 168, "month": 720}
_CURRENCY_OPTION = Obj(
    fields={"amount": Int(), "tax_behavior": _TAX_BEHAVIOR}, required=("amount",)
)


#: `POST /v1/shipping_rates`.
CREATE = Obj(
    fields={
        "delivery_estimate": Obj(fields={"maximum": _BOUND, "minimum": _BOUND}),
        "display_name": Str(max_length=100),
        "fixed_amount": Obj(
            fields={
                "amount": Int(),
                "currency": Currency(),
                "currency_options": CurrencyOptions(option=_CURRENCY_OPTION),
            },
            required=("amount", "currency"),
        ),
        "metadata": Map(),
        "tax_behavior": _TAX_BEHAVIOR,
        "tax_code": Str(),
        "type": Enum(values=("fixed_amount",)),
        **EXPAND,
    },
    required=("display_name",),
)

#: `POST /v1/shipping_rates/{id}`: what a shipping rate lets you change.
UPDATE = Obj(
    fields={
        "active": Bool(),
        "fixed_amount": Obj(fields={"currency_options": CurrencyOptions(option=_CURRENCY_OPTION)}),
        "metadata": Map(emptyable=True),
        "tax_behavior": _TAX_BEHAVIOR,
        **EXPAND,
    }
)

#: `GET /v1/shipping_rates`.
LIST = LIST_PARAMS.with_fields({"active": Bool(), "currency": Currency(), **CREATED})


class ShippingRateModel(StoredModel):
    """Create, read, update and list shipping rates (Stripe has no shipping rate delete)."""

    kind = "shipping_rate"

    def create(self, params: dict[str, Any]) -> dict[str, Any]:
        """Create a fixed-amount rate after Stripe's checks."""
        check_metadata(params.get("metadata"))
        fixed = params.get("fixed_amount")
        if fixed is None:
            raise FIXED_AMOUNT_MISSING.error(
                "Missing required param: fixed_amount. A shipping rate of type `fixed_amount` "
                "needs `fixed_amount[amount]` and `fixed_amount[currency]`.",
                param="fixed_amount",
            )
        if fixed["amount"] < 0:
            raise AMOUNT_NEGATIVE.error(
                "Invalid fixed_amount[amount]: must be greater than or equal to 0",
                param="fixed_amount[amount]",
            )
        estimate = params.get("delivery_estimate") or {}
        low, high = estimate.get("minimum"), estimate.get("maximum")
        if (
            low
            and high
            and low["value"] * _HOURS[low["unit"]] > high["value"] * _HOURS[high["unit"]]
        ):
            raise ESTIMATE_ORDER.error(
                "Invalid delivery_estimate: the minimum must not be after the maximum.",
                param="delivery_estimate[minimum]",
            )
        rate = {
            "id": new_id("shr_"),
            "object": "shipping_rate",
            "active": True,
            "created": now(),
            "delivery_estimate": ({"minimum": low, "maximum": high} if estimate else None),
            "display_name": params["display_name"],
            "fixed_amount": {
                "amount": fixed["amount"],
                "currency": fixed["currency"],
                **(
                    {"currency_options": fixed["currency_options"]}
                    if "currency_options" in fixed
                    else {}
                ),
            },
            "livemode": False,
            "metadata": params.get("metadata", {}),
            "tax_behavior": params.get("tax_behavior", "unspecified"),
            "tax_code": params.get("tax_code"),
            "type": "fixed_amount",
        }
        with self.store.transaction():
            self.store.insert(self.kind, rate)
        return rate

    def update(self, rate_id: str, params: dict[str, Any]) -> dict[str, Any]:
        """Archive or reactivate, change metadata, tax behaviour or other-currency amounts."""
        with self.changing(rate_id, params) as rate:
            if "active" in params:
                rate["active"] = params["active"]
            if "tax_behavior" in params:
                rate["tax_behavior"] = params["tax_behavior"]
            options = (params.get("fixed_amount") or {}).get("currency_options")
            if options:
                rate["fixed_amount"]["currency_options"] = {
                    **rate["fixed_amount"].get("currency_options", {}),
                    **options,
                }
        return rate

    def list(self, params: dict[str, Any], url: str) -> Paginated:
        """List newest first, filtered by `active` and `currency`."""
        rates = filter_created(self.store.all(self.kind), params)
        if "currency" in params:
            rates = [r for r in rates if r["fixed_amount"]["currency"] == params["currency"]]
        return self.list_page(rates, params, url, equal=("active",))

    def usable(self, rate_id: str, currency: str, param: str) -> dict[str, Any]:
        """The rate a payment link may offer: existing, active, charging in the link's currency."""
        rate = self.get(rate_id, param=param)
        if not rate["active"]:
            raise RATE_INACTIVE.error(
                f"The shipping rate `{rate_id}` is not active (archived) and can't be offered.",
                param=param,
            )
        if rate["fixed_amount"]["currency"] != currency:
            raise RATE_CURRENCY.error(
                f"The shipping rate `{rate_id}` charges in {rate['fixed_amount']['currency']} but "
                f"the payment link is in {currency}; shipping rates must match its currency.",
                param=param,
            )
        return rate
