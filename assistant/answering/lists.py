"""Which enumeration answers a list question: the one under the section the question names
('welke argumenten' -> the list under 'Argumenten'), or the one whose lead-in names what the
question asks for ('Aan welke criteria …' -> 'Bij de keuze … zijn de volgende criteria gehanteerd:')."""

from __future__ import annotations

import re

from assistant.answering.candidates import Candidate
from assistant.answering.question import QuestionProfile
from assistant.retrieval.sections import asked_sections
from assistant.retrieval.structure import Block, parse_blocks, section_key
from assistant.sentence_split import split_sentences
from assistant.text import terms
from assistant.types import Passage

_FOLLOWING_RE = re.compile(r"\bvolgende\s+(\S+(?:\s+\S+)?)", re.I)


def section_list(
    q: QuestionProfile, cands: list[Candidate], passages: list[Passage]
) -> tuple[int, Block] | None:
    """For a question that names a section ('welke argumenten', 'de risico's'): the
    enumeration under that heading, in the passage whose sentences there score best."""
    asked = asked_sections(q.text)
    if not asked or q.wants_number:
        return None
    best: dict[int, float] = {}
    for c in cands:
        if section_key(c.heading) in asked:
            best[c.passage_index] = max(best.get(c.passage_index, float("-inf")), c.score)
    for i in sorted(best, key=lambda i: -best[i]):
        for block in parse_blocks(passages[i].text):
            if block.kind == "list" and block.section in asked and len(block.items) >= 2:
                return i, block
    return None


def focus_list(q: QuestionProfile, passages: list[Passage]) -> tuple[int, Block, str] | None:
    """For 'welke X …' (``q.focus``): the first enumeration, in retrieval order, whose lead-in
    (the sentence ending in ':' right before it) names X as 'de volgende X' or names X together
    with another word of the question; with that lead-in, which introduces the list.

    Measured on eval/qa.jsonl, always answering: key-fact recall 0.467 -> 0.478, list questions
    0.33 -> 0.38, citation precision 0.634 -> 0.638; it takes 3 of the answerable questions. X in
    the lead-in alone took 9 and gained less (0.476): 'vragen' also names 'Op de vraag naar …'."""
    if not q.focus or q.wants_number or asked_sections(q.text):
        return None
    others = {t for t in q.weights if not _names(q.focus, {t})}
    for i, p in enumerate(passages):
        for block in parse_blocks(p.text):
            if block.kind != "list" or len(block.items) < 2:
                continue
            before = split_sentences(p.text[max(0, block.start - 300) : block.start])
            lead = before[-1].strip() if before else ""
            if not lead.endswith(":"):
                continue
            lead_terms = set(terms(lead))
            if not _names(q.focus, lead_terms):
                continue
            following = _FOLLOWING_RE.search(lead)
            if (following and _names(q.focus, set(terms(following.group(1))))) or lead_terms & others:
                return i, block, lead.removesuffix(":").strip()
    return None


def _names(focus: set[str], words: set[str]) -> bool:
    """A word names the focus: the same stem, or a compound ending in it ('toekomstscenario')."""
    return any(
        w == f or (len(f) >= 5 and len(w) >= 5 and (w.endswith(f) or f.endswith(w)))
        for f in focus
        for w in words
    )
