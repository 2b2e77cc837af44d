"""How a quoted enumeration is shown: each item by its opening, cited."""

from __future__ import annotations

from support import make_passage

from assistant.answering.compose import compose_list
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
