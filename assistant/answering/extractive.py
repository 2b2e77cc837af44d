"""The answer object shared by CLI, web and eval, and the grounded extractive answerer.

The extractive answerer writes no words of its own beyond short connectives: it picks the
sentences of the retrieved passages that answer the question and cites each one, so every
figure in an answer is quoted exactly from its source.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from assistant.answering.answerability import AnswerabilityModel, answer_sentences
from assistant.answering.answerability import features as answerability_features
from assistant.answering.antecedents import for_the_year, with_subject
from assistant.answering.candidates import (
    Candidate,
    candidates_from,
    carrying,
    passage_terms,
    within,
)
from assistant.answering.compose import compose_list, compose_sentences, joined_lists, not_covered
from assistant.answering.confidence import confidence
from assistant.answering.lists import focus_list, lead_stretch, section_list, sibling_list
from assistant.answering.named import from_named, named_passages, summary_opening, without_names
from assistant.answering.parts import second_part
from assistant.answering.question import QuestionProfile, looks_english, profile_question, without_title_years
from assistant.answering.sentence_weights import SentenceWeights
from assistant.answering.stretch import (
    DESCRIPTION_SUM_WEIGHT,
    REASON_FLOOR,
    STRETCH_WORDS,
    best_stretch,
    led_by,
)
from assistant.retrieval.sections import answering_sections
from assistant.retrieval.structure import Block, section_key
from assistant.text import terms
from assistant.types import Answer, Passage


class ExtractiveAnswerer:
    """Chooses and cites sentences; abstains when the passages do not carry the question."""

    mode = "extractive"

    def __init__(
        self,
        idf,
        *,
        sentence_vectors=None,
        known_terms: set[str] | None = None,
        answerability: AnswerabilityModel | None = None,
        max_sentences: int = 4,
        abstain_threshold: float = 0.3,
        dense_weight: float = 0.7,
        relative_floor: float = 0.5,
        other_passage_floor: float = 0.9,
        context_weight: float = 1.0,
        english_min_similarity: float = 0.82,
        max_words: int = 84,
        window_sum_weight: float = 0.2,
        following: Callable[[Passage], Passage | None] | None = None,
        named: Callable[[str], set[tuple[str, str | None]]] | None = None,
        names: Callable[[str], set[str]] | None = None,
        weights: SentenceWeights | None = None,
    ) -> None:
        self.weights = weights or SentenceWeights()
        # max_words and window_sum_weight: 5-fold cross-validation on eval/qa.jsonl (always
        # answering) over 80/85/90 words x 0.1/0.2/0.3 picked 85/0.2 in every fold (median at most
        # 78 words on the training folds). 84 since cut sentences are joined (round 36): at 85 the
        # --cv 5 median came to 80-81 words, at 84 79-80 (eval/README.md, "Ronde 36").
        self.max_words = max_words
        self.following = following  # the next chunk of a document: a list may go on there
        self.named = named  # the documents and parts a question names ('volgens het oprichtingsplan')
        self.names = names  # the names it uses for them ('oprichtingsplan')
        self.answerability = answerability
        self.always_answer = False  # set by the evaluation while it collects the model's features
        self.window_sum_weight = window_sum_weight
        self.list_item_words = 10  # an item of a quoted enumeration: its first clause, at most this long
        # what the sentences after a stretch may grow it to (``went_on``); the items of a quoted
        # enumeration share it where that gives each more than list_item_words
        self.stretch_words = STRETCH_WORDS
        self.english_min_similarity = english_min_similarity
        self.context_weight = context_weight
        # A further sentence must score at least relative_floor x the best one; from another
        # passage, other_passage_floor x, unless it covers an open part of the question (one
        # citation reads better than four). Hand-set, like SentenceWeights; they shape figure
        # answers (which quote the chosen sentences) and the confidence feature.
        self.other_passage_floor = other_passage_floor
        self.relative_floor = relative_floor
        self.idf = idf
        self.known_terms = known_terms
        self.sentence_vectors = sentence_vectors
        self.dense_weight = dense_weight
        self.max_sentences = max_sentences
        self.abstain_threshold = abstain_threshold

    # scoring ------------------------------------------------------------------

    def _base_score(self, c: Candidate, q: QuestionProfile, n_passages: int) -> float:
        total, held = sum(q.weights.values()) or 1.0, c.scored_terms(q.wants_number)
        overlap = sum(w for t, w in q.weights.items() if t in held) / total
        # its heading, and for a figure of an asked year what 'dit' refers back to ('In 2021 was
        # dit nog 52 fte' after '… 56 ICT-fte per 100.000 inwoners'); for other questions that
        # lost recall (0.489 -> 0.464 always answering)
        about = c.context | c.antecedent if q.wants_number and q.years & c.years else c.context
        context = sum(w for t, w in q.weights.items() if t in about and t not in held) / total
        score = overlap + self.context_weight * context
        w = self.weights
        if q.focus & c.context:
            score += w.focus
        if q.wants_number and c.has_number:
            score += w.number
            if q.weights.keys() & c.number_terms:
                score += w.number_near_term
            if q.wants_money and c.has_money:
                score += w.money
            if q.wants_percent and c.has_percent:
                score += w.percent
        if q.years:
            score += w.year if q.years & c.years else (-w.other_year if c.years else 0.0)
        score += w.rank * (1.0 - c.passage_index / max(n_passages, 1))
        if not q.wants_number:  # a figure's sentence is found by its figure, subject and year
            score += w.lexical * c.passage_lexical
        if len(c.text) > 400:
            score -= w.long
        if c.fragment:
            score -= w.fragment
        if c.text.rstrip().endswith("?") and not q.asks_questions:
            score -= w.asks
        # a table row's label; the sentence that defines what 'Wat is …?' asks (as the heading asked)
        return score + w.label * q.labels(c.text) + w.focus * q.defined(c.text)

    def is_unknown(self, name: str) -> bool:
        """A name the indexed corpus never uses (a municipality, product or person it lacks)."""
        if self.known_terms is None:
            return False
        return any(t not in self.known_terms for t in terms(name))

    # selection ----------------------------------------------------------------

    def select(self, q: QuestionProfile, cands: list[Candidate], n_passages: int) -> list[Candidate]:
        for c in cands:
            c.score = self._base_score(c, q, n_passages)
        if self.sentence_vectors is not None and cands:
            sims = self.sentence_vectors.similarities(q.text, [c.text for c in cands])
            lo, hi = float(sims.min()), float(sims.max())
            for c, sim in zip(cands, sims, strict=True):
                c.similarity = float(sim)
                c.dense = (float(sim) - lo) / (hi - lo) if hi > lo else 0.0
                c.score += self.dense_weight * c.dense
        sw = self.weights
        pool = sorted(cands, key=lambda c: -c.score)[:40]
        if not pool:
            return []
        chosen = [pool[0]]
        covered = set(pool[0].terms)
        total = sum(q.weights.values()) or 1.0
        floor = pool[0].score * self.relative_floor
        while len(chosen) < self.max_sentences:
            best, gain = None, -1.0
            used = {x.passage_index for x in chosen}
            money = any(x.has_money for x in chosen)
            open_parts = [i for i in range(len(q.parts)) if not q.part_met(i, covered, money)]
            for c in pool:
                if c in chosen or c.score < floor:
                    continue
                covers_part = any(q.part_met(i, c.terms, c.has_money) for i in open_parts)
                if (
                    c.passage_index not in used
                    and not covers_part
                    and c.score < pool[0].score * self.other_passage_floor
                ):
                    continue
                redundancy = len(c.terms & covered) / max(len(c.terms), 1)
                if redundancy > sw.max_redundancy:
                    continue
                new = sum(w for t, w in q.weights.items() if t in c.terms and t not in covered) / total
                part_gain = sum(sw.part for i in open_parts if q.part_touched(i, c.terms, c.has_money))
                first_number = q.wants_number and c.has_number and not any(x.has_number for x in chosen)
                number_gain = sw.first_number if first_number else 0.0
                same_passage = (
                    sw.same_passage if any(x.passage_index == c.passage_index for x in chosen) else 0.0
                )
                g = (
                    c.score
                    + sw.new_terms * new
                    + part_gain
                    + number_gain
                    + same_passage
                    - sw.redundancy * redundancy
                )
                if g > gain:
                    best, gain = c, g
            if best is None:
                break
            chosen.append(best)
            covered |= best.terms
        return chosen

    # composing --------------------------------------------------------------------

    def answer(self, question: str, passages: list[Passage]) -> Answer:
        composed, (answerable, conf, x) = self._judged(question, passages)
        answer = composed if answerable and composed is not None else self.abstain(question, passages, conf)
        answer.confidence = conf
        answer.answerability_features = None if x is None else x.tolist()
        return answer

    def _judged(
        self, question: str, passages: list[Passage]
    ) -> tuple[Answer | None, tuple[bool, float, np.ndarray | None]]:
        """The answer as it would be given (None without a sentence to quote) and the decision
        on it: whether it quotes the asked figure or date is one of the decision's signals."""
        q = without_title_years(profile_question(question, self.idf), passages)
        cands = candidates_from(passages)
        chosen = self.select(q, cands, len(passages))
        composed = self.composed(question, q, cands, chosen, passages) if chosen else None
        return composed, self.decide(q, cands, chosen, passages, composed)

    def composed(
        self,
        question: str,
        q: QuestionProfile,
        cands: list[Candidate],
        chosen: list[Candidate],
        passages: list[Passage],
    ) -> Answer:
        """The answer, where the question is answered (its confidence is set by the caller)."""
        # 'volgens het oprichtingsplan': quoted from that part
        keep = named_passages(self.named(question), passages) if self.named else set()
        # a section ('de risico's') is quoted only from a passage about the names the question gives
        # ('Beware' in 'het Beware-voorstel' too); none where no passage has them all
        holding = carrying(q.specific_names(0.0) | q.prefix_names, passages) or None
        listed = section_list(q, cands, passages, keep, holding) or focus_list(q, passages, keep)
        if listed is not None:
            index, block, *intro = listed
            answer = self.compose_list(question, index, block, passages, 0.0, *intro)
            sibling = sibling_list(q, passages, index, block, keep)
            if sibling is None:
                return answer
            return joined_lists(
                answer, self.compose_list(question, index, sibling[0], passages, 0.0, sibling[1])
            )
        # 'vat het raadsvoorstel samen': its summary section, to its end within the words an
        # answer may read on to (not cut at one stretch's 85: 'Deelname resulteert in meer
        # flexibiliteit, grotere onafhankelijkheid …' was left out). --cv 5: key-fact recall
        # 0.623 -> 0.625 (q-056 0.67 -> 1.0, no other answer changes)
        cands, chosen = from_named(keep, cands, chosen, q.wants_number)
        opening = summary_opening(question, cands, passages, self.stretch_words) if keep else []
        opening = opening or lead_stretch(q, cands, passages, keep, self.stretch_words)
        if keep and self.names and not q.wants_number:
            q = without_names(q, self.names(question))  # the document is chosen: its name says nothing
            chosen = self.select(q, cands, len(passages))
        # a figure's answer leads with the sentence chosen first: the one with the figure
        lead = chosen[0] if q.wants_number else None
        shown = opening or self.shown(q, cands, chosen, holding)
        return self.compose(question, shown, passages, 0.0, lead)

    def decide(
        self,
        q: QuestionProfile,
        cands: list[Candidate],
        chosen: list[Candidate],
        passages: list[Passage],
        composed: Answer | None = None,
    ) -> tuple[bool, float, np.ndarray | None]:
        """Answer or abstain, with the confidence (p(answerable) under the fitted model) and the
        model's features (None where the model does not apply); ``composed``: the answer as it
        would be given."""
        found_terms = passage_terms(passages)  # ~3 ms for six passages: once, for both
        conf = confidence(q, chosen, passages, found_terms, self.is_unknown)
        if not chosen:
            return False, conf, None
        if looks_english(q.text) and self.sentence_vectors is not None:
            # Dutch word overlap says nothing about an English question: judge by meaning
            # (the embeddings are multilingual), so it is answered from the Dutch text. The
            # fitted model saw Dutch questions only.
            best = float(self.sentence_vectors.similarities(q.text, [c.text for c in chosen]).max())
            conf = max(conf, 0.5 if best >= self.english_min_similarity else 0.0)
            return conf >= self.abstain_threshold, conf, None
        if self.sentence_vectors is None:
            # A staged start without sentence vectors: the hand-written rule.
            return conf >= self.abstain_threshold, conf, None
        shown = None if composed is None else answer_sentences(composed.answer)
        x = answerability_features(q, cands, passages, found_terms, conf, self.is_unknown, shown)
        if self.always_answer:
            return True, conf, x
        if self.answerability is None:  # no fitted model: the hand-written rule
            return conf >= self.abstain_threshold, conf, x
        p = self.answerability.probability(x)
        return p >= self.answerability.threshold, p, x

    def gate(self, question: str, passages: list[Passage]) -> tuple[bool, list[Passage]]:
        """For the generative answerer: the same answerability decision before any model is
        called. The passages keep their retrieval order (and so their source numbers). An English
        question goes to the model, which reads the Dutch sources; its checker still holds."""
        if looks_english(question):
            return True, passages
        return self._judged(question, passages)[1][0], passages

    def shown(
        self,
        q: QuestionProfile,
        cands: list[Candidate],
        chosen: list[Candidate],
        holding: set[int] | None = None,
    ) -> list[Candidate]:
        """What the answer quotes. A figure is answered by the sentences chosen for it (in
        document order, see ``antecedents.for_the_year``). Any other question gets the best stretch of one passage under one
        heading: a list, a reason or a line of argument reads as the document wrote it, and one
        citation carries it (measured: more key facts in fewer words, more precise citations)."""
        if q.wants_number:
            return within(for_the_year(q.years, cands, with_subject(cands, chosen)), self.max_words)
        asked = answering_sections(q.text)
        if asked:  # 'welke argumenten': the stretch under the heading 'Argumenten', where there is one
            under = [
                c
                for c in cands
                if section_key(c.heading) in asked and (holding is None or c.passage_index in holding)
            ]
            if any(not c.fragment for c in under):  # not only the rest of a heading broken over lines
                # read from the section's start: 'Vervolgproces' opens with 'Indien de raad …', not
                # with its best-matching second sentence (same answers on eval/qa.jsonl)
                return self.best_window(under, lead=False)
            # nor, where the passages about the question's names have no such section, from that
            # section of another document ('Welke risico's … bij de RID': not Woerden's)
            if holding is not None:
                cands = [
                    c for c in cands if c.passage_index in holding or section_key(c.heading) not in asked
                ]
        # an explanation or a description reads on further
        floor = REASON_FLOOR if q.asks_reason or q.asks_description else None
        weight = DESCRIPTION_SUM_WEIGHT if q.asks_description else None
        if window := led_by(self.best_window(cands, not q.focus, floor, weight), q.defined):
            return second_part(q, cands, window, self.relative_floor, self.stretch_words)
        return within(chosen, self.max_words)

    def best_window(
        self,
        cands: list[Candidate],
        lead: bool = True,
        floor: float | None = None,
        weight: float | None = None,
    ) -> list[Candidate]:
        floor = self.relative_floor if floor is None else floor
        weight = self.window_sum_weight if weight is None else weight
        return best_stretch(cands, self.max_words, weight, lead, self.stretch_words, floor)

    def compose(
        self,
        question: str,
        chosen: list[Candidate],
        passages: list[Passage],
        conf: float,
        lead: Candidate | None = None,
    ) -> Answer:
        return compose_sentences(question, chosen, passages, conf, self.mode, lead)

    def compose_list(
        self,
        question: str,
        index: int,
        block: Block,
        passages: list[Passage],
        conf: float,
        intro: str | None = None,
    ) -> Answer:
        """The enumeration, items shortened (``list_item_words``), introduced by ``intro`` or
        its heading."""
        return compose_list(
            question,
            index,
            block,
            passages,
            conf,
            self.mode,
            self.list_item_words,
            self.following,
            intro,
            self.stretch_words,
        )

    def abstain(self, question: str, passages: list[Passage], conf: float = 0.0) -> Answer:
        return not_covered(question, passages, self.mode, conf)
