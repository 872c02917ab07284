"""Rule parity: every business rule the emulator enforces (as Stripe does) is refused first by the
catalog — by `paylinks validate` and at `pulumi preview` — with the field named and zero Stripe
writes, so a catalog that validates never half-applies.

The table has one row per rule registered in `emulator.rules.RULES`: a bad request the emulator
refuses over HTTP (its ``Emulator-Rule`` header names the rule), and the same thing written as a
catalog, refused naming a catalog path. Rules no catalog can reach say why (`Unreachable`).
`NAME_ROWS` add the parameter values a catalog can carry that only Stripe's own lists decide
(event types, API versions, payment method types).
A new emulator rule without a row fails `test_every_emulator_rule_has_a_row`.

Cost: the emulator rows share one emulator; validate runs in-process per row and once through
the CLI on all rows merged; preview runs once (the program validates the whole catalog before
declaring anything, and reports every problem at once).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import stripe
from ruamel.yaml import YAML

from emulator.rules import RULE_HEADER, RULES
from schemas import CatalogError, load_catalog
from tests.support.emulator import EmulatorProcess
from tests.support.fixtures import CatalogProjectFactory
from tests.support.paths import REPO_ROOT as REPO

pytestmark = pytest.mark.e2e


class Api:
    """The few stripe-python calls the rows need, against one emulator."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def product(self, **params: Any) -> str:
        return str(self.client.v1.products.create(params={"name": "Beans", **params}).id)

    def price(self, product: str | None = None, **params: Any) -> str:
        product = product or self.product()
        base = {"product": product, "currency": "eur"}
        return str(self.client.v1.prices.create(params={**base, **params}).id)

    def link(self, **params: Any) -> Any:
        return self.client.v1.payment_links.create(params=params)

    def one_item(self, **item: Any) -> Any:
        """A link selling one standard price, with `item` fields added to its line item."""
        return self.link(line_items=[{"price": self.price(unit_amount=100), "quantity": 1, **item}])

    def hook(self, **params: Any) -> Any:
        base = {"url": "https://example.com/hook", "enabled_events": ["*"]}
        return self.client.v1.webhook_endpoints.create(params={**base, **params})


@dataclass(frozen=True)
class Row:
    """One rule: the request the emulator refuses and the catalog paylinks refuses first."""

    rule: str
    """`emulator.rules` id."""
    request: Callable[[Api], Any]
    """Makes whatever the bad request needs, then sends it (it must be refused)."""
    catalog: str
    """A whole catalog breaking the rule once (keys are prefixed when rows are merged)."""
    path: str
    """Catalog path the problem must name."""
    words: str
    """Part of the message a user reads."""
    by_param_checks: bool = False
    """True when the form encoding can't carry the bad value (an empty list is sent as no
    parameter at all), so the emulator's parameter checks refuse it before the rule runs."""


@dataclass(frozen=True)
class Unreachable:
    """A rule no catalog can break, and why."""

    rule: str
    reason: str


BEANS = "products:\n  beans: {name: Beans}\n"
EUR = "{product: beans, currency: eur, unit_amount: 100}"


def _prices(**prices: str) -> str:
    return "prices:\n" + "".join(f"  {key}: {spec}\n" for key, spec in prices.items())


def _link(items: str, extra: str = "") -> str:
    return f"payment_links:\n  shop:\n    line_items: {items}\n{extra}"


ONE_ITEM = BEANS + _prices(p=EUR)


def _meta(entries: str) -> str:
    return f"products:\n  beans:\n    name: Beans\n    metadata: {{{entries}}}\n"


def _many_metadata(api: Api) -> Any:
    return api.product(metadata={f"k{n}": "v" for n in range(51)})


def _archived_price(api: Api) -> Any:
    price = api.price(unit_amount=100)
    api.client.v1.prices.update(price, params={"active": False})
    return api.link(line_items=[{"price": price, "quantity": 1}])


def _archived_product(api: Api) -> Any:
    price = api.price(unit_amount=100)
    product = api.client.v1.prices.retrieve(price).product
    api.client.v1.products.update(product, params={"active": False})
    return api.link(line_items=[{"price": price, "quantity": 1}])


def _tiered_link(api: Api) -> Any:
    tiers = [{"up_to": 10, "unit_amount": 100}, {"up_to": "inf", "unit_amount": 80}]
    price = api.price(billing_scheme="tiered", tiers_mode="volume", tiers=tiers)
    return api.link(line_items=[{"price": price, "quantity": 1}])


def _two_items(first: dict[str, Any], second: dict[str, Any]) -> Callable[[Api], Any]:
    def request(api: Api) -> Any:
        items = [{"price": api.price(**first), "quantity": 1},
                 {"price": api.price(**second), "quantity": 1}]
        return api.link(line_items=items)

    return request


