"""Evaluation harness: the QA set through the same pipeline as the chat, metrics and a report.

Every metric is defined in eval/README.md; the definitions here are the reference.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import statistics
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.text import NUMBER_RE, fold, normalize_number, numbers_in, split_sentences, terms

QA_FIELDS = ("id", "question", "answer", "answerable", "type", "persona", "sources", "key_facts")
TYPES = {"factual", "numeric", "list", "why", "comparison", "summary"}
PERSONAS = {"policy", "councillor", "evaluator"}
K_VALUES = (1, 3, 5, 10)


# --- the QA set ----------------------------------------------------------------


def load_qa(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def collapse(text: str) -> str:
    return " ".join(text.split())


def validate_qa(path: Path, corpus_dir: Path) -> list[str]:
    """Every problem in the QA file, one message each (empty list: valid)."""
    errors: list[str] = []
    corpus_cache: dict[str, str] = {}
    seen: set[str] = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"regel {n}: geen geldige JSON ({exc.msg})")
            continue
        where = f"regel {n} ({item.get('id', '?')})"
        if not isinstance(item, dict) or tuple(item) != QA_FIELDS:
            errors.append(f"{where}: velden moeten precies {', '.join(QA_FIELDS)} zijn")
            continue
        if not isinstance(item["id"], str) or item["id"] in seen:
            errors.append(f"{where}: id ontbreekt of is dubbel")
        seen.add(item["id"])
        for key in ("question", "answer"):
            if not isinstance(item[key], str) or not item[key].strip():
                errors.append(f"{where}: '{key}' moet een niet-lege tekst zijn")
        if not isinstance(item["answerable"], bool):
            errors.append(f"{where}: 'answerable' moet true of false zijn")
        if item["type"] not in TYPES:
            errors.append(f"{where}: onbekend type '{item['type']}'")
        if item["persona"] not in PERSONAS:
            errors.append(f"{where}: onbekende persona '{item['persona']}'")
        if not isinstance(item["sources"], list) or not isinstance(item["key_facts"], list):
            errors.append(f"{where}: 'sources' en 'key_facts' moeten lijsten zijn")
            continue
        if not all(isinstance(f, str) and f.strip() for f in item["key_facts"]):
            errors.append(f"{where}: elke key fact moet een niet-lege tekst zijn")
        if item["answerable"] is False and (item["sources"] or item["key_facts"]):
            errors.append(f"{where}: onbeantwoordbare vraag moet lege sources en key_facts hebben")
        if item["answerable"] is True and (not item["sources"] or not item["key_facts"]):
            errors.append(f"{where}: beantwoordbare vraag heeft sources en key_facts nodig")
        for source in item["sources"]:
            if not isinstance(source, dict) or set(source) != {"doc", "quote"}:
                errors.append(f"{where}: een bron moet precies 'doc' en 'quote' hebben")
                continue
            quote = collapse(str(source["quote"]))
            if not 40 <= len(quote) <= 300:
                errors.append(f"{where}: citaat moet 40-300 tekens zijn ({len(quote)})")
            doc_path = corpus_dir / str(source["doc"])
            if source["doc"] not in corpus_cache:
                corpus_cache[source["doc"]] = (
                    collapse(doc_path.read_text(encoding="utf-8")) if doc_path.exists() else ""
                )
            if not corpus_cache[source["doc"]]:
                errors.append(f"{where}: onbekend document '{source['doc']}'")
            elif quote not in corpus_cache[source["doc"]]:
                errors.append(f"{where}: citaat niet gevonden in {source['doc']}: {quote[:60]}…")
    return errors


# --- matching --------------------------------------------------------------------


def squash(text: str) -> str:
    """Letters and digits only, folded: survives the ingest's repairs of spacing and hyphens."""
    text = re.sub(r"(?<![\w€])C(?=\s?\d)", "€", text)  # the OCR repair the cleaning does
    return re.sub(r"[^0-9a-z]", "", fold(text))


def quote_in(quote: str, text_squashed: str, window: int = 50) -> bool:
    """A passage holds a quote when it holds the quote, or a 50-character window of it."""
    q = squash(quote)
    if not q:
        return False
    if len(q) <= window:
        return q in text_squashed
    return any(q[i : i + window] in text_squashed for i in range(0, len(q) - window + 1, 10))


_SCALE_RE = re.compile(r"\s*(miljoen|mln|miljard|mld|duizend)\b", re.I)


