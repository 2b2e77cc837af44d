"""Wiring in one place: settings -> embeddings, store, BM25, retriever, answerer.

CLI, web and eval all call ``Assistant.ask`` and receive the same ``Answer``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from assistant.answer import Answer
from assistant.answering.extractive import UnitAnswerer
from assistant.catalog import Catalog
from assistant.followup import standalone_question
from assistant.indexing import Indexer, IngestReport
from assistant.lexical import LexicalIndex
from assistant.retrieval import HybridRetriever
from assistant.settings import Settings
from assistant.store import VectorStore


class QuestionError(ValueError):
    """A question that cannot be asked as given; the message says why."""


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_question(question: str | None, max_chars: int) -> tuple[str, list[str]]:
    notes: list[str] = []
    text = _CONTROL.sub(" ", question or "")
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        raise QuestionError("Stel een vraag: de invoer is leeg.")
    if len(text) > max_chars:
        text = text[:max_chars].rstrip()  # no trailing space where the cut fell
        notes.append(f"De vraag is ingekort tot {max_chars} tekens.")
    if not re.search(r"\w", text):  # checked after the cut: what is asked must hold words
        raise QuestionError("Stel een vraag in woorden: de invoer bevat geen letters of cijfers.")
    return text, notes


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

    def __init__(self, settings: Settings, embeddings=None, answerer=None) -> None:
        self.settings = settings
        self._embeddings = embeddings
        self._store: VectorStore | None = None
        self._lexical: LexicalIndex | None = None
        self._answerer = answerer
        self._sentences = None
        self.catalog = Catalog.load(settings.catalog_path)

    # components -------------------------------------------------------------

    @property
    def embeddings(self):
        if self._embeddings is None:
            from assistant.embeddings import make_embeddings

            self._embeddings = make_embeddings(self.settings.embeddings, self.settings.embed_batch_size)
        return self._embeddings

    @property
    def store(self) -> VectorStore:
        if self._store is None:
            self._store = VectorStore(self.settings, self.embeddings)
        return self._store

    def indexer(self) -> Indexer:
        return Indexer(self.settings, self.store, self.catalog)

    @property
    def lexical(self) -> LexicalIndex:
        if self._lexical is None:
            self._lexical = self.indexer().refresh_lexical()
        return self._lexical

    def retriever(self, mode: str = "hybrid") -> HybridRetriever:
        return HybridRetriever(
            self.store,
            self.lexical,
            candidates=self.settings.candidates,
            rrf_k=self.settings.rrf_k,
            mode=mode,
        )

    @property
    def answerer(self):
        if self._answerer is None:
            self._answerer = self.make_answerer()
        return self._answerer

    def make_answerer(self):
        extractive = UnitAnswerer(
            self.lexical.idf,
            sentence_vectors=self.sentence_vectors,
            known_terms=self.lexical.vocabulary(),
            embeddings=self.settings.embeddings,
        )
        if self.settings.llm == "extractive":
            return extractive
        from assistant.llm import make_generative_answerer

        return make_generative_answerer(self.settings, extractive)

    @property
    def sentence_vectors(self):
        if self._sentences is None:
            from assistant.sentences import SentenceVectors

            self._sentences = SentenceVectors(self.embeddings, self.indexer().sentences_path)
        return self._sentences

    # indexing ---------------------------------------------------------------

    def ingest(
        self,
        paths: list[Path] | None = None,
        rebuild: bool = False,
        progress: Callable[[str, int, int], None] | None = None,
    ) -> IngestReport:
        report = self.indexer().ingest(paths, rebuild=rebuild, progress=progress)
        self._lexical = None  # reload the fresh BM25 index on next use
        self._answerer = None
        self._sentences = None
        return report

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
        stream = getattr(self.answerer, "stream", None)
        if stream is None:  # the extractive answerer: the whole answer at once, shown in pieces
            answer = self.answerer.answer(turn.standalone, turn.passages)
            items = [*re.findall(r"\s*\S+", answer.answer), answer]
        else:
            items = stream(turn.standalone, turn.passages)
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
        (falling back to the heuristic), else by the heuristic of assistant.followup."""
        heuristic = standalone_question(text, history or [])
        rewrite = getattr(self.answerer, "rewrite_question", None) if history else None
        if rewrite is None:
            return heuristic
        rewritten, _ = rewrite(text, history, heuristic)
        return rewritten

    # inspection -------------------------------------------------------------

    def sources(self) -> list[SourceInfo]:
        # One pass over the chunk table, computed once per loaded index (the web app asks for
        # it on every page load): at 58,000 chunks the per-document rescans took seconds.
        lexical = self.lexical
        cached = getattr(self, "_sources_cache", None)
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
        """Texts of a chunk and its neighbours, for showing a quote in its surroundings."""
        lexical = self.lexical
        record = lexical.by_id.get(chunk_id)
        if record is None:
            return []
        index = int(record.meta.get("chunk_index", 0))
        cached = getattr(self, "_positions_cache", None)
        if cached is None or cached[0] is not lexical:  # (doc, chunk_index) -> record, once per index
            positions: dict[tuple[str, int], object] = {}
            for r in lexical.records:
                positions[(r.doc, int(r.meta.get("chunk_index", 0)))] = r
            cached = self._positions_cache = (lexical, positions)
        same = cached[1]
        doc = record.doc
        return [same[(doc, i)].text for i in range(index - before, index + after + 1) if (doc, i) in same]
