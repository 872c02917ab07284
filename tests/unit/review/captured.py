"""Real `pulumi preview --json` documents captured from the CLI (`fixtures/*.json`).

They come from `fixtures/capture/capture.sh` (the real CLI on a stand-in project); regenerate
them with that script, never by hand.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures"
CAPTURED = sorted(p.stem for p in FIXTURES.glob("*.json"))


def load_raw(name: str) -> dict[str, Any]:
    """The captured document, decoded (tests may edit a copy to inject values)."""
    return dict(json.loads((FIXTURES / f"{name}.json").read_text()))
