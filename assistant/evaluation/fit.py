"""Fitting the answerer's weights on the QA set, and measuring it by k-fold cross-validation.

Every question is retrieved and prepared once (passages, units, unit features); fitting and
answering with other weights then costs milliseconds, so ``--cv 5`` costs little more than one
evaluation. Per fold: the unit model is fit on the units of the training questions (label: the
unit contains a key fact), the answerability model on their question features (computed with
unit scores from an inner cross-fit, so they look like those of unseen questions), its threshold
and the composition settings are chosen on the training questions, and the held-out fold is
answered with them. The metrics are those of ``assistant.evaluation`` over all held-out answers.

``assistant eval --fit`` fits on the whole set and writes ``assistant/answering/weights.json``.
"""

from __future__ import annotations

import random
import statistics
import time
from dataclasses import dataclass, replace
from typing import Any, TypeVar

import numpy as np

from assistant.answering.model import FIT_COMMAND, Compose, Logistic, Weights
from assistant.answering.units import QUESTION_FEATURES, UNIT_FEATURES, question_features
from assistant.answering.units_answerer import Prepared, UnitAnswerer, compose, select, shown_text
from assistant.evaluation.matching import fact_in
from assistant.evaluation.metrics import Scored, score_item

# The most false abstentions (answerable questions declined) a threshold may cost on the
# training questions; under the target of 0.08 so that unseen questions keep a margin.
MAX_FALSE_ABSTENTION = 0.06
# Composition settings tried per fold; the median answer must stay at or under 80 words.
COMPOSE_GRID = [
    Compose(relative_floor=f, max_words=w, max_units=u, strict=s, list_item_words=li, other_passage_floor=o)
    for f in (0.02, 0.1, 0.3)
    for w in (60, 90)
    for u in (3, 5)
    for s in (True, False)
    for li in (16, 28)
    for o in (0.0, 0.5)
]
MAX_MEDIAN_WORDS = 78
C_UNIT = 1.0  # inverse regularisation of both models (scikit-learn's default)


@dataclass
class Item:
    qa: dict[str, Any]
    prepared: Prepared
    standalone: str | None
    ranking: list[dict[str, Any]]
    labels: np.ndarray  # per unit: does it contain a key fact
    retrieve_ms: float
    prepare_ms: float
    notes: list[str]


def unit_labels(prepared: Prepared, key_facts: list[str]) -> np.ndarray:
    """Does the unit, as an answer would show it (a list as its item heads), hold a key fact?"""
    compose_ = Compose()
    return np.asarray(
        [any(fact_in(f, shown_text(u, compose_)) for f in key_facts) for u in prepared.units], dtype=float
    )


def prepare_items(assistant, answerer: UnitAnswerer, qa: list[dict[str, Any]], k: int | None, progress: bool):
    from tqdm import tqdm

    retriever = assistant.retriever("hybrid")
    items: list[Item] = []
    for row in tqdm(qa, desc="voorbereiden", disable=not progress):
        turn = assistant._retrieve(row["question"], None, None, k, "hybrid")
        t = time.perf_counter()
        prepared = answerer.prepare(turn.standalone, turn.passages)
        prepare_ms = (time.perf_counter() - t) * 1000
        ranking_passages = retriever.retrieve(turn.standalone, 10)
        ranking = [{"chunk_id": p.chunk_id, "text": p.text} for p in ranking_passages]
        items.append(
            Item(
                qa=row,
                prepared=prepared,
                standalone=turn.standalone if turn.standalone != turn.text else None,
                ranking=ranking,
                labels=unit_labels(prepared, row["key_facts"]) if row["answerable"] else np.zeros(0),
                retrieve_ms=(turn.t1 - turn.t0) * 1000,
                prepare_ms=prepare_ms,
                notes=turn.notes,
            )
        )
    return items


# --- fitting ------------------------------------------------------------------------------


def fit_logistic(x: np.ndarray, y: np.ndarray, names: tuple[str, ...]) -> Logistic:
    from sklearn.linear_model import LogisticRegression

    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=C_UNIT, class_weight="balanced", max_iter=2000)
    model.fit((x - mean) / scale, y)
    return Logistic(
        list(names), mean.tolist(), scale.tolist(), model.coef_[0].tolist(), float(model.intercept_[0])
    )


