"""The stretch a question that is not a figure question is answered with: how far it reads on."""

from __future__ import annotations

import pytest
from support import make_passage

from assistant.answering.candidates import Candidate, candidates_from
from assistant.answering.extractive import ExtractiveAnswerer
from assistant.answering.question import profile_question
from assistant.answering.stretch import best_stretch, went_on

PROVINCES = ["Utrecht", "Zeeland", "Drenthe", "Limburg", "Brabant", "Gelderland", "Friesland"]
TEXT = (
    "Gemeenten werken samen aan ICT omdat kennis schaars is. "
    "Samen inkopen levert lagere prijzen op voor iedere deelnemer. "
    "Ook delen zij de kosten van beheer en ontwikkeling. "
    "De begroting van de gemeente wordt in november vastgesteld."
)


def _scored(text: str, scores: list[float]) -> list[Candidate]:
    cands = candidates_from([make_passage(1, text)])
    assert len(cands) == len(scores)
    for c, s in zip(cands, scores, strict=True):
        c.score = s
    return cands


def _texts(cands: list[Candidate]) -> list[str]:
    return [c.text.split()[0] for c in cands]


def test_a_stretch_reads_on_while_the_next_sentences_stay_on_the_question():
    cands = _scored(TEXT, [1.0, 0.7, 0.55, 0.1])
    # 18 words hold the best two sentences; the third still scores over half the best, the
    # fourth (another subject) does not
    shown = best_stretch(cands, max_words=18, sum_weight=0.2, stretch_words=60, floor=0.5)
    assert _texts(shown) == ["Gemeenten", "Samen", "Ook"]


def test_a_question_of_two_parts_gets_the_sentence_of_the_passage_that_answers_its_other_part():
    text = (
        "Gemeenten werken samen aan ICT omdat kennis schaars is. Het weer was die dag erg mooi. "
        "De trein vertrok later dan gepland. Er stonden veel fietsen bij het station. "
        "De begroting van de gemeente wordt in november vastgesteld."
    )
    answerer = ExtractiveAnswerer(lambda term: 1.0, max_words=10)
    shown = {}
    for question in (
        "Waarom werken gemeenten samen aan ICT, en wanneer wordt de begroting vastgesteld?",
        "Waarom werken gemeenten samen aan ICT?",
    ):
        cands = _scored(text, [1.0, 0.1, 0.1, 0.1, 0.6])
        q = profile_question(question, lambda term: 1.0)
        shown[question] = _texts(answerer.shown(q, cands, cands[:1]))
    # the stretch stops after its sentence (three sentences on another subject follow); the
    # second part is answered further on
    assert list(shown.values()) == [["Gemeenten", "De"], ["Gemeenten"]]
    # not when the other part's sentence scores under half the stretch's best
    cands = _scored(text, [1.0, 0.1, 0.1, 0.1, 0.4])
    q = profile_question(
        "Waarom werken gemeenten samen aan ICT, en wanneer wordt de begroting vastgesteld?", lambda t: 1.0
    )
    assert _texts(answerer.shown(q, cands, cands[:1])) == ["Gemeenten"]


def test_an_explanation_or_a_description_reads_on_further_than_another_answer():
    # the best sentence fills the 10 words; the next two score 0.45 and 0.4 of it
    answerer = ExtractiveAnswerer(lambda term: 1.0, max_words=10)
    shown = {}
    for question in (
        "Waarom werken gemeenten samen aan ICT?",
        "Hoe werken gemeenten samen aan ICT?",
        "Kun je kort samenvatten wat gemeenten samen aan ICT doen?",
        "Werken gemeenten samen aan ICT?",
    ):
        cands = _scored(TEXT, [1.0, 0.45, 0.4, 0.1])
        q = profile_question(question, lambda term: 1.0)
        shown[question.split()[0]] = _texts(answerer.shown(q, cands, cands[:1]))
    assert shown["Waarom"] == ["Gemeenten", "Samen", "Ook"]
    assert shown["Hoe"] == ["Gemeenten", "Samen", "Ook"]
    assert shown["Kun"] == ["Gemeenten", "Samen", "Ook"]
    assert shown["Werken"] == ["Gemeenten"]


