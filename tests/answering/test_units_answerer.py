"""The unit answerer on real corpus passages: it leads with the unit that answers."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from corpus_lines import FTE, RID, WOERDEN

from assistant.answering.model import WEIGHTS_VERSION, load_weights
from assistant.answering.units_answerer import UnitAnswerer, default_weights
from assistant.retrieval.lexical import LexicalIndex
from assistant.types import ChunkRecord, Passage

INTRO = (
    "Samenvatting:\n\nWe stellen de raad in de gelegenheid om zijn wensen en bedenkingen kenbaar te maken t.a.v. "
    "het voorgenomen besluit om toe te treden tot de ICT-coöperatie Beware.\n\nGevraagd besluit:\n\n"
    "De raad wordt gevraagd om geen wensen of bedenkingen in te dienen t.a.v. het voorgenomen besluit van het "
    "college van B&W om toe te treden tot de ICT-coöperatie Beware."
)
COSTS = (
    "De totale ICT-kosten per inwoner zijn in 2022 met 10 euro toegenomen ten opzichte van 2021. Dit is een "
    "grotere stijging dan in eerdere jaren."
)


def passage(i: int, text: str, doc: str = "doc.txt") -> Passage:
    return Passage(
        chunk_id=f"c{i}",
        doc=doc,
        title="Titel",
        part=None,
        page=i + 1,
        section=None,
        text=text,
        chunk_index=i,
        start=0,
        end=len(text),
        score=1.0 / (i + 1),
        lexical_score=10.0 / (i + 1),
    )


@pytest.fixture(scope="module")
def answerer() -> UnitAnswerer:
    texts = [WOERDEN, FTE, RID, INTRO, COSTS]
    lexical = LexicalIndex.build(
        [ChunkRecord(f"c{i}", t, {"doc": "d", "chunk_index": i, "title": "t"}) for i, t in enumerate(texts)]
    )
    return UnitAnswerer(lexical.idf, known_terms=lexical.vocabulary(), weights=default_weights())


def _lines(answer: str) -> list[str]:
    return [x for x in answer.split("\n") if x.strip()]


def test_arguments_question_gets_the_arguments_list(answerer):
    passages = [passage(0, INTRO), passage(1, WOERDEN)]
    # composition only: answerability is tested below and in the evaluation (fitted weights)
    always = replace(answerer.weights, threshold=0.0)
    answer = answerer.respond(
        answerer.prepare(
            "Welke argumenten noemt het college van Woerden om toe te treden tot Beware?", passages
        ),
        always,
    )
    assert not answer.abstained
    lines = _lines(answer.answer)
    assert len(lines) == 10 and all(x.startswith("- ") and re.search(r"\[\d\]", x) for x in lines)
    assert "gedwongen" not in answer.answer or "…" in answer.answer  # items are shortened heads
    assert "Samen ontwikkelen betekent lagere ontwikkelkosten" in answer.answer
    assert "De raad wordt gevraagd" not in answer.answer


def test_follow_up_year_leads_with_the_figure_of_that_year(answerer):
    passages = [passage(0, COSTS), passage(1, FTE)]
    answer = answerer.answer(
        "Hoeveel ICT-fte per 100.000 inwoners hadden gemeenten gemiddeld in 2021?", passages
    )
    first = re.split(r"(?<=\.)\s", answer.answer)[0]
    assert "52 fte" in first
    assert "Toename totale" not in answer.answer and "figuur" not in answer.answer.lower()
    assert not re.search(r"\.[A-Z]", answer.answer)  # nothing glued


def test_asked_section_is_targeted(answerer):
    passages = [passage(0, WOERDEN), passage(1, INTRO)]
    answer = answerer.answer("Wat wordt de raad gevraagd over de ICT-coöperatie Beware?", passages)
    assert answer.answer.startswith("De raad wordt gevraagd om geen wensen of bedenkingen")


def test_a_year_no_passage_has_is_not_answered(answerer):
    passages = [passage(0, FTE), passage(1, COSTS)]
    answer = answerer.answer("Hoeveel ICT-fte per 100.000 inwoners hadden gemeenten in 2015?", passages)
    assert answer.abstained


def test_generative_gate_orders_passages_by_their_best_unit(answerer):
    passages = [passage(0, COSTS), passage(1, FTE)]
    answerable, ordered = answerer.gate("Hoeveel ICT-fte per 100.000 inwoners waren er in 2022?", passages)
    assert answerable and ordered[0].chunk_id == "c1"


def test_packaged_weights_are_versioned_and_name_their_command():
    weights = load_weights()
    assert weights is not None and weights.version == WEIGHTS_VERSION
    assert "assistant eval" in weights.command and "--fit" in weights.command
    assert 0.0 < weights.threshold < 1.0
