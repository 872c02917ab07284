"""Per-environment overlays: a stack's `paylinks:overrides` deep-merged onto the catalog, with
problems pointing at the stack file."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemas import CatalogError, apply_overrides, load_catalog, load_stack_catalog

CATALOG = """\
products:
  pro: {name: Pro plan}
prices:
  pro-monthly: {product: pro, currency: eur, unit_amount: 1500}
payment_links:
  pro-monthly:
    line_items: [{price: pro-monthly, quantity: 1}]
    after_completion:
      type: redirect
      redirect: {url: "https://example.com/thanks"}
    allow_promotion_codes: true
    metadata: {team: growth, campaign: spring}
"""


def write_project(tmp_path: Path, stack_yaml: str) -> Path:
    (tmp_path / "stacks").mkdir()
    (tmp_path / "stacks" / "catalog.yaml").write_text(CATALOG, encoding="utf-8")
    (tmp_path / "stacks" / "Pulumi.staging.yaml").write_text(stack_yaml, encoding="utf-8")
    return tmp_path


def test_merge_rule_mappings_merge_lists_and_scalars_replace_null_deletes() -> None:
    base = {"a": {"b": 1, "c": [1, 2], "d": {"e": 1}}, "f": 1}
    merged = apply_overrides(base, {"a": {"c": [3], "d": None, "g": 2}, "f": None})
    assert merged == {"a": {"b": 1, "c": [3], "g": 2}}
    assert base == {"a": {"b": 1, "c": [1, 2], "d": {"e": 1}}, "f": 1}, "inputs stay untouched"


def test_stack_overrides_apply(tmp_path: Path) -> None:
    project = write_project(
        tmp_path,
        "config:\n"
        "  paylinks:scope: staging\n"
        "  paylinks:overrides:\n"
        "    payment_links:\n"
        "      pro-monthly:\n"
        "        active: false\n"
        "        allow_promotion_codes: null\n"
        "        metadata: {campaign: null}\n"
        "        after_completion:\n"
        "          redirect: {url: https://staging.example.com/thanks}\n",
    )
    catalog_file, catalog = load_stack_catalog("staging", project)
    assert catalog_file == project / "stacks" / "catalog.yaml"
    link = catalog.payment_links["pro-monthly"]
    assert link.active is False
    assert link.allow_promotion_codes is None
    assert link.metadata == {"team": "growth"}
    assert link.after_completion is not None and link.after_completion.redirect is not None
    assert link.after_completion.redirect.url == "https://staging.example.com/thanks"
    assert link.after_completion.type == "redirect"


def test_override_problems_point_at_the_stack_file(tmp_path: Path) -> None:
    project = write_project(
        tmp_path,
        "config:\n"
        "  paylinks:overrides:\n"
        "    payment_links:\n"
        "      pro-monthly:\n"
        "        after_completion: {type: hosted_confirmation}\n"
        "        activ: false\n"
        "    prices:\n"
        "      pro-monthly: {currency: usd, unit_amount: null}\n",
    )
    stack_file = str(project / "stacks" / "Pulumi.staging.yaml")
    catalog_file = str(project / "stacks" / "catalog.yaml")
    with pytest.raises(CatalogError) as raised:
        load_stack_catalog("staging", project)
    found = {(p.file, p.line, p.path) for p in raised.value.problems}
    assert (
        stack_file,
        5,
        "payment_links.pro-monthly.after_completion.hosted_confirmation",
    ) in found
    assert (stack_file, 6, "payment_links.pro-monthly.activ") in found
    assert (stack_file, 8, "prices.pro-monthly") in found, "unit_amount deleted → no amount"
    # The catalog's redirect block stays (mappings merge): reported where the catalog has it.
    assert (catalog_file, 10, "payment_links.pro-monthly.after_completion.redirect") in found
    assert len(found) == 4


def test_overrides_given_as_an_object_with_a_source(tmp_path: Path) -> None:
    catalog_file = tmp_path / "catalog.yaml"
    catalog_file.write_text(CATALOG, encoding="utf-8")
    catalog = load_catalog(
        catalog_file,
        overrides={"payment_links": {"pro-monthly": {"active": False}}},
        overrides_source="Pulumi.ci.yaml",
    )
    assert catalog.payment_links["pro-monthly"].active is False
    with pytest.raises(CatalogError) as raised:
        load_catalog(
            catalog_file,
            overrides={"prices": {"pro-monthly": {"currency": "EUR"}}},
            overrides_source="Pulumi.ci.yaml",
        )
    (problem,) = raised.value.problems
    assert (problem.file, problem.path) == ("Pulumi.ci.yaml", "prices.pro-monthly.currency")


def test_overrides_must_be_a_mapping(tmp_path: Path) -> None:
    project = write_project(tmp_path, "config:\n  paylinks:overrides: [1, 2]\n")
    with pytest.raises(CatalogError, match="paylinks:overrides: must be a mapping"):
        load_stack_catalog("staging", project)


def test_stack_can_name_another_catalog(tmp_path: Path) -> None:
    project = write_project(tmp_path, "config:\n  paylinks:catalog: other.yaml\n")
    (project / "other.yaml").write_text("products:\n  a: {name: A}\n", encoding="utf-8")
    catalog_file, catalog = load_stack_catalog("staging", project)
    assert catalog_file == project / "other.yaml"
    assert list(catalog.products) == ["a"]


def test_overrides_set_as_json_text_are_parsed(tmp_path: Path) -> None:
    project = write_project(
        tmp_path,
        "config:\n"
        "  paylinks:overrides: '{\"payment_links\": {\"pro-monthly\": {\"active\": false}}}'\n",
    )
    _, catalog = load_stack_catalog("staging", project)
    assert catalog.payment_links["pro-monthly"].active is False
    (project / "stacks" / "Pulumi.staging.yaml").write_text(
        "config:\n  paylinks:overrides: '{\"prices\": {\"pro-monthly\": {\"currency\": 1}}}'\n",
        encoding="utf-8",
    )
    with pytest.raises(CatalogError) as raised:
        load_stack_catalog("staging", project)
    (problem,) = raised.value.problems
    assert problem.file.endswith("Pulumi.staging.yaml")
    assert (problem.line, problem.path) == (2, "prices.pro-monthly.currency")


def test_an_override_naming_a_missing_entry_says_so_with_a_suggestion(tmp_path: Path) -> None:
    project = write_project(
        tmp_path,
        "config:\n"
        "  paylinks:overrides:\n"
        "    payment_links:\n"
        "      pro-monthy: {active: false}\n"
        "    prices:\n"
        "      pro-monthly: {nickname: Staging}\n",
    )
    stack_file = str(project / "stacks" / "Pulumi.staging.yaml")
    with pytest.raises(CatalogError) as raised:
        load_stack_catalog("staging", project)
    (problem,) = raised.value.problems
    assert (problem.file, problem.line, problem.path) == (
        stack_file, 4, "payment_links.pro-monthy"
    )
    assert problem.message.startswith(
        "no payment link 'pro-monthy' in the catalog; did you mean 'pro-monthly'?"
    ), problem.message
    assert "required field is missing" not in str(raised.value)


@pytest.mark.parametrize(
    ("section", "entry", "label", "wanted"),
    [
        ("coupons", "first-bg", "coupon", "first-bag"),
        ("promotion_codes", "welcome16", "promotion code", "welcome15"),
        ("shipping_rates", "standrd", "shipping rate", "standard"),
    ],
)
def test_an_override_naming_a_missing_entry_of_any_kind_says_so(
    tmp_path: Path, section: str, entry: str, label: str, wanted: str
) -> None:
    """A stack giving its own code to `welcome16` (a typo) is told so, not that a new promotion
    code lacks its `promotion`."""
    project = write_project(
        tmp_path,
        "config:\n"
        "  paylinks:overrides:\n"
        f"    {section}:\n"
        f"      {entry}: {{metadata: {{env: staging}}}}\n",
    )
    (project / "stacks" / "catalog.yaml").write_text(
        CATALOG
        + "coupons:\n  first-bag: {percent_off: 15}\n"
        + "promotion_codes:\n"
        + "  welcome15: {code: WELCOME15, promotion: {type: coupon, coupon: first-bag}}\n"
        + "shipping_rates:\n"
        + "  standard: {display_name: Standard, fixed_amount: {amount: 490, currency: eur}}\n",
        encoding="utf-8",
    )
    with pytest.raises(CatalogError) as raised:
        load_stack_catalog("staging", project)
    (problem,) = raised.value.problems
    assert (problem.line, problem.path) == (4, f"{section}.{entry}")
    assert problem.message.startswith(
        f"no {label} '{entry}' in the catalog; did you mean '{wanted}'?"
    ), problem.message


def test_a_reference_to_an_entry_the_overrides_remove_says_where_they_remove_it(
    tmp_path: Path,
) -> None:
    """The catalog plainly has the coupon: the problem points at the stack line removing it."""
    project = write_project(
        tmp_path,
        "config:\n"
        "  paylinks:overrides:\n"
        "    coupons:\n"
        "      summer: null\n",
    )
    (project / "stacks" / "catalog.yaml").write_text(
        CATALOG
        + "coupons:\n  summer: {percent_off: 15}\n  sumer: not a coupon\n"
        + "promotion_codes:\n"
        + "  summer20: {code: SUMMER20, promotion: {type: coupon, coupon: summer}}\n"
        + "  typo: {code: TYPO, promotion: {type: coupon, coupon: sumer}}\n",
        encoding="utf-8",
    )
    stack_file = str(project / "stacks" / "Pulumi.staging.yaml")
    with pytest.raises(CatalogError) as raised:
        load_stack_catalog("staging", project)
    by_path = {problem.path: problem.message for problem in raised.value.problems}
    assert by_path["promotion_codes.summer20.promotion.coupon"].endswith(
        f"(the stack's overrides remove it at {stack_file}:4)"
    ), by_path
    assert "overrides remove" not in by_path["promotion_codes.typo.promotion.coupon"], by_path


def test_a_rate_currency_an_override_sets_is_named_where_the_link_is_refused(
    tmp_path: Path,
) -> None:
    """The link's line is in the catalog, the wrong currency in the stack file: both are said."""
    project = write_project(
        tmp_path,
        "config:\n"
        "  paylinks:overrides:\n"
        "    shipping_rates:\n"
        "      standard: {fixed_amount: {currency: usd}}\n",
    )
    catalog = CATALOG.replace(
        "    allow_promotion_codes: true\n",
        "    allow_promotion_codes: true\n"
        "    shipping_address_collection: {allowed_countries: [FR]}\n"
        "    shipping_options: [{shipping_rate: standard}]\n",
    )
    (project / "stacks" / "catalog.yaml").write_text(
        catalog
        + "shipping_rates:\n"
        + "  standard: {display_name: Standard, fixed_amount: {amount: 490, currency: eur}}\n",
        encoding="utf-8",
    )
    stack_file = str(project / "stacks" / "Pulumi.staging.yaml")
    with pytest.raises(CatalogError) as raised:
        load_stack_catalog("staging", project)
    (problem,) = raised.value.problems
    assert problem.path == "payment_links.pro-monthly.shipping_options[0].shipping_rate"
    assert problem.message.endswith(
        f"(shipping_rates.standard.fixed_amount.currency is set at {stack_file}:4)"
    ), problem.message