def _same_product_id(api: Api) -> Any:
    api.product(id="prod_pl_test_brew_kit")
    return api.product(id="prod_pl_test_brew_kit")


def _same_lookup_key(api: Api) -> Any:
    api.price(unit_amount=100, lookup_key="house")
    return api.price(unit_amount=200, lookup_key="house")


def _rate(api: Api, currency: str = "eur", amount: int = 490) -> str:
    params = {"display_name": "Standard", "fixed_amount": {"amount": amount, "currency": currency}}
    return str(api.client.v1.shipping_rates.create(params=params).id)


def _shipping_link(api: Api, rate: str, price: dict[str, Any] | None = None) -> Any:
    return api.link(
        line_items=[{"price": api.price(**(price or {"unit_amount": 100})), "quantity": 1}],
        shipping_address_collection={"allowed_countries": ["FR"]},
        shipping_options=[{"shipping_rate": rate}],
    )


def _archived_rate(api: Api) -> Any:
    rate = _rate(api)
    api.client.v1.shipping_rates.update(rate, params={"active": False})
    return _shipping_link(api, rate)


def _coupon(api: Api, **params: Any) -> Any:
    return api.client.v1.coupons.create(params=params)


def _code(api: Api, code: str, **params: Any) -> Any:
    coupon = _coupon(api, percent_off=10).id
    promotion = {"type": "coupon", "coupon": coupon}
    return api.client.v1.promotion_codes.create(
        params={"code": code, "promotion": promotion, **params}
    )


def _code_taken(api: Api) -> Any:
    _code(api, "PARITY-DUP")
    return _code(api, "parity-dup")


def _feature(api: Api, lookup_key: str, name: str = "API access") -> str:
    params = {"name": name, "lookup_key": lookup_key}
    return str(api.client.v1.entitlements.features.create(params=params).id)


def _same_feature_lookup_key(api: Api) -> Any:
    _feature(api, "parity_api")
    return _feature(api, "parity_api")


def _attach(api: Api, product: str, feature: str) -> Any:
    return api.client.v1.products.features.create(
        product, params={"entitlement_feature": feature}
    )


def _attached_twice(api: Api) -> Any:
    product, feature = api.product(), _feature(api, "parity_twice")
    _attach(api, product, feature)
    return _attach(api, product, feature)


def _section(name: str, **entries: str) -> str:
    return f"{name}:\n" + "".join(f"  {key}: {spec}\n" for key, spec in entries.items())


RATE = "{display_name: Standard, fixed_amount: {amount: 490, currency: eur}}"
SHIPS = "    shipping_address_collection: {allowed_countries: [FR]}\n"
OFFERS = "    shipping_options: [{shipping_rate: r}]\n"
COUPON = "coupons:\n  c: {percent_off: 10}\n"
ESTIMATE = {"minimum": {"unit": "week", "value": 2}, "maximum": {"unit": "day", "value": 1}}

