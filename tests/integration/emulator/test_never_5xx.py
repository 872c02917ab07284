"""No input makes the emulator answer 5xx unless a fault was injected.

Stripe answers a malformed request with a 4xx naming what is wrong; a 500 from the emulator
would be a test bed bug that real Stripe never shows. Hostile requests on every route the
emulator serves: broken percent-encoding and UTF-8, malformed bracket keys, a key used both as a
value and as a hash, deep nesting, huge values and many parameters, numbers out of range, other
content types, plus random bodies drawn by hypothesis (seeded).
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.emulator import EmulatorProcess

ROUTES = [
    ("POST", "/v1/products"),
    ("GET", "/v1/products"),
    ("POST", "/v1/prices"),
    ("GET", "/v1/prices"),
    ("POST", "/v1/payment_links"),
    ("GET", "/v1/payment_links"),
    ("POST", "/v1/webhook_endpoints"),
    ("GET", "/v1/webhook_endpoints"),
]

MAX_QUERY = 20_000

HOSTILE_BODIES: list[bytes] = [
    b"name=%ff%fe",
    b"name=%",
    b"name=%zz&metadata[%ff]=x",
    b"name=\xff\xfe\xfa",
    b"[]=x",
    b"=x",
    b"name[=1",
    b"name]=1",
    b"metadata[k]]=v",
    b"metadata[][]=v",
    b"name=x&name[k]=v",
    b"metadata[k]=v&metadata=x",
    b"metadata[k][x]=y",
    b"expand[]=a&expand[x]=b",
    b"line_items[0]=x&line_items[0][price]=y",
    b"line_items[]=x&line_items[0][price]=y",
    b"line_items[99999999999999999999][price]=p",
    b"line_items[-1][price]=p",
    b"enabled_events[0][x]=y",
    b"name=x&unit_amount=99999999999999999999999999",
    b"unit_amount=1e309&currency=usd",
    b"unit_amount_decimal=NaN&currency=usd",
    b"unit_amount_decimal=1e999999999&currency=usd",
    b"package_dimensions[height]=inf&name=x",
    b"active=\x00",
    b"a" + b"[x]" * 2000 + b"=1",
    b"name=" + b"x" * 1_000_000,
    b"&".join(b"metadata[k%d]=v" % i for i in range(5000)),
    b"&".join(b"line_items[%d][quantity]=1" % i for i in range(3000)),
    b"limit=-1",
    b"limit=100000000000000000000000",
    b"created[gte]=abc",
    b"starting_after[x]=y",
]


def _requests() -> Iterator[tuple[str, str, bytes, str]]:
    for method, path in ROUTES:
        for body in HOSTILE_BODIES:
            if method == "GET" and len(body) > MAX_QUERY:
                continue  # longer than any URL an HTTP client sends
            yield method, path, body, "application/x-www-form-urlencoded"
        yield method, path, b'{"name": "x"}', "application/json"
        yield (
            method,
            path,
            b"--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--",
            ("multipart/form-data; boundary=b"),
        )


def _send(
    http: httpx.Client, base: str, method: str, path: str, body: bytes, content_type: str
) -> httpx.Response:
    if method == "GET":
        query = quote(body, safe="=&[]%")
        return http.request(method, f"{base}{path}?{query}")
    return http.request(
        method, f"{base}{path}", content=body, headers={"Content-Type": content_type}
    )


def test_hostile_requests_get_4xx_never_5xx(emulator: EmulatorProcess) -> None:
    failures = []
    auth = {"Authorization": f"Bearer {emulator.api_key}"}
    with httpx.Client(headers=auth, timeout=60) as http:
        for method, path, body, content_type in _requests():
            try:
                response = _send(http, emulator.base_url, method, path, body, content_type)
            except httpx.TransportError as error:  # a dropped connection is no answer at all
                failures.append(f"{method} {path} {body[:80]!r}: {error!r}")
                continue
            if response.status_code >= 500:
                failures.append(f"{method} {path} {body[:80]!r}: {response.text[:200]}")
    print(f"\nhostile requests: {len(list(_requests()))} sent, {len(failures)} answered 5xx")
    assert failures == [], "\n".join(failures)


_KEY = st.text(alphabet="ab[]%0xé\x00 ", min_size=1, max_size=12)
_VALUE = st.text(max_size=20)
_BODY = st.lists(st.tuples(_KEY, _VALUE), max_size=6).map(
    lambda pairs: "&".join(f"{k}={v}" for k, v in pairs).encode("utf-8", "surrogatepass")
)


@pytest.mark.parametrize("method,path", ROUTES)
def test_random_bodies_never_5xx(emulator: EmulatorProcess, method: str, path: str) -> None:
    auth = {"Authorization": f"Bearer {emulator.api_key}"}
    with httpx.Client(headers=auth, timeout=30) as http:

        @settings(
            max_examples=25,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(_BODY)
        def check(body: bytes) -> None:
            response = _send(
                http, emulator.base_url, method, path, body, "application/x-www-form-urlencoded"
            )
            assert response.status_code < 500, f"{body!r}: {response.text[:300]}"

        check()
