"""Replay recorded Stripe API requests against stripe-mock (Stripe's schema oracle).

Input: the emulator's request log entries `{"method", "path", "params"}` (params as decoded
form values). Output: the requests stripe-mock refuses as schema-invalid. Used to prove that
every request the providers send is one real Stripe would accept:

    errors = schema_errors(emulator.requests(), stripe_mock.base_url)
    assert errors == [], errors
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from emulator.forms import encode_form

__all__ = ["ReplayResult", "replay", "replay_one", "schema_errors"]


@dataclass(frozen=True)
class ReplayResult:
    """One request as stripe-mock answered it."""

    method: str
    path: str
    params: Mapping[str, Any]
    status: int
    body: Any

    @property
    def schema_error(self) -> str | None:
        """stripe-mock's validation message when it refused the request, else None."""
        if self.status < 400 or not isinstance(self.body, dict):
            return None
        return str(self.body.get("error", {}).get("message", self.body))

    def __str__(self) -> str:
        return f"{self.method} {self.path} {dict(self.params)} -> {self.status} {self.schema_error}"


def replay_one(
    http: httpx.Client, base_url: str, method: str, path: str, params: Mapping[str, Any]
) -> ReplayResult:
    """Send one request, form-encoded the way stripe-python encodes it."""
    encoded = encode_form(params)
    url = f"{base_url}{path}"
    if method in ("GET", "DELETE"):
        response = http.request(method, f"{url}?{encoded}" if encoded else url)
    else:
        response = http.request(
            method,
            url,
            content=encoded,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    try:
        body = response.json()
    except ValueError:
        body = response.text
    return ReplayResult(method, path, params, response.status_code, body)


def replay(
    requests: Iterable[Mapping[str, Any]], base_url: str, api_key: str = "sk_test_123"
) -> list[ReplayResult]:
    """Replay every Stripe API request (`/v1/...`) of a request log against `base_url`."""
    with httpx.Client(headers={"Authorization": f"Bearer {api_key}"}, timeout=30) as http:
        return [
            replay_one(http, base_url, r["method"], r["path"], r.get("params") or {})
            for r in requests
            if str(r["path"]).startswith("/v1/")
        ]


def schema_errors(
    requests: Iterable[Mapping[str, Any]], base_url: str, api_key: str = "sk_test_123"
) -> list[ReplayResult]:
    """The replayed requests that stripe-mock refused (400: not what Stripe's API accepts).
    stripe-mock's 404 for paths it lacks also counts: Stripe has no such endpoint."""
    return [r for r in replay(requests, base_url, api_key) if r.status >= 400]
