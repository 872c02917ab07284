"""Keys that collide once turned into Stripe ids or lookup keys are refused at validate, naming
both keys and the fix (rename one), before `pulumi up` could half-apply."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemas import CatalogError, load_catalog


def _problems(tmp_path: Path, text: str) -> list[tuple[str, str]]:
    catalog_file = tmp_path / "catalog.yaml"
    catalog_file.write_text(text)
    with pytest.raises(CatalogError) as raised:
        load_catalog(catalog_file)
    return [(p.path, p.message) for p in raised.value.problems]


def test_product_keys_equal_once_dashes_become_underscores_collide(tmp_path: Path) -> None:
    (problem,) = _problems(
        tmp_path, "products:\n  brew-kit: {name: Brew kit}\n  brew_kit: {name: Brew kit}\n"
    )
    assert problem[0] == "products.brew_kit"
    assert "key collision: products 'brew-kit' and 'brew_kit'" in problem[1]
    assert "rename one key" in problem[1] and "paylinks:scope" not in problem[1]


def test_the_same_custom_product_id_twice_collides(tmp_path: Path) -> None:
    (problem,) = _problems(
        tmp_path, "products:\n  a: {name: A, id: prod_x}\n  b: {name: B, id: prod_x}\n"
    )
    assert problem == (
        "products.b.id",
        "key collision: products 'a' and 'b' both declare id 'prod_x'; Stripe product ids are "
        "unique per account, so change or remove one `id`",
    )


def test_a_lookup_key_declared_twice_collides(tmp_path: Path) -> None:
    (problem,) = _problems(
        tmp_path,
        "products:\n  beans: {name: Beans}\nprices:\n"
        "  a: {product: beans, currency: eur, unit_amount: 1, lookup_key: house}\n"
        "  b: {product: beans, currency: eur, unit_amount: 2, lookup_key: house}\n",
    )
    assert problem[0] == "prices.b.lookup_key"
    assert "key collision: prices 'a' and 'b' both declare lookup_key 'house'" in problem[1]
