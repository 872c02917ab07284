"""The checked-in JSON Schema matches the models, and describes every field for editors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from schemas.jsonschema import SCHEMA_PATH, catalog_json_schema, render_catalog_schema


def test_checked_in_schema_is_current() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == render_catalog_schema(), (
        "schemas/catalog.schema.json is stale: run `python -m schemas.jsonschema` "
        "(or `paylinks validate --write-schema`) and commit the result"
    )


def test_every_field_has_a_description() -> None:
    schema = catalog_json_schema()
    missing = [
        f"{name}.{field}"
        for name, definition in schema["$defs"].items()
        for field, spec in definition.get("properties", {}).items()
        if not spec.get("description")
    ]
    missing += [
        field for field, spec in schema["properties"].items() if not spec.get("description")
    ]
    assert missing == []


def test_schema_is_strict_and_carries_stripe_limits() -> None:
    schema: dict[str, Any] = json.loads(render_catalog_schema())
    definitions = schema["$defs"]
    assert all(
        d.get("additionalProperties") is False for d in definitions.values() if "properties" in d
    )
    line_items = definitions["PaymentLinkSpec"]["properties"]["line_items"]
    assert (line_items["minItems"], line_items["maxItems"]) == (1, 20)
    assert definitions["Redirect"]["required"] == ["url"]


def test_regeneration_command_writes_the_same_schema(tmp_path: Path) -> None:
    target = tmp_path / "catalog.schema.json"
    subprocess.run(
        [sys.executable, "-m", "schemas.jsonschema", str(target)], check=True, capture_output=True
    )
    assert target.read_text(encoding="utf-8") == SCHEMA_PATH.read_text(encoding="utf-8")