KINDS_ROWS: list[Row] = [
    Row("shipping_rate.fixed_amount_missing",
        lambda api: api.client.v1.shipping_rates.create(params={"display_name": "Standard"}),
        _section("shipping_rates", r="{display_name: Standard}"),
        "shipping_rates.r.fixed_amount", "required"),
    Row("shipping_rate.amount_negative", lambda api: _rate(api, amount=-1),
        _section("shipping_rates",
                 r="{display_name: S, fixed_amount: {amount: -1, currency: eur}}"),
        "shipping_rates.r.fixed_amount.amount", "greater than or equal to 0"),
    Row("shipping_rate.estimate_order",
        lambda api: api.client.v1.shipping_rates.create(params={
            "display_name": "S", "fixed_amount": {"amount": 1, "currency": "eur"},
            "delivery_estimate": ESTIMATE}),
        _section("shipping_rates", r="{display_name: S, fixed_amount: {amount: 1, currency: eur}, "
                 "delivery_estimate: {minimum: {unit: week, value: 2}, "
                 "maximum: {unit: day, value: 1}}}"),
        "shipping_rates.r.delivery_estimate.minimum", "longer than the maximum"),
    Row("payment_link.shipping_rate_inactive", _archived_rate,
        ONE_ITEM + _section("shipping_rates", r="{display_name: S, active: false, "
                            "fixed_amount: {amount: 490, currency: eur}}")
        + _link("[{price: p, quantity: 1}]", SHIPS + OFFERS),
        "payment_links.shop.shipping_options[0].shipping_rate", "is archived"),
    Row("payment_link.shipping_currency", lambda api: _shipping_link(api, _rate(api, "usd")),
        ONE_ITEM + _section("shipping_rates", r="{display_name: S, fixed_amount: {amount: 490, "
                            "currency: usd}}")
        + _link("[{price: p, quantity: 1}]", SHIPS + OFFERS),
        "payment_links.shop.shipping_options[0].shipping_rate", "charges in usd"),
    Row("payment_link.shipping_needs_address",
        lambda api: api.link(
            line_items=[{"price": api.price(unit_amount=100), "quantity": 1}],
            shipping_options=[{"shipping_rate": _rate(api)}]),
        ONE_ITEM + _section("shipping_rates", r=RATE) + _link("[{price: p, quantity: 1}]", OFFERS),
        "payment_links.shop.shipping_options", "need `shipping_address_collection`"),
    Row("payment_link.shipping_one_time",
        lambda api: _shipping_link(
            api, _rate(api), {"unit_amount": 100, "recurring": {"interval": "month"}}
        ),
        BEANS + _prices(p="{product: beans, currency: eur, unit_amount: 100, "
                          "recurring: {interval: month}}")
        + _section("shipping_rates", r=RATE) + _link("[{price: p, quantity: 1}]", SHIPS + OFFERS),
        "payment_links.shop.shipping_options", "only apply to one-time payments"),
    Row("coupon.one_discount",
        lambda api: _coupon(api, percent_off=10, amount_off=5, currency="eur"),
        _section("coupons", c="{percent_off: 10, amount_off: 5, currency: eur}"),
        "coupons.c.amount_off", "not both"),
    Row("coupon.percent_range", lambda api: _coupon(api, percent_off=150),
        _section("coupons", c="{percent_off: 150}"), "coupons.c.percent_off",
        "less than or equal to 100"),
    Row("coupon.currency_missing", lambda api: _coupon(api, amount_off=5),
        _section("coupons", c="{amount_off: 5}"), "coupons.c.currency", "needs the `currency`"),
    Row("coupon.months_missing", lambda api: _coupon(api, percent_off=5, duration="repeating"),
        _section("coupons", c="{percent_off: 5, duration: repeating}"),
        "coupons.c.duration_in_months", "needs `duration_in_months`"),
    Row("coupon.months_not_repeating",
        lambda api: _coupon(api, percent_off=5, duration="once", duration_in_months=3),
        _section("coupons", c="{percent_off: 5, duration: once, duration_in_months: 3}"),
        "coupons.c.duration_in_months", "only used with `duration: repeating`"),
    Row("promotion_code.coupon_missing",
        lambda api: api.client.v1.promotion_codes.create(
            params={"code": "PARITY-NOCOUPON", "promotion": {"type": "coupon"}}),
        _section("promotion_codes", p="{code: PARITY-NOCOUPON, promotion: {type: coupon}}"),
        "promotion_codes.p.promotion.coupon", "required"),
    Row("promotion_code.code_characters", lambda api: _code(api, "PARITY SPACE"),
        COUPON + _section("promotion_codes",
                          p="{code: PARITY SPACE, promotion: {type: coupon, coupon: c}}"),
        "promotion_codes.p.code", "only letters, digits and dashes"),
    Row("promotion_code.minimum_currency",
        lambda api: _code(api, "PARITY-MIN", restrictions={"minimum_amount": 100}),
        COUPON + _section("promotion_codes", p="{code: PARITY-MIN, promotion: {type: coupon, "
                          "coupon: c}, restrictions: {minimum_amount: 100}}"),
        "promotion_codes.p.restrictions.minimum_amount_currency",
        "needs `minimum_amount_currency`"),
    Row("promotion_code.code_taken", _code_taken,
        COUPON + _section("promotion_codes",
                          a="{code: PARITY-DUP, promotion: {type: coupon, coupon: c}}",
                          b="{code: parity-dup, promotion: {type: coupon, coupon: c}}"),
        "promotion_codes.b.code", "already promotion code"),
]
"""Rows of the shipping rate, coupon and promotion code rules."""

FEATURE = "{name: API access, lookup_key: api}"
GRANTS = "products:\n  beans: {name: Beans, features: %s}\n"

FEATURE_ROWS: list[Row] = [
    Row("entitlement_feature.blank", lambda api: _feature(api, "parity_blank", name="  "),
        _section("entitlement_features", f="{name: '  ', lookup_key: blank}"),
        "entitlement_features.f.name", "isn't blank"),
    Row("entitlement_feature.lookup_key_taken", _same_feature_lookup_key,
        _section("entitlement_features", a=FEATURE, b=FEATURE),
        "entitlement_features.b.lookup_key", "feature lookup keys are unique"),
    Row("product_feature.already_attached", _attached_twice,
        _section("entitlement_features", f=FEATURE) + GRANTS % "[f, f]",
        "products.beans.features[1]", "listed twice"),
]
"""Rows of the entitlement feature and product feature rules."""


