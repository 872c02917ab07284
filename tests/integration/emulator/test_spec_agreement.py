"""The emulator accepts and refuses what the pinned API version's spec and stripe-mock do.

The corpus (`spec_corpus`) is drawn from the OpenAPI spec stripe-mock embeds, for every route
the emulator serves: each parameter, at every depth, present, absent, of the wrong type,
unknown, nested unknown, `''` and over its length. Each request goes to both servers. The
verdict to match is stripe-mock's, except where stripe-mock is blind (it ignores unknown keys
inside hashes and string lengths): there the spec decides. A refusal stripe-mock can't make
(it keeps no state and checks no business rule) counts as agreement only when it is one of
the documented rules below. Never a 5xx. Prints the figures and every disagreement by cause.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.integration.emulator.spec_corpus import Case, World, cases, distinct, served_routes
from tests.stripe_replay import replay_one
from tests.stripe_spec import stripe_spec
from tests.support.emulator import EmulatorProcess
from tests.support.stripe_mock import StripeMock

pytestmark = pytest.mark.stripe_mock

TARGET = 0.995
EXAMPLES_PER_CASE = 2
SHOWN = int(os.environ.get("SPEC_CORPUS_SHOWN", "8"))

#: Refusals Stripe makes that stripe-mock can't (message pattern → the rule): it keeps no state
#: and checks no rule, so it accepts these. Schema refusals (the codes below) never count here.
BUSINESS_RULES: dict[str, str] = {
    r"non-empty name": "products need a non-empty name",
    r"already uses that lookup key": "lookup keys are unique per account",
    r"^(Product|Coupon) already exists": "custom product and coupon ids are unique",
    r"^No such ": "a referenced object must exist",
    r"can't be recurring|must be the only line item": "customer-chosen price rules",
    r"^tax_behavior cannot be changed": "tax_behavior only changes away from unspecified",
    r"is not active \(archived\)": "archived prices/products can't be sold",
    r"default price of its product": "a product's default price can't be archived",
    r"tiered, volume or package": "payment links sell per-unit and customer-chosen prices",
    r"exactly one of|^You may only specify one of|^You must specify either": (
        "one of price/price_data, product/product_data, one amount"
    ),
    r"share one (currency|billing interval)": "one currency and one interval per link",
    r"need 0 ≤|must be at least 1|must be between": "quantity and amount bounds",
    r"maximum billing period": "billing periods are at most a year",
    r"at most \d+ custom fields|between 1 and \d+ line items": "item count limits",
    r"^subscription_data can only be used": "subscription settings need a recurring price",
    r"^Metered prices must be backed by a meter": "metered prices need a meter",
    r"^Missing required param: after_completion\[redirect\]|only be used with type=redirect": (
        "after_completion's type decides which hash is needed"
    ),
    r"does not belong to product|cannot be made the default": "a product's default price",
    r"^Tiered prices|^`tiers` can only be used|^Missing required param: unit_amount\. A per-unit": (
        "how a price is charged: per unit or tiered"
    ),
    r"must be true to create a customer-chosen price": "customer-chosen amounts",
    r"^Invalid URL": "webhook endpoint URLs must be absolute http(s) URLs",
    r"requires shipping_address_collection": "shipping options need an address to ship to",
    r"must match its currency": "a link's shipping rates charge in its currency",
    r"only be used with one-time payments": "shipping is for one-time payments",
    r"needs `fixed_amount\[amount\]`|minimum must not be after": "a shipping rate's charge",
    r"^You must pass (currency|duration_in_months)|duration_in_months can only": (
        "a coupon's discount and duration"
    ),
    r"^Invalid percent_off": "a coupon takes 0 < percent_off ≤ 100",
    r"^An active promotion code with": "active promotion codes are unique",
    r"^Invalid code: use only|must be passed together": "promotion code text and restrictions",
    r"is already attached to product": "a product has a feature attached once",
    r"^Invalid (name|lookup_key): a feature's": "a feature's name and lookup key aren't blank",
    r"^Missing required param: promotion\[coupon\]": "a coupon promotion names its coupon",
    r"is archived: an archived feature can't be": "archiving a feature is permanent",
}
SCHEMA_CODES = frozenset(
    {"parameter_unknown", "parameter_invalid_integer", "parameter_invalid_empty"}
)


@dataclass(frozen=True)
class Outcome:
    """Both servers' answers to one request."""

    case: Case
    params: dict[str, Any]
    mock_status: int
    emulator_status: int
    emulator_message: str
    emulator_code: str | None

    @property
    def expected_ok(self) -> bool:
        if self.case.spec_verdict is not None:
            return self.case.spec_verdict
        return self.mock_status < 400

    @property
    def rule(self) -> str | None:
        """The documented rule behind an emulator-only refusal, if any."""
        if self.emulator_status != 400 or self.emulator_code in SCHEMA_CODES:
            return None
        return next(
            (
                rule
                for pattern, rule in BUSINESS_RULES.items()
                if re.search(pattern, self.emulator_message)
            ),
            None,
        )

    @property
    def agrees(self) -> bool:
        emulator_ok = self.emulator_status < 400
        if emulator_ok == self.expected_ok:
            return True
        return self.expected_ok and self.rule is not None

    @property
    def cause(self) -> str:
        verdict = "accepts" if self.emulator_status < 400 else "refuses"
        judge = "the spec" if self.case.spec_verdict is not None else "stripe-mock"
        return f"emulator {verdict} what {judge} doesn't: {self.case.kind}"

    def __str__(self) -> str:
        return (
            f"{self.case} {self.params}\n    stripe-mock {self.mock_status}; emulator "
            f"{self.emulator_status}: {self.emulator_message}"
        )


