"""What a catalog claims on its account: each unique value as Stripe will hold it, located."""

from __future__ import annotations

from pathlib import Path

from paylinks.preflight.claims import declared_claims
from schemas.loader import load_located_catalog

CATALOG = """\
entitlement_features:
  api: {name: API access, lookup_key: api_access}
products:
  pro: {name: Pro, features: [api]}
prices:
  pro-monthly: {product: pro, currency: eur, unit_amount: 900, lookup_key: pro_monthly}
  pro-once: {product: pro, currency: eur, unit_amount: 9000}
coupons:
  ten: {percent_off: 10, duration: once}
promotion_codes:
  welcome:
    code: Welcome10
    promotion: {type: coupon, coupon: ten}
  retired:
    code: OLD10
    promotion: {type: coupon, coupon: ten}
    active: false
"""

STACK = """\
config:
  paylinks:overrides:
    promotion_codes:
      welcome: {code: WELCOME10-STAGING}
"""


def _claims(tmp_path: Path, stack: str | None, prefix: str) -> list[tuple[str, str, str, str]]:
    (tmp_path / "catalog.yaml").write_text(CATALOG)
    stack_file = None
    if stack is not None:
        stack_file = tmp_path / "Pulumi.staging.yaml"
        stack_file.write_text(stack)
    catalog, source = load_located_catalog(tmp_path / "catalog.yaml", overrides_source=stack_file)
    return [
        (claim.kind, claim.value, claim.where.replace(str(tmp_path) + "/", ""), claim.key)
        for claim in declared_claims(catalog, source, prefix)
    ]


def test_lookup_keys_get_the_prefix_and_every_claim_names_its_line(tmp_path: Path) -> None:
    assert _claims(tmp_path, None, "staging:") == [
        ("entitlement_feature", "staging:api_access", "catalog.yaml:2: "
         "entitlement_features.api.lookup_key", "api"),
        ("price", "staging:pro_monthly", "catalog.yaml:6: prices.pro-monthly.lookup_key",
         "pro-monthly"),
        ("promotion_code", "Welcome10", "catalog.yaml:12: promotion_codes.welcome.code",
         "welcome"),
    ]


def test_an_overridden_code_is_claimed_at_the_stack_file_line(tmp_path: Path) -> None:
    claims = _claims(tmp_path, STACK, "")
    assert ("promotion_code", "WELCOME10-STAGING",
            "Pulumi.staging.yaml:4: promotion_codes.welcome.code", "welcome") in claims
    assert ("price", "pro_monthly", "catalog.yaml:6: prices.pro-monthly.lookup_key",
            "pro-monthly") in claims
