"""The hand-written confidence of the extractive answerer: the rule that decides without a fitted
model (a staged start without sentence vectors, a model fit under other embeddings), and one
feature of that model (``answerability.features``, ``conf``)."""

from __future__ import annotations

from collections.abc import Callable

from assistant.answering.candidates import Candidate
from assistant.answering.question import QuestionProfile
from assistant.types import Passage


def confidence(
    q: QuestionProfile,
    chosen: list[Candidate],
    passages: list[Passage],
    found_terms: set[str],
    is_unknown: Callable[[str], bool],
) -> float:
    """How well the chosen sentences carry the question, 0..1.

    Word coverage alone cannot tell an unanswerable question from a paraphrased one, so
    the specific asks are checked: a year the question names must be in a chosen
    sentence, a name or term the corpus never uses is a gap, and 'hoeveel X' needs a
    number next to X.
    """
    if not chosen or not q.weights:
        return 0.0
    total = sum(q.weights.values())
    covered = set().union(*(c.terms for c in chosen))
    coverage = sum(w for t, w in q.weights.items() if t in covered) / total
    best = max(sum(w for t, w in q.weights.items() if t in c.terms) / total for c in chosen)
    found = sum(w for t, w in q.weights.items() if t in found_terms) / total
    # The mix and the penalties below are hand-set. With sentence vectors the fitted model
    # decides, and this number is one of its features (``conf``), whose weight is fitted per fold;
    # only the staged start (no vectors yet) and a model fit under other embeddings still
    # compare it with abstain_threshold directly.
    conf = 0.5 * best + 0.3 * coverage + 0.2 * found
    sentence_years = set().union(*(c.years for c in chosen))
    if q.years and not any(y in p.text for y in q.years for p in passages):
        return 0.0  # the asked year occurs nowhere in what was found
    if q.years and not q.years & sentence_years:
        conf -= 0.3
    unknown = [e for e in q.entities if is_unknown(e)]
    conf -= 0.25 * min(len(unknown), 2)
    return max(0.0, min(1.0, conf))
