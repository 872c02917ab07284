"""Fixtures for the review tests: real `pulumi preview --json` documents captured from the CLI.

`fixtures/*.json` come from `fixtures/capture/capture.sh` (the real CLI on a stand-in project);
regenerate them with that script, never by hand.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from paylinks.review import Plan, parse_plan
from tests.unit.review.captured import load_raw


@pytest.fixture
def plan_of() -> Callable[[str], Plan]:
    """Parse one captured preview by name (``price-change``, ``removal``...)."""
    return lambda name: parse_plan(load_raw(name))
