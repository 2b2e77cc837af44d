"""Answer units of the retrieved passages and the features that score them.

A unit is a block of ``assistant.retrieval.structure`` (a sentence, a whole list, a table row)
inside one retrieved passage. Each unit gets a feature vector; a logistic regression fit on
the QA set (``assistant.evaluation.fit``) turns it into the probability that the unit carries
a key fact of the answer. The same features, taken for the best units of a question, decide
whether the documents answer it at all (``question_features``).

Unit features (all in 0..1 unless said otherwise):

========================  ======================================================================
``overlap``               idf-weighted share of the question's terms found in the unit
``context``               share found only in the unit's heading (the heading says what it is about),
                          or, for a unit that points back ('dit', 'deze'), in the unit before it
``dense``                 cosine similarity question ↔ unit (best sentence of the unit; e5)
``dense_rel``             ``dense`` rescaled to 0..1 over the units of this question
``passage_rank``          1 − rank of the passage / number of passages
``passage_bm25``          BM25 score of the passage / best BM25 score of this question
``year_match``            the question names a year and the unit has it
``year_other``            the question names a year and the unit only has other years
``number_fit``            the question asks a figure and the unit has a number
``number_near``           a question term stands within 40 characters of a number in the unit
``money_fit``             asks an amount and the unit has one (€, euro, miljoen)
``percent_fit``           asks a percentage and the unit has one
``fte_fit``               asks staff numbers and the unit speaks of fte
``section_match``         the question names a standard section and the unit sits in it
``list_fit``              the question asks for a list and the unit is one
``list_unasked``          the unit is a list the question does not ask for
``entity``                share of the question's names (capitalised words) found in the unit
``fragment``              the unit starts lowercase, ends in ':' or is short
``length``                log(words) / 5
``row``                   the unit is a table row or 'label: value' line
``why_fit``               a why-question and the unit gives a reason ('omdat', 'doordat', 'reden')
``summary_fit``           a summary question and the unit sits in a summary or conclusion
``anaphor_context``       the unit points back ('In 2021 was dit nog 52 fte') and the unit
                          before it has this ``overlap``: the words of the question are there
========================  ======================================================================
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

from assistant.answering.asks import Ask
from assistant.answering.candidates import ANAPHOR_RE, passage_terms
from assistant.retrieval.structure import Block, blocks_of
from assistant.sentence_split import split_sentences
from assistant.text import NUMBER_RE, fold, terms
from assistant.types import Passage

UNIT_FEATURES = (
    "overlap",
    "context",
    "dense",
    "dense_rel",
    "passage_rank",
    "passage_bm25",
    "year_match",
    "year_other",
    "number_fit",
    "number_near",
    "money_fit",
    "percent_fit",
    "fte_fit",
    "section_match",
    "list_fit",
    "list_unasked",
    "entity",
    "fragment",
    "length",
    "row",
    "why_fit",
    "summary_fit",
    "anaphor_context",
)
_REASON_RE = re.compile(
    r"\b(?:omdat|doordat|want|daardoor|hierdoor|waardoor|reden|redenen|oorzaak|verklaard|komt door|"
    r"leidt tot|zodat|om die reden|dankzij|vanwege)\b",
    re.I,
)

_YEAR_RE = re.compile(r"\b(?:19|20)\d{2}\b")
_MONEY_RE = re.compile(r"€\s?\d|\d\s?(?:euro|miljoen|mln|miljard|k\b)|\bbedrag", re.I)
_PERCENT_RE = re.compile(r"%|\bprocent", re.I)
_FTE_RE = re.compile(r"\bfte", re.I)


@dataclass
class Unit:
    block: Block
    passage_index: int
    text: str  # as shown (figure references removed)
    terms: set[str]
    heading_terms: set[str]
    years: set[str]
    folded: str
    item_terms: list[set[str]] = field(default_factory=list)  # per list item
    dense: float = 0.0
    features: np.ndarray | None = None
    score: float = 0.0  # fitted probability that the unit carries a fact of the answer
    linear: float = 0.0  # the unit model's linear score, comparable across questions

    @property
    def kind(self) -> str:
        return self.block.kind

    @property
    def words(self) -> int:
        return len(self.text.split())


def units_from(passages: list[Passage]) -> list[Unit]:
    out: list[Unit] = []
    seen: set[str] = set()
    for i, p in enumerate(passages):
        for b in blocks_of(p.text):
            if b.kind == "heading":
                continue
            text = b.text
            key = fold(" ".join(text.split()))
            letters = sum(c.isalpha() for c in text)
            if key in seen or len(text) < 20 or letters < 0.45 * len(text):
                continue
            seen.add(key)
            heading = " ".join(x for x in (b.heading or "", p.section or "") if x)
            out.append(
                Unit(
                    block=b,
                    passage_index=i,
                    text=text,
                    terms=set(terms(text)),
                    heading_terms=set(terms(heading)),
                    years=set(_YEAR_RE.findall(text)),
                    folded=fold(text),
                    item_terms=[set(terms(it)) for it in b.items],
                )
            )
    return out


def attach_dense(units: list[Unit], passages: list[Passage], ask: Ask, sentence_vectors) -> None:
    """Each unit's similarity to the question: its best sentence, looked up in the sentence
    vectors embedded at ingest (a unit that is not one of them is matched by its overlap)."""
    if sentence_vectors is None or not units:
        return
    sentences: list[str] = []
    spans: list[tuple[int, int, int]] = []  # passage, start, end
    for i, p in enumerate(passages):
        pos = 0
        for s in split_sentences(p.text):
            at = p.text.find(s, pos)
            if at < 0:
                continue
            pos = at + len(s)
            sentences.append(s)
            spans.append((i, at, pos))
    if not sentences:
        return
    sims = sentence_vectors.similarities(ask.text, sentences)
    for u in units:
        best = [
            float(sim)
            for (i, a, b), sim in zip(spans, sims, strict=True)
            if i == u.passage_index and a < u.block.end and b > u.block.start
        ]
        u.dense = max(best) if best else 0.0


def _entities_in(ask: Ask, folded: str) -> float:
    names = [fold(e) for e in ask.profile.entities]
    if not names:
        return 1.0
    return sum(1 for n in names if n in folded) / len(names)


def unit_features(units: list[Unit], passages: list[Passage], ask: Ask) -> np.ndarray:
    """The feature matrix (units × UNIT_FEATURES); also stored on each unit."""
    q = ask.profile
    total = sum(q.weights.values()) or 1.0
    dense = [u.dense for u in units]
    lo, hi = (min(dense), max(dense)) if dense else (0.0, 0.0)
    bm25 = [p.lexical_score or 0.0 for p in passages]
    top_bm25 = max(bm25) if bm25 and max(bm25) > 0 else 1.0
    n = max(len(passages), 1)
    rows = []
    previous: dict[int, tuple[float, set[str]]] = {}  # passage -> overlap and terms of its last unit
    for u in units:
        overlap = sum(w for t, w in q.weights.items() if t in u.terms) / total
        if u.kind == "list":
            # a list holds many words: its best item is what matches, not the union of all
            overlap = max(
                (sum(w for t, w in q.weights.items() if t in it) / total for it in u.item_terms), default=0.0
            )
        before, before_terms = previous.get(u.passage_index, (0.0, set()))
        previous[u.passage_index] = (overlap, u.terms)
        if ANAPHOR_RE.match(u.text):
            u.heading_terms = u.heading_terms | before_terms  # 'dit' in 'In 2021 was dit nog 52 fte'
        else:
            before = 0.0
        context = sum(w for t, w in q.weights.items() if t in u.heading_terms and t not in u.terms) / total
        has_number = bool(NUMBER_RE.search(u.text))
        near = 0.0
        if has_number:
            for m in NUMBER_RE.finditer(u.text):
                window = set(terms(u.text[max(0, m.start() - 40) : m.end() + 40]))
                if window & q.weights.keys():
                    near = 1.0
                    break
        is_list = u.kind == "list"
        words = max(u.words, 1)
        row = [
            overlap,
            context,
            u.dense,
            (u.dense - lo) / (hi - lo) if hi > lo else 0.0,
            1.0 - u.passage_index / n,
            bm25[u.passage_index] / top_bm25,
            1.0 if q.years and q.years & u.years else 0.0,
            1.0 if q.years and u.years and not q.years & u.years else 0.0,
            1.0 if q.wants_number and has_number else 0.0,
            near,
            1.0 if q.wants_money and _MONEY_RE.search(u.text) else 0.0,
            1.0 if q.wants_percent and _PERCENT_RE.search(u.text) else 0.0,
            1.0 if ask.wants_fte and _FTE_RE.search(u.text) else 0.0,
            1.0 if u.block.section and u.block.section in ask.sections else 0.0,
            1.0 if ask.wants_list and is_list else 0.0,
            1.0 if is_list and not ask.wants_list else 0.0,
            _entities_in(ask, u.folded),
            1.0 if (u.text[:1].islower() or u.text.rstrip().endswith((",", ":", ";")) or words < 6) else 0.0,
            math.log(words) / 5,
            1.0 if u.kind == "row" else 0.0,
            1.0 if ask.wants_why and _REASON_RE.search(u.text) else 0.0,
            1.0 if ask.wants_summary and u.block.section in ("samenvatting", "conclusie", "advies") else 0.0,
            before,
        ]
        rows.append(row)
    matrix = np.asarray(rows, dtype=np.float64).reshape(len(units), len(UNIT_FEATURES))
    for u, r in zip(units, matrix, strict=True):
        u.features = r
    return matrix


# --- answerability -----------------------------------------------------------------------

QUESTION_FEATURES = (
    "best_unit",
    "second_unit",
    "best_dense",
    "best_overlap",
    "coverage_top3",
    "coverage_passages",
    "passage_dense",
    "bm25_top",
    "rank_agreement",
    "year_in_unit",
    "year_missing",
    "entity_in_unit",
    "entity_in_passages",
    "entity_unknown",
    "number_type_missing",
    "list_missing",
    "english",
    "absent_rare",
    "unknown_share",
    "best_unit_linear",
)


@dataclass
class QuestionSignals:
    """Inputs of the answerability features that come from retrieval, not from the units."""

    known_terms: set[str] | None = None
    english: bool = False
    extra: dict[str, float] = field(default_factory=dict)


def question_features(
    ranked: list[Unit], passages: list[Passage], ask: Ask, signals: QuestionSignals
) -> np.ndarray:
    """Does the best unit carry the specific thing asked? One row of QUESTION_FEATURES.

    ``ranked``: the units by fitted score, best first.

    ========================  ==================================================================
    ``best_unit``             fitted score of the best unit
    ``second_unit``           fitted score of the second best unit
    ``best_dense``            similarity question ↔ best unit
    ``best_overlap``          idf-weighted share of question terms in the best unit
    ``coverage_top3``         share of question terms covered by the best three units together
    ``coverage_passages``     share of question terms found anywhere in the passages
    ``passage_dense``         similarity of the best passage (Chroma), 0 without one
    ``bm25_top``              log(1 + best BM25 score) / 4
    ``rank_agreement``        the best dense passage is among the three best BM25 passages
    ``year_in_unit``          a year is asked and the best unit has it (−1: asked, absent; 0: none asked)
    ``year_missing``          a year is asked and no passage has it
    ``entity_in_unit``        share of the question's names in the best unit (1 when none)
    ``entity_in_passages``    share of the question's names anywhere in the passages
    ``entity_unknown``        share of the question's names that the corpus never uses
    ``number_type_missing``   an amount/percentage/fte/count is asked and the best unit lacks it
    ``list_missing``          a list is asked and none of the best three units is a list
    ``english``               the question is in English (judged by meaning only)
    ``absent_rare``           idf of the rarest question word found in no passage, / 10
                              ('ransomware', 'salarisschaal', 'Rotterdam': the specific ask)
    ``unknown_share``         share of the question's words the corpus never uses
    ``best_unit_linear``      the best unit's linear score (absolute, where ``best_unit`` is
                              its share among this question's units), / 10
    ========================  ==================================================================
    """
    q = ask.profile
    total = sum(q.weights.values()) or 1.0
    best = ranked[0] if ranked else None
    top3 = ranked[:3]

    def cov(found: set[str]) -> float:
        return sum(w for t, w in q.weights.items() if t in found) / total

    passage_text = " ".join(p.text for p in passages)
    found_terms = passage_terms(passages)
    folded_passages = fold(passage_text)
    names = [fold(e) for e in q.entities]
    unknown = 0.0
    if names and signals.known_terms is not None:
        unknown = sum(1 for e in q.entities if any(t not in signals.known_terms for t in terms(e))) / len(
            names
        )
    dense_passages = [p.dense_score for p in passages if p.dense_score is not None]
    dense_order = sorted(range(len(passages)), key=lambda i: -(passages[i].dense_score or -9))
    bm25_order = sorted(range(len(passages)), key=lambda i: -(passages[i].lexical_score or -9))
    agreement = 1.0 if passages and dense_order[0] in bm25_order[:3] else 0.0
    bm25_top = max((p.lexical_score or 0.0 for p in passages), default=0.0)
    year_in_unit = 0.0
    if q.years:
        year_in_unit = 1.0 if best is not None and q.years & best.years else -1.0
    number_missing = 0.0
    if best is not None:
        needs = []
        if q.wants_money:
            needs.append(_MONEY_RE)
        if q.wants_percent:
            needs.append(_PERCENT_RE)
        if ask.wants_fte:
            needs.append(_FTE_RE)
        if ask.wants_count or needs:
            needs.append(NUMBER_RE)
        if needs and not all(r.search(best.text) for r in needs):
            number_missing = 1.0
    row = [
        ranked[0].score if ranked else 0.0,
        ranked[1].score if len(ranked) > 1 else 0.0,
        best.dense if best else 0.0,
        cov(best.terms) if best else 0.0,
        cov(set().union(*(u.terms for u in top3))) if top3 else 0.0,
        cov(found_terms),
        max(dense_passages) if dense_passages else 0.0,
        math.log1p(bm25_top) / 4,
        agreement,
        year_in_unit,
        1.0 if q.years and not any(y in passage_text for y in q.years) else 0.0,
        _entities_in(ask, best.folded) if best else 0.0,
        (sum(1 for n in names if n in folded_passages) / len(names)) if names else 1.0,
        unknown,
        number_missing,
        1.0 if ask.wants_list and not any(u.kind == "list" for u in top3) else 0.0,
        1.0 if signals.english else 0.0,
        max((w for t, w in q.weights.items() if t not in found_terms and not t[0].isdigit()), default=0.0)
        / 10,
        (
            sum(1 for t in q.weights if signals.known_terms is not None and t not in signals.known_terms)
            / max(len(q.weights), 1)
        ),
        (best.linear if best is not None else 0.0) / 10,
    ]
    return np.asarray(row, dtype=np.float64)
