"""Say in one line whether the `pulumi up` just made changed anything, after `make deploy`.

Usage: `update_summary.py HISTORY.json STACK`, where HISTORY.json is `pulumi stack history
--json --page-size 1` (its newest entry is the update just made). A re-run of an unchanged
catalog says "no changes … (a no-op)", which is what a CI log reader looks for.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

__all__ = ["summarise"]

#: Pulumi's operation names in the words a catalog owner uses.
_DONE = {
    "create": "created",
    "update": "updated",
    # Stripe keeps links, promotion codes, prices and shipping rates: removing one retires it.
    "delete": "removed (deleted, or deactivated/archived where Stripe keeps it)",
    "replace": "replaced",
    "create-replacement": "created as replacements",
    "delete-replaced": "replaced objects retired",
    "import": "imported",
}


def summarise(history: list[dict[str, Any]], stack: str) -> str:
    """One line for the newest history entry: its changes by operation, or that it was a no-op."""
    if not history:
        return f"==> stack {stack}: no update history to summarise"
    changes = history[0].get("resourceChanges") or {}
    made = {op: n for op, n in changes.items() if op != "same" and n}
    if not made:
        return f"==> no changes: stack {stack} already matched the catalog (a no-op)"
    done = ", ".join(f"{n} {_DONE.get(op, op)}" for op, n in sorted(made.items()))
    return f"==> stack {stack} updated: {done}"


def main(argv: list[str]) -> int:
    """Command-line entry: see the module docstring."""
    if len(argv) != 2:
        print("usage: update_summary.py HISTORY.json STACK", file=sys.stderr)
        return 2
    print(summarise(json.loads(Path(argv[0]).read_text() or "[]"), argv[1]), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
