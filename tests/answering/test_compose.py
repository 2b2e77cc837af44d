"""How an answer is shown: an enumeration item by item, sentences cited, no dangling lead-in."""

from __future__ import annotations

from support import make_passage

from assistant.answering.candidates import candidates_from
from assistant.answering.compose import compose_list, compose_sentences, tidy
from assistant.retrieval.structure import parse_blocks

ITEM = "Naast de lidmaatschapskosten zullen we ook ambtelijke uren moeten inzetten om de visie verder uit te werken."


def _answer(n_items: int, words: int) -> list[str]:
    text = "Kanttekeningen\n" + "\n".join(f"{chr(97 + i)}. {ITEM}" for i in range(n_items))
    passage = make_passage(1, text)
    block = next(b for b in parse_blocks(text) if b.kind == "list")
    answer = compose_list(
        "Welke kanttekeningen zijn er?", 0, block, [passage], 1.0, "extractive", 10, words=words
    )
    return answer.answer.split("\n")[1:]


def test_a_heading_that_is_a_question_opens_a_list_without_a_colon():
    text = "Wat gaan we daarvoor doen?\n1. De randvoorwaarden bewaken.\n2. Het beheer verankeren."
    block = next(b for b in parse_blocks(text) if b.kind == "list")
    answer = compose_list("Welke stappen?", 0, block, [make_passage(1, text)], 1.0, "extractive", 10)
    assert answer.answer.split("\n")[0] == "Wat gaan we daarvoor doen? [1]"
    text = "Kanttekeningen\na. Het kost geld.\nb. Het kost tijd."
    block = next(b for b in parse_blocks(text) if b.kind == "list")
    answer = compose_list("Welke risico's?", 0, block, [make_passage(1, text)], 1.0, "extractive", 10)
    assert answer.answer.split("\n")[0] == "Kanttekeningen [1]:"


def test_the_items_of_a_short_list_are_read_whole():
    lines = _answer(3, words=120)
    assert len(lines) == 3
    assert all(line.endswith("visie verder uit te werken. [1]") for line in lines)


def test_the_items_of_a_long_list_are_shortened_to_their_opening():
    lines = _answer(9, words=120)
    assert len(lines) == 9
    assert all(line.endswith("… [1]") and len(line.split()) <= 3 + 120 // 9 for line in lines)
    # without a budget for the whole list, every item is shortened
    assert all(line.endswith("… [1]") for line in _answer(3, words=0))


def test_an_answer_does_not_stop_at_a_lead_in_whose_items_did_not_come_along():
    text = (
        "Het rapport raadt aan de urgente maatregelen met incidenteel geld te betalen. "
        "Het gaat hierbij om:\n\nHeel andere tekst die later in het document staat en niet wordt geciteerd."
    )
    passage = make_passage(1, text)
    first, lead_in = candidates_from([passage])[:2]
    assert lead_in.text.endswith(":")
    answer = compose_sentences("Waarom incidenteel geld?", [first, lead_in], [passage], 1.0, "extractive")
    assert "Het gaat hierbij om" not in answer.answer
    assert answer.answer.startswith("Het rapport raadt aan")
    # a lead-in that is the whole answer stays
    alone = compose_sentences("Waarom incidenteel geld?", [lead_in], [passage], 1.0, "extractive")
    assert "Het gaat hierbij om" in alone.answer


def test_a_bullet_glyph_before_a_quoted_sentence_is_not_shown():
    # 002 has a slide whose bullets came out as '#' and '»'; a '#' that is part of the text stays
    assert tidy("# Oprichting Coöperatie (december 2016 Eindhoven en Boxtel)") == (
        "Oprichting Coöperatie (december 2016 Eindhoven en Boxtel)"
    )
    assert tidy("» Maken van werkende software") == "Maken van werkende software"
    assert tidy("Zie punt #3 van de agenda.") == "Zie punt #3 van de agenda."
    # the Berenschot report's round bullets came out as a capital O
    assert (
        tidy("O De stakeholders delen krachtig met elkaar dat …")
        == "De stakeholders delen krachtig met elkaar dat …"
    )
    assert tidy("OV NG / KING neemt de regie op zich") == "OV NG / KING neemt de regie op zich"


def test_sentences_keep_document_order_whatever_the_line_breaks():
    # the second sentence reads joined ('… of zelfs € 60 miljoen'), the text has a line break in it
    text = (
        "Voor de impuls wordt circa € 120 miljoen per jaar voorzien.\n\n"
        "Eventueel kan de omvang worden teruggebracht naar € 90 - of zelfs\n€ 60 miljoen per jaar.\n\n"
        "Dat vertraagt de effecten."
    )
    passages = [make_passage(1, text)]
    cands = candidates_from(passages)
    answer = compose_sentences(
        "Hoe groot is de impuls?", [cands[2], cands[1], cands[0]], passages, 1.0, "extractive"
    )
    assert answer.answer.index("€ 120") < answer.answer.index("€ 60") < answer.answer.index("vertraagt")
    assert answer.citations[0].quote.startswith("Voor de impuls")


def test_the_items_of_a_list_bulleted_with_an_ocr_read_circle_are_shown_with_a_dash():
    text = "De volgende vormen komen in aanmerking:\nO Stichting\nO Vereniging\nO Coöperatie"
    block = next(b for b in parse_blocks(text) if b.kind == "list")
    answer = compose_list("Welke vormen?", 0, block, [make_passage(1, text)], 1.0, "extractive", 10)
    assert answer.answer.split("\n")[1:] == ["- Stichting [1]", "- Vereniging [1]", "- Coöperatie [1]"]
