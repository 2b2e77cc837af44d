"""A list asked with its length ('Welke vijf leveranciers …?', 'Op welke zes functies …?'): the
documents answer it only where they enumerate that many. A near miss names the count and no
items ('Gemeenten hebben in 2022 meer ICT personeel ingehuurd op een 6-tal functies.')."""

from __future__ import annotations

import re

from assistant.answering.candidates import Candidate
from assistant.retrieval.structure import blocks_of
from assistant.text import DUTCH_NUMERALS, terms
from assistant.types import Passage

# the numerals that count items ('twee' … 'honderd'; not 'half' or 'helft')
_COUNTS = {word: int(value) for word, value in DUTCH_NUMERALS.items() if value.isdigit() and word != "helft"}
COUNT_ASK_RE = re.compile(
    rf"\b(?:welke|noem|geef|wat zijn|wat waren)\s+(?:de\s+)?(\d{{1,3}}|{'|'.join(_COUNTS)})\s+([^\W\d_][\w’'-]*)",
    re.I,
)
# what separates the items of an enumeration written in a sentence ('A, B en C')
_SEPARATOR_RE = re.compile(r",|;|\s(?:en|of)\s")
# an item of an enumeration in a sentence is a name or a short phrase ('Centric, PinkRoccade en
# Gemboxx', 'controle over de eigen data'), not a clause
_ITEM_WORDS = 4


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
        if counted & c.terms and _ends_in_items(c.text, counted, n):
            return True
    headings = 0
    for p in passages:
        blocks = blocks_of(p.text)
        for before, block in zip([None, *blocks], blocks, strict=False):
            if block.kind == "heading" and counted & set(terms(block.text)):
                headings += 1  # 'Scenario 1: …', 'Scenario 2: …': one item under each heading
            if block.kind != "list" or len(block.items) < n:
                continue
            lead = f"{block.heading or ''} {before.text if before is not None else ''}"
            if counted & set(terms(lead)):
                return True
    return headings >= n


def _ends_in_items(sentence: str, counted: set[str], n: int) -> bool:
    """The sentence names what is counted and ends in ``n`` items: a lead-in that holds the
    first ('… door de gemeenten Boxtel') and at least n − 1 short parts after it ('Eindhoven en
    Woerden.'). Short parts anywhere in a sentence of clauses are no enumeration ('Het
    genereren van klantwaarde wordt ook voor gemeenten steeds belangrijker, en dus …, om …')."""
    parts = _SEPARATOR_RE.split(sentence)
    items = 0
    for part in reversed(parts[1:]):
        if len(part.split()) > _ITEM_WORDS:
            break
        items += 1
    lead = parts[: len(parts) - items]
    return items >= n - 1 and bool(counted & set(terms(" ".join(lead))))
