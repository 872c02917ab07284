"""Moved to `tests.support` (runner: `tests.support.pulumi`, fixture: `tests.support.fixtures`).

Kept only so branches written before the move still import; new code imports from
`tests.support` and requests the `catalog_project` fixture without importing it.
"""

from __future__ import annotations

from tests.support.fixtures import CatalogProjectFactory, catalog_project
from tests.support.pulumi import CATALOG_FILE, CatalogProject, write_catalog

__all__ = ["CATALOG_FILE", "CatalogProject", "CatalogProjectFactory",
           "catalog_project", "write_catalog"]
