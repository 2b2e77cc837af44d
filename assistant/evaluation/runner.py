"""Evaluation harness: the QA set through the same pipeline as the chat, metrics and a report.

Every metric is defined in eval/README.md; the definitions here are the reference.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from tqdm import tqdm

from assistant.answering.extractive import ExtractiveAnswerer
from assistant.answering.units_answerer import UnitAnswerer
from assistant.evaluation.abstention import REPEAT_SEEDS
from assistant.evaluation.abstention import run as run_abstention
from assistant.evaluation.fit import run as run_learned
from assistant.evaluation.metrics import Scored, aggregate, breakdowns, check_thresholds, failures, score_item
from assistant.evaluation.qa import load_qa, validate_qa
from assistant.evaluation.report import summary_text, write_reports
from assistant.service import Assistant, prepare_index

# --- running -----------------------------------------------------------------------


def run_eval(
    assistant,
    qa: list[dict[str, Any]],
    *,
    k: int | None = None,
    mode: str = "hybrid",
    progress: bool | None = None,
):

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


class TrainingError(ValueError):
    """``--train`` asked where nothing is fitted on it."""

    MESSAGE = "--train geldt alleen met --cv of --fit en de antwoordmethode 'sentences' met zinsvectoren"


def run_answers(
    assistant,
    qa: list[dict[str, Any]],
    args: argparse.Namespace,
    qa_path: str,
    train: list[dict[str, Any]] | None = None,
):
    """The scored answers and notes for metrics.run. Both extractive answerers have a fitted
    model: with ``--cv K`` it is fit on K-1 folds and answers the rest, with ``--fit`` it is
    refit on the whole set and saved. The units answerer fits its unit and answerability models;
    the sentences answerer its answerability model (``evaluation.abstention``), also on the
    ``train`` questions (``--train``), which are never measured."""
    cv, fit = getattr(args, "cv", None), getattr(args, "fit", False)
    inner = getattr(assistant.answerer, "extractive", assistant.answerer)
    sentences = isinstance(inner, ExtractiveAnswerer) and inner.sentence_vectors is not None
    if train and not ((cv or fit) and sentences):
        raise TrainingError(TrainingError.MESSAGE)
    if (cv or fit) and isinstance(inner, UnitAnswerer):
        progress = sys.stderr.isatty()
        return run_learned(assistant, qa, k=args.k, cv=cv, fit=fit, qa_path=qa_path, progress=progress)
    if (cv or fit) and sentences:
        repeats = getattr(args, "cv_repeats", 1)
        return run_abstention(
            assistant,
            qa,
            k=args.k,
            cv=cv,
            fit_model=fit,
            qa_path=qa_path,
            repeats=repeats,
            train=train,
            train_path=getattr(args, "train", None),
        )
    learned = {"cv": {"folds": cv, "fitted": False}} if cv else {}
    return run_eval(assistant, qa, k=args.k), learned


def write_outputs(out: Path, scored: list[Scored], metrics: dict[str, Any], compare: Path | None) -> None:

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


def _read_qa(path: Path, corpus_dir: Path, name: str) -> tuple[list[dict[str, Any]], str | None]:
    """The questions of a QA file (``name``: what the messages call it), or why they cannot be read."""
    if not path.exists():
        return [], f"{name} '{path}' bestaat niet."
    problems = validate_qa(path, corpus_dir)
    if problems:
        return [], f"het {name} is ongeldig:\n  " + "\n  ".join(problems[:20])
    return load_qa(path), None


def _training_set(
    path: Path, qa: list[dict[str, Any]], corpus_dir: Path
) -> tuple[list[dict[str, Any]], str | None]:
    """The questions of ``--train``, or why they cannot be used: a question that is also measured
    would be fit on and then judged, which flatters the model."""
    train, problem = _read_qa(path, corpus_dir, "trainingsbestand")
    if problem:
        return [], problem
    ids, questions = {q["id"] for q in qa}, {q["question"] for q in qa}
    same = {q["id"] for q in train if q["id"] in ids or q["question"] in questions}
    if same:
        return [], f"het trainingsbestand bevat vragen die ook gemeten worden: {', '.join(sorted(same)[:10])}"
    return train, None


def run_cli(settings, args: argparse.Namespace) -> int:

    if not 1 <= getattr(args, "cv_repeats", 1) <= len(REPEAT_SEEDS):
        print(f"Fout: --cv-repeats moet tussen 1 en {len(REPEAT_SEEDS)} liggen.", file=sys.stderr)
        return 2
    if args.mode:
        settings = settings.with_overrides(llm=args.mode)
    qa_path = Path(args.qa)
    qa, problem = _read_qa(qa_path, settings.corpus_dir, "QA-bestand")
    if problem:
        print(f"Fout: {problem}", file=sys.stderr)
        return 1
    qa = qa[: args.limit] if args.limit else qa
    train = None
    if getattr(args, "train", None):
        if not (getattr(args, "cv", None) or getattr(args, "fit", False)):  # before the index loads
            print(f"Fout: {TrainingError.MESSAGE}", file=sys.stderr)
            return 2
        train, problem = _training_set(Path(args.train), qa, settings.corpus_dir)
        if problem:
            print(f"Fout: {problem}", file=sys.stderr)
            return 1
    assistant = Assistant(settings)
    prepare_index(assistant, update_stale=False)
    out = Path(args.out) if args.out else Path("eval/runs") / time.strftime("%Y%m%d-%H%M%S")
    started = time.perf_counter()
    try:
        scored, learned = run_answers(assistant, qa, args, str(qa_path), train)
    except TrainingError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 2
    metrics = aggregate(scored)
    metrics["by"] = breakdowns(scored)
    metrics["run"] = {
        "mode": assistant.answerer.mode,
        "llm": settings.llm.label,
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
    return threshold_gate(metrics, args.check)


def threshold_gate(metrics: dict[str, Any], check: str | None) -> int:
    """The CI gate (`--check FILE`): exit 1, with the metrics that fall short, below a threshold."""
    if not check:
        return 0
    thresholds = json.loads(Path(check).read_text(encoding="utf-8"))
    short = check_thresholds(metrics, thresholds)
    if short:
        print("Kwaliteit onder de drempel:\n  " + "\n  ".join(short), file=sys.stderr)
        return 1
    print(f"Alle {len(thresholds)} drempels gehaald.")
    return 0
