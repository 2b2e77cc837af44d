"""A document's cleaned text rebuilt from its indexed chunks, cut into the runs under its headings.

Chunks carry their character span in the cleaned text, so laying them at their offsets gives
back the text around any passage: the brief needs it to see which heading a passage is under
('Argumenten', 'Kanttekeningen') and to quote whole list items. The units come from
``assistant.retrieval.structure``; a run is the units under one heading with a section key.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from assistant.retrieval.structure import Block, parse_blocks


@dataclass
class Item:
    """One quotable unit: a list item, a sentence or a table row, with its offsets."""

    start: int
    end: int
    text: str
    kind: str  # 'item' (of a list), 'sentence' or 'row'


@dataclass
class Run:
    """The units under one heading that names a brief section, up to the next heading."""

    heading: str | None
    section: str
    start: int
    end: int
    units: list[Block] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(u.text for u in self.units)


@dataclass
class DocText:
    doc: str
    text: str
    records: list  # ChunkRecords of the document, by start offset
    starts: list[int] = field(default_factory=list)
    units: list[Block] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)
    unit_starts: list[int] = field(default_factory=list)
    sentence_cache: dict = field(default_factory=dict)  # (start, end) -> evidence sentences

    @classmethod
    def from_records(cls, doc: str, records: list) -> DocText:
        records = sorted(records, key=lambda r: int(r.meta.get("start", 0)))
        size = max((int(r.meta.get("end", 0)) for r in records), default=0)
        chars = ["\n"] * size  # gaps are blank lines the chunker skipped
        for r in records:
            start = int(r.meta.get("start", 0))
            end = min(int(r.meta.get("end", 0)), start + len(r.text))
            chars[start:end] = r.text[: end - start]
        out = cls(doc, "".join(chars), records)
        out.starts = [int(r.meta.get("start", 0)) for r in records]
        out.units = parse_blocks(out.text)
        out.unit_starts = [u.start for u in out.units]
        out.runs = _runs(out.units)
        return out

    def record_at(self, start: int, end: int):
        """The chunk that holds [start, end) best (starts at or before it, reaches furthest),
        for the citation's chunk id and page."""
        i = bisect.bisect_right(self.starts, start) - 1
        best = None
        for r in self.records[max(0, i - 3) : i + 1]:
            if int(r.meta.get("start", 0)) <= start and (
                best is None or int(r.meta.get("end", 0)) >= min(end, int(best.meta.get("end", 0)))
            ):
                best = r
        return best or (self.records[0] if self.records else None)

    def unit_at(self, offset: int) -> Block | None:
        i = bisect.bisect_right(self.unit_starts, offset) - 1
        return self.units[i] if i >= 0 else None

    def items(self, unit: Block) -> list[Item]:
        """A list unit's items with their offsets; any other unit is one item."""
        if unit.kind != "list" or not unit.items:
            return [Item(unit.start, unit.end, unit.text, unit.kind)]
        found: list[tuple[int, str]] = []
        pos = unit.start
        for text in unit.items:
            words = text.split()[:4]
            m = (
                re.compile(r"\s+".join(map(re.escape, words))).search(self.text, pos, unit.end)
                if words
                else None
            )
            at = m.start() if m else pos
            found.append((at, text))
            pos = m.end() if m else pos
        return [
            Item(at, found[i + 1][0] if i + 1 < len(found) else unit.end, text, "item")
            for i, (at, text) in enumerate(found)
        ]


# Headings of the raadsinformatiebrief template that carry a brief section the structure module
# leaves unnamed: its 'Inhoudelijke boodschap' is the college's reasoning.
_BRIEF_HEADINGS = (
    ("argumenten", re.compile(r"^\W*(inhoudelijke boodschap|overwegingen|motivering)\b", re.I)),
)


def is_reasoning(heading: str | None) -> bool:
    """A heading over mixed reasoning (pros and cons) rather than a list of one kind."""
    return bool(heading) and any(pattern.match(heading) for _, pattern in _BRIEF_HEADINGS)


def brief_section(unit: Block) -> str | None:
    if unit.section:
        return unit.section
    for key, pattern in _BRIEF_HEADINGS:
        if unit.heading and pattern.match(unit.heading):
            return key
    return None


def _runs(units: list[Block]) -> list[Run]:
    runs: list[Run] = []
    for u in units:
        section = brief_section(u)
        if u.kind == "heading" or not section:
            continue
        last = runs[-1] if runs else None
        if last is not None and last.heading == u.heading and last.section == section:
            last.units.append(u)
            last.end = u.end
        else:
            runs.append(Run(u.heading, section, u.start, u.end, [u]))
    return runs


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
