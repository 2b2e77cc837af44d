"""Which stretch of one passage answers a question that is not a figure question: the best run
of consecutive sentences under one heading, and the sentences after it that stay on topic."""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable
from itertools import takewhile

from assistant.answering.candidates import ANAPHOR_RE, SUBJECT_BACK_RE, Candidate, within
from assistant.sentence_split import OPENERS

# A heading the PDF glued to the sentence below it, anywhere in a sentence: '… door Microsoft E5
# Veel gemeenten zijn …'. Too broad to cut a sentence on ('het rapport Het uur van de waarheid'),
# but a stretch may end before such a sentence. A list marker ('f) De …') is no text before it.
_GLUED_RE = re.compile(rf"(?<=[a-z0-9)])(?<!^\w\)) (?:{OPENERS}|Veel|Steeds) (?=[a-z])")
# The number a clause of a regulation opens with ('9.1 In de RvC heeft iedere commissaris één
# stem.') is no text before a glued heading: the clause was read as one, and the answer to 'Hoe
# stemt de raad van commissarissen van Beware …?' stopped at the article's title line.
_CLAUSE_NUMBER_RE = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+")


def _glued(text: str) -> bool:
    return bool(_GLUED_RE.search(_CLAUSE_NUMBER_RE.sub("", text, count=1)))


# A sentence that opens by referring back to the one before it (a stricter ``ANAPHOR_RE``, which
# also takes a 'dat' or 'die' inside the first five words), or concludes from it ('Gemeenten
# hebben dus met heel veel verschillende leveranciers te maken': q-361 0.25 -> 0.5, key-fact
# recall 0.633 -> 0.634, no other answer changes), or closes a row of points ('Tot slot moet
# opnieuw gekeken worden naar … gemeenteraad en college' after 'Als tweede … invloed, voordeel en
# flexibiliteit'; q-352 0.67 -> 1.0, 0.634 -> 0.635; with 'Als tweede' and the like as well, the
# answer opened with the sentence before that, 'Deze vormen de basis …'). Not 'Zo’n 70 euro …'.
# A subject pronoun ('Zij', 'Ze', 'Hij') too, as a figure's answer reads it (``with_subject``;
# no answer of eval/qa.jsonl changes here).
_OPENS_BACK_RE = re.compile(
    r"(?:Dit|Dat|Deze|Die|Hierdoor|Daardoor|Hiervoor|Daarvoor|Hiermee|Daarmee|Hierbij|Daarbij|Zo|Dus|Daarom)\b(?!['’]n)"
    rf"|{SUBJECT_BACK_RE.pattern}"
    r"|(?:\S+\s+){1,3}dus\b"
    r"|(?:Tot slot|Ten slotte|Als laatste)\b"
)

# The rest of a sentence that began before the passage ('van nieuwe technologie.'): a word in lower
# case, not a list marker ('b) het bepalen …').
_TAIL_RE = re.compile(r"[a-zà-ÿ]{2}")


# What a sentence must score before it adds to a stretch's value: this share of the median score of
# the candidates, the level of a sentence that merely shares the question's subject. Without it a
# slide of ten short points that each name 'Eindhoven' ('STAND VAN ZAKEN') outweighed the four points
# under the heading the question asks for ('WINSTVERWACHTING'). --cv 5 on eval/qa.jsonl among 0 / 0.3
# / 0.4 / 0.5 / 0.6 / 0.7 / 1 x the median: key-fact recall 0.611 / 0.615 / 0.618 / 0.621 / 0.617 /
# 0.614 / 0.596, citation precision 0.761 at 0 and 0.770 at 0.5; chosen per fold on the other four
# folds (0.5 in 20 of 25 folds over five fold assignments), held-out recall 0.610-0.618. 0.5 x the
# mean gives the same answers; a share of the best score instead lost (0.3 x: 0.600).
BACKGROUND = 0.5


