"""Stripe's event types and API versions as accepted by webhook endpoints, so an unknown event
name is refused as Stripe refuses it. The lists live in `schemas.stripe_names`, shared with the
catalog's checks (one list of Stripe's names; each side keeps its own rules)."""

from schemas.stripe_names import API_VERSIONS, EVENT_TYPES

__all__ = ["API_VERSIONS", "EVENT_TYPES"]
