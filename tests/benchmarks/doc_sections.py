"""Generated sections of docs/performance.md, each between ``<!-- NAME:start -->`` and
``<!-- NAME:end -->`` markers, so one benchmark rewrites its section and keeps the others."""

from __future__ import annotations

import re

__all__ = ["marked_sections", "replace_section", "section_of"]

_START = re.compile(r"<!-- (\S+):start -->")


def _markers(name: str) -> tuple[str, str]:
    return f"<!-- {name}:start -->", f"<!-- {name}:end -->"


def section_of(document: str, name: str) -> str | None:
    """The marked section NAME (markers included), or None when absent."""
    start, end = _markers(name)
    if start not in document or end not in document:
        return None
    head = document.index(start)
    return document[head : document.index(end, head) + len(end)]


def marked_sections(document: str) -> list[str]:
    """Every marked section of `document`, in its order (what a rewrite of the rest keeps)."""
    found = (section_of(document, name) for name in _START.findall(document))
    return [section for section in found if section is not None]


def replace_section(document: str, name: str, body: str) -> str:
    """`document` with section NAME set to `body` (appended at the end when absent)."""
    start, end = _markers(name)
    block = f"{start}\n{body.rstrip()}\n{end}"
    current = section_of(document, name)
    if current is None:
        return document.rstrip("\n") + "\n\n" + block + "\n"
    return document.replace(current, block)
