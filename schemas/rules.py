"""Stripe's rules for products, prices, payment links, shipping rates, coupons, promotion codes,
entitlement features and webhook endpoints, written once.

Every rule is a function over plain field data (a mapping shaped like Stripe's API) returning
`Violation`s located relative to the checked object. The same functions serve:

- the catalog (`schemas.catalog.Catalog` and `load_catalog`), where references are logical keys;
- `validate_resource`, the provider's preview-time ``check``, where references are Stripe ids and
  any value may be the unknown sentinel.

So rules are tolerant: a value of the wrong type is left to the models' type checks, and an
unknown value (`schemas.unknown.UNKNOWN`) is never flagged.

Decision, one-time and recurring prices on one link: **allowed**. Stripe's Checkout (which serves
payment links) runs in subscription mode as soon as one recurring price is present, and one-time
items are then charged once, on the subscription's first invoice. The recurring prices of one link
must share one billing interval (a payment link refuses a monthly and a yearly price together).
What also follows from the mode: ``subscription_data`` needs at least one recurring price, and
``invoice_creation`` (post-purchase invoices for one-time payments) is refused on links that start
a subscription.

Every rule the emulator enforces (``emulator/rules.py``, mirroring Stripe) has its twin here;
``tests/e2e/test_rule_parity.py`` walks them all.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from itertools import pairwise
from typing import Any
from urllib.parse import urlsplit

from schemas.price_facts import LineItemPriceFacts
from schemas.problems import FieldPath, Violation
from schemas.stripe_names import API_VERSIONS, EVENT_TYPES, PAYMENT_METHOD_TYPES
from schemas.suggestions import did_you_mean
from schemas.unknown import is_unknown

__all__ = [
    "DEFAULT_ADJUSTABLE_MAXIMUM",
    "MAX_ADJUSTABLE_QUANTITY",
    "MAX_CUSTOM_FIELDS",
    "MAX_CUSTOM_MESSAGE_LENGTH",
    "MAX_FEATURE_TEXT_LENGTH",
    "MAX_INTERVAL_COUNT",
    "MAX_LINE_ITEMS",
    "MAX_METADATA_KEYS",
    "MAX_METADATA_KEY_LENGTH",
    "MAX_METADATA_VALUE_LENGTH",
    "PAYMENT_METHOD_CURRENCIES",
    "PROMOTION_CODE_PATTERN",
    "check_coupon",
    "check_entitlement_feature",
    "check_line_item_prices",
    "check_metadata",
    "check_payment_link",
    "check_price",
    "check_product",
    "check_promotion_code",
    "check_shipping_rate",
    "check_webhook_endpoint",
]

MAX_LINE_ITEMS = 20
"""Stripe accepts at most 20 line items (standard prices) on one payment link."""
MAX_CUSTOM_FIELDS = 3
"""Stripe accepts at most 3 custom fields on one payment link."""
MAX_ADJUSTABLE_QUANTITY = 999_999
"""Highest ``adjustable_quantity.maximum`` Stripe accepts."""
DEFAULT_ADJUSTABLE_MAXIMUM = 99
"""Stripe's ``adjustable_quantity.maximum`` when none is given."""
MAX_CUSTOM_MESSAGE_LENGTH = 500
"""Longest ``after_completion.hosted_confirmation.custom_message``."""
MAX_METADATA_KEYS = 50
"""Stripe metadata: at most 50 keys..."""
MAX_METADATA_KEY_LENGTH = 40
"""...each key at most 40 characters..."""
MAX_METADATA_VALUE_LENGTH = 500
"""...each value at most 500 characters."""
MAX_INTERVAL_COUNT = {"day": 1095, "week": 156, "month": 36, "year": 3}
"""Stripe bills at least once every three years: the largest ``interval_count`` per interval."""
PAYMENT_METHOD_CURRENCIES: dict[str, frozenset[str]] = {
    "sepa_debit": frozenset({"eur"}),
    "us_bank_account": frozenset({"usd"}),
    "bacs_debit": frozenset({"gbp"}),
    "au_becs_debit": frozenset({"aud"}),
    "acss_debit": frozenset({"cad", "usd"}),
    "ideal": frozenset({"eur"}),
    "bancontact": frozenset({"eur"}),
    "eps": frozenset({"eur"}),
    "p24": frozenset({"eur", "pln"}),
    "boleto": frozenset({"brl"}),
    "oxxo": frozenset({"mxn"}),
    "konbini": frozenset({"jpy"}),
}
"""Payment methods that only work in some currencies (bank debits and vouchers mostly)."""

