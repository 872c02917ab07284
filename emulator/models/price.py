"""Prices: Stripe's shapes and rules, no HTTP.

Rules mirrored: exactly one of `product`/`product_data`; one of `unit_amount`,
`unit_amount_decimal`, `custom_unit_amount` (per-unit) or `tiers` (tiered); customer-chosen
amounts never recurring; `lookup_key` unique per account unless `transfer_lookup_key=true`
moves it; a product's default price can't be archived; `tax_behavior` only changes away from
`unspecified`. Everything else is immutable (not in the update schema: an unknown parameter).
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
from emulator.params import (
    Arr,
    Bool,
    Currency,
    CurrencyOptions,
    DecimalStr,
    Enum,
    Int,
    IntOrInf,
    Map,
    Obj,
    Str,
)
from emulator.rules import rule

__all__ = ["CREATE", "DEFAULT_PRICE_DATA", "INCLUDABLES", "LIST", "UPDATE", "PriceModel"]

INCLUDABLES = "price_includables"
"""Store kind of what a price shows only when expanded (`currency_options`, `tiers`)."""


def includables_id(price_id: str) -> str:
    """Store id of a price's includables."""
    return f"{price_id}/includables"


def _decimal_of(amount: Any, decimal: Any) -> Any:
    return str(amount) if amount is not None else decimal


def _currency_option(option: dict[str, Any]) -> dict[str, Any]:
    custom = option.get("custom_unit_amount")
    return {
        "custom_unit_amount": (
            {k: custom.get(k) for k in ("maximum", "minimum", "preset")} if custom else None
        ),
        "tax_behavior": option.get("tax_behavior", "unspecified"),
        "unit_amount": option.get("unit_amount"),
        "unit_amount_decimal": _decimal_of(
            option.get("unit_amount"), option.get("unit_amount_decimal")
        ),
    }


def _tier(tier: dict[str, Any]) -> dict[str, Any]:
    return {
        "flat_amount": tier.get("flat_amount"),
        "flat_amount_decimal": _decimal_of(
            tier.get("flat_amount"), tier.get("flat_amount_decimal")
        ),
        "unit_amount": tier.get("unit_amount"),
        "unit_amount_decimal": _decimal_of(
            tier.get("unit_amount"), tier.get("unit_amount_decimal")
        ),
        "up_to": None if tier["up_to"] == "inf" else tier["up_to"],
    }


PRODUCT_AND_PRODUCT_DATA = rule("price.product_and_product_data", "`product` or `product_data`")
PRODUCT_MISSING = rule("price.product_missing", "a price needs `product` or `product_data`")
AMOUNT_TWICE = rule("price.amount_twice", "only one of `unit_amount`, `unit_amount_decimal`")
AMOUNT_NEGATIVE = rule("price.amount_negative", "amounts are at least 0")
TIERS_MISSING = rule("price.tiers_missing", "a tiered price needs `tiers` and `tiers_mode`")
TIERED_WITH_AMOUNT = rule("price.tiered_with_amount", "a tiered price has no unit amount")
TIERS_NOT_TIERED = rule("price.tiers_not_tiered", "`tiers` need `billing_scheme=tiered`")
AMOUNT_MISSING = rule("price.amount_missing", "a per-unit price needs an amount")
AMOUNT_AND_CUSTOM = rule("price.amount_and_custom", "a fixed or a customer-chosen amount")
INTERVAL_COUNT = rule("price.interval_count", "a billing period is at most three years")
CUSTOM_ENABLED = rule("price.custom_enabled", "`custom_unit_amount[enabled]` is true")
CUSTOM_RECURRING = rule("price.custom_recurring", "a customer-chosen price isn't recurring")
CUSTOM_BOUNDS = rule("price.custom_bounds", "0 ≤ minimum ≤ preset ≤ maximum")
LOOKUP_KEY_TAKEN = rule(
    "price.lookup_key_taken", "a lookup key is held by one price (unless transferred)"
)
ARCHIVE_DEFAULT = rule("price.archive_default", "a product's default price can't be archived")
TAX_BEHAVIOR_SET = rule("price.tax_behavior_set", "`tax_behavior` is set once")
METERED_NEEDS_METER = rule("price.metered_meter", "a metered price names its billing meter")

