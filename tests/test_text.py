"""Dutch text primitives: sentences of PDF-extracted text, index terms and numbers."""

from __future__ import annotations

import pytest

from assistant.sentence_split import split_sentences
from assistant.text import fold, normalize_number, numbers_in, question_terms, terms

# --- split_sentences -------------------------------------------------------------


def test_abbreviations_do_not_end_a_sentence():
    # Cleaned lines from the corpus style: 'o.a.', 't.a.v.' and 'd.d.' are no sentence ends.
    text = (
        "Het rapport noemt o.a. de structureel benodigde bemensing aan beide kanten. "
        "Wensen en bedenkingen t.a.v. toetreding ICT-Coöperatie Beware worden gevraagd. "
        "Het besluit d.d. 2 februari 2017 is genomen."
    )
    assert split_sentences(text) == [
        "Het rapport noemt o.a. de structureel benodigde bemensing aan beide kanten.",
        "Wensen en bedenkingen t.a.v. toetreding ICT-Coöperatie Beware worden gevraagd.",
        "Het besluit d.d. 2 februari 2017 is genomen.",
    ]


def test_numbers_with_dots_and_commas_stay_inside_their_sentence():
    text = (
        "De lidmaatschapskosten zijn €22.000 per jaar. Dit is gebaseerd op €0,35 per inwoner per jaar. "
        "Er wonen 1.250 mensen in de kern."
    )
    assert split_sentences(text) == [
        "De lidmaatschapskosten zijn €22.000 per jaar.",
        "Dit is gebaseerd op €0,35 per inwoner per jaar.",
        "Er wonen 1.250 mensen in de kern.",
    ]


def test_sentence_ending_in_a_number_before_a_capital_splits():
    text = "Ter vergelijking: in 1900 waren er nog 1121 gemeenten. Al vele decennia loopt het aantal terug."
    assert split_sentences(text) == [
        "Ter vergelijking: in 1900 waren er nog 1121 gemeenten.",
        "Al vele decennia loopt het aantal terug.",
    ]


def test_a_heading_glued_to_its_paragraph_is_cut_off():
    text = (
        "Verschuiving naar regieorganisatie lijkt voorzichtig te starten Al jaren verwachten we een "
        "verschuiving van automatisering naar informatisering. Dat gebeurt nu."
    )
    assert split_sentences(text) == [
        "Verschuiving naar regieorganisatie lijkt voorzichtig te starten",
        "Al jaren verwachten we een verschuiving van automatisering naar informatisering.",
        "Dat gebeurt nu.",
    ]
    assert (
        split_sentences("Aansprakelijkheid De uitvoeringsorganisatie loopt risico's.")[0]
        == "Aansprakelijkheid"
    )


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        # a label before the heading, 'In' before a year, a heading line as long as a line of prose
        (
            "Achtergrond: ontwikkeling van de markt voor zaaksystemen Op dit moment zijn er circa 25 leveranciers.",
            "Achtergrond: ontwikkeling van de markt voor zaaksystemen",
        ),
        (
            "VNG behoeftenonderzoek voor gemeentelijke Cloud ondersteuning In 2023 heeft de VNG onderzoek gedaan.",
            "VNG behoeftenonderzoek voor gemeentelijke Cloud ondersteuning",
        ),
        (
            "Wet open overheid & vernieuwde archiefwet\nDe Wet open overheid (Woo) is op 1 mei 2022 in werking getreden.",
            "Wet open overheid & vernieuwde archiefwet",
        ),
    ],
)
def test_more_glued_headings_are_cut_off(text, heading):
    assert split_sentences(text) == [heading, text[len(heading) :].strip()]


def test_a_wrapped_sentence_that_goes_on_with_a_name_stays_whole():
    text = "Samenwerking tussen de gemeenten in de regio gaat samen met\nDe Liemers verder."
    assert split_sentences(text) == [text.replace("\n", " ")]


def test_a_numbered_section_heading_is_never_joined_with_its_paragraph():
    text = (
        "1.2.6 Alternatieven bieden geen garanties\n"
        "Overstappen naar andere ICT-dienstverleners biedt in de praktijk tot nu toe geen enkele garantie."
    )
    assert split_sentences(text) == text.split("\n")


def test_a_figure_caption_is_cut_off_the_text_after_it():
    assert split_sentences(
        "Figuur 8: Aandeel softwareleveranciers in 2021 en 2022 De personeelskosten zijn in 2022 "
        "met 7 euro per inwoner toegenomen naar 53 euro per inwoner."
    ) == [
        "Figuur 8: Aandeel softwareleveranciers in 2021 en 2022",
        "De personeelskosten zijn in 2022 met 7 euro per inwoner toegenomen naar 53 euro per inwoner.",
    ]
    # a list's lead-in after a caption keeps its own line
    assert (
        split_sentences(
            "Figuur 6: Aandeel SaaS-Applicaties o.b.v. kosten 5 belangrijke onderwerpen voor een "
            "regieorganisatie (M&I/Partners):"
        )[1]
        == "5 belangrijke onderwerpen voor een regieorganisatie (M&I/Partners):"
    )
    # a caption alone stays whole, numbers and all
    caption = "Figuur 25: Aantal fte informatiebeveiliging per 100.000 inwoners"
    assert split_sentences(caption) == [caption]


