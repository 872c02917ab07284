"""Golden reviews: the real program, providers and CLI against the emulator, as PR comments.

One stack walks the scenarios a reviewer must understand (create, no change, in-place update,
price change → link replacement, removal → deactivation, re-add → reactivation, `active: false`
and back). At each step the
real `pulumi preview --json` goes through `paylinks review`, and the Markdown — with volatile parts
(Stripe ids, emulator port, link URLs) normalised — must equal `tests/e2e/golden/<scenario>.md`.

Regenerate after an intended change with ``PAYLINKS_UPDATE_GOLDEN=1 pytest tests/e2e/
test_review_golden.py`` and review the diff; that run also rewrites `docs/example-review.md`
and the README's quote of it.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from paylinks.review import parse_plan, render_review
from tests.readme_example import README, readme_with_review
from tests.support.fixtures import CatalogProjectFactory
from tests.support.paths import REPO_ROOT
from tests.support.pulumi import CatalogProject

pytestmark = pytest.mark.e2e

GOLDEN = Path(__file__).resolve().parent / "golden"
CATALOGS = GOLDEN / "catalogs"
EXAMPLE_DOC = REPO_ROOT / "docs" / "example-review.md"
UPDATE = os.environ.get("PAYLINKS_UPDATE_GOLDEN") == "1"
STACK = "dev"

#: Volatile parts of a review and what they become: emulator address, Stripe object ids (random
#: per run; product ids are deterministic and kept), link URL slugs.
_VOLATILE = [
    (re.compile(r"http://127\.0\.0\.1:\d+"), "http://127.0.0.1:PORT"),
    (re.compile(r"\b(price|plink|we|cs|feat_test|prodft)_[A-Za-z0-9]{6,}"), r"\1_ID"),
    (re.compile(r"/test_[A-Za-z0-9]{6,}"), "/test_SLUG"),
]


def normalise(markdown: str) -> str:
    """The review with run-specific values replaced by stable placeholders."""
    for pattern, replacement in _VOLATILE:
        markdown = pattern.sub(replacement, markdown)
    return markdown


def catalog(name: str) -> str:
    """The text of `golden/catalogs/<name>.yaml`."""
    return (CATALOGS / f"{name}.yaml").read_text(encoding="utf-8")


def review(project: CatalogProject) -> str:
    """`pulumi preview --json` rendered by `paylinks review`, normalised."""
    return normalise(render_review(parse_plan(project.preview_json()), stack=STACK))


def check_golden(name: str, markdown: str, mismatches: list[str]) -> None:
    """Compare with (or, when updating, rewrite) `golden/<name>.md`."""
    path = GOLDEN / f"{name}.md"
    if UPDATE:
        path.write_text(markdown, encoding="utf-8")
        return
    expected = path.read_text(encoding="utf-8") if path.exists() else "<missing golden file>"
    if markdown != expected:
        diff = difflib.unified_diff(
            expected.splitlines(keepends=True),
            markdown.splitlines(keepends=True),
            fromfile=f"golden/{name}.md",
            tofile="actual",
        )
        mismatches.append("".join(diff))


def test_reviews_of_every_scenario_match_the_golden_files(
    catalog_project: CatalogProjectFactory,
) -> None:
    project = catalog_project(catalog("base"), stack=STACK)
    mismatches: list[str] = []
    check_golden("create", review(project), mismatches)
    project.up()
    check_golden("no-change", review(project), mismatches)

    project.write_catalog(catalog("update"))
    check_golden("update", review(project), mismatches)
    project.write_catalog(catalog("price-change"))
    check_golden("price-change", review(project), mismatches)
    project.write_catalog(catalog("example"))
    example = review(project)
    check_golden("example", example, mismatches)

    project.write_catalog(catalog("removal"))
    removal = project.preview_json()
    check_golden("removal", normalise(render_review(parse_plan(removal))), mismatches)
    project.up()

    project.write_catalog(catalog("base"))
    check_golden("re-add", review(project), mismatches)
    project.up()
    assert link_urls(project) >= deactivated_urls(removal), (
        "the review promised a re-added link keeps its URL, but it got a new one"
    )

    project.write_catalog(catalog("paused"))
    check_golden("pause", review(project), mismatches)
    project.up()
    project.write_catalog(catalog("base"))
    check_golden("reactivate", review(project), mismatches)
    if UPDATE:
        EXAMPLE_DOC.write_text(example_document(example), encoding="utf-8")
        README.write_text(
            readme_with_review(README.read_text(encoding="utf-8"), example_document(example)),
            encoding="utf-8",
        )
    assert not mismatches, "reviews differ from the golden files:\n\n" + "\n\n".join(mismatches)


def test_reviews_of_entitlement_feature_changes_match_the_golden_files(
    catalog_project: CatalogProjectFactory,
) -> None:
    """A product's features attached and detached, a feature renamed, archived and re-keyed,
    as the reviewer reads them."""
    project = catalog_project(catalog("features-base"), stack=STACK)
    mismatches: list[str] = []
    check_golden("features-create", review(project), mismatches)
    project.up()
    project.write_catalog(catalog("features-change"))
    check_golden("features-change", review(project), mismatches)
    project.write_catalog(catalog("features-rekey"))
    check_golden("features-rekey", review(project), mismatches)
    assert not mismatches, "reviews differ from the golden files:\n\n" + "\n\n".join(mismatches)


def deactivated_urls(plan: dict[str, Any]) -> set[str]:
    """URLs of the links a plan deactivates (its payment link deletes)."""
    return {
        step["oldState"]["outputs"]["url"]
        for step in plan["steps"]
        if step["op"] == "delete" and step["urn"].split("::")[2].endswith(":PaymentLink")
    }


def link_urls(project: CatalogProject) -> set[str]:
    """URLs of the payment links in the stack's state."""
    state = json.loads(project.run("stack", "export", "--stack", STACK).stdout)
    return {
        resource["outputs"]["url"]
        for resource in state["deployment"].get("resources", [])
        if resource["type"].endswith(":PaymentLink") and "url" in resource.get("outputs", {})
    }


def example_document(review_markdown: str) -> str:
    """`docs/example-review.md`: the example comment, generated from a real run."""
    return (
        "<!-- Generated by tests/e2e/test_review_golden.py (PAYLINKS_UPDATE_GOLDEN=1) from a\n"
        "     real `pulumi preview --json` of tests/e2e/golden/catalogs/example.yaml against the\n"
        "     emulator. Do not edit by hand. -->\n"
        "\n" + review_markdown
    )
