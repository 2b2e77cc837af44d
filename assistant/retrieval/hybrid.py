"""Hybrid retrieval: dense (Chroma) and BM25 candidates fused by reciprocal rank fusion."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from assistant.retrieval.lexical import LexicalIndex
from assistant.retrieval.list_tail import complete_list_heads, complete_lists
from assistant.retrieval.sections import asked_sections, sections_in
from assistant.retrieval.store import VectorStore
from assistant.types import Passage, in_units

# How many candidates the search within a named source takes, of each kind (measured at 60 only).
NAMED_CANDIDATES = 60


def rrf(rankings: list[list[str]], k: int = 60, weights: list[float] | None = None) -> dict[str, float]:
    """Reciprocal rank fusion: sum of weight / (k + rank) over the rankings an id appears in."""
    weights = weights or [1.0] * len(rankings)
    scores: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return scores


class HybridRetriever:
    def __init__(
        self,
        store: VectorStore | None,
        lexical: LexicalIndex,
        *,
        candidates: int = 30,
        rrf_k: int = 60,
        mode: str = "hybrid",
        weights: tuple[float, float] = (1.0, 1.0),
        named: Callable[[str], set[tuple[str, str | None]]] | None = None,
        names: Callable[[str], set[str]] | None = None,
    ) -> None:
        self.weights = weights  # (dense, bm25) in the fusion
        self.named = named  # the documents and parts a question names as its source (the catalog's)
        self.names = names  # the names it uses for them ('volgens de sectorschets')
        self.store = store
        self.lexical = lexical
        self.candidates = candidates
        self.rrf_k = rrf_k
        self.mode = mode  # hybrid | bm25 | dense
        self.last_timings: dict[str, float] = {}

    def retrieve(self, query: str, k: int = 6, docs: set[str] | None = None) -> list[Passage]:
        timings: dict[str, float] = {}
        dense: list[tuple[str, float]] = []
        lexical_hits = []
        t = time.perf_counter()
        vector = None
        if self.mode in ("hybrid", "dense") and self.store is not None:
            vector = self.store.embeddings.embed_query(self._without_source_names(query))
            timings["embed"] = _ms(t)
            t = time.perf_counter()
            dense = self.store.search(vector, self.candidates, docs)
            timings["dense"] = _ms(t)
        t = time.perf_counter()
        if self.mode in ("hybrid", "bm25"):
            lexical_hits = self.lexical.search(query, self.candidates, docs)
        timings["bm25"] = _ms(t)
        t = time.perf_counter()
        rankings = [[i for i, _ in dense], [h.chunk_id for h in lexical_hits]]
        fused = rrf(rankings, k=self.rrf_k, weights=list(self.weights))
        # The candidates under a heading of the asked section ('welke argumenten'), and those of a
        # document or part the question names as its source ('volgens de sectorschets'), each in
        # fused order, as one more ranking. Named sources, measured on eval/qa.jsonl (the words
        # before a name were chosen reading its questions): hit@5 0.918 -> 0.923, MRR 0.733 ->
        # 0.755, no question's first relevant passage lower. Every named document, also one that
        # is the subject ('de uitvoering van het RID-adviesrapport'): hit@5 0.913, MRR 0.748.
        order = sorted(fused, key=lambda i: -fused[i])
        units = self.named(query) if self.named is not None else set()
        named_dense, named_lexical = self._search_named(units, query, vector, docs)
        if named_dense or named_lexical:
            known = dict(dense)
            dense = dense + [(i, score) for i, score in named_dense if i not in known]
            seen = {h.chunk_id for h in lexical_hits}
            lexical_hits = lexical_hits + [h for h in named_lexical if h.chunk_id not in seen]
        extra = [
            self._under_asked(order, asked_sections(query)),
            self._of_named(order, units, named_dense, named_lexical),
        ]
        extra = [ranking for ranking in extra if ranking]
        if extra:
            fused = rrf([*rankings, *extra], k=self.rrf_k, weights=[*self.weights, *[1.0] * len(extra)])
        dense_scores = dict(dense)
        lexical_scores = {h.chunk_id: h.score for h in lexical_hits}
        ranked = sorted(fused, key=lambda i: -fused[i])
        passages: list[Passage] = []
        for chunk_id in ranked:
            record = self.lexical.by_id.get(chunk_id)
            if record is None:  # in Chroma but not yet in the chunk table
                continue
            p = Passage.from_record(record)
            p.score = fused[chunk_id]
            p.dense_score = dense_scores.get(chunk_id)
            p.lexical_score = lexical_scores.get(chunk_id)
            passages.append(p)
        merged = merge_neighbours(passages, k)
        complete_from_neighbours(merged, self.lexical)
        timings["fusion"] = _ms(t)
        self.last_timings = timings
        return merged

    def _without_source_names(self, query: str) -> str:
        """The question for the dense search without the names of the source it names ('Hoe
        beschrijven Groeneveld en Timmermans de gemeentelijke ICT-markt?'): the named source is
        preferred by its own ranking (``_of_named``), and in the vector the name pulled the
        passages that mention it (a foreword, a title page) above those on the subject. Measured
        with --cv 5 on eval/qa.jsonl: hit@5 0.918 -> 0.928, MRR 0.755 -> 0.773, no question's first
        relevant passage lower. BM25 keeps the names: without them there, MRR 0.767 and
        abstention recall 0.558 -> 0.549."""
        names = self.names(query) if self.names is not None else set()
        for name in sorted(names, key=len, reverse=True):
            query = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", " ", query, flags=re.I)
        return " ".join(query.split()) if names else query

    def _search_named(
        self,
        units: set[tuple[str, str | None]],
        query: str,
        vector: list[float] | None,
        docs: set[str] | None,
    ) -> tuple[list[tuple[str, float]], list]:
        """Dense and BM25 candidates from the documents the question names as its source alone.
        From the whole corpus, a named source's passages beyond the first ``candidates`` could not
        rise, and the dense search, without the name (``_without_source_names``), sometimes found
        none of them: with no dense score among the six passages the answerability model
        declined ('Hoe heeft de ICT Benchmark Gemeenten zich … ontwikkeld …? Vat kort samen.').
        ``NAMED_CANDIDATES`` wide, as a named part is one of many in its bundle."""
        named_docs = {doc for doc, _ in units}
        if docs:
            named_docs &= docs
        if not named_docs:
            return [], []
        found_dense = self.store.search(vector, NAMED_CANDIDATES, named_docs) if vector is not None else []
        found_lexical = (
            self.lexical.search(query, NAMED_CANDIDATES, named_docs)
            if self.mode in ("hybrid", "bm25")
            else []
        )
        return found_dense, found_lexical

    def _under_asked(self, order: list[str], asked: set[str]) -> list[str]:
        if not asked:
            return []
        return [i for i in order if i in self.lexical.by_id and _under(self.lexical.by_id[i], asked)]

    def _of_named(
        self, order: list[str], units: set[tuple[str, str | None]], named_dense: list, named_lexical: list
    ) -> list[str]:
        """The candidates of the named units in fused order, then those only the search within
        the named documents found, in their own fused order. Those first, as before: ranked by
        the named search alone, the answers to 'volgens de presentatie' lost their passage (q-324
        of eval/qa.jsonl)."""
        if not units:
            return []
        records = self.lexical.by_id
        inside = rrf(
            [[i for i, _ in named_dense], [h.chunk_id for h in named_lexical]],
            k=self.rrf_k,
            weights=list(self.weights),
        )
        seen = set(order)
        tail = [i for i in sorted(inside, key=lambda i: -inside[i]) if i not in seen]
        return [
            i
            for i in order + tail
            if i in records and in_units(units, records[i].doc, records[i].meta.get("part"))
        ]


def _under(record, asked: set[str]) -> bool:
    """The chunk holds a heading of an asked section, or starts in one."""
    return bool(asked & sections_in(record.text, record.meta.get("section")))


def merge_neighbours(passages: list[Passage], k: int) -> list[Passage]:
    """Adjacent chunks of one document become one passage (their overlap appears once)."""
    out: list[Passage] = []
    for p in passages:
        host = next(
            (
                o
                for o in out
                if o.doc == p.doc
                and o.part == p.part  # a passage is cited as one part of a bundle
                and (p.chunk_index == o.chunk_index + len(o.chunk_ids) or p.chunk_index == o.chunk_index - 1)
                and len(o.chunk_ids) < 3
            ),
            None,
        )
        if host is None:
            if len(out) < k:
                out.append(p)
            continue
        if p.chunk_index > host.chunk_index:
            # Overlapping chunks share text; chunks with a gap between them (a heading or blank
            # lines the chunker dropped) get a paragraph break, never glued ('gebleven.Toename').
            joint = text_after(host, p)
            host.page_breaks = _joined_breaks(host, p, len(host.text), len(joint))
            host.text = host.text + joint
            host.end = max(host.end, p.end)
            host.chunk_ids.append(p.chunk_id)
        else:
            joint = text_after(p, host)
            host.page_breaks = _joined_breaks(p, host, len(p.text), len(joint))
            host.text = p.text + joint
            host.start, host.chunk_index, host.page = p.start, p.chunk_index, p.page
            host.section = p.section or host.section
            host.chunk_ids.insert(0, p.chunk_id)
        host.lexical_score = max(filter(None, [host.lexical_score, p.lexical_score]), default=None)
        host.dense_score = max(filter(None, [host.dense_score, p.dense_score]), default=None)
    return out


def text_after(first: Passage, second: Passage) -> str:
    """The text of ``second`` that follows ``first`` in their document: chunks overlap, so the
    overlap is left out; chunks with a gap between them get a paragraph break."""
    if second.start <= first.end:
        return second.text[max(0, first.end - second.start) :]
    return "\n\n" + second.text


def _joined_breaks(first: Passage, second: Passage, at: int, joint: int) -> list[tuple[int, int]]:
    """The page breaks of ``first`` with the last ``joint`` characters of ``second`` appended at
    offset ``at``. Overlapping chunks: the overlap's breaks are ``first``'s already. Chunks with
    a gap: two line breaks come before ``second``'s text."""
    skip = len(second.text) - joint  # the overlap left out of second, or -2 for the gap
    start = max(skip, 0)
    out = list(first.page_breaks)
    page = second.page_at(start)
    if page is not None:
        out.append((at + start - skip, page))
    out.extend((at + offset - skip, number) for offset, number in second.page_breaks if offset > start)
    return out


def _ms(since: float) -> float:
    return (time.perf_counter() - since) * 1000


def next_passage(lexical: LexicalIndex, p: Passage) -> Passage | None:
    """The chunk after ``p`` in its document, as a passage."""
    record = lexical.chunk_at(p.doc, p.chunk_index + len(p.chunk_ids))
    return Passage.from_record(record) if record is not None else None


def previous_passage(lexical: LexicalIndex, p: Passage) -> Passage | None:
    """The chunk before ``p`` in its document, as a passage."""
    record = lexical.chunk_at(p.doc, p.chunk_index - 1)
    return Passage.from_record(record) if record is not None else None


def complete_from_neighbours(passages: list[Passage], lexical: LexicalIndex) -> None:
    """Each passage with the rest of the list it ends in and the start of the list it opens in,
    from the chunks after and before it (``complete_lists``, ``complete_list_heads``): as
    retrieval gives passages, and as ingest makes their sentence vectors (``junction_texts``)."""
    complete_lists(passages, lambda p: next_passage(lexical, p))
    complete_list_heads(passages, lambda p: previous_passage(lexical, p))