@pytest.mark.parametrize(
    "text",
    [
        # a title inside a sentence, OCR spacing after 'In', a name ('De Liemers')
        "De aanzet tot de GDI vormde het rapport Het uur van de waarheid van de commissie.",
        "Hierbij informeer ik u dat de Studiegroep In format iesamenleving heeft verzocht.",
        "Samenwerking tussen gemeenten De Liemers loopt al jaren goed.",
        "Gemeenten werken samen aan ICT omdat kennis schaars is.",
    ],
)
def test_no_cut_inside_a_sentence(text):
    assert split_sentences(text) == [text]


def test_the_short_lines_of_a_quote_box_are_one_sentence():
    # a short line that ends on 'de' or 'en' goes on in the next line, when that one opens in lower case
    text = (
        "ADVIES 1 Focus inhoudelijk de\n"
        "komende drie jaar op dienstverlening,\n"
        "woekeren met schaarse kennis en het\n"
        "creëren van één gemeente-cloud\n\n"
        "Trends en\n"
        "ontwikkelingen\n"
        "Kosten\n\n"
        "De kosten stegen."
    )
    assert split_sentences(text) == [
        "ADVIES 1 Focus inhoudelijk de komende drie jaar op dienstverlening, woekeren met schaarse kennis "
        "en het creëren van één gemeente-cloud",
        "Trends en ontwikkelingen",
        "Kosten",
        "De kosten stegen.",
    ]


def test_headings_and_bullets_stay_apart_from_prose():
    text = (
        "1.1 INLEIDING\n"
        "De Vereniging Nederlandse Gemeenten heeft een korte verkenning laten uitvoeren.\n"
        "- collectivisering van i-Voorzieningen;\n"
        "- dienstverlening aan inwoners en bedrijven.\n"
        "BIJLAGE 2 UITKOMSTEN GESPREKKEN\n"
        "In dit hoofdstuk de uitkomsten van de gevoerde gesprekken."
    )
    assert split_sentences(text) == [
        "1.1 INLEIDING",
        "De Vereniging Nederlandse Gemeenten heeft een korte verkenning laten uitvoeren.",
        "- collectivisering van i-Voorzieningen;",
        "- dienstverlening aan inwoners en bedrijven.",
        "BIJLAGE 2 UITKOMSTEN GESPREKKEN",
        "In dit hoofdstuk de uitkomsten van de gevoerde gesprekken.",
    ]


def test_hard_wrapped_prose_lines_are_joined_into_one_sentence():
    text = (
        "Veel intergemeentelijke ICT-samenwerkingen beperken zich nog tot samenwerken op de a van\n"
        "automatisering, omdat ze ooit zijn opgericht voor gezamenlijk beheer."
    )
    assert split_sentences(text) == [
        "Veel intergemeentelijke ICT-samenwerkingen beperken zich nog tot samenwerken op de a van "
        "automatisering, omdat ze ooit zijn opgericht voor gezamenlijk beheer."
    ]


def test_question_and_exclamation_marks_end_sentences():
    assert split_sentences("Wat kost het? Dat is nog onbekend! Zie blz. 12 van het rapport.") == [
        "Wat kost het?",
        "Dat is nog onbekend!",
        "Zie blz. 12 van het rapport.",
    ]


def test_lowercase_after_a_full_stop_does_not_split():
    # PDF text often has 'ca. 30 gemeenten' or a stray dot; a lower-case word continues the sentence.
    assert split_sentences("Er zijn ca. 30 gemeenten. aangesloten bij de coöperatie.") == [
        "Er zijn ca. 30 gemeenten. aangesloten bij de coöperatie."
    ]


def test_no_text_is_lost_and_blank_input_gives_nothing():
    text = "Eerste zin hier. Tweede zin daar.\n\nDerde alinea met o.a. een afkorting."
    sentences = split_sentences(text)
    assert "".join(sentences).replace(" ", "") == text.replace(" ", "").replace("\n", "")
    assert split_sentences("") == []
    assert split_sentences("  \n\n  ") == []


# --- terms -----------------------------------------------------------------------


def test_terms_are_stemmed_so_inflections_meet():
    assert terms("gemeente") == terms("gemeenten")
    assert terms("investering") == terms("investeringen")
    assert terms("kosten") == terms("kost") or terms("kosten")[0].startswith("kost")