_NAME_SHAPE = re.compile(r"^[a-z0-9_.*-]+$")
_LOCALHOST_URL = re.compile(r"^http://(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(/|$)")


def _known(value: Any) -> bool:
    return value is not None and not is_unknown(value)


def _mapping(value: Any) -> Mapping[str, Any] | None:
    return value if isinstance(value, Mapping) else None


def _list(value: Any) -> Sequence[Any] | None:
    return value if isinstance(value, list | tuple) else None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _at(prefix: FieldPath, violations: list[Violation]) -> list[Violation]:
    return [Violation(prefix + v.path, v.message) for v in violations]


def check_metadata(metadata: Any) -> list[Violation]:
    """Stripe's metadata limits: ≤50 keys, key ≤40 characters, value ≤500 characters."""
    mapping = _mapping(metadata)
    if mapping is None:
        return []
    violations = []
    if len(mapping) > MAX_METADATA_KEYS:
        violations.append(
            Violation((), f"{len(mapping)} keys; Stripe allows at most {MAX_METADATA_KEYS}")
        )
    for key, value in mapping.items():
        if isinstance(key, str) and not is_unknown(key) and len(key) > MAX_METADATA_KEY_LENGTH:
            violations.append(
                Violation(
                    (key,),
                    f"metadata key is {len(key)} characters; Stripe allows at most "
                    f"{MAX_METADATA_KEY_LENGTH}",
                )
            )
        too_long = isinstance(value, str) and len(value) > MAX_METADATA_VALUE_LENGTH
        if too_long and not is_unknown(value):
            violations.append(
                Violation(
                    (key,),
                    f"metadata value is {len(value)} characters; Stripe allows at most "
                    f"{MAX_METADATA_VALUE_LENGTH}",
                )
            )
    return violations


def check_product(product: Mapping[str, Any]) -> list[Violation]:
    """Rules for one product: a name that isn't blank, each feature granted once, metadata
    limits."""
    violations = []
    name = product.get("name")
    if isinstance(name, str) and not is_unknown(name) and not name.strip():
        violations.append(Violation(("name",), "a product needs a name that isn't blank"))
    seen: set[str] = set()
    for index, feature in enumerate(_list(product.get("features")) or []):
        if isinstance(feature, str) and not is_unknown(feature):
            if feature in seen:
                violations.append(
                    Violation(
                        ("features", index),
                        f"feature '{feature}' is listed twice; Stripe attaches a feature to a "
                        "product once",
                    )
                )
            seen.add(feature)
    return violations + _at(("metadata",), check_metadata(product.get("metadata")))


def _check_custom_unit_amount(custom: Mapping[str, Any]) -> list[Violation]:
    violations = []
    if custom.get("enabled") is False:
        violations.append(
            Violation(("enabled",), "must be true; remove `custom_unit_amount` for a fixed price")
        )
    bounds = {name: _int(custom.get(name)) for name in ("minimum", "preset", "maximum")}
    ordered = [(name, value) for name, value in bounds.items() if value is not None]
    for (low_name, low), (high_name, high) in pairwise(ordered):
        if low > high:
            violations.append(
                Violation(
                    (high_name,),
                    f"{high_name} ({high}) is below {low_name} ({low}); Stripe needs "
                    "minimum ≤ preset ≤ maximum",
                )
            )
    return violations


