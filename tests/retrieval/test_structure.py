"""Answer units from document structure, on lines of the real corpus (cleaned text)."""

from __future__ import annotations

import pytest
from corpus_lines import FTE, RID, WERKPAKKET, WOERDEN

from assistant.retrieval.enumerators import enum_marker, is_bullet
from assistant.retrieval.structure import (
    SECTION_KEYS,
    item_head,
    parse_blocks,
    section_key,
    strip_figure_refs,
)


def _kinds(blocks):
    return [b.kind for b in blocks]


def test_woerden_arguments_are_one_list_under_their_heading():
    blocks = parse_blocks(WOERDEN)
    lists = [b for b in blocks if b.kind == "list"]
    arguments = lists[0]
    assert arguments.heading == "Argumenten" and arguments.section == "argumenten"
    assert len(arguments.items) == 10  # the lead item 1. and a–i
    assert arguments.markers[1:] == ["a.", "b.", "c.", "d.", "e.", "f.", "g.", "h.", "i"]
    assert arguments.items[-1].startswith("Samen ontwikkelen betekent lagere ontwikkelkosten")
    assert WOERDEN[arguments.start : arguments.end].startswith("1. Deelname")
    assert WOERDEN[arguments.start : arguments.end].endswith("beheerlasten per gemeente")


def test_kanttekeningen_list_and_the_measures_below_it_stay_in_the_section():
    blocks = parse_blocks(WOERDEN)
    risks = [b for b in blocks if b.kind == "list"][1]
    assert risks.section == "kanttekeningen" and len(risks.items) == 6
    assert risks.items[4] == "Uittreden kan leiden tot kosten (maximaal een jaar contributie)."
    measures = [b for b in blocks if b.kind == "sentence" and b.heading == "Beheersmaatregelen"]
    assert measures and all(b.section == "kanttekeningen" for b in measures)
    money = [b for b in blocks if b.section == "financien" and b.kind == "list"]
    assert money and money[0].items[0].startswith("De lidmaatschapskosten zijn €22.000 per jaar.")


def test_heading_is_never_glued_and_figure_references_go():
    blocks = parse_blocks(FTE)
    sentences = [b.text for b in blocks if b.kind == "sentence"]
    assert "Hierdoor is er in 2022 gemiddeld 56 ICT-fte per 100.000 inwoners." in sentences
    assert "In 2021 was dit nog 52 fte." in sentences
    assert not any("Toename totale" in s for s in sentences)
    assert not any("figuur" in s.lower() for s in sentences)
    headings = [b for b in blocks if b.kind == "heading"]
    assert headings[0].text == "Toename totale fte’s"
    fifty_two = next(b for b in blocks if "52 fte" in b.text)
    assert fifty_two.heading == "Toename totale fte’s"  # the caption below does not become a heading
    assert FTE[fifty_two.start : fifty_two.end] == "In 2021 was dit nog 52 fte."


def test_rid_scenarios_are_one_list_with_its_intro_sentence_before_it():
    blocks = parse_blocks(RID)
    assert _kinds(blocks)[:3] == ["sentence", "sentence", "list"]
    assert blocks[1].text.endswith("(in willekeurige volgorde):")
    scenarios = blocks[2]
    assert len(scenarios.items) == 6 and scenarios.items[2].endswith("van een gastgemeente;")
    assert blocks[3].kind == "heading" and blocks[3].text == "Andere verwachtingen"


def test_an_item_explained_in_paragraphs_of_its_own_stays_in_its_list():
    blocks = parse_blocks(WERKPAKKET)
    assert _kinds(blocks)[:3] == ["heading", "sentence", "list"]
    clusters = blocks[2]
    assert clusters.markers == ["1.", "2.", "3.", "4.", "5.", "6."]
    assert clusters.items[0].startswith("Zorgen dat de basis-ICT goed op orde is")
    assert "(meer) wendbaarheid. We hebben het in dit kader over werkplekken" in clusters.items[0]
    assert clusters.items[5].startswith("Op peil brengen en houden van de digitale volwassenheid")
    # a paragraph after a single numbered line with no next item is not pulled into a list
    lone = parse_blocks("1. Eén punt zonder opvolger.\n\nDaarna gewone tekst.")
    assert _kinds(lone) == ["sentence", "sentence"]


def test_a_bracketed_continuation_after_a_blank_line_stays_in_its_item():
    # 002, the founding plan's rules for applications (cleaned text as the index has it)
    text = (
        "Op basis van die ervaringen kennen die spelregels in elk geval de volgende elementen:\n"
        "« We besteden specifieke aandacht aan gebruikersvriendelijkheid en performance van de applicaties;\n"
        "« We maken goede afspraken vooraf over de doorontwikkeling van de opgeleverde applicaties\n\n"
        "(eigenaarschap, kostenverdeling, besluitvormingsproces);\n"
        "« We maken vooraf heldere afspraken over de gebruikskosten van de applicaties."
    )
    rules = [b for b in parse_blocks(text) if b.kind == "list"]
    assert len(rules) == 1 and len(rules[0].items) == 3
    assert rules[0].items[1].endswith("(eigenaarschap, kostenverdeling, besluitvormingsproces);")


