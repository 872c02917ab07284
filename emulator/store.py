"""State in SQLite (stdlib `sqlite3`): every object as JSON, plus the few indexed columns the
rules need (a price's product, a price's lookup_key) and saved idempotent responses.

One connection guarded by a re-entrant lock, so models may be called from any thread; a
`transaction()` makes a rule check and its write atomic. `:memory:` for tests, a file to keep
state across restarts.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

__all__ = ["IdempotentResponse", "Store"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS objects (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    seq INTEGER NOT NULL,
    parent TEXT,
    lookup_key TEXT UNIQUE,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS objects_kind_seq ON objects (kind, seq);
CREATE INDEX IF NOT EXISTS objects_parent ON objects (parent);
CREATE TABLE IF NOT EXISTS idempotency (
    key TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    status INTEGER NOT NULL,
    body TEXT NOT NULL,
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
"""


_LOOKUP_KEY_KINDS = frozenset({"price"})
"""Kinds whose `lookup_key` is the indexed, unique column: prices. An entitlement feature's
lookup keys are another namespace (a feature may share a price's key), checked by its model."""


@dataclass(frozen=True)
class IdempotentResponse:
    """The first response given for an Idempotency-Key, replayed for the same request."""

    fingerprint: str
    status: int
    body: str


class Store:
    """Objects by kind and id, listed newest first (Stripe's list order)."""

    def __init__(self, path: str = ":memory:") -> None:
        self.path = path
        self._lock = threading.RLock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        if path != ":memory:":
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        self._depth = 0

    def close(self) -> None:
        """Close the database (the server does this on shutdown)."""
        with self._lock:
            self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All reads and writes inside happen atomically and alone (nested calls join)."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            self._db.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            else:
                self._db.execute("COMMIT")
            finally:
                self._depth = 0

    def _next(self, name: str) -> int:
        row = self._db.execute(
            "INSERT INTO counters (name, value) VALUES (?, 1) "
            "ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value",
            (name,),
        ).fetchone()
        return int(row[0])

    def insert(self, kind: str, obj: dict[str, Any], *, parent: str | None = None) -> None:
        """Add a new object; `parent` indexes e.g. a price under its product."""
        with self.transaction():
            self._db.execute(
                "INSERT INTO objects (id, kind, seq, parent, lookup_key, data) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    obj["id"],
                    kind,
                    self._next("seq"),
                    parent,
                    obj.get("lookup_key") if kind in _LOOKUP_KEY_KINDS else None,
                    json.dumps(obj),
                ),
            )

    def save(self, obj: dict[str, Any]) -> None:
        """Write back a changed object (its kind, parent and position are kept)."""
        with self.transaction():
            self._db.execute(
                "UPDATE objects SET data = ?, lookup_key = CASE WHEN kind IN "
                f"({', '.join('?' * len(_LOOKUP_KEY_KINDS))}) THEN ? END WHERE id = ?",
                (json.dumps(obj), *sorted(_LOOKUP_KEY_KINDS), obj.get("lookup_key"), obj["id"]),
            )

    def get(self, kind: str, object_id: str) -> dict[str, Any] | None:
        """One object, or None."""
        with self._lock:
            row = self._db.execute(
                "SELECT data FROM objects WHERE id = ? AND kind = ?", (object_id, kind)
            ).fetchone()
        return json.loads(row[0]) if row else None

    def exists(self, object_id: str) -> bool:
        """Whether any object has this id (ids are unique across kinds)."""
        with self._lock:
            row = self._db.execute("SELECT 1 FROM objects WHERE id = ?", (object_id,)).fetchone()
        return row is not None

    def delete(self, object_id: str) -> None:
        """Remove an object for good."""
        with self.transaction():
            self._db.execute("DELETE FROM objects WHERE id = ?", (object_id,))

    def by_lookup_key(self, lookup_key: str) -> dict[str, Any] | None:
        """The object holding a lookup_key (unique per account)."""
        with self._lock:
            row = self._db.execute(
                "SELECT data FROM objects WHERE lookup_key = ?", (lookup_key,)
            ).fetchone()
        return json.loads(row[0]) if row else None

    def count_children(self, parent: str, *, kind: str) -> int:
        """How many objects of `kind` are indexed under `parent` (a product's prices)."""
        with self._lock:
            row = self._db.execute(
                "SELECT COUNT(*) FROM objects WHERE parent = ? AND kind = ?", (parent, kind)
            ).fetchone()
        return int(row[0])

    def all(self, kind: str, *, parent: str | None = None) -> list[dict[str, Any]]:
        """Every object of a kind (optionally under one parent), newest first."""
        query = "SELECT data FROM objects WHERE kind = ?"
        args: list[Any] = [kind]
        if parent is not None:
            query += " AND parent = ?"
            args.append(parent)
        with self._lock:
            rows = self._db.execute(query + " ORDER BY seq DESC", args).fetchall()
        return [json.loads(row[0]) for row in rows]

    def idempotent_response(self, key: str) -> IdempotentResponse | None:
        """The saved response for an Idempotency-Key, if any (kept 24 hours, like Stripe)."""
        with self._lock:
            row = self._db.execute(
                "SELECT fingerprint, status, body FROM idempotency WHERE key = ? AND created > ?",
                (key, time.time() - 24 * 3600),
            ).fetchone()
        return IdempotentResponse(row[0], int(row[1]), row[2]) if row else None

    def save_idempotent_response(self, key: str, response: IdempotentResponse) -> None:
        """Remember the first response given for an Idempotency-Key."""
        with self.transaction():
            self._db.execute(
                "INSERT OR REPLACE INTO idempotency (key, fingerprint, status, body, created) "
                "VALUES (?, ?, ?, ?, ?)",
                (key, response.fingerprint, response.status, response.body, time.time()),
            )
