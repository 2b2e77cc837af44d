"""The measured phases (ingest, serve, throughput, embed_sample), each in a fresh process unless in_process.

Run as a worker: ``python -m assistant.bench.phases --phase NAME CONFIG.json OUT.json``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from assistant.answering.candidates import read_ahead_in_background
from assistant.bench.briefs import debate_brief_ms
from assistant.bench.config import STAGES
from assistant.bench.meters import EmbedMeter, PeakRSS, meter_chunks, percentiles, ru_maxrss_mb
from assistant.ingest.catalog import Catalog
from assistant.ingest.chunking import build_document, chunk_document
from assistant.ingest.indexing import source_files
from assistant.ingest.loaders import load_file
from assistant.offline import OFFLINE_ENV, configure_offline
from assistant.retrieval.embeddings import E5Embeddings, SentenceTransformerEmbeddings, make_embeddings
from assistant.retrieval.sentences import sentence_key
from assistant.sentence_split import split_sentences
from assistant.service import Assistant
from assistant.settings import Settings
from assistant.text import count_tokens


def _settings(cfg: dict[str, Any]):

    return Settings(
        corpus_dir=Path(cfg["corpus_dir"]),
        data_dir=Path(cfg["data_dir"]),
        embeddings=cfg["embeddings"],
        llm="extractive",
        chroma_host=cfg.get("chroma_host") or None,
        chroma_port=cfg.get("chroma_port") or 8000,
    )


def child_env(cfg: dict[str, Any]) -> dict[str, str]:
    """Environment for a CLI child: the run's settings, nothing of the developer's own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update(
        ASSISTANT_CORPUS_DIR=str(cfg["corpus_dir"]),
        ASSISTANT_DATA_DIR=str(cfg["data_dir"]),
        ASSISTANT_EMBEDDINGS=cfg["embeddings"],
        ASSISTANT_LLM="extractive",
        ASSISTANT_SETTINGS_FILE=str(Path(cfg["data_dir"]) / "no-settings.toml"),
        **OFFLINE_ENV,
    )
    if cfg.get("chroma_host"):
        env["ASSISTANT_CHROMA_HOST"] = cfg["chroma_host"]
        env["ASSISTANT_CHROMA_PORT"] = str(cfg.get("chroma_port") or 8000)
    return env


def cli_command() -> list[str]:
    script = Path(sys.executable).parent / "assistant"
    return [str(script)] if script.exists() else [sys.executable, "-m", "assistant.app.cli"]


def _ingest_stages(seconds: dict[str, float], embed_s: float) -> dict[str, float]:
    """IngestReport.seconds split further: 'embed+store' into embed and the Chroma write."""
    stages = {
        "load": seconds.get("load", 0.0),
        "clean": seconds.get("clean", 0.0),
        "chunk": seconds.get("chunk", 0.0),
        "embed": embed_s,
        "store": max(0.0, seconds.get("embed+store", 0.0) - embed_s),
        "cleanup": seconds.get("store", 0.0),  # vanished-file check over the whole store
        "lexical": seconds.get("lexical", 0.0),
    }
    known = {"load", "clean", "chunk", "embed+store", "store", "lexical"}
    stages.update({k: v for k, v in seconds.items() if k not in known})  # e.g. sentences
    return {k: round(v, 3) for k, v in stages.items()}


