"""Stripe promotion codes: never deleted (deactivated), re-added ones reactivated, and a code
Stripe can't change is replaced *after* the old one is deactivated.

Two active promotion codes can't share a ``code`` (regardless of case), so a replacement that
keeps the text (another coupon, other restrictions or limits) runs delete-before-replace: the old
code stops working, then the new one with the same ``code`` is created. A replacement with new
text creates the new code first, so if Stripe refuses it (the text is taken), the old one keeps
working.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import pulumi
import stripe
from pulumi.dynamic import DiffResult

from schemas.unknown import is_unknown

from .base import StripeResourceProvider
from .coupon import fixed_fields_match
from .errors import StripeCallError
from .ownership import owner_of
from .resource import StripeResource
from .stripe_client import StripeObject

__all__ = ["PromotionCode", "PromotionCodeArgs", "PromotionCodeProvider"]

PromotionCodeArgs = Mapping[str, Any]
"""Inputs of a `PromotionCode`: the fields of `schemas.PromotionCodeSpec` with
``promotion.coupon`` as the coupon's Stripe id, plus ``key`` and ``scope``."""


class PromotionCodeProvider(StripeResourceProvider):
    """Lifecycle of a Stripe promotion code (see `StripeResourceProvider`)."""

    kind = "promotion_code"
    defaults: ClassVar[Mapping[str, Any]] = {"active": True}

    def normalize(self, declared: dict[str, Any]) -> dict[str, Any]:
        """Lower-case the minimum amount's currency, as Stripe reports it."""
        restrictions = declared.get("restrictions")
        if isinstance(restrictions, Mapping):
            currency = restrictions.get("minimum_amount_currency")
            if isinstance(currency, str):
                declared["restrictions"] = {
                    **restrictions,
                    "minimum_amount_currency": currency.lower(),
                }
        return declared

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """As the base, but a replacement keeping the text deactivates the old code before
        creating the new (one with new text is created first: nothing is lost if it fails)."""
        result = super().diff(_id, olds, news)
        return DiffResult(
            changes=result.changes,
            replaces=result.replaces,
            delete_before_replace=bool(result.replaces) and not _new_text(olds, news),
        )

    def replacing_fields(
        self, olds: Mapping[str, Any], declared: Mapping[str, Any], changed: list[str]
    ) -> list[str]:
        """Every restriction the catalog offers is fixed at creation: a change replaces."""
        replaces = super().replacing_fields(olds, declared, changed)
        if "restrictions" in changed:
            replaces.append("restrictions")
        return sorted(replaces)

    def update_params(
        self, id_: str, old: Mapping[str, Any], declared: Mapping[str, Any], fields: list[str]
    ) -> dict[str, Any]:
        """Never sends ``restrictions`` (the parts the update takes are not offered)."""
        return super().update_params(id_, old, declared, [f for f in fields if f != "restrictions"])

    def adoptable(self, declared: Mapping[str, Any], code: Mapping[str, Any]) -> bool:
        """An owned code (reactivated if need be) with the same code, coupon and fixed fields.

        The text must match exactly: Stripe matches codes regardless of case at checkout but keeps
        the text as written, so adopting ``WELCOME15`` for ``Welcome15`` would leave Stripe's text
        differing from the catalog's (a replacement again after every refresh)."""
        if str(code.get("code", "")) != str(declared.get("code", "")):
            return False
        fixed = self.fields.fixed - {"code"}
        if not fixed_fields_match(fixed, declared, code, {}):
            return False
        wanted = declared.get("restrictions") or {}
        actual = code.get("restrictions") or {}
        return all(
            (wanted.get(part) or None) == (actual.get(part) or None)
            for part in ("first_time_transaction", "minimum_amount", "minimum_amount_currency")
        )

    def create_new(self, declared: Mapping[str, Any], params: dict[str, Any]) -> StripeObject:
        """Create, after refusing a code another stack (or the Dashboard) holds active."""
        self._refuse_code_in_use(declared)
        return super().create_new(declared, params)

    def _refuse_code_in_use(self, declared: Mapping[str, Any]) -> None:
        """Two active codes can't share a ``code`` on one account: when another stack (or the
        Dashboard) holds it, say whose it is and what to change, instead of Stripe's bare 400.
        Checked against the adoption index (one listing per process, shared with adoption)."""
        code = str(declared.get("code", "")).upper()
        holder = self.adoption_index().find(
            lambda other: bool(other.get("active")) and str(other.get("code", "")).upper() == code
        )
        if holder is None:
            return
        scope, key = self.identity(declared)
        owner = owner_of(holder)
        if owner is not None and owner[0] == scope:
            # This stack's own code under another key: the catalog entry was renamed, and the
            # engine creates the new resource before it retires the old one.
            raise StripeCallError(
                f"{self.action('create', declared)} failed: code '{declared.get('code')}' is "
                f"active in this stack's promotion code {holder['id']}, declared under the key "
                f"'{owner[1]}' until now (two active codes can't share a code): keep the key "
                f"'{owner[1]}', or deploy once without the entry (which deactivates it) and then "
                f"add it as '{key}'."
            )
        held_by = (
            f"the stack with paylinks:scope '{owner[0]}'"
            if owner is not None
            else "an object paylinks does not manage"
        )
        raise StripeCallError(
            f"{self.action('create', declared)} failed: code '{declared.get('code')}' is active "
            f"on this Stripe account in promotion code {holder['id']} of {held_by}, and two active "
            f"codes can't share a code. Give this stack its own code in its paylinks:overrides "
            f"(promotion_codes: {{{key}: {{code: ...}}}}), or deactivate the other code."
        )

    def retire(self, id_: str, outputs: Mapping[str, Any]) -> None:
        """Deactivate the code (Stripe has no delete); gone is fine."""
        self.deactivate(id_, outputs)

    def service(self, client: stripe.StripeClient) -> Any:
        return client.v1.promotion_codes


def _new_text(olds: Mapping[str, Any], news: Mapping[str, Any]) -> bool:
    """Whether the new code's text is known and differs from the old one's, regardless of case
    (then both can be active at once)."""
    old, new = olds.get("code"), news.get("code")
    if not isinstance(old, str) or not isinstance(new, str) or is_unknown(new):
        return False
    return old.upper() != new.upper()


class PromotionCode(StripeResource, module="paylinks", name="PromotionCode"):
    """A Stripe promotion code managed by paylinks; customers type its ``code`` at checkout."""

    provider_class = PromotionCodeProvider
    initial_outputs: ClassVar[Mapping[str, Any]] = {"active": True}

    active: pulumi.Output[bool]
    """False once deactivated (removed from the catalog, or out of band)."""