TIERS = "[{up_to: 10, unit_amount: 100}, {up_to: inf, unit_amount: 80}]"
CUSTOM = "{enabled: true}"
FIELD = "{key: f%d, label: {type: custom, custom: F}, type: text}"

ROWS: list[Row] = [
    Row("metadata.keys", _many_metadata,
        _meta(", ".join(f"k{n}: v" for n in range(51))),
        "products.beans.metadata", "51 keys; Stripe allows at most 50"),
    Row("metadata.key_length", lambda api: api.product(metadata={"k" * 41: "v"}),
        _meta(f"{'k' * 41}: v"), f"products.beans.metadata.{'k' * 41}", "41 characters"),
    Row("metadata.value_length", lambda api: api.product(metadata={"note": "v" * 501}),
        _meta(f"note: {'v' * 501}"), "products.beans.metadata.note", "501 characters"),
    Row("product.name", lambda api: api.product(name="  "),
        "products:\n  beans: {name: '  '}\n", "products.beans.name", "isn't blank"),
    Row("product.id_blank", lambda api: api.product(id="  "),
        "products:\n  beans: {name: Beans, id: '  '}\n", "products.beans.id",
        "should match pattern"),
    Row("product.id_taken", _same_product_id,
        "products:\n  brew-kit: {name: Brew kit}\n  brew_kit: {name: Brew kit 2}\n",
        "products.brew_kit", "get the same Stripe product id"),
    Row("price.product_and_product_data",
        lambda api: api.price(unit_amount=1, product_data={"name": "x"}),
        BEANS + _prices(p="{product: beans, currency: eur, unit_amount: 1, "
                          "product_data: {name: x}}"),
        "prices.p.product_data", "unknown field 'product_data'"),
    Row("price.product_missing",
        lambda api: api.client.v1.prices.create(params={"currency": "eur", "unit_amount": 1}),
        _prices(p="{currency: eur, unit_amount: 1}"), "prices.p.product", "required"),
    Row("price.amount_twice", lambda api: api.price(unit_amount=1, unit_amount_decimal="1.5"),
        BEANS + _prices(p="{product: beans, currency: eur, unit_amount: 1, "
                          "unit_amount_decimal: '1.5'}"),
        "prices.p.unit_amount_decimal", "set only one of"),
    Row("price.amount_negative", lambda api: api.price(unit_amount=-1),
        BEANS + _prices(p="{product: beans, currency: eur, unit_amount: -1}"),
        "prices.p.unit_amount", "greater than or equal to 0"),
    Row("price.tiers_missing",
        lambda api: api.price(billing_scheme="tiered", tiers=[{"up_to": "inf",
                                                                "unit_amount": 1}]),
        BEANS + _prices(p=f"{{product: beans, currency: eur, billing_scheme: tiered, "
                          f"tiers: {TIERS}}}"),
        "prices.p.tiers_mode", "required when billing_scheme is tiered"),
    Row("price.tiered_with_amount",
        lambda api: api.price(billing_scheme="tiered", tiers_mode="volume", unit_amount=1,
                              tiers=[{"up_to": "inf", "unit_amount": 1}]),
        BEANS + _prices(p=f"{{product: beans, currency: eur, billing_scheme: tiered, "
                          f"tiers_mode: volume, unit_amount: 1, tiers: {TIERS}}}"),
        "prices.p.unit_amount", "takes its amounts from `tiers`"),
    Row("price.tiers_not_tiered",
        lambda api: api.price(unit_amount=1, tiers=[{"up_to": "inf", "unit_amount": 1}]),
        BEANS + _prices(p=f"{{product: beans, currency: eur, unit_amount: 1, tiers: {TIERS}}}"),
        "prices.p.tiers", "tiers need `billing_scheme: tiered`"),
    Row("price.amount_missing", lambda api: api.price(),
        BEANS + _prices(p="{product: beans, currency: eur}"),
        "prices.p", "set exactly one of"),
    Row("price.amount_and_custom",
        lambda api: api.price(unit_amount=1, custom_unit_amount={"enabled": True}),
        BEANS + _prices(p=f"{{product: beans, currency: eur, unit_amount: 1, "
                          f"custom_unit_amount: {CUSTOM}}}"),
        "prices.p.custom_unit_amount", "set only one of"),
    Row("price.interval_count",
        lambda api: api.price(unit_amount=1, recurring={"interval": "month",
                                                         "interval_count": 37}),
        BEANS + _prices(p="{product: beans, currency: eur, unit_amount: 1, "
                          "recurring: {interval: month, interval_count: 37}}"),
        "prices.p.recurring.interval_count", "three years"),
    Row("price.custom_enabled", lambda api: api.price(custom_unit_amount={"enabled": False}),
        BEANS + _prices(p="{product: beans, currency: eur, custom_unit_amount: {enabled: false}}"),
        "prices.p.custom_unit_amount.enabled", "must be true"),
    Row("price.custom_recurring",
        lambda api: api.price(custom_unit_amount={"enabled": True},
                              recurring={"interval": "month"}),
        BEANS + _prices(p=f"{{product: beans, currency: eur, custom_unit_amount: {CUSTOM}, "
                          "recurring: {interval: month}}"),
        "prices.p.recurring", "can't be recurring"),
    Row("price.custom_bounds",
        lambda api: api.price(custom_unit_amount={"enabled": True, "minimum": 500,
                                                  "maximum": 100}),
        BEANS + _prices(p="{product: beans, currency: eur, "
                          "custom_unit_amount: {enabled: true, minimum: 500, maximum: 100}}"),
        "prices.p.custom_unit_amount.maximum", "is below minimum"),
    Row("price.metered_meter",
        lambda api: api.price(unit_amount=1, recurring={"interval": "month",
                                                         "usage_type": "metered"}),
        BEANS + _prices(p="{product: beans, currency: eur, unit_amount: 1, "
                          "recurring: {interval: month, usage_type: metered}}"),
        "prices.p.recurring.usage_type", "licensed"),
    Row("price.lookup_key_taken", _same_lookup_key,
        BEANS + _prices(a="{product: beans, currency: eur, unit_amount: 1, lookup_key: house}",
                        b="{product: beans, currency: eur, unit_amount: 2, lookup_key: house}"),
        "prices.b.lookup_key", "key collision"),
    Row("payment_link.line_items_count",
        lambda api: api.link(line_items=[{"price": api.price(unit_amount=1), "quantity": 1}] * 21),
        ONE_ITEM + _link("[" + ", ".join(["{price: p, quantity: 1}"] * 21) + "]"),
        "payment_links.shop.line_items", "21 line items; Stripe allows at most 20"),
    Row("payment_link.price_or_price_data",
        lambda api: api.one_item(price_data={"currency": "eur", "unit_amount": 1,
                                             "product_data": {"name": "x"}}),
        ONE_ITEM + _link("[{price: p, quantity: 1, price_data: {currency: eur}}]"),
        "payment_links.shop.line_items[0].price_data", "unknown field 'price_data'"),
    Row("payment_link.price_data_product",
        lambda api: api.link(line_items=[{"price_data": {"currency": "eur", "unit_amount": 1},
                                          "quantity": 1}]),
        ONE_ITEM + _link("[{quantity: 1, price_data: {currency: eur, unit_amount: 1}}]"),
        "payment_links.shop.line_items[0].price_data", "unknown field 'price_data'"),
    Row("payment_link.price_inactive", _archived_price,
        BEANS + _prices(p="{product: beans, currency: eur, unit_amount: 1, active: false}")
        + _link("[{price: p, quantity: 1}]"),
        "payment_links.shop.line_items[0].price", "declared `active: false`"),
    Row("payment_link.product_inactive", _archived_product,
        "products:\n  beans: {name: Beans, active: false}\n" + _prices(p=EUR)
        + _link("[{price: p, quantity: 1}]"),
        "payment_links.shop.line_items[0].price", "declared `active: false`"),
    Row("payment_link.price_not_standard", _tiered_link,
        BEANS + _prices(p=f"{{product: beans, currency: eur, billing_scheme: tiered, "
                          f"tiers_mode: volume, tiers: {TIERS}}}")
        + _link("[{price: p, quantity: 1}]"),
        "payment_links.shop.line_items[0].price", "tiered, volume and package prices"),
    Row("payment_link.custom_alone",
        _two_items({"unit_amount": 100}, {"custom_unit_amount": {"enabled": True}}),
        BEANS + _prices(p=EUR, tip=f"{{product: beans, currency: eur, "
                                   f"custom_unit_amount: {CUSTOM}}}")
        + _link("[{price: p, quantity: 1}, {price: tip, quantity: 1}]"),
        "payment_links.shop.line_items[1].price", "must be the only line item"),
    Row("payment_link.currency_mixed",
        _two_items({"unit_amount": 100}, {"unit_amount": 100, "currency": "usd"}),
        BEANS + _prices(p=EUR, usd="{product: beans, currency: usd, unit_amount: 100}")
        + _link("[{price: p, quantity: 1}, {price: usd, quantity: 1}]"),
        "payment_links.shop.line_items[1].price", "must share one currency"),
    Row("payment_link.billing_interval",
        _two_items({"unit_amount": 100, "recurring": {"interval": "month"}},
                   {"unit_amount": 1000, "recurring": {"interval": "year"}}),
        BEANS + _prices(
            monthly="{product: beans, currency: eur, unit_amount: 100, "
                    "recurring: {interval: month}}",
            yearly="{product: beans, currency: eur, unit_amount: 1000, "
                   "recurring: {interval: year}}",
        ) + _link("[{price: monthly, quantity: 1}, {price: yearly, quantity: 1}]"),
        "payment_links.shop.line_items[1].price", "share one billing interval"),
    Row("payment_link.subscription_without_recurring",
        lambda api: api.link(line_items=[{"price": api.price(unit_amount=1), "quantity": 1}],
                             subscription_data={"description": "Club"}),
        ONE_ITEM + _link("[{price: p, quantity: 1}]",
                         "    subscription_data: {description: Club}\n"),
        "payment_links.shop.subscription_data", "none of its prices recur"),
    Row("payment_link.quantity_minimum", lambda api: api.one_item(quantity=0),
        ONE_ITEM + _link("[{price: p, quantity: 0}]"),
        "payment_links.shop.line_items[0].quantity", "greater than or equal to 1"),
    Row("payment_link.custom_quantity",
        lambda api: api.link(line_items=[{"price": api.price(custom_unit_amount={
            "enabled": True}), "quantity": 2}]),
        BEANS + _prices(tip=f"{{product: beans, currency: eur, custom_unit_amount: {CUSTOM}}}")
        + _link("[{price: tip, quantity: 2}]"),
        "payment_links.shop.line_items[0].quantity", "sold with quantity 1"),
    Row("payment_link.adjustable_bounds",
        lambda api: api.one_item(adjustable_quantity={"enabled": True, "minimum": 5,
                                                      "maximum": 2}),
        ONE_ITEM + _link("[{price: p, quantity: 1, "
                         "adjustable_quantity: {enabled: true, minimum: 5, maximum: 2}}]"),
        "payment_links.shop.line_items[0].adjustable_quantity.minimum", "above maximum"),
    Row("payment_link.quantity_outside_adjustable",
        lambda api: api.one_item(quantity=10, adjustable_quantity={"enabled": True,
                                                                   "maximum": 5}),
        ONE_ITEM + _link("[{price: p, quantity: 10, "
                         "adjustable_quantity: {enabled: true, maximum: 5}}]"),
        "payment_links.shop.line_items[0].quantity", "outside the adjustable range"),
    Row("payment_link.redirect_missing",
        lambda api: api.link(
            line_items=[{"price": api.price(unit_amount=1), "quantity": 1}],
            after_completion={"type": "redirect"}),
        ONE_ITEM + _link("[{price: p, quantity: 1}]", "    after_completion: {type: redirect}\n"),
        "payment_links.shop.after_completion.redirect", "needs `redirect: {url: ...}`"),
    Row("payment_link.redirect_with_hosted",
        lambda api: api.link(
            line_items=[{"price": api.price(unit_amount=1), "quantity": 1}],
            after_completion={"type": "hosted_confirmation",
                              "redirect": {"url": "https://example.com"}}),
        ONE_ITEM + _link("[{price: p, quantity: 1}]",
                         "    after_completion: {type: hosted_confirmation, "
                         "redirect: {url: 'https://example.com'}}\n"),
        "payment_links.shop.after_completion.redirect", "only used with `type: redirect`"),
    Row("payment_link.custom_fields_count",
        lambda api: api.link(
            line_items=[{"price": api.price(unit_amount=1), "quantity": 1}],
            custom_fields=[{"key": f"f{n}", "label": {"type": "custom", "custom": "F"},
                            "type": "text"} for n in range(4)]),
        ONE_ITEM + _link("[{price: p, quantity: 1}]", "    custom_fields: ["
                         + ", ".join(FIELD % n for n in range(4)) + "]\n"),
        "payment_links.shop.custom_fields", "Stripe allows at most 3"),
    Row("payment_link.completed_sessions_limit",
        lambda api: api.link(
            line_items=[{"price": api.price(unit_amount=1), "quantity": 1}],
            restrictions={"completed_sessions": {"limit": 0}}),
        ONE_ITEM + _link("[{price: p, quantity: 1}]",
                         "    restrictions: {completed_sessions: {limit: 0}}\n"),
        "payment_links.shop.restrictions.completed_sessions.limit",
        "greater than or equal to 1"),
    Row("webhook_endpoint.url", lambda api: api.hook(url="ftp://example.com/hook"),
        "webhook_endpoints:\n  hook: {url: 'ftp://example.com/hook', enabled_events: ['*']}\n",
        "webhook_endpoints.hook.url", "https://"),
    Row("webhook_endpoint.url_host", lambda api: api.hook(url="https:///hook"),
        "webhook_endpoints:\n  hook: {url: 'https:///hook', enabled_events: ['*']}\n",
        "webhook_endpoints.hook.url", "needs a host"),
    Row("webhook_endpoint.enabled_events", lambda api: api.hook(enabled_events=[]),
        "webhook_endpoints:\n  hook: {url: 'https://example.com/hook', enabled_events: []}\n",
        "webhook_endpoints.hook.enabled_events", "at least one event", by_param_checks=True),
]