def check_price(price: Mapping[str, Any]) -> list[Violation]:
    """Rules for one price: exactly one way to set the amount, sane custom amounts, intervals."""
    violations: list[Violation] = []
    amount_fields = [
        name
        for name in ("unit_amount", "unit_amount_decimal", "custom_unit_amount")
        if price.get(name) is not None
    ]
    tiered = price.get("billing_scheme") == "tiered"
    if tiered:
        if amount_fields:
            violations.append(
                Violation(
                    (amount_fields[0],),
                    "a tiered price takes its amounts from `tiers`; remove "
                    + " and ".join(f"`{name}`" for name in amount_fields),
                )
            )
        for needed in ("tiers", "tiers_mode"):
            if price.get(needed) is None:
                violations.append(Violation((needed,), "required when billing_scheme is tiered"))
    elif not amount_fields:
        violations.append(
            Violation(
                (),
                "set exactly one of `unit_amount`, `unit_amount_decimal` or `custom_unit_amount`",
            )
        )
    elif len(amount_fields) > 1:
        violations.append(
            Violation(
                (amount_fields[1],),
                "set only one of "
                + ", ".join(f"`{name}`" for name in amount_fields)
                + " (Stripe takes exactly one way to set the amount)",
            )
        )
    elif price.get("tiers") is not None:
        violations.append(Violation(("tiers",), "tiers need `billing_scheme: tiered`"))

    custom = _mapping(price.get("custom_unit_amount"))
    if custom is not None:
        violations += _at(("custom_unit_amount",), _check_custom_unit_amount(custom))
        if _known(price.get("recurring")):
            violations.append(
                Violation(
                    ("recurring",),
                    "a customer-chosen price (`custom_unit_amount`) can't be recurring; "
                    "use a fixed `unit_amount` for subscriptions",
                )
            )

    recurring = _mapping(price.get("recurring"))
    if recurring is not None:
        interval = recurring.get("interval")
        count = _int(recurring.get("interval_count"))
        limit = MAX_INTERVAL_COUNT.get(interval) if isinstance(interval, str) else None
        if limit is not None and count is not None and count > limit:
            violations.append(
                Violation(
                    ("recurring", "interval_count"),
                    f"{count} {interval}s is more than Stripe's maximum of three years "
                    f"(interval_count ≤ {limit} for {interval})",
                )
            )
    violations += _at(("metadata",), check_metadata(price.get("metadata")))
    return violations


def _check_adjustable_quantity(item: Mapping[str, Any]) -> list[Violation]:
    adjustable = _mapping(item.get("adjustable_quantity"))
    if adjustable is None:
        return []
    violations = []
    minimum = _int(adjustable.get("minimum"))
    maximum = _int(adjustable.get("maximum"))
    if maximum is not None and maximum > MAX_ADJUSTABLE_QUANTITY:
        violations.append(
            Violation(
                ("adjustable_quantity", "maximum"),
                f"{maximum} is above Stripe's limit of {MAX_ADJUSTABLE_QUANTITY}",
            )
        )
    low = minimum if minimum is not None else 0
    high = maximum if maximum is not None else DEFAULT_ADJUSTABLE_MAXIMUM
    if low > high:
        violations.append(
            Violation(
                ("adjustable_quantity", "minimum" if minimum is not None else "maximum"),
                f"minimum ({low}) is above maximum ({high})"
                + ("" if maximum is not None else " (Stripe's default maximum)"),
            )
        )
    quantity = _int(item.get("quantity"))
    enabled = adjustable.get("enabled") is True
    if enabled and quantity is not None and low <= high and not low <= quantity <= high:
        violations.append(
            Violation(
                ("quantity",),
                f"quantity {quantity} is outside the adjustable range {low}..{high}",
            )
        )
    return violations


def _check_after_completion(after: Mapping[str, Any]) -> list[Violation]:
    kind = after.get("type")
    blocks = ("redirect", "hosted_confirmation")
    violations = []
    if isinstance(kind, str) and kind in blocks:
        block = after.get(kind)
        if block is None:
            example = "{url: ...}" if kind == "redirect" else "{custom_message: ...}"
            violations.append(Violation((kind,), f"`type: {kind}` needs `{kind}: {example}`"))
        for other in blocks:
            if other != kind and after.get(other) is not None:
                violations.append(
                    Violation((other,), f"`{other}` is only used with `type: {other}`; remove it")
                )
    return violations


