"""A catalog that breaks a Stripe rule fails at `pulumi preview`, before any Stripe request.

Two layers enforce the same rules (written once, in `schemas`): the program validates the whole
catalog (and the stack's overrides) first and reports every problem with file, line and catalog
path; the providers' ``check`` applies them again to each resource's inputs, for programs that
declare paylinks resources directly. Both must name the field and send Stripe nothing.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.support.catalogs import catalog_text
from tests.support.emulator import EmulatorProcess
from tests.support.fixtures import CatalogProjectFactory

pytestmark = pytest.mark.e2e

GOOD_CATALOG = catalog_text("beans")


def _many_prices(count: int) -> str:
    return "\n".join(
        f"  p{n}: {{product: beans, currency: eur, unit_amount: {100 + n}}}" for n in range(count)
    )


def _many_items(count: int) -> str:
    return ", ".join(f"{{price: p{n}, quantity: 1}}" for n in range(count))


#: One catalog breaking every rule once, each on its own object so no problem hides another.
BAD_CATALOG = f"""
products:
  beans:
    name: Beans
    colour: red
  crowded:
    name: Crowded
    metadata: {{{", ".join(f"k{n}: v" for n in range(51))}}}
  long-key:
    name: Long key
    metadata: {{{"k" * 41}: v}}
  long-value:
    name: Long value
    metadata: {{note: {"v" * 501}}}
prices:
{_many_prices(21)}
  usd: {{product: beans, currency: usd, unit_amount: 1500}}
  tip: {{product: beans, currency: eur, custom_unit_amount: {{enabled: true}}}}
  tip-monthly:
    product: beans
    currency: eur
    custom_unit_amount: {{enabled: true}}
    recurring: {{interval: month}}
  volume:
    product: beans
    currency: eur
    billing_scheme: tiered
    tiers_mode: volume
    tiers: [{{up_to: 10, unit_amount: 100}}, {{up_to: inf, unit_amount: 80}}]
payment_links:
  too-many:
    line_items: [{_many_items(21)}]
  tip-and-beans:
    line_items: [{{price: p0, quantity: 1}}, {{price: tip, quantity: 1}}]
  tiered:
    line_items: [{{price: volume, quantity: 1}}]
  mixed:
    line_items: [{{price: p0, quantity: 1}}, {{price: usd, quantity: 1}}]
  redirect:
    line_items: [{{price: p1, quantity: 1}}]
    after_completion: {{type: redirect}}
"""

#: (catalog path the message must name, words of the message): one per broken rule.
CATALOG_PROBLEMS = [
    ("products.beans.colour", "unknown field 'colour'"),
    ("products.crowded.metadata", "51 keys; Stripe allows at most 50"),
    (f"products.long-key.metadata.{'k' * 41}", "41 characters"),
    ("products.long-value.metadata.note", "501 characters"),
    ("prices.tip-monthly.recurring", "can't be recurring"),
    ("payment_links.too-many.line_items", "21 line items; Stripe allows at most 20"),
    ("payment_links.tip-and-beans.line_items[1].price", "must be the only line item"),
    ("payment_links.tiered.line_items[0].price", "tiered, volume and package prices"),
    ("payment_links.mixed.line_items[1].price", "must share one currency"),
    ("payment_links.redirect.after_completion.redirect", "needs `redirect: {url: ...}`"),
]


def error_messages(plan: dict[str, Any]) -> list[str]:
    """The error diagnostics of a `preview --json` plan."""
    return [d["message"] for d in plan.get("diagnostics", []) if d.get("severity") == "error"]


def assert_no_stripe_request(emulator: EmulatorProcess) -> None:
    """The preview sent Stripe nothing at all (so certainly no POST or DELETE)."""
    requests = emulator.requests()
    writes = [r for r in requests if r["method"] in ("POST", "DELETE")]
    assert writes == [], f"a refused preview wrote to Stripe: {writes}"
    assert requests == [], f"a refused preview still called Stripe: {requests}"


def test_every_broken_rule_in_the_catalog_and_overrides_fails_preview_naming_file_and_field(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess
) -> None:
    project = catalog_project(BAD_CATALOG)
    project.set_overrides(
        {"payment_links": {"tiered": {"after_completion": {"type": "hosted_confirmation"}}}}
    )
    plan = project.preview_json(check=False)
    assert plan["changeSummary"] == {"create": 1}, "only the stack itself may be planned"
    report = "\n".join(error_messages(plan))
    problem_lines = report.splitlines()
    catalog_file = str(project.directory / "catalog.yaml")
    for path, words in CATALOG_PROBLEMS:
        matching = [line for line in problem_lines if f": {path}: " in line and words in line]
        assert matching, f"preview does not report `{path}`: {words}\n{report}"
        located = rf"{re.escape(catalog_file)}:\d+: {re.escape(path)}: "
        assert re.search(located, matching[0]), (
            f"`{path}` is not located in the catalog file with a line number: {matching[0]}"
        )
    overridden = [line for line in problem_lines if "tiered.after_completion" in line]
    assert overridden and "Pulumi.test.yaml:" in overridden[0], (
        f"a broken override is not located in the stack file:\n{report}"
    )
    assert_no_stripe_request(emulator)


PRICE_FACTS = {"type": "one_time", "custom_unit_amount": False, "billing_scheme": "per_unit"}

#: Programs that declare paylinks resources directly (no catalog to validate first): only the
#: providers' `check` stands between them and Stripe. (name, program body, expected problems as
#: (property, words)). The engine stops at the first resource refused, so one resource each.
DIRECT_PROGRAMS = [
    (
        "payment-link",
        f"""
