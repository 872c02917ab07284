"""`paylinks import --adopt`: write ownership metadata so a stack adopts objects made elsewhere.

Adoption in `providers/` matches ``paylinks_scope``/``paylinks_key`` metadata (and a product's
id), so objects created in the Dashboard or by other code would otherwise be duplicated by the
first `pulumi up`. Only metadata is written: nothing a customer sees changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import stripe

from paylinks.importer.translate import Kind, Tag
from providers import stripe_client

__all__ = ["apply_tags"]

_UPDATE: dict[Kind, Callable[[stripe.StripeClient, str, dict[str, Any]], Any]] = {
    "product": lambda c, i, p: c.v1.products.update(i, params=p),  # type: ignore[arg-type]
    "price": lambda c, i, p: c.v1.prices.update(i, params=p),  # type: ignore[arg-type]
    "payment_link": lambda c, i, p: c.v1.payment_links.update(i, params=p),  # type: ignore[arg-type]
    "webhook_endpoint": lambda c, i, p: c.v1.webhook_endpoints.update(i, params=p),  # type: ignore[arg-type]
}


def apply_tags(tags: list[Tag], scope: str, report: Callable[[str], None]) -> None:
    """Tag each object (one metadata update each), reporting every tag as it is written."""
    for tag in tags:
        label = tag.kind.replace("_", " ")
        params = {"metadata": tag.metadata(scope)}
        stripe_client.call(
            f"tag {label} {tag.stripe_id}",
            lambda client, t=tag, p=params: _UPDATE[t.kind](client, t.stripe_id, p),  # type: ignore[misc]
        )
        report(f"tagged {label} {tag.stripe_id} as {scope}/{tag.key}")
