"""Quoting from the document or part a question names."""

from __future__ import annotations

from dataclasses import replace

import pytest
from support import make_passage

from assistant.answering.candidates import candidates_from
from assistant.answering.extractive import ExtractiveAnswerer
from assistant.answering.named import from_named, named_passages, summary_opening, without_names
from assistant.answering.question import profile_question
from assistant.retrieval.lexical import LexicalIndex
from assistant.types import ChunkRecord

PLAN = replace(
    make_passage(
        1, "De coöperatie kiest een rechtsvorm die not for profit is en volledige zeggenschap geeft."
    ),
    part="Oprichtingsplan",
)
PROPOSAL = replace(
    make_passage(2, "De rechtsvorm van de coöperatie is gekozen na een afweging door het college."),
    part="Raadsvoorstel",
)


def test_the_named_part_is_quoted_when_it_holds_a_chosen_sentence():
    passages = [PROPOSAL, PLAN]
    cands = candidates_from(passages)
    keep = named_passages({(PLAN.doc, "Oprichtingsplan")}, passages)
    kept, chosen = from_named(keep, cands, cands)
    assert [c.passage_index for c in kept] == [1] and [c.passage_index for c in chosen] == [1]


def test_a_figure_is_quoted_from_the_named_part_only_when_a_chosen_sentence_is_there():
    passages = [PROPOSAL, PLAN]
    cands = candidates_from(passages)
    chosen = [c for c in cands if c.passage_index == 0]
    keep = named_passages({(PLAN.doc, "Oprichtingsplan")}, passages)
    assert from_named(keep, cands, chosen, figure=True) == (cands, chosen)
    kept, rest = from_named(keep, cands, chosen)
    assert [c.passage_index for c in kept] == [1] and rest == []


def test_a_name_that_was_not_retrieved_changes_nothing():
    passages = [PROPOSAL]
    cands = candidates_from(passages)
    assert named_passages({(PLAN.doc, "Oprichtingsplan")}, passages) == set()
    assert from_named(set(), cands, cands) == (cands, cands)


PROPOSAL_TEXT = (
    "Wensen en bedenkingen t.a.v. toetreding ICT-Coöperatie Beware\n\n"
    "Samenvatting:\n\n"
    "We stellen de raad in de gelegenheid om zijn wensen en bedenkingen kenbaar te maken. "
    "De coöperatie heeft als doel om door gemeenten ontwikkelde software te beheren.\n\n"
    "Inleiding\n\n"
    "In 2015 zijn wij samen met de gemeenten Eindhoven en Boxtel gestart met de voorbereidingen."
)


LETTER_TEXT = (
    "Kernboodschap\n"
    "Kern van het advies is de huidige ICT-samenwerking voortzetten en deze te intensiveren. "
    "Wij ondersteunen dit advies. "
    "Het betekent dat op korte termijn maatregelen nodig zijn, betaald uit incidentele middelen.\n\n"
    "Context\n"
    "Gemeenten hebben zich afgevraagd of de samenwerking robuust genoeg is."
)


def _opening(text: str, question: str) -> list:
    passages = [replace(make_passage(1, text), part="Raadsvoorstel")]
    return summary_opening(question, candidates_from(passages), passages, 85)


@pytest.mark.parametrize(
    ("text", "question", "expected"),
    [
        (
            PROPOSAL_TEXT,
            "Vat het raadsvoorstel over Beware samen.",
            [
                "We stellen de raad in de gelegenheid om zijn wensen en bedenkingen kenbaar te maken.",
                "De coöperatie heeft als doel om door gemeenten ontwikkelde software te beheren.",
            ],
        ),
        (  # the college's own position is a short sentence, and a whole one
            LETTER_TEXT,
            "Kun je kort samenvatten wat het college de raad laat weten?",
            [
                "Kern van het advies is de huidige ICT-samenwerking voortzetten en deze te intensiveren.",
                "Wij ondersteunen dit advies.",
                "Het betekent dat op korte termijn maatregelen nodig zijn, betaald uit incidentele middelen.",
            ],
        ),
    ],
)
def test_a_summary_of_a_named_part_opens_with_its_summary_section(text, question, expected):
    assert [c.text for c in _opening(text, question)] == expected


