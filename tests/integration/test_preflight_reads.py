"""The pre-flight's Stripe reads over HTTP: few list requests, GETs only, in Stripe's shape.

Against the emulator: 23 price lookup keys take 3 requests (10 per request), each code and
each feature one, and what other stacks (or nobody) hold is found. Against stripe-mock: every
request is one Stripe's spec accepts.
"""

from __future__ import annotations

import pytest

from paylinks.preflight import Claim, find_collisions, read_holders
from providers.stripe_client import StripeSettings
from tests.support.emulator import EmulatorProcess
from tests.support.stripe_mock import StripeMock


def settings_for(base_url: str, api_key: str) -> StripeSettings:
    return StripeSettings(api_key=api_key, api_base=base_url, live=False, target="test")


def claims() -> list[Claim]:
    prices = [
        Claim("price", f"p{n}", f"key_{n}", "stacks/catalog.yaml", n, f"prices.p{n}.lookup_key")
        for n in range(23)
    ]
    return [
        *prices,
        Claim("promotion_code", "welcome", "WELCOME15", "c.yaml", 90,
              "promotion_codes.welcome.code"),
        Claim("promotion_code", "vip", "VIP", "c.yaml", 95, "promotion_codes.vip.code"),
        Claim("entitlement_feature", "api", "api_access", "c.yaml", 3,
              "entitlement_features.api.lookup_key"),
    ]


def test_twenty_six_values_take_six_get_requests_and_find_other_stacks(
    emulator: EmulatorProcess,
) -> None:
    client = emulator.client()
    product = client.v1.products.create(params={"name": "Beans"})
    dev = {"paylinks_scope": "dev", "paylinks_key": "x"}
    for key, metadata in (("key_4", dev), ("key_17", {})):
        client.v1.prices.create(params={
            "product": product.id, "currency": "eur", "unit_amount": 100, "lookup_key": key,
            "metadata": metadata,
        })
    coupon = client.v1.coupons.create(params={"percent_off": 10, "duration": "once"})
    client.v1.promotion_codes.create(params={
        "code": "welcome15", "promotion": {"type": "coupon", "coupon": coupon.id},
        "metadata": dev,
    })
    client.v1.entitlements.features.create(params={"name": "API", "lookup_key": "api_access"})
    emulator.clear_requests()

    found = read_holders(claims(), settings_for(emulator.base_url, emulator.api_key))

    requests = emulator.requests()
    assert found.requests == len(requests) == 3 + 2 + 1
    assert {request["method"] for request in requests} == {"GET"}
    collisions = find_collisions(claims(), found.objects, "staging", "", "Pulumi.staging.yaml")
    assert [(c.claim.key, c.holder_scope) for c in collisions] == [
        ("p4", "dev"), ("welcome", "dev"), ("api", None)
    ], "key_17's unmanaged price gives its key up, as the up's transfer_lookup_key does"


@pytest.mark.stripe_mock
def test_every_read_is_a_request_stripe_accepts(stripe_mock: StripeMock) -> None:
    found = read_holders(claims(), settings_for(stripe_mock.base_url, stripe_mock.api_key))
    assert found.requests == 6
