"""`paylinks.program.deploy` lets registrations reach the engine while it is still declaring.

Run under Pulumi's mocks (no engine): the mock monitor is called for each registration, so the
order of calls against the count of resources declared so far shows whether the first products
went out before the program had built everything (issue 14: the engine sat idle for seconds).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pulumi
import pytest
from pulumi.runtime.stack import wait_for_rpcs

from paylinks import program
from schemas import Catalog, load_catalog
from tests.benchmarks.catalog_gen import catalog_yaml

LINKS = 40


class Recorder(pulumi.runtime.Mocks):
    """Registers every resource, noting how many the program had declared by then."""

    def __init__(self, declared: list[str]) -> None:
        self.declared = declared
        self.registered: list[tuple[str, int]] = []

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        self.registered.append((args.name, len(self.declared)))
        return f"{args.name}_id", dict(args.inputs)

    def call(self, args: pulumi.runtime.MockCallArgs) -> dict[str, Any]:
        return {}


@pytest.fixture
def catalog(tmp_path: Path) -> Catalog:
    path = tmp_path / "catalog.yaml"
    path.write_text(catalog_yaml(LINKS))
    return load_catalog(path)


def test_first_products_are_registered_before_the_last_objects_are_declared(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    declared: list[str] = []
    for kind, make in list(program._RESOURCES.items()):

        def counting(key: str, args: Any, make: Any = make) -> Any:
            declared.append(key)
            return make(key, args)

        monkeypatch.setitem(program._RESOURCES, kind, counting)
    mocks = Recorder(declared)
    loop = asyncio.new_event_loop()
    try:
        asyncio.set_event_loop(loop)
        pulumi.runtime.set_mocks(mocks, preview=False)

        async def declare_all() -> dict[str, pulumi.Output[Any]]:
            outputs = await program.deploy(catalog, "test-scope")
            await wait_for_rpcs()
            return outputs

        outputs = loop.run_until_complete(declare_all())
    finally:
        asyncio.set_event_loop(None)
        loop.close()

    total = 3 * LINKS
    assert len(declared) == total
    assert sorted(name for name, _ in mocks.registered) == sorted(declared)
    first_name, declared_by_then = mocks.registered[0]
    assert first_name.startswith("product-")
    assert declared_by_then < total, "nothing reached the engine until everything was declared"
    assert declared_by_then <= 2 * program.DECLARED_PER_TURN
    assert set(outputs) >= {"links", "prices", "products", "webhook_endpoints"}
