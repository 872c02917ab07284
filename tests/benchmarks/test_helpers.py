"""The benchmark's own helpers: fast, no network (they run in the default suite)."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemas import load_catalog
from tests.benchmarks.baseline import workers_for
from tests.benchmarks.catalog_gen import catalog_yaml, changed_price_catalog
from tests.benchmarks.doc_sections import marked_sections, replace_section, section_of
from tests.benchmarks.request_stats import normalise_path, summarise


def test_ids_in_paths_are_normalised_but_route_names_kept() -> None:
    assert normalise_path("/v1/prices") == "/v1/prices"
    assert normalise_path("/v1/prices/price_123") == "/v1/prices/{id}"
    assert (
        normalise_path("/v1/payment_links/plink_1/line_items")
        == "/v1/payment_links/{id}/line_items"
    )


def test_requests_are_counted_by_route_and_class_with_429s_apart() -> None:
    stats = summarise(
        [
            {"method": "GET", "path": "/v1/prices", "status": 200},
            {"method": "GET", "path": "/v1/prices/price_1", "status": 200},
            {"method": "POST", "path": "/v1/prices", "status": 429},
            {"method": "POST", "path": "/v1/prices", "status": 200},
        ]
    )
    assert stats.total == 4
    assert stats.rate_limited == 1
    assert stats.by_route["POST /v1/prices"] == 2
    assert dict(stats.by_class) == {"listing": 1, "read": 1, "write": 1}


def test_generated_catalogs_are_valid_and_the_change_touches_one_price(tmp_path: Path) -> None:
    path = tmp_path / "catalog.yaml"
    path.write_text(catalog_yaml(12))
    catalog = load_catalog(path)
    assert (len(catalog.products), len(catalog.prices), len(catalog.payment_links)) == (12, 12, 12)
    path.write_text(changed_price_catalog(12))
    changed = load_catalog(path)
    differing = [k for k in catalog.prices if catalog.prices[k] != changed.prices[k]]
    assert differing == ["price-0000"]


def test_timestamps_give_the_api_window_and_the_peak_in_flight() -> None:
    stats = summarise(
        [
            {"method": "POST", "path": "/v1/products", "status": 200,
             "received_at": 10.0, "answered_at": 10.3},
            {"method": "POST", "path": "/v1/products", "status": 200,
             "received_at": 10.1, "answered_at": 10.4},
            {"method": "POST", "path": "/v1/products", "status": 200,
             "received_at": 10.4, "answered_at": 10.7},
        ]
    )
    assert stats.window == pytest.approx(0.7)
    assert stats.peak_in_flight == 2  # an answer at the instant of an arrival counts first
    assert stats.request_seconds == pytest.approx(0.9)


def test_a_document_section_is_replaced_in_place_or_appended() -> None:
    doc = "# Title\n\ntext\n"
    once = replace_section(doc, "latency", "first")
    assert once == "# Title\n\ntext\n\n<!-- latency:start -->\nfirst\n<!-- latency:end -->\n"
    twice = replace_section(once + "tail\n", "latency", "second")
    assert "first" not in twice and "second" in twice and twice.endswith("tail\n")
    assert section_of(twice, "latency") == "<!-- latency:start -->\nsecond\n<!-- latency:end -->"


def test_every_marked_section_is_found_in_order_for_a_rewrite_to_keep() -> None:
    doc = replace_section("# T\n\nold report\n", "startup", "prose")
    doc = replace_section(doc, "latency", "x")
    assert marked_sections(doc) == [
        "<!-- startup:start -->\nprose\n<!-- startup:end -->",
        "<!-- latency:start -->\nx\n<!-- latency:end -->",
    ]
    assert marked_sections("# no sections\n") == []


def test_baseline_threads_reach_the_rate_despite_latency() -> None:
    assert workers_for(25, 0.3) == 15
    assert workers_for(100, 0.3) == 60
    assert workers_for(None, 0.3) == 4
