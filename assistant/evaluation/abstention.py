"""Fitting the sentence answerer's answerability model, and measuring it by k-fold cross-validation.

Every question is asked once with abstention off (``always_answer``): that gives its answer, its
abstention (the same retrieval, declined) and the model's features. Per fold the regression is
fit on the other folds (label: the question is answerable), its threshold is chosen from
inner cross-fitted probabilities so that at most ``MAX_FALSE_ABSTENTION`` of the training
folds' answerable questions are declined, and each held-out question keeps its answer or its
abstention. The metrics are those of ``assistant.evaluation`` over all held-out answers.

``assistant eval --fit`` fits on the whole set and writes ``answering/answerability.json``.

``--train FILE`` adds questions the model learns from and that are never measured: with ``--cv``
every fold's model is fit on the other folds and all of them, with ``--fit`` on the set and
them. The questions of eval/train.jsonl were written as fresh questions in earlier rounds and
their failures read; as training they steady the threshold, which 376 questions left far apart
between fold assignments. Measured with ``--cv 5`` on eval/qa.jsonl, five fold assignments:
key-fact recall 0.610 -> 0.619, abstention recall 0.679 -> 0.679, false abstention 0.080 ->
0.067 (the gate's assignment: 0.630 -> 0.623, 0.681 -> 0.702, 0.055 -> 0.060); on the 128
questions of eval/fresh.jsonl, none of them read for this choice, false abstention 0.17 -> 0.12
at the same abstention recall (0.48), key-fact recall 0.552 -> 0.556.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any

import numpy as np
from tqdm import tqdm

from assistant.answering.answerability import FEATURES, FIT_COMMAND, SIGNS, AnswerabilityModel
from assistant.answering.compose import not_covered
from assistant.answering.extractive import ExtractiveAnswerer
from assistant.answering.model import Logistic
from assistant.evaluation.fit import choose_threshold, extractive_of, folds
from assistant.evaluation.metrics import Scored, aggregate, score_item

# The most false abstentions (answerable questions declined) a threshold may cost on the
# training folds. Measured with --cv 5 on eval/qa.jsonl: 0.04 → 0.04 on the held-out folds with
# abstention recall 0.32; 0.06 → 0.06 / 0.39; 0.08 → 0.07 / 0.47; 0.10 → 0.07 / 0.50. The
# issue's limit is 0.08; an unrelated confident answer is the worse error for a reader. Held out,
# a threshold declines more than on the questions it was chosen on: at 0.08, 0.076 over five fold
# assignments of eval/qa.jsonl and 0.10-0.12 on eval/fresh.jsonl; once the request words of '… ?
# Vat kort samen.' were no longer names (round 41), 0.088 on eval/qa.jsonl. 0.07 keeps the held-out
# rate below the limit: 0.071 over five assignments (one value tried, so chosen on eval/qa.jsonl;
# eval/README.md, "Ronde 41").
MAX_FALSE_ABSTENTION = 0.07

# The fold assignments ``--cv K`` measures, the CI gate's first. One assignment can flatter a
# change or hide it by a question or two: on eval/qa.jsonl, with the same answers, abstention
# recall lies between 0.726 and 0.752 over the first five, false abstention between 0.058 and 0.101.
REPEAT_SEEDS = (13, 1, 2, 3, 4, 5, 6, 7, 8, 9)
SPREAD_METRICS = (
    "key_fact_recall",
    "citation_precision",
    "abstention_recall",
    "abstention_precision",
    "false_abstention",
    "median_words",
)


@dataclass
class Asked:
    answered: Scored  # the answer as given with abstention off
    declined: Scored  # the same question declined
    features: np.ndarray | None  # None: the model does not apply (no sentence, English question)
    answerable: bool


def ask_all(assistant, qa: list[dict[str, Any]], k: int | None) -> list[Asked]:
    answerer = extractive_of(assistant.answerer, ExtractiveAnswerer)
    retriever = assistant.retriever("hybrid")
    out: list[Asked] = []
    answerer.always_answer = True
    try:
        for item in tqdm(
            qa, desc="eval (antwoordbaarheid)", disable=not sys.stderr.isatty(), file=sys.stderr
        ):
            answer = assistant.ask(item["question"], k=k)
            ranking_passages = retriever.retrieve(answer.standalone_question or answer.question, 10)
            ranking = [{"chunk_id": p.chunk_id, "text": p.text} for p in ranking_passages]
            declined = not_covered(answer.question, answer.retrieved, answer.mode, 0.0)
            declined.timings_ms, declined.notes = answer.timings_ms, answer.notes
            declined.standalone_question = answer.standalone_question
            scored = []
            for given in (answer, declined):
                result = {
                    "id": item["id"],
                    **given.to_json(),
                    "ranking10": [p.chunk_id for p in ranking_passages],
                }
                scored.append(score_item(item, result, ranking))
            x = answer.answerability_features
            out.append(
                Asked(scored[0], scored[1], None if x is None else np.asarray(x), bool(item["answerable"]))
            )
    finally:
        answerer.always_answer = False
    return out


def fit_signed(x: np.ndarray, y: np.ndarray) -> Logistic:
    """Logistic regression on standardised features, classes weighted equally, L2 penalty as
    scikit-learn's default (C = 1), each weight kept to its sign in ``answerability.SIGNS``."""
    from scipy.optimize import minimize

    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    weight = np.where(y == 1, len(y) / (2 * max(y.sum(), 1)), len(y) / (2 * max((1 - y).sum(), 1)))
    bounds = [(0, None) if SIGNS[f] > 0 else (None, 0) if SIGNS[f] < 0 else (None, None) for f in FEATURES]

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        p = 1.0 / (1.0 + np.exp(-(z @ w)))
        eps = 1e-12
        value = (
            -np.sum(weight * (y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps))) + 0.5 * w[:-1] @ w[:-1]
        )
        grad = z.T @ (weight * (p - y))
        grad[:-1] += w[:-1]
        return float(value), grad

    w = minimize(loss, np.zeros(z.shape[1]), jac=True, method="L-BFGS-B", bounds=[*bounds, (None, None)]).x
    return Logistic(list(FEATURES), mean.tolist(), scale.tolist(), w[:-1].tolist(), float(w[-1]))


