"""Coupons and promotion codes with the real CLI, as Stripe lets them live.

* A promotion code removed from the catalog is deactivated ("stops working"); re-added, the same
  Stripe object is reactivated (same id).
* A code pointed at another coupon can't change in Stripe: the old code is deactivated *before*
  the new one with the same `code` is created (two active codes can't share it).
* A coupon's name changes in place; a removed coupon is deleted.
"""

from __future__ import annotations

import pytest
import stripe

from paylinks.review import parse_plan, render_review
from tests.support.emulator import EmulatorProcess
from tests.support.fixtures import CatalogProjectFactory
from tests.support.plans import changed, plan_ops

pytestmark = pytest.mark.e2e

BASE = """
products:
  beans: {name: Beans}
prices:
  beans-bag: {product: beans, currency: eur, unit_amount: 1400}
coupons:
  summer: {percent_off: 20, duration: once, name: %(name)s}
  welcome: {amount_off: 300, currency: eur, duration: once}
payment_links:
  shop:
    line_items: [{price: beans-bag, quantity: 1}]
    allow_promotion_codes: true
"""
CODE = """promotion_codes:
  summer20:
    code: SUMMER20
    promotion: {type: coupon, coupon: %(coupon)s}
"""


def _catalog(*, code: bool = True, coupon: str = "summer", name: str = "Summer sale") -> str:
    return BASE % {"name": name} + (CODE % {"coupon": coupon} if code else "")


def test_a_removed_code_is_deactivated_and_re_adding_reactivates_the_same_code(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess
) -> None:
    project = catalog_project(_catalog())
    project.up()
    code_id = project.stack_output()["promotion_codes"]["summer20"]["id"]
    stripe_client = emulator.client()
    created = stripe_client.v1.promotion_codes.retrieve(code_id)
    summer = project.stack_output()["coupons"]["summer"]
    assert (created.code, created.active, created.promotion.coupon) == ("SUMMER20", True, summer)
    project.refresh()
    assert changed(plan_ops(project.preview_json())) == set(), "the refresh found drift"

    project.write_catalog(_catalog(code=False))
    review = render_review(parse_plan(project.preview_json()))
    assert "Code `SUMMER20` stops working" in review, review
    project.up()
    assert stripe_client.v1.promotion_codes.retrieve(code_id).active is False

    project.write_catalog(_catalog())
    project.up()
    assert project.stack_output()["promotion_codes"]["summer20"]["id"] == code_id, "a new code"
    assert stripe_client.v1.promotion_codes.retrieve(code_id).active is True
    active = stripe_client.v1.promotion_codes.list(params={"code": "SUMMER20", "active": True})
    assert [c.id for c in active.data] == [code_id]

    # Only the case changes: Stripe gets the catalog's text (the old code is not adopted back),
    # and a refresh then finds nothing to change.
    project.write_catalog(_catalog().replace("code: SUMMER20", "code: Summer20"))
    project.up()
    recased = project.stack_output()["promotion_codes"]["summer20"]["id"]
    assert stripe_client.v1.promotion_codes.retrieve(recased).code == "Summer20"
    assert stripe_client.v1.promotion_codes.retrieve(code_id).active is False
    project.refresh()
    assert changed(plan_ops(project.preview_json())) == set(), "the refresh found drift"


def test_a_code_moved_to_another_coupon_is_deactivated_before_its_successor_exists(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess
) -> None:
    project = catalog_project(_catalog())
    project.up()
    old_id = project.stack_output()["promotion_codes"]["summer20"]["id"]

    project.write_catalog(_catalog(coupon="welcome", name="Summer deal"))
    plan = project.preview_json()
    ops = plan_ops(plan)
    assert ops["PromotionCode::summer20"] == ["replace"], ops
    assert ops["Coupon::summer"] == ["update"], f"a coupon rename replaced it: {ops}"
    project.up()
    outputs = project.stack_output()
    new_id = outputs["promotion_codes"]["summer20"]["id"]
    assert new_id != old_id
    stripe_client = emulator.client()
    assert stripe_client.v1.promotion_codes.retrieve(old_id).active is False
    new = stripe_client.v1.promotion_codes.retrieve(new_id)
    assert (new.code, new.active, new.promotion.coupon) == (
        "SUMMER20",
        True,
        outputs["coupons"]["welcome"],
    )
    assert stripe_client.v1.coupons.retrieve(outputs["coupons"]["summer"]).name == "Summer deal"
    log = [
        r for r in emulator.requests() if r["method"] == "POST" and "promotion_codes" in r["path"]
    ]
    deactivate = next(i for i, r in enumerate(log) if r["path"].endswith(old_id))
    create = max(i for i, r in enumerate(log) if r["path"] == "/v1/promotion_codes")
    assert deactivate < create, "the new code was created while the old one was still active"