@pytest.mark.parametrize(
    ("form", "other"),
    [
        # The stemmer alone gives these pairs different terms ('standaar' / 'standaard'), so a
        # question in the plural missed a passage in the singular.
        ("standaarden", "standaard"),
        ("fasen", "fase"),
        ("wensen", "wens"),
        ("bedragen", "bedrag"),
        ("maatregelen", "maatregel"),
        ("voorbeelden", "voorbeeld"),
        ("bijlagen", "bijlage"),
        ("ICT-standaarden", "ICT-standaard"),
        # The dictionary read 'gaven' as 'gave' (a gift), a word no document uses: the rarest term
        # of 'Hoeveel euro per inwoner gaven gemeenten … uit?', which then led with any 'gaven'.
        ("gaven", "geven"),
        ("stegen", "stijgen"),
        ("stonden", "stond"),
        ("schreven", "schrijven"),
        ("kozen", "kiezen"),
    ],
)
def test_two_forms_of_a_word_meet(form, other):
    """A plural meets its singular, a past tense its verb."""
    assert terms(form) == terms(other)


@pytest.mark.parametrize(
    ("word", "other"),
    [
        # Snowball's Dutch stemmer drops a leading 'ge' as from a participle: these pairs gave one term.
        ("gemiddeld", "middelen"),
        ("gevolgen", "volgende"),
        ("gebied", "bieden"),
        ("gegevens", "geven"),
        ("gemeente", "menen"),
    ],
)
def test_a_word_that_begins_with_ge_does_not_meet_the_word_without_it(word, other):
    assert terms(word) != terms(other)


@pytest.mark.parametrize(
    ("participle", "verb"),
    [("gevolgd", "volgen"), ("gericht", "richten"), ("gegeven", "geven"), ("gebruikt", "gebruiken")],
)
def test_a_participle_still_meets_its_verb(participle, verb):
    assert terms(participle) == terms(verb)


def test_stopwords_are_dropped_unless_asked_for():
    assert terms("de het een en van") == []
    assert terms("de het een en van", keep_stopwords=True) == ["de", "het", "een", "en", "van"]
    assert terms("Hoeveel kost de ICT van de gemeente?") == terms("kost ICT gemeente")


def test_hyphen_compounds_give_the_whole_and_its_parts():
    got = terms("ICT-voorzieningen")
    whole, *parts = got
    assert whole == terms("ictvoorzieningen")[0]
    assert parts == [*terms("ICT"), *terms("voorzieningen")]


def test_accents_and_case_are_folded():
    assert terms("Coöperatie") == terms("cooperatie") == terms("COÖPERATIE")
    assert fold("Coöperatie") == "cooperatie"


def test_numbers_are_normalised_in_terms():
    assert terms("1.250 inwoners en 0,35 euro") == ["1250", *terms("inwoners"), "0.35", *terms("euro")]
    assert "2022" in terms("in 2022")


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("1.250", "1250"),
        ("1.200.000", "1200000"),
        ("0,35", "0.35"),
        ("1.250,50", "1250.50"),
        ("2022", "2022"),
    ],
)
def test_normalize_number(raw, normal):
    assert normalize_number(raw) == normal


# --- numbers_in ------------------------------------------------------------------


def test_scaled_numbers():
    assert "1200000" in numbers_in("1,2 miljoen")
    assert "1200000" in numbers_in("een budget van 1,2 miljoen euro")
    assert "380000000" in numbers_in("€ 380 miljoen per jaar")
    assert "2500000000" in numbers_in("2,5 miljard")
    assert "3000" in numbers_in("3 duizend")


def test_euro_amounts_and_percentages():
    assert numbers_in("€ 1.250") == {"1250"}
    assert numbers_in("€1.250") == {"1250"}
    assert numbers_in("€0,35 per inwoner") == {"0.35"}
    assert numbers_in("35% van de kosten") == {"35"}


def test_number_at_sentence_end_and_in_words():
    assert numbers_in("Dat was in 2022.") == {"2022"}
    assert numbers_in("in 1900 waren er 1121 gemeenten") == {"1900", "1121"}
    # digits glued to letters are no amounts (SaaS-2, BI2.0 style)
    assert numbers_in("BIO2 en ABC123") == set()
    assert numbers_in("geen getallen hier") == set()


def test_a_heading_a_finished_sentence_and_list_items_stay_apart_across_blank_lines():
    # a sentence broken by a blank line is joined in cleaning (tests/ingest/test_cleaning.py)
    assert split_sentences("Impact op lange termijn\n\nDe trend is duidelijk.") == [
        "Impact op lange termijn",
        "De trend is duidelijk.",
    ]
    assert split_sentences("de volgende punten:\n\na) eerst dit;\n\nb) dan dat") == [
        "de volgende punten:",
        "a) eerst dit;",
        "b) dan dat",
    ]