def best_stretch(
    cands: list[Candidate],
    max_words: int,
    sum_weight: float,
    lead: bool = True,
    stretch_words: int = 0,
    floor: float = 1.0,
) -> list[Candidate]:
    """The run of consecutive sentences of one passage and heading, at most ``max_words``
    long, whose best sentence scores highest, with a bonus of ``sum_weight`` x the scores of
    the others it holds; then the sentences after it that still score ``floor`` x its best,
    up to ``stretch_words`` in all (``went_on``). A sentence adds to the bonus only what it scores
    above the background (``BACKGROUND``).

    The answer leads with its best sentence: a run may open with it, or with one sentence
    before it (a lead-in that says what it is about). Measured on eval/qa.jsonl (always answering,
    window_sum_weight 0.1): key-fact recall 0.429 -> 0.431, citation precision 0.600 -> 0.619, median
    75 -> 73 words; requiring the best sentence first lost recall (0.418). Not for a question
    that asks for several things ('welke …', 'wat zijn de …': ``lead=False``): an enumeration
    reads from its lead-in, and its best-matching item may come late (list questions 0.29 ->
    0.33, all 0.443 -> 0.455).

    A slide's points are read from its first, whichever matches best: they build up to it ('De
    samenleving verandert … We zullen steeds sneller moeten reageren … Daarin willen we initiatief
    nemen'). --cv 5: key-fact recall 0.559 -> 0.565, citation precision 0.752 -> 0.757 (q-324 0 ->
    1, q-069 0 -> 0.25); five fold assignments 0.551 -> 0.557 and 0.753 -> 0.758.

    No run opens with a sentence that refers back ('Dat is inmiddels ook verleden tijd.') unless
    it is the run's best: --cv 5 key-fact recall 0.458 -> 0.4645, citation precision 0.691 -> 0.696.
    Nor with the rest of a sentence the passage cut (``_TAIL_RE``): 'van nieuwe technologie [1].'
    opened two answers; --cv 5 gives the same key facts.
    The chosen run ends before a sentence with a heading glued into it (``_GLUED_RE``): one answer
    of eval/qa.jsonl changes (q-019, same key facts)."""
    runs: dict[int, list[Candidate]] = {}
    for c in cands:  # candidates come in passage and document order
        runs.setdefault(c.passage_index, []).append(c)
    best: list[Candidate] = []
    best_value = float("-inf")
    background = BACKGROUND * statistics.median(c.score for c in cands) if cands else 0.0
    for run in runs.values():
        for start in range(len(run)):
            window = within(run[start:], max_words, same_heading=True)
            top = max(range(len(window)), key=lambda k: window[k].score)
            if (lead and top > 1 and not window[top].point) or (
                top > 0 and (ANAPHOR_RE.match(window[0].text) or _TAIL_RE.match(window[0].text))
            ):
                continue  # the stretch opened at its best sentence is tried too
            value = window[top].score + sum_weight * sum(max(c.score - background, 0.0) for c in window)
            if value > best_value:
                best, best_value = window, value
    best = best[:1] + list(takewhile(lambda c: not _glued(c.text), best[1:]))
    # A stretch that opens with a sentence referring back ('Dit betekent dat de gemeente …
    # afhankelijker is van de leverancier') opens with what it refers to, under the same heading,
    # up to two sentences back ('Er is namelijk minder eigen personeel. Deze afname is het meest
    # zichtbaar op de technische beheerfuncties …'): a reason often comes just before the sentence
    # that matches the question best. --cv 5: key-fact recall 0.627 -> 0.633 (q-336 0.33 -> 1.0,
    # q-339 0.5 -> 1.0; why questions 0.626 -> 0.652), none lose, median 75.5 -> 76 words; one
    # sentence back: 0.630.
    for _ in range(2):
        if not (best and _OPENS_BACK_RE.match(best[0].text)):
            break
        run = runs[best[0].passage_index]
        i = run.index(best[0])
        if not (i > 0 and run[i - 1].context == best[0].context and not run[i - 1].fragment):
            break
        best = [run[i - 1], *best]
    return went_on(best, cands, stretch_words, floor, items=not lead)


# A stretch shorter than this reads on past its heading: a definition of a few lines ('Zaakgericht
# werken voor gemeenten is …') or a label ('Ernst; de "ernst" van het vraagstuk …') says little by
# itself, and the next heading of the same passage often holds the rest. --cv 5 on eval/qa.jsonl,
# among 0 (never) / 50 / 70 / 90 words: key-fact recall 0.5027 / 0.5027 / 0.5075 / 0.5075, median
# 74 / 74 / 74.5 / 75 words; 2 answers gain (q-097, q-351), none loses. 70: under the median.
SHORT_WORDS = 70


