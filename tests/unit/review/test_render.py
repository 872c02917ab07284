"""The review comment on real captured plans: what a reviewer must read, what must never show."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable

import pytest

from paylinks.review import Plan, parse_plan, render_review
from paylinks.review.render import MAX_COMMENT_CHARS, MAX_FIELDS_EXPANDED
from tests.unit.review.captured import CAPTURED, load_raw

PlanOf = Callable[[str], Plan]


@pytest.mark.parametrize("name", CAPTURED)
def test_same_plan_gives_byte_identical_comment(name: str) -> None:
    raw = load_raw(name)
    first = render_review(parse_plan(raw))
    shuffled = dict(raw, steps=random.Random(7).sample(raw["steps"], len(raw["steps"])))
    assert render_review(parse_plan(load_raw(name))) == first
    assert render_review(parse_plan(shuffled)) == first, "order of steps changed the comment"


@pytest.mark.parametrize("name", CAPTURED)
def test_provider_blob_and_computed_outputs_never_shown(name: str) -> None:
    text = render_review(parse_plan(load_raw(name)))
    assert "__provider" not in text
    assert "stripe_id" not in text
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    assert not [row for row in rows if "buy.stripe.com" in row], "a link's computed url shown"


def test_every_comment_carries_the_marker_of_its_stack(plan_of: PlanOf) -> None:
    for name in CAPTURED:
        plan = plan_of(name)
        assert f"<!-- paylinks-review:{plan.stack} -->" in render_review(plan)
    assert "<!-- paylinks-review:prod -->" in render_review(plan_of("update"), stack="prod")


def test_no_change_plan_is_one_line(plan_of: PlanOf) -> None:
    text = render_review(plan_of("no-change"))
    assert text == "✅ **`dev`**: no changes. <!-- paylinks-review:dev -->\n"


def test_price_change_warns_that_link_customers_get_an_expiry_page(plan_of: PlanOf) -> None:
    text = render_review(plan_of("price-change"))
    links = text.split("### ⚠️ Public payment links", 1)[1].split("### Changes", 1)[0]
    assert "Payment link `spring-sale` gets a new URL" in links
    assert "Price `pro-monthly` is replaced (`line_items[0].price`)" in links
    assert "`https://buy.stripe.com/test_plink_" in links, "old URL missing"
    assert "will see an expiry page" in links
    assert "| `unit_amount` | `1500` | `1900` |" in text
    assert "**Plan:** 2 to replace." in text


def test_link_section_comes_before_the_field_changes(plan_of: PlanOf) -> None:
    text = render_review(plan_of("price-change"))
    assert text.index("Public payment links") < text.index("**Plan:**") + 200
    assert text.index("Public payment links") < text.index("### Changes")


def test_removed_link_is_reported_as_deactivation(plan_of: PlanOf) -> None:
    text = render_review(plan_of("removal"))
    assert "**Plan:** 1 to deactivate." in text
    assert "Payment link `basic-checkout` will be deactivated" in text
    assert "expiry page" in text


def test_re_added_link_says_it_adopts_the_deactivated_link_and_keeps_its_url(
    plan_of: PlanOf,
) -> None:
    text = render_review(plan_of("re-add"))
    assert "adopts the existing deactivated link with the same key" in text
    assert "keeping its URL" in text


def test_active_false_to_true_is_a_reactivation(plan_of: PlanOf) -> None:
    text = render_review(plan_of("reactivate"))
    assert "**Plan:** 1 to reactivate." in text
    assert "Payment link `spring-sale` will be reactivated**, keeping its URL" in text
    assert "| `active` | `false` | `true` |" in text


def test_active_true_to_false_is_a_deactivation(plan_of: PlanOf) -> None:
    text = render_review(plan_of("deactivate"))
    assert "**Plan:** 1 to deactivate." in text
    assert "will be deactivated" in text


def test_update_shows_nested_field_paths_old_to_new(plan_of: PlanOf) -> None:
    text = render_review(plan_of("update"))
    assert "| `line_items[0].quantity` | `1` | `2` |" in text
    assert '| `name` | `"Pro plan"` | `"Pro"` |' in text
    assert '| `metadata` | — | `{"campaign": "spring"}` |' in text
    assert "**Plan:** 3 to update." in text
    assert "Public payment links" not in text, "an in-place update keeps every URL"


def test_resources_are_grouped_by_kind_then_sorted_by_key(plan_of: PlanOf) -> None:
    text = render_review(plan_of("create"))
    headings = re.findall(r"^#### (.+)$", text, flags=re.MULTILINE)
    assert headings == ["Products", "Prices", "Payment links", "Webhook endpoints"]
    titles = re.findall(r"^\*\*(\w[\w ]*) `([^`]+)`\*\*", text, flags=re.MULTILINE)
    assert titles == sorted(titles, key=lambda t: (headings.index(t[0] + "s"), t[1]))


def test_large_plan_collapses_groups_and_long_field_lists(plan_of: PlanOf) -> None:
    text = render_review(plan_of("large"))
    assert "<summary><b>Products</b> (24)</summary>" in text
    assert "<summary><b>Prices</b> (24)</summary>" in text
    bundle = text.split("**Payment link `bundle`**", 1)[1]
    assert bundle.index("<details>") < bundle.index("| `line_items[11].quantity` |")
    assert "Public payment links" in text.split("<details>", 1)[0], "link notes never collapse"


def test_small_field_lists_stay_expanded(plan_of: PlanOf) -> None:
    text = render_review(plan_of("update"))
    assert "<details>" not in text
    assert MAX_FIELDS_EXPANDED == 10


def test_failed_preview_shows_the_error_and_says_the_plan_is_incomplete(plan_of: PlanOf) -> None:
    text = render_review(plan_of("error"))
    assert "The preview failed" in text
    assert "KeyError: 'premium'" in text


def test_secrets_stay_masked(plan_of: PlanOf) -> None:
    raw = load_raw("update")
    for step in raw["steps"]:
        if step["urn"].endswith("webhook-endpoint-orders"):
            step["newState"]["inputs"]["description"] = "[secret]"
    text = render_review(parse_plan(raw))
    assert "| `description` | — | `[secret]` |" in text
    assert "whsec_" not in text


@pytest.mark.parametrize(
    "leak",
    ["sk_test_51Habc123", "rk_live_9zz8yy7", "whsec_abcDEF123", "sk_live_0000aaaa"],
)
def test_values_shaped_like_stripe_keys_are_never_printed(leak: str) -> None:
    raw = load_raw("update")
    for step in raw["steps"]:
        if step["urn"].endswith("payment-link-spring-sale"):
            step["newState"]["inputs"]["metadata"] = {"note": f"key is {leak}", leak: "x"}
    text = render_review(parse_plan(raw))
    assert leak not in text
    assert "[secret]" in text


def test_a_readable_provider_blob_is_still_hidden() -> None:
    raw = load_raw("update")
    blob = "gASVpickledproviderblob"
    for step in raw["steps"]:
        for side in ("oldState", "newState"):
            if step.get(side) and "inputs" in step[side]:
                step[side]["inputs"]["__provider"] = blob + side
    assert blob not in render_review(parse_plan(raw))


def test_a_key_in_an_error_message_is_never_printed() -> None:
    raw = load_raw("error")
    raw["diagnostics"][0]["message"] += "\nInvalid API Key provided: sk_live_51Hleaked999\n"
    text = render_review(parse_plan(raw))
    assert "KeyError: 'premium'" in text
    assert "sk_live_51Hleaked999" not in text


def test_a_huge_plan_is_cut_to_fit_one_github_comment() -> None:
    raw = load_raw("large")
    template = next(s for s in raw["steps"] if s["urn"].endswith("::product-item-01"))
    for n in range(2000):
        step = json.loads(json.dumps(template))
        step["urn"] = step["urn"].replace("product-item-01", f"product-bulk-{n:04d}")
        step["newState"]["inputs"]["key"] = f"bulk-{n:04d}"
        step["newState"]["inputs"]["description"] = "x" * 80
        raw["steps"].append(step)
    text = render_review(parse_plan(raw))
    assert len(text) <= MAX_COMMENT_CHARS
    assert text.startswith("<!-- paylinks-review:large -->\n")
    assert "Public payment links" in text, "the most important section survives the cut"
    assert text.rstrip().endswith("run `pulumi preview --diff` for the rest._")
    assert text.count("<details>") == text.count("</details>"), "a collapsed block left open"


def test_an_update_of_only_the_provider_blob_says_nothing_changes_in_stripe() -> None:
    raw = load_raw("update")
    product = next(s for s in raw["steps"] if s["urn"].endswith("::product-pro"))
    product["newState"]["inputs"] = dict(product["oldState"]["inputs"], __provider="new-blob")
    text = render_review(parse_plan(raw))
    block = text.split("**Product `pro`** — update", 1)[1].split("####", 1)[0]
    assert "nothing changes in Stripe" in block
    assert "new-blob" not in text


def _link_step(op: str, old: dict[str, object], new: dict[str, object], **extra: object) -> dict:
    urn = "urn:pulumi:dev::paylinks::pulumi-python:dynamic/paylinks:PaymentLink::shop"
    kind = "pulumi-python:dynamic/paylinks:PaymentLink"
    base = {"key": "shop", "scope": "dev", "line_items": [{"price": "price_1", "quantity": 1}]}
    return {
        "op": op,
        "urn": urn,
        "oldState": {
            "type": kind,
            "id": "plink_1",
            "inputs": {**base, **old},
            "outputs": {"url": "https://buy.stripe.com/test_1"},
        },
        "newState": {"type": kind, "inputs": {**base, **new}},
        **extra,
    }


def test_a_link_field_stripe_fixes_at_creation_is_named_as_the_reason_for_a_new_url() -> None:
    step = _link_step(
        "replace", {"currency": "eur"}, {"currency": "usd"}, replaceReasons=["currency"]
    )
    text = render_review(parse_plan({"steps": [step]}))
    assert (
        "Payment link `shop` gets a new URL.** Why: `currency` is fixed when a payment link" in text
    )


def test_a_link_field_stripe_updates_is_no_url_change() -> None:
    step = _link_step("update", {}, {"on_behalf_of": "acct_1"}, diffReasons=["on_behalf_of"])
    text = render_review(parse_plan({"steps": [step]}))
    assert "new URL" not in text
    assert '| `on_behalf_of` | — | `"acct_1"` |' in text


def test_a_removed_product_is_deleted_or_archived_never_promised_archived() -> None:
    raw = load_raw("removal")
    link = next(step for step in raw["steps"] if step["op"] == "delete")
    urn = link["urn"].replace("PaymentLink::payment-link-", "Product::product-")
    old = dict(link["oldState"], urn=urn, type=urn.split("::")[2])
    product = dict(link, urn=urn, oldState=old)
    review = render_review(parse_plan(dict(raw, steps=[product])))
    assert f"**Product `{old['inputs']['key']}`** — remove" in review, review
    assert "deleted, or archived if it has prices" in review
    assert "1 to remove" in review


def test_preflight_refusals_make_a_no_change_plan_a_problem_and_come_first(
    plan_of: PlanOf,
) -> None:
    refusal = (
        "stacks/catalog.yaml:54: prices.coffee-club-monthly.lookup_key: lookup key "
        "'coffee_club_monthly' is held on this Stripe account by price price_1 of the stack "
        "with paylinks:scope 'dev' (lookup keys are unique per account): set "
        "paylinks:lookupKeyPrefix in stacks/Pulumi.staging.yaml"
    )
    quiet = render_review(plan_of("no-change"), preflight=[refusal])
    assert "no changes" not in quiet
    assert "### ⛔ The stack's Stripe would refuse part of this plan" in quiet
    assert refusal in quiet
    busy = render_review(plan_of("price-change"), preflight=[refusal])
    assert busy.index("would refuse part of this plan") < busy.index("### ⚠️ Public payment links")
    assert "would refuse" not in render_review(plan_of("price-change"))
