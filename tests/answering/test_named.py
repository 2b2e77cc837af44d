"""Quoting from the document or part a question names."""

from __future__ import annotations

from dataclasses import replace

from support import make_passage

from assistant.answering.candidates import candidates_from
from assistant.answering.named import from_named

PLAN = replace(
    make_passage(
        1, "De coöperatie kiest een rechtsvorm die not for profit is en volledige zeggenschap geeft."
    ),
    part="Oprichtingsplan",
)
PROPOSAL = replace(
    make_passage(2, "De rechtsvorm van de coöperatie is gekozen na een afweging door het college."),
    part="Raadsvoorstel",
)


def test_the_named_part_is_quoted_when_it_holds_a_chosen_sentence():
    passages = [PROPOSAL, PLAN]
    cands = candidates_from(passages)
    kept, chosen = from_named({(PLAN.doc, "Oprichtingsplan")}, passages, cands, cands)
    assert [c.passage_index for c in kept] == [1] and [c.passage_index for c in chosen] == [1]


def test_a_figure_is_quoted_from_the_named_part_only_when_a_chosen_sentence_is_there():
    passages = [PROPOSAL, PLAN]
    cands = candidates_from(passages)
    chosen = [c for c in cands if c.passage_index == 0]
    units = {(PLAN.doc, "Oprichtingsplan")}
    assert from_named(units, passages, cands, chosen, figure=True) == (cands, chosen)
    kept, rest = from_named(units, passages, cands, chosen)
    assert [c.passage_index for c in kept] == [1] and rest == []


def test_a_name_that_was_not_retrieved_changes_nothing():
    passages = [PROPOSAL]
    cands = candidates_from(passages)
    assert from_named({(PLAN.doc, "Oprichtingsplan")}, passages, cands, cands) == (cands, cands)
    assert from_named(set(), passages, cands, cands) == (cands, cands)