#: Values the emulator's parameter checks refuse (not business rules) that a catalog can carry:
#: Stripe's names. A typo in one used to pass validate and fail mid-`up`.
NAME_ROWS: list[Row] = [
    Row("names.enabled_events",
        lambda api: api.hook(enabled_events=["checkout.session.complete"]),
        "webhook_endpoints:\n  hook: {url: 'https://example.com/hook', "
        "enabled_events: [checkout.session.complete]}\n",
        "webhook_endpoints.hook.enabled_events[0]", "did you mean 'checkout.session.completed'",
        by_param_checks=True),
    Row("names.api_version", lambda api: api.hook(api_version="2099-01-01"),
        "webhook_endpoints:\n  hook: {url: 'https://example.com/hook', enabled_events: ['*'], "
        "api_version: '2099-01-01'}\n",
        "webhook_endpoints.hook.api_version", "not an API version Stripe knows",
        by_param_checks=True),
    Row("names.payment_method_types",
        lambda api: api.link(line_items=[{"price": api.price(unit_amount=1), "quantity": 1}],
                             payment_method_types=["crad"]),
        ONE_ITEM + _link("[{price: p, quantity: 1}]", "    payment_method_types: [crad]\n"),
        "payment_links.shop.payment_method_types[0]", "did you mean 'card'",
        by_param_checks=True),
]
ALL_ROWS = ROWS + KINDS_ROWS + FEATURE_ROWS + NAME_ROWS

