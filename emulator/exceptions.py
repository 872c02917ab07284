"""Stripe-shaped errors, in one place: `{"error": {type, code, message, param}}` plus a status."""

from __future__ import annotations

from typing import Any

__all__ = [
    "ApiError",
    "AuthenticationError",
    "IdempotencyError",
    "InvalidRequestError",
    "ParamError",
    "RateLimitError",
    "ResourceMissing",
    "StripeError",
]


class StripeError(Exception):
    """An error Stripe would answer with; `body()` is the exact JSON the client receives."""

    status: int = 400
    type: str = "invalid_request_error"
    rule: str | None = None
    """Id of the `emulator.rules` rule that refused the request, if a business rule did."""

    def __init__(
        self,
        message: str,
        *,
        param: str | None = None,
        code: str | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.param = param
        self.code = code
        if status is not None:
            self.status = status

    def body(self) -> dict[str, Any]:
        """The JSON body Stripe sends for this error (only the keys Stripe sets)."""
        error: dict[str, Any] = {"type": self.type, "message": self.message}
        if self.code:
            error["code"] = self.code
            error["doc_url"] = f"https://stripe.com/docs/error-codes/{self.code.replace('_', '-')}"
        if self.param:
            error["param"] = self.param
        return {"error": error}


class InvalidRequestError(StripeError):
    """A 400 for a request Stripe refuses: a business rule, an illegal change."""


class ParamError(InvalidRequestError):
    """A 400 from parameter validation (unknown, ill-typed, missing); never saved for idempotency,
    as Stripe only saves results once an endpoint has started executing.

    `code` is one of Stripe's error codes (``parameter_unknown``, ``parameter_missing``,
    ``parameter_invalid_empty``, ``parameter_invalid_integer``...) or None where Stripe sends
    none (an out-of-list enum value, a string too long, a hash where a string goes)."""

    def __init__(self, message: str, *, param: str | None = None, code: str | None = None) -> None:
        super().__init__(message, param=param, code=code)


class ResourceMissing(InvalidRequestError):
    """A 404 for an id that does not exist."""

    status = 404

    def __init__(self, kind: str, object_id: str, *, param: str = "id") -> None:
        super().__init__(f"No such {kind}: '{object_id}'", param=param, code="resource_missing")


class AuthenticationError(StripeError):
    """A 401: missing, malformed, unknown or live-mode API key."""

    status = 401


class IdempotencyError(StripeError):
    """A 400: an Idempotency-Key reused with different parameters."""

    type = "idempotency_error"


class RateLimitError(StripeError):
    """A 429 as Stripe sends when the request rate is exceeded."""

    status = 429

    def __init__(self) -> None:
        super().__init__(
            "Request rate limit exceeded. You can learn more about rate limits here "
            "https://stripe.com/docs/rate-limits.",
            code="rate_limit",
        )


class ApiError(StripeError):
    """A 500: something went wrong on Stripe's side (here: injected faults)."""

    status = 500
    type = "api_error"
