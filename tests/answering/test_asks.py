"""What the units answerer reads in a question: the standard section it asks for."""

from __future__ import annotations

import pytest

from assistant.answering.asks import analyse


def _idf(term: str) -> float:
    return 1.0


@pytest.mark.parametrize(
    ("question", "section"),
    [
        # the phrasings retrieval knows ('sections.asked_sections')
        ("Wat moet de raad van Woerden besluiten?", "gevraagd"),
        ("Wat vraagt het college de gemeenteraad?", "gevraagd"),
        ("Hoe verloopt het vervolg na de behandeling in de raad?", "vervolg"),
        ("Welke scenario's zijn onderzocht?", "alternatieven"),
        # and its own, broader ones
        ("Waarom wil Woerden toetreden tot Beware?", "argumenten"),
        ("Wat kost het lidmaatschap van Beware?", "financien"),
        ("Welke nadelen heeft toetreden?", "kanttekeningen"),
        ("Wat is de kern van het rapport?", "samenvatting"),
    ],
)
def test_a_question_names_a_section(question, section):
    assert section in analyse(question, _idf).sections


def test_a_question_without_a_section_names_none():
    assert analyse("Hoeveel gemeenten telt Nederland?", _idf).sections == set()