def phase_ingest(cfg: dict[str, Any]) -> dict[str, Any]:
    """Fresh ingest, then re-ingest unchanged, then one document changed (and restored)."""

    settings = _settings(cfg)
    out: dict[str, Any] = {}
    with PeakRSS() as rss:
        t0 = time.perf_counter()
        assistant = Assistant(settings)
        every = EmbedMeter(assistant.embeddings)
        meter = meter_chunks(assistant)
        report = assistant.ingest(rebuild=bool(settings.chroma.host))
        wall = time.perf_counter() - t0
    chunks = assistant.store.count()
    out["documents"] = report.files_seen
    out["chunks"] = chunks
    out["model_id"] = assistant.embeddings.model_id
    out["failures"] = report.failures
    out["ingest"] = {
        "seconds_total": round(wall, 3),
        "stages": _ingest_stages(report.seconds, meter.seconds),
        "setup_s": round(wall - sum(report.seconds.values()), 3),
        "chunks_embedded": meter.texts,
        "other_texts_embedded": every.texts - meter.texts,  # e.g. the answerer's sentences
        "other_embed_s": round(every.seconds - meter.seconds, 3),
        "chunks_per_s": round(chunks / wall, 1) if wall else None,
        "embed_chunks_per_s": round(meter.texts / meter.seconds, 1) if meter.seconds else None,
        "embed_sentences_per_s": (
            round((every.texts - meter.texts) / (every.seconds - meter.seconds), 1)
            if every.seconds > meter.seconds
            else None
        ),
        "peak_rss_mb": rss.peak_mb,
        "ru_maxrss_mb": ru_maxrss_mb(),
    }

    meter.reset()
    every.reset()
    t0 = time.perf_counter()
    again = assistant.ingest()
    out["reingest_unchanged"] = {
        "in_process_s": round(time.perf_counter() - t0, 3),
        "chunks_embedded": meter.texts,
        "other_texts_embedded": every.texts - meter.texts,
        "files_unchanged": again.files_unchanged,
        "stages": {k: round(v, 3) for k, v in again.seconds.items()},
    }

    out["reingest_one_changed"] = _one_changed(assistant, meter, every, settings)
    return out


