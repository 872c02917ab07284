"""Which claims another object of the account holds: the rules `pulumi up` would refuse by."""

from __future__ import annotations

from typing import Any

import pytest

from paylinks.preflight.claims import Claim
from paylinks.preflight.collisions import find_collisions

STACK_FILE = "stacks/Pulumi.staging.yaml"
PRICE = Claim("price", "club", "club_monthly", "stacks/catalog.yaml", 54,
              "prices.club.lookup_key")
CODE = Claim("promotion_code", "welcome15", "WELCOME15", "stacks/catalog.yaml", 70,
             "promotion_codes.welcome15.code")
FEATURE = Claim("entitlement_feature", "early", "early_access", "stacks/catalog.yaml", 10,
                "entitlement_features.early.lookup_key")


def owned(scope: str | None, key: str = "k", **fields: Any) -> dict[str, Any]:
    metadata = {"paylinks_scope": scope, "paylinks_key": key} if scope else {}
    return {"metadata": metadata, **fields}


def collide(claim: Claim, kind: str, holder: dict[str, Any], prefix: str = "") -> list[str]:
    found = find_collisions([claim], {kind: [holder]}, "staging", prefix, STACK_FILE)
    return [collision.message for collision in found]


def test_a_price_key_of_another_stack_names_line_holder_and_prefix_fix() -> None:
    holder = owned("dev", id="price_1", lookup_key="club_monthly", active=True)
    assert collide(PRICE, "price", holder) == [
        "stacks/catalog.yaml:54: prices.club.lookup_key: lookup key 'club_monthly' is held on "
        "this Stripe account by price price_1 of the stack with paylinks:scope 'dev' (lookup "
        "keys are unique per account): set paylinks:lookupKeyPrefix in "
        "stacks/Pulumi.staging.yaml (e.g. 'staging:'; its apps then look up the prefixed key)."
    ]


def test_an_archived_price_still_holds_its_key() -> None:
    holder = owned("dev", id="price_1", lookup_key="club_monthly", active=False)
    assert collide(PRICE, "price", holder)


def test_with_a_prefix_already_set_the_fix_is_another_prefix() -> None:
    claim = Claim("price", "club", "dev:club_monthly", "c.yaml", 1, "prices.club.lookup_key")
    holder = owned("dev", id="price_1", lookup_key="dev:club_monthly")
    (message,) = collide(claim, "price", holder, prefix="dev:")
    assert "set another paylinks:lookupKeyPrefix than 'dev:' in stacks/Pulumi.staging.yaml" in (
        message
    )


@pytest.mark.parametrize(
    ("claim", "kind", "holder"),
    [
        (PRICE, "price", {"id": "price_1", "lookup_key": "club_monthly", "metadata": {}}),
        (PRICE, "price", owned("staging", id="price_1", lookup_key="club_monthly")),
        (CODE, "promotion_code",
         owned("staging", "welcome15", id="promo_1", code="welcome15", active=True)),
        (CODE, "promotion_code", owned("dev", id="promo_1", code="WELCOME15", active=False)),
        (FEATURE, "entitlement_feature",
         owned("staging", "early", id="feat_1", lookup_key="early_access", active=True)),
        (FEATURE, "entitlement_feature",
         owned("dev", id="feat_1", lookup_key="early_access", active=False)),
        (CODE, "price", owned("dev", id="price_1", lookup_key="WELCOME15")),
    ],
    ids=[
        "unmanaged-price-gives-its-key-up",
        "own-price",
        "own-code",
        "inactive-code",
        "own-feature",
        "archived-feature",
        "another-kind",
    ],
)
def test_what_the_up_takes_over_or_ignores_is_no_collision(
    claim: Claim, kind: str, holder: dict[str, Any]
) -> None:
    assert collide(claim, kind, holder) == []