def test_a_description_weighs_the_whole_stretch_more_than_its_best_sentence():
    # one passage has the sentence that matches best, the other three that each match well
    best_one = make_passage(
        1,
        "Gemeenten werken samen aan ICT. Het weer was die dag in de hele provincie erg mooi. "
        "De trein vertrok die ochtend een half uur later dan gepland.",
    )
    many = make_passage(
        2,
        "Samen inkopen levert lagere prijzen op. Ook delen zij de kosten van beheer. "
        "Kennis wordt gedeeld tussen gemeenten.",
    )
    answerer = ExtractiveAnswerer(lambda term: 1.0, max_words=40)
    shown = {}
    for question in ("Kun je kort samenvatten hoe gemeenten samenwerken?", "Werken gemeenten samen?"):
        cands = candidates_from([best_one, many])
        for c, score in zip(cands, [1.0, 0.1, 0.1, 0.75, 0.75, 0.75], strict=True):
            c.score = score
        q = profile_question(question, lambda term: 1.0)
        shown[question.split()[0]] = _texts(answerer.shown(q, cands, cands[:1]))
    # 0.75 + 0.8 x 3 x (0.75 - 0.2125) > 1.0 + 0.8 x (1.0 - 0.2125); at 0.2 the best sentence wins
    assert shown["Kun"] == ["Samen", "Ook", "Kennis"]
    assert shown["Werken"][0] == "Gemeenten"  # the passage of the best sentence


def test_a_description_is_asked_with_how_and_a_verb_not_with_how_much():
    def describes(question: str) -> bool:
        return profile_question(question, lambda term: 1.0).asks_description

    assert describes("Hoe beschrijven Groeneveld en Timmermans de gemeentelijke ICT-markt?")
    assert describes("Wat omvat het domein Bedrijfsvoering ICT bij gemeenten?")
    assert describes("Wat is in het kort het hoofdadvies van het Berenschot-rapport?")
    assert not describes("Hoeveel gemeenten telt Nederland?")
    assert not describes("Hoe hoog waren de ICT-kosten per inwoner in 2022?")
    assert not describes("Hoe verhouden de kosten van Zevenaar zich tot die van Duiven?")
    assert not describes("Welke argumenten noemt het college?")


def test_a_stretch_does_not_read_on_without_words_to_spare():
    cands = _scored(TEXT, [1.0, 0.7, 0.55, 0.1])
    assert _texts(best_stretch(cands, max_words=18, sum_weight=0.2)) == ["Gemeenten", "Samen"]
    assert _texts(went_on(cands[:2], cands, max_words=25, floor=0.5)) == ["Gemeenten", "Samen"]


def test_a_stretch_stops_at_a_new_heading_and_at_a_piece_of_a_sentence():
    long = " ".join(
        f"Gemeenten werken samen aan ICT omdat kennis schaars is in {n} en elders." for n in PROVINCES
    )
    text = (
        f"{long}\n\nSamenwerking in de regio\nSamen inkopen levert lagere prijzen op voor iedere deelnemer."
    )
    cands = _scored(text, [1.0] * 7 + [0.9])  # 70 words under the first heading
    assert _texts(went_on(cands[:7], cands, max_words=200, floor=0.5)) == ["Gemeenten"] * 7
    # a stretch of a few words reads on under the next heading (SHORT_WORDS)
    short = "Gemeenten werken samen aan ICT omdat kennis schaars is.\n\nSamenwerking in de regio\n"
    cands = _scored(short + "Samen inkopen levert lagere prijzen op voor iedere deelnemer.", [1.0, 0.9])
    assert _texts(went_on(cands[:1], cands, max_words=100, floor=0.5)) == ["Gemeenten", "Samen"]
    broken = (
        "Gemeenten werken samen aan ICT omdat kennis schaars is. 4.7 CONCLUSIE hetzelfde product als anderen."
    )
    cands = _scored(broken, [1.0, 0.9])
    assert _texts(went_on(cands[:1], cands, max_words=100, floor=0.5)) == ["Gemeenten"]