def test_a_nested_bullet_list_ends_where_its_numbered_list_goes_on():
    text = (
        "Enkele aandachtspunten voor de cloudstrategie:\n"
        "- Wat gaat sowieso naar de cloud?\n"
        "- Wat blijft sowieso on premise staan?\n\n"
        "3. Tegelijkertijd is er nu al sprake van onderbemensing bij de RID.\n\n"
        "4. Zodra de ivisie gereed is, moet de bemensing volgen."
    )
    lists = [b for b in parse_blocks(text) if b.kind == "list"]
    assert [b.markers for b in lists] == [["-", "-"], ["3.", "4."]]


def test_rows_label_value_and_table():
    text = (
        "Gemeenten Samenwerkingsverbanden inwoners gemiddeld per gemeente61.000 miljoen inwoners1,71 gemeenten28\n"
        "Datum: 12 januari 2017\n"
        "Bericht: aanbieder 13-08-2016\n"
    )
    blocks = parse_blocks(text)
    assert _kinds(blocks) == ["row", "row", "row"]
    assert blocks[1].text == "Datum: 12 januari 2017"


def test_sentences_keep_abbreviations_and_numbers_together():
    text = (
        "De kosten zijn o.a. € 1.2 mln per jaar, zie art. 3 van de overeenkomst. "
        "Dit staat bijv. in het rapport van Brown et al. 2014 over de samenlev ing. In de praktijk gaat het anders."
    )
    sentences = [b.text for b in parse_blocks(text)]
    assert sentences == [
        "De kosten zijn o.a. € 1.2 mln per jaar, zie art. 3 van de overeenkomst.",
        "Dit staat bijv. in het rapport van Brown et al. 2014 over de samenlev ing.",
        "In de praktijk gaat het anders.",
    ]


@pytest.mark.parametrize(
    ("heading", "key"),
    [
        ("Gevraagd besluit:", "gevraagd"),
        ("Beslispunten", "gevraagd"),
        ("Argumenten", "argumenten"),
        ("Kanttekeningen, risico's en alternatieven", "kanttekeningen"),
        ("Risico’s", "kanttekeningen"),
        ("Alternatieven:", "alternatieven"),
        ("Financiële gevolgen van het voorgestelde besluit", "financien"),
        ("Financiën", "financien"),
        ("Kosten", "financien"),
        ("4 Samenvatting en nawoord", "samenvatting"),
        ("Kernboodschap", "samenvatting"),  # of a council information letter
        ("Conclusies", "conclusie"),
        ("5.2 Advies", "advies"),
        ("Aanbevelingen", "advies"),
        ("Vervolgproces", "vervolg"),
        ("Communicatie en vervolgproces", "vervolg"),
        ("Wat willen we bereiken?", "bereiken"),
        ("Wat gaan we daarvoor doen?", "aanpak"),
        ("Wat mag het kosten?", "financien"),
        ("Vervolgens dient het opdrachtgeverschap", None),
        ("Inleiding", None),
        ("Toename totale fte’s", None),
    ],
)
def test_section_key(heading, key):
    assert section_key(heading) == key
    assert key is None or key in SECTION_KEYS


def test_item_head_is_the_first_clause():
    assert item_head(
        "De ontwikkelde software is eigendom van de ICT-coöperatie. Deelname geeft toegang."
    ) == ("De ontwikkelde software is eigendom van de ICT-coöperatie …")
    assert item_head("Uittreden kan leiden tot kosten (maximaal een jaar contributie).") == (
        "Uittreden kan leiden tot kosten (maximaal een jaar contributie)."
    )
    long = (
        "Ons uitgangspunt om steeds consequenter te denken en werken vanuit de inwoner en medewerker stelt "
        "andere eisen aan software die we niet vanzelfsprekend vinden."
    )
    head = item_head(long)
    assert head.endswith(" …") and len(head.split()) <= 17 and long.startswith(head[:-2])


def test_strip_figure_refs():
    assert strip_figure_refs("De stijgende trend wordt voortgezet (figuur 2 & 3).") == (
        "De stijgende trend wordt voortgezet."
    )
    assert strip_figure_refs("op een 6-tal functies, zie figuur 12 & 13.") == "op een 6-tal functies."
    assert strip_figure_refs("Zie bijlage 3 voor het rapport.") == "Zie bijlage 3 voor het rapport."


BERENSCHOT_FORMS = (
    "Als we deze rechtsvormen buiten beschouwing laten, komen we wat ons betreft de volgende vormen in aanmerking.\n\n"
    "Privaatrechtelijke rechtsvormen\n\n"
    "O Overheids BV of NV\n\n"
    "O Stichting\n\n"
    "O Vereniging\n\n"
    "O Coöperatie\n\n"
    "O V E R H E I D\n\n"
    "O m tot de uiteindelijke keuze te komen zouden deze rechtsvormen gewogen kunnen worden."
)


def test_an_open_circle_that_ocr_read_as_a_capital_o_is_a_bullet():
    # 'O Stichting' was a heading of its own, and the forms under 'Privaatrechtelijke rechtsvormen'
    # were no list; a letter-spaced heading ('O V E R H E I D') and a broken 'Om' stay what they are
    blocks = parse_blocks(BERENSCHOT_FORMS)
    lists = [b for b in blocks if b.kind == "list"]
    assert len(lists) == 1
    assert lists[0].items == ["Overheids BV of NV", "Stichting", "Vereniging", "Coöperatie"]
    assert lists[0].heading == "Privaatrechtelijke rechtsvormen"
    assert enum_marker("O Stichting", None) == ("O", 2) and is_bullet("O")
    assert enum_marker("O V E R H E I D", None) is None
    assert enum_marker("O m tot de uiteindelijke keuze", None) is None
