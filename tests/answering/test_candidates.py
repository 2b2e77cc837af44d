"""Candidate sentences of retrieved passages: what is read once per sentence, not per passage."""

from __future__ import annotations

import pytest

from assistant import sentence_split
from assistant.answering import candidates, quotable
from assistant.types import Passage


def _passage(text: str, lexical: float | None = None) -> Passage:
    p = Passage("c1", "doc.txt", "Titel", None, 1, None, text, 0, 0, len(text))
    p.lexical_score = lexical
    return p


FIRST = (
    "Kosten van ICT\n"
    "De ICT-kosten per inwoner stegen in 2022 naar € 350 per inwoner.\n\n"
    "Zie figuur 4 voor het verloop.\n\n"
    "Woerden trad in 2017 toe tot de ICT-coöperatie Beware."
)
SECOND = "Het aantal ICT-fte steeg tot 56 per 100.000 inwoners in 2022.\n\nIn 2021 was dit nog 52 fte."


def _misses() -> tuple[int, int, int]:
    return (
        sentence_split._block_sentences.cache_info().misses,
        quotable.kind_of.cache_info().misses,
        candidates._facts.cache_info().misses,
    )


def test_a_merged_passage_reuses_what_was_read_of_its_chunks():
    # a passage as retrieved is often two chunks merged: its text is new, its paragraphs and
    # sentences are not, and they are not read again
    first = candidates.candidates_from([_passage(FIRST)])
    second = candidates.candidates_from([_passage(SECOND)])
    before = _misses()
    merged = candidates.candidates_from([_passage(f"{FIRST}\n\n{SECOND}")])
    assert _misses() == before
    assert [c.text for c in merged] == [c.text for c in first + second]
    assert "Zie figuur 4 voor het verloop." not in [c.text for c in merged]  # a pointer, skipped
    assert {c.heading for c in merged} == {"Kosten van ICT"}  # the heading carries on over the join


def test_each_sentence_carries_its_passages_bm25_score_scaled_among_the_passages():
    passages = [
        _passage(FIRST, 4.0),
        _passage(SECOND, 12.0),
        _passage("Een derde zin over iets anders.", None),
    ]
    by_text = {c.text: c.passage_lexical for c in candidates.candidates_from(passages)}
    assert by_text["Woerden trad in 2017 toe tot de ICT-coöperatie Beware."] == pytest.approx(1 / 3)
    assert by_text["In 2021 was dit nog 52 fte."] == 1.0
    assert by_text["Een derde zin over iets anders."] == 0.0  # found by the dense search alone
    # one passage, or none with a BM25 score: nothing to tell apart
    assert {c.passage_lexical for c in candidates.candidates_from([_passage(FIRST, 4.0)])} == {0.0}