_TAX_BEHAVIOR = Enum(values=("exclusive", "inclusive", "unspecified"))
_CUSTOM_UNIT_AMOUNT = Obj(
    fields={"enabled": Bool(), "maximum": Int(), "minimum": Int(), "preset": Int()},
    required=("enabled",),
)
_TIER = Obj(
    fields={
        "flat_amount": Int(),
        "flat_amount_decimal": DecimalStr(),
        "unit_amount": Int(),
        "unit_amount_decimal": DecimalStr(),
        "up_to": IntOrInf(),
    },
    required=("up_to",),
)
_INTERVAL = Enum(values=("day", "month", "week", "year"))
_RECURRING = Obj(
    fields={
        "interval": _INTERVAL,
        "interval_count": Int(),
        "meter": Str(),
        "usage_type": Enum(values=("licensed", "metered")),
    },
    required=("interval",),
)
_CURRENCY_OPTION = Obj(
    fields={
        "custom_unit_amount": _CUSTOM_UNIT_AMOUNT,
        "tax_behavior": _TAX_BEHAVIOR,
        "tiers": Arr(item=_TIER),
        "unit_amount": Int(),
        "unit_amount_decimal": DecimalStr(),
    }
)


#: `POST /v1/prices`.
CREATE = Obj(
    fields={
        "active": Bool(),
        "billing_scheme": Enum(values=("per_unit", "tiered")),
        "currency": Currency(),
        "currency_options": CurrencyOptions(option=_CURRENCY_OPTION),
        "custom_unit_amount": _CUSTOM_UNIT_AMOUNT,
        "lookup_key": Str(max_length=200),
        "metadata": Map(),
        "nickname": Str(),
        "product": Str(),
        "product_data": Obj(
            fields={
                "active": Bool(),
                "id": Str(),
                "metadata": Map(),
                "name": Str(),
                "statement_descriptor": Str(max_length=22),
                "tax_code": Str(),
                "unit_label": Str(max_length=12),
            },
            required=("name",),
        ),
        "recurring": _RECURRING,
        "tax_behavior": _TAX_BEHAVIOR,
        "tiers": Arr(item=_TIER),
        "tiers_mode": Enum(values=("graduated", "volume")),
        "transfer_lookup_key": Bool(),
        "transform_quantity": Obj(
            fields={"divide_by": Int(), "round": Enum(values=("down", "up"))},
            required=("divide_by", "round"),
        ),
        "unit_amount": Int(),
        "unit_amount_decimal": DecimalStr(),
        **EXPAND,
    },
    required=("currency",),
)

#: `default_price_data` on `POST /v1/products`.
DEFAULT_PRICE_DATA = CREATE.only(
    "currency",
    "currency_options",
    "custom_unit_amount",
    "metadata",
    "tax_behavior",
    "unit_amount",
    "unit_amount_decimal",
    recurring=Obj(fields={"interval": _INTERVAL, "interval_count": Int()}, required=("interval",)),
)

#: `POST /v1/prices/{price}`: the only fields a price lets you change.
UPDATE = Obj(
    fields={
        "active": Bool(),
        "currency_options": CurrencyOptions(option=_CURRENCY_OPTION, emptyable=True),
        "lookup_key": Str(max_length=200),
        "metadata": Map(emptyable=True),
        "nickname": Str(),
        "tax_behavior": _TAX_BEHAVIOR,
        "transfer_lookup_key": Bool(),
        **EXPAND,
    }
)

