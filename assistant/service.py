"""Wiring in one place: settings -> embeddings, store, BM25, retriever, answerer.

CLI, web and eval all call ``Assistant.ask`` and receive the same ``Answer``.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from assistant.answering.choice import make_extractive
from assistant.answering.followup import standalone_question
from assistant.compounds import frequencies
from assistant.debate.service import Brief, make_brief
from assistant.ingest.catalog import Catalog
from assistant.ingest.indexing import Indexer, IngestReport
from assistant.ingest.lock import index_busy
from assistant.ingest.progress import IndexProgress, progress_printer
from assistant.ingest.staged import build_in_background, preview_lexical
from assistant.interfaces import Answerer, Embedder, QuestionRewriter, StreamingAnswerer
from assistant.offline import configure_offline
from assistant.retrieval.embeddings import make_embeddings
from assistant.retrieval.hybrid import HybridRetriever
from assistant.retrieval.lexical import LexicalIndex
from assistant.retrieval.positions import ChunkPositions
from assistant.retrieval.sentences import SentenceVectors
from assistant.retrieval.store import VectorStore
from assistant.settings import Settings
from assistant.types import Answer, Passage
from assistant.user_input import clean_question


@dataclass
class _Turn:
    """What a question has gathered before it is answered."""

    t0: float
    t1: float
    text: str
    notes: list[str]
    standalone: str
    passages: list
    retrieve_timings: dict[str, float]


@dataclass
class SourceInfo:
    doc: str
    title: str
    chunks: int
    pages: int


class Assistant:
    """One instance per process; cheap to construct, heavy parts load on first use."""

    def __init__(
        self, settings: Settings, embeddings: Embedder | None = None, answerer: Answerer | None = None
    ) -> None:
        configure_offline()  # whatever starts an assistant: nothing calls home
        self.settings = settings
        self._embeddings = embeddings
        self._store: VectorStore | None = None
        self._lexical: LexicalIndex | None = None
        self._answerer = answerer
        self._answerer_staged = False  # built while a staged start had no sentence vectors yet
        self._sentences = None
        self._making = threading.RLock()  # reentrant: the answerer is made from the other parts
        self.build: IndexProgress | None = None  # a staged start's build, while it runs
        self._sources_cache: tuple[LexicalIndex, list[SourceInfo]] | None = None
        self._positions: ChunkPositions | None = None
        self.catalog = Catalog.load(settings.catalog_path)

    # components -------------------------------------------------------------

    def _cached(self, name: str, make: Callable[[], Any]) -> Any:
        """The part in field ``name``, made once. Read once: an ingest (an upload while others
        ask) may reset the field meanwhile, and a question must never get None."""
        value = getattr(self, name)
        if value is None:
            with self._making:  # one thread makes it; the others wait for that one
                value = getattr(self, name)
                if value is None:
                    value = make()
                    setattr(self, name, value)
        return value

    @property
    def embeddings(self):
        s = self.settings
        return self._cached("_embeddings", lambda: make_embeddings(s.embeddings, s.embed_batch_size))

    @property
    def store(self) -> VectorStore:
        return self._cached("_store", lambda: VectorStore(self.settings, self.embeddings))

    def indexer(self) -> Indexer:
        return Indexer(self.settings, self.store, self.catalog)

    @property
    def staged(self) -> bool:
        """Serving from a partial index (BM25 first) while a build finishes the vectors."""
        return self.build is not None and not self.build.finished and self.build.lexical is not None

    @property
    def lexical(self) -> LexicalIndex:
        if self.staged:
            return self.build.lexical
        return self._cached("_lexical", lambda: self.indexer().refresh_lexical())

    def warm_up(self) -> None:
        """Load the embedding model now, e.g. before a server says it is ready."""
        self.embeddings.warm_up()
        frequencies()  # the answerer reads compounds with them (~0.2 s on first use)

    def retriever(self, mode: str = "hybrid") -> HybridRetriever:
        return HybridRetriever(
            self.store,
            self.lexical,
            candidates=self.settings.candidates,
            rrf_k=self.settings.rrf_k,
            mode=mode,
            named=self.catalog.sources_named_in,
            names=self.catalog.source_aliases_in,
        )

    @property
    def answerer(self):
        staged = self.staged
        if self._answerer_staged != staged:  # made with(out) the sentence vectors: made again
            with self._making:
                if self._answerer_staged != staged:
                    self._answerer, self._answerer_staged = None, staged
        return self._cached("_answerer", self.make_answerer)

    def make_answerer(self):
        extractive = make_extractive(
            self.settings,
            self.lexical.idf,
            # While a staged start still makes them, sentences are weighed by their words only:
            # embedding candidates per question would compete with the build for the cores.
            sentence_vectors=None if self.staged else self.sentence_vectors,
            known_terms=self.lexical.vocabulary(),
            following=self.following,
            named=self.catalog.quoted_from,
            names=self.catalog.quoted_aliases,
        )
        if self.settings.llm.backend == "extractive":
            return extractive
        from assistant.answering.generative import make_generative_answerer  # LangChain's chat models: 1 s

        return make_generative_answerer(self.settings, extractive)

    @property
    def sentence_vectors(self):
        return self._cached(
            "_sentences", lambda: SentenceVectors(self.embeddings, self.indexer().sentences_path)
        )

    # indexing ---------------------------------------------------------------

    def ingest(
        self,
        paths: list[Path] | None = None,
        rebuild: bool = False,
        progress: Callable[[str, int, int], None] | None = None,
        tracker: IndexProgress | None = None,
    ) -> IngestReport:
        report = self.indexer().ingest(paths, rebuild=rebuild, progress=progress, tracker=tracker)
        self._forget_parts()
        return report

    def _forget_parts(self) -> None:
        """BM25, sentence vectors and answerer are made afresh from the new index on next use.
        Under the lock: one being made from the old index meanwhile is not kept after this."""
        with self._making:
            self._lexical = self._sentences = self._answerer = None

    def start_staged(
        self,
        tracker: IndexProgress | None = None,
        on_done: Callable[[IngestReport], None] | None = None,
    ) -> threading.Thread:
        """Answer from BM25 within seconds and make the vectors in a background thread.

        The first indexing is mostly embedding (minutes on two cores); the chunk table and
        BM25 come from the files in seconds. Retrieval uses BM25 alone until the chunk vectors
        are stored, the answerer its lexical scoring until the sentence vectors are."""
        tracker = self.serve_from_files(tracker or IndexProgress.for_terminal())

        def finished(report: IngestReport) -> None:
            self._forget_parts()  # the complete index from now
            if on_done is not None:
                on_done(report)

        return build_in_background(self.indexer, tracker, finished)

    def serve_from_files(self, tracker: IndexProgress | None = None) -> IndexProgress:
        """Answer from BM25 over the files' chunk table, writing nothing: also what a reader
        does while another process holds the write lock (no lock error, no half-read index)."""
        tracker = tracker or IndexProgress()
        tracker.lexical = preview_lexical(self.settings, self.catalog, self.store, tracker)
        tracker.lexical_ready = True
        self.build = tracker
        return tracker

    def index_status(self) -> str | None:
        """The build's progress line while a staged start runs, else None."""
        return self.build.status() if self.build is not None and not self.build.finished else None

    def stale_files(self) -> list[str]:
        return self.indexer().stale_files()  # new, changed or gone since the last ingest

    def forget_questions(self) -> None:
        """Drop remembered question vectors (embedder, sentence scoring): the next one is measured cold."""
        if self._embeddings is not None:
            self._embeddings.clear_query_cache()
        if self._sentences is not None:
            self._sentences.clear_query_cache()

    def index_is_empty(self) -> bool:
        return self.store.count() == 0

    # questions --------------------------------------------------------------

    def ask(
        self,
        question: str,
        *,
        history: list[str] | None = None,
        docs: set[str] | None = None,
        k: int | None = None,
        retrieval_mode: str = "hybrid",
    ) -> Answer:
        turn = self._retrieve(question, history, docs, k, retrieval_mode)
        answer = self.answerer.answer(turn.standalone, turn.passages)
        return self._finish(turn, answer)

    def ask_stream(
        self,
        question: str,
        *,
        history: list[str] | None = None,
        docs: set[str] | None = None,
        k: int | None = None,
        retrieval_mode: str = "hybrid",
    ) -> Iterator[str | Answer]:
        """Like ``ask``, but yields the answer text in pieces as it is written (and checked),
        and lastly the Answer itself, whose ``answer`` equals the pieces joined."""
        turn = self._retrieve(question, history, docs, k, retrieval_mode)
        answer: Answer | None = None
        answerer = self.answerer
        if not isinstance(answerer, StreamingAnswerer):  # extractive: finished at once, so shown at once
            answer = answerer.answer(turn.standalone, turn.passages)
            items = [answer.answer, answer]
        else:
            items = answerer.stream(turn.standalone, turn.passages)
        first: float | None = None
        for item in items:
            if isinstance(item, Answer):
                answer = item
                continue
            if first is None:
                first = time.perf_counter()
            yield item
        assert answer is not None
        yield self._finish(turn, answer, first if first is not None else time.perf_counter())

    def _retrieve(
        self, question: str, history: list[str] | None, docs: set[str] | None, k: int | None, mode: str
    ) -> _Turn:
        """The shared first half of a question: clean it, make it standalone, retrieve."""
        t0 = time.perf_counter()
        text, notes = clean_question(question, self.settings.max_question_chars)
        standalone = self._standalone(text, history)
        if self.staged and not self.build.dense_ready:
            mode = "bm25"  # chunk vectors still being made
        retriever = self.retriever(mode)
        passages = retriever.retrieve(standalone, k or self.settings.top_k, docs or None)
        return _Turn(t0, time.perf_counter(), text, notes, standalone, passages, retriever.last_timings)

    def _finish(self, turn: _Turn, answer: Answer, first: float | None = None) -> Answer:
        t2 = time.perf_counter()
        answer.question = turn.text
        answer.standalone_question = turn.standalone if turn.standalone != turn.text else None
        answer.notes = turn.notes + answer.notes
        answer.timings_ms = {
            **{f"retrieve_{k}": v for k, v in turn.retrieve_timings.items()},
            "retrieve": (turn.t1 - turn.t0) * 1000,
            **({"first_piece": (first - turn.t0) * 1000} if first is not None else {}),
            "answer": (t2 - turn.t1) * 1000,
            "total": (t2 - turn.t0) * 1000,
        }
        return answer

    def _standalone(self, text: str, history: list[str] | None) -> str:
        """The follow-up as a standalone question: by the language model if one is configured
        (falling back to the heuristic), else by the heuristic of assistant.answering.followup."""
        heuristic = standalone_question(text, history or [])
        if not history or not isinstance(self.answerer, QuestionRewriter):
            return heuristic
        rewritten, _ = self.answerer.rewrite_question(text, history, heuristic)
        return rewritten

    def brief(self, topic: str, docs: set[str] | None = None) -> Brief:
        """A neutral, cited debate brief on ``topic`` (issue 12), wired in assistant.debate.service."""
        return make_brief(self, topic, docs)

    # inspection -------------------------------------------------------------

    def sources(self) -> list[SourceInfo]:
        # One pass over the chunk table, computed once per loaded index (the web app asks for
        # it on every page load): at 58,000 chunks the per-document rescans took seconds.
        lexical = self.lexical
        cached = self._sources_cache
        if cached is None or cached[0] is not lexical:
            counts: dict[str, SourceInfo] = {}
            first_title: dict[str, object] = {}
            for r in lexical.records:
                doc = r.doc
                info = counts.get(doc)
                if info is None:
                    info = counts[doc] = SourceInfo(doc, self.catalog.info(doc).title, 0, 0)
                    first_title[doc] = r.meta.get("title")
                info.chunks += 1
                info.pages = max(info.pages, r.page or 0)
            for doc, info in counts.items():
                if not self.catalog.info(doc).in_catalog:
                    info.title = str(first_title[doc])
            cached = self._sources_cache = (lexical, sorted(counts.values(), key=lambda s: s.doc))
        return [SourceInfo(s.doc, s.title, s.chunks, s.pages) for s in cached[1]]

    def neighbours(self, chunk_id: str, before: int = 1, after: int = 1) -> list[str]:
        return self.positions().neighbours(chunk_id, before, after)

    def following(self, passage: Passage) -> Passage | None:
        return self.positions().following(passage)

    def positions(self) -> ChunkPositions:
        cached = self._positions
        if cached is None or cached.lexical is not self.lexical:
            cached = self._positions = ChunkPositions(self.lexical)
        return cached