def _unknown_names(
    values: Any, known: frozenset[str], what: str, where: str
) -> list[Violation]:
    """One violation per string of `values` that isn't one of Stripe's `known` names (values
    not even shaped like a name are left to the models' pattern checks)."""
    violations = []
    for index, value in enumerate(_list(values) or []):
        named = isinstance(value, str) and _NAME_SHAPE.match(value) is not None
        if named and not is_unknown(value) and value not in known:
            hint = did_you_mean(value, known, list_all=False)
            violations.append(
                Violation(
                    (where, index),
                    f"'{value}' is not {what} Stripe knows" + (f"; {hint}" if hint else ""),
                )
            )
    return violations


def check_payment_link(link: Mapping[str, Any]) -> list[Violation]:
    """Rules for one payment link that need no facts about its prices."""
    violations: list[Violation] = _unknown_names(
        link.get("payment_method_types"),
        PAYMENT_METHOD_TYPES,
        "a payment method type",
        "payment_method_types",
    )
    line_items = _list(link.get("line_items"))
    if line_items is not None:
        if not line_items:
            violations.append(Violation(("line_items",), "a payment link needs a line item"))
        if len(line_items) > MAX_LINE_ITEMS:
            violations.append(
                Violation(
                    ("line_items",),
                    f"{len(line_items)} line items; Stripe allows at most {MAX_LINE_ITEMS} per "
                    "payment link (split the offer into several links)",
                )
            )
        for index, item in enumerate(line_items):
            if (mapping := _mapping(item)) is not None:
                violations += _at(("line_items", index), _check_adjustable_quantity(mapping))
    for index, item in enumerate(_list(link.get("optional_items")) or []):
        if (mapping := _mapping(item)) is not None:
            violations += _at(("optional_items", index), _check_adjustable_quantity(mapping))
    custom_fields = _list(link.get("custom_fields"))
    if custom_fields is not None and len(custom_fields) > MAX_CUSTOM_FIELDS:
        violations.append(
            Violation(
                ("custom_fields",),
                f"{len(custom_fields)} custom fields; Stripe allows at most {MAX_CUSTOM_FIELDS}",
            )
        )
    after = _mapping(link.get("after_completion"))
    if after is not None:
        violations += _at(("after_completion",), _check_after_completion(after))
    if _list(link.get("shipping_options")) and link.get("shipping_address_collection") is None:
        violations.append(
            Violation(
                ("shipping_options",),
                "shipping options need `shipping_address_collection` (the countries the link "
                "ships to): Stripe only charges shipping when it collects an address",
            )
        )
    violations += _at(("metadata",), check_metadata(link.get("metadata")))
    return violations


def check_line_item_prices(
    link: Mapping[str, Any], prices: Sequence[LineItemPriceFacts | None]
) -> list[Violation]:
    """Rules about the prices a link sells; ``prices`` is aligned with ``link["line_items"]``.

    An entry is None (or holds unknown values) when the price is not known; it is then skipped.
    """
    violations: list[Violation] = []
    line_items = _list(link.get("line_items")) or []
    known: list[tuple[int, Mapping[str, Any]]] = [
        (index, facts) for index, facts in enumerate(prices) if isinstance(facts, Mapping)
    ]
    for index, facts in known:
        where: FieldPath = ("line_items", index, "price")
        if facts.get("active") is False:
            violations.append(
                Violation(
                    where,
                    "this price or its product is declared `active: false`; Stripe refuses "
                    "archived prices and products on a payment link (remove the line item or "
                    "reactivate them)",
                )
            )
        if facts.get("custom_unit_amount") is True:
            item = _mapping(line_items[index]) if index < len(line_items) else None
            quantity = _int(item.get("quantity")) if item is not None else None
            if quantity is not None and quantity != 1:
                violations.append(
                    Violation(
                        ("line_items", index, "quantity"),
                        f"a customer-chosen price is sold with quantity 1, not {quantity}",
                    )
                )
            if len(line_items) > 1:
                violations.append(
                    Violation(
                        where,
                        "a customer-chosen price (custom_unit_amount) must be the only line item "
                        f"of its payment link; this link has {len(line_items)}",
                    )
                )
            if facts.get("type") == "recurring":
                violations.append(
                    Violation(where, "a customer-chosen price can't be recurring on a payment link")
                )
        if facts.get("tiered") is True or facts.get("billing_scheme") == "tiered":
            violations.append(
                Violation(
                    where,
                    "payment links only sell standard or customer-chosen prices; tiered, volume "
                    "and package prices (tiers, transform_quantity) are refused",
                )
            )
    currencies = [
        (index, facts.get("currency")) for index, facts in known if _known(facts.get("currency"))
    ]
    if currencies:
        first_index, first_currency = currencies[0]
        for index, currency in currencies[1:]:
            if currency != first_currency:
                violations.append(
                    Violation(
                        ("line_items", index, "price"),
                        f"price is in {currency} but line_items[{first_index}] is in "
                        f"{first_currency}; all prices of a payment link must share one currency",
                    )
                )
        violations += _check_payment_method_currency(link, str(first_currency))
    violations += _check_billing_intervals(known)
    types = [facts.get("type") for _, facts in known]
    all_known = len(known) == len(line_items) and all(_known(t) for t in types)
    if all_known and "recurring" not in types and _known(link.get("subscription_data")):
        violations.append(
            Violation(
                ("subscription_data",),
                "only used when the link sells a recurring price; none of its prices recur",
            )
        )
    if "recurring" in types and _list(link.get("shipping_options")):
        violations.append(
            Violation(
                ("shipping_options",),
                "shipping rates only apply to one-time payments; this link starts a subscription",
            )
        )
    if "recurring" in types and _known(link.get("invoice_creation")):
        violations.append(
            Violation(
                ("invoice_creation",),
                "post-purchase invoices are for one-time payments; this link starts a "
                "subscription (which invoices anyway)",
            )
        )
    return violations