# What a sentence after the stretch must score (x its best) to read on, for a question for a reason
# ('Waarom …'), instead of the answerer's relative_floor (0.5): an explanation goes on in sentences
# that share fewer words with the question. --cv 5 on eval/qa.jsonl, among 0.5 / 0.4 / 0.35 / 0.25
# / 0: why questions 0.500 / 0.511 / 0.518 / 0.518 / 0.524, all questions 0.572 / 0.575 / 0.576 /
# 0.576 / 0.578, citation precision the same (the same passage), median 75 words (76 at 0); 8
# answers change, 2 gain (q-340, q-344), none loses. Chosen per fold by key-fact recall, folds pick
# 0 or 0.35 and the held-out recall is 0.576 under every fold assignment: 0.35 keeps a bound.
# A question for a description ('Hoe beschrijven … de gemeentelijke ICT-markt?', ``asks_description``)
# reads on with it too: --cv 5 key-fact recall 0.599 -> 0.602, summary questions 0.418 -> 0.436 (q-357,
# q-372 gain, none lose), median 75 words; 0.25 / 0.15 / 0 give the same answers.
REASON_FLOOR = 0.35


# The weight of a stretch's other sentences (``best_stretch``'s ``sum_weight``) for a question that
# asks for a description or a summary ('Hoe beschrijft …', 'Kun je kort samenvatten …',
# ``asks_description``), instead of the answerer's window_sum_weight (0.2): it asks for several points
# about one subject, and the one sentence that matched best (a definition, a line of the report's own
# summary) drew the answer to the wrong passage. --cv 5 on eval/qa.jsonl among 0.2 / 0.4 / 0.8 / 1.2 /
# 2.0: key-fact recall 0.615 / 0.619 / 0.625 / 0.623 / 0.621, summary questions 0.477 / 0.504 / 0.531
# / 0.517 / 0.504; chosen per fold on the other four, 0.8 in every fold of five fold assignments.
# eval/train.jsonl 0.489 -> 0.486 (one answer gains, one loses), eval/fresh.jsonl 0.499 -> 0.491 (one
# loses). For a question for a reason it lost (0.4: why questions 0.596 -> 0.577).
DESCRIPTION_SUM_WEIGHT = 0.8


# What a stretch may grow to by reading on (``went_on``), and what the items of a quoted enumeration
# share (``compose.compose_list``). Reading on stops where the sentences leave the question (the
# floor), so few answers reach it: --cv 5 on eval/qa.jsonl among 120 / 140 / 160 / 200 / 300 words:
# key-fact recall 0.572 / 0.576 / 0.576 / 0.582 / 0.583, median 75 words at each; at 200, 5 answers
# gain (why questions 0.518 -> 0.548; the nine arguments of Woerden each read to their point, q-042
# 0.25 -> 0.75), none lose, and the longest answers grow (95th percentile 118 -> 172 words). Two
# paragraphs is the most offered: a choice for answers that stay short, not a fit.
STRETCH_WORDS = 200


# How many sentences under the floor reading on may pass over to a sentence that still scores above
# it ('De deelnemende gemeenten zelf dienen ook een bijdrage te leveren … [Een belangrijke aspect
# daarbij is de ‘digitale volwassenheid’. Uit allerlei onderzoek … blijkt namelijk …] Uit een
# zelfevaluatie … blijkt dat ook de gemeente Zevenaar nog onvoldoende digitaal volwassen is.'): a
# description or a reason is often interrupted by an aside. Each sentence keeps its citation. --cv 5
# on eval/qa.jsonl among 0 / 1 / 2 / 3 / 5: key-fact recall 0.582 / 0.587 / 0.595 / 0.595 / 0.595,
# median 75 words at each, citation precision the same (the same passage); at 2, 6 answers gain,
# none lose. Lowering the floor instead lengthens every answer; dropping low sentences inside the
# chosen stretch lost (0.2 x its best: 0.586): its weak sentences carry facts.
SKIP_SENTENCES = 2

