"""Random catalogs, mixing valid and invalid fields, only ever load or raise `CatalogError`;
random resource inputs only ever yield a list of problems. Never another exception."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from schemas import UNKNOWN, Catalog, CatalogError, load_catalog, validate_resource
from schemas.loader import validate_catalog_document
from schemas.yaml_source import parse_yaml

KEYS = st.sampled_from(["pro", "pro-monthly", "tip", "tip-jar", "Bad Key", "x" * 61, "1"])
ODD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 2_000_000),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
    st.just(UNKNOWN),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def maybe(valid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly a valid value, sometimes anything at all."""
    return st.one_of(valid, valid, valid, ODD)


METADATA = st.dictionaries(st.text(max_size=45), st.text(max_size=3), max_size=3)
ADJUSTABLE = st.fixed_dictionaries(
    {"enabled": maybe(st.booleans())},
    optional={"minimum": maybe(st.integers(0, 20)), "maximum": maybe(st.integers(0, 1_000_001))},
)
LINE_ITEM = st.fixed_dictionaries(
    {"price": maybe(KEYS), "quantity": maybe(st.integers(0, 30))},
    optional={"adjustable_quantity": maybe(ADJUSTABLE)},
)
AFTER = st.fixed_dictionaries(
    {"type": maybe(st.sampled_from(["redirect", "hosted_confirmation"]))},
    optional={
        "redirect": maybe(st.fixed_dictionaries({"url": maybe(st.just("https://e.com/t"))})),
        "hosted_confirmation": maybe(
            st.fixed_dictionaries({"custom_message": st.text(max_size=5)})
        ),
    },
)
PRODUCT = st.fixed_dictionaries(
    {"name": maybe(st.text(min_size=1, max_size=5))},
    optional={"metadata": maybe(METADATA), "active": maybe(st.booleans()), "nmae": ODD},
)
PRICE = st.fixed_dictionaries(
    {"product": maybe(KEYS), "currency": maybe(st.sampled_from(["eur", "usd", "EUR"]))},
    optional={
        "unit_amount": maybe(st.integers(0, 5000)),
        "unit_amount_decimal": maybe(st.just("12.5")),
        "custom_unit_amount": maybe(
            st.fixed_dictionaries(
                {"enabled": maybe(st.booleans())},
                optional={
                    "minimum": maybe(st.integers(0, 900)),
                    "preset": maybe(st.integers(0, 900)),
                },
            )
        ),
        "recurring": maybe(
            st.fixed_dictionaries(
                {"interval": maybe(st.sampled_from(["day", "month", "year"]))},
                optional={"interval_count": maybe(st.integers(1, 40))},
            )
        ),
        "lookup_key": maybe(st.sampled_from(["a", "b"])),
        "billing_scheme": maybe(st.sampled_from(["per_unit", "tiered"])),
        "tiers": maybe(
            st.lists(st.fixed_dictionaries({"up_to": maybe(st.just("inf"))}), max_size=2)
        ),
        "transform_quantity": maybe(
            st.fixed_dictionaries({"divide_by": st.integers(1, 5), "round": st.just("up")})
        ),
    },
)
LINK = st.fixed_dictionaries(
    {"line_items": maybe(st.lists(maybe(LINE_ITEM), max_size=22))},
    optional={
        "after_completion": maybe(AFTER),
        "payment_method_types": maybe(
            st.lists(st.sampled_from(["card", "sepa_debit", "us_bank_account"]))
        ),
        "subscription_data": maybe(st.fixed_dictionaries({"trial_period_days": st.integers(1, 9)})),
        "invoice_creation": maybe(st.fixed_dictionaries({"enabled": st.booleans()})),
        "optional_items": maybe(st.lists(maybe(LINE_ITEM), max_size=2)),
        "metadata": maybe(METADATA),
    },
)
HOOK = st.fixed_dictionaries(
    {
        "url": maybe(st.sampled_from(["https://e.com/h", "http://localhost:1/h", "http://e.com"])),
        "enabled_events": maybe(
            st.lists(st.sampled_from(["*", "checkout.session.completed", "x y"]))
        ),
    }
)
CATALOGS = st.fixed_dictionaries(
    {},
    optional={
        "products": maybe(st.dictionaries(KEYS, maybe(PRODUCT), max_size=3)),
        "prices": maybe(st.dictionaries(KEYS, maybe(PRICE), max_size=3)),
        "payment_links": maybe(st.dictionaries(KEYS, maybe(LINK), max_size=2)),
        "webhook_endpoints": maybe(st.dictionaries(KEYS, maybe(HOOK), max_size=2)),
        "paymnet_links": ODD,
    },
)


def to_yaml(data: Any) -> str:
    stream = io.StringIO()
    YAML().dump(data, stream)
    return stream.getvalue()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CATALOGS, st.booleans())
def test_random_catalogs_load_or_raise_catalog_error(data: dict[str, Any], as_json: bool) -> None:
    text = json.dumps(data) if as_json else to_yaml(data)
    try:
        catalog = validate_catalog_document(parse_yaml(text, "random.yaml"))
    except CatalogError as error:
        assert error.problems
        assert all(p.file == "random.yaml" and p.line >= 0 for p in error.problems)
    else:
        assert isinstance(catalog, Catalog)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab:{}[]-,'\"\n #&*!|>%@`\t")), max_size=40))
def test_random_yaml_text_never_crashes(text: str) -> None:
    with contextlib.suppress(CatalogError):
        validate_catalog_document(parse_yaml(text, "noise.yaml"))


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["product", "price", "payment_link", "webhook_endpoint"]),
    st.one_of(PRODUCT, PRICE, LINK, HOOK),
    st.one_of(
        st.none(),
        st.just(UNKNOWN),
        st.lists(
            maybe(
                st.fixed_dictionaries(
                    {
                        "currency": maybe(st.just("eur")),
                        "type": maybe(st.just("recurring")),
                        "custom_unit_amount": maybe(st.booleans()),
                        "billing_scheme": ODD,
                        "tiered": ODD,
                    }
                )
            ),
            max_size=3,
        ),
    ),
)
def test_random_resource_inputs_only_yield_problems(
    kind: str, fields: dict[str, Any], facts: Any
) -> None:
    inputs = {"key": "k", "scope": "dev", **fields, "line_item_prices": facts}
    problems = validate_resource(kind, inputs)
    assert isinstance(problems, list)


def test_load_catalog_reads_files(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(to_yaml({"products": {"pro": {"name": "Pro"}}}), encoding="utf-8")
    assert list(load_catalog(path).products) == ["pro"]