def build_world(emulator: EmulatorProcess) -> World:
    """The objects the corpus reads, updates and references."""
    client = emulator.client()
    product = client.v1.products.create(params={"name": "Sold"})
    spare = client.v1.products.create(params={"name": "Spare"})
    price = client.v1.prices.create(
        params={"product": product.id, "currency": "usd", "unit_amount": 1000}
    )
    recurring = client.v1.prices.create(
        params={
            "product": product.id,
            "currency": "usd",
            "unit_amount": 900,
            "recurring": {"interval": "month"},
        }
    )
    spare_price = client.v1.prices.create(
        params={"product": spare.id, "currency": "usd", "unit_amount": 100}
    )
    link = client.v1.payment_links.create(
        params={"line_items": [{"price": price.id, "quantity": 1}]}
    )
    spare_link = client.v1.payment_links.create(
        params={"line_items": [{"price": price.id, "quantity": 1}]}
    )
    item = client.v1.payment_links.line_items.list(spare_link.id).data[0]
    hooks = [
        client.v1.webhook_endpoints.create(
            params={"url": "https://example.com/hook", "enabled_events": ["*"]}
        )
        for _ in range(2)
    ]
    rate_params = {"display_name": "Ground", "fixed_amount": {"amount": 500, "currency": "usd"}}
    rates = [client.v1.shipping_rates.create(params=rate_params) for _ in range(2)]  # type: ignore[arg-type]
    coupons = [client.v1.coupons.create(params={"percent_off": 10}) for _ in range(2)]
    codes = [
        client.v1.promotion_codes.create(
            params={"code": code, "promotion": {"type": "coupon", "coupon": coupons[0].id}}  # type: ignore[typeddict-item]
        )
        for code in ("WORLD", "SPARE")
    ]
    features = [
        client.v1.entitlements.features.create(params={"name": name, "lookup_key": name})
        for name in ("world", "spare")
    ]
    attached = client.v1.products.features.create(
        product.id, params={"entitlement_feature": features[0].id}
    )
    subscribed = _subscribe(emulator, client, recurring.id)
    return World(
        product=product.id,
        price=price.id,
        recurring_price=recurring.id,
        link=link.id,
        link_item=item.id,
        webhook=hooks[0].id,
        spare_product=spare.id,
        spare_price=spare_price.id,
        spare_link=spare_link.id,
        spare_webhook=hooks[1].id,
        shipping_rate=rates[0].id,
        spare_shipping_rate=rates[1].id,
        coupon=coupons[0].id,
        spare_coupon=coupons[1].id,
        promotion_code=codes[0].id,
        spare_promotion_code=codes[1].id,
        feature=features[0].id,
        spare_feature=features[1].id,
        product_feature=attached.id,
        customer=str(subscribed.customer),
        subscription=str(subscribed.subscription),
    )


