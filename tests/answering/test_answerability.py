"""The answerability model: its features tell a near miss from an answer, and its decision."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest
from support import BEWARE_TEXT, COSTS, OTHER, SECURITY, make_passage

from assistant.answering.answerability import (
    FEATURES,
    FIT_COMMAND,
    AnswerabilityModel,
    answer_sentences,
    features,
    load_model,
)
from assistant.answering.candidates import candidates_from, passage_terms
from assistant.answering.compose import compose_sentences
from assistant.answering.extractive import ExtractiveAnswerer
from assistant.answering.model import Logistic
from assistant.answering.question import profile_question
from assistant.retrieval.embeddings import FakeEmbeddings
from assistant.retrieval.lexical import LexicalIndex
from assistant.retrieval.sentences import SentenceVectors
from assistant.types import ChunkRecord

EINDHOVEN = (
    "De totale ICT-kosten van de gemeente Eindhoven worden geraamd op € 102,82 per inwoner. "
    "De gemeente Boxtel neemt deel aan de voorbereiding van de coöperatie."
)


@pytest.fixture(scope="module")
def lexical() -> LexicalIndex:
    texts = [COSTS, BEWARE_TEXT, SECURITY, EINDHOVEN, *OTHER]
    return LexicalIndex.build(
        [
            ChunkRecord(f"c{i}", t, {"doc": f"d{i}", "chunk_index": 0, "title": "t"})
            for i, t in enumerate(texts)
        ]
    )


def feature_map(question: str, texts: list[str], lexical: LexicalIndex) -> dict[str, float]:
    q = profile_question(question, lexical.idf)
    passages = [make_passage(i, t) for i, t in enumerate(texts)]
    x = features(q, candidates_from(passages), passages, passage_terms(passages), 0.5, lambda name: False)
    return dict(zip(FEATURES, x.tolist(), strict=True))


def test_a_figure_for_another_municipality_is_no_answer(lexical):
    asked = feature_map("Wat zijn de totale ICT-kosten per inwoner van Eindhoven?", [EINDHOVEN], lexical)
    near_miss = feature_map("Wat zijn de totale ICT-kosten per inwoner van Boxtel?", [EINDHOVEN], lexical)
    assert asked["ask_number"] == near_miss["ask_number"] == 1.0
    assert asked["slot_must"] > 0.5
    assert near_miss["slot_must"] == 0.0  # no sentence holds both a figure and 'Boxtel'
    assert near_miss["gap_figure"] > asked["gap_figure"]
    assert near_miss["gap_other"] == asked["gap_other"] == 0.0  # a figure is asked: its own gap


def test_each_part_of_a_two_part_question_has_its_own_names_and_years(lexical):
    text = "Nederland telt sinds 1 januari 2021 352 gemeenten. Ter vergelijking: in 1900 waren er nog 1121 gemeenten."
    two_parts = feature_map(
        "Hoeveel gemeenten waren er in Nederland rond 1900, en hoeveel zijn het er sinds 1 januari 2021?",
        [text],
        lexical,
    )
    assert two_parts["slot_must"] > 0.0  # no sentence holds Nederland, 1900 and 2021 at once
    other_year = feature_map("Hoeveel gemeenten telde Nederland in 1950?", [text], lexical)
    assert other_year["slot_must"] == 0.0


def test_the_country_every_document_is_about_is_no_name_a_figure_must_repeat(lexical):
    text = "Nederland telt sinds 1 januari 2021 352 gemeenten.\n\nTer vergelijking: in 1900 waren er nog 1121 gemeenten."
    f = feature_map("Hoeveel gemeenten waren er in Nederland rond 1900?", [text], lexical)
    assert f["slot_must"] > 0.0  # the 1900 sentence carries it without saying 'Nederland'
    assert feature_map("Hoeveel gemeenten waren er in België rond 1900?", [text], lexical)["slot_must"] == 0.0


def test_the_title_of_a_sentences_document_counts_for_its_names(lexical):
    q = profile_question("Op hoeveel gemeenten is de ICT Benchmark Gemeenten gebaseerd?", lexical.idf)
    text = "We analyseren gegevens over 28 gemeenten met gezamenlijk 1,71 miljoen inwoners."
    plain, titled = (
        make_passage(1, text),
        replace(make_passage(1, text), title="ICT Benchmark Gemeenten 2023"),
    )
    slot_must = FEATURES.index("slot_must")
    for passage, expected in ((plain, False), (titled, True)):
        x = features(
            q, candidates_from([passage]), [passage], passage_terms([passage]), 0.5, lambda name: False
        )
        assert bool(x[slot_must] > 0) is expected


def test_a_name_the_corpus_uses_everywhere_is_not_required():
    text = "Eindhoven had in 2022 gemiddeld 56 fte per 100.000 inwoners."
    passage = make_passage(1, text)

    def slot_must(idf) -> float:
        q = profile_question("Hoeveel fte had de ICT van Eindhoven in 2022?", idf)
        x = features(
            q, candidates_from([passage]), [passage], passage_terms([passage]), 0.5, lambda name: False
        )
        return float(x[FEATURES.index("slot_must")])

    assert slot_must(lambda t: {"ict": 0.5}.get(t, 6.0)) > 0.0  # 'ICT' is in most chunks: not asked
    assert slot_must(lambda t: 6.0) == 0.0  # a rare 'ICT' must be in the sentence


def test_an_amount_asked_in_other_words_needs_a_number(lexical):
    for question in (
        "Wat heeft het onderzoek naar Beware gekost?",
        "Wat betaalt een gemeente per transactie aan Beware?",
        "Welk rapportcijfer gaf Boxtel zichzelf?",
    ):
        asked = feature_map(question, [BEWARE_TEXT], lexical)
        assert asked["ask_number"] == 1.0, question
    # so a sentence without a figure does not carry the ask
    without = feature_map("Wat heeft het onderzoek naar Beware gekost?", [SECURITY], lexical)
    assert without["slot"] == 0.0


def test_a_question_for_a_reason_asks_no_figure_though_it_names_costs(lexical):
    reason = "Waarom moet Woerden de kosten van Beware binnen de bestaande begroting opvangen?"
    f = feature_map(reason, [BEWARE_TEXT], lexical)
    assert f["ask_number"] == 0.0
    # a sentence without a figure can carry it
    assert (
        feature_map(reason, [SECURITY], lexical)["slot"] == feature_map(reason, [SECURITY], lexical)["best"]
    )
    # unless it asks a figure outright too
    both = "Waarom stijgen de kosten, en hoeveel kost Beware per jaar?"
    assert feature_map(both, [BEWARE_TEXT], lexical)["ask_number"] == 1.0


def test_a_name_derived_from_one_in_the_passages_is_found(lexical):
    texts = ["De gemeenten in De Liemers scoren laag op digitale vaardigheden."]
    derived = feature_map("Welke verbeterpunten kwamen naar voren bij de Liemerse gemeenten?", texts, lexical)
    assert derived["must_found"] == 1.0
    other = feature_map("Welke verbeterpunten kwamen naar voren bij de Utrechtse gemeenten?", texts, lexical)
    assert other["must_found"] == 0.0


# a title line without a figure or date, and a sentence with both
REGLEMENT = (
    "Het directiereglement van de coöperatie is door de raad van commissarissen vastgesteld. "
    "Op 12 januari 2017 is de coöperatie opgericht met een startkapitaal van 300.000 euro."
)


def test_a_figure_or_date_asked_outright_must_be_in_a_chosen_sentence(lexical):
    passages = [make_passage(0, REGLEMENT)]
    cands = candidates_from(passages)
    title, dated = cands

    def chosen_slot(question: str, chosen) -> float:
        q = profile_question(question, lexical.idf)
        shown = [c.text for c in chosen]
        x = features(q, cands, passages, passage_terms(passages), 0.5, lambda name: False, shown)
        return dict(zip(FEATURES, x.tolist(), strict=True))["chosen_slot"]

    for question in (
        "Op welke datum is het directiereglement in werking getreden?",
        "Hoeveel kostte het directiereglement?",
    ):
        # a date and a figure stand elsewhere in the passages (so ``slot`` holds), not in the answer
        assert chosen_slot(question, [title]) == 0.0, question
        assert chosen_slot(question, [title, dated]) == 1.0, question
    # a word near a figure ('kosten') asks no figure outright; nor does a question for a reason
    assert chosen_slot("Hoe worden de kosten van het directiereglement verdeeld?", [title]) == 1.0
    assert chosen_slot("Waarom is het directiereglement vastgesteld?", [title]) == 1.0


def test_a_figure_asked_for_a_year_must_be_given_for_that_year(lexical):
    # 'Hoeveel ICT-fte … in 2018?' was answered with the 56 fte of 2022
    passages = [make_passage(0, REGLEMENT + "\n\nIn 2019 kwam er 50.000 euro bij.")]
    cands = candidates_from(passages)
    title, dated, later = cands

    def chosen_slot(question: str, chosen) -> float:
        q = profile_question(question, lexical.idf)
        x = features(
            q, cands, passages, passage_terms(passages), 0.5, lambda n: False, [c.text for c in chosen]
        )
        return dict(zip(FEATURES, x.tolist(), strict=True))["chosen_slot"]

    assert chosen_slot("Hoeveel startkapitaal had de coöperatie in 2017?", [title, dated]) == 1.0
    assert chosen_slot("Hoeveel startkapitaal had de coöperatie in 2018?", [title, dated]) == 0.0
    # the figure of another year is none of the asked year; the asked one is
    assert chosen_slot("Hoeveel startkapitaal had de coöperatie in 2019?", [dated]) == 0.0
    assert chosen_slot("Hoeveel kwam er in 2019 bij?", [later]) == 1.0


def test_the_decision_reads_the_answer_as_it_would_be_given(lexical):
    # The sentences chosen first hold the figure; the answer as composed (cut to its words, a
    # stretch, a list) may not, and then it says by that that it has none.
    passages = [make_passage(0, REGLEMENT)]
    cands = candidates_from(passages)
    title, dated = cands
    answerer = ExtractiveAnswerer(lexical.idf, sentence_vectors=SentenceVectors(FakeEmbeddings()))
    answerer.always_answer = True
    question = "Hoeveel kostte het directiereglement?"
    q = profile_question(question, lexical.idf)

    def chosen_slot(shown: list) -> float:
        composed = compose_sentences(question, shown, passages, 0.0, "extractive")
        x = answerer.decide(q, cands, [title, dated], passages, composed)[2]
        return dict(zip(FEATURES, x.tolist(), strict=True))["chosen_slot"]

    assert chosen_slot([title]) == 0.0
    assert chosen_slot([title, dated]) == 1.0


def test_an_answers_sentences_are_read_without_source_and_list_marks():
    assert answer_sentences("Nederland telt 352 gemeenten [1]. In 1900 waren er 1121 [2].") == [
        "Nederland telt 352 gemeenten",
        "In 1900 waren er 1121",
    ]
    listed = (
        "Argumenten [1]:\n1) Deelname helpt ons [1]\na) De software is van ons … [1]\n- Minder kosten [2]"
    )
    assert answer_sentences(listed) == [
        "Argumenten",
        "Deelname helpt ons",
        "De software is van ons …",
        "Minder kosten",
    ]


def test_a_figure_in_another_unit_does_not_carry_the_ask(lexical):
    text = ["De kosten voor Microsoft-licenties stegen met 0,5 euro per inwoner."]
    per_employee = feature_map("Wat kost een Microsoft-licentie per medewerker?", text, lexical)
    per_inhabitant = feature_map("Wat kost een Microsoft-licentie per inwoner?", text, lexical)
    assert per_employee["slot"] == 0.0  # a figure per inwoner is not one per medewerker
    assert per_inhabitant["slot"] > 0.0
    # a breakdown ('per component') or a date ('per wanneer') asks no unit
    by_part = feature_map("Hoeveel kostten de licenties per component?", text, lexical)
    assert by_part["slot"] > 0.0
    # 'per jaar' is also written 'jaarlijks'
    yearly = ["De jaarlijkse contributie van een gemeente bedraagt € 22.000."]
    assert feature_map("Hoeveel contributie betaalt een gemeente per jaar?", yearly, lexical)["slot"] > 0.0
    # a head count does not give the percentage asked
    staff = ["Bedrijfsvoering ICT telt ongeveer 8.000 tot 10.000 ICT-medewerkers bij gemeenten."]
    share = "Welk percentage van de ICT-medewerkers bij gemeenten is ouder dan 55 jaar?"
    assert feature_map(share, staff, lexical)["slot"] == 0.0
    assert feature_map("Hoeveel ICT-medewerkers werken er bij gemeenten?", staff, lexical)["slot"] > 0.0


@pytest.mark.parametrize(
    ("question", "without", "with_name"),
    [
        pytest.param(  # a name the question gives is not the person asked
            "Wie volgde wethouder Duindam op als portefeuillehouder?",
            "Door het aftreden van wethouder Duindam lag het proces stil.",
            "Na het aftreden van wethouder Duindam werd wethouder Jansen portefeuillehouder.",
            id="a-given-name-is-not-the-person-asked",
        ),
        pytest.param(  # a first and last name carries a person ask
            "Wie geven namens Eindhoven een presentatie aan de raad?",
            "Op 2 februari komt Eindhoven langs om een presentatie te geven aan de raad.",
            "Op 2 februari komt Frank Vijg van Eindhoven langs om een presentatie te geven aan de raad.",
            id="a-first-and-last-name-carries-a-person-ask",
        ),
        pytest.param(  # a body asked by name needs a name the question does not give
            "Welk adviesbureau helpt de RID bij de cloudstrategie?",
            "Een extern adviesbureau helpt de RID en de gemeenten bij de cloudstrategie.",
            "Het adviesbureau Equalit helpt de RID en de gemeenten bij de cloudstrategie.",
            id="a-body-asked-by-name-needs-a-name",
        ),
        pytest.param(  # the body as the head of a compound
            "Welke telecomaanbieder heeft de aanbesteding voor gemeentelijke abonnementen gewonnen?",
            "De aanbesteding voor gemeentelijke abonnementen is door een telecomaanbieder gewonnen.",
            "De aanbesteding voor gemeentelijke abonnementen is door KPN gewonnen.",
            id="a-compound-body-asked-by-name-needs-a-name",
        ),
        pytest.param(  # a name the question gives in parts ('VNG-aanbesteding GT-mobiel') is no other
            "Welke telecomaanbieder heeft de VNG-aanbesteding GT-mobiel gewonnen?",
            "De aanbesteding van de VNG via GT-mobiel heeft de gemeenten voordelige abonnementen gebracht.",
            "De aanbesteding van de VNG via GT-mobiel is gewonnen door KPN.",
            id="a-hyphenated-name-of-the-question-is-no-other-name",
        ),
        pytest.param(  # an office ('accountantskantoor', 'notariskantoor') is a body too
            "Welk accountantskantoor controleert de jaarrekening van de coöperatie?",
            "De externe accountant van de coöperatie controleert de jaarrekening.",
            "De jaarrekening van de coöperatie wordt gecontroleerd door Baker Tilly.",
            id="an-office-asked-by-name-needs-a-name",
        ),
        pytest.param(  # a name asked outright
            "Hoe heet het visiestuk waarop de samenwerking van de gemeenten leunt?",
            "De samenwerking van de gemeenten leunt nog op een visiestuk van tien jaar geleden.",
            "De samenwerking van de gemeenten leunt nog op het visiestuk Samen Sterker van tien jaar geleden.",
            id="a-name-asked-outright-needs-a-name",
        ),
        pytest.param(  # 'wie' without a role: an organisation answers it too
            "Wie heeft het adviesrapport over de RID geschreven?",
            "Het adviesrapport over de RID is in opdracht van de gemeenten geschreven.",
            "Het adviesrapport over de RID is geschreven door M&I/Partners.",
            id="who-wrote-it-is-answered-by-an-organisation",
        ),
        pytest.param(  # 'wie' for a role: the organisation is not the person asked
            "Wie is de directeur van de RID?",
            "De directeur van de RID werkt nauw samen met M&I/Partners.",
            "De directeur van de RID, Jan Jansen, werkt nauw samen met M&I/Partners.",
            id="a-role-asks-a-person-not-an-organisation",
        ),
    ],
)
def test_a_question_for_a_name_is_carried_only_by_a_name_it_does_not_give(
    lexical, question, without, with_name
):
    assert feature_map(question, [without], lexical)["slot"] == 0.0
    assert feature_map(question, [with_name], lexical)["slot"] > 0.0


def test_a_point_of_a_slide_carries_an_ask_but_is_not_the_best_sentence(lexical):
    slide = "STAND VAN ZAKEN\n\nMoU door Gemboxx opgezegd\n\nWoerden vervolgt de Inwonercloud\n\nBeware telt drie leden"
    f = feature_map("Welke partij heeft het MoU opgezegd?", [slide], lexical)
    assert f["slot_must"] > 0.0
    assert f["best"] == 0.0


def test_a_year_elsewhere_in_the_paragraph_counts_for_the_sentence(lexical):
    question = "Wat kwam Boxtel in de benchmark van 2021 uit aan ICT-kosten per inwoner?"
    paragraph = (
        "In 2021 nam Boxtel deel aan de benchmark. Daarin werd het boekjaar bekeken. "
        "De ICT-kosten per inwoner van Boxtel kwamen uit op € 88."
    )
    other = paragraph.replace("In 2021 nam", "Later nam") + "\n\nIn 2021 was er geen benchmark."
    assert feature_map(question, [paragraph], lexical)["slot_must"] > 0.0
    assert feature_map(question, [other], lexical)["slot_must"] == 0.0


def test_a_sentence_that_refers_back_holds_the_names_of_the_one_before(lexical):
    question = "Hoeveel zijn de kosten door de overstap op Microsoft E5 per inwoner gestegen?"
    text = (
        "Veel gemeenten stapten over op Microsoft E5 licenties. "
        "Hierdoor zijn de kosten voor kantoorautomatisering met 1,5 euro per inwoner toegenomen."
    )
    assert feature_map(question, [text], lexical)["slot_must"] > 0.0
    # not a sentence that does not refer back, nor one after a sentence of another passage
    plain = text.replace("Hierdoor zijn", "Tegelijk zijn")
    assert feature_map(question, [plain], lexical)["slot_must"] == 0.0
    apart = text.split(". ", 1)
    assert feature_map(question, [apart[0] + ".", apart[1]], lexical)["slot_must"] == 0.0


def test_a_date_question_needs_a_date(lexical):
    with_date = feature_map("Wanneer is Beware opgericht?", [BEWARE_TEXT], lexical)
    without = feature_map("Wanneer is de BIO-audit gemeld?", [SECURITY], lexical)
    assert with_date["ask_date"] == without["ask_date"] == 1.0
    assert with_date["slot"] > 0.0
    assert without["slot"] == 0.0
    # a time from a moment is a 'wanneer' too
    after = ["Bij een positief besluit vindt na 2 jaar een evaluatie van het lidmaatschap plaats."]
    assert feature_map("Wanneer wordt het lidmaatschap geëvalueerd?", after, lexical)["slot"] > 0.0


def test_a_when_that_asks_a_condition_asks_no_date(lexical):
    # 'Wanneer is er sprake van een vendor lock-in?' is answered by the condition, without a date
    lock_in = [
        "Om te kunnen spreken van vendor lock-in dient er sprake te zijn van een beter alternatief "
        "waarnaar men zou willen overstappen."
    ]
    for question in (
        "Wanneer is er volgens het oprichtingsplan sprake van een vendor lock-in?",
        "Wanneer spreekt men van een vendor lock-in?",
    ):
        f = feature_map(question, lock_in, lexical)
        assert f["ask_date"] == 0.0 and f["chosen_slot"] == 1.0
    assert feature_map("Wanneer is de vendor lock-in ontstaan?", lock_in, lexical)["ask_date"] == 1.0


def test_a_count_in_words_gives_the_figure_asked(lexical):
    market = ["In de gemeentelijke ICT-markt opereren naar schatting tweehonderd reguliere ICT-leveranciers."]
    f = feature_map(
        "Op hoeveel ICT-leveranciers schatten de auteurs de gemeentelijke ICT-markt?", market, lexical
    )
    assert f["ask_number"] == 1.0 and f["slot"] > 0.0
    # a small numeral names no asked figure
    two = ["De twee gemeenten kiezen samen een ICT-leverancier voor de gemeentelijke markt."]
    f = feature_map("Hoeveel ICT-leveranciers kiezen de gemeenten?", two, lexical)
    assert f["slot"] == 0.0


def test_a_figure_asked_with_a_body_is_given_by_the_figure(lexical):
    # 'Op hoeveel … leveranciers …, en welke partijen …?' asks the figure first: the sentence with
    # it carries the ask though it names no body the question does not give
    market = ["In de gemeentelijke markt opereren naar schatting 200 reguliere leveranciers."]
    question = "Op hoeveel leveranciers schatten de auteurs de markt, en welke partijen tellen niet mee?"
    assert feature_map(question, market, lexical)["slot"] > 0.0
    # a body asked without a figure is not
    assert feature_map("Welke partijen opereren in de gemeentelijke markt?", market, lexical)["slot"] == 0.0


def test_asks_in_other_words_are_recognised(lexical):
    f = feature_map("Op welke ingangsdatum is Woerden lid geworden?", [BEWARE_TEXT], lexical)
    assert f["ask_date"] == 1.0
    f = feature_map("Wat kostte een ingehuurde kracht per fte in 2020?", [COSTS], lexical)
    assert f["ask_number"] == 1.0


def test_a_frequency_question_needs_a_frequency_in_its_measure(lexical):
    question = "Hoe vaak komt de raad van commissarissen van de coöperatie bijeen?"
    f = feature_map(
        question,
        ["De raad van commissarissen van de coöperatie vergadert ten minste vier maal per jaar."],
        lexical,
    )
    assert f["slot"] > 0.0
    assert f["chosen_slot"] == 1.0
    # given in words ('tweemaal', 'jaarlijks', 'elk jaar') as often as in digits
    for sentence in (
        "Een commissaris kan ten hoogste tweemaal worden herbenoemd.",
        "Een commissaris wordt jaarlijks herbenoemd.",
        "Een commissaris kan drie keren worden herbenoemd.",
        "Een commissaris wordt elk jaar herbenoemd, een jaarlijkse formaliteit.",
    ):
        assert (
            feature_map("Hoe vaak mag een commissaris worden herbenoemd?", [sentence], lexical)["slot"] > 0.0
        )
    # a sentence about the raad without a frequency does not carry it, nor one in another measure
    none = feature_map(
        question, ["De raad van commissarissen van de coöperatie bestaat uit drie leden."], lexical
    )
    assert none["slot"] == 0.0
    assert none["chosen_slot"] == 0.0
    monthly = feature_map(
        "Hoe vaak per maand komt de raad van commissarissen bijeen?",
        ["De raad van commissarissen van de coöperatie vergadert ten minste vier maal per jaar."],
        lexical,
    )
    assert monthly["slot"] == 0.0


def test_a_question_for_a_day_needs_a_day_not_a_year(lexical):
    question = "Op welke datum is de coöperatie Beware opgericht?"
    year_only = feature_map(
        question, ["De coöperatie Beware is in 2017 opgericht door drie gemeenten."], lexical
    )
    with_day = feature_map(question, ["De coöperatie Beware is op 12 januari 2017 opgericht."], lexical)
    assert year_only["slot"] == 0.0
    assert with_day["slot"] > 0.0


def test_the_packaged_model_loads_and_a_stale_one_is_ignored(tmp_path):
    model = load_model()
    assert model is not None, f"answerability.json is missing: {FIT_COMMAND}"
    assert model.logistic.features == list(FEATURES)
    assert 0.0 < model.threshold < 1.0
    data = json.loads(json.dumps(model.__dict__, default=lambda o: o.__dict__))
    data["logistic"]["features"] = ["something", "else"]
    stale = tmp_path / "answerability.json"
    stale.write_text(json.dumps(data), encoding="utf-8")
    assert load_model(path=stale) is None
    assert load_model(path=tmp_path / "absent.json") is None
    assert load_model("e5") is not None  # fit under the default embedding model
    assert load_model("fake") is None  # its similarity features mean something else there


def constant_model(p: float, threshold: float = 0.5) -> AnswerabilityModel:
    """A model that gives every question probability ``p``."""
    n = len(FEATURES)
    logit = float(np.log(p / (1 - p)))
    return AnswerabilityModel(Logistic(list(FEATURES), [0.0] * n, [1.0] * n, [0.0] * n, logit), threshold)


@pytest.mark.parametrize(("p", "abstains"), [(0.2, True), (0.8, False)])
def test_the_model_decides_and_its_probability_is_the_confidence(lexical, p, abstains):
    vectors = SentenceVectors(FakeEmbeddings())
    answerer = ExtractiveAnswerer(lexical.idf, sentence_vectors=vectors, answerability=constant_model(p))
    passages = [make_passage(1, COSTS), make_passage(2, BEWARE_TEXT)]
    answer = answerer.answer("Wat bedroegen de ICT-kosten per inwoner in 2022?", passages)
    assert answer.abstained is abstains
    assert answer.confidence == pytest.approx(p)
    assert answer.answerability_features is not None and len(answer.answerability_features) == len(FEATURES)
    assert "answerability_features" not in answer.to_json()  # the stable JSON format is unchanged


def test_always_answer_collects_features_without_declining(lexical):
    vectors = SentenceVectors(FakeEmbeddings())
    answerer = ExtractiveAnswerer(lexical.idf, sentence_vectors=vectors, answerability=constant_model(0.01))
    answerer.always_answer = True
    answer = answerer.answer("Wat bedroegen de ICT-kosten per inwoner in 2022?", [make_passage(1, COSTS)])
    assert not answer.abstained
    assert answer.answerability_features is not None


def test_the_gate_gives_the_same_decision_and_keeps_the_order(lexical):
    vectors = SentenceVectors(FakeEmbeddings())
    passages = [make_passage(1, SECURITY), make_passage(2, COSTS)]
    question = "Wat bedroegen de ICT-kosten per inwoner in 2022?"
    yes = ExtractiveAnswerer(lexical.idf, sentence_vectors=vectors, answerability=constant_model(0.9))
    assert yes.gate(question, passages) == (True, passages)
    no = ExtractiveAnswerer(lexical.idf, sentence_vectors=vectors, answerability=constant_model(0.1))
    assert no.gate(question, passages)[0] is False


def test_a_compound_carries_the_ask_of_each_of_its_parts(lexical):
    # 'lidmaatschapskosten' holds the 'lidmaatschap' of the question, not only 'kosten'
    text = "Het lidmaatschap staat open voor elke gemeente. De lidmaatschapskosten zijn € 22.000 per jaar."
    f = feature_map("Wat kost het lidmaatschap per jaar?", [text], lexical)
    assert f["slot"] == f["best"] == 1.0  # every term of the question, in the sentence with the figure


def test_a_period_adverb_asks_for_a_figure_per_period(lexical):
    # 'jaarlijks' is 'per jaar', in the question and in a sentence
    text = "Het lidmaatschap staat open voor elke gemeente. De lidmaatschapskosten zijn € 22.000 per jaar."
    f = feature_map("Wat kost het lidmaatschap jaarlijks?", [text], lexical)
    assert f["slot"] == f["best"] == 1.0
    text = "Het lidmaatschap staat open voor elke gemeente. De jaarlijkse lidmaatschapskosten zijn € 22.000."
    assert feature_map("Wat kost het lidmaatschap per jaar?", [text], lexical)["slot"] > 0.8  # all but "per"


def test_a_counted_list_needs_that_many_items(lexical):
    text = ["Gemeenten hebben in 2022 meer ICT personeel ingehuurd op een 6-tal functies."]
    counted = feature_map(
        "Op welke zes functies hebben gemeenten meer ICT-personeel ingehuurd?", text, lexical
    )
    assert counted["counted"] == 0.0  # the count is there, the functions are not
    plain = feature_map("Op welke functies hebben gemeenten meer ICT-personeel ingehuurd?", text, lexical)
    assert plain["counted"] == 1.0
