"""A list of records that request threads append to while control calls read or clear it."""

from __future__ import annotations

import threading
from typing import Generic, TypeVar

__all__ = ["RecordLog"]

Record = TypeVar("Record")


class RecordLog(Generic[Record]):
    """Records in the order they were appended, safe to share between threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[Record] = []

    def append(self, entry: Record) -> None:
        """Record one more entry."""
        with self._lock:
            self._entries.append(entry)

    def entries(self) -> list[Record]:
        """A copy of the log, oldest first."""
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        """Forget every entry so far."""
        with self._lock:
            self._entries.clear()
