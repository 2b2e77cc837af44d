"""The checks of assistant doctor, one per thing compared: records, corpus, store, their agreement, the vector index, BM25, sentence vectors."""

from __future__ import annotations

import json
import logging
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

from assistant.app.doctor_report import INGEST, REBUILD, DoctorReport
from assistant.ingest.indexing import file_digest, source_files
from assistant.ingest.loaders import SUPPORTED_SUFFIXES, LoadError, load_file
from assistant.retrieval.lexical import LexicalIndex, ids_fingerprint
from assistant.retrieval.store import make_client
from assistant.settings import Settings

log = logging.getLogger(__name__)


def _names(items, limit: int = 5) -> str:
    items = sorted(items)
    shown = ", ".join(f"'{x}'" for x in items[:limit])
    return shown + (f" en {len(items) - limit} meer" if len(items) > limit else "")


def _record_keys(path: Path, namespace: str) -> dict[str, str]:
    """key -> group (document) of the SQL record manager, read-only."""
    if not path.exists():
        return {}
    # Not read-only: after a killed writer, SQLite must roll back its journal before reading.
    db = sqlite3.connect(path, timeout=10)
    try:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        rows = []  # no table yet: nothing was ever recorded
        if "upsertion_record" in tables:
            rows = db.execute(
                "SELECT key, group_id FROM upsertion_record WHERE namespace = ?", (namespace,)
            ).fetchall()
    finally:
        db.close()
    return {str(k): str(g) for k, g in rows}


def _store_metadata(collection, batch: int = 5000) -> dict[str, dict]:
    """chunk id -> metadata, without the texts (cheap enough for 50,000 chunks)."""
    out: dict[str, dict] = {}
    offset = 0
    while True:
        got = collection.get(include=["metadatas"], limit=batch, offset=offset)
        for i, m in zip(got["ids"], got["metadatas"], strict=True):
            out[i] = dict(m or {})
        if len(got["ids"]) < batch:
            return out
        offset += batch


def check_records(
    settings: Settings, report: DoctorReport, name: str, model_id: str
) -> tuple[dict[str, dict], dict[str, str]]:
    """The record of what was indexed: manifest and record manager."""
    manifest_path = settings.paths.manifest(name)
    manifest: dict[str, dict] = {}
    if manifest_path.exists():
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            report.problem(f"het manifest {manifest_path.name} is onleesbaar", REBUILD)
    else:
        report.problem(f"er is geen manifest voor model {model_id} ({manifest_path.name})")
    records = _record_keys(settings.paths.records_db, name)
    report.counts.update(
        manifest_docs=len(manifest), manifest_chunks=sum(int(m.get("chunks", 0)) for m in manifest.values())
    )
    report.counts["record_keys"] = len(records)
    return manifest, records


def check_corpus(
    settings: Settings, report: DoctorReport, manifest: dict[str, dict]
) -> tuple[list[str], list[str]]:
    """The corpus against the manifest."""
    files = source_files(settings)
    supported = [p for p in files if p.suffix.lower() in SUPPORTED_SUFFIXES]
    unsupported = [p.name for p in files if p.suffix.lower() not in SUPPORTED_SUFFIXES]
    if unsupported:
        report.notes.append(
            f"bestanden van een niet-ondersteund type worden overgeslagen: {_names(unsupported)}"
        )
    digests = {m.get("digest"): doc for doc, m in manifest.items()}
    new, changed, unreadable = [], [], []
    for path in supported:
        digest = file_digest(path)
        known = manifest.get(path.name)
        if known is not None:
            if known.get("digest") != digest:
                changed.append(path.name)
            continue
        if digest in digests:
            report.notes.append(
                f"'{path.name}' heeft dezelfde inhoud als '{digests[digest]}' en wordt niet dubbel geïndexeerd"
            )
            continue
        try:  # a file that cannot be read is no disagreement: ingest reports it every time
            load_file(path, max_mb=settings.max_file_mb)
        except LoadError as exc:
            unreadable.append(f"'{path.name}' ({exc})")
            continue
        new.append(path.name)
    gone = sorted(set(manifest) - {p.name for p in supported})
    report.counts["corpus_files"] = len(supported)
    report.facts.append(
        f"Corpus: {len(supported)} bestand(en) in {settings.corpus_dir}"
        + (f" en {settings.paths.uploads_dir}" if settings.paths.uploads_dir.is_dir() else "")
        + f"; manifest: {len(manifest)} document(en), {report.counts['manifest_chunks']} fragmenten."
    )
    if unreadable:
        report.notes.append(
            "niet te indexeren (verwijder of vervang het bestand): " + "; ".join(sorted(unreadable))
        )
    if new:
        report.problem(f"nog niet geïndexeerd: {_names(new)}")
    if changed:
        report.problem(f"gewijzigd sinds de laatste ingest: {_names(changed)}")
    if gone:
        report.problem(f"verdwenen uit het corpus maar nog in de index: {_names(gone)}")
    return new, changed


