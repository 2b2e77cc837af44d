"""Staged start: answers from BM25 within seconds, vectors made in the background."""

from __future__ import annotations

import threading

from assistant.app.web.status import status_line
from assistant.ingest.lock import index_busy, write_lock
from assistant.ingest.progress import IndexProgress
from assistant.ingest.staged import preview_lexical
from assistant.retrieval.embeddings import FakeEmbeddings
from assistant.service import Assistant, prepare_index

QUESTION = "Hoeveel Nederlandse gemeenten maken gebruik van dezelfde centrale voorzieningen?"


class GatedFake(FakeEmbeddings):
    """The fake embedder, holding document embedding until the test opens the gate."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.texts = 0

    def _embed(self, texts, is_query):
        if not is_query:
            assert self.gate.wait(30), "the test never opened the gate"
            self.texts += len(texts)
        return super()._embed(texts, is_query)


def test_preview_has_the_ids_the_store_gets(make_settings, small_corpus):
    assistant = Assistant(make_settings(corpus_dir=small_corpus))
    preview = preview_lexical(assistant.settings, assistant.catalog, assistant.store)
    assistant.ingest()
    assert sorted(preview.ids) == sorted(assistant.store.all_ids())


def test_serves_from_bm25_before_the_vectors_exist(make_settings, small_corpus):
    embeddings = GatedFake()
    assistant = Assistant(make_settings(corpus_dir=small_corpus), embeddings=embeddings)
    thread = assistant.start_staged(IndexProgress())
    try:
        assert assistant.staged and not assistant.build.dense_ready
        answer = assistant.ask(QUESTION)
        assert answer.citations, "a staged start answers with citations"
        assert all(p.dense_score is None for p in answer.retrieved), "BM25 alone"
        assert assistant.answerer.sentence_vectors is None, "lexical sentence scoring meanwhile"
        status = assistant.index_status()
        total = len(assistant.lexical.records)
        assert status.startswith("Index: zoeken op woorden klaar; betekenisvectoren 0/")
        assert f"0/{total}" in status
    finally:
        embeddings.gate.set()
        thread.join(60)
    assert not thread.is_alive() and assistant.build.finished
    assert assistant.index_status() is None and not assistant.staged
    answer = assistant.ask(QUESTION)
    assert any(p.dense_score is not None for p in answer.retrieved), "hybrid once the vectors exist"
    assert assistant.answerer.sentence_vectors is not None


def test_progress_counts_all_embedding_work(make_settings, small_corpus):
    embeddings = GatedFake()
    embeddings.gate.set()
    assistant = Assistant(make_settings(corpus_dir=small_corpus), embeddings=embeddings)
    tracker = IndexProgress()
    assistant.ingest(tracker=tracker)
    chunks = assistant.store.count()
    assert tracker.done["chunks"] == tracker.total["chunks"] == chunks
    assert tracker.done["sentences"] == tracker.total["sentences"] > chunks
    assert tracker.done["chunks"] + tracker.done["sentences"] == embeddings.texts
    again = IndexProgress()
    Assistant(assistant.settings, embeddings=embeddings).ingest(rebuild=True, tracker=again)
    assert again.done == {"chunks": 0, "sentences": 0}, "the cache answers a rebuild"


def test_status_line_says_what_is_ready():
    tracker = IndexProgress()
    assert tracker.status() == "Index: fragmenten maken…; betekenisvectoren 0/0 …"
    tracker.lexical_ready = True
    tracker.add("chunks", 587)
    tracker.advance("chunks")(312)
    assert tracker.status() == "Index: zoeken op woorden klaar; betekenisvectoren 312/587 …"
    tracker.advance("chunks")(275)
    tracker.dense_ready = True
    tracker.add("sentences", 6500)
    tracker.advance("sentences")(100)
    assert tracker.status() == (
        "Index: zoeken op woorden klaar; betekenisvectoren klaar; zinsvectoren 100/6500 …"
    )


def test_a_reader_answers_while_another_process_holds_the_lock(make_settings, small_corpus, capsys):
    settings = make_settings(corpus_dir=small_corpus)
    reader = Assistant(settings)
    with write_lock(settings):
        assert index_busy(settings)
        prepare_index(reader, update_stale=False)
        answer = reader.ask(QUESTION)
    assert answer.citations
    assert "zoeken op woorden" in capsys.readouterr().err
    assert not index_busy(settings)


def test_web_status_line_shows_the_build(make_settings, small_corpus):
    embeddings = GatedFake()
    assistant = Assistant(make_settings(corpus_dir=small_corpus), embeddings=embeddings)
    thread = assistant.start_staged(IndexProgress())
    try:
        line = status_line(assistant)
        assert "2 documenten" in line and "zoeken op woorden klaar" in line and "betekenisvectoren 0/" in line
    finally:
        embeddings.gate.set()
        thread.join(60)
    assert "geïndexeerd" in status_line(assistant)


def test_a_log_gets_progress_lines_not_a_bar():
    import io

    log = io.StringIO()
    tracker = IndexProgress(log=log, every=0.0)
    tracker.add("chunks", 10)
    tracker.advance("chunks")(4)
    assert log.getvalue().startswith("Vectoren: betekenisvectoren 4/10, zinsvectoren 0/0 (")
