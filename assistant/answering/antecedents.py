"""The sentence a figure's sentence needs before it: what 'dit' or 'zij' refers back to."""

from __future__ import annotations

from assistant.answering.candidates import ANAPHOR_RE, SUBJECT_BACK_RE, Candidate


def sentence_before(cands: list[Candidate], c: Candidate) -> Candidate | None:
    """The candidate right before ``c`` in its passage (what a sentence that refers back means)."""
    i = cands.index(c)
    return cands[i - 1] if i > 0 and cands[i - 1].passage_index == c.passage_index else None


def with_subject(cands: list[Candidate], chosen: list[Candidate]) -> list[Candidate]:
    """The chosen sentences, led by the one before the first where that one's subject is a
    pronoun (same passage, same heading)."""
    if not chosen or not SUBJECT_BACK_RE.match(chosen[0].text):
        return chosen
    before = sentence_before(cands, chosen[0])
    if before is None or before in chosen or before.context != chosen[0].context:
        return chosen
    return [before, *chosen]


def for_the_year(years: set[str], cands: list[Candidate], chosen: list[Candidate]) -> list[Candidate]:
    """A figure for an asked year: not the sentences that name only other years; a sentence
    that refers back ('In 2021 was dit nog 52 fte') keeps the sentence before it, which says
    what 'dit' is. Sentences without a year stay (their year is that of their context)."""
    if not years or not any(c.years & years for c in chosen):
        return chosen
    out: list[Candidate] = []
    for c in chosen:
        if c.years and not c.years & years:
            continue
        before = sentence_before(cands, c)
        if before is not None and ANAPHOR_RE.match(c.text) and before not in out:
            out.append(before)
        if c not in out:
            out.append(c)
    return out
