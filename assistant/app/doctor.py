"""`assistant doctor`: check that the index agrees with itself.

The index is four records of the same thing, written one after the other:

- the **manifest** (file -> digest and chunk count of its last successful ingest),
- the **SQL record manager** of LangChain's indexing API (chunk id -> document),
- the **vector store** (Chroma: chunk id -> vector, text, metadata),
- the **BM25 index** (the chunk table it was built from, with the fingerprint of its ids).

``diagnose`` reads all four (and the corpus folder) without changing anything and says, per
disagreement, how to repair it: ``assistant ingest`` where an incremental ingest fixes it (new,
changed or removed files, a stale or missing BM25 index), ``assistant ingest --rebuild`` where
the records themselves disagree (chunks without record, records without chunk, duplicates).
"""

from __future__ import annotations

from assistant.app.doctor_checks import (
    check_bm25,
    check_consistency,
    check_corpus,
    check_records,
    check_sentences,
    check_store,
    check_vector_query,
)
from assistant.app.doctor_report import DoctorReport
from assistant.ingest.lock import write_lock
from assistant.retrieval.embeddings import model_id_for
from assistant.retrieval.store import collection_name
from assistant.settings import Settings


def diagnose(settings: Settings) -> DoctorReport:
    """Compare corpus, manifest, record manager, vector store and BM25; changes nothing."""

    report = DoctorReport()
    if not settings.index_dir.is_dir() or not any(settings.index_dir.iterdir()):
        report.problem(f"er is nog geen index in {settings.index_dir}")
        return report
    with write_lock(settings):  # no ingest may change the index while it is compared
        _diagnose(settings, report, model_id_for(settings.embeddings))
    return report


def _diagnose(settings: Settings, report: DoctorReport, model_id: str) -> None:
    name = collection_name(model_id)
    manifest, records = check_records(settings, report, name, model_id)
    new, changed = check_corpus(settings, report, manifest)
    collection, meta = check_store(settings, report, name, records)
    store_ids = set(meta)
    check_consistency(report, manifest, records, meta, new, changed)
    check_vector_query(report, collection, store_ids)
    check_bm25(settings, report, name, store_ids)
    check_sentences(settings, report, name, store_ids)
