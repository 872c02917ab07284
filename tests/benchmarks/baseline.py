"""The hand-written baseline: plain stripe-python making a benchmark catalog's objects.

What a careful engineer would write without Pulumi: one ``StripeClient`` shared by a pool of
worker threads, each worker making one link's product, price and link in order (the same
dependency chain the engine follows), 429s retried with capped exponential backoff and jitter.
It makes exactly the objects `catalog_gen.catalog_yaml(n)` declares, with the same fields and
ownership metadata, so ``paylinks time / baseline time`` is the cost of the engine, the state
file and the providers' bookkeeping.

Against a rate limit it paces itself with a token bucket (as the providers do) and runs with
enough workers to keep the limit busy despite each request's latency (`workers_for`); besides the
cold create, `lifecycle` also reads everything back (what ``refresh`` reads) and retires it the
way Stripe allows (what ``destroy`` sends), so each paylinks command has its counterpart.

Run it alone against an emulator::

    python -m tests.benchmarks.baseline --api-base http://127.0.0.1:12111 --n 100 --workers 4
"""

from __future__ import annotations

import argparse
import math
import random
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

import stripe

from providers.pacing import TokenBucket, burst_for
from tests.benchmarks.catalog_gen import BenchObject, bench_spec

__all__ = ["DEFAULT_WORKERS", "Chain", "lifecycle", "main", "provision", "workers_for"]

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


@dataclass
class Chain:
    """The ids of one link's product, price and link, once made."""

    product: str = ""
    price: str = ""
    link: str = ""


class _Paced:
    """Wait for the shared token bucket before each request (no-op without a rate)."""

    def __init__(self, rate: float | None) -> None:
        self.bucket = TokenBucket(rate, burst_for(rate)) if rate else None

    def __call__(self, request: Callable[[], T]) -> T:
        def paced() -> T:
            if self.bucket is not None:
                self.bucket.acquire()
            return request()

        return _with_retries(paced)


def workers_for(rate: float | None, latency_s: float) -> int:
    """Threads that keep `rate` requests/s busy when each takes `latency_s` (twice Little's
    law, for the client's own time), never fewer than `DEFAULT_WORKERS`."""
    if not rate:
        return DEFAULT_WORKERS
    return max(DEFAULT_WORKERS, math.ceil(2 * rate * max(latency_s, 0.01)))


def _make_chain(
    client: stripe.StripeClient, obj: BenchObject, send: Callable[[Any], Any] = _with_retries
) -> Chain:
    """Product, then its price, then the link selling it."""
    product: Any = send(
        lambda: client.v1.products.create(
            params={
                "id": f"prod_pl_{SCOPE}_{obj.product_key}".replace("-", "_"),
                "name": f"Bench product {obj.index}",
                "active": True,
                "metadata": _metadata(obj.product_key),
            }
        )
    )
    price: Any = send(
        lambda: client.v1.prices.create(
            params={
                "product": product.id,
                "currency": "eur",
                "unit_amount": obj.unit_amount,
                "lookup_key": f"bench_{obj.index:04d}",
                "transfer_lookup_key": True,
                "active": True,
                "metadata": _metadata(obj.price_key),
            }
        )
    )
    link: Any = send(
        lambda: client.v1.payment_links.create(
            params={
                "line_items": [{"price": price.id, "quantity": 1}],
                "metadata": _metadata(obj.link_key),
            }
        )
    )
    return Chain(product.id, price.id, link.id)


def _read_chain(client: stripe.StripeClient, chain: Chain, send: Callable[[Any], Any]) -> None:
    """What a refresh reads: each object, and the link's line items."""
    send(lambda: client.v1.products.retrieve(chain.product))
    send(lambda: client.v1.prices.retrieve(chain.price))
    send(lambda: client.v1.payment_links.retrieve(chain.link))
    send(lambda: client.v1.payment_links.line_items.list(chain.link))


def _retire_chain(client: stripe.StripeClient, chain: Chain, send: Callable[[Any], Any]) -> None:
    """What Stripe allows: deactivate the link, archive the price, then the product."""
    send(lambda: client.v1.payment_links.update(chain.link, params={"active": False}))
    send(lambda: client.v1.prices.update(chain.price, params={"active": False}))
    send(lambda: client.v1.products.update(chain.product, params={"active": False}))


def lifecycle(
    api_base: str, api_key: str, n: int, workers: int, rate: float | None
) -> dict[str, float]:
    """Create, read back and retire the N-link catalog; seconds per step (``cold up``,
    ``refresh``, ``destroy``, named after the paylinks command doing the same requests)."""
    client = stripe.StripeClient(api_key, base_addresses={"api": api_base}, max_network_retries=3)
    send = _Paced(rate)
    seconds: dict[str, float] = {}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        started = time.perf_counter()
        chains = list(pool.map(lambda obj: _make_chain(client, obj, send), bench_spec(n)))
        seconds["cold up"] = time.perf_counter() - started
        for phase, step in (("refresh", _read_chain), ("destroy", _retire_chain)):
            started = time.perf_counter()
            list(pool.map(lambda chain, step=step: step(client, chain, send), chains))
            seconds[phase] = time.perf_counter() - started
    return seconds


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
