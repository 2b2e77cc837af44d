"""Which enumeration answers a list question."""

from __future__ import annotations

from support import make_passage

from assistant.answering.candidates import candidates_from
from assistant.answering.lists import focus_list, lead_stretch, section_list
from assistant.answering.question import profile_question

CRITERIA = (
    "De intergemeentelijke samenwerking krijgt vorm in een afzonderlijke rechtspersoon.\n"
    "Bij de keuze voor de rechtsvorm zijn de volgende criteria gehanteerd:\n"
    "1. in het publieke belang,\n"
    "2. dus not for profit,\n"
    "3. makkelijke toetreding in toekomst door geïnteresseerde gemeenten.\n"
    "De rechtsvorm van de coöperatie voldoet het meest aan de hierboven beschreven criteria."
)
ANSWERS = (
    "Op de vraag naar de kern van het probleem zijn de volgende antwoorden gegeven:\n"
    "- Geld.\n"
    "- Te weinig personeel.\n"
)


def _profile(question: str):
    return profile_question(question, lambda t: 1.0)


def test_the_list_whose_lead_in_names_what_is_asked():
    q = _profile("Aan welke criteria moest de rechtsvorm van de coöperatie voldoen?")
    found = focus_list(q, [make_passage(1, ANSWERS), make_passage(2, CRITERIA)])
    assert found is not None
    index, block, intro = found
    assert index == 1
    assert intro == "Bij de keuze voor de rechtsvorm zijn de volgende criteria gehanteerd"
    assert block.items[1].startswith("dus not for profit")


def test_a_lead_in_that_only_shares_the_word_is_not_the_list():
    # 'vragen' is also in 'Op de vraag naar …': a list of answers, not of questions.
    q = _profile("Welke vragen moet de cloudstrategie beantwoorden?")
    assert focus_list(q, [make_passage(1, ANSWERS)]) is None


CLOUD = (
    "Enkele aandachtspunten voor de cloudstrategie:\n"
    "- Wat gaat sowieso naar de cloud?\n"
    "- Wat blijft sowieso on premise staan?\n"
)
RESEARCH = (
    "De gemeenten hebben ons gevraagd een antwoord te formuleren op de volgende vragen:\n"
    "1. Welke scenario's zijn er voor de toekomst van de RID?\n"
    "2. Welk scenario wordt geadviseerd?\n"
)


def test_questions_are_the_list_of_questions_whose_lead_in_names_the_subject():
    q = _profile("Welke vragen moet de cloudstrategie beantwoorden?")
    index, block, intro = focus_list(q, [make_passage(1, CLOUD), make_passage(2, RESEARCH)])
    assert (index, intro) == (0, "Enkele aandachtspunten voor de cloudstrategie")
    assert block.items == ["Wat gaat sowieso naar de cloud?", "Wat blijft sowieso on premise staan?"]
    # a lead-in of questions that names nothing else of the question is no answer
    other = "Enkele aandachtspunten voor de ivisie:\n- Wat willen we bereiken?\n- Wie bepaalt dat?\n"
    assert focus_list(q, [make_passage(1, other)]) is None


def test_a_compound_names_its_last_part_and_figures_are_not_lists():
    text = "Op papier gaat het dan om de volgende scenario's:\n1. dóór met de RID;\n2. zelf doen."
    q = _profile("Welke toekomstscenario's zijn er voor de RID?")
    assert focus_list(q, [make_passage(1, text)]) is not None
    assert focus_list(_profile("Hoeveel scenario's zijn er voor de RID?"), [make_passage(1, text)]) is None


def test_paragraphs_ending_in_semicolons_are_the_items_of_a_list():
    text = (
        "Op het gebied van ICT is er veel in ontwikkeling, zoals:\n\n"
        "rationalisatie van de automatisering in de backoffice;\n\n"
        "ontwikkeling van digitale dienstverlening;\n\n"
        "stimuleren van innovatie en samenwerking binnen het gemeentelijk domein.\n\n"
        "Daarnaast is er meer."
    )
    q = _profile("Welke ontwikkelingen lopen er in het ICT-domein van gemeenten?")
    found = focus_list(q, [make_passage(1, text)])
    assert found is not None
    _, block, intro = found
    assert intro == "Op het gebied van ICT is er veel in ontwikkeling, zoals"
    assert block.items == [
        "rationalisatie van de automatisering in de backoffice;",
        "ontwikkeling van digitale dienstverlening;",
        "stimuleren van innovatie en samenwerking binnen het gemeentelijk domein.",
    ]