UNREACHABLE: list[Unreachable] = [
    Unreachable("list.limit", "a listing parameter: providers and the importer page with "
                "limit=100"),
    Unreachable("product.default_price_foreign", "the catalog has no `default_price`; providers "
                "only ever unset it (PriceProvider.retire)"),
    Unreachable("product.default_price_archived", "the catalog has no `default_price`"),
    Unreachable("product.delete_with_prices", "a product that still has prices is archived "
                "instead of deleted (ProductProvider.retire)"),
    Unreachable("price.archive_default", "the product's default price is unset before its "
                "price is archived (PriceProvider.retire)"),
    Unreachable("price.tax_behavior_set", "a tax_behavior change once set plans a new price "
                "(PriceProvider.replacing_fields), never an update"),
    Unreachable("payment_link.custom_recurring", "a recurring customer-chosen price can't "
                "exist: the price is refused first (row price.custom_recurring)"),
    Unreachable("payment_link.line_item_unknown", "a link whose prices change is replaced "
                "(new link), never updated with new items (PaymentLinkProvider)"),
    Unreachable("coupon.id_taken", "the catalog sets no coupon id: Stripe picks it and paylinks "
                "finds its own coupons by owner metadata"),
    Unreachable("entitlement_feature.archived", "the catalog has no `active` for a feature: "
                "removing one archives it, and an archived feature is never updated again "
                "(EntitlementFeatureProvider.fetch reports it gone, so re-adding creates anew)"),
    Unreachable("product_feature.feature_archived", "the catalog can't declare an archived "
                "feature (removing it from `entitlement_features` archives it, and a product "
                "naming a removed key is refused as unknown); a feature archived elsewhere is "
                "gone at refresh and its products move to a new one"),
]