def test_a_stretch_ends_before_a_heading_glued_to_a_sentence():
    text = (
        "In 2022 stegen de softwarekosten naar 36 euro per inwoner door nieuwe licenties. "
        "Verdere toename van beveiligingssoftware door Microsoft E5 Veel gemeenten zijn overgestapt naar E5."
    )
    cands = _scored(text, [1.0, 0.8])
    assert _texts(best_stretch(cands, max_words=85, sum_weight=0.2)) == ["In"]
    # a list item's marker is no text before a capitalised word
    item = "De raad stelt de directie aan.\nf) De ledenvergadering maakt een profielschets."
    cands = _scored(item, [1.0, 0.8])
    assert len(best_stretch(cands, max_words=85, sum_weight=0.2)) == 2
    # nor is the number of a regulation's clause ('9.1 In de RvC …'): the article is read on
    clauses = (
        "De RvC vergadert ten minste vier keer per jaar.\n9.1 In de RvC heeft iedere commissaris één stem.\n"
        "9.2 Bij staken van stemmen is het voorstel verworpen."
    )
    cands = _scored(clauses, [1.0, 0.9, 0.8])
    assert len(best_stretch(cands, max_words=85, sum_weight=0.2)) == 3


def test_a_slide_is_read_from_its_first_point_a_text_from_near_its_best_sentence():
    slide = (
        "DE BEWEGING\n\nDe samenleving verandert snel\n\nDe veranderingen komen steeds sneller op ons af\n\n"
        "We zullen steeds sneller moeten reageren\n\nDaarin willen we initiatief nemen\n\n"
    )
    cands = _scored(slide, [0.2, 0.3, 0.4, 1.0])
    assert all(c.point for c in cands)
    shown = best_stretch(cands, max_words=85, sum_weight=0.2)
    assert _texts(shown) == ["De", "De", "We", "Daarin"]
    # running text opens at most one sentence before its best
    cands = _scored(TEXT, [0.2, 0.3, 1.0, 0.1])
    assert _texts(best_stretch(cands, max_words=85, sum_weight=0.2)) == ["Samen", "Ook", "De"]


def test_many_points_of_the_subject_alone_do_not_outweigh_the_points_that_answer():
    towns = [
        "Boxtel",
        "Eindhoven",
        "Woerden",
        "Helmond",
        "Heusden",
        "Tilburg",
        "Breda",
        "Oss",
        "Best",
        "Vught",
    ]
    status = "".join(f"{town} werkt mee aan de coöperatie\n\n" for town in towns)
    gains = "Beweging op de starre markt\n\nSneller inspelen op veranderingen\n\nEigen regie komt terug bij de gemeente\n\n"
    cands = _scored(f"STAND VAN ZAKEN\n\n{status}WINSTVERWACHTING\n\n{gains}", [0.6] * 10 + [1.0, 1.0, 0.8])
    # ten points at the level of every candidate (they name the subject) add only what they score
    # above half that level: 0.6 + 0.2 x 10 x 0.3 < 1.0 + 0.2 x (0.7 + 0.7 + 0.5)
    assert _texts(best_stretch(cands, max_words=85, sum_weight=0.2)) == ["Beweging", "Sneller", "Eigen"]


def test_a_stretch_does_not_open_with_the_rest_of_a_sentence_the_passage_cut():
    text = (
        "van nieuwe technologie. "
        "Er is geen enkele belemmering in de verandering van de ICT-functies behalve leiderschap. "
        "Vanuit het ICT-perspectief kunnen problemen ervaren worden met lagen in de organisatie."
    )
    cands = _scored(text, [0.9, 1.0, 0.8])
    assert _texts(best_stretch(cands, max_words=85, sum_weight=0.2)) == ["Er", "Vanuit"]