#: `GET /v1/prices`.
LIST = LIST_PARAMS.with_fields(
    {
        "active": Bool(),
        **CREATED,
        "currency": Currency(),
        "lookup_keys": Arr(item=Str(), max_items=10),
        "product": Str(),
        "type": Enum(values=("one_time", "recurring")),
        "recurring": Obj(
            fields={
                "interval": _INTERVAL,
                "meter": Str(),
                "usage_type": Enum(values=("licensed", "metered")),
            }
        ),
    }
)

_MAX_INTERVAL_COUNT = {"day": 1095, "week": 156, "month": 36, "year": 3}
"""Stripe bills at least once every three years (3 years, 36 months, 156 weeks)."""


class PriceModel(StoredModel):
    """Create, read, update and list prices (Stripe has no price delete)."""

    kind = "price"

    def create(self, params: dict[str, Any]) -> dict[str, Any]:
        """Create a price for an existing product or for a new one from `product_data`."""
        check_metadata(params.get("metadata"))
        with self.store.transaction():
            product_id = self._product_for(params)
            price = self._build(product_id, params, prefix="")
            self._claim_lookup_key(price, params.get("lookup_key"), params)
            self.store.insert(self.kind, price, parent=product_id)
            self._save_includables(price, params)
        return price

    def create_default(self, product_id: str, params: dict[str, Any]) -> dict[str, Any]:
        """Create the price given as a product's `default_price_data`."""
        check_metadata(params.get("metadata"), "default_price_data[metadata]")
        price = self._build(product_id, params, prefix="default_price_data")
        self.store.insert(self.kind, price, parent=product_id)
        self._save_includables(price, params)
        return price

    def _save_includables(self, price: dict[str, Any], params: dict[str, Any]) -> None:
        """Keep `currency_options` and `tiers`, which Stripe shows only when expanded."""
        options = {
            price["currency"]: {
                "custom_unit_amount": price["custom_unit_amount"],
                "tax_behavior": price["tax_behavior"],
                "unit_amount": price["unit_amount"],
                "unit_amount_decimal": price["unit_amount_decimal"],
            }
        }
        for currency, option in (params.get("currency_options") or {}).items():
            options[currency.lower()] = _currency_option(option)
        tiers = [_tier(tier) for tier in params.get("tiers") or []]
        self.store.insert(
            INCLUDABLES,
            {"id": includables_id(price["id"]), "currency_options": options, "tiers": tiers},
        )

    def _update_currency_options(self, price: dict[str, Any], update: Any) -> None:
        """Replace the other currencies' options (`''` drops them all)."""
        found = self.includables(price["id"])
        options = {price["currency"]: found["currency_options"].get(price["currency"])}
        for currency, option in (update or {}).items():
            if currency.lower() != price["currency"]:
                options[currency.lower()] = _currency_option(option)
        found = {**found, "id": includables_id(price["id"]), "currency_options": options}
        self.store.save(found) if self.store.get(INCLUDABLES, found["id"]) else self.store.insert(
            INCLUDABLES, found
        )

    def includables(self, price_id: str) -> dict[str, Any]:
        """`{"currency_options": ..., "tiers": ...}` of a price (empty for unknown ones)."""
        found = self.store.get(INCLUDABLES, includables_id(price_id))
        return found or {"currency_options": {}, "tiers": []}

    def _product_for(self, params: dict[str, Any]) -> str:
        if "product" in params and "product_data" in params:
            raise PRODUCT_AND_PRODUCT_DATA.error(
                "You may only specify one of these parameters: product, product_data.",
                param="product",
                code="parameters_exclusive",
            )
        if "product" in params:
            return str(self.backend.products.get(params["product"], param="product")["id"])
        if "product_data" in params:
            data = dict(params["product_data"])
            check_metadata(data.get("metadata"), "product_data[metadata]")
            return str(self.backend.products.create(data)["id"])
        raise PRODUCT_MISSING.error(
            "You must specify either `product` or `product_data` when creating a price.",
            param="product",
            code="parameter_missing",
        )

    def _build(self, product_id: str, params: dict[str, Any], *, prefix: str) -> dict[str, Any]:
        def name(field: str) -> str:
            return f"{prefix}[{field}]" if prefix else field

        scheme = params.get("billing_scheme", "per_unit")
        amounts = [k for k in ("unit_amount", "unit_amount_decimal") if k in params]
        custom = params.get("custom_unit_amount")
        recurring = params.get("recurring")
        if len(amounts) > 1:
            raise AMOUNT_TWICE.error(
                "You may only specify one of these parameters: unit_amount, unit_amount_decimal.",
                param=name("unit_amount"),
                code="parameters_exclusive",
            )
        for field in amounts:
            if float(params[field]) < 0:
                raise AMOUNT_NEGATIVE.error(
                    f"Invalid {name(field)}: must be greater than or equal to 0",
                    param=name(field),
                )
        if scheme == "tiered":
            if "tiers" not in params or "tiers_mode" not in params:
                raise TIERS_MISSING.error(
                    "Tiered prices need `tiers` and `tiers_mode`.", param=name("tiers")
                )
            if amounts or custom:
                raise TIERED_WITH_AMOUNT.error(
                    "Tiered prices take their amounts from `tiers`, not `unit_amount` or "
                    "`custom_unit_amount`.",
                    param=name(amounts[0] if amounts else "custom_unit_amount"),
                )
        else:
            if "tiers" in params or "tiers_mode" in params:
                raise TIERS_NOT_TIERED.error(
                    "`tiers` can only be used with `billing_scheme=tiered`.", param=name("tiers")
                )
            if not amounts and not custom:
                raise AMOUNT_MISSING.error(
                    "Missing required param: unit_amount. A per-unit price needs `unit_amount`, "
                    "`unit_amount_decimal` or `custom_unit_amount`.",
                    param=name("unit_amount"),
                    code="parameter_missing",
                )
            if amounts and custom:
                raise AMOUNT_AND_CUSTOM.error(
                    "You may only specify one of these parameters: unit_amount, "
                    "custom_unit_amount.",
                    param=name("custom_unit_amount"),
                    code="parameters_exclusive",
                )
        if custom:
            self._check_custom(custom, recurring, name("custom_unit_amount"))
        if recurring:
            count = recurring.get("interval_count", 1)
            limit = _MAX_INTERVAL_COUNT[recurring["interval"]]
            if not 1 <= count <= limit:
                raise INTERVAL_COUNT.error(
                    f"Invalid {name('recurring[interval_count]')}: the maximum billing period "
                    f"is three years ({limit} {recurring['interval']}s).",
                    param=name("recurring[interval_count]"),
                )
        if recurring and recurring.get("usage_type") == "metered" and not recurring.get("meter"):
            raise METERED_NEEDS_METER.error(
                "Metered prices must be backed by a meter: pass `recurring[meter]` (the id of a "
                "billing meter) with `recurring[usage_type]=metered`.",
                param=name("recurring[meter]"),
                code="parameter_missing",
            )
        unit_amount = params.get("unit_amount")
        decimal = params.get("unit_amount_decimal")
        if unit_amount is not None:
            decimal = str(unit_amount)
        elif decimal is not None and float(decimal).is_integer():
            unit_amount = int(float(decimal))
        transform = params.get("transform_quantity")
        return {
            "id": new_id("price_"),
            "object": "price",
            "active": params.get("active", True),
            "billing_scheme": scheme,
            "created": now(),
            "currency": params["currency"],
            "custom_unit_amount": (
                {k: custom.get(k) for k in ("maximum", "minimum", "preset")} if custom else None
            ),
            "livemode": False,
            "lookup_key": None,
            "metadata": params.get("metadata", {}),
            "nickname": params.get("nickname"),
            "product": product_id,
            "recurring": (
                {
                    "interval": recurring["interval"],
                    "interval_count": recurring.get("interval_count", 1),
                    "meter": recurring.get("meter"),
                    "usage_type": recurring.get("usage_type", "licensed"),
                }
                if recurring
                else None
            ),
            "tax_behavior": params.get("tax_behavior", "unspecified"),
            "tiers_mode": params.get("tiers_mode"),
            "transform_quantity": transform,
            "type": "recurring" if recurring else "one_time",
            "unit_amount": unit_amount,
            "unit_amount_decimal": decimal,
        }

    @staticmethod
    def _check_custom(custom: dict[str, Any], recurring: Any, param: str) -> None:
        if not custom.get("enabled"):
            raise CUSTOM_ENABLED.error(
                f"Invalid {param}[enabled]: must be true to create a customer-chosen price.",
                param=f"{param}[enabled]",
            )
        if recurring:
            raise CUSTOM_RECURRING.error(
                "Customer-chosen prices (custom_unit_amount) can't be recurring; "
                "use a one-time price.",
                param=param,
            )
        low, preset, high = custom.get("minimum"), custom.get("preset"), custom.get("maximum")
        bounds = [v for v in (low, preset, high) if v is not None]
        if bounds != sorted(bounds) or any(v < 0 for v in bounds):
            raise CUSTOM_BOUNDS.error(
                f"Invalid {param}: need 0 ≤ minimum ≤ preset ≤ maximum.", param=param
            )

    def _claim_lookup_key(
        self, price: dict[str, Any], key: str | None, params: dict[str, Any]
    ) -> None:
        """Give `price` the lookup_key, moving it off another price only when asked to."""
        if not key:
            price["lookup_key"] = None
            return
        holder = self.store.by_lookup_key(key)
        if holder is not None and holder["id"] != price["id"]:
            if not params.get("transfer_lookup_key"):
                raise LOOKUP_KEY_TAKEN.error(
                    f"A price (`{holder['id']}`) already uses that lookup key. Pass "
                    "`transfer_lookup_key=true` to move it to this price.",
                    param="lookup_key",
                )
            holder["lookup_key"] = None
            self.store.save(holder)
        price["lookup_key"] = key

    def update(self, price_id: str, params: dict[str, Any]) -> dict[str, Any]:
        """Change the few mutable fields; archive refused for a product's default price."""
        with self.changing(price_id, params) as price:
            if params.get("active") is False and price["active"]:
                product = self.store.get("product", price["product"])
                if product and product["default_price"] == price_id:
                    raise ARCHIVE_DEFAULT.error(
                        "This price cannot be archived because it is the default price of its "
                        f"product (`{price['product']}`). Set the product's `default_price` to "
                        "another price, or unset it with `default_price=''`, first.",
                        param="active",
                    )
            if "active" in params:
                price["active"] = params["active"]
            if "nickname" in params:
                price["nickname"] = params["nickname"] or None
            if "currency_options" in params:
                self._update_currency_options(price, params["currency_options"])
            if "tax_behavior" in params:
                new = params["tax_behavior"]
                if price["tax_behavior"] != "unspecified" and new != price["tax_behavior"]:
                    raise TAX_BEHAVIOR_SET.error(
                        "tax_behavior cannot be changed once it is set to inclusive or exclusive.",
                        param="tax_behavior",
                    )
                price["tax_behavior"] = new
            if "lookup_key" in params:
                self.store.save(price)
                self._claim_lookup_key(price, params["lookup_key"], params)
        return price

    def list(self, params: dict[str, Any], url: str) -> Paginated:
        """List newest first, filtered by `active`, `product`, `type`, `currency`, `lookup_keys`."""
        if "product" in params:
            prices = self.store.all(self.kind, parent=params["product"])
        else:
            prices = self.store.all(self.kind)
        prices = filter_created(prices, params)
        if "lookup_keys" in params:
            wanted = set(params["lookup_keys"])
            prices = [p for p in prices if p["lookup_key"] in wanted]
        if "recurring" in params:
            for name, value in params["recurring"].items():
                prices = [p for p in prices if p["recurring"] and p["recurring"][name] == value]
        return self.list_page(prices, params, url, equal=("active", "type", "currency"))