def test_a_removed_coupon_is_deleted(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess
) -> None:
    project = catalog_project(_catalog(code=False))
    project.up()
    welcome = project.stack_output()["coupons"]["welcome"]
    project.write_catalog(
        _catalog(code=False).replace(
            "  welcome: {amount_off: 300, currency: eur, duration: once}\n", ""
        )
    )
    review = render_review(parse_plan(project.preview_json()))
    assert "existing discounts keep working" in review, review
    project.up()
    with pytest.raises(stripe.InvalidRequestError):
        emulator.client().v1.coupons.retrieve(welcome)


def test_a_code_active_in_another_stack_of_the_account_is_refused_with_the_fix(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess
) -> None:
    dev = catalog_project(_catalog(), stack="dev", config={"paylinks:scope": "dev"})
    dev.up()
    other = catalog_project(
        _catalog(),
        stack="staging",
        config={"paylinks:scope": "staging", "paylinks:lookupKeyPrefix": "staging:"},
    )
    failed = other.run("up", "--yes", "--skip-preview", "--stack", other.stack, check=False)

    assert failed.returncode != 0
    errors = {
        line.strip()
        for line in failed.stdout.splitlines()
        if line.strip().startswith("error: create promotion code summer20")
    }
    assert len(errors) == 1, failed.render()  # one message, in the diagnostics
    (message,) = errors
    assert "code 'SUMMER20' is active" in message
    assert "paylinks:scope 'dev'" in message
    assert "paylinks:overrides" in message
    codes = emulator.client().v1.promotion_codes.list(params={"code": "SUMMER20", "active": True})
    assert len(codes.data) == 1, "a second active SUMMER20 was created"

    # The fix the message gives: this stack's own code.
    other.write_catalog(_catalog().replace("code: SUMMER20", "code: SUMMER20-STAGING"))
    other.up()
    assert other.stack_output()["promotion_codes"]["summer20"]["active"] is True
    staging_code = other.stack_output()["promotion_codes"]["summer20"]["id"]

    # Its text changed to one the account holds: refused, and its own code keeps working (a new
    # text is created before the old code is deactivated).
    other.write_catalog(_catalog().replace("code: SUMMER20", "code: summer20"))
    failed = other.run("up", "--yes", "--stack", other.stack, check=False)
    assert failed.returncode != 0
    assert "code 'summer20' is active" in failed.stdout, failed.render()
    assert emulator.client().v1.promotion_codes.retrieve(staging_code).active is True


def test_a_coupon_moved_to_other_products_is_a_new_coupon_and_refresh_sees_no_drift(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess
) -> None:
    """Stripe shows a coupon's `applies_to` only when asked (`expand[]`): the provider asks, so
    the coupon restricted to other products is a new one (never the old one adopted back, then
    deleted under the code) and a refresh compares what the coupon really applies to."""
    restricted = _catalog().replace(
        "  summer: {percent_off: 20, duration: once, name: Summer sale}\n",
        "  summer: {percent_off: 20, duration: once, name: Summer sale,\n"
        "           applies_to: {products: [%s]}}\n",
    )
    with_mugs = restricted.replace(
        "  beans: {name: Beans}\n", "  beans: {name: Beans}\n  mugs: {name: Mugs}\n"
    )
    project = catalog_project(with_mugs % "beans")
    project.up()
    old = project.stack_output()["coupons"]["summer"]
    project.refresh()
    assert changed(plan_ops(project.preview_json())) == set(), "the refresh found drift"

    project.write_catalog(with_mugs % "mugs")
    plan = project.preview_json()
    assert plan_ops(plan)["Coupon::summer"] == ["replace"]
    review = render_review(parse_plan(plan))
    assert (
        "**Code `SUMMER20` now gives 20% off on `mugs` only** (was 20% off on `beans` only)"
        in review
    ), review
    project.up()
    outputs = project.stack_output()
    new = outputs["coupons"]["summer"]
    assert new != old, "the old coupon was adopted for the new products"
    stripe_client = emulator.client()
    shown = stripe_client.v1.coupons.retrieve(new, params={"expand": ["applies_to"]})
    assert shown.to_dict()["applies_to"] == {"products": [outputs["products"]["mugs"]]}
    with pytest.raises(stripe.InvalidRequestError):
        stripe_client.v1.coupons.retrieve(old)
    code = stripe_client.v1.promotion_codes.retrieve(outputs["promotion_codes"]["summer20"]["id"])
    assert (code.active, code.promotion.coupon) == (True, new)
    project.refresh()
    assert changed(plan_ops(project.preview_json())) == set(), "the refresh found drift"
