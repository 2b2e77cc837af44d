"""Per-question scores and their aggregates; every metric is defined in eval/README.md."""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from assistant.evaluation.matching import fact_in, quote_in, sentence_support, squash, token_f1

_MARKER_RE = re.compile(r"\s*\[\d+\]")

K_VALUES = (1, 3, 5, 10)


@dataclass
class Scored:
    item: dict[str, Any]
    result: dict[str, Any]
    metrics: dict[str, float | None]


def score_item(item: dict[str, Any], result: dict[str, Any], ranking: list[dict[str, Any]]) -> Scored:
    m: dict[str, float | None] = {}
    quotes = [s["quote"] for s in item["sources"]]
    if item["answerable"]:
        rel = [any(quote_in(q, squash(r["text"])) for q in quotes) for r in ranking[:10]]
        for k in K_VALUES:
            m[f"hit@{k}"] = 1.0 if any(rel[:k]) else 0.0
        first = next((i for i, r in enumerate(rel) if r), None)
        m["mrr"] = 0.0 if first is None else 1.0 / (first + 1)
        dcg = sum(1.0 / math.log2(i + 2) for i, r in enumerate(rel) if r)
        ideal = sum(1.0 / math.log2(i + 2) for i in range(min(len(quotes), 10)))
        m["ndcg@10"] = dcg / ideal if ideal else 0.0
        answer = result["answer"]
        m["key_fact_recall"] = (
            sum(fact_in(f, answer) for f in item["key_facts"]) / len(item["key_facts"])
            if item["key_facts"]
            else None
        )
        m["token_f1"] = token_f1(answer, item["answer"])
        passages = {r["chunk_id"]: r["text"] for r in result["retrieved"]}
        cited = [passages.get(c["chunk_id"], c["quote"]) for c in result["citations"]]
        relevant_cited = [any(quote_in(q, squash(t)) for q in quotes) for t in cited]
        m["citations"] = float(len(cited))
        m["relevant_citations"] = float(sum(relevant_cited))
        m["citation_precision"] = sum(relevant_cited) / len(cited) if cited else None
        m["citation_recall"] = 1.0 if any(relevant_cited) else 0.0
    if not result["abstained"]:
        passages = {r["chunk_id"]: r["text"] for r in result["retrieved"]}
        cited_texts = {c["n"]: passages.get(c["chunk_id"], c["quote"]) for c in result["citations"]}
        support = sentence_support(result["answer"], cited_texts)
        m["sentences"] = float(len(support))
        m["supported_sentences"] = float(sum(ok for _, ok in support))
        m["faithfulness"] = (sum(ok for _, ok in support) / len(support)) if support else None
    m["abstained"] = 1.0 if result["abstained"] else 0.0
    m["abstention_correct"] = 1.0 if result["abstained"] != item["answerable"] else 0.0
    m["latency_ms"] = float(result["timings_ms"].get("total", 0.0))
    return Scored(item, result, m)


def _mean(values: Iterable[float | None]) -> float | None:
    vals = [v for v in values if v is not None]
    return round(sum(vals) / len(vals), 4) if vals else None


def _percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    idx = min(len(values) - 1, max(0, math.ceil(p / 100 * len(values)) - 1))
    return round(values[idx], 2)


