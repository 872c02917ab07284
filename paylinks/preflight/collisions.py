"""Which of a stack's claims another object of its Stripe account already holds, and the fix.

Mirrors what the providers would refuse during `pulumi up` (`providers/price.py`,
`promotion_code.py`, `entitlement_feature.py`), so the pre-flight stops exactly the runs that
would stop partway:

- a price lookup key held by a price of another stack (``paylinks_scope``). A price paylinks
  doesn't manage gives its key up (``transfer_lookup_key``, as the README says), so it is no
  collision;
- a code active in a promotion code of another stack or one paylinks doesn't manage (Stripe
  refuses a second active code with the same text, whatever the case);
- a feature lookup key held by an active feature of another stack or one paylinks doesn't manage
  (Stripe refuses a second active feature with the key).

Objects of the stack's own scope are its own (adoption, ``transfer_lookup_key``), except a code
or feature its catalog now declares under another key (a renamed entry): the new entry would be
created while the old one still holds the value. Pure logic.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from paylinks.preflight.claims import Claim
from providers.ownership import owner_of
from schemas.kinds import KINDS

__all__ = ["Collision", "find_collisions", "held_value"]

@dataclass(frozen=True)
class Collision:
    """A claim of this stack that another object of the account holds."""

    claim: Claim
    holder_id: str
    holder_scope: str | None
    """The other stack's ``paylinks:scope``; None for an object paylinks doesn't manage."""
    message: str
    """One line: where, what, who holds it, the fix."""


def held_value(kind: str, stripe_object: Mapping[str, Any]) -> str | None:
    """The unique value `stripe_object` holds right now, normalised for comparison (codes in
    upper case); None when it holds none (no key, an inactive code, an archived feature)."""
    if kind == "price":
        value = stripe_object.get("lookup_key")
        return str(value) if value else None
    if not stripe_object.get("active"):
        return None
    if kind == "promotion_code":
        return str(stripe_object.get("code") or "").upper() or None
    value = stripe_object.get("lookup_key")
    return str(value) if value else None


def _claimed(claim: Claim) -> str:
    return claim.value.upper() if claim.kind == "promotion_code" else claim.value


def _own_code_text(code: str, scope: str) -> str:
    return f"{code}-{re.sub(r'[^A-Za-z0-9-]+', '-', scope).strip('-').upper() or 'STAGING'}"


def _fix(claim: Claim, scope: str, prefix: str, stack_file: str, unmanaged: bool) -> str:
    if claim.kind == "promotion_code":
        fix = (
            f"give this stack its own code in {stack_file} under paylinks:overrides "
            f"(promotion_codes: {{{claim.key}: {{code: {_own_code_text(claim.value, scope)}}}}})"
        )
        return fix + ", or deactivate the other code"
    if prefix and not unmanaged:
        return (
            f"another stack uses the same prefix: set another paylinks:lookupKeyPrefix than "
            f"'{prefix}' in {stack_file}"
        )
    if prefix:
        other = f"set another paylinks:lookupKeyPrefix than '{prefix}' in {stack_file}"
    else:
        other = (
            f"set paylinks:lookupKeyPrefix in {stack_file} (e.g. '{scope}:'; its apps then look "
            "up the prefixed key)"
        )
    if unmanaged:  # no stack holds it: made by hand, so the prefix is not "another stack's"
        return f"archive that feature (Stripe can't move a feature's lookup key), or {other}"
    return other


def _message(claim: Claim, holder: Mapping[str, Any], owner_scope: str | None, fix: str) -> str:
    word = KINDS[claim.kind].label
    held_by = (
        f"{word} {holder['id']} of the stack with paylinks:scope '{owner_scope}'"
        if owner_scope is not None
        else f"an object paylinks doesn't manage: {holder['id']}"
    )
    if claim.kind == "promotion_code":
        what = f"code '{claim.value}' is active on this Stripe account in {held_by}"
        rule = "two active codes can't share a code, whatever the case"
    else:
        what = f"lookup key '{claim.value}' is held on this Stripe account by {held_by}"
        rule = "lookup keys are unique per account"
    return f"{claim.where}: {what} ({rule}): {fix}."


def _renamed_message(claim: Claim, holder: Mapping[str, Any], old_key: str) -> str:
    """This stack's own code or feature holds the value under another catalog key (the entry was
    renamed): Stripe can't hand an active code or feature key to a new object, and the engine
    creates the new entry before it retires the old one."""
    word = KINDS[claim.kind].label
    if claim.kind == "promotion_code":
        what = f"code '{claim.value}' is active in this stack's {word} {holder['id']}"
        retire = "deactivates"
    else:
        what = f"lookup key '{claim.value}' is held by this stack's {word} {holder['id']}"
        retire = "archives"
    return (
        f"{claim.where}: {what}, declared under the key '{old_key}' until now (Stripe can't give "
        f"it to a new object while that one holds it): keep the key '{old_key}', or deploy once "
        f"without the entry (which {retire} it) and then add it as '{claim.key}'."
    )


def find_collisions(
    claims: Iterable[Claim],
    holders: Mapping[str, Iterable[Mapping[str, Any]]],
    scope: str,
    lookup_key_prefix: str,
    stack_file: str,
) -> list[Collision]:
    """The claims held by an object that isn't this stack's, in claim order.

    `holders` are the Stripe objects found per kind (``price``, ``promotion_code``,
    ``entitlement_feature``), as plain dicts; any other object in them is ignored.
    """
    by_value: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for kind, objects in holders.items():
        for stripe_object in objects:
            value = held_value(kind, stripe_object)
            if value is not None:
                by_value.setdefault((kind, value), []).append(stripe_object)
    collisions = []
    for claim in claims:
        for holder in by_value.get((claim.kind, _claimed(claim)), []):
            owner = owner_of(holder)
            owner_scope = owner[0] if owner is not None else None
            if owner is not None and owner_scope == scope and claim.kind != "price":
                if owner[1] == claim.key:
                    continue
                message = _renamed_message(claim, holder, owner[1])
                collisions.append(Collision(claim, str(holder["id"]), owner_scope, message))
                break
            if owner_scope == scope or (owner is None and claim.kind == "price"):
                continue
            fix = _fix(claim, scope, lookup_key_prefix, stack_file, unmanaged=owner is None)
            message = _message(claim, holder, owner_scope, fix)
            collisions.append(Collision(claim, str(holder["id"]), owner_scope, message))
            break
    return collisions
