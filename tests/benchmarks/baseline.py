"""The hand-written baseline: plain stripe-python making a benchmark catalog's objects.

What a careful engineer would write without Pulumi: one ``StripeClient`` shared by a pool of
worker threads, each worker making one link's product, price and link in order (the same
dependency chain the engine follows), 429s retried with capped exponential backoff and jitter.
It makes exactly the objects `catalog_gen.catalog_yaml(n)` declares, with the same fields and
ownership metadata, so ``paylinks time / baseline time`` is the cost of the engine, the state
file and the providers' bookkeeping.

Run it alone against an emulator::

    python -m tests.benchmarks.baseline --api-base http://127.0.0.1:12111 --n 100 --workers 4
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import stripe

from tests.benchmarks.catalog_gen import BenchObject, bench_spec

__all__ = ["DEFAULT_WORKERS", "main", "provision"]

T = TypeVar("T")

DEFAULT_WORKERS = 4
"""Pulumi's Python dynamic-provider server runs at most 4 provider calls at once (its gRPC
thread pool), below the CLI's default ``--parallel 8``: 4 is the concurrency paylinks gets."""

SCOPE = "bench"


def _with_retries(request: Callable[[], T], max_retries: int = 6) -> T:
    """Run `request`, retrying rate-limited (429) answers with capped, jittered backoff."""
    for attempt in range(max_retries + 1):
        try:
            return request()
        except stripe.RateLimitError:
            if attempt == max_retries:
                raise
            time.sleep(random.random() * min(5.0, 0.25 * 2**attempt))
    raise AssertionError("unreachable")


def _metadata(key: str) -> dict[str, str]:
    return {"paylinks_scope": SCOPE, "paylinks_key": key}


def _make_chain(client: stripe.StripeClient, obj: BenchObject) -> None:
    """Product, then its price, then the link selling it."""
    product: Any = _with_retries(
        lambda: client.v1.products.create(
            params={
                "id": f"prod_pl_{SCOPE}_{obj.product_key}".replace("-", "_"),
                "name": f"Bench product {obj.index}",
                "active": True,
                "metadata": _metadata(obj.product_key),
            }
        )
    )
    price: Any = _with_retries(
        lambda: client.v1.prices.create(
            params={
                "product": product.id,
                "currency": "eur",
                "unit_amount": obj.unit_amount,
                "lookup_key": f"{SCOPE}:bench_{obj.index:04d}",
                "transfer_lookup_key": True,
                "active": True,
                "metadata": _metadata(obj.price_key),
            }
        )
    )
    _with_retries(
        lambda: client.v1.payment_links.create(
            params={
                "line_items": [{"price": price.id, "quantity": 1}],
                "metadata": _metadata(obj.link_key),
            }
        )
    )


def provision(api_base: str, api_key: str, n: int, workers: int = DEFAULT_WORKERS) -> float:
    """Make the N-link catalog's objects; return the wall time in seconds."""
    client = stripe.StripeClient(api_key, base_addresses={"api": api_base}, max_network_retries=3)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for future in [pool.submit(_make_chain, client, obj) for obj in bench_spec(n)]:
            future.result()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    """CLI entry: print the wall time of one baseline run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--api-base", required=True, help="Stripe API base (an emulator URL)")
    parser.add_argument("--api-key", default="sk_test_baseline", help="a test-mode key")
    parser.add_argument("--n", type=int, default=10, help="number of links (3 objects each)")
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help="concurrent chains")
    args = parser.parse_args(argv)
    seconds = provision(args.api_base, args.api_key, args.n, args.workers)
    print(f"baseline: {3 * args.n} objects in {seconds:.2f} s with {args.workers} workers")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
