"""Per-app JSON settings: the calling settings, channel-connection settings and recording settings of an appId."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from simulator.store.database import Database, dumps
from simulator.store.errors import AlreadyExists, NotFound

CALLING, CHANNEL_CONNECTION, RECORDING = "calling", "channel-connection", "recording"


def _now_ms() -> int:
    return int(time.time() * 1000)


@dataclass(frozen=True)
class StoredSettings:
    """One app's settings of one kind, as last written."""

    app_id: int
    body: Mapping[str, Any]
    created_at_ms: int
    updated_at_ms: int


class AppSettings:
    """Settings of one kind per appId; the caller validates bodies, this keeps them."""

    def __init__(self, db: Database, kind: str) -> None:
        self.db = db
        self.kind = kind

    def _row(self, app_id: int) -> StoredSettings | None:
        rows = self.db.rows(
            "SELECT body, created_ms, updated_ms FROM app_settings WHERE app_id = ? AND kind = ?", (app_id, self.kind)
        )
        if not rows:
            return None
        body, created, updated = rows[0]
        return StoredSettings(app_id, json.loads(body), int(created), int(updated))

    def get(self, app_id: int) -> StoredSettings | None:
        """The app's settings, or None."""
        return self._row(app_id)

    def require(self, app_id: int) -> StoredSettings:
        """The app's settings; raises NotFound."""
        found = self._row(app_id)
        if found is None:
            raise NotFound(f"app {app_id} has no {self.kind} settings; create them with POST first")
        return found

    def list(self) -> list[StoredSettings]:
        """Every app's settings of this kind, by appId."""
        rows = self.db.rows(
            "SELECT app_id, body, created_ms, updated_ms FROM app_settings WHERE kind = ? ORDER BY app_id", (self.kind,)
        )
        return [StoredSettings(int(r[0]), json.loads(r[1]), int(r[2]), int(r[3])) for r in rows]

    def create(self, app_id: int, body: Mapping[str, Any], now_ms: int | None = None) -> StoredSettings:
        """Store new settings; raises AlreadyExists if the app has them."""
        now = _now_ms() if now_ms is None else now_ms
        with self.db.transaction() as connection:
            exists = connection.execute(
                "SELECT 1 FROM app_settings WHERE app_id = ? AND kind = ?", (app_id, self.kind)
            ).fetchone()
            if exists:
                raise AlreadyExists(f"app {app_id} already has {self.kind} settings; change them with PATCH")
            connection.execute(
                "INSERT INTO app_settings (app_id, kind, body, created_ms, updated_ms) VALUES (?, ?, ?, ?, ?)",
                (app_id, self.kind, dumps(dict(body)), now, now),
            )
        return StoredSettings(app_id, dict(body), now, now)

    def patch(self, app_id: int, changes: Mapping[str, Any], now_ms: int | None = None) -> StoredSettings:
        """Merge `changes` into the stored settings (top-level keys); raises NotFound."""
        now = _now_ms() if now_ms is None else now_ms
        with self.db.transaction():
            current = self.require(app_id)
            body = {**current.body, **changes}
            self.db.connection.execute(
                "UPDATE app_settings SET body = ?, updated_ms = ? WHERE app_id = ? AND kind = ?",
                (dumps(body), now, app_id, self.kind),
            )
        return StoredSettings(app_id, body, current.created_at_ms, now)

    def delete(self, app_id: int) -> None:
        """Remove the app's settings; raises NotFound."""
        with self.db.transaction() as connection:
            cursor = connection.execute("DELETE FROM app_settings WHERE app_id = ? AND kind = ?", (app_id, self.kind))
            if cursor.rowcount == 0:
                raise NotFound(f"app {app_id} has no {self.kind} settings")
