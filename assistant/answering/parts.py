"""The other part of a question that asks two things: a stretch of one passage answers one part."""

from __future__ import annotations

from assistant.answering.candidates import Candidate, within
from assistant.answering.question import QuestionProfile


def second_part(
    q: QuestionProfile, cands: list[Candidate], window: list[Candidate], floor: float, max_words: int
) -> list[Candidate]:
    """``window`` with, for a question of two parts ('Hoe ontwikkelt zaakgericht werken zich,
    en wie domineren de markt …?') whose second (or first) part it does not cover, the best
    sentence of the same passage that does (half its terms' weight, ``part_covered``), if it
    scores at least ``floor`` x the window's best (the answerer's ``relative_floor``); the window
    is cut to make room.

    One stretch answers one part: 43% of the answerable fresh questions q-500–q-795 ask two
    things, and recalled 0.42 of their key facts against 0.47 for the rest. --cv 5 on
    eval/qa.jsonl: key-fact recall 0.627 -> 0.630 (five fold assignments 0.605 -> 0.609),
    citation precision and abstention unchanged, median 79 words; fresh.jsonl 0.480 -> 0.489,
    three answers gain, none lose. A sentence from another passage as well gained one more
    unread fresh question but cost citation precision (--cv 5 0.761 -> 0.754, fresh 0.68 ->
    0.65): the other passage is often about something else."""
    if len(q.parts) != 2:
        return window
    found = set().union(*(c.terms | c.context for c in window))
    top = max(c.score for c in window)
    extra: list[Candidate] = []
    for part in q.parts:
        if q.part_covered(part, found):
            continue
        holding = [
            c
            for c in cands
            if c.passage_index == window[0].passage_index
            and c not in window
            and not c.fragment
            and c.score >= floor * top
            and q.part_covered(part, c.terms | c.context)
        ]
        if holding:
            extra.append(max(holding, key=lambda c: c.score))
    if not extra:
        return window
    # the stretch keeps at least its opening sentence or two (20 words) whatever the extra takes
    room = max_words - sum(len(c.text.split()) for c in extra)
    return within(window, max(room, 20)) + extra