MODEL_MODULES = [
    "common", "product", "price", "payment_link", "webhook_endpoint", "shipping_rate", "coupon",
    "entitlement_feature",
]


def test_every_emulator_rule_has_a_row() -> None:
    covered = [row.rule for row in ROWS + KINDS_ROWS + FEATURE_ROWS]
    covered += [entry.rule for entry in UNREACHABLE]
    assert len(covered) == len(set(covered)), "a rule has two rows"
    missing = sorted(set(RULES) - set(covered))
    assert not missing, (
        f"emulator rules without a catalog twin in this table: {missing}. Add the rule to "
        "schemas/rules.py (checked at validate and preview) and a row here."
    )
    assert not set(covered) - set(RULES), "rows for rules the emulator no longer has"


def test_the_emulator_models_refuse_only_through_registered_rules() -> None:
    """A business refusal raised directly (not via `emulator.rules`) would escape the table."""
    for module in MODEL_MODULES:
        source = (REPO / "emulator" / "models" / f"{module}.py").read_text()
        direct = [
            node.lineno
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "InvalidRequestError"
        ]
        assert not direct, f"emulator/models/{module}.py raises InvalidRequestError directly " \
                           f"at lines {direct}: register the rule in emulator/rules.py"


def test_the_emulator_refuses_each_row_over_http(emulator: EmulatorProcess) -> None:
    api = Api(emulator.client())
    wrong: list[str] = []
    for row in ALL_ROWS:
        try:
            row.request(api)
        except stripe.InvalidRequestError as error:
            rule = (error.headers or {}).get(RULE_HEADER)
            if rule != (None if row.by_param_checks else row.rule):
                wrong.append(f"{row.rule}: refused by {rule or 'parameter checks'}: {error}")
        else:
            wrong.append(f"{row.rule}: the emulator accepted the request")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("row", ALL_ROWS, ids=[row.rule for row in ALL_ROWS])
