"""Print a stack's payment links after `make deploy`, saying what changed for customers.

Usage: `print_links.py AFTER.json [BEFORE.json]`, each the `links` stack output (`pulumi stack
output --json links`; an empty file for a stack without outputs yet). Each link is
`{id, url, active}`. One `key: url` line per link, with a
note when the link is new, its URL changed (customers holding the old one see an expiry page), it
was deactivated or it came back.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

__all__ = ["Link", "read_links", "render"]


class Link:
    """One payment link as the stack output shows it."""

    def __init__(self, value: dict[str, Any]) -> None:
        self.url = str(value.get("url"))
        self.active = bool(value.get("active", True))


def read_links(text: str) -> dict[str, Link]:
    """The `links` output (JSON text; empty means none) as Link objects by key."""
    text = text.strip()
    data = json.loads(text) if text else {}
    return {key: Link(value) for key, value in (data or {}).items()}


def _note(key: str, link: Link, before: dict[str, Link] | None) -> str:
    old = before.get(key) if before is not None else None
    if not link.active:
        deactivated_now = old is not None and old.active
        return "  (inactive: deactivated by this deploy)" if deactivated_now else "  (inactive)"
    if before is None:
        return ""
    if old is None:
        return "  (new link)"
    if old.url != link.url:
        return f"  (NEW URL; the old {old.url} now shows an expiry page)"
    if not old.active:
        return "  (reactivated, same URL)"
    return ""


def render(after: dict[str, Link], before: dict[str, Link] | None = None) -> list[str]:
    """`key: url` lines sorted by key, a note on each change, then a one-line summary."""
    lines = [f"{key}: {link.url}{_note(key, link, before)}" for key, link in sorted(after.items())]
    if not lines:
        return ["(the stack has no `links` output yet)"]
    if before is not None:
        changed = sorted(k for k, new in after.items() if k in before and before[k].url != new.url)
        inactive = sorted(k for k, link in after.items() if not link.active)
        lines.append(
            f"{len(after)} link(s); URL changed: {', '.join(changed) or 'none'}; "
            f"inactive: {', '.join(inactive) or 'none'}"
        )
    return lines


def main(argv: list[str]) -> int:
    """Command-line entry: see the module docstring (stdin when no file is given)."""
    if len(argv) > 2:
        print("usage: print_links.py [AFTER.json [BEFORE.json]]", file=sys.stderr)
        return 2
    after = read_links(Path(argv[0]).read_text() if argv else sys.stdin.read())
    before = read_links(Path(argv[1]).read_text()) if len(argv) == 2 else None
    print("\n".join(render(after, before)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
