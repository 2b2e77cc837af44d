"""A document's cleaned text rebuilt from its indexed chunks, with the blocks under its headings.

Chunks carry their character span in the cleaned text, so laying them at their offsets gives
back the text around any passage: the brief needs it to see which heading a passage is under
('Argumenten', 'Kanttekeningen') and to quote whole list items.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from assistant.debate.structure import Block, parse_blocks


@dataclass
class DocText:
    doc: str
    text: str
    records: list  # ChunkRecords of the document, by start offset
    starts: list[int] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)

    @classmethod
    def from_records(cls, doc: str, records: list) -> DocText:
        records = sorted(records, key=lambda r: int(r.meta.get("start", 0)))
        size = max((int(r.meta.get("end", 0)) for r in records), default=0)
        chars = ["\n"] * size  # gaps are blank lines the chunker skipped
        for r in records:
            start = int(r.meta.get("start", 0))
            end = min(int(r.meta.get("end", 0)), start + len(r.text))
            chars[start:end] = r.text[: end - start]
        text = "".join(chars)
        out = cls(doc, text, records)
        out.starts = [int(r.meta.get("start", 0)) for r in records]
        out.blocks = parse_blocks(out.text)
        return out

    def record_at(self, start: int, end: int):
        """The chunk that holds [start, end) (the latest one starting at or before ``start``
        that reaches furthest), for the citation's chunk id and page."""
        i = bisect.bisect_right(self.starts, start) - 1
        best = None
        for r in self.records[max(0, i - 3) : i + 1]:
            if int(r.meta.get("start", 0)) <= start and (
                best is None or int(r.meta.get("end", 0)) >= min(end, int(best.meta.get("end", 0)))
            ):
                best = r
        return best or (self.records[0] if self.records else None)

    def block_at(self, offset: int) -> Block | None:
        for b in self.blocks:
            if b.start <= offset < b.end:
                return b
        return None


class DocTexts:
    """Document texts built on first use from a loaded chunk table (one per index)."""

    def __init__(self, records: list) -> None:
        self._by_doc: dict[str, list] = {}
        for r in records:
            self._by_doc.setdefault(r.doc, []).append(r)
        self._texts: dict[str, DocText] = {}

    def get(self, doc: str) -> DocText | None:
        if doc not in self._texts:
            records = self._by_doc.get(doc)
            if not records:
                return None
            self._texts[doc] = DocText.from_records(doc, records)
        return self._texts[doc]

    def docs(self) -> list[str]:
        return sorted(self._by_doc)
