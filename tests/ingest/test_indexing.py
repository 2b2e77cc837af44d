"""Incremental ingest with the fake embedder: counts, no double work, updates, removals, failures."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from assistant.ingest.catalog import Catalog
from assistant.ingest.chunking import build_document, chunk_document
from assistant.ingest.loaders import load_file
from assistant.retrieval.embeddings import FakeEmbeddings
from assistant.service import Assistant

F000 = "000_ad1089ded3aa0d40.txt"
F003 = "003_54facddaf16a0947.txt"


class CountingFake(FakeEmbeddings):
    """The fake embedder, counting what it is asked to embed."""

    def __init__(self, model_id: str | None = None) -> None:
        super().__init__()
        if model_id:
            self.model_id = model_id
        self.calls = 0
        self.texts = 0

    def embed_documents(self, texts):
        self.calls += 1
        self.texts += len(texts)
        return super().embed_documents(texts)


def expected_chunks(folder: Path) -> dict[str, list]:
    """What the pipeline should store: the chunks of every supported file in the folder."""
    catalog = Catalog.load(folder / "catalog.yaml")
    out = {}
    for path in sorted(folder.glob("*.txt")):
        loaded = load_file(path)
        out[path.name] = chunk_document(build_document(loaded, catalog.info(path.name, loaded.pages[0].text)))
    return out


@pytest.fixture
def settings(make_settings, small_corpus):
    return make_settings(corpus_dir=small_corpus)


def fresh(settings, model_id: str | None = None) -> Assistant:
    return Assistant(settings, embeddings=CountingFake(model_id))


def stored(assistant: Assistant) -> dict[str, list]:
    """doc -> sorted list of (chunk_index, content_hash) in the vector store."""
    out: dict[str, list] = {}
    for r in assistant.store.all_records():
        out.setdefault(r.doc, []).append((int(r.meta["chunk_index"]), r.meta["content_hash"]))
    return {doc: sorted(v) for doc, v in out.items()}


def as_stored(chunks: dict[str, list]) -> dict[str, list]:
    return {doc: sorted((c.chunk_index, c.content_hash) for c in cs) for doc, cs in chunks.items()}


def assert_consistent(assistant: Assistant, folder: Path) -> None:
    """Store holds exactly the chunks of the folder, once each, and BM25 holds the same ids."""
    expected = expected_chunks(folder)
    assert stored(assistant) == as_stored(expected)
    ids = assistant.store.all_ids()
    assert len(ids) == len(set(ids)) == assistant.store.count() == sum(map(len, expected.values()))
    assistant._lexical = None  # read BM25 back from disk, as a new process would
    assert sorted(assistant.lexical.ids) == sorted(ids)


def test_first_ingest_indexes_every_chunk(settings, small_corpus):
    assistant = fresh(settings)
    report = assistant.ingest()
    expected = expected_chunks(small_corpus)
    total = sum(map(len, expected.values()))
    assert report.failures == []
    assert (report.files_seen, report.files_indexed, report.files_unchanged) == (2, 2, 0)
    assert report.chunks_added == total
    assert report.chunks_skipped == report.chunks_removed == report.chunks_updated == 0
    assert assistant.embeddings.texts >= total  # chunks, then the sentences for the answerer
    assert "2 gezien, 2 (her)geïndexeerd" in report.summary()
    assert report.as_dict()["failures"] == []
    assert_consistent(assistant, small_corpus)


def test_reingest_of_unchanged_corpus_embeds_nothing(settings, small_corpus):
    fresh(settings).ingest()
    again = fresh(settings)  # a new process: nothing remembered in memory
    started = time.perf_counter()
    report = again.ingest()
    seconds = time.perf_counter() - started
    total = sum(map(len, expected_chunks(small_corpus).values()))
    assert again.embeddings.calls == 0
    assert (report.files_indexed, report.files_unchanged, report.chunks_added) == (0, 2, 0)
    assert report.chunks_skipped == total
    assert seconds < 3.0
    assert_consistent(again, small_corpus)


def test_a_new_sentence_splitter_warms_its_sentences_at_the_next_ingest(settings, small_corpus, monkeypatch):
    # sentences the splitter now cuts otherwise get their vectors at ingest, not at question time
    import assistant.ingest.indexing as indexing
    from assistant.retrieval.sentences import SentenceVectors, sentence_key
    from assistant.sentence_split import split_sentences

    first = fresh(settings)
    first.ingest()
    sentences_path = first.indexer().sentences_path
    monkeypatch.setattr(indexing, "SPLIT_VERSION", "test")
    monkeypatch.setattr(
        "assistant.retrieval.sentences.split_sentences",
        lambda text: [" ".join(split_sentences(text)[:2]), *split_sentences(text)[2:]],
    )
    again = fresh(settings)
    again.ingest()
    assert again.embeddings.calls > 0
    warmed = sorted(p.name for p in sentences_path.parent.glob(f"{sentences_path.stem}.warmed*.json"))
    assert warmed == [f"{sentences_path.stem}.warmed-test.json"]  # the earlier record is gone
    known = SentenceVectors(again.embeddings, sentences_path)._index
    record = next(iter(again.lexical.by_id.values()))
    joined = " ".join(split_sentences(record.text)[:2])
    assert sentence_key(joined) in known


def test_changed_file_has_its_old_chunks_replaced(settings, small_corpus):
    first = fresh(settings)
    first.ingest()
    before = stored(first)
    path = small_corpus / F003
    text = path.read_text(encoding="utf-8")
    marker = "De gemeente Testerdam investeert extra in kwantumveilige versleuteling van haar archief."
    path.write_text(
        text.replace("Bedrijfsvoering", "Bedrijfsvoering en beheer", 1) + f"\n {marker}\n", "utf-8"
    )

    assistant = fresh(settings)
    report = assistant.ingest()
    assert (report.files_indexed, report.files_unchanged) == (1, 1)
    assert report.chunks_added > 0 and report.chunks_removed > 0
    assert_consistent(assistant, small_corpus)
    after = stored(assistant)
    assert after[F000] == before[F000]
    assert after[F003] != before[F003]
    texts = [r.text for r in assistant.store.all_records() if r.doc == F003]
    assert any(marker in t for t in texts)
    answer = assistant.ask("Waarin investeert de gemeente Testerdam extra?")
    assert not answer.abstained
    assert "kwantumveilige versleuteling" in answer.answer


def test_removed_file_is_removed_from_store_and_bm25(settings, small_corpus):
    first = fresh(settings)
    first.ingest()
    removed = len(stored(first)[F003])
    (small_corpus / F003).unlink()

    assistant = fresh(settings)
    report = assistant.ingest()
    assert report.files_removed == 1
    assert report.chunks_removed == removed
    assert set(stored(assistant)) == {F000}
    assert_consistent(assistant, small_corpus)
    assert {r.doc for r in assistant.lexical.records} == {F000}
    assert [s.doc for s in assistant.sources()] == [F000]


def test_rebuild_starts_clean(settings, small_corpus):
    fresh(settings).ingest()
    assistant = fresh(settings)
    report = assistant.ingest(rebuild=True)
    total = sum(map(len, expected_chunks(small_corpus).values()))
    assert (report.files_indexed, report.files_unchanged) == (2, 0)
    assert report.chunks_added == total and report.chunks_skipped == 0
    assert assistant.embeddings.texts == 0, "the embedding cache answers: nothing is embedded again"
    assert_consistent(assistant, small_corpus)


def test_rebuild_without_cache_embeds_everything(settings, small_corpus):
    fresh(settings).ingest()
    shutil.rmtree(settings.paths.embedding_cache)
    assistant = fresh(settings)
    assistant.ingest(rebuild=True)
    total = sum(map(len, expected_chunks(small_corpus).values()))
    assert assistant.embeddings.texts >= total


def test_switching_back_to_an_earlier_model_embeds_nothing(settings, small_corpus):
    fresh(settings, "model-a").ingest()
    fresh(settings, "model-b").ingest()
    again = fresh(settings, "model-a")
    again.ingest(rebuild=True)
    assert again.embeddings.texts == 0


def test_broken_files_are_reported_by_name_and_the_rest_is_indexed(settings, small_corpus):
    fresh(settings).ingest()
    (small_corpus / "kapot.pdf").write_bytes(b"%PDF-1.4\n\x00\x01 geen pdf")
    (small_corpus / "leeg.txt").write_bytes(b"")
    (small_corpus / "begroting.xlsx").write_bytes(b"PK\x03\x04")
    (small_corpus / "binair.txt").write_bytes(bytes(range(256)) * 8)
    (small_corpus / "nieuw.md").write_text(
        "# Notitie cloudbeleid\n\nDe gemeente Testerdam verhuist haar zaaksysteem in 2025 naar de cloud.\n",
        encoding="utf-8",
    )
    assistant = fresh(settings)
    report = assistant.ingest()
    failures = dict(report.failures)
    assert set(failures) == {"kapot.pdf", "leeg.txt", "begroting.xlsx", "binair.txt"}
    assert "beschadigd" in failures["kapot.pdf"]
    assert "leeg" in failures["leeg.txt"]
    assert "niet ondersteund" in failures["begroting.xlsx"]
    assert "binair" in failures["binair.txt"]
    assert report.files_indexed == 1 and report.files_unchanged == 2
    for name in failures:
        assert f"Mislukt: {name}: " in report.summary()
    docs = {s.doc: s for s in assistant.sources()}
    assert set(docs) == {F000, F003, "nieuw.md"}
    assert docs["nieuw.md"].title == "Notitie cloudbeleid"

    new = assistant.ask("Wanneer verhuist Testerdam het zaaksysteem naar de cloud?")
    assert [c.doc for c in new.citations] == ["nieuw.md"]
    old = assistant.ask("Hoeveel gemeenten telt Nederland sinds 1 januari 2021?")
    assert not old.abstained
    assert old.citations and old.citations[0].doc == F000
    assert "352" in old.answer


def test_same_document_under_two_names_is_indexed_once(settings, small_corpus):
    shutil.copy(small_corpus / F000, small_corpus / "zz_kopie.txt")
    assistant = fresh(settings)
    report = assistant.ingest()
    assert report.failures == [("zz_kopie.txt", f"zelfde inhoud als '{F000}'; niet dubbel geïndexeerd")]
    assert set(stored(assistant)) == {F000, F003}
    (small_corpus / "zz_kopie.txt").unlink()
    assert_consistent(assistant, small_corpus)


def test_notes_for_windows_1252_files_are_reported(settings, small_corpus):
    (small_corpus / "oud.txt").write_bytes(
        "Oude notitie over de coöperatie en de financiële gevolgen voor de gemeente.".encode("cp1252")
    )
    report = fresh(settings).ingest()
    assert report.failures == []
    assert ("oud.txt", "gelezen als Windows-1252 (geen geldige UTF-8)") in report.notes
    assert "Let op: oud.txt" in report.summary()


def test_each_embedding_model_has_its_own_collection(settings, small_corpus):
    a = fresh(settings)
    a.ingest()
    b = fresh(settings, model_id="fake-other")
    report = b.ingest()
    total = sum(map(len, expected_chunks(small_corpus).values()))
    # the second model's vectors are made anew, not mixed with the first model's
    assert report.chunks_added == total and report.files_unchanged == 0
    assert a.store.name != b.store.name
    assert a.store.name == "chunks-fake-256" and b.store.name == "chunks-fake-other"
    names = {c.name for c in b.store.client.list_collections()}
    assert {a.store.name, b.store.name} <= names
    assert a.store.count() == b.store.count() == total
    meta = b.store.client.get_collection(b.store.name).metadata
    assert meta["embedding_model"] == "fake-other"
    # a model switch back finds its own index intact and unchanged
    again = fresh(settings).ingest()
    assert again.chunks_added == 0 and again.files_unchanged == 2


def test_ingest_of_named_paths_only(settings, small_corpus):
    assistant = fresh(settings)
    report = assistant.ingest([small_corpus / F003])
    assert report.files_seen == 1
    assert set(stored(assistant)) == {F003}
    # a full scan afterwards adds the rest and keeps what is there
    report = fresh(settings).ingest()
    assert (report.files_indexed, report.files_unchanged) == (1, 1)


def test_every_sentence_the_answerer_can_quote_has_its_vector_after_ingest(corpus_assistant):
    # a sentence that only exists where retrieval joins chunks (a list completed from the next or
    # the previous chunk) or where a footnote's number ran two sentences together would otherwise
    # be embedded while the user waits
    from assistant.answering.candidates import candidates_from
    from assistant.retrieval.hybrid import complete_from_neighbours
    from assistant.retrieval.sentences import SentenceVectors, sentence_key
    from assistant.types import Passage

    # read from disk: what ingest stored, not what earlier questions embedded in memory
    known = set(
        SentenceVectors(corpus_assistant.embeddings, corpus_assistant.indexer().sentences_path)._index
    )
    missing = []
    completed = 0
    for record in corpus_assistant.lexical.by_id.values():
        p = Passage.from_record(record)
        complete_from_neighbours([p], corpus_assistant.lexical)  # as retrieval completes them
        completed += p.text != record.text
        missing += [c.text for c in candidates_from([p]) if sentence_key(c.text) not in known]
    assert completed > 50
    assert missing == []
