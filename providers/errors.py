"""Errors a user sees when a Stripe call fails: one line, what failed, never a secret."""

from __future__ import annotations

from typing import Any

import stripe

from .secrets import scrub_secrets

__all__ = [
    "ConfigurationError",
    "InputError",
    "PaylinksError",
    "StateDriftError",
    "StripeCallError",
]


class PaylinksError(Exception):
    """A problem the user can act on, told in one line that never holds a secret.

    Every message meant for a user is one of these (never a bare built-in exception): the
    provider server reports them as their message alone (`dynamic_server.report_user_errors`),
    while any other exception is a bug and keeps its traceback.
    """

    def __init__(self, message: str) -> None:
        super().__init__(scrub_secrets(message))


class ConfigurationError(PaylinksError):
    """The Stripe settings are missing, malformed or unsafe (a live key on a test stack), or the
    state belongs to another Stripe than this run's: said before any request."""


class InputError(PaylinksError):
    """A resource's inputs can't describe a Stripe object (only possible when a program
    declares paylinks resources directly, since `check` refuses such inputs at preview)."""


class StateDriftError(PaylinksError):
    """Stripe no longer matches the stack's state in a way only `pulumi refresh` reconciles."""


class StripeCallError(PaylinksError):
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
        super().__init__(message)
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
