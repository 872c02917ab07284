"""Every bad catalog in `bad_catalogs/` fails with exactly the problems its `# expect:` lines list.

Each expectation names the line, the catalog path and an excerpt of the message a user reads, so
a failure here says which user mistake would go unexplained (or be pinned to the wrong place).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from schemas import CatalogError, load_catalog

CORPUS = Path(__file__).with_name("bad_catalogs")
CASES = sorted(CORPUS.glob("*.yaml"))


def expectations(path: Path) -> list[tuple[int, str, str]]:
    """The ``# expect: line | path | message excerpt`` lines of a corpus file."""
    found = []
    for text in path.read_text(encoding="utf-8").splitlines():
        if text.startswith("# expect: "):
            line, field_path, excerpt = (part.strip() for part in text[10:].split("|", 2))
            found.append((int(line), field_path, excerpt))
    return found


def test_corpus_covers_every_rule() -> None:
    assert len(CASES) >= 20
    assert all(expectations(case) for case in CASES), "every corpus file states what it expects"


@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_bad_catalog_reports_each_problem_with_file_line_and_path(case: Path) -> None:
    with pytest.raises(CatalogError) as raised:
        load_catalog(case)
    problems = raised.value.problems
    reported = [(p.line, p.path, p.message) for p in problems]
    for line, field_path, excerpt in expectations(case):
        matches = [r for r in reported if r[0] == line and r[1] == field_path and excerpt in r[2]]
        assert matches, f"expected {line} {field_path}: ...{excerpt}... in {reported}"
    assert len(problems) == len(expectations(case)), f"unexpected extra problems: {reported}"
    assert all(p.file == str(case) for p in problems)
    for problem, text in zip(problems, str(raised.value).splitlines(), strict=True):
        assert text.startswith(f"{case}:{problem.line}: ")


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(
        "products:\n"
        "  pro: {nmae: Pro}\n"
        "prices:\n"
        "  pro-monthly: {product: pro, currency: eur, unit_amount: 1500, lookup_key: x}\n"
        "  pro-yearly: {product: pro, currency: usd, unit_amount: 15000, lookup_key: x}\n"
        "payment_links:\n"
        "  pro:\n"
        "    line_items: [{price: pro-monthly, quantity: 1}, {price: pro-yearly, quantity: 1}]\n",
        encoding="utf-8",
    )
    with pytest.raises(CatalogError) as raised:
        load_catalog(catalog)
    paths = {problem.path for problem in raised.value.problems}
    assert paths == {
        "products.pro.name",
        "products.pro.nmae",
        "prices.pro-yearly.lookup_key",
        "payment_links.pro.line_items[1].price",
    }


def test_missing_file_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    with pytest.raises(CatalogError) as raised:
        load_catalog(tmp_path / "nope.yaml")
    (problem,) = raised.value.problems
    assert problem.file.endswith("nope.yaml")
    assert "can't read the file" in problem.message


def test_alias_bombs_are_refused_quickly(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]" for n in range(1, 9)]
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="aliases are expanded"):
        load_catalog(bomb)