def required_numbers(text: str) -> tuple[set[str], str]:
    """The numbers a text states, a scaled one ('1,2 miljoen') by its value only, and the text
    without those scale words: '1,2 miljoen' = '1.200.000', but not '1,2 miljard'."""
    out: set[str] = set()
    for m in NUMBER_RE.finditer(text):
        raw = normalize_number(m.group(0).rstrip(".,"))
        scale = _SCALE_RE.match(text, m.end())
        out |= (numbers_in(text[m.start() : scale.end()]) - {raw} or {raw}) if scale else {raw}
    rest = re.sub(rf"({NUMBER_RE.pattern}){_SCALE_RE.pattern}", r"\1", text, flags=re.I)
    return out, rest


def fact_in(fact: str, answer: str) -> bool:
    """Numbers of the fact must all appear in the answer (any Dutch formatting), and its
    words (stemmed) too; a fact without numbers matches on its words alone."""
    fact_numbers, fact_words = required_numbers(fact)
    if fact_numbers and not fact_numbers <= numbers_in(answer) | _euro_free_numbers(answer):
        return False
    fact_terms = set(terms(fact_words)) - numbers_in(fact)
    if not fact_terms:
        return True
    answer_terms = set(terms(answer.replace("€", " euro ")))  # '1250 euro' = '€ 1.250'
    if fact_terms <= answer_terms:
        return True
    return squash(fact) in squash(answer)


def _euro_free_numbers(text: str) -> set[str]:
    return numbers_in(re.sub(r"€", " ", text))


def token_f1(prediction: str, reference: str) -> float:
    pred, ref = terms(prediction), terms(reference)
    if not pred or not ref:
        return 0.0
    common = sum(min(pred.count(t), ref.count(t)) for t in set(pred) & set(ref))
    if common == 0:
        return 0.0
    p, r = common / len(pred), common / len(ref)
    return 2 * p * r / (p + r)


_MARKER_RE = re.compile(r"\[(\d+)\]")


def sentence_support(answer: str, cited_texts: dict[int, str]) -> list[tuple[str, bool]]:
    """Each answer sentence and whether the passages it cites carry it.

    Supported: the sentence cites at least one given source, every number in it occurs in
    a source it cites, and at least 60% of its content terms occur there. An invented
    figure therefore always fails, and so does a sentence without a citation.
    """
    out: list[tuple[str, bool]] = []
    for sentence in split_sentences(answer):
        markers = [int(m) for m in _MARKER_RE.findall(sentence)]
        bare = _MARKER_RE.sub("", sentence).strip()
        if not re.search(r"\w", bare):
            continue
        sources = " ".join(cited_texts.get(m, "") for m in markers)
        if not markers or not sources.strip():
            out.append((bare, False))
            continue
        numbers_ok = numbers_in(bare) <= numbers_in(sources) | _euro_free_numbers(sources)
        sentence_terms = set(terms(bare))
        overlap = len(sentence_terms & set(terms(sources))) / max(len(sentence_terms), 1)
        out.append((bare, numbers_ok and overlap >= 0.6))
    return out


# --- scoring one result ------------------------------------------------------------


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


# --- aggregation -------------------------------------------------------------------


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


# --- running -----------------------------------------------------------------------


def run_eval(
    assistant,
    qa: list[dict[str, Any]],
    *,
    k: int | None = None,
    mode: str = "hybrid",
    progress: bool | None = None,
):
    from tqdm import tqdm

    scored: list[Scored] = []
    retriever = assistant.retriever(mode)
    if progress is None:
        progress = sys.stderr.isatty()  # no bar in CI logs
    for item in tqdm(qa, desc=f"eval ({mode})", disable=not progress, file=sys.stderr):
        answer = assistant.ask(item["question"], k=k, retrieval_mode=mode)
        result = {"id": item["id"], **answer.to_json()}
        ranking_passages = retriever.retrieve(answer.standalone_question or answer.question, 10)
        ranking = [{"chunk_id": p.chunk_id, "text": p.text} for p in ranking_passages]
        result["ranking10"] = [p.chunk_id for p in ranking_passages]
        scored.append(score_item(item, result, ranking))
    return scored


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


def write_outputs(out: Path, scored: list[Scored], metrics: dict[str, Any], compare: Path | None) -> None:
    from assistant.report import write_reports

    out.mkdir(parents=True, exist_ok=True)
    with (out / "results.jsonl").open("w", encoding="utf-8") as fh:
        for s in scored:
            fh.write(json.dumps({**s.result, "metrics": s.metrics}, ensure_ascii=False) + "\n")
    (out / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=1), encoding="utf-8")
    previous = None
    if compare:
        previous = {
            "metrics": json.loads((compare / "metrics.json").read_text(encoding="utf-8")),
            "results": {
                r["id"]: r
                for r in (
                    json.loads(x)
                    for x in (compare / "results.jsonl").read_text(encoding="utf-8").splitlines()
                    if x.strip()
                )
            },
            "path": str(compare),
        }
    write_reports(out, scored, metrics, failures(scored), previous)


