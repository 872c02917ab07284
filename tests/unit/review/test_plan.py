"""Parsing `pulumi preview --json`: the typed plan and what counts as a change."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from paylinks.review import Action, Kind, Plan, PlanError, read_plan, resource_changes
from tests.unit.review.captured import FIXTURES

PlanOf = Callable[[str], Plan]


def test_steps_carry_urn_parts_and_states(plan_of: PlanOf) -> None:
    plan = plan_of("price-change")
    assert plan.stack == "dev"
    price = next(s for s in plan.steps if s.name == "price-pro-monthly")
    assert price.op == "replace"
    assert price.type == "pulumi-python:dynamic/paylinks:Price"
    assert price.replace_reasons == ("unit_amount",)
    assert price.old is not None and price.old.id and price.old.id.startswith("price_")
    assert price.new is not None and price.new.inputs["unit_amount"] == 1900


def test_stack_and_providers_are_not_resource_changes(plan_of: PlanOf) -> None:
    changes = resource_changes(plan_of("create"))
    assert {c.kind for c in changes} == {
        Kind.PRODUCT,
        Kind.PRICE,
        Kind.PAYMENT_LINK,
        Kind.WEBHOOK_ENDPOINT,
    }
    assert {c.action for c in changes} == {Action.CREATE}
    assert [c.key for c in changes if c.kind is Kind.PAYMENT_LINK] == [
        "basic-checkout",
        "spring-sale",
    ]


def test_no_change_plan_has_no_resource_changes(plan_of: PlanOf) -> None:
    assert resource_changes(plan_of("no-change")) == []


def test_leading_noise_before_the_document_is_skipped() -> None:
    text = (FIXTURES / "removal.json").read_text()
    plan = read_plan("warning: something on stdout {not json}\n" + text)
    assert [c.action for c in resource_changes(plan)] == [Action.DEACTIVATE]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no JSON object"),
        ("{\n  nope", "not valid JSON at line 2"),
        ('{"steps": [{"op": "create"}]}', "needs an `op` and a `urn`"),
    ],
)
def test_input_that_is_not_a_preview_is_a_plan_error(text: str, message: str) -> None:
    with pytest.raises(PlanError, match=message):
        read_plan(text)


def test_kinds_are_recognised_even_with_plain_dynamic_type_tokens() -> None:
    """Should the providers drop their `module=`/`name=` type names, reviews still name kinds."""
    text = (FIXTURES / "price-change.json").read_text()
    for name in ("Product", "Price", "PaymentLink", "WebhookEndpoint"):
        text = text.replace(
            f"pulumi-python:dynamic/paylinks:{name}", "pulumi-python:dynamic:Resource"
        )
    kinds = {c.key: c.kind for c in resource_changes(read_plan(text))}
    assert kinds == {"pro-monthly": Kind.PRICE, "spring-sale": Kind.PAYMENT_LINK}