def test_a_hyphenated_ask_and_a_lead_in_that_ends_on_it():
    # 'ICT-onderwerpen' asks for 'onderwerpen'; '… tot de onderwerpen:' introduces them, though it
    # shares no other word with the question
    text = (
        "Dit aandachtspunt strekt zich in ieder geval uit tot de onderwerpen:\n"
        "- informatieadvies;\n- functioneel beheer;\n- informatiebeveiliging.\n"
    )
    q = _profile(
        "Voor welke ICT-onderwerpen moeten de gemeenten opnieuw bekijken wat ze zelf in huis hebben?"
    )
    assert q.focus == {"onderwerp"}
    found = focus_list(q, [make_passage(1, text)])
    assert found is not None
    assert [item.rstrip(";.") for item in found[1].items] == [
        "informatieadvies",
        "functioneel beheer",
        "informatiebeveiliging",
    ]


def test_a_list_for_a_question_that_names_a_document_comes_from_that_document():
    other = make_passage(
        1, "Aan de ontzorgingskant zien we de volgende functies:\n- inkoop\n- beheer\n- service"
    )
    sketch = make_passage(
        2, "In de gemeente zijn de volgende functies:\n- CIO\n- systeembeheerder\n- helpdesk"
    )
    q = profile_question("Welke functies kent de gemeente volgens de sectorschets?", lambda t: 1.0)
    assert focus_list(q, [other, sketch])[0] == 0  # in retrieval order
    index, block, _ = focus_list(q, [other, sketch], named={1})
    assert index == 1 and block.items[0].startswith("CIO")


ASPECTS = (
    "Het construct moet goed functioneren binnen het publieke stelsel. De volgende (soms "
    "tegenstrijdige) aspecten zijn van belang in het nadenken over de meest passende vorm:\n\n"
    "ASPECT TOELICHTING\n\n"
    "Eigenaarschap Het eigenaarschap van dit construct ligt bij alle gemeenten.\n\n"
    "Zeggenschap Coalities van gemeenten kunnen direct sturen op de inhoud.\n\n"
    "Slagvaardigheid Er is een kortcyclisch besluitvormingsproces nodig.\n\n"
    "Een goed model om de samenwerking te faciliteren is de coöperatie."
)


def test_a_lead_in_before_a_table_opens_the_stretch():
    q = _profile("Met welke aspecten moet je rekening houden bij het kiezen van een vorm?")
    passages = [make_passage(1, CRITERIA), make_passage(2, ASPECTS)]
    assert focus_list(q, passages) is None  # rows of a table, no enumeration
    cands = candidates_from(passages)
    shown = [c.text for c in lead_stretch(q, cands, passages, None, 40)]
    assert shown[0].startswith("De volgende (soms tegenstrijdige) aspecten")
    assert any("kortcyclisch" in t for t in shown[1:]) is False  # within the 40 words
    assert any("eigenaarschap" in t for t in shown[1:])
    # a lead-in followed by its enumeration is focus_list's, and a question without the focus none
    assert (
        lead_stretch(_profile("Aan welke criteria moest de rechtsvorm voldoen?"), cands, passages, None, 40)
        == []
    )
    assert lead_stretch(_profile("Waarom kiest men een coöperatie?"), cands, passages, None, 40) == []


SLIDE = (
    "ICT coöperatie- Doel\n\n"
    "Doel:\n\n"
    "» Aansluiten bij de coöperatie\n\n"
    "Reden:\n"
    "# Gebruik maken van goedkopere software door kosten te delen\n"
    "» Flexibele inzetbaarheid van de applicaties. Vervangbaar en te koppelen met andere apps\n"
    "» Minder afhankelijk van leveranciers\n"
)
EXPLAINED = (
    "Hierdoor zijn de kosten per inwoner voor ingehuurd personeel verdubbeld. Hier zijn 2 redenen voor:\n"
    "1. Meer fte's ingehuurd personeel. Gemeenten hebben in 2022 meer ICT personeel ingehuurd op een "
    "6-tal functies. De voornaamste redenen hiervoor zijn de krapte op de arbeidsmarkt, werkdruk en "
    "ziekteverzuim, wat veel beweging in het personeel van de gemeenten oplevert.\n"
    "2. De kosten per fte van ingehuurd personeel zijn toegenomen.\n"
)