L2_UNIT = 1.0  # ridge penalty of the conditional logit (in standardised units, per question)


def fit_unit_model(items: list[Item]) -> Logistic:
    """Conditional logit over the units of each question that has a unit with a key fact:
    maximise the probability mass on those units (softmax over the question's units)."""
    from scipy.optimize import minimize

    rows = [it for it in items if it.qa["answerable"] and it.labels.sum() > 0]
    x_all = np.vstack([it.prepared.matrix for it in rows])
    mean = x_all.mean(axis=0)
    scale = x_all.std(axis=0)
    scale[scale == 0] = 1.0
    groups = [((it.prepared.matrix - mean) / scale, it.labels.astype(bool)) for it in rows]

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        total, grad = L2_UNIT * float(w @ w), 2 * L2_UNIT * w
        for x, pos in groups:
            z = x @ w
            z = z - z.max()
            e = np.exp(z)
            p_all = e / e.sum()
            p_pos = e[pos] / e[pos].sum()
            total -= float(np.log(e[pos].sum()) - np.log(e.sum()))
            grad -= p_pos @ x[pos] - p_all @ x
        return total / len(groups), grad / len(groups)

    w = minimize(loss, np.zeros(x_all.shape[1]), jac=True, method="L-BFGS-B").x
    return Logistic(list(UNIT_FEATURES), mean.tolist(), scale.tolist(), w.tolist(), 0.0)


def _question_matrix(items: list[Item], unit: Logistic) -> np.ndarray:
    rows = []
    for it in items:
        units = it.prepared.units
        if units:
            linear = unit.linear(it.prepared.matrix)
            for u, s, z in zip(units, unit.choice(it.prepared.matrix), linear, strict=True):
                u.score, u.linear = float(s), float(z)
        ranked = sorted(units, key=lambda u: -u.score)
        rows.append(question_features(ranked, it.prepared.passages, it.prepared.ask, it.prepared.signals))
    return np.vstack(rows)


def folds(n: int, k: int, seed: int = 13) -> list[list[int]]:
    order = list(range(n))
    random.Random(seed).shuffle(order)
    return [order[i::k] for i in range(k)]


def _cross_fitted_question_features(items: list[Item], inner: int = 3) -> np.ndarray:
    """Question features whose unit scores come from models that did not see the question."""
    out = np.zeros((len(items), len(QUESTION_FEATURES)))
    for fold in folds(len(items), inner, seed=29):
        held = set(fold)
        unit = fit_unit_model([it for i, it in enumerate(items) if i not in held])
        out[fold] = _question_matrix([items[i] for i in fold], unit)
    return out


def choose_threshold(p: np.ndarray, answerable: np.ndarray, max_false: float = MAX_FALSE_ABSTENTION) -> float:
    """The highest threshold (most abstention) that declines at most ``max_false`` of the
    answerable questions."""
    positives = np.sort(p[answerable == 1])
    if not len(positives):
        return 0.5
    allowed = int(np.floor(max_false * len(positives)))
    return float(positives[allowed]) - 1e-9 if allowed < len(positives) else 0.5


def fit_weights(items: list[Item], answerer: UnitAnswerer, choose: bool = True) -> Weights:
    q_x = _cross_fitted_question_features(items)
    y = np.asarray([1.0 if it.qa["answerable"] else 0.0 for it in items])
    answerable = fit_logistic(q_x, y, QUESTION_FEATURES)
    # the threshold from inner cross-fitted probabilities of the answerability model too
    p = np.zeros(len(items))
    for fold in folds(len(items), 3, seed=31):
        held = set(fold)
        train = [i for i in range(len(items)) if i not in held]
        model = fit_logistic(q_x[train], y[train], QUESTION_FEATURES)
        p[fold] = model.probability(q_x[fold])
    threshold = choose_threshold(p, y)
    weights = Weights(
        unit=fit_unit_model(items),
        answerable=answerable,
        threshold=threshold,
        trained_on={"questions": len(items), "answerable": int(y.sum())},
    )
    if choose:
        weights.compose = choose_compose(items, answerer, weights)
    return weights