def test_a_summary_opening_needs_a_summary_asked_and_its_heading_retrieved():
    assert _opening(PROPOSAL_TEXT, "Vat het raadsvoorstel samen.")[0].heading == "Samenvatting:"
    assert _opening(PROPOSAL_TEXT, "Wat kost de coöperatie?") == []
    assert summary_opening("Vat het samen.", candidates_from([PLAN]), [PLAN], 85) == []


BOOK_PASSAGE = replace(
    make_passage(
        1,
        "Voorwoord\n\n"
        "Groeneveld en Timmermans beschrijven in hun boek de ICT van gemeenten.\n\n"
        "Leveranciers\n\n"
        "De markt telt tweehonderd leveranciers van generieke en gemeentespecifieke applicaties. "
        "Door fusies en overnames neemt het aantal aanbieders op deze ICT-markt af.",
    ),
    part="Boek",
)


def test_the_words_of_a_document_name_do_not_choose_what_is_quoted_from_it():
    lexical = LexicalIndex.build(
        [ChunkRecord("c1", BOOK_PASSAGE.text, {"doc": "d1", "chunk_index": 0, "title": "t"})]
    )
    question = "Hoe beschrijven Groeneveld en Timmermans de ICT-markt?"
    q = profile_question(question, lexical.idf)
    plain = without_names(q, {"Groeneveld", "Timmermans"})
    assert {"groeneveld", "timmerman"} & set(q.weights) and not {"groeneveld", "timmerman"} & set(
        plain.weights
    )
    assert without_names(q, set()) is q
    # a question that is nothing but the name keeps its words
    only = profile_question("Groeneveld?", lexical.idf)
    assert without_names(only, {"Groeneveld"}) is only

    def answer(names):
        answerer = ExtractiveAnswerer(
            lexical.idf,
            known_terms=lexical.vocabulary(),
            named=lambda _: {(BOOK_PASSAGE.doc, "Boek")},
            names=names,
        )
        answerer.always_answer = True
        return answerer.answer(question, [BOOK_PASSAGE]).answer

    assert answer(None).startswith("Groeneveld en Timmermans beschrijven")  # the name drew the foreword
    assert answer(lambda _: {"Groeneveld", "Timmermans"}).startswith("De markt telt tweehonderd")


def test_a_summary_asked_for_is_quoted_to_the_end_of_its_section_not_cut_at_the_stretch_length():
    summary = (
        "We stellen de raad in de gelegenheid om zijn wensen en bedenkingen kenbaar te maken over de "
        "toetreding tot de ICT-coöperatie Beware. De coöperatie heeft als doel om door gemeenten "
        "ontwikkelde softwareprogramma's te beheren en verder te ontwikkelen voor alle leden. "
        "Aanleiding voor deelname is de wens om als gemeente meer in control te komen op genoemde "
        "programma's en toepassingen. Deelname resulteert in meer flexibiliteit op ICT-gebied, grotere "
        "onafhankelijkheid van softwareleveranciers, goedkoper aankopen van software, meer invloed op de "
        "ontwikkeling van software en de mogelijkheid om de door onszelf ontwikkelde software terug te verdienen."
    )
    text = f"Toetreding ICT-Coöperatie Beware\n\nSamenvatting:\n\n{summary}\n\nInleiding\n\nIn 2015 zijn wij gestart."
    passage = replace(make_passage(1, text), part="Raadsvoorstel")
    lexical = LexicalIndex.build([ChunkRecord("c1", text, {"doc": "d1", "chunk_index": 0, "title": "t"})])
    answerer = ExtractiveAnswerer(
        lexical.idf, known_terms=lexical.vocabulary(), named=lambda _: {(passage.doc, "Raadsvoorstel")}
    )
    answerer.abstain_threshold = 0.0  # no sentence vectors here: the hand-written rule decides
    assert len(summary.split()) > answerer.max_words  # longer than one stretch
    answer = answerer.answer("Kun je kort samenvatten wat het raadsvoorstel over Beware inhoudt?", [passage])
    assert "grotere onafhankelijkheid van softwareleveranciers" in answer.answer
    assert "In 2015" not in answer.answer  # the next section is not the summary
