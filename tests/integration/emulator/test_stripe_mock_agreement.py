"""The emulator accepts and refuses what Stripe's own validator (stripe-mock) does.

A hypothesis-generated corpus of create/update requests for products, prices, payment links
and webhook endpoints, valid and invalid, goes to both servers. Every request stripe-mock
refuses as schema-invalid must be refused by the emulator; every request stripe-mock accepts
must be accepted, unless a business rule below (which stripe-mock, being stateless and
schema-only, does not check) refuses it. Prints the agreement rate and every disagreement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import httpx
import pytest
from hypothesis import HealthCheck, given, settings

from tests.conftest import EmulatorProcess, StripeMock
from tests.integration.emulator.stripe_corpus import Request, World, corpus
from tests.stripe_replay import replay_one

pytestmark = pytest.mark.stripe_mock

TARGET = 0.99
EXAMPLES = 400

#: Refusals Stripe makes that stripe-mock can't: (message pattern, why stripe-mock accepts).
BUSINESS_RULES: list[tuple[str, str]] = [
    (
        r"Received unknown parameter: \w+\[",
        "Stripe refuses unknown keys inside hashes; stripe-mock's spec leaves nested hashes open",
    ),
    (r"non-empty name", "Stripe refuses empty product names; the schema allows ''"),
    (r"must be at most \d+ characters", "Stripe enforces maxLength; stripe-mock does not"),
    (r"already uses that lookup key", "lookup_key uniqueness needs state"),
    (r"No such ", "references to objects that don't exist need state"),
    (r"can't be recurring", "customer-chosen prices are one-time only"),
    (r"Customer-chosen price", "a customer-chosen price must be a link's only item"),
    (r"tax_behavior cannot be changed", "tax_behavior only changes away from unspecified"),
    (r"not active \(archived\)", "archived prices/products can't be sold in a new link"),
    (r"default price of its product", "a product's default price can't be archived"),
]


@dataclass(frozen=True)
class Outcome:
    """What both servers answered for one request."""

    request: Request
    mock_status: int
    mock_message: str | None
    emulator_status: int
    emulator_message: str | None

    @property
    def rule(self) -> str | None:
        """The documented business rule explaining an emulator-only refusal, if any."""
        for pattern, _reason in BUSINESS_RULES:
            if self.emulator_message and re.search(pattern, self.emulator_message):
                return pattern
        return None

    @property
    def agrees(self) -> bool:
        mock_ok, emulator_ok = self.mock_status < 400, self.emulator_status < 400
        if mock_ok == emulator_ok:
            return True
        return mock_ok and self.emulator_status == 400 and self.rule is not None

    def __str__(self) -> str:
        return (
            f"{self.request}\n    stripe-mock {self.mock_status}: {self.mock_message}\n"
            f"    emulator {self.emulator_status}: {self.emulator_message}"
        )


def build_world(emulator: EmulatorProcess) -> World:
    """Objects the corpus updates or references, created on the emulator."""
    client = emulator.client()
    product = client.v1.products.create(params={"name": "Sold"})
    spare = client.v1.products.create(params={"name": "Spare"})
    price = client.v1.prices.create(
        params={"product": product.id, "currency": "usd", "unit_amount": 1000}
    )
    price_b = client.v1.prices.create(
        params={"product": product.id, "currency": "usd", "unit_amount": 2500}
    )
    spare_price = client.v1.prices.create(
        params={"product": spare.id, "currency": "usd", "unit_amount": 100}
    )
    link = client.v1.payment_links.create(
        params={"line_items": [{"price": price.id, "quantity": 1}]}
    )
    item = client.v1.payment_links.line_items.list(link.id).data[0]
    webhook = client.v1.webhook_endpoints.create(
        params={"url": "https://example.com/hook", "enabled_events": ["*"]}
    )
    return World(
        product=product.id,
        spare_product=spare.id,
        price=price.id,
        price_b=price_b.id,
        spare_price=spare_price.id,
        link=link.id,
        link_item=item.id,
        webhook=webhook.id,
    )


def _message(body: object) -> str | None:
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        return str(body["error"].get("message"))
    return None


def test_emulator_agrees_with_stripe_mock_on_generated_requests(
    emulator: EmulatorProcess, stripe_mock: StripeMock
) -> None:
    world = build_world(emulator)
    outcomes: list[Outcome] = []
    mock_http = httpx.Client(headers={"Authorization": f"Bearer {stripe_mock.api_key}"})
    emulator_http = httpx.Client(headers={"Authorization": f"Bearer {emulator.api_key}"})

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(corpus(world))
    def compare(request: Request) -> None:
        mock = replay_one(
            mock_http, stripe_mock.base_url, request.method, request.path, request.params
        )
        emu = replay_one(
            emulator_http, emulator.base_url, request.method, request.path, request.params
        )
        outcomes.append(
            Outcome(request, mock.status, _message(mock.body), emu.status, _message(emu.body))
        )

    compare()
    mock_http.close()
    emulator_http.close()

    disagreements = [o for o in outcomes if not o.agrees]
    rate = 1 - len(disagreements) / len(outcomes)
    invalid = sum(1 for o in outcomes if o.mock_status >= 400)
    by_rule = sorted({o.rule for o in outcomes if o.rule and o.mock_status < 400} - {None})
    print(
        f"\nstripe-mock agreement: {rate:.2%} of {len(outcomes)} requests "
        f"({invalid} schema-invalid per stripe-mock); business rules used: {by_rule}"
    )
    for outcome in disagreements:
        print(f"DISAGREE {outcome}")
    assert invalid > len(outcomes) * 0.3, "the corpus should hold plenty of invalid requests"
    assert rate >= TARGET, "\n".join(str(o) for o in disagreements[:20])


def test_objects_carry_stripe_mocks_top_level_fields(
    emulator: EmulatorProcess, stripe_mock: StripeMock
) -> None:
    world = build_world(emulator)
    headers_mock = {"Authorization": f"Bearer {stripe_mock.api_key}"}
    headers_emu = {"Authorization": f"Bearer {emulator.api_key}"}
    paths = {
        "product": f"/v1/products/{world.product}",
        "price": f"/v1/prices/{world.price}",
        "payment_link": f"/v1/payment_links/{world.link}",
        "webhook_endpoint": f"/v1/webhook_endpoints/{world.webhook}",
        "item": f"/v1/payment_links/{world.link}/line_items",
    }
    missing: dict[str, set[str]] = {}
    for kind, path in paths.items():
        mock = httpx.get(f"{stripe_mock.base_url}{path}", headers=headers_mock).json()
        emu = httpx.get(f"{emulator.base_url}{path}", headers=headers_emu).json()
        if kind == "item":
            mock, emu = mock["data"][0], emu["data"][0]
        assert emu["object"] == mock["object"] == kind
        gap = set(mock) - set(emu)
        if gap:
            missing[kind] = gap
        print(f"{kind}: stripe-mock {len(mock)} fields, emulator {len(emu)}; missing {gap or '-'}")
    assert missing == {}
