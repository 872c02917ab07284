"""Catalog model of a Stripe webhook endpoint: where Stripe reports completed checkouts."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from schemas.base import EVENT_PATTERN, Metadata, StripeModel
from schemas.lifecycle import FIXED, UPDATABLE, UPDATE_ONLY
from schemas.rules import check_webhook_endpoint

__all__ = ["EventName", "WebhookEndpointSpec"]

EventName = Annotated[str, Field(pattern=EVENT_PATTERN)]
"""A Stripe event type such as ``checkout.session.completed``, or ``*`` for all events."""


class WebhookEndpointSpec(StripeModel):
    """A Stripe webhook endpoint (``POST /v1/webhook_endpoints``); its secret is an output."""

    url: Annotated[str, Field(min_length=1, max_length=5000), UPDATABLE]
    """Where Stripe POSTs events: https (http only for localhost)."""
    enabled_events: Annotated[list[EventName], UPDATABLE]
    """Events to receive (at least one). With delayed payment methods listen to
    ``checkout.session.async_payment_succeeded`` and ``..._failed`` too."""
    description: Annotated[str | None, UPDATABLE] = None
    """What this endpoint is for."""
    disabled: Annotated[bool | None, UPDATE_ONLY] = None
    """Pause deliveries without deleting the endpoint."""
    metadata: Annotated[Metadata | None, UPDATABLE] = None
    """Your own key/value data, stored on the endpoint."""
    api_version: Annotated[
        Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$")] | None, FIXED
    ] = None
    """API version of the event payloads (``2025-07-30.basil``); default: the account's."""

    rules = check_webhook_endpoint
