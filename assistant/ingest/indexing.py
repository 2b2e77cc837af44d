"""Incremental ingest: files -> cleaned chunks -> Chroma (LangChain indexing API) + BM25.

LangChain's ``index()`` with a SQL record manager keys every chunk on its content hash, so an
unchanged chunk is never embedded twice, a changed file has its old chunks replaced and no
chunk is ever stored twice. A file manifest skips unchanged files before they are even read.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from langchain_core.documents import Document
from langchain_core.indexing import index as langchain_index

from assistant.ingest.catalog import Catalog
from assistant.ingest.chunking import build_document, chunk_document
from assistant.ingest.loaders import SUPPORTED_SUFFIXES, LoadError, load_file
from assistant.ingest.lock import write_lock
from assistant.ingest.progress import IndexProgress
from assistant.retrieval.hybrid import complete_from_neighbours, merge_neighbours
from assistant.retrieval.lexical import LexicalIndex, ids_fingerprint
from assistant.retrieval.sentences import SentenceVectors
from assistant.retrieval.store import VectorStore
from assistant.sentence_split import SPLIT_VERSION
from assistant.settings import Settings
from assistant.types import ChunkRecord, Passage

PIPELINE_VERSION = "16"  # bump when cleaning or chunking changes, to re-chunk everything


@dataclass
class IngestReport:
    files_seen: int = 0
    files_indexed: int = 0
    files_unchanged: int = 0
    files_removed: int = 0
    chunks_added: int = 0
    chunks_updated: int = 0
    chunks_removed: int = 0
    chunks_skipped: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    def add_time(self, stage: str, since: float) -> float:
        now = time.perf_counter()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - since
        return now

    def summary(self) -> str:
        total = sum(self.seconds.values())
        lines = [
            f"Bestanden: {self.files_seen} gezien, {self.files_indexed} (her)geïndexeerd, "
            f"{self.files_unchanged} ongewijzigd, {self.files_removed} verwijderd, "
            f"{len(self.failures)} mislukt.",
            f"Fragmenten: {self.chunks_added} toegevoegd, {self.chunks_updated} bijgewerkt, "
            f"{self.chunks_removed} verwijderd, {self.chunks_skipped} ongewijzigd.",
            f"Tijd: {total:.1f} s",
        ]
        for name, reason in self.notes:
            lines.append(f"Let op: {name}: {reason}")
        for name, reason in self.failures:
            lines.append(f"Mislukt: {name}: {reason}")
        return "\n".join(lines)

    def as_dict(self) -> dict:
        return {
            **{k: v for k, v in self.__dict__.items() if k not in ("failures", "notes")},
            "failures": [{"file": n, "reason": r} for n, r in self.failures],
            "notes": [{"file": n, "note": r} for n, r in self.notes],
        }


def source_files(settings: Settings) -> list[Path]:
    """The documents that make up the corpus: the corpus folder plus uploads."""
    roots = [settings.corpus_dir, settings.paths.uploads_dir]
    files: list[Path] = []
    for root in roots:
        if root.is_dir():
            files.extend(
                p
                for p in sorted(root.rglob("*"))
                if p.is_file() and not p.name.startswith(".") and p.name != "catalog.yaml"
            )
    return files


def file_digest(path: Path) -> str:
    h = hashlib.sha256(PIPELINE_VERSION.encode())
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def junction_texts(lexical: LexicalIndex, ids: set[str]) -> list[str]:
    """Adjacent chunks joined as retrieval joins them (merge_neighbours, and a list completed from
    the chunk before or after), for the chunks of ``ids``: a sentence across the seam exists only
    in the joined passage, and the answerer would otherwise embed it while the user waits (50-100
    ms each with e5). With the parts of footnoted sentences (``SentenceVectors.warm``): 10 more
    sentences of this corpus at ingest, which 25 of the 320 questions of eval/qa.jsonl met."""
    out: list[str] = []
    for record in lexical.records:
        index = int(record.meta.get("chunk_index", 0))
        before, after = lexical.chunk_at(record.doc, index - 1), lexical.chunk_at(record.doc, index + 1)
        if any(r is not None and r.id in ids for r in (before, record, after)):
            # the chunk with the rest of the list it ends in, or the start of the one it opens in
            p = Passage.from_record(record)
            complete_from_neighbours([p], lexical)
            if p.text != record.text:
                out.append(p.text)
        if after is None or (record.id not in ids and after.id not in ids):
            continue
        merged = merge_neighbours([Passage.from_record(record), Passage.from_record(after)], 2)
        if len(merged) == 1:
            out.append(merged[0].text)
    return out


class Indexer:
    def __init__(self, settings: Settings, store: VectorStore, catalog: Catalog) -> None:
        # LangChain's record manager pulls in SQLAlchemy: loaded when an index is opened, not at import.
        from langchain_classic.indexes import SQLRecordManager

        self.settings = settings
        self.store = store
        self.catalog = catalog
        settings.index_dir.mkdir(parents=True, exist_ok=True)
        self.records = SQLRecordManager(namespace=store.name, db_url=f"sqlite:///{settings.paths.records_db}")
        self.records.create_schema()
        self.manifest_path = settings.paths.manifest(store.name)
        self.lexical_dir = settings.paths.bm25_dir(store.name)
        self.sentences_path = settings.paths.sentences(store.name)
        # (checked saved BM25 index or None, records) left by this ingest for refresh_lexical
        self._current: tuple[LexicalIndex | None, list[ChunkRecord]] | None = None
        self.tracker: IndexProgress | None = None  # the running ingest's progress

    # manifest: file -> digest of the last successful ingest ---------------------

    def _manifest(self) -> dict[str, dict]:
        if self.manifest_path.exists():
            try:
                return json.loads(self.manifest_path.read_text(encoding="utf-8"))
            except json.JSONDecodeError:
                return {}
        return {}

    def stale_files(self) -> list[str]:
        """Corpus files that are new, changed or gone since the last ingest."""
        try:
            manifest = self._manifest()
        except OSError:
            manifest = {}
        files = [p for p in source_files(self.settings) if p.suffix.lower() in SUPPORTED_SUFFIXES]
        changed = [p.name for p in files if manifest.get(p.name, {}).get("digest") != file_digest(p)]
        gone = sorted(set(manifest) - {p.name for p in files})
        return changed + gone

    def _save_manifest(self, manifest: dict[str, dict]) -> None:
        tmp = self.manifest_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.manifest_path)

    # the ingest itself ------------------------------------------------------

    def ingest(
        self,
        paths: list[Path] | None = None,
        *,
        rebuild: bool = False,
        progress: Callable[[str, int, int], None] | None = None,
        tracker: IndexProgress | None = None,
    ) -> IngestReport:
        """Index ``paths`` (files), or the whole corpus when None (then vanished files go).

        ``tracker`` counts the embedding work and says when BM25 plus chunk vectors are ready
        (``dense_ready``), before the sentence vectors are made."""
        report = IngestReport()
        own = tracker is None
        self.tracker = tracker = tracker or IndexProgress.for_terminal()
        try:
            with write_lock(self.settings):
                self._ingest_locked(paths, rebuild, progress, report, tracker)
        finally:
            self.tracker = None
            if own:
                tracker.close()
        return report

    def _ingest_locked(
        self,
        paths: list[Path] | None,
        rebuild: bool,
        progress: Callable[[str, int, int], None] | None,
        report: IngestReport,
        tracker: IndexProgress,
    ) -> None:
        if rebuild:
            self._wipe()
        full_scan = paths is None
        files = source_files(self.settings) if full_scan else list(paths)
        manifest = self._manifest()
        report.files_seen = len(files)
        for n, path in enumerate(files, start=1):
            if progress:
                progress(path.name, n, len(files))
            self._ingest_file(path, manifest, report)
            self._save_manifest(manifest)
        if full_scan:
            self._remove_vanished({p.name for p in files}, manifest, report)
            self._save_manifest(manifest)
        tracker.settle("chunks")
        t = time.perf_counter()
        changed = report.chunks_added or report.chunks_updated or report.chunks_removed
        lexical = self.refresh_lexical(force=bool(changed))
        tracker.lexical, tracker.lexical_ready, tracker.dense_ready = lexical, True, True
        t = report.add_time("lexical", t)
        self.warm_sentences(lexical, tracker)
        report.add_time("sentences", t)

    def _ingest_file(self, path: Path, manifest: dict[str, dict], report: IngestReport) -> None:

        name = path.name
        t = time.perf_counter()
        try:
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                raise LoadError(f"bestandstype '{path.suffix or '(geen)'}' wordt niet ondersteund")
            digest = file_digest(path)
        except (OSError, LoadError) as exc:
            report.failures.append(
                (name, str(exc) if isinstance(exc, LoadError) else exc.strerror or str(exc))
            )
            return
        known = manifest.get(name)
        if known and known.get("digest") == digest:
            report.files_unchanged += 1
            report.chunks_skipped += int(known.get("chunks", 0))
            report.add_time("load", t)
            return
        try:
            loaded = load_file(path, max_mb=self.settings.max_file_mb)
        except LoadError as exc:
            report.failures.append((name, str(exc)))
            report.add_time("load", t)
            return
        for note in loaded.notes:
            report.notes.append((name, note))
        duplicate_of = next((f for f, m in manifest.items() if m.get("digest") == digest and f != name), None)
        if duplicate_of:
            report.failures.append((name, f"zelfde inhoud als '{duplicate_of}'; niet dubbel geïndexeerd"))
            return
        t = report.add_time("load", t)
        info = self.catalog.info(name, loaded.pages[0].text if loaded.pages else "")
        doc = build_document(loaded, info)
        t = report.add_time("clean", t)
        chunks = chunk_document(doc)
        t = report.add_time("chunk", t)
        if not chunks:
            report.failures.append((name, "geen tekst over na het opschonen"))
            return
        documents = [Document(page_content=c.text, metadata=c.metadata()) for c in chunks]
        # Chunks of this file without a record were stored by an ingest killed before it could
        # record them; index() only cleans up what is recorded, so they would stay orphaned.
        orphans = set(self.store.ids_for_doc(name)) - set(self.records.list_keys(group_ids=[name]))
        self.store.delete(sorted(orphans))
        tracker = self.tracker or IndexProgress()
        if not tracker.announced:  # no preview counted the chunks up front: count per file
            tracker.add("chunks", len(documents))
        self.store.embeddings.progress = tracker.advance("chunks")
        try:
            result = langchain_index(
                documents,
                self.records,
                self.store.langchain,
                cleanup="scoped_full",
                source_id_key="doc",
                batch_size=max(64, len(documents)),
                key_encoder="sha256",
            )
        finally:
            self.store.embeddings.progress = None
        report.add_time("embed+store", t)
        report.files_indexed += 1
        report.chunks_added += result["num_added"]
        report.chunks_updated += result["num_updated"]
        report.chunks_removed += result["num_deleted"]
        report.chunks_skipped += result["num_skipped"]
        manifest[name] = {"digest": digest, "chunks": len(chunks), "title": info.title}

    def _remove_vanished(self, present: set[str], manifest: dict[str, dict], report: IngestReport) -> None:
        t = time.perf_counter()
        # Reading every chunk back from Chroma takes seconds at 50,000 chunks: when no file
        # changed, the saved chunk table tells the same (it is checked against the store's ids).
        unchanged = not (report.chunks_added or report.chunks_updated or report.chunks_removed)
        saved = self._saved_lexical_if_current() if unchanged else None
        records = saved.records if saved is not None else self.store.all_records()
        indexed_docs = {r.doc for r in records} | set(manifest)
        gone: set[str] = set()
        for doc in sorted(indexed_docs - present):
            keys = self.records.list_keys(group_ids=[doc])
            ids = sorted(set(keys) | set(self.store.ids_for_doc(doc)))
            self.store.delete(ids)
            self.records.delete_keys(keys)
            manifest.pop(doc, None)
            report.files_removed += 1
            report.chunks_removed += len(ids)
            gone.update(ids)
        # What the store now holds, so refresh_lexical need not read it all again.
        self._current = (None if gone else saved, [r for r in records if r.id not in gone])
        report.add_time("store", t)

    def _saved_lexical_if_current(self) -> LexicalIndex | None:

        saved = LexicalIndex.load(self.lexical_dir)
        if saved is not None and saved.fingerprint == ids_fingerprint(self.store.all_ids()):
            return saved
        return None

    def _wipe(self) -> None:
        # Manifest, then records, then chunks: a rebuild killed half-way never leaves records or
        # a manifest that claim chunks the store no longer has (a plain ingest then repairs it).
        self.manifest_path.unlink(missing_ok=True)
        self.records.delete_keys(self.records.list_keys())
        self.store.delete(self.store.all_ids())
        shutil.rmtree(self.lexical_dir, ignore_errors=True)

    def warm_sentences(self, lexical: LexicalIndex, tracker: IndexProgress | None = None) -> int:
        """Embed the sentences the answerer will weigh, once, beside the index."""

        # Only chunks not warmed before: splitting and keying every sentence of the corpus
        # again took ~10 s at 50,000 chunks, also when nothing changed.
        # The record of warmed chunks is per version of the sentence splitter: sentences it now
        # cuts otherwise are embedded once more at the next ingest, not at question time.
        done_path = self.sentences_path.with_suffix(f".warmed-{SPLIT_VERSION}.json")
        done: set[str] = set()
        if (
            self.sentences_path.exists()
            and self.sentences_path.with_suffix(".json").exists()
            and done_path.exists()
        ):
            try:
                done = set(json.loads(done_path.read_text(encoding="utf-8")))
            except (OSError, ValueError):
                done = set()
        todo = [r for r in lexical.records if r.id not in done]
        if not todo:
            return 0
        vectors = SentenceVectors(self.store.embeddings, self.sentences_path)
        texts = [r.text for r in todo] + junction_texts(lexical, {r.id for r in todo})
        tracker = tracker or IndexProgress()
        self.store.embeddings.progress = tracker.advance("sentences")
        try:
            added = vectors.warm(texts, announce=lambda n: tracker.add("sentences", n))
        finally:
            self.store.embeddings.progress = None
        if added:
            vectors.save()
        tmp = done_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(sorted(lexical.ids)), encoding="utf-8")
        os.replace(tmp, done_path)
        for stale in done_path.parent.glob(f"{self.sentences_path.stem}.warmed*.json"):
            if stale != done_path:  # the record of an earlier splitter
                stale.unlink(missing_ok=True)
        return added

    def refresh_lexical(self, force: bool = False) -> LexicalIndex:
        """Rebuild BM25 from the vector store when it changed or the saved one is stale."""
        known = self._current
        self._current = None
        if known is not None and known[0] is not None and not force:
            return known[0]
        current = None if force else LexicalIndex.load(self.lexical_dir)
        if current is not None and current.fingerprint == ids_fingerprint(self.store.all_ids()):
            return current
        lexical = LexicalIndex.build(known[1] if known is not None else self.store.all_records())
        lexical.save(self.lexical_dir)
        return lexical