def test_a_sentence_a_blank_line_cuts_after_a_word_that_needs_more_is_one_sentence():
    # a page or column break inside a sentence; the answer quoted '… bij [1].' and '… als [1].'
    text = (
        "Zo deed de mobiele telefoon er 16 jaar over om 100 miljoen gebruikers te bereiken, bij\n\n"
        "Facebook kostte dat 4 jaar en een game als\n\nCandy Crush bereikte die grens na een jaar.\n\n"
        "Digitalisering en hypergroei\n\nDigitale technologieën verspreiden zich sneller."
    )
    assert split_sentences(text) == [
        "Zo deed de mobiele telefoon er 16 jaar over om 100 miljoen gebruikers te bereiken, bij Facebook"
        " kostte dat 4 jaar en een game als Candy Crush bereikte die grens na een jaar.",
        "Digitalisering en hypergroei",
        "Digitale technologieën verspreiden zich sneller.",
    ]
    # or on a comma
    text = 'Er ligt een accent op kennis voor complexe taken als "innovatie",\n\n"Beveiliging" en "data".'
    assert split_sentences(text) == [
        'Er ligt een accent op kennis voor complexe taken als "innovatie", "Beveiliging" en "data".'
    ]


@pytest.mark.parametrize(
    "following",
    [
        "TOT SLOT",
        "2",
        "7.4 DENKEN IN KORTE TERMIJN",
        "a) een punt",
        "1 6 https://www.nao.org.uk/rapport.pdf",
        "O Regie en inkoop: in deze fase",  # an open circle that OCR read as 'O'
    ],
)
def test_a_heading_a_page_number_an_item_or_a_footnote_after_a_blank_line_stays_apart(following):
    line = "Met de verschuiving naar SaaS zal de komende jaren het"
    assert split_sentences(f"{line}\n\n{following}")[0] == line


def test_a_short_line_or_a_finished_sentence_before_a_blank_line_stays_apart():
    assert split_sentences("Samenwerken met\n\nDe gemeenten werken samen.") == [
        "Samenwerken met",
        "De gemeenten werken samen.",
    ]
    assert len(split_sentences("De kosten stegen in 2022 met tien euro per inwoner.\n\nDe baten ook.")) == 2
    # a numbered section heading three levels deep is a heading, whatever word it ends on
    assert split_sentences("3.2.1 Werkorganisatie 1Stroom en de rol van de\n\nRID werkt samen.") == [
        "3.2.1 Werkorganisatie 1Stroom en de rol van de",
        "RID werkt samen.",
    ]


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("Kun je mij uitleggen wat Beware is?", "wat Beware is?"),
        ("Leg uit wat Beware is.", "wat Beware is."),
        ("Vertel eens wat de RID doet.", "wat de RID doet."),
        # 'legt' asks something here, and 'kort' may be part of what is asked ('op korte termijn')
        ("Welke momenten legt het reglement vast?", "Welke momenten legt het reglement vast?"),
        ("Kun je kort samenvatten wat Zevenaar laat weten?", "wat Zevenaar laat weten?"),
        # a request to sum up, wherever it stands, is no term either; 'op korte termijn' and a
        # 'samen' that is no request are
        ("Hoe wil Beware leden werven? Kun je dat kort samenvatten?", "Hoe wil Beware leden werven? dat"),
        ("Hoe gaat het met de RID? Vat kort samen.", "Hoe gaat het met de RID?"),
        ("Vat de argumenten van het college samen.", "de argumenten van het college"),
        ("Wat houdt het slotadvies in? Graag een korte samenvatting.", "Wat houdt het slotadvies in?"),
        ("Waar gaat het boek in grote lijnen over?", "Waar gaat het boek over?"),
        ("Wat is in het kort het advies?", "Wat is het advies?"),
        ("Hoe werken gemeenten samen op korte termijn?", "Hoe werken gemeenten samen op korte termijn?"),
    ],
)
def test_the_words_that_only_make_a_request_are_no_terms_of_the_question(question, asked):
    assert question_terms(question) == terms(asked)
    assert "kun" in terms(question) or "Kun" not in question  # (they are terms of the text)


def test_a_number_word_is_the_same_term_as_its_digits():
    assert terms("over drie tot zeven jaar") == terms("over 3 tot 7 jaar")
    assert "3" in question_terms("Waarom is Beware opgericht met slechts drie gemeenten?")
    # not 'een' (the article) nor 'acht' (a verb too: 'het college acht de risico's beheersbaar')
    assert "1" not in terms("een gemeente") and "8" not in terms("het college acht de risico's beheersbaar")
