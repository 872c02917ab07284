"""Fixtures for the review tests: real `pulumi preview --json` documents captured from the CLI.

`fixtures/*.json` come from `fixtures/capture/capture.sh` (the real CLI on a stand-in project);
regenerate them with that script, never by hand.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from paylinks.review import Plan, parse_plan

FIXTURES = Path(__file__).parent / "fixtures"
CAPTURED = sorted(p.stem for p in FIXTURES.glob("*.json"))


def load_raw(name: str) -> dict[str, Any]:
    """The captured document, decoded (tests may edit a copy to inject values)."""
    return dict(json.loads((FIXTURES / f"{name}.json").read_text()))


@pytest.fixture
def plan_of() -> Callable[[str], Plan]:
    """Parse one captured preview by name (``price-change``, ``removal``...)."""
    return lambda name: parse_plan(load_raw(name))
