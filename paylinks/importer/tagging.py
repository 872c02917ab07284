"""`paylinks import --adopt`: write ownership metadata so a stack adopts objects made elsewhere.

Adoption in `providers/` matches ``paylinks_scope``/``paylinks_key`` metadata (and a product's
id), so objects created in the Dashboard or by other code would otherwise be duplicated by the
first `pulumi up`. Only metadata is written: nothing a customer sees changes.
"""

from __future__ import annotations

from collections.abc import Callable

from paylinks.importer.account import service
from paylinks.importer.translate import Tag
from providers import stripe_client
from schemas.kinds import KINDS

__all__ = ["apply_tags"]


def apply_tags(tags: list[Tag], scope: str, report: Callable[[str], None]) -> None:
    """Tag each object (one metadata update each), reporting every tag as it is written."""
    for tag in tags:
        label = KINDS[tag.kind].label
        params = {"metadata": tag.metadata(scope)}
        stripe_client.call(
            f"tag {label} {tag.stripe_id}",
            lambda client, t=tag, p=params: service(t.kind, client).update(  # type: ignore[misc]
                t.stripe_id, params=p
            ),
        )
        report(f"tagged {label} {tag.stripe_id} as {scope}/{tag.key}")
