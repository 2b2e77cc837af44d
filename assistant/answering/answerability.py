"""Do the passages answer the question? A fitted logistic regression over documented signals.

Word coverage alone cannot tell a near miss ('the ICT costs per inhabitant of Boxtel', when the
documents give them for Eindhoven only) from a paraphrase. The signals therefore ask whether one
sentence carries the specific thing asked: a number for 'hoeveel' (in the asked measure,
``measures``: 'per medewerker' is not carried by a figure per inwoner, 'welk percentage' not by
a head count), a date for 'wanneer', a name for 'wie' or for a body ('welk adviesbureau', 'welke
leverancier'; not one the question gives), together with every name and year the question gives.

Features, per question (``FEATURES``; sentences are the answerer's candidates, a share is the
part of the question's idf weight a sentence holds, the parts of its compounds included):

- ``conf``: the hand-written confidence (``answering.confidence``).
- ``best``: the best share of one sentence (not a point of a slide or table).
- ``slot_must``: the best share among sentences that hold the asked kind of thing and every name
  and year of the question (of one part of a two-part question); ``slot``: holding the asked kind;
  ``must``: holding the names and years (the heading a sentence sits under, the title of its
  document count, and for a year the rest of its paragraph). A 'wie' that names no role ('Wie
  heeft het rapport geschreven?') is held by an organisation's name as well as a person's
  (``kinds.PERSON_ROLE_RE``), and the country every document is about ('in Nederland') is no name
  a sentence must repeat. Both came from questions typed as a user would, not from eval/qa.jsonl;
  see eval/README.md for what they measure. A sentence that opens by referring back ('Hierdoor
  zijn de kosten … met 1,5 euro per inwoner toegenomen', ``candidates.OPENS_BACK_RE``) holds the
  names and years of the sentence before it in its passage (eval/README.md, "Ronde 41").
- ``must_found``: every name and year of the question occurs in the passages, or the name it
  derives from by an ending of at most three letters ('Liemerse', 'Woerdens', 'Nederlanders'):
  '… bij de Liemerse gemeenten' was declined. --cv 5: false abstention 0.068 -> 0.063, key-fact
  recall 0.615 -> 0.618; five fold assignments abstention recall 0.720 -> 0.727 at false abstention
  0.077 -> 0.074, key-fact recall 0.609 -> 0.611.
- ``rare``: the largest share of the question's rarest terms (idf ≥ 0.7 × the highest) in one sentence.
- ``unknown``: names of the question the corpus never uses.
- ``max_sim``, ``top3_sim``: cosine of the question with its closest sentence, and the mean of the
  closest three (the sentence vectors).
- ``top_dense``: the best passage's dense retrieval score.
- ``ask_number``, ``ask_date``, ``ask_person``, ``ask_yesno``: what kind of answer is asked. A
  question for a reason asks no figure though it names one ('Waarom moet Woerden de kosten …
  opvangen?' was declined for lack of a figure). --cv 5: abstention recall 0.717 -> 0.735 at false
  abstention 0.068; five fold assignments 0.701 -> 0.721 at 0.075 -> 0.077, key-fact recall 0.609.
- ``has_must``: the question gives a name or a year.
- ``gap_figure``, ``gap_other``: ``best`` − ``slot_must``, how far the best sentence is from one
  that carries the ask, for a question that asks a figure and for any other. For a figure that
  sentence must give a number in the asked measure, so an answerable question's best sentence is
  often not it; for others a gap says that the question's names or years are missing. Apart,
  --cv 5: key-fact recall 0.615 -> 0.619, abstention recall 0.716 -> 0.723 at false abstention
  0.068; eval/fresh.jsonl false abstention 0.115 -> 0.104 (eval/README.md, "Ronde 39").
- ``chosen_slot``: for a question that asks a figure outright ('hoeveel', 'hoe hoog', 'wat heeft
  … gekost', ``kinds.FIGURE_ASK_RE``), a date or a frequency ('hoe vaak'), one of the sentences
  the answerer chose to quote holds it (1 for other questions). ``slot`` looks at every sentence:
  a date or a number somewhere in six passages says little, the answer that quotes none says that
  it has none ('Op welke datum is het directiereglement van Beware in werking getreden?' was
  answered with the regulation's title line). --cv 5: abstention recall 0.646 -> 0.664, false abstention 0.063
  and the answers unchanged; five fold assignments 0.632 -> 0.667 at false abstention 0.073 ->
  0.073, key-fact recall 0.565 -> 0.564. For every ``ask_number`` question (which a word near a
  figure makes one too: 'Hoe worden de kosten verdeeld?') and for persons, it declined answerable
  questions as well: five assignments 0.653 at false abstention 0.079, key-fact recall 0.558.
  The sentences are those of the answer as it would be given (``answer_sentences``), not those
  chosen first: an answer cut to its words, or a stretch or list in their place, may leave the
  figure out ('Hoe hoog zouden de frictiekosten zijn als Zevenaar stopt met de RID …?' was
  answered without an amount, its fourth chosen sentence cut). --cv 5: abstention recall 0.717
  -> 0.752 at false abstention 0.063 (q-242, q-243, q-245, q-260 declined), the answers
  unchanged; five fold assignments 0.722 -> 0.729 at 0.074 -> 0.075, key-fact recall 0.648 ->
  0.649. A figure asked for a year ('… in 2018?') is given only where the answer names that year,
  in its sentences or the paragraph of the sentence with the figure (``paragraphs.gives_ask``): 'Hoeveel
  ICT-fte per 100.000 inwoners hadden gemeenten gemiddeld in 2018?' was answered with the 56 fte
  of 2022. --cv 5: abstention recall 0.731 -> 0.738 at false abstention 0.068 -> 0.072 (q-036 and
  q-206 declined); five fold assignments 0.716 -> 0.723 at 0.071 -> 0.072, key-fact recall 0.621
  -> 0.622 (eval/README.md, "Ronde 42").
- ``counted``: for a list asked with its length ('Welke vijf leveranciers …?', 'Op welke zes
  functies …?'), the passages enumerate that many (``counted.enumerated``; 1 for other
  questions). A near miss names the count without the items ('… ingehuurd op een 6-tal
  functies'). --cv 5: abstention recall 0.664 -> 0.717 at false abstention 0.063 -> 0.068 (the
  three counted lists of eval/qa.jsonl declined, three more by the refit, one answerable
  question declined); five fold assignments 0.667 -> 0.699 at 0.073 -> 0.074, key-fact recall
  0.568 -> 0.566.

The weights, their standardisation and the threshold are fitted by ``FIT_COMMAND`` into
``answerability.json`` beside this module, on eval/qa.jsonl and the training questions of
eval/train.jsonl (``--train``, never measured); ``assistant eval --cv K`` fits them on K−1 folds
(and the training questions) and measures the held-out fold.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.answering.candidates import OPENS_BACK_RE, Candidate, figures
from assistant.answering.counted import enumerated
from assistant.answering.kinds import (
    BODY_ASK_RE,
    BODY_NAME_RE,
    DATE_ASK_RE,
    DATE_RE,
    DAY_ASK_RE,
    DAY_RE,
    FIGURE_ASK_RE,
    FREQUENCY_ASK_RE,
    FREQUENCY_RE,
    NAME_RE,
    NUMBER_ASK_RE,
    NUMBER_WORD_RE,
    PERSON_ASK_RE,
    PERSON_ROLE_RE,
    YESNO_ASK_RE,
)
from assistant.answering.measures import asked_measure
from assistant.answering.model import Logistic
from assistant.answering.paragraphs import gives_ask, paragraph_years
from assistant.answering.question import YEAR_RE, QuestionProfile
from assistant.text import NUMBER_RE, terms
from assistant.types import Passage

MODEL_PATH = Path(__file__).with_name("answerability.json")
# A name of the question that a sentence must hold (with every year) has at least this share of
# the highest idf the corpus has (that of a word it lacks): a name in more than about one chunk
# in eight ('ICT', 'gemeenten', 'RID', 'VNG' here) says nothing specific about the ask. Measured
# with --cv 5 on eval/qa.jsonl as absolute idf (highest 6.4), abstention recall / false
# abstention: no limit 0.46 / 0.082; 1.0 0.50 / 0.092; 2.0 0.50 / 0.073; 2.5 0.49 / 0.073;
# 3.0 0.45 / 0.082 (the values were compared on that same set); 0.3 x 6.4 = 1.9.
MUST_MIN_IDF_SHARE = 0.3
MODEL_VERSION = 1
FIT_COMMAND = "assistant eval --qa eval/qa.jsonl --train eval/train.jsonl --fit"

FEATURES = (
    "conf",
    "best",
    "slot_must",
    "slot",
    "must",
    "must_found",
    "rare",
    "unknown",
    "max_sim",
    "top3_sim",
    "top_dense",
    "ask_number",
    "ask_date",
    "ask_person",
    "ask_yesno",
    "has_must",
    "gap_figure",
    "gap_other",
    "chosen_slot",
    "counted",
)

# The sign a feature's weight may take (+1: more of it means answerable, -1: the opposite, 0: free).
# Fitted without them, correlated features (conf and best, the similarities) took opposite signs
# that cancel on the QA set but not elsewhere: a one-page corpus whose single passage answers the
# question outright was declined (p = 0.08), because best = 1.0 weighed as a strong "no".
SIGNS = {
    "conf": 1,
    "best": 1,
    "slot_must": 1,
    "slot": 1,
    "must": 1,
    "must_found": 1,
    "rare": 1,
    "unknown": -1,
    "max_sim": 1,
    "top3_sim": 1,
    "top_dense": 1,
    "ask_number": 0,
    "ask_date": 0,
    "ask_person": 0,
    "ask_yesno": 0,
    "has_must": 0,
    "gap_figure": -1,
    "gap_other": -1,
    "chosen_slot": 1,
    "counted": 1,
}

# An answer's sentences end at their source marks ('… 352 gemeenten [1].'); an item of a quoted
# list opens with its mark ('1) …', 'a. …', '- …'), which is no figure.
_SOURCE_MARK_RE = re.compile(r"\s*\[\d+\][.:]?\s*")
_ITEM_MARK_RE = re.compile(r"^(?:[-•»]|\w{1,3}[.)])\s+")


def answer_sentences(answer: str) -> list[str]:
    """The sentences an answer shows, without source marks and list marks."""
    return [_ITEM_MARK_RE.sub("", s.strip()) for s in _SOURCE_MARK_RE.split(answer) if s.strip()]


def _derived_found(term: str, found: set[str]) -> bool:
    """The term, or a name it derives from by an ending of at most three letters: 'liemers' for
    'liemerse', 'nederland' for 'nederlanders'."""
    if term in found:
        return True
    return any(term[:k] in found for k in range(max(4, len(term) - 3), len(term)))


@dataclass
class AnswerabilityModel:
    """The fitted regression and its threshold: answer when p(answerable) ≥ ``threshold``."""

    logistic: Logistic
    threshold: float
    version: int = MODEL_VERSION
    command: str = FIT_COMMAND
    trained_on: dict = field(default_factory=dict)

    def probability(self, x: np.ndarray) -> float:
        return float(self.logistic.probability(x[None, :])[0])

    def save(self, path: Path = MODEL_PATH) -> None:
        path.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def load_model(embeddings: str | None = None, path: Path = MODEL_PATH) -> AnswerabilityModel | None:
    """The packaged model, or None when absent, of another version, for other features or fit
    under another embedding model than ``embeddings`` (its similarity features mean something
    else there). Then the hand-written confidence and its threshold decide."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("version") != MODEL_VERSION or data.get("logistic", {}).get("features") != list(FEATURES):
        return None
    if embeddings is not None and data.get("trained_on", {}).get("embeddings") != embeddings:
        return None
    return AnswerabilityModel(
        logistic=Logistic(**data["logistic"]),
        threshold=float(data["threshold"]),
        version=MODEL_VERSION,
        command=str(data.get("command", FIT_COMMAND)),
        trained_on=dict(data.get("trained_on", {})),
    )


