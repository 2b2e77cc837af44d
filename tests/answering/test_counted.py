"""A list asked with its length is answered only where the documents enumerate that many."""

from __future__ import annotations

from support import make_passage

from assistant.answering.candidates import candidates_from
from assistant.answering.counted import asked_count, enumerated

NEAR_MISS = (
    "Gemeenten hebben in 2022 meer ICT personeel ingehuurd op een 6-tal functies. "
    "De voornaamste redenen hiervoor zijn de krapte op de arbeidsmarkt en de vergrijzing."
)
SCENARIOS = (
    "Op papier gaat het dan om de volgende scenario’s (in willekeurige volgorde):\n\n"
    "1. dóór met de RID;\n"
    "2. de dienstverlening betrekken van een andere ICT-samenwerking;\n"
    "3. de dienstverlening betrekken van een gastgemeente;\n"
    "4. de dienstverlening in eigen huis organiseren (zelf doen).\n"
)


def carried(question: str, *texts: str) -> bool:
    passages = [make_passage(i, t) for i, t in enumerate(texts)]
    return enumerated(question, candidates_from(passages), passages)


def test_the_count_and_what_it_counts_are_read_from_the_question():
    assert asked_count("Op welke zes functies hebben gemeenten meer personeel ingehuurd?") == (6, {"functie"})
    assert asked_count("Welke 28 gemeenten deden mee?")[0] == 28
    assert asked_count("Wat zijn de drie pijlers van Common Ground?")[0] == 3
    # no count, or a year: no counted list
    assert asked_count("Welke argumenten noemt het college?") is None
    assert asked_count("Welke gemeenten deden in 2022 mee?") is None


def test_a_count_without_its_items_is_no_answer():
    assert not carried(
        "Op welke zes functies hebben gemeenten in 2022 meer ICT-personeel ingehuurd?", NEAR_MISS
    )


def test_a_list_under_a_lead_in_that_names_what_is_counted_answers():
    assert carried("Welke vier scenario’s zijn er voor de toekomst van de RID?", SCENARIOS)
    assert not carried("Welke zes scenario’s zijn er voor de toekomst van de RID?", SCENARIOS)  # four only
    assert not carried("Welke vier functies zijn er bij de RID?", SCENARIOS)  # a list of something else


def test_an_enumeration_inside_a_sentence_answers_but_a_run_of_clauses_does_not():
    names = "De coöperatie is opgericht door de gemeenten Boxtel, Eindhoven en Woerden."
    assert carried("Welke drie gemeenten hebben de coöperatie opgericht?", names)
    clauses = (
        "De grootste zorgen liggen bij de transitie naar een regie-organisatie die veel vraagt van de "
        "leveranciers en van het personeel, kennisschaarste bij alle gemeenten van de regio, controle "
        "over de eigen data van de organisatie, en de financiële grip op de uitgaven van leveranciers."
    )
    assert not carried("Welke vijf leveranciers bieden belastingapplicaties aan?", clauses)
    # the part of a compound is not what is counted ('leveranciersafhankelijkheid')
    parts = "De zorgen liggen bij kennis, data, leveranciersafhankelijkheid, grip en kosten."
    assert not carried("Welke vijf leveranciers bieden belastingapplicaties aan?", parts)


def test_a_question_without_a_count_is_always_carried():
    assert carried("Welke functies huren gemeenten in?", NEAR_MISS)


def test_items_under_headings_of_their_own_answer():
    text = (
        "Scenario 1: samenwerken\n\nDe gemeenten blijven samenwerken in de RID.\n\n"
        "Scenario 2: zelf doen\n\nIedere gemeente organiseert de ICT zelf.\n\n"
        "Scenario 3: uitbesteden\n\nDe ICT wordt bij een marktpartij ingekocht.\n"
    )
    assert carried("Welke drie scenario's zijn onderzocht?", text)
    assert not carried("Welke vier scenario's zijn onderzocht?", text)


def test_short_parts_inside_a_sentence_of_clauses_are_no_enumeration():
    clauses = (
        "In de gesprekken met de gemeenten en de RID is ons aangegeven dat er geen heldere, gedeelde "
        "en goed doordachte visie is op de gewenste inzet van ICT, de gewenste ICT-functie en de "
        "gewenste rolverdeling tussen de gemeenten en de RID die in de komende jaren nodig is."
    )
    assert not carried("Welke vier gemeenten nemen deel aan de RID?", clauses)
    listed = "Aan de RID nemen de gemeenten Duiven, Westervoort, Zevenaar en Montferland deel."
    assert carried("Welke vier gemeenten nemen deel aan de RID?", listed)


def test_half_is_no_count():
    assert asked_count("Welke helft van de gemeenten werkt samen?") is None