PaymentLink("shop", {{
    "key": "shop", "scope": "test",
    "line_items": [{{"price": f"price_{{n}}", "quantity": 1}} for n in range(21)],
    "line_item_prices": [{{**{PRICE_FACTS!r}, "currency": "eur"}}] * 20
                        + [{{**{PRICE_FACTS!r}, "currency": "usd"}}],
    "after_completion": {{"type": "redirect"}},
    "colour": "red",
}})
""",
        [
            ("line_items", "21 line items; Stripe allows at most 20"),
            ("line_items[20].price", "must share one currency"),
            ("after_completion.redirect", "needs `redirect: {url: ...}`"),
            ("colour", "unknown field 'colour'"),
        ],
    ),
    (
        "product",
        """
Product("beans", {
    "key": "beans", "scope": "test", "name": "Beans",
    "metadata": {**{f"k{n}": "v" for n in range(50)}, "k" * 41: "v" * 501},
})
""",
        [
            ("metadata", "51 keys; Stripe allows at most 50"),
            (f"metadata.{'k' * 41}", "41 characters"),
            (f"metadata.{'k' * 41}", "501 characters"),
        ],
    ),
    (
        "price",
        """
Price("tip", {
    "key": "tip", "scope": "test", "product": "prod_x", "currency": "eur",
    "custom_unit_amount": {"enabled": True}, "recurring": {"interval": "month"},
})
""",
        [("recurring", "can't be recurring")],
    ),
]


@pytest.mark.parametrize(
    ("program", "problems"),
    [pytest.param(body, problems, id=name) for name, body, problems in DIRECT_PROGRAMS],
)
def test_provider_check_refuses_broken_inputs_at_preview_naming_the_property(
    catalog_project: CatalogProjectFactory,
    emulator: EmulatorProcess,
    program: str,
    problems: list[tuple[str, str]],
) -> None:
    project = catalog_project(GOOD_CATALOG)
    (project.directory / "__main__.py").write_text(
        "from providers import PaymentLink, Price, Product\n" + program
    )
    plan = project.preview_json(check=False)
    messages = error_messages(plan)
    for prop, words in problems:
        assert any(f"property {prop} value" in m and words in m for m in messages), (
            f"preview does not refuse property `{prop}` ({words}):\n" + "\n".join(messages)
        )
    assert {step["op"] for step in plan["steps"]} <= {"create"}  # the stack only
    assert len(plan["steps"]) == 1, "a refused resource was still planned"
    assert_no_stripe_request(emulator)
