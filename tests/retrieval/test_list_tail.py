"""A list cut off at a passage's end is completed from the next chunk, one cut off at its start
from the previous chunk (real text of 004 and 002)."""

from __future__ import annotations

from support import make_passage

from assistant.retrieval.list_tail import (
    complete_list_heads,
    complete_lists,
    ends_in_list,
    list_head,
    list_tail,
)

# 004, the RID report's summary, cleaned as the index has it; the chunk ends after the first item
FIRST = (
    "Het is nu vooral zaak dat er dringend maatregelen worden getroffen.\n\n"
    "De belangrijkste maatregelen en investeringen voor de korte termijn zijn:\n"
    "\uf0b7 het gezamenlijk (gemeenten en RID) bepalen van de i-strategie (annex i-agenda) voor de "
    "komende periode, want deze ontbreekt nu;"
)
NEXT = (
    "\uf0b7 op basis van deze gezamenlijke i-strategie ook de werkwijzen, de governance (lees:\n\n"
    "de besturing en organisatie van de samenwerking, inclusief het samen prioriteiten stellen) en de "
    "rolverdeling/wederzijdse verwachtingen herijken;\n\n"
    "\uf0b7 ontwikkelen van een ‘cloudstrategie’;\n\n"
    "\uf0b7 investeren in het vergroten van de digitale volwassenheid van alle partijen.\n\n"
    "Met de uitvoering van het adviesrapport wordt het mogelijk een stabiele basis neer te zetten.\n\n"
    "DE ICT-SAMENWERKING"
)


def test_a_passage_that_ends_in_a_list_is_completed_up_to_the_list_end():
    assert ends_in_list(FIRST)
    assert not ends_in_list("Dit is een gewone alinea.\n\nEn die is af.")
    tail = list_tail(FIRST, NEXT)
    assert tail.count("\uf0b7") == 3
    assert "de besturing en organisatie" in tail  # a lower-case line after a blank line goes on
    assert tail.rstrip().endswith("van alle partijen.")
    assert "stabiele basis" not in tail  # the paragraph after the list is not the list


def test_a_lead_in_is_completed_only_by_a_list():
    assert list_tail("De volgende punten:", "Een gewone alinea.\n\n- een punt") == ""
    assert list_tail("De volgende punten:", "- eerste punt;\n- tweede punt.\n\nDaarna tekst.") == (
        "- eerste punt;\n- tweede punt."
    )


def test_complete_lists_appends_the_tail_of_the_next_chunk_and_its_pages():
    first = make_passage(0, FIRST, page=4)
    overlap = "het gezamenlijk bepalen, want deze ontbreekt nu;\n"  # chunks share some text
    nxt = make_passage(1, overlap + NEXT, page=4)
    nxt.doc = first.doc
    nxt.start = first.end - len(overlap)
    nxt.page_breaks = [(len(overlap) + NEXT.index("\uf0b7 ontwikkelen"), 5)]
    complete_lists([first], lambda p: nxt)
    assert first.text.startswith(FIRST)
    assert first.text.count("\uf0b7") == 4
    assert "stabiele basis" not in first.text
    assert first.page_at(first.text.index("ontwikkelen van een")) == 5
    assert first.page_at(first.text.index("het gezamenlijk")) == 4
    # nothing to add where the next chunk does not go on with the list, or there is none
    plain = make_passage(2, FIRST)
    complete_lists([plain], lambda p: make_passage(3, "Een nieuwe alinea.\n\n- een punt"))
    assert plain.text == FIRST
    complete_lists([plain], lambda p: None)
    assert plain.text == FIRST


# 002, the council proposal of Woerden: a chunk that starts at argument c
BEFORE = (
    "Woerden wil toetreden tot de ICT-coöperatie.\n\n"
    "De argumenten zijn de volgende:\n\n"
    "a. De ontwikkelde software is eigendom van de ICT-coöperatie.\n\n"
    "b. Ons uitgangspunt om steeds consequenter te denken en werken vanuit de inwoner\n"
    "stelt andere eisen aan software.\n\n"
)
FROM_C = "c. Toetreden bij de ICT-coöperatie past bij onze wens om samen te werken.\n\nd. Door in een vroeg stadium aan te sluiten …"


def test_the_items_and_lead_in_before_a_passage_that_opens_mid_list():
    head = list_head(BEFORE)
    assert head.startswith("De argumenten zijn de volgende:")
    assert "b. Ons uitgangspunt" in head and head.endswith("stelt andere eisen aan software.")
    assert "Woerden wil toetreden" not in head  # the paragraph before the lead-in is not the list
    assert list_head("Een gewone alinea zonder opsomming.") == ""


def test_complete_list_heads_puts_them_before_the_passage_with_its_pages():
    prev = make_passage(0, "Inleiding.\n\n" + BEFORE, page=7)
    prev.page_breaks = [(prev.text.index("b. Ons"), 8)]
    p = make_passage(0, FROM_C, page=8)
    p.start = len(prev.text)
    p.end = p.start + len(FROM_C)
    p.page_breaks = [(FROM_C.index("d. Door"), 9)]
    complete_list_heads([p], lambda _: prev)
    assert p.text.startswith("De argumenten zijn de volgende:") and p.text.endswith(FROM_C)
    assert p.start == prev.text.index("De argumenten")
    assert p.page == 7
    assert p.page_at(p.text.index("b. Ons")) == 8
    assert p.page_at(p.text.index("c. Toetreden")) == 8
    assert p.page_at(p.text.index("d. Door")) == 9
    # a passage that does not open with an item is left as it is
    plain = make_passage(1, "Een gewone alinea.")
    complete_list_heads([plain], lambda _: prev)
    assert plain.text == "Een gewone alinea."