def _subscribe(emulator: EmulatorProcess, client: Any, price: str) -> Any:
    """A customer and a subscription, made as the emulator makes them: by paying a link."""
    link = client.v1.payment_links.create(params={"line_items": [{"price": price, "quantity": 1}]})
    paid = httpx.post(
        link.url, data={"email": "world@customer.example", "payment_method": "card"}, timeout=30
    )
    assert paid.status_code == 303, paid.text
    return client.v1.checkout.sessions.list(params={"payment_link": link.id}).data[0]


def draw(strategy: st.SearchStrategy[Any], count: int) -> list[Any]:
    """`count` seeded examples of `strategy` (the simplest first)."""
    found: list[Any] = []

    @settings(
        max_examples=count,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(value: Any) -> None:
        if value not in found:
            found.append(value)

    collect()
    return found


def _code(body: Any) -> str | None:
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        return body["error"].get("code")
    return None


def _message(body: Any) -> str:
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        return str(body["error"].get("message"))
    return str(body)[:200]


def run_corpus(emulator: EmulatorProcess, stripe_mock: StripeMock) -> list[Outcome]:
    """Send every drawn request of the corpus to both servers."""
    world = build_world(emulator)
    corpus = cases(served_routes(stripe_spec(), world), world)
    outcomes = []
    auth = {"Authorization": f"Bearer {stripe_mock.api_key}"}
    with (
        httpx.Client(headers=auth, timeout=30) as mock_http,
        httpx.Client(headers={"Authorization": f"Bearer {emulator.api_key}"}, timeout=30) as emu,
    ):
        for case in corpus:
            for params in draw(case.params, EXAMPLES_PER_CASE):
                route = case.route
                params = distinct(route, params, len(outcomes))
                mock = replay_one(mock_http, stripe_mock.base_url, route.method, route.path, params)
                ours = replay_one(emu, emulator.base_url, route.method, route.path, params)
                _detach(emu, emulator.base_url, route.path, ours)
                outcomes.append(
                    Outcome(
                        case,
                        params,
                        mock.status,
                        ours.status,
                        _message(ours.body),
                        _code(ours.body),
                    )
                )
    return outcomes


def _detach(http: httpx.Client, base_url: str, path: str, answer: Any) -> None:
    """Undo an accepted attachment of a feature to a product, so the next case can attach the
    same feature again (Stripe attaches a feature to a product once)."""
    body = answer.body
    if answer.status < 400 and isinstance(body, dict) and body.get("object") == "product_feature":
        http.delete(f"{base_url}{path}/{body['id']}")


def report(outcomes: list[Outcome]) -> tuple[float, str]:
    """The agreement rate and a printable summary (figures, rules used, disagreements)."""
    disagreements = [o for o in outcomes if not o.agrees]
    rate = 1 - len(disagreements) / len(outcomes)
    routes = len({o.case.route.name for o in outcomes})
    params = len({(o.case.route.name, o.case.param) for o in outcomes})
    by_kind = Counter(o.case.kind for o in outcomes)
    refused = sum(1 for o in outcomes if not o.expected_ok)
    rules = Counter(
        o.rule for o in outcomes if o.rule and o.expected_ok and o.emulator_status >= 400
    )
    lines = [
        f"spec agreement: {rate:.2%} of {len(outcomes)} requests ({len(disagreements)} "
        f"disagreements) over {routes} routes and {params} parameters; {refused} should be "
        f"refused; by change: {dict(sorted(by_kind.items()))}",
        f"business rules stripe-mock can't check: {dict(rules)}",
    ]
    for cause, count in Counter(o.cause for o in disagreements).most_common():
        lines.append(f"  {count:4d} x {cause}")
        lines += [f"      {o}" for o in [d for d in disagreements if d.cause == cause][:SHOWN]]
    return rate, "\n".join(lines)


def test_emulator_agrees_with_the_spec_on_every_served_route(
    emulator: EmulatorProcess, stripe_mock: StripeMock
) -> None:
    outcomes = run_corpus(emulator, stripe_mock)
    rate, summary = report(outcomes)
    print("\n" + summary)
    server_errors = [o for o in outcomes if o.emulator_status >= 500]
    assert server_errors == [], "5xx no fault asked for:\n" + "\n".join(map(str, server_errors))
    assert sum(1 for o in outcomes if not o.expected_ok) > len(outcomes) * 0.3, summary
    assert rate >= TARGET, summary
