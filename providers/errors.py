"""Errors a user sees when a Stripe call fails: one line, what failed, never a secret."""

from __future__ import annotations

import re
from typing import Any

import stripe

__all__ = ["ConfigurationError", "StripeCallError", "scrub_secrets"]

_SECRET_PATTERN = re.compile(r"\b((?:sk|rk|pk)_(?:test|live)_|whsec_)[A-Za-z0-9_*]+")


def scrub_secrets(text: str) -> str:
    """Replace anything shaped like a Stripe API key or webhook secret with a redacted marker.

    Stripe's own messages can echo a key ("Invalid API Key provided: sk_test_...") and error text
    ends up in Pulumi's logs and CI output, so every message leaving this package goes through here.
    """
    return _SECRET_PATTERN.sub(lambda match: f"{match.group(1)}[redacted]", text)


class ConfigurationError(Exception):
    """The Stripe settings are missing, malformed or unsafe (a live key on a test stack), or the
    state belongs to another Stripe than this run's: said before any request."""

    def __init__(self, message: str) -> None:
        super().__init__(scrub_secrets(message))


class StripeCallError(Exception):
    """A Stripe request that failed for good (after retries), described in one scrubbed line."""

    http_status: int | None
    """HTTP status Stripe answered with; None for connection failures."""
    code: str | None
    """Stripe's machine-readable error code (``resource_missing``, ``idempotency_error``...)."""
    param: str | None
    """The request parameter Stripe blamed, when it named one."""

    def __init__(
        self,
        message: str,
        *,
        http_status: int | None = None,
        code: str | None = None,
        param: str | None = None,
    ) -> None:
        super().__init__(scrub_secrets(message))
        self.http_status = http_status
        self.code = code
        self.param = param

    @property
    def is_missing(self) -> bool:
        """True when the object does not exist (any more): Stripe answered 404."""
        return self.http_status == 404

    @classmethod
    def from_stripe(cls, action: str, error: stripe.StripeError) -> StripeCallError:
        """Describe `error` as ``<action> failed: <message> (param: x, HTTP 400, code)``."""
        body: Any = error.json_body if isinstance(error.json_body, dict) else {}
        details = body.get("error", {}) if isinstance(body.get("error"), dict) else {}
        message = str(details.get("message") or error.user_message or type(error).__name__)
        param = details.get("param") or getattr(error, "param", None)
        code = details.get("code") or error.code
        status = error.http_status
        facts = [f"param: {param}" if param else "", f"HTTP {status}" if status else "", code or ""]
        suffix = ", ".join(fact for fact in facts if fact)
        text = f"{action} failed: {message.strip()}" + (f" ({suffix})" if suffix else "")
        return cls(" ".join(text.split()), http_status=status, code=code, param=param)
