"""Answer units from document structure, on lines of the real corpus (cleaned text)."""

from __future__ import annotations

import pytest

from assistant.ingest.structure import SECTION_KEYS, item_head, parse_blocks, section_key, strip_figure_refs

WOERDEN = """Argumenten

1. Deelname aan de ICT-coöperatie kan ons helpen de effecten die wij in de vorige paragraaf hebben genoemd te realiseren.

a. De ontwikkelde software is eigendom van de ICT-coöperatie. Deelname aan de ICT-coöperatie geeft ons toegang tot gezamenlijk beter, sneller, flexibeler, goedkoper software (laten) maken en delen om (in de toekomst) gebruik van te maken.

b. Ons uitgangspunt om steeds consequenter te denken en werken vanuit de inwoner en medewerker stelt andere eisen aan software die we niet vanzelfsprekend vinden bij de huidige leveranciers.

c. Toetreden bij de ICT-coöperatie past bij onze wens om waar het mogelijk is met andere gemeenten samen te werken.

d. Door in een vroegtijdig stadium aan te sluiten bij de ICT-coöperatie kunnen we bijdragen en invloed uitoefenen op de daadwerkelijke vormgeving van de organisatie en werkwijze.

e. Door toe te treden tot de ICT-coöperatie sluiten wij aan bij de doelen van de digitale agenda 2020 en de collectiviseringsgedachte (massaal digitaal en maatwerk lokaal) van de VNG. Zie bijlage 3 voor het rapport Coöperatief vernieuwen.

f. Aansluiten bij de ICT coöperatie biedt ons de mogelijkheid om de beweging naar meer onafhankelijkheid van softwareleveranciers, flexibiliteit te maken en daar concreet vorm aan te geven.

g. Toetreden tot de ICT-coöperatie biedt ons de mogelijkheid om ons eigen softwareprogramma (Cumulus) te delen met andere gemeenten en gezamenlijk het beheer uit te voeren.

h. Wij kunnen gebruik maken van softwareprogramma 's die door andere gemeenten beschikbaar worden gesteld binnen de ICT-coöperatie en/of samen met anderen nieuwe software ontwikkelen.

i Samen ontwikkelen betekent lagere ontwikkelkosten en lagere beheerlasten per gemeente

Kanttekeningen, risico's en alternatieven

1. Deelname aan de ICT-coöperatie kan ons helpen onze doelen te realiseren maar:
a. Her betreft een innovatieve ontwikkeling. Dit betekent dat het doel helder is maar ook nog veel zaken verder uitgewerkt moeten worden.

b. Er zijn nog geen afspraken gemaakt over de voorwaarden en de financiële vergoeding waaronder zelfontwikkelde software kan worden ingebracht.

c. Het lidmaatschap moet al betaald worden en we weten nog niet wat het toekomstig aanbod is.

d. Uittreden kan leiden tot kosten (maximaal een jaar contributie).
e. Naast de lidmaatschapskosten zullen we ook ambtelijke uren moeten inzetten om de visie van de ICT-coöperatie verder uit te werken.

Beheersmaatregelen:
Per nieuw te ontwikkelen of te kopen software (punt 1c) wordt met de geïnteresseerden een business case en afspraken over kosten en risico's gemaakt. De ICT-coöperatie Beware is een coöperatie UA (uitgesloten aansprakelijkheid).

Financiële gevolgen van het voorgestelde besluit

« De lidmaatschapskosten zijn €22.000 per jaar. Dit is gebaseerd op €0,35 /per inwoner per jaar uitgaande van een verzorgingsgebied van minimaal 600.000 inwoners.

» De kosten voor het (laten) vervaardigen van de applicaties worden gedeeld door de deelnemers die gebruik willen maken van die applicatie.
"""

FTE = """De personeelskosten zijn in 2022 met 7 euro per inwoner toegenomen naar 53 euro per inwoner. Daarnaast valt op dat de verschuiving van de regieorganisatie ingezet lijkt te zijn en dat de kosten voor eigen personeel zijn gebleven.
Toename totale fte’s
In 2022 is het aantal ICT-personeel gemiddeld met 6% toegenomen. Hierdoor is er in 2022 gemiddeld 56 ICT-fte per 100.000 inwoners, zie figuur 10. In 2021 was dit nog 52 fte. Zie hiervoor ook figuur 11.

Figuur 10: Aantal fte’s ICT-personeel per 100.000 inwoners
"""

RID = """Bij scenario’s voor de toekomst van RID De Liemers gaat het om scenario’s voor het leveren van de gewenste ICT-dienstverlening door óf de RID of door een andere partij, danwel in een combinatie van mogelijkheden. Op papier gaat het dan om de volgende scenario’s (in willekeurige volgorde):

1. dóór met de RID, maar dan wel zorgen dat de RID kan en gaat voldoen aan de eisen die de gemeenten stellen aan de ICT-dienstverlening van de RID;

2. de gewenste ICT-dienstverlening betrekken van een andere ICT-samenwerking;
3. de gewenste ICT-dienstverlening betrekken van een gastgemeente;
4. de gewenste ICT-dienstverlening betrekken van 1 of meer commerciële ICT-dienstverleners;
5. de gewenste ICT-dienstverlening in eigen huis organiseren (zelf doen);
6. een combinatie van deze mogelijkheden.

Andere verwachtingen
Alvorens deze afzonderlijke scenario’s ten opzichte van elkaar te positioneren, is het van belang stil te staan bij het feit dat de verwachtingen anders zijn.
"""


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
        ("Conclusies", "conclusie"),
        ("5.2 Advies", "advies"),
        ("Aanbevelingen", "advies"),
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
