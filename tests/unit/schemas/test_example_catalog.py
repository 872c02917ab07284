"""The example catalog (`stacks/catalog.yaml`) validates and shows every Payment Links feature."""

from __future__ import annotations

from pathlib import Path

from schemas import Catalog, line_item_price_facts, load_catalog

REPO = Path(__file__).resolve().parents[3]
EXAMPLE = REPO / "stacks" / "catalog.yaml"


def load_example() -> Catalog:
    return load_catalog(EXAMPLE)


def test_example_catalog_validates() -> None:
    catalog = load_example()
    assert catalog.products and catalog.prices and catalog.payment_links
    assert catalog.webhook_endpoints
    assert catalog.shipping_rates
    assert catalog.coupons and catalog.promotion_codes


def test_example_offers_a_code_on_the_link_that_allows_promotion_codes() -> None:
    catalog = load_example()
    [code] = catalog.promotion_codes.values()
    assert catalog.coupons[code.promotion.coupon].percent_off == 15
    assert catalog.payment_links["starter-bundle"].allow_promotion_codes is True


def test_example_ships_its_bundle_with_a_choice_of_rates() -> None:
    bundle = load_example().payment_links["starter-bundle"]
    assert bundle.shipping_address_collection is not None
    assert [o.shipping_rate for o in bundle.shipping_options or []] == ["standard", "express"]


def test_example_points_editors_at_the_json_schema() -> None:
    first_line = EXAMPLE.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../schemas/catalog.schema.json"
    assert (EXAMPLE.parent / "../schemas/catalog.schema.json").resolve().is_file()


def test_example_exercises_every_feature_of_the_guide() -> None:
    catalog = load_example()
    facts = {key: line_item_price_facts(price) for key, price in catalog.prices.items()}
    kinds = {(f["type"], f["custom_unit_amount"]) for f in facts.values()}
    assert {("one_time", False), ("recurring", False), ("one_time", True)} <= kinds
    links = catalog.payment_links.values()
    assert any(
        len(link.line_items) > 1
        and all(
            item.adjustable_quantity and item.adjustable_quantity.enabled
            for item in link.line_items
        )
        for link in links
    )
    completions = {link.after_completion.type for link in links if link.after_completion}
    assert completions == {"redirect", "hosted_confirmation"}
    pinned = {m for link in links for m in link.payment_method_types or []}
    assert "sepa_debit" in pinned or "us_bank_account" in pinned
    events = {e for endpoint in catalog.webhook_endpoints.values() for e in endpoint.enabled_events}
    assert {
        "checkout.session.completed",
        "checkout.session.async_payment_succeeded",
        "checkout.session.async_payment_failed",
    } <= events
