"""Every file the assistant keeps, named once.

Indexing, doctor, forget and the web status all look at the same files; when one of them
built a name itself, a rename in one place silently broke the others.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class DataPaths:
    """The layout of the data folder (``ASSISTANT_DATA_DIR``)."""

    data_dir: Path

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def feedback_db(self) -> Path:
        return self.data_dir / "feedback.sqlite"

    @property
    def chroma_dir(self) -> Path:
        return self.index_dir / "chroma"

    @property
    def write_lock(self) -> Path:
        return self.index_dir / "write.lock"

    @property
    def embedding_cache(self) -> Path:
        """Chunk vectors by content hash, beside (not inside) the index a rebuild wipes."""
        return self.data_dir / "cache" / "embeddings"

    @property
    def records_db(self) -> Path:
        """LangChain's record manager: which chunk ids each file produced."""
        return self.index_dir / "records.sqlite"

    def manifests(self) -> list[Path]:
        """The manifests of every collection (one per embedding model)."""
        return list(self.index_dir.glob("manifest-*.json")) if self.index_dir.is_dir() else []

    def manifest(self, collection: str) -> Path:
        return self.index_dir / f"manifest-{collection}.json"

    def bm25_dir(self, collection: str) -> Path:
        return self.index_dir / f"bm25-{collection}"

    def sentences(self, collection: str) -> Path:
        """Sentence vectors (.npy) with their keys next to it (same name, .json)."""
        return self.index_dir / f"sentences-{collection}.npy"


def export_dir() -> Path:
    """Where the web chat writes conversation exports (kept at most an hour)."""
    return Path(tempfile.gettempdir()) / "assistant-exports"
