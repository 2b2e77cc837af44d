"""The data shared across layers: stored chunks, retrieved passages, answers and citations.

They sit at the bottom so that ingest, retrieval, answering and the apps can all use them
without importing one another.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from itertools import accumulate
from typing import Any


def in_units(units: set[tuple[str, str | None]], doc: str, part: str | None) -> bool:
    """Is a text of ``doc`` (and bundle ``part``) among ``units``, the documents and parts a
    question names: (file, part title), with part None for the whole document."""
    return (doc, None) in units or (doc, part) in units


def find_quote(text: str, quote: str) -> int:
    """Where a quote starts in ``text``, whatever its whitespace (quotes are shown collapsed, the
    text keeps its line breaks); -1 when absent. Its first twelve words are looked up in the text
    with each run of whitespace made one space (``_collapsed``, kept per text): a regular
    expression per quote cost a compilation each time (without it the answer step's p50 went
    from 41.8 to 36.5 ms on the development machine)."""
    words = quote.split()[:12]
    if not words:
        return -1
    collapsed, starts, origins = _collapsed(text)
    at = collapsed.find(" ".join(words))
    if at < 0:
        return -1
    k = bisect_right(starts, at) - 1  # the word of the text the quote starts in
    return origins[k] + at - starts[k]


_WORD_RE = re.compile(r"\S+")


@lru_cache(maxsize=256)
def _collapsed(text: str) -> tuple[str, list[int], list[int]]:
    """``text`` with its words joined by single spaces, where each word starts there and in
    ``text``. (``str.split`` and ``\\S+`` cut at the same whitespace; one regular expression
    pass, for the starts in ``text`` only: a third less time for a merged passage.)"""
    words = text.split()
    starts = list(accumulate((len(w) + 1 for w in words[:-1]), initial=0)) if words else []
    return " ".join(words), starts, [m.start() for m in _WORD_RE.finditer(text)]


@dataclass
class ChunkRecord:
    id: str
    text: str
    meta: dict[str, Any]

    @property
    def doc(self) -> str:
        return str(self.meta.get("doc", ""))

    @property
    def page(self) -> int | None:
        page = self.meta.get("page", -1)
        return None if page is None or int(page) < 0 else int(page)


@dataclass
class Passage:
    """A retrieved passage: one chunk, or adjacent chunks of one document merged."""

    chunk_id: str
    doc: str
    title: str
    part: str | None
    page: int | None
    section: str | None
    text: str
    chunk_index: int
    start: int
    end: int
    score: float = 0.0
    dense_score: float | None = None
    lexical_score: float | None = None
    chunk_ids: list[str] = field(default_factory=list)
    # pages that begin inside the text: (offset in ``text``, page number), in order
    page_breaks: list[tuple[int, int]] = field(default_factory=list)

    @classmethod
    def from_record(cls, record: ChunkRecord) -> Passage:
        m = record.meta
        return cls(
            chunk_id=record.id,
            doc=record.doc,
            title=str(m.get("title") or record.doc),
            part=m.get("part") or None,
            page=record.page,
            section=m.get("section") or None,
            text=record.text,
            chunk_index=int(m.get("chunk_index", 0)),
            start=int(m.get("start", 0)),
            end=int(m.get("end", 0)),
            chunk_ids=[record.id],
            page_breaks=parse_page_breaks(m.get("page_breaks")),
        )

    def find(self, quote: str) -> int:
        """Where a quote starts in the text (``find_quote``)."""
        return find_quote(self.text, quote)

    def page_at(self, offset: int) -> int | None:
        """The page of the text at ``offset``: a passage may run over a page break."""
        page = self.page
        for at, number in self.page_breaks:
            if at > offset:
                break
            page = number
        return page

    @property
    def source_label(self) -> str:
        """'Title — part, p. 12' for citations."""
        label = self.title
        if self.part and self.part != self.title:
            label += f" — {self.part}"
        return label

    def citation(self, n: int, quote: str, section: str | None = None) -> Citation:
        """Citation ``[n]`` of a quote from this passage (one place for the answerers and checks),
        with the quote's own page and, where the answerer knows it, the heading it sits under."""
        at = self.find(quote.split(" … ")[0])
        return Citation(
            n=n,
            doc=self.doc,
            title=self.source_label,
            page=self.page_at(at),
            section=section or self.section,
            quote=quote,
            chunk_id=self.chunk_id,
            part=self.part,
            passage=self.text,
        )


NOT_COVERED = "De documenten geven geen antwoord op deze vraag."


@dataclass
class Citation:
    n: int
    doc: str
    title: str
    page: int | None
    section: str | None
    quote: str
    chunk_id: str
    part: str | None = None
    passage: str = ""  # the whole passage, for showing the quote in context

    def to_json(self) -> dict[str, Any]:
        """The fields of a citation in ``assistant ask --json``."""
        return {
            "n": self.n,
            "doc": self.doc,
            "title": self.title,
            "page": self.page,
            "section": self.section,
            "quote": self.quote,
            "chunk_id": self.chunk_id,
        }


@dataclass
class Answer:
    question: str
    answer: str
    abstained: bool
    mode: str
    citations: list[Citation] = field(default_factory=list)
    retrieved: list[Passage] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)
    standalone_question: str | None = None
    notes: list[str] = field(default_factory=list)
    prompt_version: str | None = None
    confidence: float | None = None
    # The answerability model's features (evaluation fits on them); not part of the JSON format.
    answerability_features: list[float] | None = field(default=None, repr=False)

    def to_json(self) -> dict[str, Any]:
        """The stable format of ``assistant ask --json`` (other tools read it)."""
        return {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "mode": self.mode,
            "citations": [c.to_json() for c in self.citations],
            "retrieved": [
                {
                    "rank": rank,
                    "doc": p.doc,
                    "chunk_id": p.chunk_id,
                    "page": p.page,
                    "score": round(p.score, 6),
                    "text": p.text,
                }
                for rank, p in enumerate(self.retrieved, start=1)
            ],
            "timings_ms": {k: round(v, 2) for k, v in self.timings_ms.items()},
            "standalone_question": self.standalone_question,
            "confidence": None if self.confidence is None else round(self.confidence, 4),
            "notes": self.notes,
            "prompt_version": self.prompt_version,
        }

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def cite_label(c: Citation) -> str:
    """'Title — part, p. 12': the title already names the part of a bundle."""
    where = f", p. {c.page}" if c.page else ""
    return f"{c.title}{where}"


def format_page_breaks(breaks: list[tuple[int, int]]) -> str:
    """'812:13;1730:14' (Chroma metadata holds scalars only)."""
    return ";".join(f"{offset}:{page}" for offset, page in breaks)


def parse_page_breaks(value: object) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for pair in str(value or "").split(";"):
        offset, _, page = pair.partition(":")
        if offset.isdigit() and page.isdigit():
            out.append((int(offset), int(page)))
    return out
