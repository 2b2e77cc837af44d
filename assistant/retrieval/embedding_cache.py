"""Document vectors kept on disk by content hash, per model: a rebuild, a catalog change or
going back to an earlier model never embeds unchanged text again.

Imported when the vector store is opened (langchain_classic costs about 0.5 s, importtime),
not by the CLI's quick paths.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from langchain_classic.embeddings import CacheBackedEmbeddings
from langchain_classic.storage import LocalFileStore
from langchain_core.embeddings import Embeddings


class CrashSafeFileStore(LocalFileStore):
    """LocalFileStore writes in place: an ingest killed mid-write would leave a torn vector
    that fails every later ingest. Here a write is atomic and an unreadable entry is a miss."""

    def mset(self, key_value_pairs: Sequence[tuple[str, bytes]]) -> None:
        for key, value in key_value_pairs:
            path = self._get_full_path(key)
            self._mkdir_for_store(path.parent)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(value)
            os.replace(tmp, path)

    def mget(self, keys: Sequence[str]) -> list[bytes | None]:
        return list(_readable(super().mget(keys)))


def _readable(values: list[bytes | None]) -> Iterator[bytes | None]:
    for value in values:
        try:
            yield value if value is None or isinstance(json.loads(value), list) else None
        except ValueError:
            yield None


def cached(embeddings: Embeddings, folder: Path, model_id: str) -> Embeddings:
    """``embeddings`` behind a content-hash cache in ``folder``, one namespace per model."""
    return CacheBackedEmbeddings.from_bytes_store(
        embeddings,
        CrashSafeFileStore(folder),
        namespace=model_id,
        batch_size=1024,
        key_encoder="sha256",
    )
