"""A link removed from the catalog stops selling but keeps its URL for when it comes back.

Stripe cannot delete a payment link, and customers may have its URL printed on a flyer: removing
it from the catalog deactivates it, and putting it back reactivates the very same link.
"""

from __future__ import annotations

import pytest

from tests.support.catalogs import catalog_text
from tests.support.emulator import EmulatorProcess
from tests.support.fixtures import CatalogProjectFactory

pytestmark = pytest.mark.e2e

WITH_LINK = catalog_text("beans-and-duo")

WITHOUT_LINK = catalog_text("beans")


def test_removed_link_is_deactivated_and_re_adding_it_restores_the_same_url(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess
) -> None:
    project = catalog_project(WITH_LINK)
    project.up()
    original = project.links()["beans-duo"]
    stripe = emulator.client()

    project.write_catalog(WITHOUT_LINK)
    project.up()
    assert set(project.links()) == {"beans"}
    removed = stripe.v1.payment_links.retrieve(original["id"])  # still there: never deleted
    assert removed.active is False, "a link removed from the catalog is still selling"
    assert removed.url == original["url"]
    assert not [r for r in emulator.requests() if r["method"] == "DELETE"], "a DELETE was sent"
    assert stripe.v1.payment_links.retrieve(project.links()["beans"]["id"]).active is True

    project.write_catalog(WITH_LINK)
    project.up()
    restored = project.links()["beans-duo"]
    assert restored["id"] == original["id"], "re-adding the link created a new one"
    assert restored["url"] == original["url"], "re-adding the link changed its URL"
    assert restored["active"] is True
    assert stripe.v1.payment_links.retrieve(original["id"]).active is True
    every_link = stripe.v1.payment_links.list(params={"limit": 100}).data
    assert len(every_link) == 2, f"duplicate links in Stripe: {[link.id for link in every_link]}"
