"""Pre-flight against a stack's Stripe: the account-wide unique values (price and feature lookup
keys, active promotion codes) that another stack or object already holds, found with read-only
list requests before `pulumi up` would stop partway on them."""

from paylinks.preflight.account import AccountHolders, read_holders
from paylinks.preflight.claims import Claim, declared_claims
from paylinks.preflight.collisions import Collision, find_collisions

__all__ = [
    "AccountHolders",
    "Claim",
    "Collision",
    "declared_claims",
    "find_collisions",
    "read_holders",
]
