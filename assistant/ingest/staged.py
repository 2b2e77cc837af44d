"""A staged start: the chunk table and BM25 straight from the files, then the vectors in the
background.

Chunking the corpus takes seconds, embedding it minutes: a staged start answers from the preview
while the vectors are made, and so does a reader while another process holds the write lock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from langchain_core.documents import Document
from langchain_core.indexing.api import _get_document_with_hash

from assistant.ingest.catalog import Catalog
from assistant.ingest.chunking import build_document, chunk_document
from assistant.ingest.indexing import Indexer, IngestReport, source_files
from assistant.ingest.loaders import SUPPORTED_SUFFIXES, LoadError, load_file
from assistant.ingest.progress import IndexProgress
from assistant.retrieval.lexical import LexicalIndex
from assistant.retrieval.store import VectorStore
from assistant.settings import Settings
from assistant.types import ChunkRecord


def preview_lexical(
    settings: Settings, catalog: Catalog, store: VectorStore, tracker: IndexProgress | None = None
) -> LexicalIndex:
    """BM25 over every chunk the corpus files give. Ids are those LangChain's ``index()`` gives
    the same chunks (the content hash), so dense hits later fuse with these records; with a
    ``tracker``, the chunks the store lacks are announced as the embedding work to come."""
    records: list[ChunkRecord] = []
    seen: set[str] = set()
    for path in source_files(settings):
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            continue
        try:
            loaded = load_file(path, max_mb=settings.max_file_mb)
        except (OSError, LoadError):
            continue  # the ingest itself reports it
        info = catalog.info(path.name, loaded.pages[0].text if loaded.pages else "")
        for chunk in chunk_document(build_document(loaded, info)):
            meta = chunk.metadata()
            doc = _get_document_with_hash(
                Document(page_content=chunk.text, metadata=meta), key_encoder="sha256"
            )
            if doc.id not in seen:
                seen.add(doc.id)
                records.append(ChunkRecord(str(doc.id), chunk.text, meta))
    if tracker is not None:
        stored = set(store.all_ids())
        tracker.add("chunks", sum(1 for r in records if r.id not in stored))
        tracker.announced = True
    return LexicalIndex.build(records)


def build_in_background(
    indexer: Callable[[], Indexer], tracker: IndexProgress, on_done: Callable[[IngestReport], None]
) -> threading.Thread:
    """The full ingest in a daemon thread. A failure is kept in ``tracker.error`` (the preview
    keeps serving and the status line says why); ``finished`` is set before ``on_done`` runs."""

    def run() -> None:
        try:
            report = indexer().ingest(tracker=tracker)
        except Exception as exc:  # reported on the status line, not lost in a thread
            tracker.error = f"{type(exc).__name__}: {exc}"
            return
        finally:
            tracker.close()
        tracker.finished = True  # first, so no reader caches a staged answerer after this
        on_done(report)

    thread = threading.Thread(target=run, name="index-build", daemon=True)
    thread.start()
    return thread