def check_thresholds(metrics: dict[str, Any], thresholds: dict[str, float]) -> list[str]:
    """'answer.key_fact_recall': 0.8 style keys; returns the metrics that fall short."""
    problems = []
    for key, minimum in thresholds.items():
        value: Any = metrics
        for part in key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if key.startswith("latency_ms."):
            if value is None or value > minimum:
                problems.append(f"{key} = {value} (maximum {minimum})")
        elif value is None or value < minimum:
            problems.append(f"{key} = {value} (minimum {minimum})")
    return problems


def run_cli(settings, args: argparse.Namespace) -> int:
    from assistant.cli import ensure_index
    from assistant.service import Assistant

    if args.mode:
        settings = settings.with_overrides(llm=args.mode)
    qa_path = Path(args.qa)
    if not qa_path.exists():
        print(f"Fout: QA-bestand '{qa_path}' bestaat niet.", file=sys.stderr)
        return 1
    problems = validate_qa(qa_path, settings.corpus_dir)
    if problems:
        print("Fout: het QA-bestand is ongeldig:\n  " + "\n  ".join(problems[:20]), file=sys.stderr)
        return 1
    qa = load_qa(qa_path)[: args.limit] if args.limit else load_qa(qa_path)
    assistant = Assistant(settings)
    ensure_index(assistant)
    out = Path(args.out) if args.out else Path("eval/runs") / time.strftime("%Y%m%d-%H%M%S")
    started = time.perf_counter()
    learned: dict[str, Any] = {}
    if getattr(args, "cv", None) or getattr(args, "fit", False):
        from assistant.answering.fit import run as run_learned

        scored, learned = run_learned(
            assistant,
            qa,
            k=args.k,
            cv=args.cv,
            fit=args.fit,
            qa_path=str(qa_path),
            progress=sys.stderr.isatty(),
        )
    else:
        scored = run_eval(assistant, qa, k=args.k)
    metrics = aggregate(scored)
    metrics["by"] = breakdowns(scored)
    metrics["run"] = {
        "mode": assistant.answerer.mode,
        "llm": settings.llm_label,
        "embeddings": settings.embeddings,
        "top_k": args.k or settings.top_k,
        "qa": str(qa_path),
        "seconds": round(time.perf_counter() - started, 1),
        **learned,
        "prompt_version": next(
            (s.result.get("prompt_version") for s in scored if s.result.get("prompt_version")), None
        ),
    }
    if args.baselines:
        metrics["baselines"] = {}
        for mode in ("bm25", "dense", "hybrid"):
            base = scored if mode == "hybrid" else run_eval(assistant, qa, k=args.k, mode=mode)
            agg = aggregate(base)
            metrics["baselines"][mode] = {"retrieval": agg["retrieval"], "answer": agg["answer"]}
    write_outputs(out, scored, metrics, Path(args.compare) if args.compare else None)
    print(summary_text(metrics))
    print(f"\nRapport: {out / 'report.html'} en {out / 'report.md'}")
    if args.check:
        thresholds = json.loads(Path(args.check).read_text(encoding="utf-8"))
        short = check_thresholds(metrics, thresholds)
        if short:
            print("Kwaliteit onder de drempel:\n  " + "\n  ".join(short), file=sys.stderr)
            return 1
        print(f"Alle {len(thresholds)} drempels gehaald.")
    return 0


def summary_text(metrics: dict[str, Any]) -> str:
    r, a, lat = metrics["retrieval"], metrics["answer"], metrics["latency_ms"]
    lines = [
        f"n={metrics['n']} (beantwoordbaar {metrics['n_answerable']})",
        "retrieval: " + ", ".join(f"{k}={v}" for k, v in r.items()),
        "antwoord: " + ", ".join(f"{k}={v}" for k, v in a.items()),
        f"latentie: p50={lat['p50']} ms, p95={lat['p95']} ms",
    ]
    for mode, base in (metrics.get("baselines") or {}).items():
        lines.append(
            f"baseline {mode}: hit@5={base['retrieval']['hit@5']}, mrr={base['retrieval']['mrr']}, "
            f"key_fact_recall={base['answer']['key_fact_recall']}"
        )
    return "\n".join(lines)


def per_question_score(metrics: dict[str, Any]) -> float:
    """One number per question for 'got worse' lists in comparisons."""
    parts = [metrics.get(k) for k in ("hit@5", "key_fact_recall", "citation_recall", "faithfulness")]
    parts = [p for p in parts if p is not None]
    return (
        statistics.fmean([*parts, metrics.get("abstention_correct", 0.0)])
        if parts
        else metrics.get("abstention_correct", 0.0)
    )