def _change_one(path: Path) -> str:
    """Changes the digits of one line in the middle of the document; returns the old text."""
    original = path.read_text(encoding="utf-8")
    lines = original.split("\n")
    candidates = [i for i, line in enumerate(lines) if any(c.isdigit() for c in line) and len(line) > 30]
    i = candidates[len(candidates) // 2] if candidates else len(lines) // 2
    lines[i] = "".join(str((int(c) + 3) % 10) if c.isdigit() else c for c in lines[i]) + " (gewijzigd)"
    path.write_text("\n".join(lines), encoding="utf-8")
    return original


def _one_changed(assistant, meter: EmbedMeter, every: EmbedMeter, settings) -> dict[str, Any]:

    path = source_files(settings)[0]
    doc_chunks = len(assistant.store.ids_for_doc(path.name))
    original = _change_one(path)
    try:
        meter.reset()
        every.reset()
        t0 = time.perf_counter()
        report = assistant.ingest()
        seconds = time.perf_counter() - t0
        embedded = meter.texts
        others = every.texts - meter.texts
    finally:
        path.write_text(original, encoding="utf-8")
    meter.reset()
    t0 = time.perf_counter()
    restore = assistant.ingest()
    return {
        "doc": path.name,
        "doc_chunks": doc_chunks,
        "seconds": round(seconds, 3),
        "stages": {k: round(v, 3) for k, v in report.seconds.items()},
        "files_indexed": report.files_indexed,
        "files_unchanged": report.files_unchanged,
        "chunks_embedded": embedded,
        "other_texts_embedded": others,
        "chunks_added": report.chunks_added,
        "chunks_removed": report.chunks_removed,
        "chunks_skipped": report.chunks_skipped,
        "only_that_doc": report.files_indexed == 1 and 0 < embedded <= doc_chunks,
        "restore_s": round(time.perf_counter() - t0, 3),
        "restore_chunks_embedded": meter.texts,
        "restore_files_indexed": restore.files_indexed,
    }


def phase_serve(cfg: dict[str, Any]) -> dict[str, Any]:
    """A process that only answers: first answer, then warm latency per stage, and its memory."""

    questions = cfg["questions"]
    with PeakRSS() as rss:
        t0 = time.perf_counter()
        assistant = Assistant(_settings(cfg))
        first = assistant.ask(questions[0]["question"])
        first_s = time.perf_counter() - t0
        # as the web chat does at its start, in the background: its passages read ahead
        read_ahead_in_background(assistant.lexical.by_id.values()).join()
        for q in cfg.get("warmup") or questions[:5]:  # warm-up, with other questions if there are
            assistant.ask(q["question"])
        timings: dict[str, list[float]] = {s: [] for s in STAGES}
        abstained = 0
        for q in questions:
            answer = assistant.ask(q["question"])
            abstained += answer.abstained
            t = answer.timings_ms
            for stage in STAGES:
                key = stage if stage in ("answer", "total") else f"retrieve_{stage}"
                timings[stage].append(float(t.get(key, 0.0)))
        filtered: list[float] = []
        for q in [q for q in questions if q["docs"]][:30]:
            _forget_questions(assistant)  # these questions were asked above: no cached vectors
            filtered.append(assistant.ask(q["question"], docs=set(q["docs"])).timings_ms["total"])
        briefs = debate_brief_ms(assistant, cfg.get("debate_topics") or [])
    return {
        "brief_ms": briefs,
        "questions": len(questions),
        "abstained": abstained,
        "first_answer_in_process_s": round(first_s, 3),
        "first_answer_abstained": first.abstained,
        "stages_ms": {s: percentiles(v) for s, v in timings.items()},
        "filtered_total_ms": {**percentiles(filtered), "questions": len(filtered)},
        "peak_rss_mb": rss.peak_mb,
        "ru_maxrss_mb": ru_maxrss_mb(),
    }


def _forget_questions(assistant) -> None:
    """Drops remembered question vectors (of the embedder and of the answerer's sentence scoring)."""
    assistant.forget_questions()


def phase_throughput(cfg: dict[str, Any]) -> dict[str, Any]:
    """Chunks per second of the packaged e5 model and of a sentence-transformers model."""

    settings = _settings(cfg)
    catalog = Catalog.load(settings.catalog_path)
    texts: list[str] = []
    for path in source_files(settings):
        loaded = load_file(path)
        texts.extend(c.text for c in chunk_document(build_document(loaded, catalog.info(path.name))))
    step = max(1, len(texts) // cfg["n"])
    sample = texts[::step][: cfg["n"]]
    tokens = sum(count_tokens(t) for t in sample) / max(len(sample), 1)
    out: dict[str, Any] = {"chunks": len(sample), "mean_tokens": round(tokens, 1)}

    def measure(make) -> dict[str, Any]:
        t0 = time.perf_counter()
        model = make()
        load_s = time.perf_counter() - t0
        model.embed_documents(sample[:4])  # warm-up
        t0 = time.perf_counter()
        model.embed_documents(sample)
        seconds = time.perf_counter() - t0
        queries = cfg.get("queries") or [t[:200] for t in sample[:10]]
        for q in queries[:3]:  # warm-up: the first calls of a fresh model are slow
            model._embed([q + " ?"], True)
        times = []
        for q in queries:
            q0 = time.perf_counter()
            model._embed([q], True)  # not embed_query: that remembers recent questions
            times.append((time.perf_counter() - q0) * 1000)
        query_ms = sorted(times)[len(times) // 2]
        by_batch = {}
        for size in cfg.get("batch_sizes") or []:  # the same chunks in other batch sizes
            model.batch_size = size
            b0 = time.perf_counter()
            model.embed_documents(sample)
            by_batch[str(size)] = round(len(sample) / (time.perf_counter() - b0), 2)
        return {
            "model": model.model_id,
            "batch_size": settings.embed_batch_size,
            "chunks_per_s_by_batch_size": by_batch,
            "dim": getattr(model, "dim", None),
            "load_s": round(load_s, 2),
            "chunks_per_s": round(len(sample) / seconds, 2),
            "query_ms": round(query_ms, 1),
        }

    out["e5"] = measure(lambda: E5Embeddings(batch_size=settings.embed_batch_size))
    cfg = {**cfg, "batch_sizes": []}
    st = cfg.get("st_model")
    if st:
        try:
            import torch  # about 6 s (importtime): only when a sentence-transformers model is measured

            device = "cuda" if torch.cuda.is_available() else "cpu"
            out["st"] = {
                **measure(lambda: SentenceTransformerEmbeddings(st, batch_size=settings.embed_batch_size)),
                "path": st,
                "device": device,
                "torch_threads": torch.get_num_threads(),
            }
        except Exception as exc:  # report, do not fail the benchmark
            out["st"] = {"error": f"{type(exc).__name__}: {exc}", "path": st}
    return out


def phase_embed_sample(cfg: dict[str, Any]) -> dict[str, Any]:
    """Embedding throughput of the real embedder on a fixed sample of a (scaled) corpus, and
    the time embedding all of its chunks and sentences would take (a projection, said so)."""
    settings = _settings(cfg)
    catalog = Catalog.load(settings.catalog_path)
    chunks: list[str] = []
    for path in source_files(settings):
        chunks.extend(
            c.text for c in chunk_document(build_document(load_file(path), catalog.info(path.name)))
        )
    sentences = list({sentence_key(s): s for c in chunks for s in split_sentences(c)}.values())
    n = cfg["n"]
    full = n <= 0
    chunk_sample = chunks if full else chunks[:: max(1, len(chunks) // n)][:n]
    sentence_sample = sentences if full else sentences[:: max(1, len(sentences) // (4 * n))][: 4 * n]
    model = make_embeddings(cfg["sample_embeddings"], settings.embed_batch_size)
    model.embed_documents(chunk_sample[:2])  # warm-up
    t0 = time.perf_counter()
    model.embed_documents(chunk_sample)
    chunk_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    model.embed_documents(sentence_sample)
    sentence_s = time.perf_counter() - t0
    cps = len(chunk_sample) / chunk_s
    sps = len(sentence_sample) / sentence_s
    return {
        "embedder": model.model_id,
        "how": "all chunks and sentences embedded" if full else "projected from a fixed sample",
        "chunks": len(chunks),
        "unique_sentences": len(sentences),
        "sample_chunks": len(chunk_sample),
        "sample_sentences": len(sentence_sample),
        "chunks_per_s": round(cps, 2),
        "sentences_per_s": round(sps, 2),
        "embed_chunks_s": round(len(chunks) / cps, 1),
        "embed_sentences_s": round(len(sentences) / sps, 1),
        "loadavg": round(os.getloadavg()[0], 2),
    }


def project_embedding(sample: dict[str, Any], factor: float) -> dict[str, Any]:
    """Embedding time of a corpus ``factor`` times the sampled one, at the sampled rates."""
    chunks = sample["chunks"] * factor
    sentences = sample["unique_sentences"] * factor
    seconds = chunks / sample["chunks_per_s"] + sentences / sample["sentences_per_s"]
    return {"chunks": round(chunks), "sentences": round(sentences), "embed_s": round(seconds, 0)}


PHASES = {
    "ingest": phase_ingest,
    "serve": phase_serve,
    "throughput": phase_throughput,
    "embed_sample": phase_embed_sample,
}


def run_phase(name: str, cfg: dict[str, Any], in_process: bool, timeout: float = 3600) -> dict[str, Any]:
    if in_process:
        return PHASES[name](cfg)
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        cfg_path, out_path = Path(tmp) / "cfg.json", Path(tmp) / "out.json"
        cfg_path.write_text(json.dumps(cfg, default=str), encoding="utf-8")
        proc = subprocess.run(
            [sys.executable, "-m", "assistant.bench.phases", "--phase", name, str(cfg_path), str(out_path)],
            env=child_env(cfg),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if proc.returncode != 0 or not out_path.exists():
            raise RuntimeError(f"bench phase {name} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
        return json.loads(out_path.read_text(encoding="utf-8"))


def _main(argv: list[str]) -> int:
    """Worker entry: ``python -m assistant.bench.phases --phase NAME CONFIG.json OUT.json``."""
    if len(argv) != 4 or argv[0] != "--phase":
        print(
            "usage: python -m assistant.bench.phases --phase ingest|serve|throughput|embed_sample CONFIG.json OUT.json",
            file=sys.stderr,
        )
        return 2
    name, cfg_path, out_path = argv[1], Path(argv[2]), Path(argv[3])
    cfg = json.loads(cfg_path.read_text(encoding="utf-8"))
    result = PHASES[name](cfg)
    out_path.write_text(json.dumps(result, ensure_ascii=False, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    configure_offline()
    sys.exit(_main(sys.argv[1:]))