def _check_billing_intervals(known: list[tuple[int, Mapping[str, Any]]]) -> list[Violation]:
    """Stripe refuses a payment link whose recurring prices bill at different intervals."""
    intervals = [
        (index, facts.get("interval"))
        for index, facts in known
        if facts.get("type") == "recurring" and isinstance(facts.get("interval"), str)
        and not is_unknown(facts.get("interval"))
    ]
    violations = []
    for index, interval in intervals[1:]:
        first_index, first_interval = intervals[0]
        if interval != first_interval:
            violations.append(
                Violation(
                    ("line_items", index, "price"),
                    f"billed every {interval} but line_items[{first_index}] every "
                    f"{first_interval}; all recurring prices of a payment link must share one "
                    "billing interval (sell them on separate links)",
                )
            )
    return violations


def _check_payment_method_currency(link: Mapping[str, Any], currency: str) -> list[Violation]:
    violations = []
    for index, method in enumerate(_list(link.get("payment_method_types")) or []):
        allowed = PAYMENT_METHOD_CURRENCIES.get(method) if isinstance(method, str) else None
        if allowed is not None and currency not in allowed:
            violations.append(
                Violation(
                    ("payment_method_types", index),
                    f"{method} only works with {', '.join(sorted(allowed))}; this link is in "
                    f"{currency}",
                )
            )
    return violations


PROMOTION_CODE_PATTERN = r"^[A-Za-z0-9-]+$"
"""Stripe's promotion code characters: letters, digits and dashes."""


def check_coupon(coupon: Mapping[str, Any]) -> list[Violation]:
    """Stripe's coupon rules: a percentage xor an amount with its currency; months only (and
    always) for a repeating duration."""
    violations: list[Violation] = []
    percent, amount = coupon.get("percent_off"), coupon.get("amount_off")
    if percent is None and amount is None:
        violations.append(
            Violation((), "a coupon needs `percent_off` or `amount_off` + `currency`")
        )
    if percent is not None and amount is not None:
        violations.append(
            Violation(("amount_off",), "give `percent_off` or `amount_off`, not both")
        )
    if amount is not None and coupon.get("currency") is None:
        violations.append(Violation(("currency",), "`amount_off` needs the `currency` it is in"))
    if amount is None and coupon.get("currency") is not None:
        violations.append(Violation(("currency",), "`currency` is only used with `amount_off`"))
    repeating = coupon.get("duration") == "repeating"
    if repeating and coupon.get("duration_in_months") is None:
        violations.append(
            Violation(("duration_in_months",), "`duration: repeating` needs `duration_in_months`")
        )
    if not repeating and coupon.get("duration_in_months") is not None:
        violations.append(
            Violation(
                ("duration_in_months",), "only used with `duration: repeating`; remove it"
            )
        )
    violations += _at(("metadata",), check_metadata(coupon.get("metadata")))
    return violations


