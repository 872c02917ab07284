"""Print the `links` stack output (JSON on stdin) as `key: url` lines for `make up`.

Each link is `{id, url, active}` (or, from older programs, just the URL).
"""

from __future__ import annotations

import json
import sys


def render(links: dict[str, object]) -> list[str]:
    """One `key: url` line per link, sorted by key; inactive links are marked."""
    lines = []
    for key, link in sorted(links.items()):
        if isinstance(link, dict):
            suffix = "" if link.get("active", True) else "  (inactive)"
            lines.append(f"{key}: {link.get('url')}{suffix}")
        else:
            lines.append(f"{key}: {link}")
    return lines or ["(the stack has no `links` output yet)"]


if __name__ == "__main__":
    text = sys.stdin.read().strip()
    print("\n".join(render(json.loads(text) if text else {})))
