"""Write an imported catalog as YAML a reviewer can read: sections in catalog order, a header."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from ruamel.yaml import YAML

from schemas.kinds import KINDS

__all__ = ["SECTIONS", "render_catalog"]

SECTIONS = tuple(description.section for description in KINDS.values())
"""Catalog sections in dependency order (as the example catalog has them): what an entry
references is written above it."""


def render_catalog(catalog: Mapping[str, Mapping[str, Any]], source: str) -> str:
    """The catalog as YAML text; empty sections are left out, `source` goes in the header."""
    yaml = YAML()
    yaml.default_flow_style = False
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    document = {section: dict(catalog[section]) for section in SECTIONS if catalog.get(section)}
    buffer = io.StringIO()
    if document:
        yaml.dump(document, buffer)
    header = (
        f"# Imported by `paylinks import` from {source}.\n"
        "# Keys (left of the colon) are stable across environments; webhook signing secrets are\n"
        "# never written here (a stack outputs them).\n\n"
    )
    return header + buffer.getvalue()
