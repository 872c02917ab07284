"""Stripe's list of error codes, from the pinned stripe-mock release.

The public spec (``spec3.json``) types ``error.code`` as a free string; the SDK spec embedded
beside it (``spec3.beta.sdk.json``, same API version plus previews) carries the enum Stripe's
SDKs are generated from. Read at test time from the Go module cache, never committed.
"""

from __future__ import annotations

import functools
import json

from tests.stripe_spec import spec_path

__all__ = ["doc_url", "stripe_error_codes"]


@functools.cache
def stripe_error_codes() -> frozenset[str]:
    """Every error code Stripe documents (``parameter_unknown``, ``resource_missing``...)."""
    sdk_spec = spec_path().with_name("spec3.beta.sdk.json")
    schema = json.loads(sdk_spec.read_text(encoding="utf-8"))["components"]["schemas"]
    return frozenset(schema["api_errors"]["properties"]["code"]["enum"])


def doc_url(code: str) -> str:
    """The page Stripe links from an error carrying `code`."""
    return f"https://stripe.com/docs/error-codes/{code.replace('_', '-')}"
