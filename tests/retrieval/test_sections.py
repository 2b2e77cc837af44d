"""Questions that name a standard section, and the chunks that hold its heading."""

from __future__ import annotations

import pytest

from assistant.retrieval.hybrid import HybridRetriever
from assistant.retrieval.lexical import LexicalIndex
from assistant.retrieval.sections import answering_sections, asked_sections, sections_in
from assistant.types import ChunkRecord


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("Welke argumenten noemt het college van Woerden?", {"argumenten"}),
        ("Welke kanttekeningen en risico's ziet het college?", {"kanttekeningen"}),
        ("Wat zijn de nadelen van toetreden tot Beware?", {"kanttekeningen"}),
        ("Zijn er bezwaren tegen deelname?", {"kanttekeningen"}),
        ("Wat is in het kort het advies van Berenschot?", {"samenvatting", "advies"}),
        ("Welke scenario's zijn onderzocht?", {"alternatieven"}),
        ("Kun je de financiële paragraaf van het raadsvoorstel samenvatten?", {"financien"}),
        ("Wat kost het lidmaatschap per jaar?", set()),  # a figure, not the section 'financiën'
        ("Welk adviesbureau helpt de RID?", set()),
        ("Wat adviseert M&I/Partners over de RID?", {"advies"}),
        # the act of advising is no section: 'Advies' was quoted for why the works council advises
        ("Waarom moet de ondernemingsraad advies geven over de oprichting van Beware?", set()),
        ("Welk advies geeft de ondernemingsraad?", {"advies"}),
        ("Wat moet de raad van Woerden besluiten?", {"gevraagd"}),
        ("Wat is het besluit dat de raad van Woerden wordt gevraagd?", {"gevraagd"}),
        ("Wat vraagt het college de gemeenteraad?", {"gevraagd"}),
        ("Waarover moet de raad van commissarissen besluiten?", set()),
        ("Hoe verloopt het vervolg na de behandeling van het Beware-voorstel in de raad?", {"vervolg"}),
        ("Wat zijn de vervolgstappen voor de RID?", {"vervolg"}),
        ("Hoe gaat het nu verder na het raadsbesluit?", {"vervolg"}),
        ("Hoe wordt de raad van Zevenaar geïnformeerd?", {"vervolg"}),
        ("Wat is de volgende stap in de digitalisering van gemeenten?", set()),
        ("Wat moet toetreding tot de ICT-coöperatie volgens het raadsvoorstel opleveren?", {"bereiken"}),
        ("Wat wil de gemeente met deelname bereiken?", {"bereiken"}),
        ("Welke concrete stappen wil Woerden zetten zodra het lid is van Beware?", {"aanpak"}),
        ("Wat gaat de gemeente na de toetreding doen?", {"aanpak"}),
    ],
)
def test_asked_sections(question, asked):
    assert asked_sections(question) == asked


def test_the_advice_of_a_report_is_answered_from_its_conclusions_too():
    assert answering_sections("Wat adviseert M&I/Partners over de RID?") == {"advies", "conclusie"}
    assert answering_sections("Welke argumenten noemt het college?") == {"argumenten"}


def test_sections_in_finds_a_heading_in_the_middle_of_a_chunk():
    text = "Wat gaan we daarvoor doen?\nWe verkennen de markt.\nArgumenten\n1. Deelname helpt ons."
    assert sections_in(text, "Wat gaan we daarvoor doen?") == {"aanpak", "argumenten"}
    assert sections_in(text.split("\n", 1)[1], None) == {"argumenten"}
    assert sections_in("Kanttekeningen\nHet lidmaatschap kost geld.", None) == {"kanttekeningen"}
    assert sections_in("Gewone tekst zonder kop.", None) == set()


def test_the_chunk_under_the_asked_heading_moves_up():
    texts = [
        "Toetreden tot de coöperatie: het college wil toetreden en vraagt de raad om wensen.",
        "Het college van Woerden wil toetreden tot de coöperatie; de raad mag reageren.",
        "Woerden en het college: toetreden tot de coöperatie is het voornemen.",
        "Planning\nIn 2017 start de coöperatie.\nArgumenten\na. De software wordt eigendom van de leden.",
    ]
    lexical = LexicalIndex.build(
        [
            ChunkRecord(f"c{i}", t, {"doc": f"d{i}", "chunk_index": 0, "title": "t"})
            for i, t in enumerate(texts)
        ]
    )
    retriever = HybridRetriever(None, lexical, mode="bm25")
    plain = [p.chunk_id for p in retriever.retrieve("Waarom wil het college van Woerden toetreden?", 4)]
    asked = [
        p.chunk_id
        for p in retriever.retrieve("Welke argumenten heeft het college van Woerden om toe te treden?", 4)
    ]
    assert plain[0] != "c3"
    assert asked[0] == "c3"
