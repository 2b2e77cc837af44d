"""Feedback on answers: a small SQLite file in the data directory, exported as CSV.

Each row keeps what is needed to judge an answer later: the question (and how it was read),
the answer, its citations, the settings that produced it, the rating, an optional comment and
the time. Rows older than ``settings.retention_days`` are deleted when the store is opened.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

from assistant.settings import Settings

RATINGS = ("up", "down")

COLUMNS = (
    "id",
    "created_at",
    "session",
    "rating",
    "comment",
    "question",
    "standalone_question",
    "answer",
    "abstained",
    "mode",
    "citations",
    "settings",
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    session TEXT,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment TEXT,
    question TEXT NOT NULL,
    standalone_question TEXT,
    answer TEXT NOT NULL,
    abstained INTEGER NOT NULL DEFAULT 0,
    mode TEXT,
    citations TEXT NOT NULL DEFAULT '[]',
    settings TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS feedback_created ON feedback (created_at);
"""


def feedback_path(settings: Settings) -> Path:
    return settings.paths.feedback_db


def answer_settings(settings: Settings, **extra: Any) -> dict[str, Any]:
    """The settings that shaped an answer, as stored with its feedback."""
    values = {
        "llm": settings.llm.backend,
        "llm_label": settings.llm.label,
        "llm_model": settings.llm.model,
        "embeddings": settings.embeddings,
        "top_k": settings.top_k,
        "candidates": settings.candidates,
        "answer_sentences": settings.answer_sentences,
        "abstain_threshold": settings.abstain_threshold,
    }
    values.update(extra)
    return values


@dataclass
class FeedbackRow:
    id: int
    created_at: str
    session: str | None
    rating: str
    comment: str | None
    question: str
    standalone_question: str | None
    answer: str
    abstained: bool
    mode: str | None
    citations: list[dict[str, Any]]
    settings: dict[str, Any]


class FeedbackStore:
    """Thread-safe (one short connection per call); applies retention when opened."""

    def __init__(self, path: Path, retention_days: int | None = 90) -> None:
        self.path = Path(path)
        self.retention_days = retention_days
        self._lock = threading.Lock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.executescript(_SCHEMA)
        self.removed_at_start = self.apply_retention()

    @classmethod
    def for_settings(cls, settings: Settings) -> FeedbackStore:
        return cls(feedback_path(settings), settings.retention_days)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            db = sqlite3.connect(self.path, timeout=10)
            try:
                with db:  # commits, or rolls back on error
                    yield db
            finally:
                db.close()

    def apply_retention(self, now: datetime | None = None) -> int:
        """Delete rows older than the retention period; returns how many went."""
        if not self.retention_days or self.retention_days <= 0:
            return 0
        cutoff = (now or datetime.now(UTC)) - timedelta(days=self.retention_days)
        with self._connect() as db:
            cur = db.execute("DELETE FROM feedback WHERE created_at < ?", (_iso(cutoff),))
            return cur.rowcount

    def add(
        self,
        *,
        rating: str,
        question: str,
        answer: str,
        comment: str | None = None,
        standalone_question: str | None = None,
        abstained: bool = False,
        mode: str | None = None,
        citations: list[dict[str, Any]] | None = None,
        settings: dict[str, Any] | None = None,
        session: str | None = None,
        created_at: datetime | None = None,
    ) -> int:
        if rating not in RATINGS:
            raise ValueError(f"onbekende beoordeling '{rating}'; kies uit: {', '.join(RATINGS)}")
        comment = (comment or "").strip()[:4000] or None
        with self._connect() as db:
            cur = db.execute(
                "INSERT INTO feedback (created_at, session, rating, comment, question, "
                "standalone_question, answer, abstained, mode, citations, settings) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    _iso(created_at or datetime.now(UTC)),
                    session,
                    rating,
                    comment,
                    question,
                    standalone_question,
                    answer,
                    int(bool(abstained)),
                    mode,
                    json.dumps(citations or [], ensure_ascii=False),
                    json.dumps(settings or {}, ensure_ascii=False, default=str),
                ),
            )
            return int(cur.lastrowid)

    def update(self, row_id: int, *, rating: str | None = None, comment: str | None = None) -> None:
        """Change the rating and/or comment of a row (a later thumb or an added comment)."""
        if rating is not None and rating not in RATINGS:
            raise ValueError(f"onbekende beoordeling '{rating}'; kies uit: {', '.join(RATINGS)}")
        comment = (comment or "").strip()[:4000] or None
        with self._connect() as db:
            if rating is not None:
                db.execute("UPDATE feedback SET rating = ? WHERE id = ?", (rating, row_id))
            if comment is not None:
                db.execute("UPDATE feedback SET comment = ? WHERE id = ?", (comment, row_id))

    def rows(self) -> list[FeedbackRow]:
        with self._connect() as db:
            cur = db.execute(f"SELECT {', '.join(COLUMNS)} FROM feedback ORDER BY id")
            raw = cur.fetchall()
        out = []
        for r in raw:
            values = dict(zip(COLUMNS, r, strict=True))
            values["abstained"] = bool(values["abstained"])
            values["citations"] = json.loads(values["citations"] or "[]")
            values["settings"] = json.loads(values["settings"] or "{}")
            out.append(FeedbackRow(**values))
        return out

    def count(self) -> int:
        with self._connect() as db:
            return int(db.execute("SELECT COUNT(*) FROM feedback").fetchone()[0])

    def export_csv(self, out: TextIO) -> int:
        """Write all rows as CSV (citations and settings as JSON text); returns the row count."""
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        rows = self.rows()
        for row in rows:
            writer.writerow(
                [
                    row.id,
                    row.created_at,
                    row.session or "",
                    row.rating,
                    row.comment or "",
                    row.question,
                    row.standalone_question or "",
                    row.answer,
                    int(row.abstained),
                    row.mode or "",
                    json.dumps(row.citations, ensure_ascii=False),
                    json.dumps(row.settings, ensure_ascii=False),
                ]
            )
        return len(rows)

    def export_csv_text(self) -> str:
        buffer = io.StringIO()
        self.export_csv(buffer)
        return buffer.getvalue()


def export(settings: Settings, out: TextIO) -> int:
    """CSV of all feedback (retention applied); only the header when there is none yet."""
    if not feedback_path(settings).exists():  # exporting creates no store
        csv.writer(out).writerow(COLUMNS)
        return 0
    return FeedbackStore.for_settings(settings).export_csv(out)


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