def test_an_active_code_of_another_stack_matches_whatever_the_case() -> None:
    holder = owned("dev", id="promo_1", code="welcome15", active=True)
    (message,) = collide(CODE, "promotion_code", holder)
    assert message.startswith("stacks/catalog.yaml:70: promotion_codes.welcome15.code: code ")
    assert "in promotion code promo_1 of the stack with paylinks:scope 'dev'" in message
    assert (
        "give this stack its own code in stacks/Pulumi.staging.yaml under paylinks:overrides "
        "(promotion_codes: {welcome15: {code: WELCOME15-STAGING}}), or deactivate the other code."
    ) in message


def test_objects_paylinks_does_not_manage_block_codes_and_features() -> None:
    code = collide(CODE, "promotion_code", {"id": "promo_9", "code": "WELCOME15",
                                            "active": True, "metadata": {}})
    assert code and "an object paylinks doesn't manage: promo_9" in code[0]
    feature = collide(FEATURE, "entitlement_feature", {"id": "feat_9", "active": True,
                                                       "lookup_key": "early_access"})
    assert feature and "an object paylinks doesn't manage: feat_9" in feature[0]
    assert feature[0].endswith(
        "archive that feature (Stripe can't move a feature's lookup key), or set "
        "paylinks:lookupKeyPrefix in stacks/Pulumi.staging.yaml (e.g. 'staging:'; its apps then "
        "look up the prefixed key)."
    )


def test_a_hand_made_feature_holding_the_prefixed_key_is_not_called_another_stacks() -> None:
    # It said "another stack uses the same prefix" of a feature made in the Dashboard.
    feature = collide(FEATURE, "entitlement_feature", {"id": "feat_9", "active": True,
                                                       "lookup_key": FEATURE.value}, "staging:")
    assert feature and "another stack" not in feature[0]
    assert feature[0].endswith(
        "archive that feature (Stripe can't move a feature's lookup key), or set another "
        "paylinks:lookupKeyPrefix than 'staging:' in stacks/Pulumi.staging.yaml."
    )


def test_a_code_or_feature_this_stack_holds_under_its_old_key_is_a_renamed_entry() -> None:
    # Renaming `welcome15` to `welcome` (same code) stopped `pulumi up` partway: the new code was
    # created while the old one, retired only after, still held the text.
    (code,) = collide(CODE, "promotion_code",
                      owned("staging", "welcome", id="promo_1", code="WELCOME15", active=True))
    assert code == (
        "stacks/catalog.yaml:70: promotion_codes.welcome15.code: code 'WELCOME15' is active in "
        "this stack's promotion code promo_1, declared under the key 'welcome' until now (Stripe "
        "can't give it to a new object while that one holds it): keep the key 'welcome', or "
        "deploy once without the entry (which deactivates it) and then add it as 'welcome15'."
    )
    (feature,) = collide(FEATURE, "entitlement_feature",
                         owned("staging", "early-access", id="feat_1", lookup_key="early_access",
                               active=True))
    assert "held by this stack's entitlement feature feat_1, declared under the key " in feature
    assert feature.endswith("(which archives it) and then add it as 'early'.")
    price = owned("staging", "club-old", id="price_1", lookup_key="club_monthly", active=True)
    assert collide(PRICE, "price", price) == [], "a price's key moves (transfer_lookup_key)"


def test_every_collision_is_reported_once_in_claim_order() -> None:
    holders = {
        "price": [owned("dev", id="price_1", lookup_key="club_monthly"),
                  owned("prod", id="price_2", lookup_key="club_monthly")],
        "promotion_code": [owned("dev", id="promo_1", code="WELCOME15", active=True)],
        "entitlement_feature": [owned("dev", id="feat_1", lookup_key="early_access",
                                      active=True)],
    }
    found = find_collisions([FEATURE, PRICE, CODE], holders, "staging", "", STACK_FILE)
    assert [(c.claim.key, c.holder_id) for c in found] == [
        ("early", "feat_1"), ("club", "price_1"), ("welcome15", "promo_1")
    ]