def test_a_footnotes_number_after_a_full_stop_ends_a_sentence_and_is_not_quoted():
    text = "Het gaat om burgerzaken en inkomsten.2 Zo zijn er veel varianten. Zie art.19 Statuten voor meer."
    assert [c.text for c in candidates_from([make_passage(1, text)])] == [
        "Het gaat om burgerzaken en inkomsten.",
        "Zo zijn er veel varianten.",
        "Zie art.19 Statuten voor meer.",
    ]
    # so a stretch reads on past it: '2 Zo zijn' read as a heading glued to a sentence
    cands = _scored("Dat geldt voor de kernprocessen. " + text, [1.0, 0.8, 0.7, 0.1])
    assert "Zo" in _texts(best_stretch(cands, max_words=85, sum_weight=0.2))


ASIDE = (
    "Gemeenten werken samen aan ICT omdat kennis schaars is. "
    "De begroting wordt in november vastgesteld. "
    "Samen inkopen levert lagere prijzen op voor iedere deelnemer. "
    "De raad vergadert op dinsdag. "
    "Het college benoemt de wethouders. "
    "Ook delen zij de kosten van beheer en ontwikkeling."
)


def test_reading_on_passes_over_up_to_two_sentences_under_the_floor():
    cands = _scored(ASIDE, [1.0, 0.1, 0.8, 0.1, 0.2, 0.7])
    # one aside is passed over to the next sentence on the question; then two are the limit
    assert _texts(went_on(cands[:1], cands, max_words=200, floor=0.5)) == ["Gemeenten", "Samen"]
    assert _texts(went_on(cands[:1], cands, max_words=200, floor=0.5, skips=3)) == [
        "Gemeenten",
        "Samen",
        "Ook",
    ]
    assert _texts(went_on(cands[:1], cands, max_words=200, floor=0.5, skips=0)) == ["Gemeenten"]


def test_after_a_gap_a_sentence_that_refers_back_is_passed_over():
    text = (
        "Gemeenten werken samen aan ICT omdat kennis schaars is. "
        "Primaire processen verschillen per gemeente. "
        "Daaronder verstaan we burgerzaken en belastingen. "
        "Ook delen zij de kosten van beheer en ontwikkeling."
    )
    cands = _scored(text, [1.0, 0.1, 0.8, 0.7])
    # 'Daaronder' refers to the sentence left out: not quoted, and it costs no skip
    assert _texts(went_on(cands[:1], cands, max_words=200, floor=0.5, skips=1)) == ["Gemeenten", "Ook"]
    # without a gap it is read as written
    cands = _scored(text, [1.0, 0.6, 0.8, 0.7])
    assert _texts(went_on(cands[:1], cands, max_words=200, floor=0.5)) == [
        "Gemeenten",
        "Primaire",
        "Daaronder",
        "Ook",
    ]


def test_reading_on_completes_an_enumeration_whose_items_end_in_a_semicolon():
    text = (
        "De VIAG noemt de volgende omslagen in werkwijze:\n\n"
        "van top-down en theoretisch naar pragmatisch en bottom-up;\n\n"
        "van grote gemeenten centraal naar ook kleine gemeenten als kracht;\n\n"
        "van routine en beheer naar innovatie en snelle realisatie;\n\n"
        "Meer investeren in ICT als strategisch goed;\n\n"
        "van routinewerkzaamheden volgens standaarden naar werken op maat.\n\n"
        "De begroting van de gemeente wordt in november vastgesteld."
    )
    cands = _scored(text, [1.0, 0.9, 0.9, 0.2, 0.2, 0.2, 0.1])
    # the items after the stretch score under the floor and the last starts in lower case: an
    # answer that ended on 'bottom-up;' left out the rest of the list; after its full stop the
    # reading on stops as before
    assert _texts(went_on(cands[:3], cands, max_words=200, floor=0.5)) == [
        "De",
        "van",
        "van",
        "van",
        "Meer",
        "van",
    ]


ARTICLES = (
    "Rechten en plichten\n\n"
    "4. Het lid heeft vanaf de ingangsdatum alle rechten die de statuten het toekennen.\n\n"
    "5. Het lid is nimmer aansprakelijk voor de schulden van de coöperatie.\n\n"
    "6. Het lid is bereid een ambassadeursrol voor de coöperatie op zich te nemen.\n\n"
    "De begroting van de gemeente wordt in november vastgesteld."
)


