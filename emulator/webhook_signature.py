"""Stripe's webhook signature: `Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret,
"<t>.<raw body>")>`, so receivers verify emulator events with `stripe.Webhook.construct_event`
exactly as they verify Stripe's."""

from __future__ import annotations

import hashlib
import hmac
import time

__all__ = ["signature_header"]


def signature_header(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    """The `Stripe-Signature` value for `payload` signed with an endpoint's `whsec_` secret."""
    stamp = int(time.time()) if timestamp is None else timestamp
    signed = f"{stamp}.".encode() + payload
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={stamp},v1={digest}"