@lru_cache(maxsize=1)
def _scope_terms() -> frozenset[str]:
    """The country every document is about: 'in Nederland' names no subject that a figure's sentence
    must repeat ('Hoeveel gemeenten waren er in Nederland rond 1900?' was declined, as 'Ter
    vergelijking: in 1900 waren er nog 1121 gemeenten.' does not say 'Nederland')."""
    return frozenset(terms("Nederland Nederlandse Nederlands"))


def features(
    q: QuestionProfile,
    cands: list[Candidate],
    passages: list[Passage],
    found_terms: set[str],
    conf: float,
    is_unknown: Callable[[str], bool],
    shown: list[str] | None = None,
) -> np.ndarray:
    """The FEATURES of one question; ``cands`` carry their ``similarity`` to the question,
    ``found_terms`` are the terms of the passages (``candidates.passage_terms``), ``shown`` are
    the sentences of the answer as it would be given (``answer_sentences``; None: any candidate)."""
    text = q.text
    # 'Waarom moet Woerden de kosten … opvangen?' asks a reason, not a figure, though it names one;
    # as for the answerer's ``wants_number``, unless it asks a figure outright as well
    ask_number = bool(NUMBER_ASK_RE.search(text)) and not (q.asks_reason and not FIGURE_ASK_RE.search(text))
    ask_date = bool(DATE_ASK_RE.search(text))
    ask_person = bool(PERSON_ASK_RE.search(text))
    ask_body = bool(BODY_ASK_RE.search(text)) and not ask_person
    ask_who_body = ask_person and not PERSON_ROLE_RE.search(text)
    ask_day = bool(DAY_ASK_RE.search(text))
    ask_frequency = bool(FREQUENCY_ASK_RE.search(text))
    asks_figure = bool(FIGURE_ASK_RE.search(text))
    asks_outright = ask_date or ask_frequency or asks_figure
    measure = asked_measure(text)  # 'per medewerker', 'welk percentage'
    asked_words = {w.lower() for w in re.findall(r"\w+", text)}
    total = sum(q.weights.values()) or 1.0
    must = (q.specific_names(MUST_MIN_IDF_SHARE) - _scope_terms()) | q.years
    top = max(q.weights.values(), default=1.0)
    rare = [t for t, w in q.weights.items() if w >= 0.7 * top]

    def share(c: Candidate) -> float:
        # a compound's parts count: 'De lidmaatschapskosten zijn €22.000 per jaar' carries the
        # 'lidmaatschap' of 'Wat kost het lidmaatschap van Beware voor Woerden per jaar?', which
        # it declined (p 0.17 -> 0.30). --cv 5: abstention recall 0.628 -> 0.637 at the same false
        # abstention; five fold assignments 0.618 -> 0.625, false abstention unchanged. (In the
        # answerer's own scores only the head counts: all parts lost key facts.)
        return sum(w for t, w in q.weights.items() if t in c.terms or t in c.parts) / total

    def holds_ask(sentence: str) -> bool:
        if ask_date:
            # 'op welke datum' asks a day: a year or a month alone does not give it
            return bool((DAY_RE if ask_day else DATE_RE).search(sentence))
        if ask_frequency:  # 'Hoe vaak per maand …': in that measure too
            return bool(FREQUENCY_RE.search(sentence)) and (measure is None or measure(sentence))
        # a name the question gives ('Wie volgde wethouder Duindam op?') is not the answer
        if ask_person and any(
            m.group(0).split()[-1].lower() not in asked_words for m in NAME_RE.finditer(sentence)
        ):
            return True
        if ask_body or ask_who_body:
            # a body's name the question does not give: a capitalised word inside the sentence
            # not one the question gives in parts ('GT-mobiel' of '… de VNG-aanbesteding GT-mobiel …').
            # --cv 5: abstention recall 0.738 -> 0.745 (q-403), false abstention 0.072; five fold
            # assignments 0.723 -> 0.728 at 0.072 -> 0.073. On eval/fresh.jsonl q-798 ('Op hoeveel …
            # leveranciers …, en welke partijen …?') lost 'ICT-leveranciers' as its body and was declined.
            if any(
                not set(re.findall(r"\w+", m.group(0).lower())) <= asked_words
                for m in BODY_NAME_RE.finditer(sentence)
            ):
                return True
            # 'Op hoeveel … ICT-leveranciers schatten de auteurs de markt, en welke partijen …?'
            # asks a figure first: the sentence with it gives the ask (eval/fresh.jsonl q-798)
            if not (ask_number and asks_figure):
                return False
        if ask_person:
            return False
        if ask_number:
            if measure is not None and not measure(sentence):
                return False
            return any(
                not YEAR_RE.fullmatch(m.group(0)) for m in NUMBER_RE.finditer(figures(sentence))
            ) or bool(NUMBER_WORD_RE.search(sentence))
        return True

    # A question of two parts ('… rond 1900, en hoeveel sinds 1 januari 2021?') asks each part's
    # names and years of its own sentence; the title of the document a sentence is in counts
    # ('de 19e ICT Benchmark Gemeenten': the benchmark's sentences need not repeat its name).
    must_parts = [must & part for part in q.parts if must & part] or [must]
    titles = [set(terms(f"{p.title} {p.part or ''}")) for p in passages]

    # A sentence that opens by referring back holds the names of the one before it: 'Hierdoor zijn
    # de kosten voor kantoorautomatisering met 1,5 euro per inwoner toegenomen' after the sentence
    # on 'Microsoft E5 licenties'.
    before = {
        id(c): cands[i - 1]
        for i, c in enumerate(cands)
        if i and cands[i - 1].passage_index == c.passage_index and OPENS_BACK_RE.match(c.text)
    }

    def holds_must(c: Candidate) -> bool:
        there = c.terms | c.context | c.years
        if id(c) in before:
            there = there | before[id(c)].terms | before[id(c)].years
        if c.passage_index < len(titles):
            there = there | titles[c.passage_index]
        if any(needed <= there for needed in must_parts):
            return True
        # a year from the paragraph around it: 'In 2021 heeft de RID deelgenomen aan de benchmark.
        # … de ICT-kosten per inwoner voor Duiven, Westervoort en Zevenaar uitkwamen op € 88,-'.
        # Not a name: 'De kosten van Eindhoven zijn € 102. Boxtel neemt deel.' gives no figure
        # for Boxtel.
        years = paragraph_years(passages[c.passage_index].text, c.text)
        return any(needed - there <= years for needed in must_parts)

    shares = [share(c) for c in cands]
    # The best share among sentences, not the points of a slide or table: a table's title names
    # the question's words and carries no answer ('VN E-Government Development Index 2016 -
    # Landen top 10'). Counted in ``best`` (and so in the gaps), points declined 3 answerable
    # questions (--cv 5, false abstention 0.077 -> 0.092); left out of every feature, 'MoU door
    # Gemboxx opgezegd' could not carry its ask.
    best = max((s for s, c in zip(shares, cands, strict=True) if not c.point), default=0.0)
    held = [holds_ask(c.text) for c in cands]  # once per sentence: slot_must and slot both ask
    slot_must = max(
        (s for s, c, h in zip(shares, cands, held, strict=True) if h and holds_must(c)), default=0.0
    )
    slot = max((s for s, h in zip(shares, held, strict=True) if h), default=0.0)
    must_share = max((s for s, c in zip(shares, cands, strict=True) if holds_must(c)), default=0.0)
    sims = sorted((c.similarity for c in cands), reverse=True) or [0.0]
    return np.asarray(
        [
            conf,
            best,
            slot_must,
            slot,
            must_share,
            float(all(_derived_found(t, found_terms) for t in must)) if must else 1.0,
            max((sum(t in c.terms for t in rare) / max(len(rare), 1) for c in cands), default=0.0),
            float(sum(is_unknown(e) for e in q.entities)),
            sims[0],
            float(np.mean(sims[:3])),
            max((p.dense_score or 0.0 for p in passages), default=0.0),
            float(ask_number),
            float(ask_date),
            float(ask_person),
            float(bool(YESNO_ASK_RE.search(text))),
            float(bool(must)),
            best - slot_must if ask_number else 0.0,
            0.0 if ask_number else best - slot_must,
            float(
                not asks_outright
                or (any(held) if shown is None else gives_ask(shown, holds_ask, q.years, passages))
            ),
            float(enumerated(text, cands, passages)),
        ],
        dtype=np.float64,
    )
