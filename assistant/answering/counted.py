"""A list asked with its length ('Welke vijf leveranciers …?', 'Op welke zes functies …?'): the
documents answer it only where they enumerate that many. A near miss names the count and no
items ('Gemeenten hebben in 2022 meer ICT personeel ingehuurd op een 6-tal functies.')."""

from __future__ import annotations

import re

from assistant.answering.candidates import Candidate
from assistant.answering.sources import DUTCH_NUMERALS
from assistant.retrieval.structure import parse_blocks
from assistant.text import terms
from assistant.types import Passage

# the numerals that count items ('twee' … 'honderd'; not 'half')
_COUNTS = {word: int(value) for word, value in DUTCH_NUMERALS.items() if value.isdigit()}
COUNT_ASK_RE = re.compile(
    rf"\b(?:welke|noem|geef|wat zijn|wat waren)\s+(?:de\s+)?(\d{{1,3}}|{'|'.join(_COUNTS)})\s+([^\W\d_][\w’'-]*)",
    re.I,
)
# what separates the items of an enumeration written in a sentence ('A, B en C')
_SEPARATOR_RE = re.compile(r",|;|\s(?:en|of)\s")
# an item of an enumeration in a sentence is a name or a short phrase ('Centric, PinkRoccade en
# Gemboxx'), not a clause ('… liggen o.a. bij de transitie naar een regie-organisatie, …')
_ITEM_WORDS = 6


def asked_count(question: str) -> tuple[int, set[str]] | None:
    """How many items the question asks for and the terms of what it counts; None where it
    asks for no count of two or more."""
    m = COUNT_ASK_RE.search(question)
    if m is None:
        return None
    word = m.group(1).lower()
    n = int(word) if word.isdigit() else _COUNTS[word]
    return (n, set(terms(m.group(2)))) if n >= 2 else None


def enumerated(question: str, cands: list[Candidate], passages: list[Passage]) -> bool:
    """The passages enumerate as many items as the question counts: a list of at least that
    many under a heading or lead-in that names what it counts ('Op papier gaat het dan om de
    volgende scenario's:' for 'Welke zes scenario's …'), as many headings that name it ('Scenario
    1', 'Scenario 2'), or a sentence that names it with that many short parts. True for a
    question that asks no count.

    Only the words of the counted thing itself, not the parts of compounds: 'Welke vijf
    leveranciers …?' is not carried by '… kennisschaarste, controle over de eigen data,
    leveranciersafhankelijkheid en financiële grip'."""
    asked = asked_count(question)
    if asked is None:
        return True
    n, counted = asked
    for c in cands:
        if counted & c.terms:
            parts = _SEPARATOR_RE.split(c.text)
            if len(parts) >= n and sum(len(part.split()) <= _ITEM_WORDS for part in parts) >= n - 1:
                return True
    headings = 0
    for p in passages:
        blocks = parse_blocks(p.text)
        for before, block in zip([None, *blocks], blocks, strict=False):
            if block.kind == "heading" and counted & set(terms(block.text)):
                headings += 1  # 'Scenario 1: …', 'Scenario 2: …': one item under each heading
            if block.kind != "list" or len(block.items) < n:
                continue
            lead = f"{block.heading or ''} {before.text if before is not None else ''}"
            if counted & set(terms(lead)):
                return True
    return headings >= n
