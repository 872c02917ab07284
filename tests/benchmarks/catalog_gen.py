"""Synthetic catalogs of N payment links for the provisioning benchmark.

Each link sells one price of its own product, so a catalog of N links is 3N Stripe objects and
3N Pulumi resources: the simplest shape that still exercises every dependency edge the program
has (product → price → link). `bench_spec` and `catalog_yaml` describe the same objects, so the
hand-written baseline (`baseline.py`) makes exactly what the paylinks run makes.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["BenchObject", "bench_spec", "catalog_yaml", "changed_price_catalog"]

BASE_AMOUNT = 1000
"""Unit amount of the first price (cents); price i costs BASE_AMOUNT + i."""


@dataclass(frozen=True)
class BenchObject:
    """One link with its product and price, by logical key."""

    index: int
    product_key: str
    price_key: str
    link_key: str
    unit_amount: int


def bench_spec(n: int) -> list[BenchObject]:
    """The N product/price/link triples of a benchmark catalog."""
    return [
        BenchObject(
            index=i,
            product_key=f"product-{i:04d}",
            price_key=f"price-{i:04d}",
            link_key=f"link-{i:04d}",
            unit_amount=BASE_AMOUNT + i,
        )
        for i in range(n)
    ]


def catalog_yaml(n: int, bump_price: int | None = None) -> str:
    """The catalog YAML for N links; `bump_price` changes that price's amount (a replacement)."""
    products, prices, links = [], [], []
    for obj in bench_spec(n):
        amount = obj.unit_amount + (1 if obj.index == bump_price else 0)
        products.append(f"  {obj.product_key}: {{name: Bench product {obj.index}}}")
        prices.append(
            f"  {obj.price_key}: {{product: {obj.product_key}, currency: eur, "
            f"unit_amount: {amount}, lookup_key: bench_{obj.index:04d}}}"
        )
        links.append(
            f"  {obj.link_key}:\n    line_items: [{{price: {obj.price_key}, quantity: 1}}]"
        )
    return "\n".join(["products:", *products, "prices:", *prices, "payment_links:", *links, ""])


def changed_price_catalog(n: int) -> str:
    """The catalog with the first price's amount changed: what a typical PR preview sees."""
    return catalog_yaml(n, bump_price=0)