def choose_compose(items: list[Item], answerer: UnitAnswerer, weights: Weights) -> Compose:
    """The composition settings with the best key-fact recall on these questions whose median
    answer stays within MAX_MEDIAN_WORDS words."""
    best, best_recall = Compose(), -1.0
    answerable = [it for it in items if it.qa["answerable"]]
    for setting in COMPOSE_GRID:
        recalls, lengths = [], []
        for it in answerable:
            decision = answerer.decide(it.prepared, weights)
            chosen = select(decision.ranked, it.prepared.ask, setting)
            answer = compose(it.prepared.question, chosen, it.prepared.passages, 1.0, setting)
            facts = it.qa["key_facts"]
            recalls.append(sum(fact_in(f, answer.answer) for f in facts) / len(facts))
            lengths.append(len(answer.answer.split()))
        recall = statistics.fmean(recalls) if recalls else 0.0
        if statistics.median(lengths or [0]) <= MAX_MEDIAN_WORDS and recall > best_recall:
            best, best_recall = setting, recall
    return best


# --- answering and cross-validation ------------------------------------------------------------


def answer_item(answerer: UnitAnswerer, item: Item, weights: Weights) -> Scored:
    t = time.perf_counter()
    answer = answerer.respond(item.prepared, weights)
    respond_ms = (time.perf_counter() - t) * 1000
    answer.question = item.qa["question"]
    answer.standalone_question = item.standalone
    answer.notes = item.notes + answer.notes
    answer.timings_ms = {
        "retrieve": item.retrieve_ms,
        "answer": item.prepare_ms + respond_ms,
        "total": item.retrieve_ms + item.prepare_ms + respond_ms,
    }
    result = {"id": item.qa["id"], **answer.to_json()}
    result["ranking10"] = [r["chunk_id"] for r in item.ranking]
    return score_item(item.qa, result, item.ranking)


def cross_validate(items: list[Item], answerer: UnitAnswerer, k: int) -> tuple[list[Scored], list[Weights]]:
    """Answers of every question by weights fit without its fold, in the order of ``items``."""
    scored: list[Scored | None] = [None] * len(items)
    fitted = []
    for fold in folds(len(items), k):
        held = set(fold)
        weights = fit_weights([it for i, it in enumerate(items) if i not in held], answerer)
        fitted.append(weights)
        for i in fold:
            scored[i] = answer_item(answerer, items[i], weights)
    return [s for s in scored if s is not None], fitted


def fit_and_save(items: list[Item], answerer: UnitAnswerer, qa_path: str, embeddings: str) -> Weights:
    """Fit on all questions and write weights.json; the embedding model is recorded, because the
    similarity features mean something else under another model (then the prior is used)."""
    weights = fit_weights(items, answerer)
    trained_on = {**weights.trained_on, "qa": qa_path, "embeddings": embeddings}
    weights = replace(weights, command=FIT_COMMAND, trained_on=trained_on)
    weights.save()
    return weights


A = TypeVar("A")


def extractive_of(answerer, kind: type[A]) -> A:
    """The extractive answerer of that kind itself, or the one a generative answerer falls back on."""
    inner = getattr(answerer, "extractive", answerer)
    if not isinstance(inner, kind):
        raise TypeError(f"het antwoordmodel gebruikt geen {kind.__name__}")
    return inner


def run(
    assistant,
    qa: list[dict[str, Any]],
    *,
    k: int | None,
    cv: int | None,
    fit: bool,
    qa_path: str,
    progress: bool,
):
    """For ``assistant eval``: cross-validated answers (``cv``) or, with ``fit``, new weights
    and the in-sample answers with them. Returns the scored answers and notes for metrics.run."""
    answerer = extractive_of(assistant.answerer, UnitAnswerer)
    items = prepare_items(assistant, answerer, qa, k, progress)
    info: dict[str, Any] = {}
    if fit:
        weights = fit_and_save(items, answerer, qa_path, assistant.settings.embeddings)
        answerer.weights = weights
        info["fit"] = {"threshold": round(weights.threshold, 4), "compose": weights.compose.__dict__}
    if cv:
        scored, fitted = cross_validate(items, answerer, cv)
        info["cv"] = {
            "folds": cv,
            "thresholds": [round(w.threshold, 4) for w in fitted],
            "compose": [w.compose.__dict__ for w in fitted],
        }
        return scored, info
    return [answer_item(answerer, it, answerer.weights) for it in items], info