def fit(asked: list[Asked]) -> AnswerabilityModel:
    rows = [a for a in asked if a.features is not None]
    x = np.vstack([a.features for a in rows])
    y = np.asarray([1.0 if a.answerable else 0.0 for a in rows])
    logistic = fit_signed(x, y)
    p = np.zeros(len(rows))  # the threshold from probabilities of questions the model did not see
    for fold in folds(len(rows), 3, seed=31):
        held = set(fold)
        train = [i for i in range(len(rows)) if i not in held]
        p[fold] = fit_signed(x[train], y[train]).probability(x[fold])
    return AnswerabilityModel(
        logistic,
        choose_threshold(p, y, MAX_FALSE_ABSTENTION),
        trained_on={"questions": len(rows), "answerable": int(y.sum())},
    )


def decided(a: Asked, model: AnswerabilityModel | None) -> Scored:
    if a.features is None or model is None:
        return a.answered
    return a.answered if model.probability(a.features) >= model.threshold else a.declined


def cross_validate(
    asked: list[Asked], k: int, seed: int = REPEAT_SEEDS[0], extra: list[Asked] | None = None
) -> tuple[list[Scored], list[AnswerabilityModel]]:
    """Each question decided by a model fit without its fold (and with every ``extra`` training
    question), in the order of ``asked``."""
    out: list[Scored | None] = [None] * len(asked)
    fitted = []
    for fold in folds(len(asked), k, seed):
        held = set(fold)
        model = fit([a for i, a in enumerate(asked) if i not in held] + list(extra or []))
        fitted.append(model)
        for i in fold:
            out[i] = decided(asked[i], model)
    return [s for s in out if s is not None], fitted


def spread(
    asked: list[Asked], k: int, repeats: int, first: list[Scored], extra: list[Asked] | None = None
) -> dict[str, Any]:
    """The answer metrics of ``repeats`` fold assignments (``REPEAT_SEEDS``): their mean, lowest
    and highest; ``first`` holds the answers of the first, already decided. The questions are
    asked once; only the fits repeat (about a second each)."""
    seeds = list(REPEAT_SEEDS[:repeats])
    decided_runs = [first, *(cross_validate(asked, k, seed, extra)[0] for seed in seeds[1:])]
    rows = [aggregate(scored)["answer"] for scored in decided_runs]
    keys = [m for m in SPREAD_METRICS if all(r.get(m) is not None for r in rows)]
    return {
        "seeds": seeds,
        "mean": {m: round(float(np.mean([r[m] for r in rows])), 4) for m in keys},
        "min": {m: min(r[m] for r in rows) for m in keys},
        "max": {m: max(r[m] for r in rows) for m in keys},
    }


def run(
    assistant,
    qa: list[dict[str, Any]],
    *,
    k: int | None,
    cv: int | None,
    fit_model: bool,
    qa_path: str,
    repeats: int = 1,
    train: list[dict[str, Any]] | None = None,
    train_path: str | None = None,
):
    """For ``assistant eval``: cross-validated answers (``cv``) or, with ``fit_model``, a new
    model (saved) and the in-sample answers with it; with ``repeats`` > 1 the run notes give the
    spread over that many fold assignments; ``train``: more questions to fit on, never measured.
    Returns the scored answers and run notes."""
    asked = ask_all(assistant, qa, k)
    extra = ask_all(assistant, train, k) if train else []
    info: dict[str, Any] = {"train": {"qa": train_path, "questions": len(extra)}} if train else {}
    if fit_model:
        model = fit(asked + extra)
        model.command = FIT_COMMAND
        model.trained_on = {**model.trained_on, "qa": qa_path, "embeddings": assistant.settings.embeddings}
        if train:
            model.trained_on["train"] = train_path
        model.save()
        extractive_of(assistant.answerer, ExtractiveAnswerer).answerability = model
        info["fit"] = {"threshold": round(model.threshold, 4)}
    if cv:
        scored, fitted = cross_validate(asked, cv, extra=extra)
        info["cv"] = {"folds": cv, "fitted": True, "thresholds": [round(m.threshold, 4) for m in fitted]}
        if repeats > 1:
            info["cv"]["repeats"] = spread(asked, cv, repeats, scored, extra)
        return scored, info
    model = extractive_of(assistant.answerer, ExtractiveAnswerer).answerability
    return [decided(a, model) for a in asked], info
