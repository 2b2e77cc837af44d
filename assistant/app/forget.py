"""assistant forget: delete everything users left behind (feedback, uploads and their chunks, exports)."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from assistant.app.feedback import feedback_path
from assistant.ingest.lock import write_lock
from assistant.paths import export_dir
from assistant.service import Assistant
from assistant.settings import Settings


@dataclass
class ForgetReport:
    feedback_rows: int = 0
    uploads: list[str] = field(default_factory=list)
    exports: int = 0
    chunks_removed: int = 0

    def text(self) -> str:
        return (
            f"Verwijderd: {self.feedback_rows} feedbackregel(s), {len(self.uploads)} geüpload(e) "
            f"document(en) (met {self.chunks_removed} fragmenten uit de index) en "
            f"{self.exports} geëxporteerd(e) gesprek(ken)."
        )


def forget(settings: Settings) -> ForgetReport:
    """Delete feedback, uploaded documents (also from the index) and conversation exports."""

    report = ForgetReport()
    uploads = settings.paths.uploads_dir
    upload_files = sorted(p for p in uploads.rglob("*") if p.is_file()) if uploads.is_dir() else []
    if upload_files and settings.index_dir.is_dir():
        with write_lock(settings):  # fail early, before anything is deleted, when an ingest runs
            pass

    db = feedback_path(settings)
    if db.exists():
        with contextlib.suppress(sqlite3.Error):
            con = sqlite3.connect(db, timeout=10)
            try:
                report.feedback_rows = int(con.execute("SELECT COUNT(*) FROM feedback").fetchone()[0])
            finally:
                con.close()
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)

    for path in upload_files:
        path.unlink(missing_ok=True)
        report.uploads.append(path.name)
    if uploads.is_dir():
        for folder in sorted((p for p in uploads.rglob("*") if p.is_dir()), reverse=True):
            with contextlib.suppress(OSError):
                folder.rmdir()

    if export_dir().is_dir():
        for path in export_dir().glob("gesprek-*.md"):
            path.unlink(missing_ok=True)
            report.exports += 1

    if report.uploads and settings.index_dir.is_dir():
        # A full ingest removes the chunks of files that are gone: the uploads just deleted.
        ingest = Assistant(settings).ingest()
        report.chunks_removed = ingest.chunks_removed
    if report.uploads:
        # The embedding cache is keyed by text hash and would keep the vectors of the uploads just
        # forgotten; it is only a cache, so it goes whole (the corpus re-embeds only on --rebuild).
        shutil.rmtree(settings.paths.embedding_cache, ignore_errors=True)
    return report
