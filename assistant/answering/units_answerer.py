"""The extractive answerer on document units: it leads with the unit that answers.

The path of one answer::

    passages -> units (sentences, whole lists, rows; assistant.retrieval.structure)
             -> unit features -> fitted unit score (weights.json)
             -> answerability features of the best units -> fitted p(answerable)
             -> abstain, or: the best unit first, further units only while they add a part
                of the question, within a word budget; a list is quoted as its items.

``prepare`` does the work that does not depend on the weights and ``decide`` the rest, so the
cross-validation in ``assistant.evaluation.fit`` prepares every question once and decides it
with the weights of each fold. Every word of an answer is quoted from a cited passage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from assistant.answering.asks import Ask, analyse
from assistant.answering.compose import not_covered
from assistant.answering.model import Compose, Logistic, Weights, load_weights
from assistant.answering.question import looks_english
from assistant.answering.units import (
    QUESTION_FEATURES,
    UNIT_FEATURES,
    QuestionSignals,
    Unit,
    attach_dense,
    question_features,
    unit_features,
    units_from,
)
from assistant.retrieval.structure import item_head
from assistant.sentence_split import split_sentences
from assistant.types import Answer, Passage


@dataclass
class Prepared:
    """A question with its passages, units and unit features: all that the weights act on."""

    question: str
    ask: Ask
    passages: list[Passage]
    units: list[Unit]
    matrix: np.ndarray
    signals: QuestionSignals


@dataclass
class Decision:
    ranked: list[Unit]
    features: np.ndarray  # QUESTION_FEATURES
    p_answerable: float
    answer: bool


def default_weights() -> Weights:
    """Weights before any fit (a fresh checkout without weights.json): word overlap and meaning
    dominate, asked years and names must be present. The fitted file replaces them."""
    unit_coef = dict.fromkeys(UNIT_FEATURES, 0.0)
    unit_coef.update(overlap=1.0, context=0.3, dense=0.5, dense_rel=0.6, year_match=0.3, year_other=-0.3)
    unit_coef.update(number_near=0.3, section_match=0.4, list_fit=0.5, fragment=-0.3, entity=0.2)
    question_coef = dict.fromkeys(QUESTION_FEATURES, 0.0)
    question_coef.update(best_overlap=2.0, coverage_passages=1.0, year_in_unit=0.5, year_missing=-1.0)
    question_coef.update(entity_in_unit=0.3, entity_unknown=-1.0, number_type_missing=-0.3)
    question_coef.update(
        english=2.5, absent_rare=-3.0
    )  # English: judged by meaning; a rare word no passage has
    return Weights(
        unit=Logistic(
            list(UNIT_FEATURES),
            [0.0] * len(UNIT_FEATURES),
            [1.0] * len(UNIT_FEATURES),
            list(unit_coef.values()),
            -1.0,
        ),
        answerable=Logistic(
            list(QUESTION_FEATURES),
            [0.0] * len(QUESTION_FEATURES),
            [1.0] * len(QUESTION_FEATURES),
            list(question_coef.values()),
            -1.2,
        ),
        threshold=0.3,  # a prior, not a fit: declines only what fails an asked year or name
    )


class UnitAnswerer:
    """Chooses and cites units; abstains when the best units do not carry what is asked."""

    mode = "extractive"

    def __init__(
        self,
        idf,
        *,
        sentence_vectors=None,
        known_terms: set[str] | None = None,
        weights=None,
        embeddings: str | None = None,
    ) -> None:
        self.idf = idf
        self.sentence_vectors = sentence_vectors
        self.known_terms = known_terms
        packaged = load_weights()
        # Fitted similarities mean something else under another embedding model (the fake one
        # of the tests): then the prior applies. Weights without a recorded model were fit with e5.
        if packaged is not None and embeddings and packaged.trained_on.get("embeddings", "e5") != embeddings:
            packaged = None
        self.weights: Weights = weights or packaged or default_weights()

    # the two halves -----------------------------------------------------------------

    def prepare(self, question: str, passages: list[Passage]) -> Prepared:
        ask = analyse(question, self.idf)
        units = units_from(passages)
        attach_dense(units, passages, ask, self.sentence_vectors)
        matrix = unit_features(units, passages, ask)
        english = looks_english(question) and self.sentence_vectors is not None
        signals = QuestionSignals(known_terms=self.known_terms, english=english)
        return Prepared(question, ask, passages, units, matrix, signals)

    def decide(self, prepared: Prepared, weights: Weights | None = None) -> Decision:
        weights = weights or self.weights
        units = prepared.units
        if units:
            scores = weights.unit.choice(prepared.matrix)
            linear = weights.unit.linear(prepared.matrix)
            for u, s, z in zip(units, scores, linear, strict=True):
                u.score, u.linear = float(s), float(z)
        ranked = sorted(units, key=lambda u: -u.score)
        features = question_features(ranked, prepared.passages, prepared.ask, prepared.signals)
        p = float(weights.answerable.probability(features[None, :])[0]) if ranked else 0.0
        return Decision(ranked, features, p, bool(ranked) and p >= weights.threshold)

    def gate(self, question: str, passages: list[Passage]) -> tuple[bool, list[Passage]]:
        """For the generative answerer: is the question answerable from these passages, and the
        passages ordered by their best unit (the model reads the answering passage first)."""
        decision = self.decide(self.prepare(question, passages))
        best: dict[int, float] = {}
        for u in decision.ranked:
            best.setdefault(u.passage_index, u.score)
        order = sorted(range(len(passages)), key=lambda i: (-best.get(i, -1.0), i))
        return decision.answer, [passages[i] for i in order]

    def answer(self, question: str, passages: list[Passage]) -> Answer:
        prepared = self.prepare(question, passages)
        return self.respond(prepared)

    def respond(self, prepared: Prepared, weights: Weights | None = None) -> Answer:
        weights = weights or self.weights
        decision = self.decide(prepared, weights)
        if not decision.answer:
            return self.abstain(prepared.question, prepared.passages, decision.p_answerable)
        chosen = select(decision.ranked, prepared.ask, weights.compose)
        return compose(prepared.question, chosen, prepared.passages, decision.p_answerable, weights.compose)

    def abstain(self, question: str, passages: list[Passage], conf: float = 0.0) -> Answer:
        return not_covered(question, passages, self.mode, conf)


# --- choosing and writing the units ---------------------------------------------------------


def select(ranked: list[Unit], ask: Ask, compose_: Compose) -> list[Unit]:
    """The lead unit, then units that add a part of the question, within the word budget.

    A part counts as added when the unit covers a sub-question not yet covered, or brings the
    kind of figure asked (a number, a year) that the chosen units lack, or, for why, summary
    and list questions, adds question terms not yet covered.
    """
    if not ranked:
        return []
    if not (ask.wants_list or ask.sections):
        # a list answers only a question that asks for one (or for its section); otherwise
        # its items are quoted as shortened heads and lose the detail asked for
        ranked = [u for u in ranked if u.kind != "list"] or ranked
    lead = ranked[0]
    chosen = [lead]
    q = ask.profile
    covered = set(lead.terms)
    words = lead.words
    if lead.kind == "list":
        return chosen
    broad = ask.wants_why or ask.wants_summary or ask.wants_list or len(q.parts) > 1
    for u in ranked[1:]:
        if len(chosen) >= compose_.max_units or words >= compose_.max_words:
            break
        if u.score < compose_.relative_floor * lead.score or u.words + words > compose_.max_words * 1.3:
            continue
        if u.kind == "list":
            continue  # a list after a sentence reads as a second answer
        if u.passage_index not in {c.passage_index for c in chosen} and (
            u.score < compose_.other_passage_floor * lead.score
        ):
            continue  # another source only for a strong unit: each citation should be relevant
        open_parts = [part for part in q.parts if not q.part_covered(part, covered)]
        adds_part = any(q.part_covered(part, u.terms | covered) for part in open_parts)
        new_terms = {t for t in q.weights if t in u.terms and t not in covered}
        adds_year = bool(q.years and (q.years & u.years) and not any(q.years & c.years for c in chosen))
        loose = broad or not compose_.strict
        if adds_part or adds_year or (loose and new_terms) or (broad and len(chosen) < 2):
            chosen.append(u)
            covered |= u.terms
            words += u.words
    return chosen


def _sentence_with_marker(text: str, n: int) -> str:
    text = text.rstrip()
    if text.endswith("…"):
        return f"{text} [{n}]"
    m = re.search(r"([.!?…]+[\"'”’)]*)$", text)
    if m:
        return f"{text[: m.start()].rstrip()} [{n}]{m.group(1)}"
    return f"{text} [{n}]."


def list_heads(u: Unit, compose_: Compose) -> list[str]:
    """The items of a list as shown: each shortened to its first clause."""
    limit = compose_.list_item_words if len(u.block.items) <= 6 else max(8, compose_.list_item_words // 2)
    return [item_head(item, limit) for item in u.block.items]


def shown_text(u: Unit, compose_: Compose) -> str:
    return "\n".join(list_heads(u, compose_)) if u.kind == "list" else u.text


def compose(
    question: str, chosen: list[Unit], passages: list[Passage], conf: float, compose_: Compose
) -> Answer:
    numbers: dict[int, int] = {}
    quotes: dict[int, list[str]] = {}
    for u in chosen:
        numbers.setdefault(u.passage_index, len(numbers) + 1)
    lines: list[str] = []
    for u in chosen:
        n = numbers[u.passage_index]
        if u.kind == "list":
            heads = list_heads(u, compose_)
            lines.extend(f"- {_sentence_with_marker(h, n)}" for h in heads)
            quotes.setdefault(u.passage_index, []).extend(heads)
        else:
            # every piece a sentence splitter may cut it into gets the marker ('Brown et al. 2014')
            pieces = split_sentences(u.text) or [u.text]
            shown = [f"{piece.rstrip()} [{n}]" for piece in pieces[:-1]] + [
                _sentence_with_marker(pieces[-1], n)
            ]
            lines.append(" ".join(shown))
            quotes.setdefault(u.passage_index, []).append(u.text)
    text = ""
    for line in lines:
        if not text:
            text = line
        elif line.startswith("- ") or text.split("\n")[-1].startswith("- "):
            text += "\n" + line
        else:
            text += " " + line
    citations = []
    for idx, n in numbers.items():
        p = passages[idx]
        citations.append(p.citation(n, " … ".join(quotes[idx])))
    return Answer(
        question=question,
        answer=text,
        abstained=False,
        mode="extractive",
        citations=sorted(citations, key=lambda c: c.n),
        retrieved=passages,
        confidence=conf,
    )
