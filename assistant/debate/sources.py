"""The brief's one numbered source list, and who says what (from the catalog, never guessed)."""

from __future__ import annotations

from assistant.debate.doctext import DocTexts
from assistant.debate.evidence import Evidence
from assistant.types import Citation, Passage


def who_says(catalog, doc: str, part: str | None) -> str | None:
    """The publisher of a bundle's part, else of the document; None for an uncatalogued file."""
    info = catalog.info(doc)
    if not info.in_catalog:
        return None
    for p in info.parts:
        if p.title == part and p.publisher:
            return str(p.publisher)
    return str(info.publisher) if info.publisher else None


class SourceList:
    """Citations numbered in the order points first cite them; one per quoted span."""

    def __init__(self, texts: DocTexts, catalog) -> None:
        self.texts = texts
        self.catalog = catalog
        self._by_span: dict[tuple[str, int, int], Citation] = {}

    def cite(self, item: Evidence) -> int:
        key = (item.doc, item.start, item.end)
        if key not in self._by_span:
            doc = self.texts.get(item.doc)
            record = doc.record_at(item.start, item.end) if doc else None
            p = Passage.from_record(record) if record is not None else None
            self._by_span[key] = Citation(
                n=len(self._by_span) + 1,
                doc=item.doc,
                title=p.source_label if p else self.catalog.info(item.doc).title,
                page=p.page_at(item.start - p.start) if p else None,  # the quote's own page
                section=item.heading or (p.section if p else None),
                quote=item.text,
                chunk_id=p.chunk_id if p else "",
                part=item.part,
                passage=p.text if p else item.text,
            )
        return self._by_span[key].n

    def by_n(self) -> dict[int, Citation]:
        return {c.n: c for c in self._by_span.values()}

    def ordered(self) -> list[Citation]:
        return sorted(self._by_span.values(), key=lambda c: c.n)
