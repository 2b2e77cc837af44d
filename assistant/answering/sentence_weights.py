"""The hand-set weights of the extractive answerer's sentence score and greedy choice, with why
each has its value."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SentenceWeights:
    """The hand-set weights of the sentence score (``_base_score``) and of the greedy choice
    (``select``).

    Why these values and not fitted ones: they were set by hand, and each sits on a plateau.
    ``scripts/sweep_sentence_weights.py`` zeroes, halves and doubles each one on eval/qa.jsonl
    (always answering): key-fact recall stays within 0.442-0.468 of 0.458, citation precision
    within 0.618-0.641 of 0.634. The largest losses come from dropping the number bonus
    (-0.016) or doubling the year weight (-0.013); no change gains more than 0.01, which is
    one or two questions of 207. A ranker fitted per fold (a conditional logit over 23
    sentence features) did no better either (eval/README.md), so fitting would buy nothing
    measurable and would make the weights less readable. Three were chosen among a few values
    by cross-validation instead (``lexical``, ``asks``, ``label``; see their comments)."""

    focus: float = 0.4  # under the heading the question asks for ('Argumenten')
    number: float = 0.15  # a figure is asked and the sentence holds a number
    number_near_term: float = 0.15  # ... next to a word of the question ('28 gemeenten')
    money: float = 0.1  # an amount is asked and the sentence holds one
    percent: float = 0.1  # a percentage is asked and the sentence holds one
    year: float = 0.15  # the sentence names the asked year
    other_year: float = 0.1  # subtracted: it names only other years
    rank: float = 0.12  # the passage's retrieval rank (the first passage gets all of it)
    # The passage's BM25 score, scaled 0..1 among the passages (``Candidate.passage_lexical``). On
    # questions the answerer was not shaped on, the answer often quoted a passage without the
    # facts (10 of 32 answerable questions written this round; 4 more were declined) while BM25
    # over the whole passage (Dutch stems, term frequency, length) ranked the right one first more
    # often than the fused order did (0.72 against 0.56). Always answering, among 0 / 0.1 / 0.15 / 0.25 / 0.4 / 0.6:
    # key-fact recall on the 112 answerable questions written after the weights were set (q-400 on)
    # 0.435 / 0.453 / 0.471 / 0.483 / 0.480 / 0.480, citation precision 0.616 -> 0.683 at 0.25;
    # on the first 320 questions, which set every other weight, 0.705 / 0.694 / 0.686 / 0.681 /
    # 0.672 / 0.629. 5-fold over the 112 picks 0.25 in 12 of 15 folds (three fold assignments),
    # held-out 0.464-0.480; over all 319 answerable questions 0.25 or 0.15 in 11 of 15. Not for a
    # figure question, whose sentences are chosen by their figure, subject and year: there it quoted
    # a passage that BM25 ranked up for the question's words, not for its figure ('Hoeveel fte heeft
    # RID de Liemers op dit moment in dienst?' got an unrelated sentence instead of no answer).
    # Without figure questions, always answering: the 112 0.499 -> 0.492, the first 320 0.676 ->
    # 0.683; --cv 5 abstention recall 0.667 -> 0.681 at false abstention 0.051 -> 0.055, key-fact
    # recall 0.622 -> 0.627.
    lexical: float = 0.25
    long: float = 0.05  # subtracted: a sentence over 400 characters (a run-on PDF line)
    fragment: float = 0.12  # subtracted: a fragment (lower-case start, ends on ',' ':' ';', < 40 chars)
    # subtracted: a sentence that asks, unless the question asks for questions ('Welke vragen …');
    asks: float = 0.15  # --cv 5, 0 / 0.15 / 0.3: citation precision 0.730 / 0.733 / 0.729, same recall
    # opens with words of the question, as a table row with its label ('Wettelijke basis …'):
    # 5-fold CV over 0/0.2/0.4/0.6/0.8 (always answering), every fold picks 0.4, held-out key-fact
    # recall 0.485 -> 0.496
    label: float = 0.4
    # the greedy choice of further sentences
    new_terms: float = 0.5  # times the question weight a sentence adds
    part: float = 0.15  # per part of a two-part question it covers first
    first_number: float = 0.1  # the first sentence with a number for a figure question
    same_passage: float = 0.08  # a sentence of a passage already quoted (one citation reads better)
    redundancy: float = 0.2  # times the share of its terms already covered
    max_redundancy: float = 0.85  # above this share a sentence repeats what is chosen: skipped