def check_promotion_code(code: Mapping[str, Any]) -> list[Violation]:
    """Stripe's promotion code rules: a minimum order amount needs its currency."""
    violations: list[Violation] = []
    restrictions = _mapping(code.get("restrictions")) or {}
    has_minimum = restrictions.get("minimum_amount") is not None
    has_currency = restrictions.get("minimum_amount_currency") is not None
    if has_minimum and not has_currency:
        violations.append(
            Violation(
                ("restrictions", "minimum_amount_currency"),
                "`minimum_amount` needs `minimum_amount_currency`",
            )
        )
    if has_currency and not has_minimum:
        violations.append(
            Violation(
                ("restrictions", "minimum_amount"),
                "`minimum_amount_currency` is only used with `minimum_amount`",
            )
        )
    violations += _at(("metadata",), check_metadata(code.get("metadata")))
    return violations


_ESTIMATE_HOURS = {"hour": 1, "day": 24, "business_day": 24, "week": 168, "month": 720}
"""Rough length of each delivery estimate unit, to compare a minimum with a maximum."""


def _estimate_hours(bound: Mapping[str, Any]) -> int | None:
    unit, value = _ESTIMATE_HOURS.get(str(bound.get("unit"))), _int(bound.get("value"))
    return None if unit is None or value is None else unit * value


def check_shipping_rate(rate: Mapping[str, Any]) -> list[Violation]:
    """Rules for one shipping rate beyond its model's types: a sensible delivery estimate."""
    violations: list[Violation] = []
    estimate = _mapping(rate.get("delivery_estimate")) or {}
    low, high = _mapping(estimate.get("minimum")), _mapping(estimate.get("maximum"))
    if low is not None and high is not None:
        shortest, longest = _estimate_hours(low), _estimate_hours(high)
        if shortest is not None and longest is not None and shortest > longest:
            violations.append(
                Violation(
                    ("delivery_estimate", "minimum"),
                    "the minimum delivery estimate is longer than the maximum",
                )
            )
    violations += _at(("metadata",), check_metadata(rate.get("metadata")))
    return violations


MAX_FEATURE_TEXT_LENGTH = 80
"""An entitlement feature's ``name`` and ``lookup_key`` are at most 80 characters."""


def check_entitlement_feature(feature: Mapping[str, Any]) -> list[Violation]:
    """Rules for one entitlement feature beyond its model's types: a name and lookup key that
    aren't blank, metadata limits."""
    violations: list[Violation] = []
    for name in ("name", "lookup_key"):
        value = feature.get(name)
        if isinstance(value, str) and not is_unknown(value) and value and not value.strip():
            violations.append(Violation((name,), f"a feature needs a {name} that isn't blank"))
    return violations + _at(("metadata",), check_metadata(feature.get("metadata")))


def check_webhook_endpoint(endpoint: Mapping[str, Any]) -> list[Violation]:
    """Rules for one webhook endpoint: an https URL (http only for localhost), some events."""
    violations: list[Violation] = []
    url = endpoint.get("url")
    insecure = isinstance(url, str) and not url.startswith("https://")
    if insecure and not is_unknown(url) and not _LOCALHOST_URL.match(str(url)):
        violations.append(
            Violation(("url",), "Stripe only delivers to https:// URLs (http:// for localhost)")
        )
    elif isinstance(url, str) and not is_unknown(url) and not urlsplit(url).hostname:
        violations.append(Violation(("url",), "the URL needs a host (https://host/path)"))
    events = _list(endpoint.get("enabled_events"))
    if events is not None and not events:
        violations.append(
            Violation(("enabled_events",), "list at least one event (or `*` for every event)")
        )
    violations += _unknown_names(events, EVENT_TYPES, "an event type", "enabled_events")
    api_version = endpoint.get("api_version")
    if isinstance(api_version, str) and not is_unknown(api_version):
        violations += [
            Violation(("api_version",), v.message)
            for v in _unknown_names([api_version], API_VERSIONS, "an API version", "api_version")
        ]
    violations += _at(("metadata",), check_metadata(endpoint.get("metadata")))
    return violations