# A sentence that refers back to what came before it ('Daaronder verstaan we …', 'Dit is …'): after
# a gap it would refer to a sentence the answer left out, so it is passed over too (not counted).
_REFERS_BACK_RE = re.compile(rf"{ANAPHOR_RE.pattern}|^(?:daar|hier|waar)\w+\b", re.I)


def went_on(
    window: list[Candidate],
    cands: list[Candidate],
    max_words: int,
    floor: float,
    skips: int = SKIP_SENTENCES,
    items: bool = False,
) -> list[Candidate]:
    """``window`` with the sentences that follow it in its passage and under its heading (under
    any heading while it is shorter than ``SHORT_WORDS``), while each still scores at least
    ``floor`` x the window's best and the whole fits in ``max_words``: a reason or a description
    often goes on after the stretch that matched best.

    Measured on eval/qa.jsonl (always answering, the 85-word stretch chosen as before): key-fact
    recall 0.516 -> 0.525 with 120 words and floor 0.5 (the answerer's ``relative_floor``), median
    answer 73 -> 75 words, citation precision unchanged (the same passage); --cv 5 key-fact recall
    0.462 -> 0.471. More words gained more (140: 0.531), and 5-fold cross-validation under the
    80-word median picks the most words offered; the answerer offers ``STRETCH_WORDS``. Up to
    ``skips`` sentences under the floor are passed over (``SKIP_SENTENCES``); a sentence that
    would not fit ends the reading, taken or not."""
    if not window:
        return window
    run = [c for c in cands if c.passage_index == window[0].passage_index]
    best = max(c.score for c in window)
    out = list(window)
    words = sum(len(c.text.split()) for c in window)
    gap = False  # a sentence was passed over since the last one taken
    for c in run[run.index(window[-1]) + 1 :]:
        short = words < SHORT_WORDS
        n = len(c.text.split())
        if (c.context != window[0].context and not short) or words + n > max_words:
            break
        # the next item of an enumeration whose items end in ';' is read whatever it scores, and in
        # lower case too ('van routine en beheer naar innovatie; van bezuinigen … naar investeren
        # …;'): its items share few words with the question, and an answer that stops at one
        # ends on ';' with the rest of the list left out. --cv 5: key-fact recall 0.618 -> 0.623
        # (q-072, q-091, q-307, q-308 gain, none lose), median 75 words, citation precision the
        # same (the same passage); five fold assignments 0.610 -> 0.615. Only for items in lower
        # case: 0.620. For a question for several things (``items``: 'Welke rechten en plichten
        # …?') also the next item of a numbered or bulleted enumeration the stretch is in ('4. Het
        # lid heeft … 5. Het Lid is nimmer aansprakelijk … 6. … een ambassadeursrol'): 0.625 ->
        # 0.627 (q-370 0.25 -> 0.75; q-103 and q-104 read their lists further, same key facts),
        # median 75 -> 75.5 words. For every question: the same recall, and a yes/no question's
        # 34 words grew to 120 (q-095). So does the sentence after a lead-in (':') or a question
        # ('Op zoek naar handvatten bij het verder professionaliseren van de dataorganisatie …?' was
        # a whole answer, the steps after it left out): always answering, q-500 0 -> 0.4, three
        # other answers read on, none loses a key fact.
        item = out[-1].text.rstrip().endswith((";", "?", ":")) or (
            items and c.item and any(x.item for x in out)
        )
        if c.score < floor * best and not item:
            if skips <= 0:
                break
            skips, gap = skips - 1, True
            continue
        if gap and _REFERS_BACK_RE.match(c.text):
            continue
        gap = False
        words += n
        if (
            (c.fragment and not item)
            or not (item or c.text[:1].isupper() or c.text[:1] in "‘'\"“")
            or _glued(c.text)
        ):
            break  # a piece of a sentence, or a heading glued to one: not a reading on
        out.append(c)
    return out


def led_by(window: list[Candidate], first: Callable[[str], bool]) -> list[Candidate]:
    """``window`` from its first sentence that ``first`` holds for: a definition question's
    answer opens with the definition ('De ICT-coöperatie (Beware) is eigenaar …'), not with the
    sentence before it that the stretch may open with."""
    for i, c in enumerate(window):
        if first(c.text):
            return window[i:]
    return window