def test_a_question_for_a_reason_gets_the_reasons_its_lead_in_announces():
    q = _profile("Waarom wil Woerden volgens de presentatie bij de coöperatie aansluiten?")
    found = focus_list(q, [make_passage(1, SLIDE)])
    assert found is not None
    _, block, intro = found
    assert intro == "Reden"
    # OCR read the first '»' as '#': still an item of the list
    assert block.items == [
        "Gebruik maken van goedkopere software door kosten te delen",
        "Flexibele inzetbaarheid van de applicaties. Vervangbaar en te koppelen met andere apps",
        "Minder afhankelijk van leveranciers",
    ]


def test_reasons_about_another_subject_or_with_explanations_are_not_the_answer():
    # the lead-in and what comes before it share no two words with the question
    q = _profile("Waarom wil Boxtel de software zelf ontwikkelen?")
    assert focus_list(q, [make_passage(1, SLIDE)]) is None
    # items explained in paragraphs: their first clause would drop the reason the text gives
    q = _profile("Waarom zijn de kosten per inwoner voor ingehuurd personeel verdubbeld?")
    assert focus_list(q, [make_passage(1, EXPLAINED)]) is None
    # not a question for a reason: no list of reasons
    q = _profile("Wil Woerden bij de coöperatie aansluiten?")
    assert focus_list(q, [make_passage(1, SLIDE)]) is None


PROPOSAL = (
    "Wat willen we bereiken?\n"
    "De ICT-coöperatie (Beware) is eigenaar en beheert software en bewaakt afgesproken standaarden.\n\n"
    "Als we toetreden tot de ICT-coöperatie levert het de volgende resultaten :\n\n"
    "» Flexibiliteit op ICT gebied\n"
    "» Meer onafhankelijkheid van softwareleveranciers\n\n"
    "Wat gaan we daarvoor doen?\n\n"
    "1. Woerden wil een actieve inbreng hebben om de randvoorwaarden te bewaken.\n"
    "2. Inwonercloud/Cumulus overdragen aan de ICT-coöperatie.\n"
)


def test_what_a_step_yields_and_the_steps_are_the_lists_under_the_three_w_questions():
    passages = [make_passage(1, PROPOSAL)]
    q = _profile("Wat moet toetreding tot de ICT-coöperatie volgens het raadsvoorstel opleveren?")
    found = section_list(q, candidates_from(passages), passages)
    assert found is not None
    _, block, intro = found  # the lead-in says what the items are
    assert intro == "Als we toetreden tot de ICT-coöperatie levert het de volgende resultaten"
    assert block.items == ["Flexibiliteit op ICT gebied", "Meer onafhankelijkheid van softwareleveranciers"]
    q = _profile("Welke concrete stappen wil Woerden zetten zodra het lid is van Beware?")
    found = section_list(q, candidates_from(passages), passages)
    assert found is not None and len(found) == 2  # no lead-in: the heading introduces it
    assert found[1].items[1] == "Inwonercloud/Cumulus overdragen aan de ICT-coöperatie."


RISKS = (
    "Kanttekeningen, risico's en alternatieven\n"
    "a) Het betreft een innovatieve ontwikkeling.\n"
    "b) Uittreden kan leiden tot kosten.\n\n"
    "Beheersmaatregelen:\n"
    "Per nieuw te ontwikkelen software wordt een business case gemaakt. De coöperatie is een "
    "coöperatie UA: de leden zijn niet aansprakelijk voor het tekort.\n"
)


def test_a_question_for_a_reason_is_not_answered_by_the_list_of_its_section():
    passages = [make_passage(1, RISKS)]
    cands = candidates_from(passages)
    found = section_list(_profile("Welke risico's noemt het college?"), cands, passages)
    assert found is not None and found[1].items[1] == "Uittreden kan leiden tot kosten."
    # why the risks are manageable: the measures under the section, which the stretch quotes
    assert section_list(_profile("Waarom acht het college de risico's beheersbaar?"), cands, passages) is None