def prepare_index(
    assistant: Assistant,
    *,
    out: TextIO | None = None,
    quiet: bool = False,
    update_stale: bool = True,
    staged: bool = False,
) -> threading.Thread | None:
    """Index the corpus on first use (and, with ``update_stale``, when files changed), so a
    fresh machine gets answers from one command. CLI, web and eval all start here.

    ``staged`` (the web chat): the chunk table and BM25 are made from the files in seconds and
    served while a background thread makes the vectors; returns that thread (None when there
    was nothing to do or the build ran here)."""
    stream = out or sys.stderr

    def say(text: str) -> None:
        if not quiet:
            print(text, file=stream, flush=True)

    if index_busy(assistant.settings):
        # Another process (a staged `serve`) is building the index: answer from the files'
        # chunk table by words, rather than fail on the lock or read a half-built index.
        say("Let op: de index wordt nu bijgewerkt; dit antwoord komt uit zoeken op woorden.")
        assistant.serve_from_files()
        return None
    if assistant.index_is_empty():
        say("Index is leeg: het corpus wordt nu geïndexeerd…")
    elif not update_stale or not (changed := assistant.stale_files()):
        return None
    else:
        say(f"Index is verouderd ({len(changed)} bestand(en) nieuw of gewijzigd): bijwerken…")
    if staged:
        thread = assistant.start_staged(on_done=lambda report: say(f"Index compleet.\n{report.summary()}"))
        say(
            "Zoeken op woorden is klaar; de betekenisvectoren worden op de achtergrond gemaakt "
            "(de statusregel in de webchat toont de voortgang)."
        )
        return thread
    report = assistant.ingest(progress=None if quiet else progress_printer("Indexeren", stream))
    say(report.summary())
    return None
