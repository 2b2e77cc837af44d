"""Where each chunk sits in its document: its neighbours, and the chunk after a passage."""

from __future__ import annotations

from assistant.retrieval.lexical import LexicalIndex
from assistant.types import ChunkRecord, Passage


class ChunkPositions:
    """(document, chunk index) -> chunk, made once per index (a scan of all chunks per call
    took 28 ms at 100x the corpus, bench/README.md)."""

    def __init__(self, lexical: LexicalIndex) -> None:
        self.lexical = lexical
        self._at: dict[tuple[str, int], ChunkRecord] = {
            (r.doc, int(r.meta.get("chunk_index", 0))): r for r in lexical.records
        }

    def neighbours(self, chunk_id: str, before: int = 1, after: int = 1) -> list[str]:
        """Texts of a chunk and its neighbours, for showing a quote in its surroundings."""
        record = self.lexical.by_id.get(chunk_id)
        if record is None:
            return []
        index = int(record.meta.get("chunk_index", 0))
        at, doc = self._at, record.doc
        return [at[(doc, i)].text for i in range(index - before, index + after + 1) if (doc, i) in at]

    def following(self, passage: Passage) -> Passage | None:
        """The chunk after ``passage`` in its document: a list that runs to a chunk's end goes on
        there (the answerer completes an enumeration with it). A passage merged from adjacent
        chunks is followed by the chunk after its last."""
        record = self._at.get((passage.doc, passage.chunk_index + max(len(passage.chunk_ids), 1)))
        return None if record is None else Passage.from_record(record)
