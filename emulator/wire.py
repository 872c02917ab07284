"""Wire-protocol helpers shared by the HTTP layer: reading params, API keys, JSON responses."""

from __future__ import annotations

import base64
import binascii
import json
import secrets
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import Response

from emulator.exceptions import AuthenticationError, StripeError
from emulator.forms import FormValue, decode_form

__all__ = ["api_key", "decode_params", "error_response", "json_response", "new_request_id"]


def new_request_id() -> str:
    """A Stripe-looking `Request-Id`."""
    return "req_" + secrets.token_hex(7)


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """A JSON answer with the headers Stripe always sends."""
    return Response(
        json.dumps(body),
        status_code=status,
        media_type="application/json",
        headers={"Request-Id": new_request_id(), **(headers or {})},
    )


def error_response(error: StripeError) -> Response:
    """A Stripe-shaped error answer (naming the refusing `emulator.rules` rule in a header)."""
    response = json_response(error.body(), error.status)
    if error.rule is not None:
        response.headers["Emulator-Rule"] = error.rule
    return response


def decode_params(query: bytes | str, body: bytes) -> dict[str, FormValue]:
    """Query string and form body merged into one nested params dict (body wins)."""
    text = query.decode("latin-1") if isinstance(query, bytes) else query
    pairs = parse_qsl(text, keep_blank_values=True)
    if body:
        pairs += parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
    return decode_form(pairs)


def _mask(key: str) -> str:
    return key[:8] + "*" * max(0, len(key) - 12) + key[-4:] if len(key) > 12 else key[:4] + "***"


def api_key(request: Request) -> str:
    """The test-mode key from `Authorization: Bearer ...` (or Basic, as curl -u sends it)."""
    header = request.headers.get("authorization", "")
    scheme, _, credentials = header.partition(" ")
    key = ""
    if scheme.lower() == "bearer":
        key = credentials.strip()
    elif scheme.lower() == "basic":
        try:
            key = base64.b64decode(credentials).decode().partition(":")[0]
        except (binascii.Error, UnicodeDecodeError):
            key = ""
    if not key:
        raise AuthenticationError(
            "You did not provide an API key. You need to provide your API key in the "
            "Authorization header, using Bearer auth (e.g. 'Authorization: Bearer "
            "YOUR_SECRET_KEY').",
        )
    if key.startswith(("sk_live_", "rk_live_")):
        raise AuthenticationError(
            "This is the local Stripe emulator: it only accepts test-mode keys (sk_test_... or "
            "rk_test_...). A live-mode key was provided; never send live keys here.",
        )
    if not key.startswith(("sk_test_", "rk_test_")) or len(key) <= len("sk_test_"):
        raise AuthenticationError(f"Invalid API Key provided: {_mask(key)}")
    return key