def aggregate(scored: list[Scored]) -> dict[str, Any]:
    answerable = [s for s in scored if s.item["answerable"]]
    unanswerable = [s for s in scored if not s.item["answerable"]]
    abstained = [s for s in scored if s.result["abstained"]]
    true_abstain = [s for s in abstained if not s.item["answerable"]]
    cited = sum(s.metrics.get("citations") or 0 for s in answerable)
    relevant = sum(s.metrics.get("relevant_citations") or 0 for s in answerable)
    sentences = sum(s.metrics.get("sentences") or 0 for s in scored)
    supported = sum(s.metrics.get("supported_sentences") or 0 for s in scored)
    latencies = [s.metrics["latency_ms"] for s in scored if s.metrics["latency_ms"] is not None]
    # The reader's length: words of the answers given (abstentions left out), markers not counted.
    lengths = [
        len(_MARKER_RE.sub("", s.result["answer"]).split()) for s in scored if not s.result["abstained"]
    ]
    false_abstain = [s for s in answerable if s.result["abstained"]]
    return {
        "n": len(scored),
        "n_answerable": len(answerable),
        "retrieval": {
            key: _mean(s.metrics.get(key) for s in answerable)
            for key in [*(f"hit@{k}" for k in K_VALUES), "mrr", "ndcg@10"]
        },
        "answer": {
            "key_fact_recall": _mean(s.metrics.get("key_fact_recall") for s in answerable),
            "token_f1": _mean(s.metrics.get("token_f1") for s in answerable),
            "citation_precision": round(relevant / cited, 4) if cited else None,
            "citation_recall": _mean(s.metrics.get("citation_recall") for s in answerable),
            "faithfulness": round(supported / sentences, 4) if sentences else None,
            "abstention_precision": round(len(true_abstain) / len(abstained), 4) if abstained else None,
            "abstention_recall": round(len(true_abstain) / len(unanswerable), 4) if unanswerable else None,
            "answered_rate": round(1 - len(abstained) / len(scored), 4) if scored else None,
            "false_abstention": round(len(false_abstain) / len(answerable), 4) if answerable else None,
            "median_words": statistics.median(lengths) if lengths else None,
        },
        "latency_ms": {"p50": _percentile(latencies, 50), "p95": _percentile(latencies, 95)},
    }


def breakdowns(scored: list[Scored]) -> dict[str, dict[str, Any]]:
    groups: dict[str, dict[str, list[Scored]]] = {"type": {}, "persona": {}, "doc": {}}
    for s in scored:
        groups["type"].setdefault(s.item["type"], []).append(s)
        groups["persona"].setdefault(s.item["persona"], []).append(s)
        doc = s.item["sources"][0]["doc"] if s.item["sources"] else "(onbeantwoordbaar)"
        groups["doc"].setdefault(doc, []).append(s)
    return {g: {k: aggregate(v) for k, v in sorted(d.items())} for g, d in groups.items()}


def failures(scored: list[Scored]) -> list[Scored]:
    out = []
    for s in scored:
        m = s.metrics
        if s.item["answerable"]:
            bad = (
                s.result["abstained"]
                or (m.get("key_fact_recall") is not None and m["key_fact_recall"] < 1.0)
                or not m.get("hit@5")
                or (m.get("faithfulness") is not None and m["faithfulness"] < 1.0)
            )
        else:
            bad = not s.result["abstained"]
        if bad:
            out.append(s)
    return out


_MAXIMA = ("latency_ms.", "answer.false_abstention", "answer.median_words")


def check_thresholds(metrics: dict[str, Any], thresholds: dict[str, float]) -> list[str]:
    """'answer.key_fact_recall': 0.8 style keys; returns the metrics that fall short. Latency,
    false abstention and answer length are maxima, the others minima."""
    problems = []
    for key, minimum in thresholds.items():
        value: Any = metrics
        for part in key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if key.startswith(_MAXIMA):
            if value is None or value > minimum:
                problems.append(f"{key} = {value} (maximum {minimum})")
        elif value is None or value < minimum:
            problems.append(f"{key} = {value} (minimum {minimum})")
    return problems


def per_question_score(metrics: dict[str, Any]) -> float:
    """One number per question for 'got worse' lists in comparisons."""
    parts = [metrics.get(k) for k in ("hit@5", "key_fact_recall", "citation_recall", "faithfulness")]
    parts = [p for p in parts if p is not None]
    return (
        statistics.fmean([*parts, metrics.get("abstention_correct", 0.0)])
        if parts
        else metrics.get("abstention_correct", 0.0)
    )
