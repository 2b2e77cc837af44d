"""Quoting from the document or part a question names ('volgens het oprichtingsplan', 'de
sectorschets'): the catalog's aliases say which names mean which part."""

from __future__ import annotations

from assistant.answering.candidates import Candidate
from assistant.types import Passage


def from_named(
    units: set[tuple[str, str | None]],
    passages: list[Passage],
    cands: list[Candidate],
    chosen: list[Candidate],
) -> tuple[list[Candidate], list[Candidate]]:
    """The candidates of the named documents or parts (``units``: (file, part title or None for
    the whole document)), when one was retrieved and holds a chosen sentence; else all.

    Measured on eval/qa.jsonl (always answering): citation precision 0.638 -> 0.655, key-fact
    recall 0.483 -> 0.484; 67 of the 207 answerable questions name a document or part."""
    keep = {i for i, p in enumerate(passages) if (p.doc, None) in units or (p.doc, p.part) in units}
    if not keep or not any(c.passage_index in keep for c in chosen):
        return cands, chosen
    return [c for c in cands if c.passage_index in keep], [c for c in chosen if c.passage_index in keep]
