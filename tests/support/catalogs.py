"""Catalogs shared by scenarios, as files (`tests/support/catalogs/<name>.yaml`)."""

from __future__ import annotations

from pathlib import Path

CATALOGS = Path(__file__).resolve().parent / "catalogs"


def catalog_text(name: str) -> str:
    """The text of shared catalog NAME (`beans`, `beans-and-duo`...)."""
    return (CATALOGS / f"{name}.yaml").read_text()
