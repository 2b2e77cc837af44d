"""The year a sentence's figure is for: the years of the paragraph it stands in, and whether an
answer gives the asked figure for the asked years (``answerability.features``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from assistant.answering.question import YEAR_RE
from assistant.types import Passage, find_quote


@lru_cache(maxsize=65536)
def paragraph_years(text: str, sentence: str) -> frozenset[str]:
    """The years of the paragraph a sentence is in (cached: the same sentences come back
    question after question)."""
    return _years_at(text, find_quote(text, sentence))


def _years_at(text: str, at: int) -> frozenset[str]:
    for start, end, found in _paragraphs(text):
        if start <= at < end:
            return found
    return frozenset()


@lru_cache(maxsize=1024)
def _paragraphs(text: str) -> tuple[tuple[int, int, frozenset[str]], ...]:
    """Start, end and years of each paragraph (text between blank lines)."""
    out = []
    for m in re.finditer(r"(?:[^\n]|\n(?!\s*\n))+", text):
        out.append(
            (
                m.start(),
                m.end(),
                frozenset(y.group(0) for y in YEAR_RE.finditer(m.group(0))),
            )
        )
    return tuple(out)


def gives_ask(
    shown: list[str], holds_ask: Callable[[str], bool], years: set[str], passages: list[Passage]
) -> bool:
    """A sentence of the answer holds the asked figure, date or frequency, and the answer gives it
    for the asked years: in its sentences or the paragraphs of those that hold it ('In 2021 …
    heeft de RID deelgenomen. … uitkwamen op € 88,-'). 'Hoeveel ICT-fte per 100.000 inwoners
    hadden gemeenten gemiddeld in 2018?' was answered with the 56 fte of 2022."""
    giving = [s for s in shown if holds_ask(s)]
    if not giving or not years:
        return bool(giving)
    there = {y.group(0) for s in shown for y in YEAR_RE.finditer(s)}
    for s in giving:
        for p in passages:
            at = p.find(s)  # looked up once: where it stands gives its paragraph
            if at >= 0:
                there |= _years_at(p.text, at)
                break
    return years <= there
