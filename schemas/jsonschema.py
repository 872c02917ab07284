"""The catalog's JSON Schema (for editors), generated from the models and checked in.

Regenerate with ``python -m schemas.jsonschema`` (or ``paylinks validate --write-schema``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from schemas.catalog import Catalog

__all__ = ["SCHEMA_PATH", "catalog_json_schema", "render_catalog_schema", "write_catalog_schema"]

SCHEMA_PATH = Path(__file__).with_name("catalog.schema.json")
"""Where the checked-in schema lives (next to this module)."""


def catalog_json_schema() -> dict[str, Any]:
    """The JSON Schema of a catalog file."""
    schema = Catalog.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://paylinks.dev/schemas/catalog.schema.json",
        **schema,
    }


def render_catalog_schema() -> str:
    """The schema as the exact text checked in (stable key order, trailing newline)."""
    return json.dumps(catalog_json_schema(), indent=2, ensure_ascii=False) + "\n"


def write_catalog_schema(path: Path = SCHEMA_PATH) -> Path:
    """Write the schema file and return its path."""
    path.write_text(render_catalog_schema(), encoding="utf-8")
    return path


if __name__ == "__main__":
    written = write_catalog_schema(Path(sys.argv[1]) if len(sys.argv) > 1 else SCHEMA_PATH)
    print(f"wrote {written}")