def test_a_counted_list_that_also_names_a_section_is_found_by_its_lead_in():
    # 'Op welke drie punten … oplevert?': the count is not what is asked ('punten' is), and
    # 'oplevert' names the section 'Wat willen we bereiken?', which this report lacks: the list
    # whose lead-in names the points answers it (it got two sentences about the method).
    text = (
        "Om meer inzicht te geven in wat de thema's bijdragen aan de organisatie hebben we elk thema "
        "beoordeeld op 3 punten:\n"
        "1) Wettelijke verplichtingen: verplichtingen die voortvloeien uit wet- en regelgeving.\n"
        "2) Maatschappelijke opgaven: uitdagingen die de leefbaarheid beïnvloeden.\n"
        "3) Continuïteit bedrijfsvoering: het waarborgen van de kwaliteit van de dienstverlening.\n"
    )
    q = _profile("Op welke drie punten weegt de benchmark wat een ICT-thema de organisatie oplevert?")
    assert q.focus == {"punt"}
    found = focus_list(q, [make_passage(1, text)])
    assert found is not None
    assert [item.split(":")[0] for item in found[1].items] == [
        "Wettelijke verplichtingen",
        "Maatschappelijke opgaven",
        "Continuïteit bedrijfsvoering",
    ]
    assert _profile("Welke vijf leveranciers bieden belastingapplicaties aan?").focus == {"leverancier"}


def test_a_lead_in_whose_colon_the_pdf_lost_opens_the_stretch():
    text = (
        "Deze i-Diensten zijn verbonden aan de levenscyclus van de i-Voorzieningen. "
        "We onderscheiden daarbij de volgende fasen.\n"
        "Kennisopbouw: In deze fase staat kennisvorming centraal.\n"
        "Regie en inkoop: In deze fase draait het om goede afspraken met de markt.\n"
    )
    passages = [make_passage(1, text)]
    cands = candidates_from(passages)
    q = _profile("In welke fasen deelt Berenschot de levenscyclus van een i-voorziening op?")
    shown = [c.text for c in lead_stretch(q, cands, passages, None, 60)]
    assert shown[0] == "We onderscheiden daarbij de volgende fasen."
    assert any(t.startswith("Regie en inkoop") for t in shown)
    # 'de volgende' in the middle of a sentence announces nothing
    other = "In de volgende fasen gaat het om kennis. Kennisopbouw is het begin.\n"
    assert (
        lead_stretch(q, candidates_from([make_passage(1, other)]), [make_passage(1, other)], None, 60) == []
    )


def test_a_compound_of_the_same_head_names_the_focus():
    # 'Welke vuistregels …?' and 'een paar denkregels:' both list rules ('regels')
    text = (
        "Bij deze theoretische exercitie gelden een paar denkregels:\n"
        "- De fase waarin de markt verkeert, is van belang als factor.\n"
        "- Schaal van ICT-oplossingen speelt ook mee.\n"
    )
    q = _profile("Welke vuistregels hanteert Berenschot voor collectivisering?")
    found = focus_list(q, [make_passage(1, text)])
    assert found is not None and found[2] == "Bij deze theoretische exercitie gelden een paar denkregels"
    # a shared ending that is no word of its own names nothing ('organisering', 'digitalisering')
    other = "Er gelden de volgende digitaliseringen:\n- één;\n- twee.\n"
    assert (
        focus_list(_profile("Welke organiseringen zijn er voor collectivisering?"), [make_passage(1, other)])
        is None
    )


def test_an_adjective_before_a_plural_is_not_what_is_asked():
    # 'Welke gezamenlijke producten …' asks products: 'gezamenlijk' in a heading led to its sentences
    assert _profile("Welke gezamenlijke producten hebben VNG en KING ontwikkeld?").focus == {"product"}
    assert _profile("Welke andere gemeenten hebben belangstelling voor Beware?").focus == {"gemeen"}
    assert _profile("Welke financiële gevolgen heeft het besluit?").focus == {"gevolg"}
    # a noun is kept, also before a verb in the plural
    assert _profile("Op welke wijze worden de kosten verdeeld?").focus == {"wijze"}
    assert _profile("Welke gemeente heeft de hoogste kosten?").focus == {"gemeen"}