def check_store(
    settings: Settings, report: DoctorReport, name: str, records: dict[str, str]
) -> tuple[Any, dict[str, dict]]:
    """The vector store."""
    client = make_client(settings)
    try:
        collection = client.get_collection(name)
    except Exception:  # reported below as a missing collection
        log.debug("geen collectie %s", name, exc_info=True)
        collection = None
    if collection is None:
        report.problem(f"de vectoropslag heeft geen collectie '{name}'", REBUILD if records else INGEST)
        meta: dict[str, dict] = {}
    else:
        meta = _store_metadata(collection)
    store_ids = set(meta)
    report.counts["store_chunks"] = len(store_ids)
    report.facts.append(
        f"Recordmanager: {len(records)} sleutels; vectoropslag ({settings.chroma.mode}, collectie "
        f"{name}): {len(store_ids)} fragmenten."
    )
    return collection, meta


def check_consistency(
    report: DoctorReport,
    manifest: dict[str, dict],
    records: dict[str, str],
    meta: dict[str, dict],
    new: list[str],
    changed: list[str],
) -> None:
    """Record manager against store and manifest."""
    store_ids = set(meta)
    unrecorded = store_ids - set(records)
    missing = set(records) - store_ids
    if unrecorded:
        docs = {str(meta[i].get("doc", "")) for i in unrecorded}
        if docs <= set(new) | set(changed):  # left by an interrupted ingest of files it will redo
            report.problem(
                f"{len(unrecorded)} fragment(en) zonder record van een onderbroken ingest ({_names(docs)})"
            )
        else:
            report.problem(
                f"{len(unrecorded)} fragment(en) in de vectoropslag zonder record (verweesd)", REBUILD
            )
    if missing:
        report.problem(f"{len(missing)} record(s) zonder fragment in de vectoropslag", REBUILD)
    wrong_doc = [k for k in set(records) & store_ids if records[k] != str(meta[k].get("doc", ""))]
    if wrong_doc:
        report.problem(f"{len(wrong_doc)} record(s) wijzen naar een ander document dan hun fragment", REBUILD)
    # A file an ingest will index again (new or changed) is repaired by that ingest, whatever an
    # interrupted run left of it; anything else needs the index rebuilt.
    redo = set(new) | set(changed)

    def repair_for(docs) -> str:
        return INGEST if set(docs) <= redo else REBUILD

    per_doc = Counter(records.values())
    for doc, entry in sorted(manifest.items()):
        want, have = int(entry.get("chunks", 0)), per_doc.get(doc, 0)
        if want != have:
            report.problem(
                f"'{doc}': het manifest noemt {want} fragmenten, de recordmanager {have}", repair_for([doc])
            )
    orphan_docs = sorted(set(per_doc) - set(manifest))
    if orphan_docs:
        report.problem(
            f"records van documenten die niet in het manifest staan: {_names(orphan_docs)}",
            repair_for(orphan_docs),
        )
    dup_digests = [d for d, n in Counter(m.get("digest") for m in manifest.values()).items() if n > 1]
    if dup_digests:
        report.problem(f"{len(dup_digests)} document(en) staan onder twee namen in de index", REBUILD)
    positions = Counter((str(m.get("doc", "")), m.get("chunk_index")) for m in meta.values())
    doubled = {doc for (doc, _), n in positions.items() if n > 1}
    if doubled:
        report.problem(
            f"fragmentposities staan dubbel in de vectoropslag ({_names(doubled)})", repair_for(doubled)
        )


def check_vector_query(report: DoctorReport, collection: Any, store_ids: set[str]) -> None:
    """The vector index answers a query (the store's own check of its HNSW files)."""
    if collection is not None and store_ids:
        try:
            probe = collection.get(limit=1, include=["embeddings"])
            got = collection.query(query_embeddings=[list(probe["embeddings"][0])], n_results=1, include=[])
            if not got["ids"] or not got["ids"][0]:
                raise ValueError("geen resultaat")
        except Exception as exc:
            log.debug("vectorindex geeft geen zoekresultaat", exc_info=True)
            report.problem(f"de vectorindex geeft geen zoekresultaat ({type(exc).__name__})", REBUILD)


def check_bm25(settings: Settings, report: DoctorReport, name: str, store_ids: set[str]) -> None:
    """BM25 against the store."""
    lexical_dir = settings.paths.bm25_dir(name)
    try:
        lexical = LexicalIndex.load(lexical_dir)
    except Exception as exc:
        log.debug("BM25-index onleesbaar", exc_info=True)
        lexical = None
        report.problem(f"de BM25-index is onleesbaar ({type(exc).__name__})", REBUILD)
    else:
        if lexical is None:
            report.problem("de BM25-index ontbreekt")
        else:
            report.counts["bm25_chunks"] = len(lexical)
            report.facts.append(f"BM25: {len(lexical)} fragmenten.")
            if set(lexical.ids) != store_ids or lexical.fingerprint != ids_fingerprint(sorted(store_ids)):
                report.problem(
                    f"de BM25-index ({len(lexical)} fragmenten) hoort niet bij de vectoropslag "
                    f"({len(store_ids)}): verouderd"
                )


def check_sentences(settings: Settings, report: DoctorReport, name: str, store_ids: set[str]) -> None:
    """Sentence vectors (the answerer's cache), present when there are chunks."""
    sentences = settings.paths.sentences(name)
    if store_ids and not (sentences.exists() and sentences.with_suffix(".json").exists()):
        report.problem("de zinsvectoren van de antwoordkiezer ontbreken")