def test_a_question_for_several_things_reads_on_through_the_numbered_items_of_its_stretch():
    cands = _scored(ARTICLES, [1.0, 0.3, 0.3, 0.1])
    assert [c.item for c in cands] == [True, True, True, False]
    # the next articles score under the floor: read for a list question, not for another
    assert _texts(went_on(cands[:1], cands, max_words=200, floor=0.5, items=True)) == ["Het"] * 3
    assert _texts(went_on(cands[:1], cands, max_words=200, floor=0.5)) == ["Het"]


@pytest.mark.parametrize(
    ("text", "scores", "max_words", "opening"),
    [
        # the best sentence alone fills the words; 'Dit' and then 'Deze' refer back: two sentences
        # before it are quoted, not a third
        (
            "De begroting wordt in november vastgesteld. "
            "Er is namelijk minder eigen personeel bij gemeenten. "
            "Deze afname is het meest zichtbaar op de technische beheerfuncties. "
            "Dit betekent dat de gemeente afhankelijker is van de leverancier voor het beheer.",
            [0.1, 0.2, 0.3, 1.0],
            14,
            ["Er", "Deze", "Dit"],
        ),
        # a conclusion ('… hebben dus …') opens with what it concludes from
        (
            "De begroting wordt in november vastgesteld. "
            "Gemeenten hebben voor 100 applicaties gemiddeld 72 verschillende leveranciers. "
            "Gemeenten hebben dus met heel veel verschillende leveranciers te maken.",
            [0.1, 0.2, 1.0],
            11,
            ["Gemeenten", "Gemeenten"],
        ),
        # the last of a row of points opens with the one before it, not further back
        (
            "Als eerste moeten de doelen helder zijn voor iedereen. "
            "Als tweede moet het ruilmechanisme van invloed en voordeel geloofwaardig zijn. "
            "Tot slot moet opnieuw gekeken worden naar de rol van gemeenteraad en college.",
            [0.2, 0.3, 1.0],
            13,
            ["Als", "Tot"],
        ),
        # a pronoun for its subject: who 'zij' are stands before it
        (
            "Woerden heeft even gewacht. "
            "De gemeenten Eindhoven en Boxtel zijn doorgegaan. "
            "Zij hebben de coöperatie in januari 2017 opgericht.",
            [0.1, 0.2, 1.0],
            10,
            ["De", "Zij"],
        ),
        # 'Zo’n' (about) refers to nothing
        (
            "De begroting wordt in november vastgesteld. "
            "Zo’n zeventig euro per inwoner geven gemeenten uit aan ICT.",
            [0.2, 1.0],
            10,
            ["Zo’n"],
        ),
    ],
)
def test_a_best_sentence_that_refers_back_opens_with_what_it_refers_to(text, scores, max_words, opening):
    cands = _scored(text, scores)
    assert _texts(best_stretch(cands, max_words=max_words, sum_weight=0.2)) == opening


def test_a_stretch_that_ends_on_a_lead_in_or_a_question_reads_on_into_what_it_introduces():
    # the sentence that matches the question best asks a question or announces what follows:
    # alone it answers nothing ('Op zoek naar handvatten …?' was a whole answer)
    for lead in (
        "Op zoek naar handvatten bij het verder professionaliseren van de dataorganisatie van jouw gemeente?",
        "De aanpak voor het verder professionaliseren van de dataorganisatie van een gemeente kent vier fasen:",
    ):
        text = (
            f"{lead}\n"
            "Eerst ontwikkelt de organisatie een gemeenschappelijke taal. "
            "Daarna volgt een stip op de horizon. "
            "De begroting van de gemeente wordt in november vastgesteld."
        )
        cands = _scored(text, [1.0, 0.2, 0.2, 0.1])
        assert _texts(went_on(cands[:1], cands, max_words=200, floor=0.5, skips=0)) == [
            lead.split()[0],
            "Eerst",
        ]
