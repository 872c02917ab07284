"""Stripe webhook endpoints: updated in place, deleted for real; the signing secret is a secret.

Stripe shows an endpoint's signing secret only in the create response, so an orphan left by a
crashed run cannot be adopted usefully. Instead create is idempotent (a re-run within 24 h gets the
same endpoint *and* its secret back) and any other endpoint owned by the same scope+key is deleted:
never a duplicate delivering the same events twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import pulumi
import stripe

from .base import StripeResourceProvider
from .ownership import IMPORTED_METADATA
from .resource import StripeResource
from .stripe_client import StripeObject

__all__ = ["WebhookEndpoint", "WebhookEndpointArgs", "WebhookEndpointProvider"]


WebhookEndpointArgs = Mapping[str, Any]
"""Inputs of a `WebhookEndpoint`: the fields of `schemas.WebhookEndpointSpec`, plus ``key`` and
``scope``. ``api_version`` is fixed at creation: a change replaces the endpoint (and its secret)."""


class WebhookEndpointProvider(StripeResourceProvider):
    """Lifecycle of a Stripe webhook endpoint (see `StripeResourceProvider`)."""

    kind = "webhook_endpoint"
    computed = frozenset({"stripe_id", "secret", "status"})
    defaults: ClassVar[Mapping[str, Any]] = {"disabled": False}

    def create_or_adopt(self, declared: Mapping[str, Any]) -> StripeObject:
        """Create idempotently, then delete other endpoints this scope+key owns (orphans).

        An endpoint marked by ``paylinks import --adopt`` is adopted instead of creating one: its
        secret is already in use outside paylinks, so replacing it would break deliveries.
        """
        scope, key = self.identity(declared)
        candidates = self.adoption_index().candidates(scope, key)
        imported = [c for c in candidates if (c.get("metadata") or {}).get(IMPORTED_METADATA)]
        if imported:
            created = imported[0]
        else:
            created = self.send_create_once(declared, self.create_params(declared))
        for orphan in candidates:
            if orphan["id"] != created["id"]:
                self.delete_for_good(orphan["id"], declared)
        converged = self.converge(created, declared)  # a replay may predate later changes
        return {**converged, "secret": created.get("secret")}

    def update_params(
        self, id_: str, old: Mapping[str, Any], declared: Mapping[str, Any], fields: list[str]
    ) -> dict[str, Any]:
        """``disabled`` must be a boolean, never the ``""`` used to unset other fields."""
        params = super().update_params(id_, old, declared, fields)
        if "disabled" in params:
            params["disabled"] = bool(declared.get("disabled", False))
        return params

    def observe(
        self, stripe_object: Mapping[str, Any], previous: Mapping[str, Any]
    ) -> StripeObject:
        """``disabled`` is reported by Stripe as ``status``."""
        observed = super().observe(
            {k: v for k, v in stripe_object.items() if k not in ("disabled", "secret")}, previous
        )
        observed["disabled"] = stripe_object.get("status") == "disabled"
        return observed

    def computed_outputs(
        self, stripe_object: Mapping[str, Any], previous: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Adds ``status`` and the signing ``secret`` (kept from creation: Stripe shows it once)."""
        return {
            "stripe_id": stripe_object["id"],
            "status": stripe_object.get("status"),
            "secret": stripe_object.get("secret") or previous.get("secret"),
        }

    def retire(self, id_: str, outputs: Mapping[str, Any]) -> None:
        """Delete the endpoint; already gone is fine."""
        self.delete_for_good(id_, outputs)

    def service(self, client: stripe.StripeClient) -> Any:
        return client.v1.webhook_endpoints


class WebhookEndpoint(StripeResource, module="paylinks", name="WebhookEndpoint"):
    """A Stripe webhook endpoint managed by paylinks; `secret` verifies event signatures."""

    provider_class = WebhookEndpointProvider
    initial_outputs: ClassVar[Mapping[str, Any]] = {"secret": None, "status": None}
    secret_outputs = ("secret",)

    secret: pulumi.Output[str]
    """The ``whsec_`` signing secret: a Pulumi secret, shown by Stripe only at creation."""
    status: pulumi.Output[str]
    """``enabled`` or ``disabled``."""
