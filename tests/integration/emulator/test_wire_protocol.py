"""Stripe's wire protocol over real HTTP: auth, errors, pagination, expand, idempotency."""

from __future__ import annotations

import httpx
import pytest
import stripe

from tests.support.emulator import EmulatorProcess


def _auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@pytest.mark.parametrize(
    ("headers", "fragment"),
    [
        ({}, "did not provide an API key"),
        (_auth("sk_live_abc123"), "only accepts test-mode keys"),
        (_auth("rk_live_abc123"), "only accepts test-mode keys"),
        (_auth("pk_test_abc123"), "Invalid API Key"),
        (_auth("garbage"), "Invalid API Key"),
    ],
)
def test_bad_keys_get_stripe_shaped_401(
    emulator: EmulatorProcess, headers: dict[str, str], fragment: str
) -> None:
    response = httpx.get(f"{emulator.base_url}/v1/products", headers=headers)
    assert response.status_code == 401
    error = response.json()["error"]
    assert error["type"] == "invalid_request_error"
    assert fragment in error["message"]
    assert response.headers["Request-Id"].startswith("req_")


def test_restricted_test_key_and_sdk_auth_error(emulator: EmulatorProcess) -> None:
    ok = httpx.get(f"{emulator.base_url}/v1/products", headers=_auth("rk_test_abc"))
    assert ok.status_code == 200
    client = stripe.StripeClient("sk_live_nope", base_addresses={"api": emulator.base_url})
    with pytest.raises(stripe.AuthenticationError):
        client.v1.products.list()


def test_unknown_path_answers_like_stripe(emulator: EmulatorProcess) -> None:
    response = httpx.get(f"{emulator.base_url}/v1/nope", headers=_auth(emulator.api_key))
    assert response.status_code == 404
    assert "Unrecognized request URL" in response.json()["error"]["message"]


def test_cursor_pagination_both_ways(emulator: EmulatorProcess) -> None:
    client = emulator.client()
    ids = [client.v1.products.create(params={"name": f"p{i}"}).id for i in range(5)]
    newest_first = list(reversed(ids))
    page = client.v1.products.list(params={"limit": 2})
    assert [p.id for p in page.data] == newest_first[:2]
    assert (page.has_more, page.url, page.object) == (True, "/v1/products", "list")
    page2 = client.v1.products.list(params={"limit": 2, "starting_after": page.data[-1].id})
    assert [p.id for p in page2.data] == newest_first[2:4]
    back = client.v1.products.list(params={"limit": 2, "ending_before": newest_first[3]})
    assert [p.id for p in back.data] == newest_first[1:3]
    assert back.has_more is True
    everything = [p.id for p in client.v1.products.list(params={"limit": 2}).auto_paging_iter()]
    assert everything == newest_first
    only = client.v1.products.list(params={"ids": [ids[0], ids[2]]})
    assert {p.id for p in only.data} == {ids[0], ids[2]}
    with pytest.raises(stripe.InvalidRequestError) as error:
        client.v1.products.list(params={"limit": 101})
    assert error.value.param == "limit"


def test_bracket_notation_and_expand_over_raw_http(emulator: EmulatorProcess) -> None:
    headers = {**_auth(emulator.api_key), "Content-Type": "application/x-www-form-urlencoded"}
    body = (
        "name=Mug&metadata[color]=blue&default_price_data[currency]=eur"
        "&default_price_data[unit_amount]=900&expand[]=default_price"
    )
    product = httpx.post(f"{emulator.base_url}/v1/products", content=body, headers=headers).json()
    assert product["metadata"] == {"color": "blue"}
    assert product["default_price"]["object"] == "price"
    assert product["default_price"]["unit_amount"] == 900
    listed = httpx.get(
        f"{emulator.base_url}/v1/products?expand[]=data.default_price&active=true",
        headers=headers,
    ).json()
    assert listed["data"][0]["default_price"]["currency"] == "eur"


def test_idempotent_replay_and_conflict(emulator: EmulatorProcess) -> None:
    headers = {**_auth(emulator.api_key), "Idempotency-Key": "key-1"}
    first = httpx.post(f"{emulator.base_url}/v1/products", data={"name": "A"}, headers=headers)
    again = httpx.post(f"{emulator.base_url}/v1/products", data={"name": "A"}, headers=headers)
    assert first.status_code == again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    client = emulator.client()
    assert len(client.v1.products.list().data) == 1
    with pytest.raises(stripe.IdempotencyError) as conflict:
        client.v1.products.create(params={"name": "B"}, options={"idempotency_key": "key-1"})
    assert conflict.value.http_status == 400
    assert conflict.value.json_body["error"]["type"] == "idempotency_error"


def test_schema_errors_are_not_saved_for_idempotency(emulator: EmulatorProcess) -> None:
    headers = {**_auth(emulator.api_key), "Idempotency-Key": "key-2"}
    bad = httpx.post(f"{emulator.base_url}/v1/products", data={"nom": "A"}, headers=headers)
    assert bad.status_code == 400
    good = httpx.post(f"{emulator.base_url}/v1/products", data={"name": "A"}, headers=headers)
    assert good.status_code == 200
