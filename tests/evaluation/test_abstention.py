"""Fitting and cross-validating the sentence answerer's answerability model."""

from __future__ import annotations

import numpy as np
import pytest
from support import ROOT

from assistant.answering.answerability import FEATURES, SIGNS, AnswerabilityModel
from assistant.evaluation import abstention
from assistant.evaluation.abstention import Asked, ask_all, cross_validate, decided, fit
from assistant.evaluation.metrics import Scored, aggregate
from assistant.evaluation.qa import load_qa


def synthetic(n: int = 60, seed: int = 3) -> list[Asked]:
    """Questions whose first feature separates answerable from unanswerable, with noise."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        answerable = i % 3 != 0
        x = rng.normal(size=len(FEATURES))
        x[0] += 3.0 if answerable else -3.0
        item = {"id": f"q-{i}", "answerable": answerable}
        out.append(
            Asked(
                answered=Scored(item, {"abstained": False}, {}),
                declined=Scored(item, {"abstained": True}, {}),
                features=x,
                answerable=answerable,
            )
        )
    return out


def test_cross_validation_declines_what_the_held_out_model_rejects():
    # 90 questions: with 60 (40 answerable), one draw in six of the noise declined 5 answerable ones
    asked = synthetic(90)
    scored, fitted = cross_validate(asked, 5)
    assert len(fitted) == 5 and [s.item["id"] for s in scored] == [a.answered.item["id"] for a in asked]
    declined = [s.result["abstained"] for s in scored]
    unanswerable = [not a.answerable for a in asked]
    recall = sum(d and u for d, u in zip(declined, unanswerable, strict=True)) / sum(unanswerable)
    false = sum(d and not u for d, u in zip(declined, unanswerable, strict=True)) / (
        len(asked) - sum(unanswerable)
    )
    assert recall >= 0.9 and false <= 0.1


def test_training_questions_are_fitted_on_in_every_fold_and_never_measured(monkeypatch):
    asked, extra = synthetic(30), synthetic(60, seed=5)
    seen: list[int] = []
    real_fit = abstention.fit
    monkeypatch.setattr(abstention, "fit", lambda rows: seen.append(len(rows)) or real_fit(rows))
    scored, _ = cross_validate(asked, 5, extra=extra)
    assert seen == [24 + 60] * 5  # four folds of the measured set and every training question
    assert [s.item["id"] for s in scored] == [a.answered.item["id"] for a in asked]


def test_fit_and_cv_with_training_questions_record_them(corpus_assistant, monkeypatch):
    saved: list[AnswerabilityModel] = []
    monkeypatch.setattr(AnswerabilityModel, "save", lambda self, path=None: saved.append(self))
    measured, extra = scored_synthetic(30), scored_synthetic(60)
    monkeypatch.setattr(
        abstention, "ask_all", lambda assistant, qa, k: extra if qa == ["train"] else measured
    )
    previous = corpus_assistant.answerer.answerability
    try:
        scored, info = abstention.run(
            corpus_assistant,
            [],
            k=None,
            cv=5,
            fit_model=True,
            qa_path="q",
            train=["train"],
            train_path="t.jsonl",
        )
    finally:
        corpus_assistant.answerer.answerability = previous
    assert len(scored) == 30  # only the measured questions are answered and scored
    assert info["train"] == {"qa": "t.jsonl", "questions": 60}
    assert saved[0].trained_on["questions"] == 90 and saved[0].trained_on["train"] == "t.jsonl"


def test_the_threshold_keeps_false_abstention_within_the_limit():
    model = fit(synthetic(90))
    assert model.logistic.features == list(FEATURES)
    assert model.trained_on == {"questions": 90, "answerable": 60}
    assert 0.0 < model.threshold < 1.0


def test_a_question_without_features_keeps_its_answer():
    a = synthetic(3)[0]
    a.features = None
    assert decided(a, fit(synthetic())) is a.answered
    assert decided(synthetic(3)[1], None).result["abstained"] is False


@pytest.fixture(scope="module")
def asked(corpus_assistant):
    qa = [q for q in load_qa(ROOT / "eval" / "qa.jsonl") if q["id"] in {"q-001", "q-002", "q-080", "q-081"}]
    return ask_all(corpus_assistant, qa, None)


def test_ask_all_answers_every_question_and_declines_it_too(asked, corpus_assistant):
    assert len(asked) == 4
    assert corpus_assistant.answerer.always_answer is False  # restored afterwards
    for a in asked:
        assert a.declined.result["abstained"] is True
        assert a.declined.result["retrieved"] == a.answered.result["retrieved"]
        assert a.declined.metrics.get("hit@5") == a.answered.metrics.get("hit@5")
        if a.features is not None:
            assert a.features.shape == (len(FEATURES),)
            assert a.answered.result["abstained"] is False


def test_fit_saves_the_model_and_the_answerer_uses_it(corpus_assistant, monkeypatch):
    saved: list[AnswerabilityModel] = []
    monkeypatch.setattr(AnswerabilityModel, "save", lambda self, path=None: saved.append(self))
    monkeypatch.setattr(abstention, "ask_all", lambda assistant, qa, k: synthetic())
    previous = corpus_assistant.answerer.answerability
    try:
        scored, info = abstention.run(
            corpus_assistant, [], k=None, cv=None, fit_model=True, qa_path="eval/qa.jsonl"
        )
        assert len(saved) == 1 and corpus_assistant.answerer.answerability is saved[0]
        assert saved[0].trained_on["qa"] == "eval/qa.jsonl" and "embeddings" in saved[0].trained_on
        assert "assistant eval" in saved[0].command and "--fit" in saved[0].command
        assert len(scored) == 60 and "threshold" in info["fit"]
    finally:
        corpus_assistant.answerer.answerability = previous


def test_every_weight_keeps_the_sign_its_meaning_gives():
    asked = synthetic(90)
    best, gap = FEATURES.index("best"), FEATURES.index("gap_other")
    for a in asked:  # data that would pull 'best' negative and 'gap_other' positive
        a.features[best] = -2.0 if a.answerable else 2.0
        a.features[gap] = 2.0 if a.answerable else -2.0
    coef = dict(zip(FEATURES, fit(asked).logistic.coef, strict=True))
    assert coef["best"] >= 0.0 and coef["gap_other"] <= 0.0
    for name, sign in SIGNS.items():
        assert sign == 0 or coef[name] * sign >= 0.0


def scored_synthetic(n: int = 60) -> list[Asked]:
    """``synthetic`` with answers and metrics enough for ``aggregate``."""
    out = []
    for a in synthetic(n):
        item = {**a.answered.item, "type": "numeric", "persona": "policy", "key_facts": ["352"]}
        metrics = {"latency_ms": 1.0, "key_fact_recall": 1.0 if a.answerable else None}
        answered = Scored(item, {"abstained": False, "answer": "Nederland telt 352 gemeenten [1]."}, metrics)
        declined = Scored(item, {"abstained": True, "answer": ""}, {**metrics, "key_fact_recall": 0.0})
        out.append(Asked(answered, declined, a.features, a.answerable))
    return out


def test_cv_also_reports_the_spread_over_fold_assignments(corpus_assistant, monkeypatch):
    asked = scored_synthetic()
    monkeypatch.setattr(abstention, "ask_all", lambda assistant, qa, k: asked)
    scored, info = abstention.run(
        corpus_assistant, [], k=None, cv=5, fit_model=False, qa_path="eval/qa.jsonl", repeats=3
    )
    spread = info["cv"]["repeats"]
    assert spread["seeds"] == [13, 1, 2]  # the gate's assignment first
    first = aggregate(scored)["answer"]  # the answers given are those of the first assignment
    assert set(spread["mean"]) >= {"key_fact_recall", "abstention_recall", "false_abstention"}
    for name, mean in spread["mean"].items():
        assert spread["min"][name] <= first[name] <= spread["max"][name]
        assert spread["min"][name] <= mean <= spread["max"][name]
    _, once = abstention.run(corpus_assistant, [], k=None, cv=5, fit_model=False, qa_path="x", repeats=1)
    assert "repeats" not in once["cv"]
