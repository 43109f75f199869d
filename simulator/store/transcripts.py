"""Call transcripts: a JSON body per transcript, each for one engagement."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from simulator.store.database import Database, dumps
from simulator.store.errors import NotFound


@dataclass(frozen=True)
class Transcript:
    id: int
    engagement_id: int
    body: Mapping[str, Any]
    created_at_ms: int


class Transcripts:
    """Transcripts by id (HubSpot-sized ids from 40000000001), listed per engagement."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def create(self, engagement_id: int, body: Mapping[str, Any], now_ms: int | None = None) -> Transcript:
        """Store a transcript and return it with its new id."""
        now = int(time.time() * 1000) if now_ms is None else now_ms
        with self.db.transaction() as connection:
            cursor = connection.execute(
                "INSERT INTO transcripts (engagement_id, body, created_ms) VALUES (?, ?, ?)",
                (engagement_id, dumps(dict(body)), now),
            )
            new_id = int(cursor.lastrowid or 0)
        return Transcript(new_id, engagement_id, dict(body), now)

    def get(self, transcript_id: int) -> Transcript | None:
        rows = self.db.rows(
            "SELECT id, engagement_id, body, created_ms FROM transcripts WHERE id = ?", (transcript_id,)
        )
        return _transcript(rows[0]) if rows else None

    def delete(self, transcript_id: int) -> None:
        """Remove a transcript; raises NotFound."""
        with self.db.transaction() as connection:
            if connection.execute("DELETE FROM transcripts WHERE id = ?", (transcript_id,)).rowcount == 0:
                raise NotFound(f"no transcript {transcript_id}")

    def for_engagement(self, engagement_id: int) -> list[Transcript]:
        """The engagement's transcripts, oldest first."""
        rows = self.db.rows(
            "SELECT id, engagement_id, body, created_ms FROM transcripts WHERE engagement_id = ? ORDER BY id",
            (engagement_id,),
        )
        return [_transcript(row) for row in rows]


def _transcript(row: Any) -> Transcript:
    return Transcript(int(row[0]), int(row[1]), json.loads(row[2]), int(row[3]))