def test_validate_refuses_each_row_naming_the_field(row: Row, tmp_path: Path) -> None:
    catalog_file = tmp_path / "catalog.yaml"
    catalog_file.write_text(row.catalog)
    with pytest.raises(CatalogError) as raised:
        load_catalog(catalog_file)
    reported = [(p.path, p.message) for p in raised.value.problems]
    assert any(path == row.path and row.words in message for path, message in reported), (
        f"`paylinks validate` does not refuse {row.path} ({row.words}): {reported}"
    )


def _merged_catalog() -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Every row's catalog in one, keys prefixed ``r<n>-`` (references and lookup keys too),
    with the (path, words) each row expects."""
    yaml = YAML(typ="safe")
    merged: dict[str, dict[str, Any]] = {}
    expected = []
    for number, row in enumerate(ALL_ROWS):
        prefix = f"r{number}-"
        data: Mapping[str, Any] = yaml.load(row.catalog)
        for section, entries in data.items():
            for key, entry in entries.items():
                merged.setdefault(section, {})[prefix + key] = _prefixed(entry, prefix)
        section, key, *rest = row.path.split(".", 2)
        expected.append((".".join([section, prefix + key, *rest]), row.words))
    return merged, expected


def _prefixed(entry: Any, prefix: str) -> Any:
    if not isinstance(entry, dict):
        return entry
    entry = dict(entry)
    if isinstance(entry.get("product"), str):
        entry["product"] = prefix + entry["product"]
    if isinstance(entry.get("lookup_key"), str):
        entry["lookup_key"] = prefix + entry["lookup_key"]
    for field, name in (
        ("line_items", "price"),
        ("optional_items", "price"),
        ("shipping_options", "shipping_rate"),
    ):
        if isinstance(entry.get(field), list):
            entry[field] = [
                {**item, name: prefix + item[name]} if name in item else item
                for item in entry[field]
            ]
    if isinstance(entry.get("features"), list):
        entry["features"] = [prefix + feature for feature in entry["features"]]
    promotion = entry.get("promotion")
    if isinstance(promotion, dict) and isinstance(promotion.get("coupon"), str):
        entry["promotion"] = {**promotion, "coupon": prefix + promotion["coupon"]}
    return entry


def _dump(data: Mapping[str, Any]) -> str:
    import io

    buffer = io.StringIO()
    YAML().dump(dict(data), buffer)
    return buffer.getvalue()


def test_validate_cli_and_preview_refuse_every_row_at_once_with_no_stripe_request(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess, tmp_path: Path
) -> None:
    merged, expected = _merged_catalog()
    text = _dump(merged)
    catalog_file = tmp_path / "all-rows.yaml"
    catalog_file.write_text(text)
    validate = subprocess.run(
        [str(Path(sys.executable).with_name("paylinks")), "validate", str(catalog_file)],
        capture_output=True, text=True, check=False, timeout=120,
    )
    assert validate.returncode == 1, validate.stdout + validate.stderr
    validate_lines = (validate.stdout + validate.stderr).splitlines()

    project = catalog_project(text)
    plan = project.preview_json(check=False)
    preview_lines = "\n".join(
        d["message"] for d in plan.get("diagnostics", []) if d.get("severity") == "error"
    ).splitlines()
    missing = []
    for path, words in expected:
        for name, lines in (("validate", validate_lines), ("preview", preview_lines)):
            if not any(f": {path}: " in line and words in line for line in lines):
                missing.append(f"{name} does not report {path} ({words})")
    assert not missing, "\n".join(missing) + "\n--- preview ---\n" + "\n".join(preview_lines)
    assert plan["changeSummary"] == {"create": 1}, "only the stack itself may be planned"
    assert emulator.requests() == [], "a refused preview called Stripe"
